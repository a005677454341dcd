"""needs.json as the edition writes it (``needsjson.py``, with the fast JSON
encoder) is byte for byte the file sphinx-needs' own writer makes from the
same build."""

from __future__ import annotations

import io
import shutil

from conftest import EDITION, REPO


def test_needs_json_is_what_sphinx_needs_writes(edition_html, tmp_path):
    from sphinx.application import Sphinx
    from sphinx_needs.builder import NeedsBuilder

    doctrees = tmp_path / "doctrees"
    shutil.copytree(edition_html / ".doctrees", doctrees)
    out = tmp_path / "out"
    app = Sphinx(EDITION, REPO, out, doctrees, "html", status=io.StringIO(),
                 warning=io.StringIO(), freshenv=False)
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
