"""Commentary notes and the citations in them.

``{annotation} BP-N12`` is a commentary note of witness ``BP``; inside it,
``{ed:cite}`UNGA, 2016d, paras. 33–35``` cites as the witness does. While the
note is parsed, each citation is read (:mod:`.citations`), its label looked up
in the witness's own table (``sources.toml``), the key in ``refs.bib``, and the
key's ``siglum`` in the registry; a bare ``(para. 54)`` binds to the last work
cited explicitly before it in the same note. What can only be known once every
page is read (does ``BMS6-121`` exist?) is checked in :func:`check_citations`,
which also turns each resolved citation into a ``discusses`` link from the
note, and each ``:claims:`` line into a typed link backed by the note.

Records live in ``env.poa_edition`` (per document, merged after parallel reads).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx_needs.api import InvalidNeedException, add_need
from sphinx_needs.need_item import NeedLink

from . import nodes as ed
from .citations import Citation, CitationError, in_annex, parse
from .ids import sort_key
from .report import warn
from .state import edition_of, per_build, remember

NOTE = "poa_edition:note"  # temp_data: the note being parsed
NOTE_ID = re.compile(r"(?P<witness>[A-Z][A-Z0-9]*)-N(?P<num>[1-9][0-9]*)\Z")


# -- records (pickled with the environment) ------------------------------------


@dataclass(slots=True)
class CiteRecord:
    """One work cited in one citation, resolved as far as reading allows."""

    docname: str
    lineno: int
    note: str
    witness: str
    text: str  # the whole citation as written
    label: str  # "UNGA 2016d" (the bound label for a continuation)
    bibkey: str | None  # None: the work did not resolve (already reported)
    siglum: str | None
    ids: tuple[str, ...]  # paragraph IDs the locators name
    other: tuple[str, ...]


@dataclass(slots=True)
class Claim:
    """``BMS6-38 develops POA-II.18``, made by a note."""

    docname: str
    lineno: int
    note: str
    source: str
    link_type: str
    targets: tuple[str, ...]


@dataclass(slots=True)
class Failure:
    """A citation (or part) that did not resolve; already reported as a warning."""

    docname: str
    lineno: int
    text: str
    problem: str
    siglum: str | None = None


@dataclass(slots=True)
class DocRecords:
    cites: list[CiteRecord] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def records(env: BuildEnvironment) -> dict[str, DocRecords]:
    if not hasattr(env, "poa_edition"):
        env.poa_edition = {}
    return env.poa_edition


def doc_records(env: BuildEnvironment) -> DocRecords:
    """The records of the document being read."""
    return records(env).setdefault(env.docname, DocRecords())


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    records(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine = records(env)
    for docname, recs in records(other).items():
        if docname in docnames:
            mine[docname] = recs


# -- the note being parsed -----------------------------------------------------


@dataclass(slots=True)
class NoteContext:
    note: str
    witness: str
    last_work: tuple[str, str | None, str | None] | None = None  # label, bibkey, siglum
    last_annex: str | None = None  # annex of the last explicit citation, for continuations


class AnnotationDirective(SphinxDirective):
    """``:::{annotation} BP-N12`` — a commentary note of witness BP."""

    required_arguments = 1
    has_content = True
    option_spec = {
        "place": lambda v: " ".join((v or "").split()),
        "claims": lambda v: v or "",
    }

    def run(self) -> list[nodes.Node]:
        edition = edition_of(self.env.app)
        note_id = self.arguments[0]
        m = NOTE_ID.match(note_id)
        if not m:
            warn(f"commentary note ID {note_id!r} must be WITNESS-N<number>, e.g. BP-N12",
                 "id", self.get_location())
            return []
        witness = edition.witnesses.get(m["witness"])
        if witness is None:
            warn(f"{note_id!r}: unknown witness {m['witness']!r}; known: "
                 f"{', '.join(sorted(edition.witnesses))}", "id", self.get_location())
            return []
        if not self.content:
            warn(f"{note_id!r}: a commentary note needs text", "citation", self.get_location())
            return []

        if NOTE in self.env.temp_data:
            warn(f"{note_id!r}: notes do not nest", "citation", self.get_location())
            return []
        context = NoteContext(note_id, witness.siglum)
        self.env.temp_data[NOTE] = context
        body = nodes.container(classes=["ed-body"])
        try:
            self.state.nested_parse(self.content, self.content_offset, body)
        finally:
            del self.env.temp_data[NOTE]

        place = self.options.get("place", "")
        try:
            need_nodes = add_need(
                self.env.app, self.state, self.env.docname, self.lineno,
                need_type="commentary",
                title=f"{witness.short}{', ' + place if place else ''}",
                id=note_id,
                hide=True,
                siglum=witness.siglum,
                locator=f"N{m['num']}",
                summary="",
                attestation="",
                wording="",
            )
        except InvalidNeedException as err:
            warn(f"{note_id!r}: {err.message}", "id", self.get_location())
            return []
        self._claims(note_id)

        block = ed.para_block(classes=["ed-para", "ed-commentary"], ids=[note_id])
        block.source, block.line = self.get_source_info()
        block += ed.para_number(m["num"], m["num"], target=note_id)
        body.insert(0, ed.credit(witness, place, classes=("ed-note-source",)))
        ed.close_block(block, body, note_id)
        return [*need_nodes, block]

    def _claims(self, note_id: str) -> None:
        text = self.options.get("claims", "")
        link_types = edition_of(self.env.app).link_types
        for part in filter(None, (p.strip() for p in text.split(";"))):
            m = re.fullmatch(r"(\S+)\s+([a-z_]+)\s+(.+)", part)
            if not m:
                warn(f"{note_id!r}: cannot read claim {part!r}; write "
                     "'BMS6-38 develops POA-II.18'", "link", self.get_location())
                continue
            source, link, targets = m[1], m[2], tuple(re.split(r"[,\s]+", m[3].strip()))
            lt = link_types.get(link)
            if lt is None or lt.automatic:
                names = ", ".join(n for n, t in link_types.items() if not t.automatic)
                warn(f"{note_id!r}: unknown link type {link!r} in claim {part!r}; "
                     f"one of: {names}", "link", self.get_location())
                continue
            doc_records(self.env).claims.append(
                Claim(self.env.docname, self.lineno, note_id, source, link, targets))


class CiteRole(SphinxRole):
    """``{ed:cite}`UNGA, 2016d, paras. 33–35``` inside a commentary note."""

    def fail(self, message: str, text: str, siglum: str | None = None) -> None:
        warn(message, "citation", self.get_location())
        doc_records(self.env).failures.append(
            Failure(self.env.docname, self.lineno, text, message, siglum))

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = " ".join(self.text.split())
        wrapper = nodes.inline(classes=["ed-cite"])
        context: NoteContext | None = self.env.temp_data.get(NOTE)
        if context is None:
            self.fail(f"citation {text!r} outside a commentary note: its labels belong to "
                      "no witness", text)
            return [nodes.inline(text, text)], []
        try:
            citation = parse(text)
        except CitationError as err:
            self.fail(f"cannot read citation {text!r}: {err.message}", text)
            return [nodes.inline(text, text, classes=["ed-cite", "ed-dead"])], []
        annexes = [self._annex(g, context) for g in citation.groups]
        resolved = self._resolve(citation, context, annexes)
        for piece in citation.pieces:
            group = resolved[piece.group] if piece.group >= 0 else None
            if piece.kind == "work" and group and group.bibkey:
                wrapper += ed.cite_target(piece.text, piece.text, kind="bib", target=group.bibkey)
            elif piece.kind == "locator" and group and group.siglum:
                ref = f"{group.siglum}-{in_annex(piece.targets[0], annexes[piece.group])}"
                wrapper += ed.cite_target(piece.text, piece.text, kind="para", target=ref)
            else:
                wrapper += nodes.Text(piece.text)
        return [wrapper], []

    @staticmethod
    def _annex(group, context: NoteContext) -> str | None:
        """The annex a continuation stays in; None for an explicit citation
        (its locators carry their annex already)."""
        if group.is_continuation:
            return None if group.annex else context.last_annex
        context.last_annex = group.annex
        return None

    def _resolve(self, citation: Citation, context: NoteContext,
                 annexes: list[str | None]) -> list[CiteRecord | None]:
        edition = edition_of(self.env.app)
        witness = edition.witnesses[context.witness]
        entries = _bib_entries(self.env)
        out: list[CiteRecord | None] = []
        lineno = self.lineno
        for group, annex in zip(citation.groups, annexes, strict=True):
            if group.is_continuation:
                if context.last_work is None:
                    self.fail(f"continuation {citation.text!r} has no work cited before it in "
                              f"note {context.note}; cite the work explicitly", citation.text)
                    out.append(None)
                    continue
                label, bibkey, siglum = context.last_work
            else:
                label = group.label
                bibkey = witness.labels.get(label)
                siglum = None
                if bibkey is None:
                    near = difflib.get_close_matches(label, list(witness.labels), n=3, cutoff=0.6)
                    hint = f"; nearest: {', '.join(near)}" if near else ""
                    self.fail(f"label {label!r} is not in the table of witness {witness.siglum} "
                              f"(sources.toml [{witness.siglum}.labels]){hint}", citation.text)
                elif bibkey not in entries:
                    self.fail(f"label {label!r} of {witness.siglum} names {bibkey!r}, which is "
                              "not in refs.bib", citation.text)
                    bibkey = None
                else:
                    siglum = entries[bibkey]
                context.last_work = (label, bibkey, siglum)
            if bibkey is None:
                out.append(None)
                continue
            if group.locators and siglum is None:
                self.fail(f"{label} ({bibkey}) is cited by paragraph but is no registered "
                          "document: give its refs.bib entry a siglum", citation.text)
                out.append(None)
                continue
            if siglum is not None and siglum not in edition.documents:
                self.fail(f"refs.bib entry {bibkey!r} names siglum {siglum!r}, which is not "
                          "in documents.toml", citation.text)
                out.append(None)
                continue
            record = CiteRecord(
                self.env.docname, lineno, context.note, context.witness, citation.text, label,
                bibkey, siglum,
                tuple(f"{siglum}-{in_annex(loc, annex)}" for loc in group.locators),
                group.other,
            )
            doc_records(self.env).cites.append(record)
            out.append(record)
        return out


def _bib_entries(env: BuildEnvironment) -> dict[str, str | None]:
    """refs.bib key -> its ``siglum`` field (None without one), once per build."""
    def read() -> dict[str, str | None]:
        entries = env.get_domain("cite").bibdata.data.entries
        return {key: entry.fields.get("siglum") or None for key, entry in entries.items()}

    return per_build(env.app, "bib_entries", read)


# -- after reading: resolve IDs, add links ---------------------------------------


def check_citations(app: Sphinx, needs: Any) -> None:
    """``needs-before-post-processing``: every cited ID must exist; resolved
    citations become ``discusses`` links, claims become typed links."""
    env = app.env
    edition = edition_of(app)
    discusses: dict[str, list[str]] = {}
    late: list[Failure] = []
    remember(app, "late_failures", late)  # for the report
    for docname in sorted(records(env)):
        recs = records(env)[docname]
        for rec in recs.cites:
            for need_id in rec.ids:
                if need_id in needs:
                    seen = discusses.setdefault(rec.note, [])
                    if need_id not in seen:
                        seen.append(need_id)
                else:
                    problem = _missing(need_id, rec.siglum, needs, edition)
                    warn(f"{problem} (in {rec.text!r})", "citation", (rec.docname, rec.lineno))
                    late.append(Failure(rec.docname, rec.lineno, rec.text, problem, rec.siglum))
        for claim in recs.claims:
            _apply_claim(claim, needs, edition)
    for note, targets in discusses.items():
        if note in needs:
            needs[note]["discusses"] = [NeedLink(id=t) for t in targets]


def _apply_claim(claim: Claim, needs: Any, edition) -> None:
    where = (claim.docname, claim.lineno)
    lt = edition.link_types[claim.link_type]
    source = needs.get(claim.source)
    if source is None:
        warn(f"{claim.note}: claim on {claim.source!r}, which does not exist", "link", where)
        return
    if source["type"] not in lt.sources:
        warn(f"{claim.note}: a {source['type']} need cannot {lt.outgoing!r} anything "
             f"({claim.source})", "link", where)
        return
    links = list(source.get_links(claim.link_type, as_str=False))
    for target in claim.targets:
        if target not in needs:
            warn(f"{claim.note}: claim {claim.source} {claim.link_type} {target}: "
                 f"{target} does not exist", "link", where)
        elif target not in (li.id for li in links):
            links.append(NeedLink(id=target))
    source[claim.link_type] = links


def _missing(need_id: str, siglum: str | None, needs: Any, edition) -> str:
    """Why ``need_id`` does not resolve, with what does exist nearby."""
    prefix = f"{siglum}-"
    known = sorted((i for i in needs if i.startswith(prefix)), key=lambda i: sort_key(i))
    locator = need_id[len(prefix):]
    if locator.startswith("S"):
        sections = [i[len(prefix):] for i in known if i[len(prefix):].startswith("S")]
        if sections:
            return f"{need_id} does not exist: {siglum} has sections {', '.join(sections)}"
    m = re.match(r"(\d+)[a-z]", locator)
    if m and f"{prefix}{m[1]}" in needs:
        subs = [i[len(prefix):] for i in known
                if re.fullmatch(rf"{m[1]}[a-z].*", i[len(prefix):])]
        has = f"subparagraphs {', '.join(subs)}" if subs else "no subparagraphs"
        return f"{need_id} does not exist: {prefix}{m[1]} has {has}"
    doc = edition.documents.get(siglum or "")
    if doc and doc.extent:
        bounds = re.search(r"(\d+)\s*[–-]\s*(\d+)", doc.extent)
        number = re.match(r"\d+", locator)
        if bounds and number and int(bounds[1]) <= int(number[0]) <= int(bounds[2]):
            return (f"{need_id} is not in the edition, though {siglum} has {doc.extent}: "
                    "add the paragraph, or correct the citation")
        return f"{need_id} does not exist: {siglum} has {doc.extent}"
    near = difflib.get_close_matches(need_id, known, n=3, cutoff=0.6)
    return f"{need_id} does not exist in the edition" + (f"; nearest: {', '.join(near)}" if near else "")


def claims_by_link(env: BuildEnvironment) -> dict[tuple[str, str, str], list[str]]:
    """(source, link type, target) -> the notes that make the claim."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for recs in records(env).values():
        for claim in recs.claims:
            for target in claim.targets:
                out.setdefault((claim.source, claim.link_type, target), []).append(claim.note)
    return out
