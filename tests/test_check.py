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


def test_four_mistakes_are_named_with_file_and_line(tmp_path):
    root = project(tmp_path)
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

    result = edition_check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    where = f"edition/commentary/bp.md:{line}"
    assert f"{where}: [edition.citation] BMS6-999 is not in the edition" in out
    assert f"{where}: [plain-text citation]" in out and "'UNGA, 2016d'" in out
    assert f"{where}: [edition.html] raw html is not allowed" in out
    assert f"edition/_data/sources.toml:{src_line}: [refs.bib] label 'UNGA 2016a' of BP names 'no-such-key'" in out
    report = json.loads((root / "_build" / "check" / "report.json").read_text())
    assert report["ok"] is False
    assert all(not p["file"] or not p["file"].startswith("/") for p in report["problems"])


def test_clean_edition_passes(tmp_path):
    root = project(tmp_path)
    result = edition_check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check: passed" in result.stdout
    assert "external links         skipped (OFFLINE=1)" in result.stdout
    report = json.loads((root / "_build" / "check" / "report.json").read_text())
    assert report["coverage"]["BMS6"]["paragraphs"] == 122
    # a second run never shows the first run's results: break something, run again
    page = root / "edition" / "bms6" / "index.md"
    page.write_text(page.read_text().replace("{ed:p}`BMS6-9`", "{ed:p}`BMS6-999`"))
    again = edition_check(root)
    assert again.returncode == 1 and "BMS6-999" in again.stdout


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


def test_external_links_are_checked_locally(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        root = project(tmp_path)
        about = root / "edition" / "about.md"
        about.write_text(about.read_text() + f"\n\nLinks: <{base}/ok>, <{base}/moved>, "
                         f"<{base}/missing>, <{base}/slow>.\n")
        conf = root / "conf.py"
        conf.write_text(conf.read_text() + "\nlinkcheck_timeout = 1\nlinkcheck_retries = 1\n"
                        f"edition_un_resolver = {base + '/en/{symbol}'!r}\n")  # not docs.un.org
        result = edition_check(root, offline=False)
    finally:
        server.shutdown()
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert f"{base}/missing: broken" in out
    assert f"{base}/slow: timeout" in out or f"{base}/slow: broken" in out
    assert f"{base}/ok:" not in out and f"{base}/moved:" not in out
    assert f"{base}/en/" not in out  # the UN documents' links, checked and found
    assert "edition/about.md:" in out


def test_external_links_ok_says_how_many(tmp_path):
    """With every link found, the check says ok and how many it checked: the
    bibliography's UN documents (the resolver here a local server)."""
    from test_unsymbols import symbols

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        root = project(tmp_path)
        conf = root / "conf.py"
        conf.write_text(conf.read_text() + "\nlinkcheck_timeout = 5\nlinkcheck_retries = 1\n"
                        f"edition_un_resolver = {base + '/en/{symbol}'!r}\n")
        result = edition_check(root, offline=False)
    finally:
        server.shutdown()
    assert f"external links         ok, {len(symbols())} checked" in result.stdout, result.stdout
    report = json.loads((root / "_build" / "check" / "report.json").read_text())
    assert report["checks"]["external links"] == f"ok, {len(symbols())} checked"
