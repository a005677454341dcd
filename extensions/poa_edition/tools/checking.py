"""``edition check``: everything a maintainer needs to know, in one run.

1. a fresh strict build (every citation, reference, ID, extent and data check
   the build makes: :mod:`.consistency`, :mod:`.diagnostics`);
2. citation-shaped text outside a role (:mod:`.plaintext`);
3. refs.bib against the registry (:mod:`.bibcheck`);
4. every quotation against the witness texts, when ``EDITION_WITNESSES``
   names them (:mod:`.quotations`);
5. the external links of refs.bib and the pages, with Sphinx's ``linkcheck``
   builder (``OFFLINE=1`` skips only this, and says so).

It prints a summary and writes ``<out>/report.json`` (paths relative to the
working directory). Exit status: 0 all good, 1 something is wrong, 2 the
check could not run. The report of an earlier run is removed first, so a
check never shows old results.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..model.buildfiles import FOLLOW_ONS, MODEL
from .safewrite import write_atomic

REPORT = "report.json"
WARNING = re.compile(
    r"^(?:(?P<file>[^\n]*?):(?:(?P<line>\d+):)?\s)?(?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$")


class CannotRun(Exception):
    """The check could not run (exit 2); the message says why, in one line."""


def _rel(path: str | Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _problem(kind: str, file: str | Path | None, line: int | None, message: str) -> dict[str, Any]:
    return {"kind": kind, "file": _rel(file) if file else None, "line": line, "message": message}


def _sphinx(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", *args], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})


def _warnings(stderr: str) -> list[dict[str, Any]]:
    out = []
    for line in stderr.splitlines():
        if m := WARNING.match(line.strip()):
            out.append(_problem(m["type"] or m["level"].lower(), m["file"],
                                int(m["line"]) if m["line"] else None, m["message"]))
    return out


def build(src: Path, out: Path, confdir: Path, jobs: str,
          define: dict[str, str] | None = None) -> tuple[list[dict[str, Any]], int]:
    """The fresh strict build (``define``: settings given as ``-D name=value``)."""
    settings = [arg for name, value in (define or {}).items() for arg in ("-D", f"{name}={value}")]
    result = _sphinx(["-b", "html", "-E", "-W", "--keep-going", "-n", "-q", "--no-color",
                      "-j", jobs, *settings, "-c", str(confdir), str(src), str(out)])
    problems = _warnings(result.stderr)
    if result.returncode not in (0, 1) or not (out / MODEL).is_file():
        last = [ln for ln in result.stderr.splitlines() if ln.strip()][-1:] or ["no output"]
        if not problems:
            raise CannotRun(f"the build stopped (sphinx-build exit {result.returncode}): {last[0]}")
    return problems, result.returncode


#: conf.py values that are still placeholders: (name, test, what to do)
PLACEHOLDERS = (
    ("author", lambda v: not v or str(v).strip().lower() in ("the editors", "editors"),
     "name the editors (persons as `Family, Given`, joined by ` and `, or an institution)"),
    ("html_baseurl", lambda v: not v or re.search(r"//(www\.)?example\.(org|com|net)\b", str(v)),
     "set the edition's published address"),
)


def metadata_placeholders(conf: dict[str, Any], confdir: Path) -> list[dict[str, Any]]:
    """The edition's metadata that every citation carries and that is still
    a placeholder (the editors, the published address)."""
    lines = (confdir / "conf.py").read_text(encoding="utf-8").splitlines()
    found = []
    for name, placeholder, fix in PLACEHOLDERS:
        if placeholder(conf.get(name, "")):
            line = next((i for i, text in enumerate(lines, 1)
                         if re.match(rf"{name}\s*=", text)), None)
            found.append(_problem("metadata", confdir / "conf.py", line,
                                  f"{name} = {conf.get(name, '')!r} is a placeholder that every "
                                  f"citation carries: {fix}"))
    return found


def links(src: Path, out: Path, confdir: Path) -> tuple[list[dict[str, Any]], int]:
    """Broken external links, and how many links were checked."""
    dest = out.parent / (out.name + "-linkcheck")
    shutil.rmtree(dest, ignore_errors=True)
    _sphinx(["-b", "linkcheck", "-q", "--no-color", "-c", str(confdir), str(src), str(dest)])
    found, checked = [], 0
    path = dest / "output.json"
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if entry.get("status") in ("working", "redirected", "broken", "timeout"):
                checked += 1
            if entry.get("status") in ("broken", "timeout"):
                found.append(_problem("link", src / f"{entry['filename']}", entry.get("lineno"),
                                      f"{entry['uri']}: {entry['status']} ({entry.get('info', '')})"))
    return found, checked


def _inside(path: Path, root: Path) -> Path | None:
    """``root`` when ``path`` is ``root`` or lies under it."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return root


