"""The commentary covers what the witnesses cite, and every citation resolves."""

from __future__ import annotations

import json
import re
import tomllib

from conftest import EDITION, REPO, needs_of


def _sigla_of_keys() -> dict[str, str]:
    """refs.bib key -> siglum, for the works cited by paragraph."""
    bib = (REPO / "refs.bib").read_text()
    return dict(re.findall(r"@\w+\{([^,]+),(?:[^@]*?)siglum = \{([A-Z0-9]+)\}", bib))


def _report(edition_html) -> dict:
    return json.loads((edition_html / "edition-report.json").read_text())


def test_every_paragraph_citation_resolves(edition_html):
    report = _report(edition_html)
    needs = needs_of(edition_html)
    assert report["failures"] == []
    pc = report["paragraph_citations"]
    assert pc["found"] == pc["resolved"] > 400
    for cite in report["citations"]:
        for need_id in cite["ids"]:
            assert need_id in needs, f"{cite['file']}:{cite['line']}: {cite['citation']!r} -> {need_id}"
            assert cite["note"] in needs[need_id]["discusses_back"]
    # both witnesses' commentary, and every kind of document they cite
    assert {c["note"].split("-")[0] for c in report["citations"]} == {"BP", "IB"}
    assert {"BMS6", "BMS5", "POA", "ITI", "RC2", "BMS6R"} <= set(report["per_document"])


def test_described_paragraphs_are_discussed(edition_html):
    """A paragraph with a summary (the witnesses describe it) has a note."""
    needs = needs_of(edition_html)
    undiscussed = sorted(
        i for i, n in needs.items()
        if n["type"] == "outcome" and n.get("summary") and not n.get("discusses_back")
    )
    assert not undiscussed, undiscussed


def test_colliding_labels_name_different_documents():
    sources = tomllib.loads((EDITION / "_data" / "sources.toml").read_text())
    bp, ib = sources["BP"]["labels"], sources["IB"]["labels"]
    assert bp["UNGA 2014b"] == "unga-bms5-outcome"
    assert ib["UNGA 2014b"] == "unga-bms5-agenda"
    bib = (REPO / "refs.bib").read_text()
    for key in set(bp.values()) | set(ib.values()):
        assert re.search(rf"@\w+\{{{re.escape(key)},", bib), f"{key} not in refs.bib"


def test_bibliography_lists_every_work_with_a_stable_anchor(edition_html):
    html = (edition_html / "bibliography.html").read_text()
    keys = re.findall(r"@\w+\{([^,]+),", (REPO / "refs.bib").read_text())
    assert len(keys) > 50
    for key in keys:
        assert f'id="ref-{key}"' in html, key
    assert "[Draft 1 of the BMS5 outcome]" in html  # titles keep their case
