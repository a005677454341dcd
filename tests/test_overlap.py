"""The edition's prose is its own: no summary, note or apparatus entry
follows its witness for 12 or more consecutive words outside quotation
marks, nor the words the witnesses quote for 7 or more. The share of each
note's words in five-word sequences of its paper is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import EDITION, unavailable
from poa_edition.model.overlap import (
    MAX_RUN,
    Index,
    borrowed_share,
    longest_run,
    measure,
    segments,
    witness_words,
    witness_texts,
)
from poa_edition.model.quotations import missing_files
from poa_edition.sources.pages import prose

#: the longest run of the witnesses' quoted words (the outcome's among them)
#: that may stand outside quotation marks
MAX_QUOTED_RUN = 7


# -- the measure itself (no witness texts needed) ------------------------------------

WITNESS = """The BMS6 outcome emphasizes the impor-
tance of ‘inter-agency coordination’ to the
same end (UNGA, 2016d, paras. 8, 100)."""


def test_runs_count_words_not_spelling():
    index = Index([witness_words(WITNESS)])
    # line-end hyphenation undone, punctuation and case ignored
    run, text = longest_run(segments("It Emphasizes the importance of it."), index)
    assert (run, text) == (4, "emphasizes the importance of")


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


def test_every_summary_note_and_apparatus_is_read():
    found = list(prose(EDITION))
    kinds = {k: sum(p.kind == k for p in found) for k in ("summary", "note", "apparatus")}
    assert kinds["summary"] > 200 and kinds["note"] > 120 and kinds["apparatus"] >= 5
    ids = {p.id for p in found}
    assert {"BMS6-96", "BMS5-38l", "IB-N51", "BP-N24", "BMS6-SIII.A"} <= ids


# -- the edition against its witnesses ---------------------------------------------

_DIR = os.environ.get("EDITION_WITNESSES", "")
_MISSING = ("EDITION_WITNESSES is not set" if not _DIR
            else missing_files(Path(_DIR), EDITION / "_data"))


@pytest.fixture(scope="module")
def measures():
    if _MISSING:
        why = f"prose not compared with the witness texts: {_MISSING} (see README)"
        unavailable(why)
    return measure(prose(EDITION), witness_texts(Path(_DIR), EDITION / "_data"))


def test_no_prose_copies_its_witness(measures):
    copied = [f"{m.prose.path.relative_to(EDITION.parent)}:{m.prose.line}: {m.prose.id} shares "
              f"{m.run} words with {'/'.join(m.prose.witnesses)}: {m.run_text!r}"
              for m in measures if m.run >= MAX_RUN]
    assert not copied, ("in the edition's own words, or quoted with ‘…’:\n" + "\n".join(copied))


def test_no_quoted_wording_outside_quotation_marks(measures):
    unmarked = [f"{m.prose.path.relative_to(EDITION.parent)}:{m.prose.line}: {m.prose.id}: "
                f"{m.un_text!r}" for m in measures if m.un >= MAX_QUOTED_RUN]
    assert not unmarked, ("words a witness quotes, outside quotation marks:\n" + "\n".join(unmarked))


def test_report_borrowed_share_per_note(measures, record_property, capsys):
    """Reported, not a rule: the share of each note's words that lie in a
    five-word sequence found in its paper (run pytest with -s to see it)."""
    notes = [m for m in measures if m.prose.kind == "note"]
    assert len(notes) > 120
    lines = [f"{m.prose.id:<8}{m.share:6.0%}{m.words:6} words" for m in
             sorted(notes, key=lambda m: -m.share)]
    high = sum(m.share >= 0.3 for m in notes)
    mean = sum(m.share for m in notes) / len(notes)
    record_property("notes_share_at_least_30_percent", high)
    record_property("notes_mean_share", round(mean, 3))
    with capsys.disabled():
        print(f"\nfive-word share per note (mean {mean:.0%}; {high} notes at 30% or more):")
        print("\n".join(lines[:15]), "\n...")
    assert mean < 0.3
