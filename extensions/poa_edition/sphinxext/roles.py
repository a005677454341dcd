"""``{ed:cite}``: a citation as the witness writes it, inside a commentary note.

``{ed:cite}`UNGA, 2016d, paras. 33–35``` is read by the pure parser
(:mod:`.citeparse`); its label is looked up in the witness's own table
(``sources.toml``), the key in refs.bib and the key's ``siglum`` in the
registry; a bare ``(para. 54)`` binds to the last work cited explicitly
before it in the same note. The citation is shown exactly as written: the
work becomes a reference to its bibliography entry and each locator a
reference to its paragraph (``pending_xref`` nodes the ``ed`` domain
resolves). Whether the paragraphs exist is checked on every build from the
domain's data (:mod:`.consistency`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.util.docutils import SphinxRole

from . import bib
from .diagnostics import warn
from ..model.records import CiteRecord, Problem, Reference
from .state import edition_of

if TYPE_CHECKING:
    from ..model.citeparse import Citation

#: temp_data key: the note (or apparatus entry) being parsed, a :class:`NoteContext`
NOTE = "poa_edition:note"


@dataclass(slots=True)
class NoteContext:
    """The note (or apparatus entry: ``note`` empty) being parsed, for the
    citations in it: whose labels they use, what they cited last."""

    note: str
    witness: str
    last_work: tuple[str, str | None, str | None] | None = None  # label, bibkey, siglum
    last_annex: str | None = None  # annex of the last explicit citation, for continuations
    cited: list[str] = field(default_factory=list)  # IDs cited, in order




def xref(text: str, reftype: str, target: str, classes: list[str] | None = None) -> pending_xref:
    """A reference for the ``ed`` domain to resolve, showing ``text``."""
    inner = nodes.inline(text, text, classes=classes) if classes else nodes.Text(text)
    # attributes set as ed.with_attributes does (names shared, not copied per node)
    node = pending_xref("", inner)
    node.attributes.update(refdomain="ed", reftype=reftype, reftarget=target, refexplicit=True,
                           refwarn=False)
    return node


def unknown_label(label: str, witness, edition) -> str:
    """Why ``label`` does not resolve for ``witness``, and a fix that keeps
    each witness's labels its own: a label of the other witness's list names
    a work this witness may label differently (or not cite at all)."""
    message = (f"label {label!r} is not in the table of witness {witness.siglum} "
               f"(sources.toml [{witness.siglum}.labels])")
    for other in edition.witnesses.values():
        key = other.labels.get(label)
        if other is witness or key is None:
            continue
        own = [lab for lab, k in witness.labels.items() if k == key]
        if own:
            return (f"{message}; it is {other.siglum}'s label for {key}, which "
                    f"{witness.siglum} cites as {', '.join(own)}: cite it that way")
        return (f"{message}; it is {other.siglum}'s label for {key}, which "
                f"{witness.siglum} does not cite; a note cites only its own witness's works")
    near = difflib.get_close_matches(label, list(witness.labels), n=3, cutoff=0.6)
    return message + (f"; nearest in {witness.siglum}'s table: {', '.join(near)}" if near else "")


def not_a_document(label: str, bibkey: str, witness, edition, entries) -> str:
    """Why ``label`` (``bibkey`` in ``witness``'s list) cannot be cited by
    paragraph, and a fix that keeps each witness's labels its own: when the
    other witness's list has the same label for a registered document, the
    label was most likely used in that sense, and the fix is this witness's
    own label for that document (never a siglum for the work this witness
    means, which would register the wrong document)."""
    message = f"{label} ({bibkey}) is cited by paragraph but is no registered document"
    for other in edition.witnesses.values():
        key = other.labels.get(label)
        if other is witness or key is None or key == bibkey or entries.get(key) is None:
            continue
        sense = (f"; in {witness.siglum}'s list {label} is {bibkey}, in {other.siglum}'s it is "
                 f"{key} ({entries[key]})")
        own = [lab for lab, k in witness.labels.items() if k == key]
        if own:
            return f"{message}{sense}, which {witness.siglum} cites as {own[0]}: cite {own[0]}"
        return (f"{message}{sense}, which {witness.siglum} does not cite; a note cites only "
                "its own witness's works")
    return f"{message}: give its refs.bib entry a siglum if it is a document of the edition"


class CiteRole(SphinxRole):
    """``{ed:cite}`UNGA, 2016d, paras. 33–35``` inside a commentary note."""

    def records(self):
        return self.env.get_domain("ed").records(self.env.docname)

    def fail(self, message: str, text: str, siglum: str | None = None) -> None:
        warn(message, "citation", self.get_location())
        self.records().problems.append(
            Problem(self.env.docname, self.lineno, "citation", message, text, siglum))

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # the parser only when a page with a citation is read (not at start-up)
        from ..model.citeparse import CitationError, in_annex, parse

        text = " ".join(self.text.split())
        context: NoteContext | None = self.env.temp_data.get(NOTE)
        if not text:
            self.fail("empty citation: write the citation inside the role, e.g. "
                      "{ed:cite}`UNGA, 2016d, para. 38`", self.rawtext)
            return [nodes.inline(self.rawtext, self.rawtext, classes=["ed-dead"])], []
        if context is None:
            self.fail(f"citation {text!r} outside a commentary note or apparatus entry: its "
                      "labels belong to no witness", text)
            return [nodes.inline(text, text, classes=["ed-dead"])], []
        try:
            citation = parse(text)
        except CitationError as err:
            self.fail(f"cannot read citation {text!r}: {err.message}", text)
            return [nodes.inline(text, text, classes=["ed-cite", "ed-dead"])], []
        annexes = [self._annex(g, context) for g in citation.groups]
        resolved = self._resolve(citation, context, annexes)
        wrapper = nodes.inline(classes=["ed-cite"])
        for piece in citation.pieces:
            group = resolved[piece.group] if piece.group >= 0 else None
            if piece.kind == "work" and group:
                wrapper += xref(piece.text, "work", group.bibkey)
            elif piece.kind == "locator" and group and group.siglum:
                ref = f"{group.siglum}-{in_annex(piece.targets[0], annexes[piece.group])}"
                wrapper += xref(piece.text, "loc", ref)
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
        from ..model.citeparse import in_annex

        edition = edition_of(self.env)
        witness = edition.witnesses[context.witness]
        entries = bib.entries(self.env)
        out: list[CiteRecord | None] = []
        records = self.records()
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
                    self.fail(unknown_label(label, witness, edition), citation.text)
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
                self.fail(not_a_document(label, bibkey, witness, edition, entries),
                          citation.text)
                out.append(None)
                continue
            if siglum is not None and siglum not in edition.documents:
                self.fail(f"refs.bib entry {bibkey!r} names siglum {siglum!r}, which is not "
                          "in documents.toml", citation.text)
                out.append(None)
                continue
            ids = tuple(f"{siglum}-{in_annex(loc, annex)}" for loc in group.locators)
            record = CiteRecord(self.env.docname, self.lineno, context.note, context.witness,
                                citation.text, label, bibkey, siglum, ids, group.other)
            if context.note:  # a note's citations are what it discusses; an apparatus's are checked
                records.cites.append(record)
            records.refs.extend(Reference(self.env.docname, self.lineno, i, citation.text, siglum)
                                for i in ids)
            context.cited.extend(i for i in ids if i not in context.cited)
            out.append(record)
        return out


class WorkCiteRole(SphinxRole):
    """``{cite}`` in the edition: sphinxcontrib-bibtex's role takes refs.bib
    keys, and a witness's citation written with it (``{cite}`UNGA, 2016d,
    para. 9```) would stop the build with a traceback. The edition cites
    through ``{ed:cite}``: this role says so, at the line, and shows the text."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = " ".join(self.text.split())
        warn(f"{{cite}}`{text}`: the edition cites as its witnesses do, with {{ed:cite}}; "
             f"write {{ed:cite}}`{text}` inside a commentary note", "citation",
             self.get_location())
        return [nodes.inline(text, text, classes=["ed-dead"])], []


def guarded_bibtex_roles(app) -> None:
    """sphinxcontrib-bibtex's ``{cite:p}``-style roles, with a malformed key
    list reported at its line instead of stopping the build with a traceback."""
    from sphinxcontrib.bibtex.domain import BibtexDomain
    from sphinxcontrib.bibtex.roles import CiteRole as BibCiteRole

    class GuardedCiteRole(BibCiteRole):
        def result_nodes(self, document, env, node, is_ref):
            try:
                return super().result_nodes(document, env, node, is_ref)
            except ValueError:
                warn(f"{{cite:{node.get('reftype', '')}}}`{self.target}` names no refs.bib keys; "
                     "a witness's citation is written {ed:cite}`...` inside a commentary note",
                     "citation", (env.docname, self.lineno))
                return [nodes.inline(self.title, self.title, classes=["ed-dead"])], []

    # every role the cite domain declares (Sphinx's public Domain.roles)
    for name in BibtexDomain.roles:
        app.add_role_to_domain("cite", name, GuardedCiteRole(), override=True)


class LabelRole(SphinxRole):
    """``{ed:label}`BP: UNGA, 2016d``` names a work by a witness's own label
    (inside a note or apparatus entry the witness may be left out): shown as
    the label, linked to the work's bibliography entry, and checked like a
    citation, so no author-date label stands in the text unchecked."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = " ".join(self.text.split())
        edition = edition_of(self.env)
        witness_siglum, sep, shown = text.partition(": ")
        if not sep:
            context = self.env.temp_data.get(NOTE)
            witness_siglum, shown = (context.witness if context else ""), text
        witness = edition.witnesses.get(witness_siglum)

        def fail(message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
            warn(message, "citation", self.get_location())
            self.env.get_domain("ed").records(self.env.docname).problems.append(
                Problem(self.env.docname, self.lineno, "citation", message, text, None))
            return [nodes.inline(shown, shown, classes=["ed-dead"])], []

        if witness is None:
            return fail(f"{{ed:label}}`{text}`: name the witness whose label this is, e.g. "
                        f"{{ed:label}}`BP: {shown}` (witnesses: {', '.join(sorted(edition.witnesses))})")
        label = " ".join(shown.replace(",", " ").split())
        bibkey = witness.labels.get(label)
        if bibkey is None:
            return fail(unknown_label(label, witness, edition))
        if bibkey not in bib.entries(self.env):
            return fail(f"label {label!r} of {witness.siglum} names {bibkey!r}, which is not in refs.bib")
        return [xref(shown, "work", bibkey)], []


def setup(app) -> None:
    app.add_role("cite", WorkCiteRole(), override=True)  # {ed:cite} is the edition's
    guarded_bibtex_roles(app)
