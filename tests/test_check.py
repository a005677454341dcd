"""``edition check``: one run tells a maintainer everything that is wrong."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import EDITION, REPO


def edition_check(cwd: Path, *args: str, offline: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "OFFLINE": "1" if offline else "", "PYTHONHASHSEED": "0"}
    env.pop("EDITION_WITNESSES", None) if offline else None
    return subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "check", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=900)


def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(EDITION, root / "edition", ignore=shutil.ignore_patterns("_build"))
    for name in ("conf.py", "refs.bib"):
        shutil.copy(REPO / name, root / name)
    return root


def test_cannot_run_is_one_line(tmp_path):
    result = edition_check(tmp_path, "--src", "nosuchdir")
    assert result.returncode == 2
    assert result.stderr.strip() == "edition check: no source directory nosuchdir"
    assert result.stdout == ""


def _four_mistakes(root: Path) -> tuple[int, int]:
    """Four mistakes in the edition: the lines of the note's and of sources.toml's."""
    note = root / "edition" / "commentary" / "bp.md"
    text = note.read_text()
    text = text.replace("({ed:cite}`UNGA, 2015a`)", "({ed:cite}`UNGA, 2015a`) ({ed:cite}`UNGA, 2016d, para. 999`)", 1)
    text = text.replace("it did so.", "it did so (UNGA, 2016d, para. 12). <script>alert(1)</script>", 1)
    note.write_text(text)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "para. 999" in ln)
    sources = root / "edition" / "_data" / "sources.toml"
    src_text = sources.read_text().replace('"UNGA 2016a" = "unga-bms6-agenda"',
                                           '"UNGA 2016a" = "no-such-key"', 1)
    sources.write_text(src_text)
    src_line = next(n for n, ln in enumerate(src_text.splitlines(), 1) if "no-such-key" in ln)
    return line, src_line


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> SimpleNamespace:
    """One copy of the edition checked twice (each a whole strict build,
    OFFLINE=1, no witness texts): clean, then with the four mistakes and a
    reference broken on another page, into the same --out. The clean run is
    what test_clean_edition_passes and the check without the witnesses read,
    the second what a second run says and where it names the four mistakes."""
    root = project(tmp_path_factory.mktemp("check"))
    report = root / "_build" / "check" / "report.json"
    clean = edition_check(root)
    clean_report = json.loads(report.read_text()) if report.is_file() else None
    # a second run never shows the first run's results: break something, run again
    page = root / "edition" / "bms6" / "index.md"
    page.write_text(page.read_text().replace("{ed:p}`BMS6-9`", "{ed:p}`BMS6-999`"))
    line, src_line = _four_mistakes(root)
    again = edition_check(root)
    return SimpleNamespace(root=root, clean=clean, clean_report=clean_report, again=again,
                           again_report=json.loads(report.read_text()), line=line,
                           src_line=src_line)


@pytest.mark.slow
def test_four_mistakes_are_named_with_file_and_line(checked):
    result, line, src_line = checked.again, checked.line, checked.src_line
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    where = f"edition/commentary/bp.md:{line}"
    assert f"{where}: [edition.citation] BMS6-999 is not in the edition" in out
    assert f"{where}: [plain-text citation]" in out and "'UNGA, 2016d'" in out
    assert f"{where}: [edition.html] raw html is not allowed" in out
    assert f"edition/_data/sources.toml:{src_line}: [refs.bib] label 'UNGA 2016a' of BP names 'no-such-key'" in out
    report = checked.again_report
    assert report["ok"] is False
    assert all(not p["file"] or not p["file"].startswith("/") for p in report["problems"])


@pytest.mark.slow
def test_clean_edition_passes(checked):
    result = checked.clean
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check: passed" in result.stdout
    assert "external links         skipped (OFFLINE=1)" in result.stdout
    report = checked.clean_report
    assert report["coverage"]["BMS6"]["paragraphs"] == 122
    # a second run never shows the first run's results: broken, run again
    # (the reference broken on the page of BMS6, beside the four mistakes)
    again = checked.again
    assert again.returncode == 1 and "BMS6-999" in again.stdout
    assert any(ln.startswith("edition/bms6/index.md:") and "BMS6-999" in ln
               for ln in again.stdout.splitlines()), again.stdout


@pytest.mark.slow
def test_a_check_without_the_witnesses_does_not_say_it_passed_everything(checked):
    """(From tests/test_safety.py: the same run as the clean check's here,
    OFFLINE=1 and EDITION_WITNESSES unset, which the check reads as empty.)"""
    done = checked.clean
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not run: EDITION_WITNESSES does not name the witness texts" in done.stdout
    assert "check: passed, but not everything was checked: quotations, external links" \
        in done.stdout


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def do_GET(self):  # noqa: N802
        if self.path == "/ok" or self.path.startswith("/en/"):  # /en/: the UN resolver
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
        else:
            self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def small_project(tmp_path: Path) -> Path:
    """The small project of tests/test_incremental.py (the edition's data and
    whole bibliography, a few short pages; a build of a second or two, not
    the edition's ten) laid out as the edition is, its sources and conf.py
    in edition/: the external links are those of its bibliography, as in
    the edition, and of any page a test adds."""
    from test_incremental import project as small

    src = small(tmp_path).rename(tmp_path / "edition")
    # the bibliography in the edition's style: its UN documents linked to the resolver
    (src / "conf.py").write_text((src / "conf.py").read_text() + 'bibtex_default_style = "edition"\n')
    return tmp_path


def _link_check(root: Path) -> subprocess.CompletedProcess:
    return edition_check(root, "--src", "edition", "--confdir", "edition", offline=False)


@pytest.mark.slow
def test_external_links_are_checked_locally(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        root = small_project(tmp_path)
        about = root / "edition" / "about.md"
        about.write_text("# About\n" + f"\n\nLinks: <{base}/ok>, <{base}/moved>, "
                         f"<{base}/missing>, <{base}/slow>.\n")
        index = root / "edition" / "index.md"
        index.write_text(index.read_text().replace("terms\n", "terms\nabout\n"))
        conf = root / "edition" / "conf.py"
        conf.write_text(conf.read_text() + "\nlinkcheck_timeout = 1\nlinkcheck_retries = 1\n"
                        f"edition_un_resolver = {base + '/en/{symbol}'!r}\n")  # not docs.un.org
        result = _link_check(root)
    finally:
        server.shutdown()
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert f"{base}/missing: broken" in out
    assert f"{base}/slow: timeout" in out or f"{base}/slow: broken" in out
    assert f"{base}/ok:" not in out and f"{base}/moved:" not in out
    assert f"{base}/en/" not in out  # the UN documents' links, checked and found
    assert "edition/about.md:" in out


@pytest.mark.slow
def test_external_links_ok_says_how_many(tmp_path):
    """With every link found, the check says ok and how many it checked: the
    bibliography's UN documents (the resolver here a local server)."""
    from test_unsymbols import symbols

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        root = small_project(tmp_path)
        conf = root / "edition" / "conf.py"
        conf.write_text(conf.read_text() + "\nlinkcheck_timeout = 5\nlinkcheck_retries = 1\n"
                        f"edition_un_resolver = {base + '/en/{symbol}'!r}\n")
        result = _link_check(root)
    finally:
        server.shutdown()
    assert f"external links         ok, {len(symbols())} checked" in result.stdout, result.stdout
    report = json.loads((root / "_build" / "check" / "report.json").read_text())
    assert report["checks"]["external links"] == f"ok, {len(symbols())} checked"
