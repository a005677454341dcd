"""``edition``: the maintainers' command line.

    edition check [--src edition --out _build/check]
                                 everything at once: strict build, plain-text
                                 citations, refs.bib, quotations, external links
                                 (OFFLINE=1 skips those); exit 0 good, 1 wrong,
                                 2 could not run
    edition import SIGLUM FILE [--dry-run]
                                 establish a document's official text from its
                                 PDF or `pdftotext -layout` text; exit 0
                                 imported, 1 imported with warnings to read,
                                 2 nothing imported
    edition collate SIGLUM       every witness quotation against the official
                                 text; exit 1 on a variant or misattribution
    edition review NOTE-ID ... | --all
                                 record that the notes were read against the
                                 current text of what they discuss
    edition stats [NEEDS_JSON]   paragraphs per document: official text, whole,
                                 fragments, joint, lacunae
    edition ids [NEEDS_JSON]     every ID with its type and attestation

NEEDS_JSON defaults to ``_build/html/needs.json`` (written by ``make html``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from .ids import sort_key, split_id

DEFAULT_NEEDS = Path("_build/html/needs.json")


def load_needs(path: Path) -> dict[str, dict]:
    from .exchange import ExchangeError, read_needs

    if not path.exists():
        raise SystemExit(f"edition: {path} not found; run `make html` first")
    from .diagnostics import RUNNING_MARKER

    if (path.parent / ".doctrees" / RUNNING_MARKER).exists():
        raise SystemExit(f"edition: the last build into {path.parent} did not finish, so "
                         f"{path.name} may be partial; run `make html` again")
    try:
        return read_needs(path)
    except ExchangeError as err:
        raise SystemExit(f"edition: {path}: {err.message}") from None


def _order(need_id: str) -> tuple:
    siglum, locator = split_id(need_id)
    return siglum, sort_key(locator)


def stats(needs: dict[str, dict]) -> list[str]:
    per_doc: dict[str, Counter] = {}
    for need in needs.values():
        if need["type"] in ("outcome", "commitment"):
            per_doc.setdefault(need["siglum"], Counter())[need["attestation"]] += 1
    lines = [f"{'document':<10}{'paragraphs':>11}{'official':>9}{'whole':>7}{'fragm.':>8}"
             f"{'joint':>7}{'lacunae':>9}"]
    for siglum in sorted(per_doc):
        c = per_doc[siglum]
        lines.append(
            f"{siglum:<10}{sum(c.values()):>11}{c['official']:>9}{c['whole']:>7}"
            f"{c['fragmentary']:>8}{c['joint']:>7}{c['lacuna']:>9}"
        )
    return lines


def check(src: Path, out: Path, confdir: Path, jobs: str) -> int:
    """Everything at once (:mod:`.checking`); the citation summary first."""
    from .checking import run
    from .report import REPORT, summary

    status = run(src, out, confdir, jobs, offline=os.environ.get("OFFLINE", "") not in ("", "0"))
    citations = out / REPORT
    if status != 2 and citations.is_file():
        print("\n".join(summary(json.loads(citations.read_text(encoding="utf-8")))))
    return status


def _data_dir(src: Path, confdir: Path) -> Path:
    from .checking import CannotRun, _conf

    try:
        return src / _conf(confdir).get("edition_data", "_data")
    except CannotRun as err:
        raise SystemExit(f"edition: {err}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edition", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="fresh strict build and citation summary")
    p.add_argument("--src", type=Path, default=Path("edition"))
    p.add_argument("--out", type=Path, default=Path("_build/check"))
    p.add_argument("--confdir", type=Path, default=Path("."))
    p.add_argument("-j", "--jobs", default="1")
    p = sub.add_parser("import", help="establish a document's official text")
    p.add_argument("siglum")
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p = sub.add_parser("collate", help="witness quotations against the official text")
    p.add_argument("siglum")
    p.add_argument("--out", type=Path, default=Path("_build/check"))
    p = sub.add_parser("review", help="record that notes were read against the current text")
    p.add_argument("notes", nargs="*")
    p.add_argument("--all", action="store_true", help="every note (a new baseline)")
    p.add_argument("--built", type=Path, default=Path("_build/html"))
    for q in sub.choices.values():
        if q.prog.split()[-1] in ("import", "collate", "review"):
            q.add_argument("--src", type=Path, default=Path("edition"))
            q.add_argument("--confdir", type=Path, default=Path("."))
    for name, text in (("stats", "paragraphs with the official text, quoted whole, in fragments, "
                                  "jointly, or not at all, per document"),
                       ("ids", "every ID with its type and attestation")):
        p = sub.add_parser(name, help=text)
        p.add_argument("needs_json", nargs="?", type=Path, default=DEFAULT_NEEDS)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.src, args.out, args.confdir, args.jobs)
    if args.command == "import":
        from .importing import run as run_import

        if not args.file.is_file():
            print(f"edition import: nothing imported: {args.file} not found")
            return 2
        return run_import(args.siglum, args.file, args.src, _data_dir(args.src, args.confdir),
                          args.dry_run)
    if args.command == "collate":
        from .collating import run as run_collate

        return run_collate(args.siglum, args.src, _data_dir(args.src, args.confdir), args.out)
    if args.command == "review":
        from .review import run as run_review

        return run_review(args.notes, args.all, args.src, _data_dir(args.src, args.confdir),
                          args.built)
    needs = load_needs(args.needs_json)
    if args.command == "stats":
        print("\n".join(stats(needs)))
    else:
        for need_id in sorted(needs, key=_order):
            need = needs[need_id]
            print(f"{need_id}\t{need['type']}\t{need.get('attestation') or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
