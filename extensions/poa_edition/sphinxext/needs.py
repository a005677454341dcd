"""The edition's objects as sphinx-needs items, through its public API only.

sphinx-needs is the traceability layer and the machine-readable export
(``needs.json``); the ``ed`` domain is the model. This module is the one
place that talks to sphinx-needs:

- :func:`configure` derives ``needs_types``, ``needs_links`` and
  ``needs_fields`` from the edition's data (``model.toml``);
- :func:`add` records an object with ``sphinx_needs.api.add_need``;
- :func:`extend` adds a note's claimed links to their source paragraph with
  sphinx-needs' own ``needextend`` directive;
- ``needs.json`` is written by sphinx-needs' own writer (``needs_build_json``).

Only ``sphinx_needs.api`` is imported; the directive ``needextend`` is
sphinx-needs' documented directive, looked up by its name.

IDs: sphinx-needs reads ``X.Y`` in a link as part ``Y`` of need ``X``, so a
need's ID is the public ID with each ``.`` written ``_`` (``POA-II.18`` is
need ``POA-II_18``; :func:`.ids.to_need_id`); the public ID is the need's
``public_id`` field. The edition's IDs never contain ``_``, so the mapping is
lossless, and ``needimport`` reads the export back as it is. Dead links are
allowed here because the edition reports them itself, located and typed
(:mod:`.consistency`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import InvalidNeedException, add_need

from .diagnostics import warn
from ..model.ids import NEED_ID_PATTERN, to_need_id
from ..model.records import Claim, EdObject
from ..model.registry import Edition
from .state import app_of, edition_of

#: extra need fields, as needs.json carries them
FIELDS = {
    "public_id": "The ID as scholars cite it (POA-II.18); the need ID writes its dots as _.",
    "siglum": "The document's siglum (BMS6, POA, ...), or the witness's for a note.",
    "locator": "The paragraph locator within the document (38, II.18, SIII.B, N12).",
    "attestation": ("official | whole | fragmentary | joint | lacuna: the official text is in "
                    "(edition import), or how much wording the witnesses quote (joint: group "
                    "fragments only, words one witness cites to it together with other "
                    "paragraphs; not several witnesses agreeing)."),
    "summary": "One-line editorial summary, where the sources describe the content.",
    "wording": ("The attested wording with its witnesses (verbatim); a group fragment names the "
                "other paragraphs and the witness's words for the grouping."),
    "withdrawn": "Why the paragraph was withdrawn; empty while it stands.",
    "official_text": ("The official text (edition import), with the subparagraphs shown in it; "
                      "empty until the document's official text is in the edition."),
}


def configure(config: Config, edition: Edition) -> None:
    config.needs_types = [
        {"directive": t.name, "title": t.title, "prefix": "", "color": "", "style": "node"}
        for t in edition.need_types.values()
    ]
    config.needs_links = {
        lt.name: {
            "outgoing": lt.outgoing,
            "incoming": lt.incoming,
            "description": lt.description,
            "target_types": list(lt.targets),
            "allow_dead_links": True,
        }
        for lt in edition.link_types.values()
    }
    config.needs_fields = {name: {"description": d, "nullable": True} for name, d in FIELDS.items()}
    config.needs_id_regex = NEED_ID_PATTERN
    config.needs_id_required = True
    config.needs_reproducible_json = True
    # needs.json is written by sphinx-needs itself, from the needs recorded
    # here (the same fields as edition.json: outputs/modelfile.py)
    config.needs_build_json = True
    # the edition validates its own model; sphinx-needs' schema report carries
    # timings, which would make two builds of the same text differ
    config.needs_schema_validation_enabled = False
    # the edition's own needextends (claims) may name a paragraph that does
    # not exist; the edition reports that itself, located and typed
    if "needs.needextend" not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, "needs.needextend"]


def add(directive: SphinxDirective, obj: EdObject, links: dict[str, Iterable[str]],
        **fields: Any) -> list[nodes.Node]:
    """Record ``obj`` as a hidden need (the edition draws its own layout).

    At the least cost ``add_need`` allows (measured on the ``make bench``
    corpus, benchmarks/RESULTS.md): every value is passed already typed, so
    ``allow_type_coercion=False`` spares sphinx-needs parsing each string
    for dynamic functions and variants (the edition's text is data, never a
    function call), and every link type of the model is passed, empty if
    need be, so none takes a copy of its default. The need is the same."""
    env = directive.env
    own = {name: [] for name in edition_of(env).link_types}
    own.update((k, [to_need_id(t) for t in v]) for k, v in links.items())
    try:
        return add_need(
            app_of(env), directive.state, env.docname, directive.lineno,
            need_type=obj.need_type,
            title=obj.title,
            id=to_need_id(obj.id),
            hide=True,
            public_id=obj.id,
            siglum=obj.siglum,
            locator=obj.locator,
            attestation=obj.attestation,
            summary=obj.summary,
            withdrawn=obj.withdrawn,
            allow_type_coercion=False,
            **own,
            **fields,
        )
    except InvalidNeedException as err:
        warn(f"{obj.id!r}: {err.message}", "id", directive.get_location())
        return []


def _allowed(claim: Claim, edition: Edition) -> Claim:
    lt = edition.link_types[claim.link_type]
    if edition.need_type_of(claim.source) not in lt.sources:
        return replace(claim, targets=())
    return replace(claim, targets=tuple(
        t for t in claim.targets if t != claim.source and edition.need_type_of(t) in lt.targets))


def extend(directive: SphinxDirective, claims: list[Claim], edition: Edition) -> list[nodes.Node]:
    """Add each claimed link to its source need, with ``needextend``. Links the
    model does not allow (by the types of their ends) are left out: the edition
    reports them (:mod:`.consistency`)."""
    claims = [_allowed(c, edition) for c in claims]
    claims = [c for c in claims if c.targets]
    if not claims:
        return []
    cls, _ = directives.directive("needextend", directive.state.memo.language,
                                  directive.state.document)
    out: list[nodes.Node] = []
    for claim in claims:
        options = {
            f"+{claim.link_type}": ", ".join(to_need_id(t) for t in claim.targets),
            "strict": "false",  # a missing source is the edition's to report
        }
        ext = cls("needextend", [f"<{to_need_id(claim.source)}>"], options, [], directive.lineno,
                  directive.content_offset, "", directive.state, directive.state_machine)
        out.extend(ext.run())
    return out
