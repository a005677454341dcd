"""The concordance: which earlier commitments each BMS6 paragraph takes up,
and which BMS5 and BMS6 paragraphs take up each earlier commitment: pure.

Only *earlier commitments* are counted: the paragraphs of documents whose
paragraphs an outcome can take up (``commitments`` in documents.toml: not a
meeting report, a report or a meeting's mandate), and the BMS5 paragraphs a
BMS6 paragraph takes up. A provision and its subparagraphs count once: a
parent that the edition holds only for the subparagraphs the witnesses cite
(no note discusses it, nothing links to it: ITI-8 for ITI-8a) is folded into
them. An earlier commitment with no typed link from a BMS5 or BMS6 paragraph
has *no relation argued by the witnesses*: the papers state none between it
and a numbered outcome paragraph, which says nothing of the outcomes.

"Takes up" is a typed link argued by a note (``develops``, ``extends``,
``reaffirms``, …: the model's non-automatic link types); "discussed in" is
the automatic link from every note that cites the paragraph. Counted from the
link graph alone (:mod:`.linkgraph`), so the tables never drift from the
paragraphs' own link lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .lineage import typed_link_types
from .linkgraph import LinkGraph
from .records import PARAGRAPH
from .registry import Document

#: the outcomes whose paragraphs take up earlier commitments
LATER = ("BMS5", "BMS6")


@dataclass(frozen=True, slots=True)
class Use:
    """One typed link: ``other`` is the target (forward) or the source (reverse)."""

    link_type: str
    other: str
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    uses: tuple[Use, ...]  # forward: what it takes up; reverse: what takes it up
    notes: tuple[str, ...]  # the notes that discuss it
    #: reverse rows: the parent provisions counted with this one (ITI-8 for ITI-8a)
    folded: tuple[str, ...] = ()

    def by(self, siglum: str) -> tuple[Use, ...]:
        return tuple(u for u in self.uses if u.other.partition("-")[0] == siglum)


@dataclass(frozen=True, slots=True)
class Concordance:
    forward: tuple[Row, ...]  # every BMS6 paragraph, in reading order
    reverse: tuple[Row, ...]  # every earlier commitment, oldest document first
    link_types: tuple[str, ...]  # the typed link types, in the model's order

    @property
    def taken_up(self) -> tuple[Row, ...]:
        return tuple(r for r in self.reverse if r.uses)

    @property
    def unrelated(self) -> tuple[Row, ...]:
        """The earlier commitments with no relation argued by the witnesses."""
        return tuple(r for r in self.reverse if not r.uses)

    def counts(self) -> dict[str, int]:
        """The figures the page prints, by name (tests compare them with the data)."""
        fwd, rev = self.forward, self.reverse
        out = {
            "BMS6 paragraphs": len(fwd),
            "BMS6 paragraphs that take up an earlier commitment": sum(bool(r.uses) for r in fwd),
            "BMS6 paragraphs discussed in a note": sum(bool(r.notes) for r in fwd),
            "BMS6 paragraphs neither linked nor discussed": sum(not r.uses and not r.notes
                                                                 for r in fwd),
            "typed links from BMS6 paragraphs": sum(len(r.uses) for r in fwd),
            "earlier commitments": len(rev),
            "earlier commitments taken up": len(self.taken_up),
            "earlier commitments taken up by BMS5": sum(bool(r.by("BMS5")) for r in rev),
            "earlier commitments taken up by BMS6": sum(bool(r.by("BMS6")) for r in rev),
            "earlier commitments taken up by both": sum(bool(r.by("BMS5") and r.by("BMS6"))
                                                        for r in rev),
            "earlier commitments reaffirmed": sum(any(u.link_type == "reaffirms" for u in r.uses)
                                                  for r in rev),
            "earlier commitments with no relation argued by the witnesses": len(self.unrelated),
        }
        return out


def _paragraphs(graph: LinkGraph):
    return (o for o in graph.objects.values() if o.kind == PARAGRAPH)


def build(graph: LinkGraph, documents: Mapping[str, Document]) -> Concordance:
    typed = typed_link_types(graph.link_types)

    def notes_on(obj_id: str) -> tuple[str, ...]:
        return tuple(li.other for lt, links in graph.incoming(obj_id) if lt == "discusses"
                     for li in links)

    forward = tuple(
        Row(o.id, tuple(Use(lt, li.other, li.notes) for lt, links in graph.outgoing(o.id)
                        if lt in typed for li in links), notes_on(o.id))
        for o in _paragraphs(graph) if o.siglum == "BMS6")

    def later_uses(obj_id: str) -> tuple[Use, ...]:
        return tuple(Use(lt, li.other, li.notes) for lt, links in graph.incoming(obj_id)
                     if lt in typed for li in links if li.other.partition("-")[0] in LATER)

    order = {s: n for n, s in enumerate(documents)}
    dated = sorted(documents.values(), key=lambda d: (d.date is None, d.date or "",
                                                      order[d.siglum]))
    rank = {d.siglum: n for n, d in enumerate(dated)}

    def commitment(o) -> bool:
        doc = documents.get(o.siglum)
        return o.need_type == "commitment" and (doc is None or doc.commitments)

    candidates = [o for o in _paragraphs(graph)
                  if o.siglum != "BMS6" and (commitment(o) or later_uses(o.id))]
    held = {o.id for o in candidates}
    # a provision and its subparagraphs count once: a parent held only for its parts
    parts: dict[str, list[str]] = {}
    for o in candidates:
        if o.parent in held:
            parts.setdefault(o.parent, []).append(o.id)
    folded_into: dict[str, list[str]] = {}
    for parent, kids in parts.items():
        if not later_uses(parent) and not notes_on(parent):
            for kid in kids:
                folded_into.setdefault(kid, []).append(parent)
    folded = {p for ps in folded_into.values() for p in ps}
    earlier = [o for o in candidates if o.id not in folded]
    # oldest document first; within one, reading order (the sort is stable)
    earlier.sort(key=lambda o: rank.get(o.siglum, len(rank)))
    reverse = tuple(Row(o.id, later_uses(o.id), notes_on(o.id), tuple(folded_into.get(o.id, ())))
                    for o in earlier)
    return Concordance(forward, reverse, tuple(typed))


def whole(graph: LinkGraph) -> list:
    """Everything a page drawn from the whole link graph shows (for the
    domain's digest: the page is written again when this changes)."""
    parts: list = []
    for obj in graph.objects.values():
        parts.append((obj.id, obj.docname, obj.title, obj.kind, obj.summary))
        for lt, links in graph.outgoing(obj.id):
            parts.append((obj.id, lt, [(li.other, li.notes) for li in links]))
    return parts
