"""Directives of the edition's text: ``para``, ``section``, ``wording``, ``apparatus``.

``para`` and ``section`` validate the ID against the scheme and the document
registry, record the paragraph in the ``ed`` domain (and, through
:mod:`.needsync`, as a hidden sphinx-needs item: the edition draws its own
layout), and return a :class:`~.nodes.para_block`. ``wording`` is attested
text inside them; ``apparatus`` what a witness reports of the text's history.
"""

from __future__ import annotations

import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from . import needsync
from . import nodes as ed
from .consistency import extent_bounds
from .diagnostics import warn
from .ids import IdError, ParsedId, parse_id, split_id
from .records import PARAGRAPH, SECTION, EdObject
from .registry import Document, Edition, Witness
from .roles import NOTE, NoteContext
from .state import edition_of

#: temp_data key: the section need that paragraphs below it on a page are part of
CURRENT_SECTION = "poa_edition:section"
#: temp_data key: the ID of the para/section whose content is being parsed
IN_BLOCK = "poa_edition:block"


class _NeedBlock(SphinxDirective):
    """Common to ``para`` and ``section``."""

    required_arguments = 1
    has_content = True
    final_argument_whitespace = True  # so an ID with a space gets a message of its own
    wants_section: ClassVar[bool]

    @property
    def edition(self) -> Edition:
        return edition_of(self.env.app)

    def _check_id(self, need_id: str) -> tuple[Document, ParsedId] | None:
        try:
            siglum, _ = split_id(need_id)
        except IdError as err:
            warn(f"ID outside the scheme: {err}", "id", self.get_location())
            return None
        doc = self.edition.document(siglum)
        if doc is None:
            known = ", ".join(sorted(self.edition.documents))
            warn(
                f"unknown siglum {siglum!r} in ID {need_id!r}; registered sigla: {known} "
                "(add it to edition/_data/documents.toml)",
                "id",
                self.get_location(),
            )
            return None
        try:
            parsed = parse_id(need_id, doc.style)
        except IdError as err:
            warn(f"ID outside the scheme: {err}", "id", self.get_location())
            return None
        if parsed.is_section != self.wants_section:
            what = "a section (S + numbering)" if self.wants_section else "a paragraph"
            warn(f"{need_id!r}: the {self.name} directive takes {what} ID", "id", self.get_location())
            return None
        bounds = extent_bounds(doc.extent or "")
        number = re.match(r"\d+", parsed.locator)
        if (bounds and number and doc.style == "numbered" and not parsed.is_section
                and not bounds[0] <= int(number[0]) <= bounds[1]):
            warn(f"{need_id!r} is outside {doc.siglum}'s registered extent ({doc.extent}, "
                 "documents.toml): correct the number, or the extent", "id", self.get_location())
            return None
        return doc, parsed

    def run(self) -> list[nodes.Node]:
        need_id = self.arguments[0]
        if len(need_id.split()) > 1:
            warn(f"ID {need_id!r} contains a space; an ID is one word, e.g. "
                 f"{'-'.join(need_id.split())!r}", "id", self.get_location())
            return []
        if outer := self.env.temp_data.get(IN_BLOCK):
            warn(f"{need_id!r} is inside {outer!r}: a {self.name} does not nest; close the "
                 f"fence of {outer} before {need_id} begins", "id", self.get_location())
            return []
        checked = self._check_id(need_id)
        if checked is None:
            return []
        doc, parsed = checked

        body = nodes.container(classes=["ed-body"])
        self.env.temp_data[IN_BLOCK] = need_id
        try:
            self.state.nested_parse(self.content, self.content_offset, body)
        finally:
            del self.env.temp_data[IN_BLOCK]
        quotes = list(body.findall(ed.wording))

        # a paragraph's only own link is part_of; typed links come from the
        # notes that argue them (:claims:), so every link is backed by its source
        need_type = self.need_type(doc)
        part_of = self._part_of(parsed)

        attestation = (
            "whole" if any(q["extent"] == "whole" for q in quotes)
            else "fragmentary" if quotes
            else "lacuna"
        )
        summary = " ".join(self.options.get("summary", "").split())
        withdrawn = " ".join((self.options.get("withdrawn") or "").split())
        kind = "s." if parsed.is_section else "para."
        domain = self.env.get_domain("ed")
        if first := domain.defined(need_id):
            warn(f"duplicate ID {need_id!r}: first defined at "
                 f"{self.env.doc2path(first.docname)}:{first.lineno}", "id", self.get_location())
            return []
        obj = EdObject(
            id=need_id, kind=SECTION if parsed.is_section else PARAGRAPH,
            docname=self.env.docname, lineno=self.lineno, siglum=doc.siglum,
            locator=parsed.locator, label=parsed.label,
            title=f"{doc.siglum}, {kind} {parsed.label if parsed.is_section else parsed.locator}",
            need_type=need_type, attestation=attestation, summary=summary, parent=part_of,
            withdrawn=withdrawn, witnesses=tuple(dict.fromkeys(q["witness"] for q in quotes)),
        )
        domain.add_object(obj)
        need_nodes = needsync.add(
            self, obj, links={"part_of": [part_of] if part_of else []},
            wording=" | ".join(f"{q['text']} ({q['witness']}, {q['place']})" for q in quotes),
        )

        if parsed.is_section and "unplaced" not in self.options:
            self.env.temp_data[CURRENT_SECTION] = need_id

        block = ed.para_block(
            classes=["ed-para", f"ed-{need_type}", f"ed-{attestation}"]
            + (["ed-withdrawn"] if withdrawn else []),
            ids=[need_id],
        )
        block.source, block.line = self.get_source_info()
        block += ed.para_number(parsed.label, parsed.label, target=need_id)
        if withdrawn:
            para = ed.block_line("", "", classes=["ed-withdrawn-note"])
            para += nodes.inline("", "Withdrawn: ", classes=["ed-label"])
            para += nodes.Text(withdrawn)
            body.insert(0, para)
        elif not quotes:
            body.insert(0, ed.block_line(
                "", "No source quotes the wording of this "
                + ("section." if parsed.is_section else "paragraph."),
                classes=["ed-lacuna-note"],
            ))
        if summary:
            para = ed.block_line("", "", classes=["ed-summary"])
            para += nodes.inline("", "Content: ", classes=["ed-label"])
            para += nodes.Text(summary)
            if basis := self.options.get("basis"):
                para += nodes.inline("", f" (as described in {basis})", classes=["ed-basis"])
            body += para
        ed.close_block(block, body, need_id)
        # the index of identifiers (genindex.html; the PDF's index)
        index = addnodes.index(entries=[("single", need_id, need_id, "", None)])
        return [*need_nodes, index, block]

    def _part_of(self, parsed: ParsedId) -> str | None:
        if parsed.parent:
            return parsed.parent
        section = self.env.temp_data.get(CURRENT_SECTION)
        if section and section != parsed.id and section.startswith(f"{parsed.siglum}-"):
            return section
        return None

    def need_type(self, doc: Document) -> str:
        raise NotImplementedError


