"""``edition collate SIGLUM``: every witness quotation against the official text.

Reads the pages (the ``{wording}`` blocks in each ``para`` and ``section``)
and ``texts/<SIGLUM>.toml``; no build is needed. Prints a table, writes
``collation-<SIGLUM>.json`` beside the check report, and exits 1 when any
quotation differs from the official text or stands in another paragraph than
the one it is attributed to, 0 when all agree, 2 when it cannot run.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import collation
from ..model import joint
from ..sources import pages as sources
from ..model.registry import DataError, load
from .safewrite import write_atomic


def collate_all(siglum: str, src: Path, data: Path,
                extensions: tuple[str, ...] = sources.DEFAULT_EXTENSIONS) -> list[dict]:
    edition = load(data)
    if siglum not in edition.documents:
        raise LookupError(f"{siglum!r} is not a registered document; registered: "
                          f"{', '.join(sorted(edition.documents))}")
    text = edition.texts.get(siglum)
    if text is None:
        raise LookupError(f"no official text of {siglum} in the edition yet "
                          f"({data.name}/texts/{siglum}.toml): `edition import {siglum} FILE`")
    rows = []
    for page in sources.read_tree(src, extensions):
        for block in page.blocks:
            if not block.id.startswith(f"{siglum}-"):
                continue
            for q in block.quotations:
                row = {"id": block.id, "witness": q.witness, "place": q.place,
                       "file": str(page.path.relative_to(src.parent)) if page.path.is_relative_to(src.parent) else str(page.path),
                       "line": q.line, "quotation": q.text}
                # a joint fragment is attributed to its whole group
                others = (joint.parse_with(q.options.get("with", ""))
                          if q.options.get("extent") == "joint" else ())
                result = collation.collate_quotation(text, block.id, q.text, others)
                if result is None:
                    row.update(status="no official unit", differences=[], official="",
                               found_in=None)
                else:
                    row.update(result.to_json())
                rows.append(row)
    return rows


def table(rows: list[dict]) -> list[str]:
    out = [f"{'ID':<14}{'witness':<8}{'result':<11}details"]
    for r in rows:
        if r["status"] == collation.AGREES:
            details = ""
        elif r["status"] == collation.VARIANT:
            details = "; ".join(f"{r['witness']} ‘{w}’ | official ‘{o}’" for w, o in r["differences"])
        elif r["status"] == collation.ELSEWHERE:
            details = f"stands in {r['found_in']}" + (
                ": " + "; ".join(f"‘{w}’ | ‘{o}’" for w, o in r["differences"])
                if r["differences"] else "")
        elif r["status"] == collation.ABSENT:
            details = f"‘{r['quotation'][:60]}’ is nowhere in the official text"
        else:
            details = "the official text has no such unit"
        out.append(f"{r['id']:<14}{r['witness']:<8}{r['status']:<11}{details}  "
                   f"({r['file']}:{r['line']})")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    out.append("")
    out.append(f"{len(rows)} quotation(s): " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    return out


def run(siglum: str, src: Path, data: Path, out: Path,
        extensions: tuple[str, ...] = sources.DEFAULT_EXTENSIONS) -> int:
    try:
        rows = collate_all(siglum, src, data, extensions)
    except (LookupError, DataError) as err:
        print(f"edition collate: {err}")
        return 2
    print("\n".join(table(rows)))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"collation-{siglum}.json"
    write_atomic(path, json.dumps({"siglum": siglum, "quotations": rows}, indent=1,
                                  ensure_ascii=False) + "\n")
    print(f"written: {path}")
    bad = [r for r in rows if r["status"] != collation.AGREES]
    return 1 if bad else 0
