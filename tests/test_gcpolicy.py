"""The collector's policy (speed/gcpolicy.py) never outlives a build: a
start-up that fails leaves CPython's collector as it found it, and so does
a build that fails."""

from __future__ import annotations

import gc
import io

import pytest
from conftest import EDITION, REPO


@pytest.fixture(autouse=True)
def namespace():
    """Each application's directives, roles and nodes registered for its test
    only, as sphinx-build registers them (docutils' registries are global: an
    application left registered makes every later build in this process warn
    that they are registered already)."""
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        yield


def test_a_failed_start_up_leaves_the_collector_as_it_was(tmp_path):
    from sphinx.application import Sphinx
    from sphinx.errors import ConfigError

    before = (gc.get_threshold(), gc.get_freeze_count())
    conf = tmp_path / "conf"
    conf.mkdir()
    # the edition, then a start-up failure (an unknown builder)
    (conf / "conf.py").write_text((REPO / "conf.py").read_text()
                                  + f"\nedition_data = {str(EDITION / '_data')!r}\n"
                                  + f"bibtex_bibfiles = [{str(REPO / 'refs.bib')!r}]\n")
    with pytest.raises(Exception):
        Sphinx(EDITION, conf, tmp_path / "out", tmp_path / "dt", "no-such-builder",
               status=io.StringIO(), warning=io.StringIO())
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    assert ConfigError  # (imported: the failure is Sphinx's own)


def test_a_failed_build_restores_the_collector(tmp_path):
    from sphinx.application import Sphinx

    before = (gc.get_threshold(), gc.get_freeze_count())
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["poa_edition"]\n'
                                 f"edition_data = {str(EDITION / '_data')!r}\n"
                                 f"bibtex_bibfiles = [{str(REPO / 'refs.bib')!r}]\n")
    (src / "index.rst").write_text("T\n=\n\n.. para:: BMS6-38\n")
    app = Sphinx(src, src, tmp_path / "out", tmp_path / "dt", "html",
                 status=io.StringIO(), warning=io.StringIO())
    assert gc.get_threshold() != before[0]  # the policy applies to the build

    def fail(app, env, docnames):
        raise RuntimeError("a build that fails")

    app.connect("env-before-read-docs", fail)
    with pytest.raises(Exception):
        app.build()
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
