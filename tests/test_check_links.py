"""``make check``'s link check and its metadata check: the links are checked
for real (a local server here), "ok" only when something was checked; the
editors and address that are placeholders warn, and fail a release."""

from __future__ import annotations

import threading
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from poa_edition.tools import checking


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "doc.html").write_text("<p>a document</p>")
    httpd = HTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _project(tmp_path: Path, body: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("project = 'x'\nlinkcheck_timeout = 5\nlinkcheck_retries = 1\n")
    (src / "index.rst").write_text("Links\n=====\n\n" + body + "\n")
    return src


def test_links_are_checked_and_counted(tmp_path, server):
    src = _project(tmp_path, f"`a <{server}/doc.html>`_ and `b <{server}/missing.html>`_")
    broken, checked = checking.links(src, tmp_path / "out", src)
    assert checked == 2
    assert [p["message"].split(": ")[0] for p in broken] == [f"{server}/missing.html"]


def test_nothing_to_check_is_not_ok(tmp_path):
    src = _project(tmp_path, "No address here.")
    broken, checked = checking.links(src, tmp_path / "out", src)
    assert (broken, checked) == ([], 0)


def test_placeholder_metadata(tmp_path):
    (tmp_path / "conf.py").write_text('author = "The editors"\nhtml_baseurl = "https://example.org/x/"\n')
    found = checking.metadata_placeholders(
        {"author": "The editors", "html_baseurl": "https://example.org/x/"}, tmp_path)
    assert [(p["line"], p["message"].split(" =")[0]) for p in found] == [(1, "author"),
                                                                         (2, "html_baseurl")]
    assert not checking.metadata_placeholders(
        {"author": "Doe, Jane", "html_baseurl": "https://bms6.example-edition.net/"}, tmp_path)


def test_the_editions_un_documents_are_checked(tmp_path):
    """The bibliography's links to the UN documents are what the link check
    checks: each symbol's address at the resolver, here a local server that
    knows all but one of them (``edition_un_resolver`` points there)."""
    import shutil

    from conftest import EDITION, REPO
    from test_unsymbols import symbols

    found = symbols()
    missing = sorted(found.values())[0]
    root = tmp_path / "site"
    for symbol in found.values():
        if symbol != missing:
            page = root / "en" / symbol
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"<p>{symbol}</p>")
    httpd = HTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    proj = tmp_path / "proj"
    shutil.copytree(EDITION, proj / "edition", ignore=shutil.ignore_patterns("_build"))
    shutil.copy(REPO / "refs.bib", proj / "refs.bib")
    conf = (REPO / "conf.py").read_text()
    (proj / "conf.py").write_text(conf + f"\nedition_un_resolver = {base + '/en/{symbol}'!r}\n"
                                  "linkcheck_timeout = 5\nlinkcheck_retries = 1\n")
    try:
        broken, checked = checking.links(proj / "edition", tmp_path / "out", proj)
    finally:
        httpd.shutdown()
    assert checked == len(found)
    assert [(p["file"].rsplit("/", 1)[-1], p["message"].split(": ")[0]) for p in broken] == [
        ("bibliography.md", f"{base}/en/{missing}")]
