"""The map of each witness transcription is sound (edition/_data/witness_sections.toml):
every place in reading order, no overlaps, every non-blank line of the
transcription in exactly one place's heading or body or in the furniture,
boxes and captions apart from the sections they interrupt; and each place's
first and last words are the ones listed here, so a reader can check the map
against the paper. Every rule also has a failing case (no witness texts
needed for those)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import EDITION, unavailable
from poa_edition.model import witnessmap
from poa_edition.model.registry import DataError

DATA = EDITION / "_data"
_DIR = os.environ.get("EDITION_WITNESSES", "")

#: (witness, place) -> (its first four words, its last four), as read:
#: the body in the map's reading order, line-end hyphens resolved
FIRST_AND_LAST = {
    ('BP', 'Overview'):
        ('This Briefing Paper reviews', 'activity on small arms.'),
    ('BP', 'Introduction'):
        ('The Sixth Biennial Meeting', 'activity on small arms.'),
    ('BP', 'Containing multitudes: the Sixth Biennial Meeting of States'):
        ('The mandate for BMS6', '9; 2016c, para. 21).'),
    ('BP', 'Key findings'):
        ('The BMS6 outcome strengthens', 'new security challenges—and opportunities.'),
    ('BP', 'Figure 1: Timeline of PoA meetings'):
        ('July: PoA adopted July:', '2013 2014 2015 2016'),
    ('BP', 'Something for everyone: the BMS6 text'):
        ('Since BMSs had begun', 'focus on the PoA.'),
    ('BP', 'PoA measures'):
        ('PoA measures', 'PoA measures'),
    ('BP', 'National regulation'):
        ('The PoA section of', 'in the PoA process.'),
    ('BP', 'Caption: Indonesia delivers its statement at BMS6'):
        ('Indonesia delivers its statement', 'Indonesia to the UN)'),
    ('BP', 'Stockpile management and security'):
        ('Two previous BMSs had', 'and security (para. 18).19'),
    ('BP', 'Combating illicit trafficking'):
        ('Although not a central', '10, 31, 37, 72).'),
    ('BP', 'Preventing diversion'):
        ('Building on discussions dating', 'diversion to illicit markets’.'),
    ('BP', 'Terrorism'):
        ('Following a series of', 'their attacks’ (para. 30).'),
    ('BP', 'Crime'):
        ('References to transnational organized', 'refers to ‘urban crime’.'),
    ('BP', 'Small arms control in conflict and post-conflict situations'):
        ('Since the Second Review', 'post-conflict situations (para. 105).'),
    ('BP', 'Gender'):
        ('In line with the', '. . gender equality’.'),
    ('BP', 'Caption: A female member of the UN Mission in Liberia'):
        ('A female member of', 'Source: Christopher Herwig/UN Photo'),
    ('BP', 'Ammunition: yes and no'):
        ('During the negotiations on', 'when implementing the PoA.'),
    ('BP', 'ITI measures'):
        ('The PoA–ITI meeting outcomes', '(paras. 64–65, 86, 88).'),
    ('BP', 'Strengthening PoA and ITI implementation: cross-cutting issues'):
        ('The BMS6 outcome includes', 'implementation of both instruments.'),
    ('BP', 'Implementation synergies'):
        ('Although it covers a', 'in the BMS6 outcome.'),
    ('BP', 'Information exchange'):
        ('The exchange of information', 'exchange (paras. 82, 104).'),
    ('BP', 'Synergies with the SDGs'):
        ('With the adoption of', 'to achieve the SDGs.'),
    ('BP', 'Caption: French gendarmes from UNPOL'):
        ('French gendarmes from UNPOL', 'Source: Sebastien Rieussec/AFP Photo'),
    ('BP', 'Reporting'):
        ('National reports on PoA/ITI', '40–41, 53, 76, 108).'),
    ('BP', 'New technologies'):
        ('The use of new', 'Conference (paras. 63, 90).'),
    ('BP', 'Caption: A view of the General Assembly Hall'):
        ('A view of the', 'Source: Loey Felipe/UN Photo'),
    ('BP', 'International assistance'):
        ('Section III of the', 'Review Conference and BMS5.59'),
    ('BP', 'Training, equipment, and technology transfer'):
        ('As reflected in the', 'BMS6 international assistance section.'),
    ('BP', 'The adequacy, effectiveness, and sustainability of assistance'):
        ('The second BMS6 theme', 'frameworks (paras. 103, 116).'),
    ('BP', 'Assistance synergies and follow-up'):
        ('Along with other parts', 'Review Conference (para. 120).'),
    ('BP', 'Taking the measure of the meeting'):
        ('Taking the measure of', 'measure of the meeting'),
    ('BP', 'What result?'):
        ('The preceding sections have', '(UNGA, 2016d, para. 7).'),
    ('BP', 'The road to the Third Review Conference'):
        ('BMS6 has given the', 'support for such efforts.'),
    ('BP', 'Conclusion'):
        ('The PoA meetings that', 'new energy and inspiration.'),
    ('IB', 'Introduction'):
        ('Nine rounds of informal', 'the PoA and ITI.'),
    ('IB', 'Journey of a thousand meetings: the BMS5 process'):
        ('The mandate for BMS5', 'consensus (UNGA, 2014g; 2014f).'),
    ('IB', 'Box 1: New twists to the old method'):
        ('The method of work', 'than the preceding BMSs.'),
    ('IB', 'Anatomy of an outcome: the BMS5 text'):
        ('The BMS5 outcome document', 'to preexisting PoA-related documentation.'),
    ('IB', 'Stockpile management'):
        ('The subject of stockpile', 'found in the PoA.33'),
    ('IB', 'Box 2: Survivor: IANSA at BMS5'):
        ('There was speculation about', 'absence, felt at BMS5.'),
    ('IB', 'Caption: Weapons and ammunition stored in a disused factory in Lubumbashi'):
        ('Weapons and ammunition stored', '2009. © Gwenn Dubourthoumieu'),
    ('IB', 'The International Tracing Instrument'):
        ('Although it is a', 'international cooperation and assistance.'),
    ('IB', 'Caption: A shell casing is placed under a microscope'):
        ('A shell casing is', '© Mike Groll/AP Photo'),
    ('IB', 'International cooperation and assistance'):
        ('The BMS5 outcome document,', 'opposition from donor countries.'),
    ('IB', 'Follow-up'):
        ('The follow-up section of', 'III, first preambular para.).74'),
    ('IB', 'Taking stock of BMS5'):
        ('Although they noted a', 'contend at that meeting.'),
    ('IB', 'Caption: An officer of the disarmament, demobilization, and reintegration programme'):
        ('An officer of the', '© Basile Zoma/UN Photo'),
    ('IB', 'Getting to grips with new technologies: MGE2'):
        ('As noted earlier, the', '(King and McDonald, 2015).'),
    ('IB', 'Modular weapons'):
        ('In some countries, the', 'as simple—and practicable—as possible.'),
    ('IB', 'Caption: A partially-disassembled SCAR-L'):
        ('A partially-disassembled SCAR-L (Special', 'Assault Rifle). © weaponsman.com'),
    ('IB', 'Polymer frames'):
        ('Gun manufacturers are increasingly', '(UNGA, 2014a; UNCASA, 2012).'),
    ('IB', '3D printing'):
        ('Falling prices, improved technology,', 'easily and economically produced.'),
    ('IB', 'New technologies for improved small arms control'):
        ('As indicated in the', 'ways of meeting them.'),
    ('IB', 'Caption: A two-dimensional data matrix code'):
        ('A two-dimensional data matrix', 'code. © Traceability Solutions'),
    ('IB', 'Conclusion'):
        ('A meeting was held,', 'But such is progress.'),
    ('IB', 'Caption: With assistance from soldiers, a MAG (Mines Advisory Group) team'):
        ('With assistance from soldiers,', '© Sean Sutton/Panos Pictures'),
}


@pytest.fixture(scope="module")
def witnesses():
    maps = witnessmap.read(DATA)
    missing = ("EDITION_WITNESSES is not set" if not _DIR
               else witnessmap.missing_files(Path(_DIR), maps))
    if missing:
        unavailable(f"the witness map not checked against the transcriptions: {missing} "
                    "(see README)")
    return {s: (m, witnessmap.transcription(Path(_DIR), m)) for s, m in maps.items()}


def test_the_map_is_sound(witnesses):
    for siglum, (wmap, lines) in witnesses.items():
        assert witnessmap.problems(wmap, lines) == [], siglum


def test_each_place_begins_and_ends_with_the_words_listed(witnesses):
    found = {}
    for siglum, (wmap, lines) in witnesses.items():
        usage = witnessmap.usage_of(wmap, lines)
        for place in wmap.places:
            found[(siglum, place.title)] = witnessmap.words_at(place, lines, usage)
    assert found == FIRST_AND_LAST


def test_every_kind_of_place_is_mapped(witnesses):
    kinds = {p.kind for wmap, _ in witnesses.values() for p in wmap.places}
    assert kinds == set(witnessmap.KINDS)
    bp, ib = witnesses["BP"][0], witnesses["IB"][0]
    # the boxes stand apart from the sections they interrupt
    assert ib.place("Box 1: New twists to the old method").lines == ((481, 515),)
    journey = ib.place("Journey of a thousand meetings: the BMS5 process").lines
    assert (518, 560) in journey and not any(a <= 481 <= b for a, b in journey)
    assert bp.place("Key findings").kind == "box"


# -- the rules, each with a failing case -----------------------------------------------

LINES = ["Heading", "body one", "body two.3", "", "A caption", "Second", "more text.1",
         "page 7"]


def _map(places, furniture=((8, 8),)) -> witnessmap.WitnessMap:
    return witnessmap.WitnessMap("XX", "x.txt", tuple(
        witnessmap.Place(t, k, h, tuple(r), tuple(q), n) for n, (t, k, h, r, q) in
        enumerate(places, 1)), tuple((rng,) for rng in furniture))


SOUND = [("First", "section", (1, 1), [(2, 3)], []), ("Cap", "caption", None, [(5, 5)], []),
         ("Second", "section", (6, 6), [(7, 7)], [])]


def test_a_sound_map_has_no_problems():
    # footnote 3 then 1: out of order, so the sound case puts Second first
    wmap = _map([SOUND[2], SOUND[1], SOUND[0]])
    assert witnessmap.problems(wmap, LINES) == []


def test_a_line_in_two_places_is_an_overlap():
    wmap = _map([("Second", "section", (6, 6), [(7, 7)], []),
                 ("Cap", "caption", None, [(5, 5)], []),
                 ("First", "section", (1, 1), [(2, 5)], [])])  # takes in the caption
    assert witnessmap.problems(wmap, LINES) == [
        "line 5 is in 'Cap' and in 'First': a line belongs to one place"]


def test_a_line_in_no_place_is_reported():
    wmap = _map([SOUND[2], SOUND[0]])  # the caption left out
    assert witnessmap.problems(wmap, LINES) == [
        "1 non-blank line(s) in no place: 5 (lines 5ff.: 'A caption')"]


def test_a_range_past_the_end_is_reported():
    wmap = _map([SOUND[2], SOUND[1], ("First", "section", (1, 1), [(2, 30)], [])])
    assert witnessmap.problems(wmap, LINES)[0] == (
        "'First': lines 2–30 go past the end of x.txt (8 lines)")


def test_sections_out_of_reading_order_are_shown_by_their_footnotes():
    wmap = _map([SOUND[0], SOUND[1], SOUND[2]])  # footnote 3 read before footnote 1
    assert witnessmap.problems(wmap, LINES) == [
        "'Second' (line 7) has footnote 1 after footnote 3 ('First', line 3): a section "
        "or range is out of reading order"]


def test_a_block_quotation_lies_in_its_place():
    wmap = _map([SOUND[2], SOUND[1], ("First", "section", (1, 1), [(2, 3)], [(5, 5)])])
    assert witnessmap.problems(wmap, LINES) == [
        "'First': the block quotation 5–5 is not inside its body"]


@pytest.mark.parametrize(("bad", "message"), [
    ('kind = "section"', 'kind = "chapter"'),
    ('lines = [[2, 3]]', 'lines = [[3, 2]]'),
    ('title = "Second"', 'title = "First"'),
])
def test_a_malformed_map_is_refused_with_its_line(tmp_path, bad, message):
    text = """[XX]
