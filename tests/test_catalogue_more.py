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
