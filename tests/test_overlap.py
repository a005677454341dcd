"""The edition's prose is its own. For every summary, note, apparatus entry
and timeline entry, outside quotation marks: at most 11 consecutive words
shared with its witness; under half of its words in five-word sequences of
its witness; at most 5 consecutive words of what the witnesses quote (their
‘…’ quotations and block quotations). Words are counted as the witness
spells them, across its line-end hyphens, captions and page breaks. Each
bound has a failing case."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EDITION, REPO, unavailable
from poa_edition.model import witnessmap
from poa_edition.model.overlap import (
    MAX_QUOTED_RUN,
    MAX_RUN,
    MAX_SHARE,
    Index,
    Measure,
    Piece,
    WitnessText,
    borrowed_share,
    longest_run,
    measure,
    over_bounds,
    read_witness,
    segments,
    timeline_pieces,
    witness_texts,
    witness_words,
    words,
)
from poa_edition.sources.pages import prose

DATA = EDITION / "_data"


def test_the_bounds():
    assert (MAX_RUN - 1, MAX_SHARE, MAX_QUOTED_RUN - 1) == (11, 0.5, 5)


# -- the measure itself (no witness texts needed) ------------------------------------

WITNESS = """The BMS6 outcome emphasizes the impor-
tance of ‘inter-agency coordination’ to the
same end (UNGA, 2016d, paras. 8, 100)."""


def test_runs_count_words_not_spelling():
    index = Index([witness_words(WITNESS)])
    # line-end hyphenation undone, punctuation and case ignored
    run, text = longest_run(segments("It Emphasizes the importance of it."), index)
    assert (run, text) == (4, "emphasizes the importance of")


def test_a_hyphenated_word_is_one_word_as_the_witness_spells_it():
    assert words("PoA-related policy-making") == ["poarelated", "policymaking"]
    assert words("policymaking") == words("policy-making")
    assert words("post conflict") != words("post-conflict")


def test_a_run_across_the_witnesss_line_end_hyphens_is_counted():
    """The Issue Brief's 'partici-|pation' and 'PoA-|related' (a hyphen it
    writes elsewhere): a note repeating the 13 words shares 13, not 4."""
    ib = ("the promotion of women’s partici-\n\npation and representation in PoA-\n\n"
          "related policy-making, planning, \n\nand implementation processes\n\n"
          "and other PoA-related documentation")
    note = ("the promotion of women’s participation and representation in PoA-related "
            "policy-making, planning and implementation")
    run, text = longest_run(segments(note), Index([witness_words(ib)]))
    assert run == 13, text


def test_quoted_words_and_citations_are_not_the_prose_own():
    index = Index([witness_words(WITNESS)])
    note = "the importance of ‘inter-agency coordination’ to the same end {ed:cite}`UNGA, 2016d`"
    assert segments(note) == [["the", "importance", "of"], ["to", "the", "same", "end"]]
    # a quotation breaks a run: 3 and 4 words, not 9
    assert longest_run(segments(note), index)[0] == 4


def test_borrowed_share():
    index = Index([witness_words(WITNESS)])
    assert borrowed_share(segments("the BMS6 outcome emphasizes the point"), index) == 5 / 6
    assert borrowed_share(segments("nothing here is borrowed at all"), index) == 0.0


def _piece(text: str) -> Piece:
    return Piece("X-1", "summary", Path("x.md"), 1, text, ("W",))


LONG = ("one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty")


def test_a_run_of_twelve_words_is_out_of_bounds():
    witness = WitnessText((tuple(LONG.split()),))
    ok, bad = measure([_piece(" ".join(LONG.split()[:11]) + " and then others entirely"),
                       _piece(" ".join(LONG.split()[:12]))], {"W": witness})
    assert not [w for w in over_bounds(ok) if "consecutive" in w]
    assert any("shares 12 consecutive words" in w for w in over_bounds(bad))


def test_half_the_words_in_five_word_sequences_is_out_of_bounds_for_every_piece():
    witness = WitnessText((tuple(LONG.split()),))
    # 5 of 10 words borrowed: 50%, out; 5 of 11: 45%, in
    half, under = measure([_piece("one two three four five a b c d e"),
                           _piece("one two three four five a b c d e f")], {"W": witness})
    assert half.share == 0.5 and any("close paraphrase" in w for w in over_bounds(half))
    assert under.share < 0.5 and over_bounds(under) == []


def test_six_words_of_quoted_wording_outside_quotation_marks_is_out_of_bounds():
    witness = WitnessText((("x",),), (tuple("thus reducing the potential impact of their attacks"
                                            .split()),))
    bad, ok, marked = measure([
        _piece("it limits the potential impact of their attacks"),
        _piece("it limits the impact of their attacks"),
        _piece("it speaks of ‘the potential impact of their attacks’")], {"W": witness})
    assert any("6 words of what the witnesses quote" in w for w in over_bounds(bad))
    assert over_bounds(ok) == [] and over_bounds(marked) == []


def test_a_block_quotation_counts_as_quoted_wording():
    """Block quotations carry no quotation marks in the transcription: the
    witness map marks them, and the measure counts them as quoted."""
    lines = ["Heading", "the paper says", "States also reaffirmed that help should be given",
             "upon request, as appropriate", "and goes on."]
    wmap = witnessmap.WitnessMap("W", "w.txt", (witnessmap.Place(
        "S", "section", (1, 1), ((2, 5),), ((3, 4),), 1),))
    witness = read_witness(wmap, lines)
    assert witness.quoted == (tuple(words(lines[2] + " " + lines[3])),)
    (m,) = measure([_piece("reaffirmed that help should be given upon request")], {"W": witness})
    assert m.un == 8 and over_bounds(m)


def test_every_summary_note_and_apparatus_is_read():
    found = list(prose(EDITION))
    kinds = {k: sum(p.kind == k for p in found) for k in ("summary", "note", "apparatus")}
    assert kinds["summary"] > 200 and kinds["note"] > 120 and kinds["apparatus"] >= 5
    ids = {p.id for p in found}
    assert {"BMS6-96", "BMS5-38l", "IB-N51", "BP-N24", "BMS6-SIII.A"} <= ids
    timeline = timeline_pieces(DATA / "timeline.toml")
    assert len(timeline) > 10 and all(p.kind == "timeline" and p.witnesses for p in timeline)


# -- the edition against its witnesses ---------------------------------------------

_DIR = os.environ.get("EDITION_WITNESSES", "")


@pytest.fixture(scope="module")
def measures() -> list[Measure]:
    missing = ("EDITION_WITNESSES is not set" if not _DIR
               else witnessmap.missing_files(Path(_DIR), witnessmap.read(DATA)))
    if missing:
        unavailable(f"prose not compared with the witness texts: {missing} (see README)")
    pieces = [*prose(EDITION), *timeline_pieces(DATA / "timeline.toml")]
    return measure(pieces, witness_texts(Path(_DIR), DATA))


def _where(m: Measure) -> str:
    path = m.prose.path if m.prose.path.is_absolute() else REPO / m.prose.path
    return f"{path.relative_to(REPO)}:{m.prose.line}: {m.prose.kind} {m.prose.id}"


def test_no_prose_copies_its_witness(measures):
    copied = [f"{_where(m)}: {m.run} words: {m.run_text!r}" for m in measures if m.run >= MAX_RUN]
    assert not copied, ("in the edition's own words, or quoted with ‘…’:\n" + "\n".join(copied))


def test_no_piece_is_close_paraphrase(measures):
    close = [f"{_where(m)}: {m.share:.0%} of {m.words} words" for m in measures
             if m.share >= MAX_SHARE]
    assert not close, ("half or more of the words in five-word sequences of the witness:\n"
                       + "\n".join(close))


def test_no_quoted_wording_outside_quotation_marks(measures):
    unmarked = [f"{_where(m)}: {m.un_text!r}" for m in measures if m.un >= MAX_QUOTED_RUN]
    assert not unmarked, ("words a witness quotes, outside quotation marks:\n" + "\n".join(unmarked))


def test_report_borrowed_share(measures, record_property, capsys):
    """Reported beside the bounds: the pieces nearest them (pytest -s shows them)."""
    notes = [m for m in measures if m.prose.kind == "note"]
    assert len(notes) > 120
    mean = sum(m.share for m in notes) / len(notes)
    record_property("notes_mean_share", round(mean, 3))
    with capsys.disabled():
        print(f"\nfive-word share, highest pieces (notes' mean {mean:.0%}):")
        for m in sorted(measures, key=lambda m: -m.share)[:10]:
            print(f"  {m.prose.id:<22}{m.share:6.0%}{m.words:6} words")
    assert mean < 0.3


def test_edition_overlap_exits_1_on_a_piece_out_of_bounds(tmp_path):
    """``edition overlap`` applies the bounds: 0 when every piece is within
    them, 1 with the piece named when one is not, 2 when it cannot run."""
    if not _DIR:
        unavailable("EDITION_WITNESSES is not set (see README)")
    import shutil

    src = tmp_path / "edition"
    shutil.copytree(EDITION, src)
    env = {**os.environ, "EDITION_WITNESSES": _DIR}
    cmd = [sys.executable, "-m", "poa_edition.tools.cli", "overlap", "--src", str(src)]
    good = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    page = src / "bms6" / "s1.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(
        ":summary: Accepts that terrorism has to be dealt with;",
        ":summary: It recognizes the need to address the problem (UNGA, 2016d, para. 17), "
        "including at its source;", 1), encoding="utf-8")
    bad = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "summary BMS6-17" in bad.stdout and "close paraphrase" in bad.stdout
    gone = subprocess.run(cmd, capture_output=True, text=True,
                          env={k: v for k, v in env.items() if k != "EDITION_WITNESSES"})
    assert gone.returncode == 2
