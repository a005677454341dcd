"""Citations in a build: one located error per broken citation, clean when correct,
links from notes to paragraphs, and the same result under -j 2."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import FIXTURES, needs_of, sphinx_build

FIXTURE = FIXTURES / "citations"


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """The fixture project, built strictly once (serially) for the module:
    its output directory and the build's result (read only)."""
    out = tmp_path_factory.mktemp("citations") / "out"
    return out, sphinx_build(FIXTURE, out)


def test_correct_note_builds_clean(serial):
    out, result = serial
    assert result.returncode == 0 and result.stderr == "", result.stderr
    needs = needs_of(out)
    assert needs["BP-N1"]["discusses"] == [
        "BMS5-12", "BMS5-17f", "BMS6-3", "BMS6-9", "BMS6-33", "BMS6-34", "BMS6-35",
        "BMS6-54", "BMS6-104", "BMS6-119a", "BMS6-119b", "BMS6-SI", "BMS6R-21", "POA-II.18",
        "RC2-AII.3g",
    ]
    # the same label names different documents for the two witnesses
    assert needs["IB-N1"]["discusses"] == ["BMS5-12"]
    assert needs["BMS6-54"]["discusses_back"] == ["BP-N1"]
    html = (out / "note.html").read_text()
    # rendered as written; work -> bibliography entry, locators -> paragraphs
    assert re.search(r'<a class="ed-cite-work[^"]*" href="bib.html#ref-unga-bms6-outcome">UNGA, 2016d</a>, '
                     r'paras. <a class="ed-cite-loc[^"]*" href="paras.html#BMS6-33"[^>]*>33</a>–'
                     r'<a class="ed-cite-loc[^"]*" href="paras.html#BMS6-35"[^>]*>35</a>', html)
    # the same label, another witness's table, another document
    assert 'href="bib.html#ref-unga-bms5-agenda">UNGA, 2014b</a>' in (out / "note_ib.html").read_text()
    assert 'href="bib.html#ref-unga-bms5-outcome">UNGA, 2014b</a>' in html
    report = json.loads((out / "edition-report.json").read_text())
    assert report["paragraph_citations"] == {"found": 17, "resolved": 17, "failed": 0}


def test_broken_note_fails_once_per_citation(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(FIXTURE, src, ignore=shutil.ignore_patterns("conf.py"))
    (src / "note.md").write_text((FIXTURE / "note_broken.txt").read_text())
    (src / "note_ib.md").write_text((FIXTURE / "note_ib_broken.txt").read_text())
    result = sphinx_build(src, tmp_path / "out", confdir=FIXTURE)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    note, note_ib = str(src / "note.md"), str(src / "note_ib.md")
    errors = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert all(ln.startswith((f"{note}:", f"{note_ib}:")) and ln.endswith("[edition.citation]")
               for ln in errors), errors
    lines = sorted(int(ln.split(":")[1]) for ln in errors if ln.startswith(f"{note}:"))
    assert lines == [6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26], result.stderr
    assert [ln.split(":")[1] for ln in errors if ln.startswith(f"{note_ib}:")] == ["6"]
    text = result.stderr
    assert "BMS6-121 is not in the edition: BMS6 has at least paragraphs 1–120" in text
    assert "label 'UNGA 2016f' is not in the table of witness BP" in text and "nearest in BP's table: UNGA 2016e" in text
    assert "continuation 'para. 54' has no work cited before it" in text
    assert "BMS6-119 has subparagraphs 119a, 119b" in text
    assert "UNGA 2014b (unga-bms5-agenda) is cited by paragraph" in text
    report = json.loads((tmp_path / "out" / "edition-report.json").read_text())
    assert report["paragraph_citations"]["failed"] == 4
    assert len(report["failures"]) == 12


def test_parallel_build_gives_the_same_needs(serial, tmp_path):
    (serial, first), parallel = serial, tmp_path / "parallel"
    assert first.returncode == 0
    result = sphinx_build(FIXTURE, parallel, extra=("-j", "2"))
    assert result.returncode == 0, result.stderr
    assert needs_of(serial) == needs_of(parallel)


def test_edition_check_prints_the_summary(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "check"
    result = subprocess.run(
        [sys.executable, "-m", "poa_edition.tools.cli", "check", "--src", str(FIXTURE),
         "--confdir", str(FIXTURE), "--out", str(out)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "paragraph citations: 17 found, 17 resolved, 0 failed" in result.stdout
    assert re.search(r"^BMS6\s+10\s+10\s+0$", result.stdout, re.M), result.stdout
    assert "check: passed" in result.stdout
    assert (out / "edition-report.json").exists()


def test_claims_respect_the_link_vocabulary(tmp_path):
    """A claim names a known link type, from a need type that may make it, to
    a target type it may reach; otherwise a located error."""
    src = tmp_path / "src"
    shutil.copytree(FIXTURE, src, ignore=shutil.ignore_patterns("conf.py"))
    (src / "note.md").write_text(
        "# Notes\n\n:::{annotation} BP-N1\n:place: “X”\n"
        ":claims: BMS6-3 inspires POA-II.18; POA-II.18 develops BMS6-3; "
        "BMS6-3 develops BMS6-404; BMS6-3 develops BP-N1\n\nText.\n:::\n")
    result = sphinx_build(src, tmp_path / "out", confdir=FIXTURE)
    assert result.returncode != 0
    note = str(src / "note.md")
    text = result.stderr
    assert f"{note}:3: WARNING: 'BP-N1': unknown link type 'inspires'" in text
    assert "a commitment (POA-II.18) cannot 'develops' anything; only a outcome can" in text
    assert "claim BMS6-3 develops BMS6-404: BMS6-404 does not exist" in text
    # a disallowed target type is the edition's own, typed, at the note's line
    assert ("claim BMS6-3 develops BP-N1: BP-N1 is a commentary; 'develops' links to a "
            "outcome or commitment [edition.link]") in text
    assert "[needs." not in text  # nothing reported twice, by sphinx-needs


def test_incremental_build_rechecks_unchanged_notes(tmp_path):
    """Removing a paragraph fails the notes that cite it, though only the
    paragraph's page is read again."""
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(FIXTURE, src, ignore=shutil.ignore_patterns("conf.py"))
    assert sphinx_build(src, out, confdir=FIXTURE).returncode == 0
    paras = src / "paras.md"
    paras.write_text(paras.read_text().replace("::::{para} BMS6-54\n::::\n", ""))
    result = sphinx_build(src, out, confdir=FIXTURE)
    assert result.returncode != 0
    assert f"{src / 'note.md'}:10: WARNING: BMS6-54 is not in the edition" in result.stderr
