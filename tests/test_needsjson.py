"""needs.json as the edition writes it (``needsjson.py``, with the fast JSON
encoder) is byte for byte the file sphinx-needs' own writer makes from the
same build."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from conftest import EDITION, REPO


def rebuild_app(edition_html: Path, tmp_path: Path):
    """A Sphinx application over a copy of the edition's environment (so it
    reads nothing), writing into ``tmp_path / "out"``."""
    from sphinx.application import Sphinx

    doctrees = tmp_path / "doctrees"
    shutil.copytree(edition_html / ".doctrees", doctrees)
    out = tmp_path / "out"
    return Sphinx(EDITION, REPO, out, doctrees, "html", status=io.StringIO(),
                  warning=io.StringIO(), freshenv=False), out


def test_needs_json_is_what_sphinx_needs_writes(edition_html, tmp_path):
    from sphinx_needs.builder import NeedsBuilder

    app, out = rebuild_app(edition_html, tmp_path)
    ours: list[bytes] = []

    def sphinx_needs_writes(app, exception):
        # after the edition's writer, in the same build: sphinx-needs' own
        # writer (json.dump) over the same needs, into the same file
        ours.append((out / "needs.json").read_bytes())
        (out / "needs.json").unlink()
        NeedsBuilder(app, app.env).finish()

    app.connect("build-finished", sphinx_needs_writes, priority=501)
    app.build()
    assert ours == [(edition_html / "needs.json").read_bytes()]
    assert (out / "needs.json").read_bytes() == ours[0]


def same(ours: str, theirs: str) -> bool:
    """``ours == theirs``, failing with where they first differ (pytest's own
    diff of two megabyte lines takes minutes)."""
    if ours == theirs:
        return True
    at = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    raise AssertionError(f"differ at {at} (lengths {len(ours)}, {len(theirs)}): "
                         f"{ours[max(0, at - 60):at + 60]!r} != {theirs[max(0, at - 60):at + 60]!r}")


def test_streamed_needs_json_is_needs_list_dump(edition_html, tmp_path):
    """``needsjson.stream`` (one need encoded at a time) gives the text of
    sphinx-needs' ``NeedsList.dump_json`` over the same needs: all of them,
    none, some, beside another version read from a file, and with a need
    text holding the marker; and an unchanged file is not written again."""
    from sphinx_needs.data import SphinxNeedsData
    from sphinx_needs.needsfile import NeedsList

    from poa_edition import needsjson

    app, out = rebuild_app(edition_html, tmp_path)
    checked: list[str] = []

    def compare(app, exception):
        env = app.env
        version = env.config.version
        needs = list(SphinxNeedsData(env).get_needs_view().values())
        assert len(needs) > 100

        def both(chosen, prepare=lambda needs_list: None):
            theirs, ours = NeedsList(env, out, app.srcdir), NeedsList(env, out, app.srcdir)
            prepare(theirs)
            prepare(ours)
            for need in chosen:
                theirs.add_need(version, need)
            return "".join(needsjson.stream(ours, version, chosen)), theirs.dump_json()

        def other_version(needs_list):
            needs_list.needs_list["versions"]["0.1"] = {
                "needs": {"X-1": {"id": "X-1", "title": "é \u2028 \x00"}}, "needs_amount": 1}

        def marker_in_text(needs_list):
            needs_list.needs_list["versions"]["0.1"] = {"needs": {"X": {"t": needsjson.MARKER}}}

        for name, chosen, prepare in [
                ("all", needs, None), ("none", [], None), ("one", needs[:1], None),
                ("reversed half", needs[::-2], None), ("other version", needs, other_version),
                ("marker", needs[:50], marker_in_text)]:
            ours, theirs = both(chosen, prepare or (lambda needs_list: None))
            assert same(ours, theirs), name
            checked.append(name)
        # the file as written, and not written again when unchanged
        path = out / "needs.json"
        before = path.stat()
        needsjson.write(app, None)
        after = path.stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        assert not path.with_name("needs.json.tmp").exists()
        theirs = NeedsList(env, out, app.srcdir)
        for need in needs:
            theirs.add_need(version, need)
        assert same(path.read_text(), theirs.dump_json())
        checked.append("file")

    app.connect("build-finished", compare, priority=501)
    app.build()
    assert len(checked) == 7
