"""``make serve``: the live preview. The Makefile's own command (read with
``make -n``) runs sphinx-autobuild on a copy of the edition: it serves the
pages with its reload script, rebuilds strictly when a page is saved, tells
the browser (its websocket says ``refresh``) and shows a build's warning,
with file and line, in the terminal."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import EDITION, REPO

pytestmark = pytest.mark.slow

websockets_client = pytest.importorskip("websockets.sync.client")


def serve_command() -> list[str]:
    """The sphinx-autobuild command ``make serve`` runs, as the Makefile says it."""
    dry = subprocess.run(["make", "-n", "-s", "serve", "PORT=0"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    line = next(ln for ln in dry.replace("\\\n", " ").splitlines() if "sphinx-autobuild" in ln)
    argv = shlex.split(line)
    assert argv[0].endswith("/sphinx-autobuild"), argv
    assert {"-W", "--keep-going", "-n"} <= set(argv), "make serve builds as strictly as make html"
    argv[0] = str(Path(sys.executable).with_name("sphinx-autobuild"))
    return argv


class Server:
    def __init__(self, cwd: Path):
        self.lines: list[str] = []
        self.proc = subprocess.Popen(serve_command(), cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                     env={**os.environ, "NO_COLOR": "1"})
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 300) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if m := re.search(pattern, line):
                    return m
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"no {pattern!r} from make serve:\n{''.join(self.lines[-40:])}")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def fetch(url: str, timeout: float = 60) -> str:
    """The page at ``url``; sphinx-autobuild says "Serving on" before its
    server listens, so a refused connection is tried again for a while."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return urllib.request.urlopen(url, timeout=30).read().decode()
        except urllib.error.URLError as err:
            if not isinstance(err.reason, ConnectionRefusedError) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_make_serve_rebuilds_on_save_and_reloads(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(EDITION, root / "edition")
    shutil.copytree(REPO / "extensions", root / "extensions",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("conf.py", "refs.bib"):
        shutil.copy(REPO / name, root / name)
    page = root / "edition" / "bms6" / "intro.md"
    server = Server(root)
    try:
        url = server.wait_for(r"Serving on (http://127\.0\.0\.1:\d+)")[1]
        html = fetch(f"{url}/bms6/intro.html")
        assert "websocket-reload" in html  # the page reloads itself after a rebuild
        assert "LIVE-PREVIEW" not in html
        ws_url = url.replace("http://", "ws://") + "/websocket-reload"
        with websockets_client.connect(ws_url, open_timeout=30) as ws:
            text = page.read_text(encoding="utf-8")
            mark = len(server.lines)
            page.write_text(text.replace(":summary: ", ":summary: LIVE-PREVIEW ", 1), encoding="utf-8")
            assert ws.recv(timeout=300) == "refresh"
            server.wait_for(r"build succeeded", after=mark, timeout=30)
            html = fetch(f"{url}/bms6/intro.html")
            assert "LIVE-PREVIEW" in html

            # a warning fails the rebuild, named with file and line in the terminal
            mark = len(server.lines)
            lines = page.read_text(encoding="utf-8").splitlines()
            page.write_text("\n".join(lines) + "\n\nSee {ed:p}`BMS6-999`.\n", encoding="utf-8")
            assert ws.recv(timeout=300) == "refresh"
            found = server.wait_for(r"(\S+intro\.md):(\d+): WARNING: reference to unknown paragraph "
                                    r"'BMS6-999'", after=mark, timeout=30)
            assert Path(found[1]).resolve() == page.resolve() and int(found[2]) == len(lines) + 2
            server.wait_for(r"Sphinx exited with exit code: 1", after=mark, timeout=30)
    finally:
        server.stop()
