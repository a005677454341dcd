"""The typed links of the whole edition, computed from the records: pure.

Three sources make links: the ID's shape and the page (``part_of``), a note's
resolved citations (``discusses``), and a note's ``:claims:`` (typed links
backed by the note). Only links whose ends exist and whose types the model
allows are in the graph; the rest are failures (:mod:`.consistency`).

The order is fixed by the records, not by the order in which files were read:
documents by name, then reading order within each. An incremental build and a
clean build therefore give the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .records import DocRecords, EdObject
from .registry import LinkType


@dataclass(frozen=True, slots=True)
class Link:
    link_type: str
    other: str  # the target of an outgoing link, the source of an incoming one
    notes: tuple[str, ...] = ()  # the notes that argue it (claims)


class LinkGraph:
    def __init__(self, docs: Mapping[str, DocRecords], link_types: Mapping[str, LinkType]) -> None:
        self.link_types = link_types
        self.objects: dict[str, EdObject] = {}
        for docname in sorted(docs):
            for obj in docs[docname].objects:
                self.objects.setdefault(obj.id, obj)
        # source -> link type -> target -> notes
        self._out: dict[str, dict[str, dict[str, list[str]]]] = {}
        for obj in self._in_order():
            if obj.parent and obj.parent in self.objects:
                self._add(obj.id, "part_of", obj.parent, None)
        for docname in sorted(docs):
            for rec in docs[docname].cites:
                for target in rec.ids:
                    if target in self.objects and rec.note in self.objects:
                        self._add(rec.note, "discusses", target, None)
        for docname in sorted(docs):
            for claim in docs[docname].claims:
                if not self.claim_source_ok(claim.source, claim.link_type):
                    continue
                for target in claim.targets:
                    if self.claim_target_ok(claim.source, claim.link_type, target):
                        self._add(claim.source, claim.link_type, target, claim.note)
        self._in: dict[str, dict[str, dict[str, list[str]]]] = {}
        for source in self._out:
            for lt, targets in self._out[source].items():
                for target, notes in targets.items():
                    self._in.setdefault(target, {}).setdefault(lt, {})[source] = notes

    def _in_order(self) -> Iterable[EdObject]:
        return self.objects.values()

    def _add(self, source: str, link_type: str, target: str, note: str | None) -> None:
        notes = self._out.setdefault(source, {}).setdefault(link_type, {}).setdefault(target, [])
        if note and note not in notes:
            notes.append(note)

    def claim_source_ok(self, source: str, link_type: str) -> bool:
        obj = self.objects.get(source)
        lt = self.link_types.get(link_type)
        return obj is not None and lt is not None and obj.need_type in lt.sources

    def claim_target_ok(self, source: str, link_type: str, target: str) -> bool:
        obj = self.objects.get(target)
        lt = self.link_types.get(link_type)
        return (obj is not None and lt is not None and obj.need_type in lt.targets
                and target != source)

    def outgoing(self, obj_id: str) -> list[tuple[str, list[Link]]]:
        """``[(link type, [Link, ...]), ...]`` in the model's order of types."""
        return self._collect(self._out.get(obj_id, {}))

    def incoming(self, obj_id: str) -> list[tuple[str, list[Link]]]:
        return self._collect(self._in.get(obj_id, {}))

    def _collect(self, by_type: dict[str, dict[str, list[str]]]) -> list[tuple[str, list[Link]]]:
        out = []
        for name in self.link_types:
            if targets := by_type.get(name):
                out.append((name, [Link(name, t, tuple(n)) for t, n in targets.items()]))
        return out

    def targets(self, source: str, link_type: str) -> list[str]:
        return list(self._out.get(source, {}).get(link_type, {}))


def coverage(graph: LinkGraph) -> list[tuple[str, dict[str, int]]]:
    """Per document, in registry order of first appearance: paragraphs by
    attestation, and how many a note discusses."""
    out: dict[str, dict[str, int]] = {}
    for obj in graph.objects.values():
        if obj.need_type not in ("outcome", "commitment"):
            continue
        c = out.setdefault(obj.siglum, {k: 0 for k in COVERAGE_KEYS})
        c["paragraphs"] += 1
        c[obj.attestation if obj.attestation in c else "lacuna"] += 1
        noted = any(lt == "discusses" for lt, _ in graph.incoming(obj.id))
        c["with commentary" if noted else "without commentary"] += 1
    return sorted(out.items())


COVERAGE_KEYS = ("paragraphs", "official", "whole", "fragmentary", "joint", "lacuna", "with commentary",
                 "without commentary")
