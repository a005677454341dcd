"""More of the catalogue of mistakes (issue 22): deleted and renamed pages
build as a clean build does; one error per cause; the timeline, official text
files and reviews checked at their own lines; suggested fixes that are valid."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import sphinx_build, sphinx_build_here, sphinx_command
from test_incremental import assert_rebuild_equals_clean, built_project, edit, project

# Most builds here run in this process (sphinx-build's own entry point, the
# same messages and exit status: tests/conftest.py); one case of each group
# still runs the command itself, as do the `edition` tools where their exit
# status is the point. The page edits start from one build of the project
# (built_project), not a build of their own each.
__all__ = ["built_project"]  # a fixture, imported for its use here


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


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PAGE_EDITS))
def test_incremental_equals_clean_for_pages(tmp_path, name, built_project):
    assert_rebuild_equals_clean(tmp_path, project, PAGE_EDITS[name], built_project)


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
    old, new, at, message = TIMELINE_MISTAKES[name]
    src = project(tmp_path, edition_style=True)
    path = src / "_data" / "timeline.toml"
    edit(path, old, new)
    # the first through sphinx-build itself, the others in this process
    build = sphinx_command if name == sorted(TIMELINE_MISTAKES)[0] else sphinx_build_here
    result = build(src, tmp_path / "out")
    hits = assert_caught(result, path, _line_of(path, at), message)
    assert len(hits) == 1, hits


def test_timeline_page_links_to_its_page(tmp_path):
    src = project(tmp_path, edition_style=True)
    edit(src / "_data" / "timeline.toml", 'when = "July 2003"', 'when = "July 2003"\npage = "terms"')
    result = sphinx_build_here(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "links.html").read_text(encoding="utf-8")
    assert 'In this edition: <a class="reference internal" href="terms.html">' \
           '<span class="doc">Terms</span></a>' in page


@pytest.mark.slow
def test_timeline_page_deleted_is_reported_by_incremental_and_clean(tmp_path):
    """The timeline links to a page that is then deleted: both builds report it
    at the timeline's line, and give the same site."""
    def make(root: Path) -> Path:
        src = project(root, edition_style=True)
        edit(src / "_data" / "timeline.toml", 'when = "July 2003"',
             'when = "July 2003"\npage = "terms"')
        return src

    # (assert_rebuild_equals_clean compares exit status, messages and files)
    assert_rebuild_equals_clean(tmp_path, make, lambda s: _delete_page(s, "terms"))
    src = tmp_path / "inc" / "src"
    path = src / "_data" / "timeline.toml"
    again = sphinx_build_here(src, tmp_path / "inc-out")  # reads nothing: reports it again
    assert_caught(again, path, _line_of(path, 'page = "terms"'),
                  "event bms1: `page` 'terms' is no page of the edition")


# -- one error per cause ------------------------------------------------------------------

FOLLOW_ONS = "further problem(s) not reported: they may follow from the error above"


def _not_utf8(src: Path) -> tuple[Path, int]:
    path = src / "paras.md"
    path.write_bytes(path.read_bytes().replace(b"::::{para} BMS6-9\n", b"::::{para} BMS6-9\ncaf\xe9\n"))
    return path, _line_of_bytes(path, b"caf\xe9")


def _line_of_bytes(path: Path, text: bytes) -> int:
    content = path.read_bytes()
    return content[: content.index(text)].count(b"\n") + 1


def test_a_page_not_utf8_is_one_error_and_a_count(tmp_path):
    """Before: the one good error, then 26 false ones (every reference to the
    page's paragraphs, and Sphinx's toctree). After: the error, and the count."""
    src = project(tmp_path, edition_style=True)
    path, line = _not_utf8(src)
    result = sphinx_build(src, tmp_path / "out")
    assert_caught(result, path, line, "not UTF-8: byte 0xe9 cannot be read; save the file as UTF-8")
    lines = result.stderr.strip().splitlines()
    assert lines == [f"{path}:{line}: ERROR: not UTF-8: byte 0xe9 cannot be read; save the file "
                     "as UTF-8 [edition.data]",
                     f"{path}:{line}: WARNING: 26 {FOLLOW_ONS}; fix it and build again "
                     "[edition.data]"], result.stderr
    # a build that changes nothing says the same (in this process: the same
    # messages as sphinx-build's own above)
    assert sphinx_build_here(src, tmp_path / "out").stderr == result.stderr


