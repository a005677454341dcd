"""Commentary notes: ``{annotation} BP-N12``.

A note states what one witness says, in the edition's words, and cites the
way that witness does (``{ed:cite}``, :mod:`.roles`). Its ``:claims:``
(``BMS6-38 develops POA-II.18; ...``) are typed links the note argues. The
note, its citations and its claims are recorded in the ``ed`` domain; the
paragraphs it cites become its ``discusses`` links.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import needs as needsync
from . import nodes as ed
from . import optiontext
from .diagnostics import warn
from ..model.ids import one_word
from ..model.records import NOTE as NOTE_KIND
from ..model.records import Claim, EdObject
from .roles import NOTE, NoteContext
from .state import edition_of

#: temp_data: (witness, first note, its line) of the page being read
PAGE_WITNESS = "poa_edition:page_witness"
NOTE_ID = re.compile(r"(?P<witness>[A-Z][A-Z0-9]*)-N(?P<num>[1-9][0-9]*)\Z")


class AnnotationDirective(SphinxDirective):
    """``:::{annotation} BP-N12`` — a commentary note of witness BP."""

    required_arguments = 1
    has_content = True
    final_argument_whitespace = True  # an ID with a space is reported as such
    option_spec = {
        "place": lambda v: " ".join((v or "").split()),
        "claims": lambda v: v or "",
    }

    def run(self) -> list[nodes.Node]:
        edition = edition_of(self.env)
        domain = self.env.get_domain("ed")
        note_id = self.arguments[0]
        if len(note_id.split()) > 1:
            meant = one_word(note_id, lambda c: NOTE_ID.match(c) is not None)
            warn(f"note ID {note_id!r} contains a space; write "
                 + (f"e.g. {meant[0]!r}" if meant else "WITNESS-N<number>, e.g. BP-N12"),
                 "id", self.get_location())
            return []
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
        if not self.options.get("place"):
            warn(f"{note_id!r}: a commentary note needs its :place: in {witness.siglum}, the "
                 f"heading of the passage of the {witness.short} it comments on",
                 "citation", self.get_location())  # reported; the note is still built
        optiontext.check(self, ("place",), note_id)
        if NOTE in self.env.temp_data:
            warn(f"{note_id!r}: notes do not nest", "citation", self.get_location())
            return []
        # a page holds the notes of one witness: its first note says which, and
        # a note of another witness there would read its labels in the wrong table
        page = self.env.temp_data.setdefault(PAGE_WITNESS, (witness.siglum, note_id, self.lineno))
        if page[0] != witness.siglum:
            warn(f"{note_id!r} is a note of {witness.siglum}, but this page holds the notes of "
                 f"{page[0]} (from {page[1]}, line {page[2]}); number it {page[0]}-N… or move "
                 f"it to the page of {witness.siglum}'s notes", "id", self.get_location())
            return []
        if first := domain.defined(note_id):
            warn(f"duplicate ID {note_id!r}: first defined at "
                 f"{self.env.doc2path(first.docname)}:{first.lineno}", "id", self.get_location())
            return []

        context = NoteContext(note_id, witness.siglum)
        self.env.temp_data[NOTE] = context
        # the block holds its text; the writers draw the rest (.render)
        block = ed.para_block(classes=["ed-para", "ed-commentary"])
        try:
            self.state.nested_parse(self.content, self.content_offset, block)
        finally:
            del self.env.temp_data[NOTE]

        place = self.options.get("place", "")
        obj = EdObject(
            id=note_id, kind=NOTE_KIND, docname=self.env.docname, lineno=self.lineno,
            siglum=witness.siglum, locator=f"N{m['num']}", label=f"N{m['num']}",
            title=f"{witness.short}{', ' + place if place else ''}", need_type="commentary",
            text=" ".join(block.astext().split()), place=place,
        )
        domain.add_object(obj)
        claims = self._claims(note_id)
        domain.records(self.env.docname).claims.extend(claims)
        need_nodes = needsync.add(self, obj, links={"discusses": context.cited})
        extend_nodes = needsync.extend(self, claims, edition)

        block["ids"] = [note_id]
        block["label"] = obj.label
        block.source, block.line = self.get_source_info()
        block.insert(0, ed.make_credit(witness, place, classes=("ed-note-source",)))
        return [*need_nodes, *extend_nodes, block]

    def _claims(self, note_id: str) -> list[Claim]:
        text = self.options.get("claims", "")
        link_types = edition_of(self.env).link_types
        out = []
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
            out.append(Claim(self.env.docname, self.lineno, note_id, source, link, targets))
        return out


def setup(app) -> None:
    app.add_directive("annotation", AnnotationDirective)
