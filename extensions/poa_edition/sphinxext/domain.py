"""The ``ed`` domain: it owns the edition's model.

Shaped like sphinxcontrib-bibtex's domain. While a document is read, the
directives and roles add its records (:mod:`.records`) to the domain's data:
the paragraphs, sections and notes it defines, the citations and claims its
notes make, the references it makes to IDs, and the failures found reading
it. ``clear_doc`` forgets a document, ``merge_domaindata`` takes a parallel
reader's documents. From these records alone the domain

- resolves ``{ed:p}``, citation locators and cited works (``resolve_xref``,
  ``resolve_any_xref``): references are ``pending_xref`` nodes;
- publishes every paragraph, section and note under its ID (``get_objects``),
  so ``objects.inv`` carries them and the search index knows them;
- checks what needs the whole edition on every build (``check_consistency``);
- tells Sphinx which pages must be written again because their links,
  back-links or references changed (:meth:`EditionDomain.changed_docs`), and
  which files must be read again because refs.bib now routes a cited work to
  another document (:meth:`EditionDomain.outdated_for_bib`).
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from . import bib, diagnostics
from ..model import consistency
from ..model.registry import DataError
from .diagnostics import logger, warn
from .idindex import IdIndex
from ..model.linkgraph import LinkGraph, coverage
from ..model.records import NOTE, PARAGRAPH, SECTION, DocRecords, EdObject, Problem, Reference
from .roles import CiteRole, LabelRole
from .state import edition_of, per_build
from .suspicion import suspect_marks

#: what a page that shows the timeline records among its tables (outputs/pictures.py)
TIMELINE = "timeline"

#: reference types the domain resolves: a paragraph by ID ({ed:p}, link lists),
#: a citation's locator (an ID), a cited work (a refs.bib key)
PARA_TYPES = ("p", "loc")
WORK = "work"
#: a page of the edition by its document name (the timeline's ``page``)
PAGE = "page"


class ParagraphRole(XRefRole):
    """``{ed:p}`BMS6-38``` (or ``{ed:p}`paragraph 38 <BMS6-38>```): records the
    reference, so it is checked on every build."""

    def result_nodes(self, document: nodes.document, env: BuildEnvironment, node: nodes.Element,
                     is_ref: bool) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain: EditionDomain = env.get_domain("ed")  # type: ignore[assignment]
        domain.records(env.docname).refs.append(
            Reference(env.docname, self.lineno, node["reftarget"]))
        return [node], []


class EditionDomain(Domain):
    name = "ed"
    label = "Edition"
    object_types = {
        PARAGRAPH: ObjType("paragraph", "p"),
        SECTION: ObjType("section", "p"),
        NOTE: ObjType("commentary note", "p"),
    }
    roles = {"p": ParagraphRole(), "cite": CiteRole(), "label": LabelRole()}
    indices = [IdIndex]  # ed-ids.html, the index of IDs
    initial_data: dict[str, Any] = {
        "docs": {},  # docname -> DocRecords
        "digests": {},  # docname -> digest of what its pages show from other documents
        "bibsig": "",  # digest of refs.bib's key -> siglum map when last read
    }
    data_version = 1

    # -- the data ------------------------------------------------------------

    @property
    def docs(self) -> dict[str, DocRecords]:
        return self.data["docs"]

    def records(self, docname: str) -> DocRecords:
        """The records of ``docname`` (being read), to add to."""
        self._graph = None
        return self.docs.setdefault(docname, DocRecords())

    @property
    def graph(self) -> LinkGraph:
        graph = getattr(self, "_graph", None)
        if graph is None:
            graph = self._graph = LinkGraph(self.docs, edition_of(self.env).link_types)
        return graph

    @property
    def objects(self) -> dict[str, EdObject]:
        return self.graph.objects

    def add_object(self, obj: EdObject) -> None:
        self.records(obj.docname).objects.append(obj)
        # also a standard label (Sphinx lowercases labels), so a project with
        # nothing but intersphinx can cite it: {external+bms6:ref}`BMS6-38`
        self.env.domains.standard_domain.note_hyperlink_target(
            obj.id.lower(), obj.docname, obj.id, obj.id)
        ids = getattr(self, "_ids", None)
        if ids is not None:
            ids.setdefault(obj.id, obj)

    def defined(self, obj_id: str) -> EdObject | None:
        """The first definition of ``obj_id`` read so far (for duplicate checks
        while reading)."""
        ids = getattr(self, "_ids", None)
        if ids is None:
            ids = self._ids = {}
            for docname in sorted(self.docs):
                for obj in self.docs[docname].objects:
                    ids.setdefault(obj.id, obj)
        return ids.get(obj_id)

    def clear_doc(self, docname: str) -> None:
        self._graph = self._ids = None
        self.docs.pop(docname, None)
        self.data["digests"].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        self._graph = self._ids = None
        for docname in docnames:
            if docname in otherdata["docs"]:
                self.docs[docname] = otherdata["docs"][docname]

    # -- references -------------------------------------------------------------

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: nodes.Element) -> nodes.Element | None:
        if typ == WORK:
            place = bib.entry_targets(env).get(target)
            if place is None:
                return _dead(contnode)
            ref = make_refnode(builder, fromdocname, place[0], place[1], contnode)
            ref["classes"].append("ed-cite-work")
            return ref
        if typ == PAGE:
            if target not in env.all_docs:  # reported by check_consistency, in timeline.toml
                return _dead(contnode)
            title = env.titles[target].astext() if target in env.titles else target
            return make_refnode(builder, fromdocname, target, "",
                                nodes.inline(title, title, classes=["doc"]))
        obj = self.objects.get(target)
        if obj is None:
            # reported by check_consistency, at the reference's own line
            return _dead(contnode)
        ref = make_refnode(builder, fromdocname, obj.docname, obj.id, contnode, obj.id)
        if typ == "loc":
            ref["classes"].append("ed-cite-loc")
        return ref

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: nodes.Element
                         ) -> list[tuple[str, nodes.Element]]:
        obj = self.objects.get(target)
        if obj is None:
            return []
        return [("ed:p", make_refnode(builder, fromdocname, obj.docname, obj.id, contnode,
                                      obj.title))]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for obj in self.objects.values():
            # the display name is the ID itself: Sphinx's search rebuilds an
            # object's anchor from its display name when the anchor equals the
            # name, so any other display name breaks the result's link (and
            # objects.inv stores "-"). Search results name the document through
            # the search shim (idsearch.py). Priority 1: Sphinx's default.
            yield obj.id, obj.id, obj.kind, obj.docname, obj.id, 1

    def get_full_qualified_name(self, node: nodes.Element) -> str | None:
        return node.get("reftarget")

    # -- every build -------------------------------------------------------------

    def consistency_problems(self) -> list[Problem]:
        """What the whole-edition checks find (once per build, after reading)."""
        env = self.env

        def where(docname: str, lineno: int) -> str:
            return f"{env.doc2path(docname)}:{lineno}"

        return per_build(env, "consistency_problems",
                         lambda: consistency.check(self.docs, self.graph, edition_of(env), where))

    def data_problems(self) -> list[tuple[str, str]]:
        """``(location, message)`` of what the data files name that the pages
        do not have: a timeline event's ``page`` (when a page shows the
        timeline). (``reviews.toml`` is checked by ``edition check``: a small
        project built with the edition's data lacks most of its notes.)"""
        env = self.env

        def timeline_pages() -> list[tuple[str, str]]:
            if not any(TIMELINE in r.tables for r in self.docs.values()):
                return []
            from ..model import timeline  # only for a page that shows the timeline

            path = Path(env.srcdir, env.config.edition_data, timeline.FILE)
            try:
                text = path.read_text(encoding="utf-8")
                events = timeline.load(path, tuple(edition_of(env).witnesses) or ("BP", "IB"))
            except (OSError, UnicodeDecodeError, DataError):  # the timeline's page reports it
                return []
            out = []
            for event in events:
                if event.page is None or event.page in env.found_docs:
                    continue
                close = difflib.get_close_matches(event.page, sorted(env.found_docs), 1, 0.6)
                out.append((f"{path}:{timeline.page_line(text, event)}",
                            f"event {event.id}: `page` {event.page!r} is no page of the edition"
                            + (f"; did you mean {close[0]!r}?" if close else
                               " (a document name such as \"bms6/index\")")))
            return out

        return per_build(env, "data_problems", timeline_pages)

    def check_consistency(self) -> None:
        for p in self.consistency_problems():
            if diagnostics.is_follow_on(p.message):  # one error per cause
                diagnostics.count_follow_on()
                continue
            warn(p.message, p.subtype, (p.docname, p.lineno))
        for location, message in self.data_problems():
            warn(message, "data", location)

    def problems(self) -> list[Problem]:
        """Failures found while reading, in document order."""
        return [p for d in sorted(self.docs) for p in self.docs[d].problems]

    def changed_docs(self) -> list[str]:
        """``env-get-updated``: the documents whose pages show something of
        another document that changed (a link, back-link, target or title);
        and those a whole-edition check finds a failure in, so that Sphinx,
        which checks consistency only when a page is to be written, reports
        it again in a build that reads nothing."""
        changed = sorted({p.docname for p in self.consistency_problems()})
        if self.data_problems():  # given again in a build that reads nothing
            timelines = sorted(d for d, r in self.docs.items() if TIMELINE in r.tables)
            root = self.env.config.root_doc
            changed += timelines or ([root] if root in self.docs else sorted(self.docs)[:1])
        digests = self.data["digests"]
        shared = _Shared(self)
        for docname in sorted(self.docs):
            digest = self._digest(docname, shared)
            if digests.get(docname) != digest:
                if docname in digests:  # not new: its links changed under it
                    logger.verbose("[edition] %s: links, back-links or targets changed; "
                                   "writing it again", docname)
                digests[docname] = digest
                changed.append(docname)
        return changed

    def _digest(self, docname: str, shared: _Shared) -> str:
        graph, recs = self.graph, self.docs[docname]
        parts: list[Any] = []
        place = shared.place

        for obj in recs.objects:
            for direction in (graph.outgoing(obj.id), graph.incoming(obj.id)):
                for lt, links in direction:
                    parts.append((obj.id, lt, [(place(li.other), [place(n) for n in li.notes])
                                               for li in links]))
        parts.extend(place(ref.target) for ref in recs.refs)
        marks = shared.marks
        parts.extend((obj.id, sorted((f.note, f.target) for f in marks.get(obj.id, ())))
                     for obj in recs.objects if obj.id in marks)
        if "coverage" in recs.tables:
            parts.append(shared.coverage)
        if {"lineage", "concordance"} & set(recs.tables):  # drawn from the whole graph
            parts.append(shared.whole)
        # a paragraph with a lineage links to the page that draws it
        parts.append(shared.lineage_pages)
        targets = shared.bib_targets
        parts.extend((c.bibkey, targets.get(c.bibkey)) for c in recs.cites)
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def outdated_for_bib(self) -> list[str]:
        """``env-get-outdated``: when refs.bib routes a work to another document
        (its ``siglum``), the notes citing it are read again; when a setting
        sphinxcontrib-bibtex reads into each bibliography as its page is read
        changes (the style, the headers: it declares them "html" settings,
        which re-read nothing), the pages holding a bibliography are read again."""
        out: set[str] = set()
        sig = bib.siglum_digest(self.env)
        if sig != self.data["bibsig"]:
            if self.data["bibsig"]:
                out.update(d for d, r in self.docs.items() if r.cites)
            self.data["bibsig"] = sig
        config = self.env.config
        settings = repr([getattr(config, name, None) for name in BIBLIOGRAPHY_SETTINGS])
        if settings != self.data.setdefault("bibsettings", settings):
            self.data["bibsettings"] = settings
            out.update(key.docname for key in self.env.get_domain("cite").bibliographies)
        return sorted(out)


#: sphinxcontrib-bibtex settings read into a bibliography when its page is read
BIBLIOGRAPHY_SETTINGS = ("bibtex_default_style", "bibtex_bibliography_header",
                         "bibtex_footbibliography_header", "bibtex_tooltips",
                         "bibtex_tooltips_style")


class _Shared:
    """What every document's digest draws from the whole edition, made once
    per ``changed_docs`` (not once per document), each only when asked."""

    def __init__(self, domain: EditionDomain) -> None:
        self.domain = domain
        self._places: dict[str, Any] = {}

    def place(self, obj_id: str) -> Any:
        found = self._places.get(obj_id)
        if found is None:
            obj = self.domain.graph.objects.get(obj_id)
            found = self._places[obj_id] = ((obj_id, obj.docname, obj.title) if obj
                                            else (obj_id, None))
        return found

    @cached_property
    def marks(self) -> dict[str, Any]:
        return suspect_marks(self.domain.env)

    @cached_property
    def coverage(self) -> Any:
        return coverage(self.domain.graph)

    @cached_property
    def whole(self) -> Any:
        from ..model import concordance  # only when a page shows a concordance

        return concordance.whole(self.domain.graph)

    @cached_property
    def lineage_pages(self) -> list[str]:
        return sorted(d for d, r in self.domain.docs.items() if "lineage" in r.tables)

    @cached_property
    def bib_targets(self) -> dict[str, tuple[str, str]]:
        return bib.entry_targets(self.domain.env)


def _dead(contnode: nodes.Element) -> nodes.Element:
    """Answer an unresolved reference with its text (already reported), so
    Sphinx does not report it a second time."""
    return nodes.inline("", "", contnode, classes=["ed-dead"])


def get(env: BuildEnvironment) -> EditionDomain:
    return env.get_domain("ed")  # type: ignore[return-value]


def changed_docs(app: Any, env: BuildEnvironment) -> list[str]:
    return get(env).changed_docs()


def outdated_for_bib(app: Any, env: BuildEnvironment, added: set[str], changed: set[str],
                     removed: set[str]) -> list[str]:
    return get(env).outdated_for_bib()


def setup(app: Any) -> None:
    app.connect("env-get-outdated", outdated_for_bib)
    app.connect("env-get-updated", changed_docs)
