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
    edition overlap [--all]      the edition's prose against its witnesses
                                 (EDITION_WITNESSES names the witness texts)
    edition stats [MODEL]        paragraphs per document: official text, whole,
                                 fragments, joint, lacunae
    edition ids [MODEL]          every ID with its type and attestation
    edition release X.Y.Z [--dry-run]
                                 a citable release: checks, strict build, the
                                 model kept in _data/releases/, version and
                                 date in pyproject.toml, CITATION.cff,
                                 CHANGELOG.md, a commit and the tag vX.Y.Z;
                                 exit 2 refused
    edition changes [FROM] [TO] [--json] [--exit-code]
                                 what changed, ID by ID, between two models
                                 (releases by version or model files; by
                                 default the last release and the build)

MODEL is the model file a build writes, by default ``_build/html/edition.json``
(``make html``). ``stats`` and ``ids`` read only that file: no Sphinx is loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..model.ids import sort_key, split_id

DEFAULT_MODEL = Path("_build/html/edition.json")


def load_model(path: Path) -> dict:
    """The model file a build wrote; exit 2 with one line when it cannot be used."""
    from .modelread import load_model as read

    return read(path)


def _order(need_id: str) -> tuple:
    siglum, locator = split_id(need_id)
    return siglum, sort_key(locator)


def stats(model: dict) -> list[str]:
    """The coverage table, as the build counted it."""
    from ..model.modelfile import paragraph_counts

    lines = [f"{'document':<10}{'paragraphs':>11}{'official':>9}{'whole':>7}{'fragm.':>8}"
             f"{'group':>7}{'lacunae':>9}"]
    for siglum, c in sorted(paragraph_counts(model).items()):
        lines.append(
            f"{siglum:<10}{c['paragraphs']:>11}{c['official']:>9}{c['whole']:>7}"
            f"{c['fragmentary']:>8}{c['joint']:>7}{c['lacuna']:>9}"
        )
    return lines


def check(src: Path, out: Path, confdir: Path, jobs: str, define: list[str] | None = None,
          report: Path | None = None) -> int:
    """Everything at once (:mod:`.checking`); the citation summary first.
    ``define``: ``name=value`` settings for the build (``-D``)."""
    from .checking import run
    from ..model.buildfiles import REPORT
    from .checking import citation_summary as summary

    settings = {}
    for item in define or []:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            print(f"edition check: -D takes name=value, not {item!r}", file=sys.stderr)
            return 2
        settings[name.strip()] = value
    status = run(src, out, confdir, jobs, offline=os.environ.get("OFFLINE", "") not in ("", "0"),
                 define=settings, report_file=report)
    citations = out / REPORT
    if status != 2 and citations.is_file():
        print("\n".join(summary(json.loads(citations.read_text(encoding="utf-8")))))
    return status


def _conf_of(confdir: Path) -> dict:
    from .checking import CannotRun, _conf

    try:
        return _conf(confdir)
    except CannotRun as err:
        raise SystemExit(f"edition: {err}") from None


def _data_dir(src: Path, confdir: Path) -> Path:
    return src / _conf_of(confdir).get("edition_data", "_data")


def _extensions(confdir: Path) -> tuple[str, ...]:
    """The MyST extensions the build enables (conf.py), for reading pages as it does."""
    return tuple(_conf_of(confdir).get("myst_enable_extensions", ()))


def main(argv: list[str] | None = None) -> int:
    """The command line; whatever goes wrong keeps the documented exit codes:
    an unexpected error or an interruption is one line and exit 2, never a
    traceback and exit 1 (which means "done, with warnings")."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("edition: interrupted", file=sys.stderr)
        return 2
    except SystemExit:
        raise
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        print(f"edition: {where}{err.strerror or err}", file=sys.stderr)
        return 2
    except Exception as err:  # noqa: BLE001 - the documented exit code, not a traceback
        frame = err.__traceback__
        while frame and frame.tb_next:
            frame = frame.tb_next
        place = f" ({Path(frame.tb_frame.f_code.co_filename).name}:{frame.tb_lineno})" if frame else ""
        print(f"edition: internal error{place}: {type(err).__name__}: {err}; please report it "
              "with the command you ran", file=sys.stderr)
        return 2


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="edition", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="fresh strict build and citation summary")
    p.add_argument("--src", type=Path, default=Path("edition"))
    p.add_argument("--out", type=Path, default=Path("_build/check"))
    p.add_argument("--confdir", type=Path, default=Path("."))
    p.add_argument("-j", "--jobs", default="1")
    p.add_argument("-D", "--define", action="append", metavar="NAME=VALUE",
                   help="a setting for the build, as sphinx-build -D (edition release: the version)")
    p.add_argument("--report", type=Path, help="where the report goes (default OUT/report.json)")
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
                                  "only in group fragments, or not at all, per document"),
                       ("ids", "every ID with its type and attestation")):
        p = sub.add_parser(name, help=text)
        p.add_argument("model", nargs="?", type=Path, default=DEFAULT_MODEL,
                       help=f"the model file a build wrote (default {DEFAULT_MODEL})")
    p = sub.add_parser("release", help="a citable release: tagged, its model kept")
    p.add_argument("version", help="X.Y.Z, above the current version")
    p.add_argument("--dry-run", action="store_true", help="check and build; write nothing")
    p.add_argument("--out", type=Path, default=DEFAULT_MODEL.parent)
    p = sub.add_parser("changes", help="what changed, ID by ID, between two models")
    p.add_argument("before", nargs="?", metavar="FROM",
                   help="a release (0.2.0) or a model file (default: the last release)")
    p.add_argument("after", nargs="?", metavar="TO",
                   help=f"a release or a model file (default: the build, {DEFAULT_MODEL})")
    p.add_argument("--json", action="store_true", help="the changes as JSON")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when anything changed")
    p.add_argument("--built", type=Path, default=DEFAULT_MODEL)
    for q in (sub.choices["release"], sub.choices["changes"]):
        q.add_argument("--src", type=Path, default=Path("edition"))
        q.add_argument("--confdir", type=Path, default=Path("."))
    p = sub.add_parser("overlap", help="the edition's prose against its witnesses",
                       add_help=False)
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["overlap"]:
        from .overlap import main as overlap_main

        return overlap_main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.src, args.out, args.confdir, args.jobs, args.define, args.report)
    if args.command == "import":
        from .importing import run as run_import

        if not args.file.is_file():
            print(f"edition import: nothing imported: {args.file} not found")
            return 2
        return run_import(args.siglum, args.file, args.src, _data_dir(args.src, args.confdir),
                          args.dry_run, _extensions(args.confdir))
    if args.command == "collate":
        from .collating import run as run_collate

        return run_collate(args.siglum, args.src, _data_dir(args.src, args.confdir), args.out,
                           _extensions(args.confdir))
    if args.command == "review":
        from .review import run as run_review

        return run_review(args.notes, args.all, args.src, _data_dir(args.src, args.confdir),
                          args.built)
    if args.command == "release":
        from .release import release

        return release(args.version, args.src, args.confdir, args.out, args.dry_run)
    if args.command == "changes":
        from .release import changes

        return changes(args.before, args.after, args.src, args.confdir, args.built, args.json,
                       args.exit_code)
    model = load_model(args.model)
    if args.command == "stats":
        print("\n".join(stats(model)))
    else:
        for obj in sorted(model["objects"], key=lambda o: _order(o["id"])):
            print(f"{obj['id']}\t{obj['type']}\t{obj.get('attestation') or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
