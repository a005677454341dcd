"""More of the catalogue of mistakes (issue 22): deleted and renamed pages
build as a clean build does; one error per cause; the timeline, official text
files and reviews checked at their own lines; suggested fixes that are valid."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_incremental import assert_rebuild_equals_clean, edit, project


def _delete_page(src: Path, name: str) -> None:
    (src / f"{name}.md").unlink()
    edit(src / "index.md", f"{name}\n", "")


def _rename_page(src: Path, old: str, new: str) -> None:
    (src / f"{old}.md").rename(src / f"{new}.md")
    edit(src / "index.md", f"{old}\n", f"{new}\n")


def _add_page(src: Path) -> None:
    (src / "more.md").write_text("# More\n\nA page of prose.\n")
    edit(src / "index.md", "terms\n", "terms\nmore\n")


PAGE_EDITS = {
    "page added": _add_page,
    "page retitled": lambda s: edit(s / "terms.md", "# Terms", "# Glossary"),
    # a page nothing links to
    "page deleted": lambda s: _delete_page(s, "terms"),
    # a page of notes whose back-links the paragraphs' pages show
    "page of notes deleted": lambda s: _delete_page(s, "note_ib"),
    # a page whose paragraphs the notes link to: their links now go elsewhere
    "page of notes renamed": lambda s: _rename_page(s, "note_ib", "notes_ib"),
    "page of paragraphs renamed": lambda s: _rename_page(s, "paras", "paragraphs"),
}


@pytest.mark.parametrize("name", sorted(PAGE_EDITS))
def test_incremental_equals_clean_for_pages(tmp_path, name):
    assert_rebuild_equals_clean(tmp_path, project, PAGE_EDITS[name])


# -- the catalogue's rows: a mistake, and the one message at its line ------------------

def _line_of(path: Path, text: str) -> int:
    content = path.read_text(encoding="utf-8")
    assert text in content, (path, text)
    return content[: content.index(text)].count("\n") + 1


def assert_caught(result, where: Path, line: int, message: str) -> list[str]:
    """A non-zero exit, no traceback, and ``message`` at ``where:line``."""
    assert result.returncode != 0, f"passed silently:\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    hits = [ln for ln in result.stderr.splitlines() if message in ln]
    assert hits, f"expected {message!r} in:\n{result.stderr}"
    assert any(ln.startswith(f"{where}:{line}:") for ln in hits), (
        f"expected at {where}:{line}:\n" + "\n".join(hits))
    return hits


TIMELINE_MISTAKES = {
    # a page of the project, mistyped: the link would be dropped
    "page typo": ('when = "July 2003"', 'when = "July 2003"\npage = "trems"', 'page = "trems"',
                  "event bms1: `page` 'trems' is no page of the edition; did you mean 'terms'?"),
    "when and year disagree": ('when = "July 2001"', 'when = "July 2009"', 'when = "July 2009"',
                               "event poa: `when` ('July 2009') names 2009, but `year` is 2001"),
    "year a string": ("year = 2001", 'year = "2001"', 'year = "2001"',
                      'event poa: `year` must be an integer, not the string "2001": '
                      "write year = 2001"),
}


@pytest.mark.parametrize("name", sorted(TIMELINE_MISTAKES))
def test_timeline_mistake_is_caught(tmp_path, name):
    from conftest import sphinx_build

    old, new, at, message = TIMELINE_MISTAKES[name]
    src = project(tmp_path)
    path = src / "_data" / "timeline.toml"
    edit(path, old, new)
    result = sphinx_build(src, tmp_path / "out")
    hits = assert_caught(result, path, _line_of(path, at), message)
    assert len(hits) == 1, hits


def test_timeline_page_links_to_its_page(tmp_path):
    from conftest import sphinx_build

    src = project(tmp_path)
    edit(src / "_data" / "timeline.toml", 'when = "July 2003"', 'when = "July 2003"\npage = "terms"')
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "links.html").read_text(encoding="utf-8")
    assert 'In this edition: <a class="reference internal" href="terms.html">' \
           '<span class="doc">Terms</span></a>' in page


def test_timeline_page_deleted_is_reported_by_incremental_and_clean(tmp_path):
    """The timeline links to a page that is then deleted: both builds report it
    at the timeline's line, and give the same site."""
    def make(root: Path) -> Path:
        src = project(root)
        edit(src / "_data" / "timeline.toml", 'when = "July 2003"',
             'when = "July 2003"\npage = "terms"')
        return src

    # (assert_rebuild_equals_clean compares exit status, messages and files)
    assert_rebuild_equals_clean(tmp_path, make, lambda s: _delete_page(s, "terms"))
    from conftest import sphinx_build

    src = tmp_path / "inc" / "src"
    path = src / "_data" / "timeline.toml"
    again = sphinx_build(src, tmp_path / "inc-out")  # reads nothing: reports it again
    assert_caught(again, path, _line_of(path, 'page = "terms"'),
                  "event bms1: `page` 'terms' is no page of the edition")