file = "x.txt"

[[XX.place]]
title = "First"
kind = "section"
heading = [1, 1]
lines = [[2, 3]]

[[XX.place]]
title = "Second"
kind = "section"
heading = [6, 6]
lines = [[7, 7]]
"""
    text = text.replace(bad, message, 1)
    with pytest.raises(DataError) as err:
        witnessmap.parse(text, tmp_path / "witness_sections.toml")
    assert err.value.line in (4, 10), str(err.value)
    assert "[[XX.place]] number" in err.value.message


def test_edition_check_reports_an_unsound_map_and_prose_out_of_bounds(tmp_path, witnesses):
    """``make check`` runs both: the map's soundness and the prose bounds."""
    import shutil

    from poa_edition.tools.checking import _witness_map_and_prose

    src = tmp_path / "edition"
    shutil.copytree(EDITION, src)
    assert _witness_map_and_prose(src, src / "_data", Path(_DIR)) == ([], [])
    map_file = src / "_data" / witnessmap.MAP_FILE
    map_file.write_text(map_file.read_text(encoding="utf-8").replace(
        "lines = [[2, 19]]", "lines = [[2, 18]]", 1), encoding="utf-8")
    page = src / "bms6" / "s1.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        ":summary: Accepts that terrorism has to be dealt with;",
        ":summary: It recognizes the need to address the problem (UNGA, 2016d, para. 17), "
        "including at its source;", 1), encoding="utf-8")
    found_map, found_prose = _witness_map_and_prose(src, src / "_data", Path(_DIR))
    assert [p["message"] for p in found_map] == [
        "BP: 1 non-blank line(s) in no place: 19 (lines 19ff.: 'activity on small arms.')"]
    assert found_prose and all(p["kind"] == "prose" and p["message"].startswith("summary BMS6-17 ")
                               for p in found_prose)
    assert any("close paraphrase" in p["message"] for p in found_prose)
