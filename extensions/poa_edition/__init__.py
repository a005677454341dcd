"""Sphinx extensions for the annotated critical edition of the BMS6 outcome.

``extensions = ["poa_edition"]`` in ``conf.py`` is all a project needs: this
sets up MyST, sphinx-needs and sphinxcontrib-bibtex, and configures
sphinx-needs from the edition's data (``edition_data``, default ``_data`` in
the source directory).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from . import citing, gcpolicy, state
from . import nodes as ed_nodes
from .checkreport import write_report
from .citing import AnnotationDirective
from .directives import ApparatusDirective, ParaDirective, SectionDirective, WordingDirective
from .domain import EditionDomain
from .ids import ANY_ID_PATTERN
from .registry import DataError, load
from .render import RenderLinks, ResolveCitations
from .report import fatal
from .tables import LabelTable, LinkTable, SiglaTable, WitnessTable

__version__ = "0.1.0"
#: bump whenever what is pickled with the environment (doctree nodes, records,
#: need fields) changes shape: Sphinx then discards an older environment
#: instead of failing to unpickle it
ENV_VERSION = 2

STATIC = Path(__file__).parent / "static"

#: extra need fields, as needs.json carries them
FIELDS = {
    "siglum": "The document's siglum (BMS6, POA, ...).",
    "locator": "The paragraph locator within the document (38, II.18, SIII.B).",
    "attestation": "whole | fragmentary | lacuna: how much wording the witnesses quote.",
    "summary": "One-line editorial summary, where the sources describe the content.",
    "wording": "The attested wording with its witnesses (verbatim).",
}


def _configure(app: Sphinx, config: Config) -> None:
    """Load the edition data and derive the sphinx-needs configuration from it."""
    root = Path(app.srcdir, config.edition_data)
    try:
        edition = load(root)
    except DataError as err:
        where = f"{err.path}:{err.line}" if err.line else str(err.path)
        raise fatal(f"edition data: {err.message}", where) from None
    state.set_edition(app, edition)
    config.edition_data_digest = edition.digest

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
        }
        for lt in edition.link_types.values()
    }
    config.needs_fields = {name: {"description": d, "nullable": True} for name, d in FIELDS.items()}
    config.needs_id_regex = ANY_ID_PATTERN
    config.needs_id_required = True
    config.needs_build_json = True
    config.needs_reproducible_json = True
    # the edition validates its own model; sphinx-needs' schema report carries
    # timings, which would make two builds of the same text differ
    config.needs_schema_validation_enabled = False

    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    gcpolicy.setup(app)  # the collector's policy for a build: see gcpolicy.py
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_needs")
    app.setup_extension("sphinxcontrib.bibtex")

    app.add_config_value("edition_data", "_data", "env", types=(str,))
    app.add_config_value("edition_data_digest", "", "env", types=(str,))
    # before sphinx-needs reads its configuration (priority 10 and later)
    app.connect("config-inited", _configure, priority=5)

    ed_nodes.register(app)
    app.add_directive("para", ParaDirective)
    app.add_directive("section", SectionDirective)
    app.add_directive("wording", WordingDirective)
    app.add_directive("apparatus", ApparatusDirective)
    app.add_directive("edition-sigla", SiglaTable)
    app.add_directive("edition-witnesses", WitnessTable)
    app.add_directive("edition-links", LinkTable)
    app.add_directive("edition-labels", LabelTable)
    app.add_domain(EditionDomain)
    app.add_directive("annotation", AnnotationDirective)
    app.add_post_transform(RenderLinks)
    app.add_post_transform(ResolveCitations)
    app.connect("env-purge-doc", citing.purge)
    app.connect("env-merge-info", citing.merge)
    app.connect("needs-before-post-processing", citing.check_citations)
    app.connect("env-before-read-docs", state.forget)
    app.connect("build-finished", write_report)
    app.add_css_file("edition.css")

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
