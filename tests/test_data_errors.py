"""Bad data files and pages: one located error, a non-zero exit, no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EDITION, REPO, sphinx_build_here, sphinx_command


def _project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(EDITION / "_data", src / "_data")
    shutil.copy(REPO / "refs.bib", src / "refs.bib")
    (src / "index.md").write_text("# x\n")
    (src / "conf.py").write_text(
        'extensions = ["poa_edition"]\nbibtex_bibfiles = ["refs.bib"]\n'
        'exclude_patterns = ["_data"]\n')
    return src


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


def _remove(path: Path) -> str:
    path.unlink()
    return f"ERROR: {path}: edition data: file is missing"


def _not_utf8(path: Path) -> str:
    path.write_bytes(path.read_bytes() + b'\n# caf\xe9\n')
    line = path.read_bytes().count(b"\n")
    return f"{path}:{line}: ERROR: edition data: not UTF-8: byte 0xe9"


def _bad_value(path: Path) -> str:
    text = path.read_text().replace('kind = "instrument"\nstyle = "poa"', 'kind = "treaty"\nstyle = "poa"')
    path.write_text(text)
    return f"{path}:{_line_of(path, 'treaty')}: ERROR: edition data: [POA] 'kind' is 'treaty'"


def _bib_syntax(path: Path) -> str:
    path.write_text(path.read_text() + '\n@book{broken,\n  title = "unclosed,\n}\n')
    line = path.read_text().count("\n")
    return f"{path}:{line}: ERROR: BibTeX syntax error"


def _bib_duplicate(path: Path) -> str:
    path.write_text(path.read_text() + '\n@misc{unga-poa,\n  title = {Again},\n}\n')
    line = path.read_text().count("\n") - 2  # the second definition, last in the file
    return f"{path}:{line}: ERROR: repeated bibliography entry: unga-poa"


def _build_main_here(args: list[str]) -> subprocess.CompletedProcess:
    """``sphinx-build ARGS`` through its entry point in this process."""
    import contextlib
    import io

    from sphinx.cmd.build import build_main

    status, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(status), contextlib.redirect_stderr(err):
        code = build_main(args)
    return subprocess.CompletedProcess(args, code, status.getvalue(), err.getvalue())


CASES = {
    "data file missing": ("_data/model.toml", _remove),
    "data file not UTF-8": ("_data/sources.toml", _not_utf8),
    "data value outside the schema": ("_data/documents.toml", _bad_value),
    "refs.bib syntax error": ("refs.bib", _bib_syntax),
    "refs.bib duplicate key": ("refs.bib", _bib_duplicate),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("strict", [True, False])
def test_bad_data_is_one_located_error(tmp_path, case, strict):
    src = _project(tmp_path)
    name, spoil = CASES[case]
    expected = spoil(src / name)
    # sphinx-build itself for the first case, strict and not; the others
    # through its entry point in this process (the same messages and status)
    here = case != sorted(CASES)[0]
    if strict:
        result = (sphinx_build_here if here else sphinx_command)(src, tmp_path / "out")
    elif here:
        result = _build_main_here(["-q", "--no-color", "-b", "html", str(src), str(tmp_path / "out")])
    else:
        result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "--no-color", "-b", "html",
                                 str(src), str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode != 0, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr
    assert result.stderr.count("ERROR") + result.stderr.count("WARNING") == 1, result.stderr


def test_page_not_utf8_is_located(tmp_path):
    src = _project(tmp_path)
    (src / "index.md").write_text("# x\n\n```{toctree}\nbad\n```\n")
    (src / "bad.md").write_bytes(b"# Bad\n\nCaf\xe9\n")
    result = sphinx_build_here(src, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{src / 'bad.md'}:3: ERROR: not UTF-8: byte 0xe9" in result.stderr, result.stderr