def test_a_problem_of_its_own_is_still_reported_beside_an_unreadable_page(tmp_path):
    src = project(tmp_path, edition_style=True)
    path, line = _not_utf8(src)
    edit(src / "links.md", "{ed:p}`BMS6-3`", "{ed:p}`BMS6-300`")  # no page defines it
    result = sphinx_build_here(src, tmp_path / "out")
    assert_caught(result, src / "links.md", 3, "reference to unknown paragraph 'BMS6-300'")
    assert f"{path}:{line}: WARNING: 25 {FOLLOW_ONS}" in result.stderr  # 26 less BMS6-3's
    # fixed, the page's own paragraphs resolve and nothing else is held back
    path.write_bytes(path.read_bytes().replace(b"caf\xe9\n", b""))
    edit(src / "links.md", "{ed:p}`BMS6-300`", "{ed:p}`BMS6-3`")
    again = sphinx_build_here(src, tmp_path / "out")
    assert again.returncode == 0, again.stderr


def _edition_check(src: Path, out: Path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "OFFLINE": "1", "PYTHONHASHSEED": "0"}
    env.pop("EDITION_WITNESSES", None)
    return subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "check", "--src", str(src),
                           "--out", str(out), "--confdir", str(src)],
                          capture_output=True, text=True, env=env, timeout=900)