class ParaDirective(_NeedBlock):
    """``:::{para} BMS6-38`` — a paragraph of a registered document."""

    option_spec: ClassVar = {
        "summary": directives.unchanged,
        "basis": directives.unchanged,
        "withdrawn": directives.unchanged_required,
    }
    wants_section = False

    def need_type(self, doc: Document) -> str:
        return doc.need_type


class SectionDirective(_NeedBlock):
    """``:::{section} BMS6-SIII.B`` — paragraphs below it on the page are part of it,
    unless it is ``:unplaced:`` (the witnesses do not say which paragraphs it
    holds: those below stay in the enclosing section)."""

    option_spec: ClassVar = {
        "summary": directives.unchanged,
        "basis": directives.unchanged,
        "unplaced": directives.flag,
    }
    wants_section = True

    def need_type(self, doc: Document) -> str:
        return "division"


class _FromWitness(SphinxDirective):
    """A block that reports a witness: ``:witness:`` (required) and ``:place:``."""

    has_content = True

    def witness(self) -> Witness | None:
        witnesses = edition_of(self.env.app).witnesses
        siglum = self.options.get("witness", "")
        if siglum not in witnesses:
            warn(f"{self.name} needs :witness: one of {', '.join(sorted(witnesses))}, "
                 f"not {siglum!r}", "wording", self.get_location())
            return None
        return witnesses[siglum]


class WordingDirective(_FromWitness):
    """Verbatim wording from a witness; only inside ``para`` or ``section``.

    The content is taken as plain text (no markup), lines joined by spaces.
    """

    option_spec: ClassVar = {
        "witness": directives.unchanged_required,
        "place": directives.unchanged,
        "extent": lambda v: directives.choice(v, ("fragment", "whole")),
    }

    def run(self) -> list[nodes.Node]:
        witness = self.witness()
        if witness is None:
            return []
        text = " ".join(line.strip() for line in self.content if line.strip())
        if not text:
            warn("wording block is empty", "wording", self.get_location())
            return []
        if IN_BLOCK not in self.env.temp_data:
            warn("wording belongs inside a para or section directive", "wording", self.get_location())
            return []
        place = self.options.get("place", "")
        extent = self.options.get("extent", "fragment")
        node = ed.wording(text=text, witness=witness.siglum, place=place, extent=extent,
                          classes=[f"ed-{extent}"])
        node.source, node.line = self.get_source_info()
        # printed exactly as typed: no smart quotes, dashes or ellipses
        node += nodes.paragraph(text, text, classes=["ed-quote"], support_smartquotes=False)
        node += ed.credit(witness, place, "Quoted whole in " if extent == "whole" else "Fragment quoted in ")
        return [node]


class ApparatusDirective(_FromWitness):
    """What a witness reports about the text's history (drafts, adoption,
    reservations), in the edition's words, with the witness and place.

    Inside a ``para`` or ``section`` it belongs to that paragraph; on a
    volume page, to the document."""

    option_spec: ClassVar = {
        "witness": directives.unchanged_required,
        "place": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        witness = self.witness()
        if witness is None:
            return []
        if not self.content:
            warn("apparatus entry is empty", "wording", self.get_location())
            return []
        box = nodes.container(classes=["ed-apparatus"])
        box.source, box.line = self.get_source_info()
        # citations in it are read in the witness's own table
        own = NOTE not in self.env.temp_data
        if own:
            self.env.temp_data[NOTE] = NoteContext("", witness.siglum)
        try:
            self.state.nested_parse(self.content, self.content_offset, box)
        finally:
            if own:
                del self.env.temp_data[NOTE]
        box += ed.credit(witness, self.options.get("place", ""), "Reported in ")
        return [box]
