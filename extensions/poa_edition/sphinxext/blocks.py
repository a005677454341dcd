"""Directives of the edition's text: ``para``, ``section``, ``wording``, ``apparatus``.

``para`` and ``section`` validate the ID against the scheme and the document
registry, record the paragraph in the ``ed`` domain (and, through
:mod:`.needsync`, as a hidden sphinx-needs item: the edition draws its own
layout), and return a :class:`~.nodes.para_block`. ``wording`` is attested
text inside them; ``apparatus`` what a witness reports of the text's history.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..model import joint
from . import needs as needsync
from ..model import suspects
from . import nodes as ed
from . import optiontext
from ..model.consistency import extent_bounds
from .diagnostics import warn
from ..model.ids import IdError, ParsedId, one_word, parse_id, split_id, valid_in
from ..model.records import PARAGRAPH, SECTION, EdObject, Quote, Reference
from ..model.registry import Document, Edition, Witness
from .roles import NOTE, NoteContext, xref
from .state import edition_of

if TYPE_CHECKING:
    from ..model import collation

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
        return edition_of(self.env)

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
            extent = doc.extent if doc.extent_attested else (
                f"{doc.extent}, the highest the witnesses cite: a lower bound")
            warn(f"{need_id!r} is outside {doc.siglum}'s registered extent ({extent}, "
                 "documents.toml): correct the number, or the extent", "id", self.get_location())
            return None
        return doc, parsed

    def _acceptable(self, siglum: str, candidate: str) -> bool:
        """Whether ``candidate`` passes :meth:`_check_id` (without a word)."""
        doc = self.edition.document(siglum)
        if doc is None or not valid_in(doc.style)(candidate):
            return False
        parsed = parse_id(candidate, doc.style)
        if parsed.is_section != self.wants_section:
            return False
        bounds = extent_bounds(doc.extent or "")
        number = re.match(r"\d+", parsed.locator)
        return not (bounds and number and doc.style == "numbered" and not parsed.is_section
                    and not bounds[0] <= int(number[0]) <= bounds[1])

    def run(self) -> list[nodes.Node]:
        need_id = self.arguments[0]
        if len(need_id.split()) > 1:
            # only a suggestion that is itself an ID of the document
            siglum = re.split(r"[\s-]", need_id.strip(), maxsplit=1)[0]
            meant = one_word(need_id, lambda c: self._acceptable(siglum, c))
            warn(f"ID {need_id!r} contains a space; an ID is one word"
                 + (f", e.g. {meant[0]!r}" if meant else
                    f" (SIGLUM-LOCATOR, e.g. {'BMS6-SII' if self.wants_section else 'BMS6-38'})"),
                 "id", self.get_location())
            return []
        if outer := self.env.temp_data.get(IN_BLOCK):
            warn(f"{need_id!r} is inside {outer!r}: a {self.name} does not nest; close the "
                 f"fence of {outer} before {need_id} begins", "id", self.get_location())
            return []
        checked = self._check_id(need_id)
        if checked is None:
            return []
        doc, parsed = checked
        # reported; the block is still built, so nothing else fails because of it
        optiontext.check(self, ("summary", "basis", "withdrawn"), need_id)

        # the block holds its text; the writers draw the rest (.render)
        block = ed.para_block()
        self.env.temp_data[IN_BLOCK] = need_id
        try:
            self.state.nested_parse(self.content, self.content_offset, block)
        finally:
            del self.env.temp_data[IN_BLOCK]
        quotes = list(block.findall(ed.wording))

        # a paragraph's only own link is part_of; typed links come from the
        # notes that argue them (:claims:), so every link is backed by its source
        need_type = self.need_type(doc)
        part_of = self._part_of(parsed)

        official = self.edition.official(need_id)
        official_text = self.edition.texts[doc.siglum].text_of(need_id) if official else None
        attestation = "official" if official else joint.attestation(q["extent"] for q in quotes)
        summary = " ".join(self.options.get("summary", "").split())
        # what notes about it are reviewed against (suspects.py)
        fingerprint = suspects.fingerprint(
            official_text if official_text is not None
            else " | ".join(q["text"] for q in quotes) if quotes else summary)
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
            withdrawn=withdrawn, fingerprint=fingerprint,
            witnesses=tuple(dict.fromkeys(q["witness"] for q in quotes)),
            basis=" ".join((self.options.get("basis") or "").split()),
        )
        domain.add_object(obj)
        need_nodes = needsync.add(
            self, obj, links={"part_of": [part_of] if part_of else []},
            wording=" | ".join(f"{q['text']} ({q['witness']}, {q['place']}"
                               + (f"; group fragment, with {', '.join(q['with'])}: {q['grouping']}"
                                  if q["extent"] == "joint" else "") + ")" for q in quotes),
            official_text=(self.edition.texts[doc.siglum].wording_of(need_id) or ""
                           if official else ""),
        )

        if parsed.is_section and "unplaced" not in self.options:
            self.env.temp_data[CURRENT_SECTION] = need_id

        block["classes"] = (["ed-para", sys.intern(f"ed-{need_type}"),
                             sys.intern(f"ed-{attestation}")]
                            + (["ed-withdrawn"] if withdrawn else []))
        block["ids"] = [need_id]
        block["label"] = parsed.label
        block.source, block.line = self.get_source_info()
        if withdrawn:
            para = ed.block_line("", "", classes=["ed-withdrawn-note"])
            para += nodes.inline("", "Withdrawn: ", classes=["ed-label"])
            para += nodes.Text(withdrawn)
            block.insert(0, para)
        elif official:
            block.insert(0, _official_lines(self.edition, need_id, parsed.is_section))
        elif not quotes:
            block["lacuna"] = "section" if parsed.is_section else "paragraph"
        if summary:
            para = ed.summary("", summary)
            if basis := self.options.get("basis"):
                # a second text node, which the writers set apart (nodes.summary)
                para += nodes.Text(f" (as described in {basis})")
            block += para
        # in the PDF's index of identifiers (the LaTeX writer makes the entry; in
        # HTML the index of IDs is ed-ids.html, :mod:`.idindex`)
        block["indexed"] = True
        return [*need_nodes, block]

    def _part_of(self, parsed: ParsedId) -> str | None:
        if parsed.parent:
            return parsed.parent
        section = self.env.temp_data.get(CURRENT_SECTION)
        if section and section != parsed.id and section.startswith(f"{parsed.siglum}-"):
            return section
        return None

    def need_type(self, doc: Document) -> str:
        raise NotImplementedError


def _official_lines(edition: Edition, need_id: str, is_section: bool) -> nodes.container:
    """The official text of a paragraph (with the subparagraphs that have no
    item of their own) or a section's official heading, printed as imported."""
    text = edition.texts[need_id.partition("-")[0]]
    unit = text.units[need_id]
    box = nodes.container(classes=["ed-official"])
    first = ed.block_line("", "", classes=["ed-official-text"], support_smartquotes=False)
    if is_section and not unit.text:
        first += nodes.inline("", "Official text: ", classes=["ed-label"])
        first += nodes.Text("the paragraphs before the first section heading, which have none.")
    elif is_section:
        first += nodes.inline("", "Official heading: ", classes=["ed-label"])
        first += nodes.Text(f"{unit.label}. {unit.text}")
    else:
        first += nodes.Text(unit.text)
    box += first
    for sub in text.shown_in(need_id):
        line = ed.block_line("", "", classes=["ed-official-text", "ed-official-sub"],
                             support_smartquotes=False)
        line += nodes.inline("", f"{sub.label} ", classes=["ed-sublabel"])
        line += nodes.Text(sub.text)
        box += line
    source = ed.block_line("", "", classes=["ed-official-source"])
    source += nodes.Text("Official text" + (f", {text.symbol}" if text.symbol else "")
                         + (f" ({text.date})" if text.date else ""))
    box += source
    return box


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
        witnesses = edition_of(self.env).witnesses
        siglum = self.options.get("witness", "")
        if siglum not in witnesses:
            warn(f"{self.name} needs :witness: one of {', '.join(sorted(witnesses))}, "
                 f"not {siglum!r}", "wording", self.get_location())
            return None
        return witnesses[siglum]


