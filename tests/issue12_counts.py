"""Counts for each point of issue 12 ("Why"), for one checkout of the edition.

    EDITION_WITNESSES=DIR python tests/issue12_counts.py [ROOT] [NEEDS_JSON]

ROOT is a checkout (default: this one), NEEDS_JSON its built export (default
ROOT/_build/html/needs.json; run `make html` first). The prose measures use
this checkout's :mod:`poa_edition.model.overlap`, so two checkouts are measured the
same way. Not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extensions"))

from poa_edition.model.overlap import MAX_RUN, measure, witness_texts  # noqa: E402
from poa_edition.sources.pages import prose  # noqa: E402

# the 27 paragraphs and the four joint quotations, as the test of issue 12 names them
from test_joint import ISSUE_12 as ISSUE_27  # noqa: E402
from test_joint import WERE_OWN as JOINT_AS_OWN  # noqa: E402

MAX_QUOTED_RUN = 7


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
    needs_path = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "_build/html/needs.json"
    data = json.loads(needs_path.read_text())
    versions = data["versions"]
    needs = next(iter(versions.values()))["needs"]
    by_id = {n.get("public_id") or k: n for k, n in needs.items()}
    edition = root / "edition"
    texts = witness_texts(Path(os.environ["EDITION_WITNESSES"]), edition / "_data")
    ms = measure(prose(edition), texts)
    summaries = [m for m in ms if m.prose.kind == "summary"]
    notes = [m for m in ms if m.prose.kind == "note"]
    src = {p: p.read_text() for p in edition.rglob("*.md")}
    allsrc = "\n".join(src.values())
    bib = (root / "refs.bib").read_text()
    docs = (edition / "_data/documents.toml").read_text()

    print(f"== {root}")
    lac = [i for i in ISSUE_27 if by_id[i]["attestation"] == "lacuna"]
    print(f"1. of the 27 paragraphs, shown as lacunae: {len(lac)}")
    own = [i for i, w in JOINT_AS_OWN.items()
           if w in by_id[i]["wording"] and "group fragment, with" not in by_id[i]["wording"]]
    print(f"   joint quotations shown as a paragraph's own (BMS5-21, 27g, UNGA2012B-5, "
          f"UNGA2013B-5): {len(own)}")
    joint = sum(1 for n in by_id.values() if n.get("attestation") == "joint")
    print(f"   paragraphs counted as jointly attested: {joint}")
    print(f"2. quoted (UN) wording outside quotation marks, a run of {MAX_QUOTED_RUN}+ words: "
          f"summaries {sum(m.un >= MAX_QUOTED_RUN for m in summaries)}, "
          f"notes {sum(m.un >= MAX_QUOTED_RUN for m in notes)}; "
          f"longest {max(m.un for m in ms)} words "
          f"(BMS6-96: {next(m.un for m in summaries if m.prose.id == 'BMS6-96')})")
    print(f"3. summaries sharing {MAX_RUN}+ consecutive words with a witness: "
          f"{sum(m.run >= MAX_RUN for m in summaries)} (longest {max(m.run for m in summaries)}; "
          f"BMS5-38l: {next(m.run for m in summaries if m.prose.id == 'BMS5-38l')})")
    print(f"4. notes sharing {MAX_RUN}+ consecutive words with their paper: "
          f"{sum(m.run >= MAX_RUN for m in notes)} (longest {max(m.run for m in notes)}); "
          f"notes with 30%+ of their words in five-word sequences of the paper: "
          f"{sum(m.share >= 0.3 for m in notes)}; mean share {sum(m.share for m in notes) / len(notes):.1%}; "
          f"summaries with 30%+: {sum(m.share >= 0.3 for m in summaries)}")
    checks = {
        "63/90 'first for the PoA and the second for the ITI' as the paper's": "the first for the PoA and the second for the ITI\n  (BP" in allsrc,
        "IB note: 'last section was finalized in January 2015'": "last section was finalized in January 2015" in bib,
        "UNGA 2016c = meeting report, not marked inferred": "Identification inferred" not in bib.split("unga-bms6-report")[1][:600],
        "BP author/date unmarked (McDonald, September 2017)": "September 2017" in allsrc or "month = sep" in bib,
        "A/CONF.192/15 without source": "A/CONF.192/15" in bib + docs + allsrc,
        "2030 Agenda long title (Transforming our world)": "Transforming our world" in bib,
        "SG 2014 title unbracketed in the registry": 'title = "Report of the Secretary-General on recent' in docs,
        "BMS5-12 summary opens 'Encourages'": bool(re.search(r"\{para\} BMS5-12\n:summary: Encourages", allsrc)),
    }
    print(f"5. inference/outside-fact items still present: {sum(checks.values())} of {len(checks)}")
    for what, present in checks.items():
        print(f"     {'PRESENT' if present else 'fixed  '}  {what}")
    small = {
        "unplaced 'stockpile management, including physical security measures' phrase":
            "stockpile management, including physical security measures" not in allsrc.replace("\n", " "),
        "BMS6-70 summary merges two points": "Mentions modular weapons and concerns the accurate" in allsrc,
        "BMS6-116 summary presents 103+116 as its own": ":summary: Concerns avoiding duplication and strengthening" in allsrc,
    }
    print(f"6. smaller items still present: {sum(small.values())} of {len(small)}")
    for what, present in small.items():
        print(f"     {'PRESENT' if present else 'fixed  '}  {what}")
    tests = (root / "tests/test_witnesses.py").read_text()
    rules = re.findall(r"^def (test_rule_\w+)", tests, re.M)
    ranges = len(re.findall(r"\[\d+, \d+\]", (edition / "_data/witness_sections.toml").read_text()))
    print(f"7. quotation rules with a failing-case test: {len(rules)} ({', '.join(rules)}); "
          f"witness section ranges: {ranges}; "
          f"prose overlap test: {(root / 'tests/test_overlap.py').exists()}")


if __name__ == "__main__":
    main()
