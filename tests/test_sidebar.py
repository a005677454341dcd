"""The navigation sidebar made once per group of pages (outputs/sidebar.py)
is the theme's own, page for page: every HTML file of a build with the
cache equals the same build without it (``edition_sidebar_cache = False``,
the theme making every page's navigation), on the edition and on a
generated project whose navigation has what the cache must not get wrong:
folders, two lists under one parent, pages with pages of their own, a page
listed twice, pages outside the navigation (in two folders), names with dots
and dashes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import EDITION, REPO, sphinx_build

from poa_edition.outputs import sidebar

sys.path.insert(0, str(REPO / "benchmarks"))
import build_cost  # noqa: E402

pytestmark = pytest.mark.slow


def _pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))
            if ".doctrees" not in p.parts}


def _same(cached: Path, theme: Path) -> None:
    a, b = _pages(cached), _pages(theme)
    assert a.keys() == b.keys()
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"{len(differ)} pages' sidebars differ from the theme's: {differ[:10]}"


def test_the_editions_pages_are_the_themes(edition_html, tmp_path):
    theme = tmp_path / "theme"
    done = sphinx_build(EDITION, theme, confdir=REPO, extra=("-D", "edition_sidebar_cache=0"))
    assert done.returncode == 0, done.stderr
    _same(edition_html, theme)


def _project(root: Path) -> None:
    corpus = build_cost.Corpus.make(200, 20)
    build_cost.edition_corpus(root, corpus)
    (root / "a").mkdir()
    (root / "a" / "deeper").mkdir()
    for name, title in (("a/one", "One"), ("a/two.x", "Two"), ("a/three-3", "Three"),
                        ("a/deeper/leaf", "Leaf"), ("a/deeper/other", "Other"),
                        ("twice", "Listed twice"), ("lonely", "Outside")):
        (root / f"{name}.md").write_text(f"# {title}\n\nText of {title}.\n")
    (root / "a" / "index.md").write_text(
        "# Folder A\n\n```{toctree}\n:caption: First list\n\none\ntwo.x\n/twice\n```\n\n"
        "```{toctree}\n:caption: Second list\n\nthree-3\ndeeper/index\n```\n")
    (root / "a" / "deeper" / "index.md").write_text(
        "# Deeper\n\n```{toctree}\n\nleaf\nother\n```\n")
    (root / "lonely.md").write_text("---\norphan: true\n---\n\n# Outside\n\nNo list has it.\n")
    # pages outside the navigation in two folders (they share a sidebar per folder)
    (root / "aside.md").write_text("---\norphan: true\n---\n\n# Aside\n\nNo list has it.\n")
    for name in ("aside", "apart"):
        (root / "a" / f"{name}.md").write_text(f"---\norphan: true\n---\n\n# {name}\n\nNone either.\n")
    index = (root / "index.md").read_text()
    (root / "index.md").write_text(
        index + "\n```{toctree}\n:caption: More\n\na/index\ntwice\n```\n")


def test_a_generated_projects_pages_are_the_themes(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    _project(src)
    results = {}
    for flag in ("1", "0"):
        out = tmp_path / f"out{flag}"
        done = sphinx_build(src, out, extra=("-D", f"edition_sidebar_cache={flag}"))
        assert done.returncode == 0, done.stderr
        results[flag] = out
    _same(results["1"], results["0"])
    # the current page is marked in its own sidebar
    leaf = (results["1"] / "a" / "deeper" / "leaf.html").read_text()
    assert '<li class="toctree-l3 current active"><a class="current reference internal" href="#">Leaf' in leaf


MARKED = '<li class="toctree-l1 current active"><a class="current reference internal" href="#">A</a></li>'


def _nav(*items: str) -> str:
    return '<ul class="current nav bd-sidenav">\n' + "\n".join(items) + "\n</ul>"


def _plain(href: str, text: str, level: int = 1) -> str:
    return f'<li class="toctree-l{level}"><a class="reference internal" href="{href}">{text}</a></li>'


def test_moving_the_mark():
    before = _nav(MARKED, _plain("b.html", "B"), _plain("c.html", "C"))
    after = sidebar.move_current(before, "a.html", "b.html")
    assert after == _nav(_plain("a.html", "A"), MARKED.replace(">A<", ">B<"), _plain("c.html", "C"))


@pytest.mark.parametrize("markup, was, now", [
    # the page is listed twice
    (_nav(MARKED, _plain("b.html", "B"), _plain("b.html", "B again")), "a.html", "b.html"),
    # the page is not there at all
    (_nav(MARKED, _plain("c.html", "C")), "a.html", "b.html"),
    # two lists: the mark on the list itself would have to move too
    (_nav(MARKED) + "\n" + _nav(_plain("b.html", "B")).replace("current ", ""), "a.html", "b.html"),
    # the page has pages of its own
    (_nav(MARKED, '<li class="toctree-l1 has-children"><a class="reference internal" href="b.html">'
          'B</a><details><summary>x</summary><ul>' + _plain("b1.html", "B1", 2) + "</ul></details></li>"),
     "a.html", "b.html"),
    # another depth
    (_nav(MARKED, _plain("b.html", "B", 2)), "a.html", "b.html"),
    # an address that is not plain
    (_nav(MARKED, _plain("b&amp;c.html", "B")), "a.html", "b&amp;c.html"),
    # no page marked, or two
    (_nav(_plain("a.html", "A"), _plain("b.html", "B")), "a.html", "b.html"),
    (_nav(MARKED, MARKED, _plain("b.html", "B")), "a.html", "b.html"),
])
def test_what_cannot_be_checked_is_left_to_the_theme(markup, was, now):
    assert sidebar.move_current(markup, was, now) is None