def test_a_data_error_is_one_error_in_the_build_and_in_edition_check(tmp_path):
    """Before: `edition check` printed the one error, then a FAILED line for
    every citation (the data not loaded, none resolves). After: the error,
    the count of what it held back, no FAILED line."""
    src = project(tmp_path, edition_style=True)
    model = src / "_data" / "model.toml"
    edit(model, 'hide_back_on = ["division"]', 'hide_back_on = ["divisions"]')
    line = _line_of(model, 'hide_back_on = ["divisions"]')
    message = "'hide_back_on' names unknown need type 'divisions'"
    result = sphinx_build(src, tmp_path / "out")
    assert_caught(result, model, line, message)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and FOLLOW_ONS in lines[1] and lines[1].startswith(f"{model}:{line}:"), \
        result.stderr
    checked = _edition_check(src, tmp_path / "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stderr
    out = checked.stdout
    assert "FAILED " not in out.replace("check: FAILED", ""), out
    assert "check: FAILED, 1 problem(s)" in out
    assert f"[edition.data] edition data: [links.part_of] {message}" in out
    assert "further problem(s) not reported (they may follow from the first error)" in out


def test_edition_check_on_a_page_not_utf8_is_no_traceback(tmp_path):
    src = project(tmp_path, edition_style=True)
    path, line = _not_utf8(src)
    checked = _edition_check(src, tmp_path / "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stderr, checked.stderr
    assert "check: FAILED, 1 problem(s)" in checked.stdout, checked.stdout
    assert ":{}: [edition.data] not UTF-8".format(line) in checked.stdout


# -- official texts (texts/SIGLUM.toml, written by `edition import`) --------------------

OFFICIAL = ('[source]\nsiglum = "BMS6"\nfile = "x.txt"\nsha256 = "' + "0" * 64 + '"\n'
            'imported = "2026-11-29"\n\n'
            '[[units]]\nid = "BMS6-SI"\nkind = "section"\nlabel = "I"\ntext = "A heading"\n\n'
            '[[units]]\nid = "BMS6-1"\nkind = "paragraph"\nlabel = "1"\ntext = "a"\n'
            'section = "BMS6-SI"\n\n'
            '[[units]]\nid = "BMS6-1a"\nkind = "paragraph"\nlabel = "(a)"\ntext = "b"\n'
            'section = "BMS6-SI"\nshown_in = "BMS6-1"\n')


@pytest.mark.parametrize("old, new, message", [
    # before: accepted, and the paragraph silently stood in no section of the edition
    ('text = "a"\nsection = "BMS6-SI"', 'text = "a"\nsection = "BMS6-SIX"',
     "unit 'BMS6-1': section = 'BMS6-SIX': 'BMS6-SIX' is no section of this text "
     "(its sections: BMS6-SI)"),
    ('shown_in = "BMS6-1"', 'shown_in = "BMS6-7"',
     "unit 'BMS6-1a': shown_in = 'BMS6-7' is no other paragraph of this text"),
])
def test_official_text_naming_what_it_lacks_is_refused(tmp_path, old, new, message):
    from poa_edition.model.registry import load

    src = project(tmp_path, edition_style=True)
    texts = src / "_data" / "texts"
    texts.mkdir()
    path = texts / "BMS6.toml"
    path.write_text(OFFICIAL, encoding="utf-8")
    assert load(src / "_data").texts["BMS6"].units["BMS6-1"].section == "BMS6-SI"
    path.write_text(OFFICIAL.replace(old, new), encoding="utf-8")
    result = sphinx_build_here(src, tmp_path / "out")
    hits = assert_caught(result, path, _line_of(path, new.splitlines()[-1]), message)
    assert len(hits) == 1
    assert len(result.stderr.strip().splitlines()) == 2, result.stderr  # and the count held back


# -- reviews.toml (written by `edition review`) -----------------------------------------

def test_reviews_of_notes_and_targets_that_do_not_exist_are_named_by_edition_check(tmp_path):
    """Before: accepted silently (a table for a note that is gone, a target
    mistyped). After: `edition check` names each at its line; the fix it
    offers is a command that works."""
    src = project(tmp_path, edition_style=True)
    reviews = src / "_data" / "reviews.toml"
    reviews.write_text('# reviewed\n\n[BP-N7]\nBMS6-9 = "3bef313214ff"\nBMS6-999 = "000000000000"\n\n'
                       '[BP-N8]\nBMS6-9 = "3bef313214ff"\n',
                       encoding="utf-8")
    checked = _edition_check(src, tmp_path / "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stderr
    out = checked.stdout
    lines = [ln for ln in out.splitlines() if "[reviews]" in ln]
    assert len(lines) == 2, out
    assert lines[0].endswith(f"reviews.toml:5: [reviews] reviews.toml: [BP-N7] BMS6-999 is no ID "
                             "of the edition: remove the line, or run `edition review BP-N7` to "
                             "record what the note discusses now"), lines
    assert lines[1].endswith("reviews.toml:7: [reviews] reviews.toml: [BP-N8] is no commentary "
                             "note of the edition: remove its table, or correct the note's ID"), lines
    assert "check: FAILED, 2 problem(s)" in out
    assert "  reviews                2 problem(s)" in out
    # the fix offered: remove the table; the other is `edition review BP-N7`
    edit(reviews, '\n[BP-N8]\nBMS6-9 = "3bef313214ff"\n', "")
    edit(reviews, 'BMS6-999 = "000000000000"\n', "")
    again = _edition_check(src, tmp_path / "check")
    assert again.returncode == 0, again.stdout + again.stderr


# -- the tools after a build that failed ---------------------------------------------------

def _edition(*args: str):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", *args],
                          capture_output=True, text=True, env={**os.environ}, timeout=300)


def _edition_here(*args: str):
    """:func:`_edition` in this process: the command line's own ``main``, its
    output captured and its exit status as the process would have it."""
    import contextlib
    import io
    import subprocess
    import sys

    from poa_edition.tools.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
            if isinstance(done.code, str):
                print(done.code, file=sys.stderr)
    return subprocess.CompletedProcess(["edition", *args], code, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("mistake", ["data error", "page not UTF-8"])
def test_stats_after_a_build_that_could_not_read_the_edition_exits_2(built_project, mistake):
    """Before: `edition stats` printed an empty table (or the last good
    build's) and exited 0. After: exit 2, one line naming the build's error.

    The good build is built_project's (sphinx-build, exit 0). The data
    error runs sphinx-build and `edition` as commands (their exit status),
    the unreadable page both in this process."""
    src, out = built_project.restore()
    tool, build = (_edition, sphinx_command) if mistake == "data error" else \
        (_edition_here, sphinx_build_here)
    assert tool("stats", str(out / "edition.json")).returncode == 0
    if mistake == "data error":
        path = src / "_data" / "model.toml"
        edit(path, 'hide_back_on = ["division"]', 'hide_back_on = ["divisions"]')
        where = f"{path}:{_line_of(path, 'divisions')}"
        why = "'hide_back_on' names unknown need type 'divisions'"
    else:
        path, line = _not_utf8(src)
        where, why = f"{path}:{line}", "not UTF-8: byte 0xe9 cannot be read"
    assert build(src, out).returncode != 0
    for command in ("stats", "ids"):
        result = tool(command, str(out / "edition.json"))
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(f"edition: the last build into {out} failed ({where}: ")
        assert why in result.stderr and "no complete model (edition.json); fix that and build " \
                                          "again" in result.stderr
    # fixed: the model is back
    if mistake == "data error":
        edit(path, 'hide_back_on = ["divisions"]', 'hide_back_on = ["division"]')
    else:
        path.write_bytes(path.read_bytes().replace(b"caf\xe9\n", b""))
    assert sphinx_build_here(src, out).returncode == 0
    assert tool("stats", str(out / "edition.json")).returncode == 0


# -- every suggested fix is itself valid ----------------------------------------------------

def _suggested(stderr: str) -> str:
    import re

    m = re.search(r"e\.g\. '([^']+)'", stderr)
    assert m, stderr
    return m[1]


@pytest.mark.parametrize("spaced, meant", [
    ("BMS6 33", "BMS6-33"),
    ("BMS6-3 3", "BMS6-33"),  # before: 'BMS6-3-3', itself refused
    ("BMS6 - 33", "BMS6-33"),
    ("BMS6-119 a", "BMS6-119a"),
    ("POA-II 18", "POA-II.18"),
    ("POA-II. 18", "POA-II.18"),
])
def test_an_id_with_a_space_suggests_an_id_that_is_valid(tmp_path, spaced, meant):
    from poa_edition.model.ids import parse_id
    from poa_edition.model.registry import load

    src = project(tmp_path, edition_style=True)
    path = src / "paras.md"
    edit(path, f"::::{{para}} {meant}\n", f"::::{{para}} {spaced}\n")
    # the first through sphinx-build itself, the others in this process
    result = (sphinx_command if spaced == "BMS6 33" else sphinx_build_here)(src, tmp_path / "out")
    assert_caught(result, path, _line_of(path, spaced), f"ID {spaced!r} contains a space; an ID "
                  f"is one word, e.g. {meant!r}")
    suggestion = _suggested(result.stderr)
    # it passes the ID validator, for its document's style
    documents = load(src / "_data").documents
    parse_id(suggestion, documents[suggestion.split("-")[0]].style)
    # and the build, once applied
    edit(path, f"::::{{para}} {spaced}\n", f"::::{{para}} {suggestion}\n")
    fixed = sphinx_build_here(src, tmp_path / "out")
    assert fixed.returncode == 0, fixed.stderr


def test_an_id_with_a_space_that_no_join_makes_valid_suggests_no_id(tmp_path):
    src = project(tmp_path, edition_style=True)
    path = src / "paras.md"
    edit(path, "::::{para} BMS6-33\n", "::::{para} BMS6-33 x y\n")
    result = sphinx_build_here(src, tmp_path / "out")
    assert_caught(result, path, _line_of(path, "BMS6-33 x y"),
                  "ID 'BMS6-33 x y' contains a space; an ID is one word (SIGLUM-LOCATOR, "
                  "e.g. BMS6-38)")


def test_a_note_id_with_a_space_suggests_a_valid_note_id(tmp_path):
    src = project(tmp_path, edition_style=True)
    path = src / "links.md"
    edit(path, ":::{annotation} BP-N7", ":::{annotation} BP-N 7")
    result = sphinx_build_here(src, tmp_path / "out")
    assert_caught(result, path, _line_of(path, "BP-N 7"),
                  "note ID 'BP-N 7' contains a space; write e.g. 'BP-N7'")
    edit(path, ":::{annotation} BP-N 7", f":::{{annotation}} {_suggested(result.stderr)}")
    assert sphinx_build_here(src, tmp_path / "out").returncode == 0


def test_a_label_in_the_other_witness_sense_suggests_this_witness_label(tmp_path):
    """IB's "UNGA 2014b" is the BMS5 agenda, BP's the BMS5 outcome. Cited by
    paragraph in an IB note, it was meant in BP's sense. Before: "give its
    refs.bib entry a siglum", which would register the agenda as BMS5. After:
    IB's own label for the outcome, which builds."""
    src = project(tmp_path, edition_style=True)
    path = src / "note_ib.md"
    edit(path, "`UNGA, 2014g, para. 12`", "`UNGA, 2014b, para. 12`")
    result = sphinx_build_here(src, tmp_path / "out")
    assert_caught(result, path, _line_of(path, "UNGA, 2014b, para. 12"),
                  "UNGA 2014b (unga-bms5-agenda) is cited by paragraph but is no registered "
                  "document; in IB's list UNGA 2014b is unga-bms5-agenda, in BP's it is "
                  "unga-bms5-outcome (BMS5), which IB cites as UNGA 2014g: cite UNGA 2014g")
    assert "siglum" not in result.stderr.split("cited by paragraph")[1].split("\n")[0]
    edit(path, "`UNGA, 2014b, para. 12`", "`UNGA, 2014g, para. 12`")  # the fix offered
    fixed = sphinx_build_here(src, tmp_path / "out")
    assert fixed.returncode == 0, fixed.stderr


# -- witness_sections.toml: a bad range at its line, once ---------------------------------

MAP = """[XX]
file = "x.txt"

[[XX.place]]
title = "First"
kind = "section"
heading = [1, 1]
lines = [[2, 3]]

[[XX.place]]
title = "Second"
kind = "section"
heading = [4, 4]
lines = [[5, 6]]
"""


@pytest.mark.parametrize("old, new, line, message, touched", [
    ("lines = [[5, 6]]", "lines = [[5, 60]]", 14,
     "'Second': lines 5–60 go past the end of x.txt (6 lines)", {"Second"}),
    ("lines = [[2, 3]]", "lines = [[2, 5]]", 8,
     "lines 4–5 are in 'First' and in the heading of 'Second': a line belongs to one place",
     {"First", "Second"}),
    ("lines = [[2, 3]]", "lines = [[2, 2]]", 8,
     "1 non-blank line(s) in no place: 3 (lines 3ff.: 'three')", {"First"}),
])
def test_a_bad_range_is_one_problem_at_its_line(tmp_path, old, new, line, message, touched):
    from poa_edition.model import witnessmap

    path = tmp_path / "witness_sections.toml"
    lines = ["one", "two", "three", "four", "five", "six"]
    assert witnessmap.problems_at(witnessmap.parse(MAP, path)["XX"], lines) == ([], set())
    text = MAP.replace(old, new)
    assert text.splitlines()[line - 1] == new
    found, places = witnessmap.problems_at(witnessmap.parse(text, path)["XX"], lines)
    assert [(at, m) for _p, at, m in found] == [(line, message)]
    assert places == touched


@pytest.mark.slow
def test_edition_check_reports_a_bad_range_once_at_its_line(tmp_path):
    """Before: the range's problem named no line, and the quotations it put
    out of their place were each reported (here the timeline's evidence).
    After: one problem at the range's line; the quotations counted."""
    import os
    import shutil
    import subprocess
    import sys

    from conftest import EDITION, REPO, unavailable

    seeds = os.environ.get("EDITION_WITNESSES", "")
    if not seeds or not Path(seeds).is_dir():
        unavailable("EDITION_WITNESSES does not name the witness texts")
    root = tmp_path / "proj"
    shutil.copytree(EDITION, root / "edition", ignore=shutil.ignore_patterns("_build"))
    for name in ("conf.py", "refs.bib"):
        shutil.copy(REPO / name, root / name)
    path = root / "edition" / "_data" / "witness_sections.toml"
    edit(path, "lines = [[55, 85], [111, 245], [312, 340]]", "lines = [[55, 85], [111, 145], [312, 340]]")
    line = _line_of(path, "[111, 145]")
    result = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "check"], cwd=root,
                            capture_output=True, text=True, timeout=900,
                            env={**os.environ, "OFFLINE": "1", "PYTHONHASHSEED": "0"})
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    mapped = [ln for ln in out.splitlines() if "[witness map]" in ln]
    assert mapped == [ln for ln in mapped if ln.startswith(
        f"edition/_data/witness_sections.toml:{line}: [witness map] BP: 84 non-blank line(s) "
        "in no place: 146, ")] and len(mapped) == 1, out
    assert "[quotation]" not in out, out
    assert "1 further problem(s) not reported (they may follow from the witness map's " \
           "problems)" in out
    assert "check: FAILED, 1 problem(s)" in out
