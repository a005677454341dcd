"""The maintainers' report: ``<outdir>/edition-report.json``.

Written at the end of every build from the ``ed`` domain's data (so it
never describes an earlier build); ``edition check`` prints its summary.
Counts are of paragraph references: ``paras. 33–35, 104`` is four.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..model.records import Problem
from ..model.buildfiles import REPORT
from ..speed.filesync import write_if_changed
from ..sphinxext.diagnostics import is_follow_on
from ..sphinxext.state import per_build



def build_report(app: Sphinx) -> dict[str, Any]:
    env = app.env
    domain = env.get_domain("ed")
    failures: list[Problem] = [p for p in domain.problems() if p.subtype == "citation"]
    failures += [p for p in per_build(app, "consistency_problems", list) if p.subtype == "citation"]
    # one error per cause: those that may follow from a file that could not be
    # used are not failures, nor resolved: they are counted as not reported
    held = [p for p in failures if is_follow_on(p.message)]
    failures = [p for p in failures if not is_follow_on(p.message)]
    docs: dict[str, Counter] = {}
    notes: set[str] = set()
    cited: list[dict[str, Any]] = []
    for docname in sorted(domain.docs):
        file = None
        for rec in domain.docs[docname].cites:
            notes.add(rec.note)
            file = file or _rel(app, docname)
            cited.append({"file": file, "line": rec.lineno, "note": rec.note,
                          "citation": rec.text, "work": rec.label, "bibkey": rec.bibkey,
                          "ids": list(rec.ids), "other": list(rec.other)})
            if rec.ids:
                docs.setdefault(rec.siglum, Counter())["found"] += len(rec.ids)
    work_failures = [f for f in failures if f.siglum is None]
    for f in failures:
        if f.siglum is not None:
            docs.setdefault(f.siglum, Counter())["failed"] += 1
    for f in held:
        if f.siglum is not None:
            docs.setdefault(f.siglum, Counter())["held"] += 1
    total = sum((c for c in docs.values()), Counter())
    return {
        "paragraph_citations": {
            "found": total["found"], "resolved": total["found"] - total["failed"] - total["held"],
            "failed": total["failed"],
            # (only when some are: those that may follow from the first error)
            **({"not_reported": len(held)} if held else {}),
        },
        "per_document": {
            s: {"found": c["found"], "resolved": c["found"] - c["failed"] - c["held"],
                "failed": c["failed"]}
            for s, c in sorted(docs.items())
        },
        "works": {"resolved": len(cited), "unresolved": len(work_failures)},
        "notes_with_citations": len(notes),
        "citations": cited,
        "failures": [
            {"file": _rel(app, f.docname), "line": f.lineno, "citation": f.text, "problem": f.message}
            for f in sorted(failures, key=lambda f: (f.docname, f.lineno, f.text))
        ],
    }


def _rel(app: Sphinx, docname: str) -> str:
    """The source file, relative to the project (the directory above the sources)."""
    path = Path(app.env.doc2path(docname))
    base = Path(app.srcdir).parent
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def write_report(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not app.builder:
        return
    report = build_report(app)
    path = Path(app.outdir, REPORT)
    write_if_changed(path, (json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True)
                            + "\n").encode("utf-8"))


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_report)
