"""``edition release X.Y.Z`` and ``edition changes [FROM] [TO]``.

``release`` refuses, with one line and exit 2, on a working tree with
uncommitted changes, a version not above the current one (pyproject.toml's,
and the last release's), a strict build that fails, or a failing
``make check`` (``edition check``, as the Makefile runs it, whose fresh
strict build of the HTML, as that version, is the release's; its report goes
to ``_build/check/report.json``). Otherwise it

- keeps the build's model, ``_build/html/edition.json``, as
  ``<edition_data>/releases/X.Y.Z.json``;
- sets the version in pyproject.toml, the one place it is set, and the
  release date beside it: the date of the commit released (UTC), not the
  clock, so a build of the same commit gives the same bytes;
- writes ``CITATION.cff`` (:mod:`..outputs.formats.citationcff`) and adds
  the release's changes to ``CHANGELOG.md``;
- commits these files (dated as the commit released) and tags ``vX.Y.Z``.

Every write is atomic (:func:`.safewrite.write_atomic`). ``--dry-run`` does the checks and
the build and prints what it would write, writing nothing to the sources.

``changes`` compares two models (:func:`..model.changes.compare`): by
default the last release and the current build; FROM and TO may be
versions of releases (``0.2.0`` or ``v0.2.0``) or model files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..model import changes as ch
from ..model import releases
from ..model.buildfiles import MODEL
from ..model.modelfile import ModelFileError, dumps, load
from ..outputs.formats import citationcff
from .safewrite import write_atomic

CHANGELOG = "CHANGELOG.md"
CHANGELOG_HEAD = ("# Changelog\n\nEach release of the edition, with what changed, ID by ID "
                  "(`edition changes`). Written by `edition release`.\n")


class Refused(Exception):
    """The release cannot be made (exit 2); the message says why, in one line."""


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise Refused(f"git {args[0]} failed: {last}")
    return result.stdout


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "no output"


def _first_warning(text: str) -> str:
    for line in text.splitlines():
        if "WARNING" in line or "ERROR" in line:
            return line.strip()
    return _last_line(text)


def set_project(text: str, version: str, date: str) -> str:
    """pyproject.toml's text with ``[project] version`` and ``[tool.poa-edition]
    release-date`` set (the table added when missing); the rest kept as it is."""
    import re

    lines = text.splitlines(keepends=True)
    table = None
    done = {"version": False, "date": False}
    for i, line in enumerate(lines):
        if m := re.match(r"^\s*\[([^\]]+)\]\s*$", line):
            table = m[1].strip()
        elif table == "project" and re.match(r"^version\s*=", line):
            lines[i] = f'version = "{version}"\n'
            done["version"] = True
        elif table == f"tool.{releases.TOOL}" and re.match(r"^release-date\s*=", line):
            lines[i] = f'release-date = "{date}"\n'
            done["date"] = True
    if not done["version"]:
        raise Refused("pyproject.toml has no [project] version to set")
    out = "".join(lines)
    if not done["date"]:
        out = out.rstrip("\n") + (f"\n\n[tool.{releases.TOOL}]\n# the release date of `version`, "
                                  f"from the commit released (edition release writes both)\n"
                                  f'release-date = "{date}"\n')
    return out


def _changelog(path: Path, section: str) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = CHANGELOG_HEAD
    head, sep, rest = text.partition("\n## ")
    return head.rstrip("\n") + "\n\n" + section + ("\n## " + rest if sep else "")


def release(version: str, src: Path, confdir: Path, out: Path, dry_run: bool) -> int:
    try:
        return _release(version, src, confdir, out, dry_run)
    except Refused as err:
        print(f"edition release: refused: {err}", file=sys.stderr)
        return 2


def _release(version: str, src: Path, confdir: Path, out: Path, dry_run: bool) -> int:
    root = confdir.resolve()
    data_dir = src / _data_name(confdir)
    if ch.parse_version(version) is None:
        raise Refused(f"{version!r} is not a version X.Y.Z")
    version = version.removeprefix("v")
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    except Refused:
        raise Refused(f"{root} is not in a git repository") from None
    dirty = [ln[3:] for ln in _git(top, "status", "--porcelain").splitlines() if ln.strip()]
    if dirty:
        raise Refused(f"the working tree has uncommitted changes ({len(dirty)} file(s): "
                      f"{', '.join(dirty[:3])}{', …' if len(dirty) > 3 else ''}); commit them first")
    try:
        info = releases.project_info(root)
    except releases.ReleaseError as err:
        raise Refused(str(err)) from None
    if info is None:
        raise Refused(f"no pyproject.toml in {root}")
    current, _date = info
    last = releases.latest(data_dir)
    above = max((v for v in (current, last) if v and ch.parse_version(v)),
                key=lambda v: ch.parse_version(v), default=None)
    if above and ch.parse_version(version) <= ch.parse_version(above):
        raise Refused(f"{version} is not above the current version {above}")
    if _git(top, "tag", "--list", f"v{version}").strip():
        raise Refused(f"the tag v{version} exists already")
    head = _git(top, "rev-parse", "--short", "HEAD").strip()
    stamp = _git(top, "show", "-s", "--format=%cI", "HEAD").strip()
    date = _git(top, "show", "-s", "--format=%cd", "--date=format-local:%Y-%m-%d", "HEAD",
                env={"TZ": "UTC"}).strip()
    tag = f"edition release {version}"

    # the strict build, as this version, and everything `make check` checks:
    # one fresh build (`edition check` into the HTML folder, its report
    # beside the Makefile's, in <out>/../check)
    report_file = out.parent / "check" / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "poa_edition.tools.cli", "check", "--src", str(src),
         "--out", str(out), "--confdir", str(confdir), "--report", str(report_file),
         "-D", f"release={version}", "-D", f"version={version}", "-D", f"edition_date={date}"],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    if result.returncode == 2:
        raise Refused(f"make check could not run: {_last_line(result.stderr)}")
    try:
        report = json.loads(report_file.read_text(encoding="utf-8"))
        failed_build = report["checks"]["build"]
    except (OSError, ValueError, KeyError, TypeError):
        raise Refused(f"make check wrote no report ({report_file}): "
                      f"{_last_line(result.stderr)}") from None
    if failed_build or not (out / MODEL).is_file():
        from .checking import problem_line

        # the build's problems come first in the report
        first = problem_line(report["problems"][0]) if report["problems"] else \
            _first_warning(result.stderr)
        raise Refused(f"the strict build failed ({failed_build} problem(s)): {first}")
    print(f"{tag}: the strict build passed")
    if result.returncode != 0:
        failed = next((ln for ln in result.stdout.splitlines() if ln.startswith("check: ")),
                      "check: FAILED")
        raise Refused(f"make check failed ({failed.removeprefix('check: ')}); "
                      f"see {report_file}")
    warnings = [ln for ln in result.stderr.splitlines() if ": warning: " in ln]
    print(f"{tag}: make check passed" + (f" ({len(warnings)} warning(s))" if warnings else ""))
    for line in warnings:
        print(f"  {line}")

    try:
        model = load(out / MODEL)
    except ModelFileError as err:
        raise Refused(str(err)) from None
    if model["edition"].get("version") != version:
        raise Refused(f"the build made version {model['edition'].get('version')!r}, not {version}")
    previous = releases.read(data_dir)[-1:] if last else []
    comparison = ch.compare(previous[0], model) if previous else None
    section = ch.changelog_section(comparison, version, date, model)

    release_file = data_dir / releases.DIRNAME / f"{version}.json"
    pyproject = root / releases.PYPROJECT
    cff_file = root / citationcff.FILENAME
    changelog = root / CHANGELOG
    changed = (f"{len(comparison.ids)} ID(s) changed since {comparison.before['version']}"
               if comparison else "the first release")
    print(f"{tag} ({date}, the date of commit {head}):")
    what = "would write" if dry_run else "writes"
    for path, text in (
            (release_file, f"the model of this release ({len(model['objects'])} IDs)"),
            (pyproject, f"version {current} -> {version}, release-date {date}"),
            (cff_file, f"version {version}, released {date}"),
            (changelog, changed)):
        print(f"  {what} {_rel(path, top)}: {text}")
    print(f"  {'would commit' if dry_run else 'commits'} \"Release {version}\" and "
          f"{'would tag' if dry_run else 'tags'} v{version}")
    if comparison and comparison.ids:
        for line in ch.text_lines(comparison):
            print(f"    {line}")
    if dry_run:
        print(f"{tag}: dry run: nothing written")
        return 0

    write_atomic(release_file, dumps(model))
    write_atomic(pyproject, set_project(pyproject.read_text(encoding="utf-8"), version, date))
    write_atomic(cff_file, citationcff.cff(model["edition"]))
    write_atomic(changelog, _changelog(changelog, section))
    paths = [str(p.resolve().relative_to(top)) for p in (release_file, pyproject, cff_file, changelog)]
    dated = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    _git(top, "add", "--", *paths)
    _git(top, "commit", "-q", "-m", f"Release {version}", "-m", section.strip(), env=dated)
    _git(top, "tag", "-a", f"v{version}", "-m", f"Release {version} ({date})", env=dated)
    commit = _git(top, "rev-parse", "--short", "HEAD").strip()
    print(f"{tag}: committed {commit} and tagged v{version}")
    return 0


def _rel(path: Path, top: Path) -> str:
    try:
        return str(path.resolve().relative_to(top))
    except ValueError:
        return str(path)


def _data_name(confdir: Path) -> str:
    from .checking import CannotRun, _conf

    try:
        return str(_conf(confdir).get("edition_data", "_data"))
    except CannotRun as err:
        raise Refused(str(err)) from None


# -- edition changes ----------------------------------------------------------------


def _model_of(spec: str | None, data_dir: Path, built: Path) -> dict[str, Any]:
    """A release by version, a model file, or (None) the current build."""

    if spec is None:
        return load_model(built)
    if ch.parse_version(spec) is not None and not Path(spec).is_file():
        path = data_dir / releases.DIRNAME / f"{spec.removeprefix('v')}.json"
        if not path.is_file():
            known = ", ".join(p.stem for p in releases.files(data_dir)) or "none"
            print(f"edition changes: no release {spec} (releases: {known})", file=sys.stderr)
            raise SystemExit(2)
        return load_model(path)
    return load_model(Path(spec))


def load_model(path: Path) -> dict[str, Any]:
    """A model file; exit 2 with one line when it cannot be used (as ``edition stats``)."""
    from .modelread import load_model as read

    return read(path, "edition changes")


def changes(before: str | None, after: str | None, src: Path, confdir: Path, built: Path,
            as_json: bool, exit_code: bool) -> int:
    try:
        data_dir = src / _data_name(confdir)
    except Refused as err:
        print(f"edition changes: {err}", file=sys.stderr)
        return 2
    if before is None:
        last = releases.latest(data_dir)
        if last is None:
            print(f"edition changes: no release yet in {data_dir / releases.DIRNAME}; "
                  "name the models to compare", file=sys.stderr)
            return 2
        before = last
    old = _model_of(before, data_dir, built)
    new = _model_of(after, data_dir, built)
    comparison = ch.compare(old, new)
    if as_json:
        print(json.dumps(comparison.to_json(), indent=1, ensure_ascii=False))
    else:
        def side(s: dict[str, str], spec: str | None) -> str:
            if spec is None:
                return f"the current build (version {s['version']})"
            if ch.parse_version(spec) is not None and not Path(spec).is_file():
                return f"release {s['version']} ({s['date']})"
            return f"{spec} (version {s['version']}, {s['date']})"

        n = len(comparison.ids)
        print(f"changes from {side(comparison.before, before)} to {side(comparison.after, after)}: "
              f"{n} ID{'s' if n != 1 else ''} changed")
        for line in ch.text_lines(comparison):
            print(line)
    return 1 if exit_code and comparison.ids else 0