def _conf(confdir: Path) -> dict[str, Any]:
    """The values conf.py sets (it is plain Python: run it)."""
    import runpy

    try:
        return runpy.run_path(str(confdir / "conf.py"))
    except Exception as err:  # the build reports it; here only the paths matter
        raise CannotRun(f"{confdir / 'conf.py'} cannot be read: {err}") from None


def _witness_map(data: Path, directory: Path) -> tuple[list[dict[str, Any]], set[tuple[str, str]]]:
    """The witness map's soundness (:func:`..model.witnessmap.problems_at`),
    each problem at the map's line at fault; and the (witness, place) pairs
    the problems touch, whose quotations are then not each reported for it."""
    from ..model import witnessmap
    from ..model.registry import DataError

    map_file = data / witnessmap.MAP_FILE
    try:
        maps = witnessmap.read(data)
    except DataError as err:
        return [_problem("witness map", err.path, err.line, err.message)], set()
    found: list[dict[str, Any]] = []
    touched: set[tuple[str, str]] = set()
    for siglum, wmap in maps.items():
        located, places = witnessmap.problems_at(wmap, witnessmap.transcription(directory, wmap))
        found += [_problem("witness map", map_file, line or None, f"{siglum}: {message}")
                  for _place, line, message in located]
        touched |= {(siglum, title) for title in places}
    return found, touched


