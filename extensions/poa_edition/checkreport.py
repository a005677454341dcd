"""The maintainers' report: ``<outdir>/edition-report.json``.

Written at the end of every build; ``edition check`` prints its summary.
Counts are of paragraph references: ``paras. 33–35, 104`` is four.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .citing import Failure, records
from .state import per_build

REPORT = "edition-report.json"


def build_report(app: Sphinx) -> dict[str, Any]:
    env = app.env
    docs: dict[str, Counter] = {}
    failures: list[Failure] = list(per_build(app, "late_failures", list))
    notes: set[str] = set()
    works = Counter()
    cited: list[dict[str, Any]] = []
    for docname in sorted(records(env)):
        recs = records(env)[docname]
        failures.extend(recs.failures)
        for rec in recs.cites:
            notes.add(rec.note)
            cited.append({"file": str(env.doc2path(docname)), "line": rec.lineno, "note": rec.note,
                          "citation": rec.text, "work": rec.label, "bibkey": rec.bibkey,
                          "ids": list(rec.ids), "other": list(rec.other)})
            works["resolved"] += 1
            if rec.ids:
                docs.setdefault(rec.siglum, Counter())["found"] += len(rec.ids)
    works["failed"] = len(work_failures(failures))
    for f in failures:
        if f.siglum is not None:
            docs.setdefault(f.siglum, Counter())["failed"] += 1
    for c in docs.values():
        c["resolved"] = c["found"] - c["failed"]
    total = sum((c for c in docs.values()), Counter())
    return {
        "paragraph_citations": {
            "found": total["found"], "resolved": total["found"] - total["failed"],
            "failed": total["failed"],
        },
        "per_document": {
            s: {"found": c["found"], "resolved": c["resolved"], "failed": c["failed"]}
            for s, c in sorted(docs.items())
        },
        "works": {"resolved": works["resolved"], "unresolved": works["failed"]},
        "notes_with_citations": len(notes),
        "citations": cited,
        "failures": [
            {"file": str(env.doc2path(f.docname)), "line": f.lineno, "citation": f.text,
             "problem": f.problem}
            for f in sorted(failures, key=lambda f: (f.docname, f.lineno, f.text))
        ],
    }


def work_failures(failures: list[Failure]) -> list[Failure]:
    """Failures of the work itself (label, key, siglum), not of a paragraph."""
    return [f for f in failures if f.siglum is None]


def write_report(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not app.builder:
        return
    report = build_report(app)
    path = Path(app.outdir, REPORT)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                    encoding="utf-8")


def summary(report: dict[str, Any]) -> list[str]:
    pc = report["paragraph_citations"]
    lines = [
        f"paragraph citations: {pc['found']} found, {pc['resolved']} resolved, {pc['failed']} failed",
        f"works cited: {report['works']['resolved']} resolved, {report['works']['unresolved']} unresolved; "
        f"notes citing: {report['notes_with_citations']}",
        f"{'document':<12}{'found':>7}{'resolved':>10}{'failed':>8}",
    ]
    for siglum, c in report["per_document"].items():
        lines.append(f"{siglum:<12}{c['found']:>7}{c['resolved']:>10}{c['failed']:>8}")
    for f in report["failures"]:
        lines.append(f"FAILED {f['file']}:{f['line']}: {f['citation']!r}: {f['problem']}")
    return lines
