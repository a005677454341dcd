"""A rebuild reports every earlier failure again, from the stored records,
without reading unchanged documents again: an unchanged rebuild after a
failure reads no document, and the rebuild after a one-line fix reads that
one document only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from test_incremental import project


def build(src: Path, out: Path, here: bool = True) -> tuple[int, str, int]:
    """(exit status, warnings, documents read) of a strict build, not quiet:
    ``sphinx-build`` itself, or (``here``) its entry point in this process,
    which gives the same messages and status (tests/conftest.py)."""
    args = ["-b", "html", "-W", "--keep-going", "-n", "--no-color",
            "-c", str(src), "-d", str(out / ".doctrees"), str(src), str(out)]
    if here:
        import contextlib
        import io

        from sphinx.cmd.build import build_main

        status, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(status), contextlib.redirect_stderr(err):
            code = build_main(args)
        done = subprocess.CompletedProcess(args, code, status.getvalue(), err.getvalue())
    else:
        done = subprocess.run([sys.executable, "-m", "sphinx", *args], capture_output=True,
                              text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, timeout=600)
    m = re.search(r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed", done.stdout)
    read = int(m[1]) + int(m[2]) if m else -1
    return done.returncode, done.stderr.replace(str(src), "SRC"), read


def test_failures_are_reported_again_without_rereading(tmp_path):
    src = project(tmp_path)
    note = src / "note.md"
    good = note.read_text()
    # a read-time failure (a citation of a paragraph that does not exist) and
    # a write-time one (a reference nitpicky mode cannot resolve)
    note.write_text(good.replace("(para. 54)", "(para. 54)").replace(
        "{ed:cite}`para. 54`", "{ed:cite}`UNGA, 2016z, para. 54`", 1))
    (src / "paras.md").write_text((src / "paras.md").read_text() + "\nSee {ref}`no-such-label`.\n")
    out = tmp_path / "out"

    # the first and the last through sphinx-build itself, the others in this process
    first = build(src, out, here=False)
    assert first[0] == 1
    assert "2016z" in first[1] and "no-such-label" in first[1]

    again = build(src, out)
    assert again[0] == 1
    assert sorted(again[1].splitlines()) == sorted(first[1].splitlines())
    assert again[2] == 0, "an unchanged rebuild read documents again"

    third = build(src, out)
    assert (third[0], sorted(third[1].splitlines())) == (1, sorted(first[1].splitlines()))
    assert third[2] == 0

    note.write_text(good)  # the one-line fix
    fixed = build(src, out)
    assert "2016z" not in fixed[1] and "no-such-label" in fixed[1]
    assert fixed[2] == 1, "the fix read more than the fixed document"
    (src / "paras.md").write_text((src / "paras.md").read_text().replace(
        "\nSee {ref}`no-such-label`.\n", ""))
    clean = build(src, out)
    assert clean[0] == 0 and clean[1].strip() == "", clean[1]
    assert clean[2] == 1
    assert build(src, out, here=False)[0:2] == (0, "")