def _witness_map_and_prose(src: Path, data: Path, directory: Path
                           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Both: the witness map's problems and the prose's."""
    return _witness_map(data, directory)[0], _prose(src, data, directory)


def _prose(src: Path, data: Path, directory: Path) -> list[dict[str, Any]]:
    """Every piece of prose against the bounds (:func:`..model.overlap.over_bounds`)."""
    from ..model import witnessmap
    from ..model.overlap import measure, over_bounds, timeline_pieces, witness_texts
    from ..model.registry import DataError
    from ..model.timeline import FILE as TIMELINE_FILE
    from ..sources.pages import prose

    try:
        maps = witnessmap.read(data)
    except DataError:
        return []  # reported as the witness map's problem
    pieces = list(prose(src))
    timeline_file = data / TIMELINE_FILE
    if timeline_file.is_file():
        try:
            pieces += timeline_pieces(timeline_file, tuple(maps))
        except DataError:
            pass  # the build reports it, located
    found_p = [_problem("prose", m.prose.path, m.prose.line, f"{m.prose.kind} {m.prose.id} "
                        f"{wrong}; write it in the edition's own words, or quote with ‘…’")
               for m in measure(pieces, witness_texts(directory, data)) for wrong in over_bounds(m)]
    return found_p


def unknown_reviews_in(data: Path, out: Path) -> list[dict[str, Any]]:
    """``reviews.toml``'s tables for notes the build has not, and its targets
    that are no ID of the edition (:func:`..model.suspects.unknown_reviews`,
    against the model file the build wrote)."""
    import tomllib

    from ..model.modelfile import ModelFileError, load as load_model
    from ..model.registry import REVIEWS_FILE
    from ..model.suspects import unknown_reviews

    path = data / REVIEWS_FILE
    try:
        text = path.read_text(encoding="utf-8")
        reviews = tomllib.loads(text)
        objects = load_model(out / MODEL)["objects"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ModelFileError):
        return []  # no reviews yet, or the build has reported why not, located
    kinds = {o["id"]: o["kind"] for o in objects}
    tables = {n: t for n, t in reviews.items() if isinstance(t, dict)}
    return [_problem("reviews", path, line, message)
            for line, message in unknown_reviews(text, tables, kinds, path.name)]


def _witnesses_readable(src: Path, confdir: Path) -> None:
    """When ``EDITION_WITNESSES`` is set, the quotation check was asked for:
    the directory, its files and the witness section map must be usable, or
    the check cannot run (:class:`CannotRun`, exit 2), never "skipped"."""
    from ..model.quotations import MAP_FILE, missing_files, witnesses as quote_witnesses
    from ..model.registry import DataError

    witnesses = os.environ.get("EDITION_WITNESSES", "")
    if not witnesses:
        return
    data = src / _conf(confdir).get("edition_data", "_data")
    if not Path(witnesses).is_dir():
        raise CannotRun(f"the quotations cannot be checked: EDITION_WITNESSES={witnesses} "
                        "is not a directory")
    if not (data / MAP_FILE).is_file():
        raise CannotRun(f"the quotations cannot be checked: no witness section map "
                        f"({_rel(data / MAP_FILE)})")
    try:
        why = missing_files(Path(witnesses), data)
        if why is None:
            quote_witnesses(Path(witnesses), data)
    except DataError as err:
        raise CannotRun(f"the quotations cannot be checked: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CannotRun(f"the quotations cannot be checked: {err}") from None
    if why is not None:
        raise CannotRun(f"the quotations cannot be checked: {why}")


def run(src: Path, out: Path, confdir: Path, jobs: str = "1", offline: bool = False,
        release: bool | None = None, define: dict[str, str] | None = None,
        report_file: Path | None = None) -> int:
    """``release``: a release build, where placeholder metadata is an error
    (default: ``RELEASE=1`` in the environment). ``define``: settings the
    build is given (``-D name=value``; ``edition release`` builds so as the
    version it makes). ``report_file``: where the report goes (default
    ``<out>/report.json``)."""
    report_file = report_file or out / REPORT
    if release is None:
        release = os.environ.get("RELEASE", "") not in ("", "0")
    from .bibcheck import check as bib_check
    from ..model.modelfile import ModelFileError, load as load_model, paragraph_counts
    from .plaintext import scan_tree
    from ..model.quotations import from_model
    from ..model.quotations import check as quote_check
    from ..model.quotations import witnesses as quote_witnesses
    from ..model.timeline import FILE as TIMELINE_FILE
    from ..model.registry import DataError, load

    try:
        if not src.is_dir():
            raise CannotRun(f"no source directory {src}")
        if not (confdir / "conf.py").is_file():
            raise CannotRun(f"no conf.py in {confdir}")
        inside = _inside(out, src) or _inside(out, confdir / "extensions") or _inside(src, out)
        if inside or out.resolve() == confdir.resolve():
            raise CannotRun(f"--out {out} lies in the sources ({inside or confdir}): a check "
                            "writes a whole site there; give a directory under _build")
        # the report is a new file of its own: not in the sources, not beside conf.py
        # (conf.py, refs.bib and pyproject.toml are there), and a .json file
        if (_inside(report_file, src) or _inside(report_file, confdir / "extensions")
                or report_file.resolve().parent == confdir.resolve()
                or report_file.suffix != ".json"):
            raise CannotRun(f"--report {report_file} lies in the sources or is no .json file: "
                            "give a path under _build ending in .json")
        out.mkdir(parents=True, exist_ok=True)
        report_file.parent.mkdir(parents=True, exist_ok=True)
        report_file.unlink(missing_ok=True)
        # a check that was asked for and cannot run: said before the build, exit 2
        _witnesses_readable(src, confdir)
        problems, status = build(src, out, confdir, jobs, define)
        # one error per cause: the build's count of what it left unreported is no problem
        follow_ons = [p for p in problems if FOLLOW_ONS in p["message"]]
        problems = [p for p in problems if FOLLOW_ONS not in p["message"]]
        checks: dict[str, Any] = {"build": len(problems)}
        if follow_ons:
            checks["not reported"] = follow_ons[0]["message"].split(":")[0] + \
                " (they may follow from the first error)"

        review = out / "edition-review.json"
        suspect = []
        if review.is_file():
            state = json.loads(review.read_text(encoding="utf-8"))
            suspect = [f for f in state["findings"] if f["state"] == "suspect"]
        where = state.get("locations", {}) if review.is_file() else {}
        located = {n: (src / f, line) for n, (f, line) in where.items()}
        problems += [_problem("suspect note", *(located.get(f["note"]) or (None, None)),
                              f"{f['note']}: the text of {f['target']} has changed since the note "
                              f"was last reviewed; read it, then `edition review {f['note']}`")
                     for f in suspect]
        checks["suspect notes"] = len({f["note"] for f in suspect})

        hits = scan_tree(src)
        problems += [_problem("plain-text citation", h.path, h.line, h.message) for h in hits]
        checks["plain-text citations"] = len(hits)

        conf = _conf(confdir)
        data = src / conf.get("edition_data", "_data")  # an absolute path stays as it is
        bibfiles = [confdir / name for name in conf.get("bibtex_bibfiles", ["refs.bib"])]
        bibfile = bibfiles[0] if bibfiles else confdir / "refs.bib"
        try:
            edition = load(data)
        except DataError:
            edition = None  # the build has reported it, located
        if edition is not None and bibfile.is_file():
            try:
                found = bib_check(bibfile, edition)
            except Exception as err:  # a syntax error: the build has reported it, located
                found = []
                checks["refs.bib"] = f"not read ({type(err).__name__})"
            else:
                problems += [_problem("refs.bib", p.file or bibfile, p.line, p.message) for p in found]
                checks["refs.bib"] = len(found)

        witnesses = os.environ.get("EDITION_WITNESSES", "")
        # the witnesses were found readable before the build (_witnesses_readable)
        model = None
        if witnesses:
            # the quotations and note places the build read (its model file)
            try:
                model = load_model(out / MODEL)
            except ModelFileError as err:
                if not problems:
                    raise CannotRun(f"the quotations cannot be checked: {err}") from None
        if not witnesses:
            checks["quotations"] = ("not run: EDITION_WITNESSES does not name the witness "
                                    "texts")
        elif model is None:  # the build could not read the edition: its problems say why
            checks["quotations"] = "not run: the build failed (fix the problems above first)"
        else:
            items, places = from_model(model)
            # the map first: a bad range is reported once, at its line, and the
            # quotations of the places it touches are counted, not each reported
            found_m, touched = _witness_map(data, Path(witnesses))
            problems += found_m
            checks["witness map"] = len(found_m)

            here = _rel(src)
            timeline_file = data / TIMELINE_FILE
            try:
                texts = quote_witnesses(Path(witnesses), data)
            except (DataError, OSError, UnicodeDecodeError) as err:
                raise CannotRun(f"the quotations cannot be checked: {err}") from None
            withheld: list[tuple[str, int, str]] = []
            found_q = list(quote_check(
                [(f"{here}/{f}", line, o, w) for f, line, o, w in items],
                [(f"{here}/{f}", line, s, pl) for f, line, s, pl in places],
                texts, timeline_file, _rel(timeline_file),
                held=touched, withheld=withheld))
            problems += [_problem("quotation", where, line, message) for where, line, message in found_q]
            checks["quotations"] = len(found_q)
            if withheld:
                checks["quotations"] = (f"{len(found_q)} problem(s); {len(withheld)} further "
                                        "problem(s) not reported (they may follow from the "
                                        "witness map's problems)")
            found_p = _prose(src, data, Path(witnesses))
            problems += found_p
            checks["prose"] = len(found_p)

        if data.resolve().is_relative_to(src.resolve()):
            found_r = unknown_reviews_in(data, out)
            problems += found_r
            checks["reviews"] = len(found_r)
        else:  # a small project built with another's data lacks most of its notes
            checks["reviews"] = f"not checked: the data ({data}) is not in the sources"

        placeholders = metadata_placeholders(conf, confdir)
        if placeholders and release:  # a release must not carry them
            problems += placeholders
            checks["edition metadata"] = len(placeholders)
        elif placeholders:
            for p in placeholders:
                print(f"{p['file']}:{p['line']}: warning: [metadata] {p['message']}", file=sys.stderr)
            checks["edition metadata"] = f"{len(placeholders)} placeholder(s): warning (RELEASE=1 fails)"
        else:
            checks["edition metadata"] = 0

        if offline:
            checks["external links"] = "skipped (OFFLINE=1)"
        else:
            found_l, checked = links(src, out, confdir)
            problems += found_l
            # "ok" only when something was checked
            checks["external links"] = (len(found_l) if found_l else
                                        f"ok, {checked} checked" if checked else
                                        "nothing checked: no external address")

        try:
            cover = paragraph_counts(load_model(out / MODEL))
        except ModelFileError:
            cover = {}
    except CannotRun as err:
        print(f"edition check: {err}", file=sys.stderr)
        return 2

    report = {"ok": not problems, "complete": not any(
                  isinstance(v, str) and v.startswith(("not run", "skipped"))
                  for v in checks.values()), "checks": checks, "problems": problems, "coverage": cover}
    write_atomic(report_file, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(summary(report))
    print(f"report: {_rel(report_file)}")
    return 0 if not problems else 1


def problem_line(p: dict[str, Any]) -> str:
    """One problem of the report as the summary prints it: ``file:line: [kind] message``."""
    where = f"{p['file']}:{p['line']}" if p["file"] and p["line"] else (p["file"] or "-")
    return f"{where}: [{p['kind']}] {p['message']}"


def summary(report: dict[str, Any]) -> str:
    lines = [problem_line(p) for p in report["problems"]]
    lines.append("")
    for name, value in report["checks"].items():
        state = "ok" if value == 0 else (f"{value} problem(s)" if isinstance(value, int) else value)
        lines.append(f"  {name:<22} {state}")
    if report["coverage"]:
        lines.append("")
        lines.append(f"  {'document':<10}{'paras':>6}{'offic.':>7}{'whole':>7}{'fragm.':>8}"
                     f"{'group':>7}{'lacuna':>8}{'noted':>7}")
        for siglum, c in report["coverage"].items():
            lines.append(f"  {siglum:<10}{c['paragraphs']:>6}{c['official']:>7}{c['whole']:>7}"
                         f"{c['fragmentary']:>8}{c['joint']:>7}{c['lacuna']:>8}"
                         f"{c['with commentary']:>7}")
    n = len(report["problems"])
    lines.append("")
    skipped = [name for name, value in report["checks"].items()
               if isinstance(value, str) and value.startswith(("not run", "skipped"))]
    lines.append(f"check: FAILED, {n} problem(s)" if n else
                 f"check: passed, but not everything was checked: {', '.join(skipped)}"
                 if skipped else "check: passed")
    return "\n".join(lines)


def citation_summary(report: dict[str, Any]) -> list[str]:
    pc = report["paragraph_citations"]
    held = pc.get("not_reported", 0)
    lines = [
        f"paragraph citations: {pc['found']} found, {pc['resolved']} resolved, {pc['failed']} failed"
        + (f", {held} not checked (they may follow from the first error)" if held else ""),
        f"works cited: {report['works']['resolved']} resolved, {report['works']['unresolved']} unresolved; "
        f"notes citing: {report['notes_with_citations']}",
        f"{'document':<12}{'found':>7}{'resolved':>10}{'failed':>8}",
    ]
    for siglum, c in report["per_document"].items():
        lines.append(f"{siglum:<12}{c['found']:>7}{c['resolved']:>10}{c['failed']:>8}")
    for f in report["failures"]:
        lines.append(f"FAILED {f['file']}:{f['line']}: {f['citation']!r}: {f['problem']}")
    return lines
