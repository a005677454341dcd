"""The concordance counts what the witnesses argue (pure, no build): only
earlier commitments, a provision and its subparagraphs once, and "no
relation argued by the witnesses" for a commitment no note links to an
outcome paragraph. Each rule with a failing case."""

from __future__ import annotations

from conftest import EDITION
from poa_edition.model.concordance import build
from poa_edition.model.linkgraph import LinkGraph
from poa_edition.model.records import NOTE, PARAGRAPH, CiteRecord, Claim, DocRecords, EdObject
from poa_edition.model.registry import load

ED = load(EDITION / "_data")


def _para(pid: str, need_type: str, parent: str | None = None) -> EdObject:
    siglum, _, loc = pid.partition("-")
    return EdObject(pid, PARAGRAPH, "d", 1, siglum, loc, loc, pid, need_type, parent=parent)


def _graph(objects, claims=(), cited=()) -> LinkGraph:
    note = EdObject("BP-N1", NOTE, "d", 1, "BP", "N1", "N1", "BP", "commentary")
    rec = DocRecords(objects=[*objects, note])
    rec.cites.append(CiteRecord("d", 1, "BP-N1", "BP", "x", "UNGA 2016d", "k", None,
                                tuple(cited), ()))
    rec.claims.extend(Claim("d", 1, "BP-N1", s, lt, (t,)) for s, lt, t in claims)
    return LinkGraph({"d": rec}, ED.link_types)


OBJECTS = [
    _para("BMS6-1", "outcome"), _para("BMS6-2", "outcome"),
    _para("ITI-8", "commitment"), _para("ITI-8a", "commitment", "ITI-8"),
    _para("ITI-25", "commitment"),
    _para("A2030-16", "commitment"), _para("A2030-16.4", "commitment", "A2030-16"),
    _para("BMS6R-21", "commitment"), _para("UNGA2014H-6", "commitment"),
]


def test_only_earlier_commitments_are_counted():
    conc = build(_graph(OBJECTS), ED.documents)
    rows = {r.id for r in conc.reverse}
    # the meeting report and the resolution confirming a mandate are not commitments
    assert "BMS6R-21" not in rows and "UNGA2014H-6" not in rows
    assert {"ITI-8a", "ITI-25"} <= rows


def test_a_provision_and_its_subparagraphs_count_once():
    conc = build(_graph(OBJECTS), ED.documents)
    rows = {r.id: r for r in conc.reverse}
    # ITI-8 is held only for ITI-8a: one commitment, shown with its parent
    assert "ITI-8" not in rows and rows["ITI-8a"].folded == ("ITI-8",)
    # a parent that a note discusses or a link names in its own right stays
    conc = build(_graph(OBJECTS, claims=[("BMS6-1", "refers_to", "A2030-16")],
                        cited=["BMS6-1", "A2030-16"]), ED.documents)
    assert {"A2030-16", "A2030-16.4"} <= {r.id for r in conc.reverse}


def test_no_relation_argued_by_the_witnesses():
    conc = build(_graph(OBJECTS, claims=[("BMS6-2", "restates", "ITI-25")],
                        cited=["BMS6-2", "ITI-25"]), ED.documents)
    counts = conc.counts()
    assert "earlier commitments never taken up" not in counts
    unrelated = {r.id for r in conc.unrelated}
    assert "ITI-25" not in unrelated and "ITI-8a" in unrelated
    assert counts["earlier commitments with no relation argued by the witnesses"] == len(unrelated)
    # ITI-8a (with ITI-8), ITI-25, A2030-16.4 (with A2030-16, which nothing names here)
    assert counts["earlier commitments"] == len(conc.reverse) == 3
