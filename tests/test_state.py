"""What a build keeps outside the environment (``state.py``): reached
without the ``app`` attributes Sphinx 9 deprecates, never pickled, reset
when a build reads."""

from __future__ import annotations

import io
import pickle
import warnings
from pathlib import Path

import poa_edition
import pytest
from poa_edition.sphinxext import state
from sphinx.deprecation import RemovedInSphinx10Warning, RemovedInSphinx11Warning

from conftest import EDITION, REPO

PACKAGE = str(Path(poa_edition.__file__).parent)


def build(builder: str, out: Path):
    """The edition, built afresh in this process; the application and the
    Sphinx deprecation warnings raised in the package's own code."""
    from sphinx.util.docutils import docutils_namespace

    # docutils_namespace: directives and roles registered for this application
    # only (others in this process register them too)
    with docutils_namespace():
        return _build(builder, out)


def _build(builder: str, out: Path):
    """:func:`build` in the docutils namespace of the caller."""
    from sphinx.application import Sphinx

    warning = io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app = Sphinx(EDITION, REPO, out / builder, out / f"{builder}-doctrees", builder,
                     status=io.StringIO(), warning=warning, freshenv=True)
        app.build()
    assert app.statuscode == 0
    # an application made earlier in this process without docutils_namespace
    # (test_needsjson) leaves its node classes registered: the only warnings
    # a second one may give
    assert [line for line in warning.getvalue().splitlines()
            if "is already registered" not in line] == []
    ours = sorted({f"{w.filename}:{w.lineno}: {w.message}" for w in caught
                   if issubclass(w.category, (RemovedInSphinx10Warning, RemovedInSphinx11Warning))
                   and w.filename.startswith(PACKAGE)})
    return app, ours


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    """The HTML edition built once in this process, its application kept with
    its directives and roles registered (its docutils namespace open) for the
    module's tests: the last of them builds it again."""
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        yield _build("html", tmp_path_factory.mktemp("state"))


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_no_deprecated_sphinx_api(builder, html, tmp_path):
    """Reading and writing (directives, roles, transforms, post-transforms,
    writers, event handlers) reach nothing Sphinx deprecates."""
    # (the LaTeX build in the namespace the module's HTML application keeps
    # open: one of its own would unregister, on leaving, the nodes that
    # application registered)
    _app, ours = html if builder == "html" else _build(builder, tmp_path)
    assert not ours, "\n".join(ours)


def test_state_is_not_pickled_with_the_environment(html):
    """Neither the environment on disk nor the one a parallel reader sends
    back holds the edition's state."""
    app, _ = html
    assert state.edition_of(app.env).documents
    on_disk = (Path(app.doctreedir) / "environment.pickle").read_bytes()
    for data in (on_disk, pickle.dumps(app.env, pickle.HIGHEST_PROTOCOL)):
        assert b"poa_edition.state" not in data
        assert b"_poa_build" not in data


def test_state_is_one_per_application_and_reset_by_reading(html):
    """The application, its environment and its builder find the same state;
    ``forget`` (at ``env-before-read-docs``) drops what a build computed."""
    app, _ = html
    assert state.edition_of(app) is state.edition_of(app.env) is state.edition_of(app.builder)
    assert state.builder_of(app.env) is app.builder
    state.remember(app.env, "probe", 1)
    assert state.per_build(app.builder, "probe", lambda: 2) == 1
    state.forget(app, app.env, [])
    assert state.cached(app, "probe") is None
    assert state.edition_of(app.env) is not None


def test_an_application_builds_twice(html):
    """The same application can build again (as Sphinx's own tests and tools
    that keep it do): the pages written at once in a serial build are taken
    apart, but what outlives them (sphinxcontrib-bibtex's citation nodes) is
    whole, and the second build writes the same pages as the first. (The
    theme adds each page's ``DOCUMENTATION_OPTIONS`` script to the
    application for good, so a second build's pages carry every page's: that
    line is the theme's and left out of the comparison.) The application is
    the module's (built once, with freshenv); this test, the module's last,
    builds it again."""
    import re

    app, _ = html
    out = Path(app.outdir)
    theme_scripts = re.compile(r"\s*<script>DOCUMENTATION_OPTIONS\.[^<]*</script>")

    def pages() -> dict[str, str]:
        return {str(p.relative_to(out)): theme_scripts.sub("", p.read_text(encoding="utf-8"))
                for p in sorted(out.rglob("*.html"))}

    assert app.statuscode == 0
    first = pages()
    app.build(force_all=True)
    assert app.statuscode == 0
    assert pages() == first