class WordingDirective(_FromWitness):
    """Verbatim wording from a witness; only inside ``para`` or ``section``.

    The content is taken as plain text (no markup), lines joined by spaces.
    ``:extent: joint`` marks words the witness attributes to this paragraph
    together with others, named in ``:with:``, with the witness's own words
    for the grouping in ``:grouping:`` (:mod:`.joint`).
    """

    option_spec: ClassVar = {
        "witness": directives.unchanged_required,
        "place": directives.unchanged,
        "extent": lambda v: directives.choice(v, ("fragment", "whole", "joint")),
        "with": directives.unchanged,
        "grouping": directives.unchanged,
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
        others = joint.parse_with(self.options.get("with") or "")
        grouping = " ".join((self.options.get("grouping") or "").split())
        if extent == "joint" and not (others and grouping):
            warn("a joint fragment names the other paragraphs (:with: BMS6-67) and gives the "
                 "witness's own words for the grouping (:grouping: UNGA, 2016d, paras. 22, 67)",
                 "wording", self.get_location())
            return []
        if extent != "joint" and (others or grouping):
            warn(":with: and :grouping: belong to a joint fragment (:extent: joint)",
                 "wording", self.get_location())
            return []
        node = ed.with_attributes(ed.wording(), text=text, witness=witness.siglum,
                                  place=sys.intern(place), extent=extent)
        node["classes"].append(sys.intern(f"ed-{extent}"))
        node["with"], node["grouping"] = list(others), grouping
        node.source, node.line = self.get_source_info()
        # printed exactly as typed: no smart quotes, dashes or ellipses (a text
        # node outside any paragraph, which smart quotes never reach), and
        # indexed for search
        node += nodes.Text(text)
        records = self.env.get_domain("ed").records(self.env.docname)
        records.quotes.append(Quote(self.env.docname, self.lineno, self.env.temp_data[IN_BLOCK],
                                    witness.siglum, place, text, extent, others, grouping))
        if extent == "joint":
            records.refs.extend(Reference(self.env.docname, self.lineno, o) for o in others)
            node += joint_credit(witness, place, others, grouping)
        else:
            node += ed.make_credit(witness, place,
                                   "Quoted whole in " if extent == "whole" else "Fragment quoted in ")
        # once the official text is in, a quotation is its apparatus: collated
        edition = edition_of(self.env)
        owner = self.env.temp_data[IN_BLOCK]
        if edition.official(owner) is not None:
            official = edition.texts[owner.partition("-")[0]]
            from ..model import collation  # only once an official text is in

            result = collation.collate_quotation(official, owner, text,
                                                 others if extent == "joint" else ())
            if result is None:  # a paragraph it names has no official unit (reported)
                return [node]
            node["classes"].append(f"ed-{result.status}")
            found = official.units.get(result.found_in or "")
            target = (found.shown_in or found.id) if found else None
            return [node, _collation_line(witness.siglum, result, target)]
        return [node]


def joint_credit(witness, place: str, others: tuple[str, ...], grouping: str) -> ed.credit:
    """"Group fragment, quoted in BP, “place”, cited to this paragraph with BMS6-67
    (in the witness’s words: ‘UNGA, 2016d, paras. 22, 67’)", each other paragraph a
    reference."""
    para = ed.make_credit(witness, place, "Group fragment, quoted in ")
    para += nodes.Text(", cited to this paragraph with ")
    for n, other in enumerate(others):
        if n:
            para += nodes.Text(" and " if n == len(others) - 1 else ", ")
        para += xref(other, "p", other)
    para += nodes.Text(" (in the witness’s words: ")
    para += nodes.inline("", f"‘{grouping}’", classes=["ed-grouping"])
    para += nodes.Text(")")
    return para


def _collation_line(witness: str, result: collation.Result, target: str | None) -> nodes.paragraph:
    from ..model import collation

    line = ed.block_line("", "", classes=["ed-collation", f"ed-{result.status}"],
                         support_smartquotes=False)
    line += nodes.inline("", "Collation: ", classes=["ed-label"])
    if result.status == collation.AGREES:
        line += nodes.Text(f"{witness} agrees with the official text.")
    elif result.status == collation.VARIANT:
        line += nodes.Text(f"variant. {witness} reads ")
        line += nodes.Text("; ".join(f"‘{w}’ where the official text has ‘{o}’" if w and o
                                     else f"‘{w}’, not in the official text" if w
                                     else f"nothing for the official ‘{o}’"
                                     for w, o in result.differences))
        line += nodes.Text(".")
    elif result.status == collation.ELSEWHERE:
        line += nodes.Text("not in this paragraph's official text; it stands in ")
        line += addnodes.pending_xref("", nodes.inline("", result.found_in),
                                      refdomain="ed", reftype="p", reftarget=target,
                                      refexplicit=True, refwarn=False)
        if result.differences:
            line += nodes.Text(", with " + "; ".join(f"‘{w}’ for ‘{o}’"
                                                     for w, o in result.differences))
        line += nodes.Text(".")
    else:
        line += nodes.Text("not found in the official text.")
    return line


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
        box += ed.make_credit(witness, self.options.get("place", ""), "Reported in ")
        return [box]


def setup(app) -> None:
    app.add_directive("para", ParaDirective)
    app.add_directive("section", SectionDirective)
    app.add_directive("wording", WordingDirective)
    app.add_directive("apparatus", ApparatusDirective)
