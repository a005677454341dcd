"""Joint attestation: words a witness attributes to several paragraphs
together are a joint fragment on each of them, never a lacuna."""

from __future__ import annotations

import re

from conftest import FIXTURES, needs_of, sphinx_build
from poa_edition.tools.cli import stats

#: the paragraphs issue 12 found marked as lacunae although a witness quotes
#: words it attributes to them together with other paragraphs
ISSUE_12 = [f"BMS6-{n}" for n in (12, 22, 43, 53, 63, 75, 76, 82, 85, 90, 100, 101, 109)] + [
    f"BMS5-{n}" for n in ("8", "11", "12", "17b", "17e", "17f", "27e", "38a", "38m", "38n.i",
                          "40b", "44", "45", "47")]
#: joint quotations that were shown as each paragraph's own
WERE_OWN = {"BMS5-21": "the planning and implementation of [DDR] programmes",
            "BMS5-27g": "the planning and implementation of [DDR] programmes",
            "UNGA2012B-5": "to consider the full and effective implementation",
            "UNGA2013B-5": "to consider the full and effective implementation"}


def test_the_27_are_jointly_attested(edition_html):
    needs = needs_of(edition_html)
    assert len(ISSUE_12) == 27
    wrong = {i: needs[i]["attestation"] for i in ISSUE_12 if needs[i]["attestation"] == "lacuna"}
    assert not wrong, f"still lacunae: {wrong}"
    # those with no words of their own are counted as joint
    assert {i for i in ISSUE_12 if needs[i]["attestation"] == "joint"} >= {
        "BMS6-12", "BMS6-22", "BMS6-100", "BMS5-44", "BMS5-45", "BMS5-38n.i"}


def test_a_joint_quotation_is_no_paragraphs_own(edition_html):
    needs = needs_of(edition_html)
    for need_id, words in WERE_OWN.items():
        wording = needs[need_id]["wording"]
        assert words in wording
        assert "group fragment, with" in wording, f"{need_id}: {wording}"
        # BMS5-27g has fragments of its own besides
        assert needs[need_id]["attestation"] == ("fragmentary" if need_id == "BMS5-27g" else "joint")


def test_no_lacuna_note_where_a_witness_quotes_words(edition_html):
    """On every page, a paragraph that shows any quoted words has no lacuna note."""
    shown = 0
    for page in edition_html.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<div class="ed-para ([^"]*)" id="([^"]+)">(.*?)<p class="ed-id">',
                             html, re.S):
            classes, need_id, block = m.groups()
            if "ed-wording" in block:
                shown += 1
                assert "ed-lacuna-note" not in block, f"{page.name}: {need_id}"
                assert "ed-lacuna" not in classes.split()
            if "ed-joint" in classes.split():
                assert "Group fragment, quoted in" in block and "in the witness’s words: " in block
    assert shown > 100


def test_joint_fragment_html(edition_html):
    html = (edition_html / "bms6" / "s3.html").read_text()
    m = re.search(r'<div class="ed-para ed-outcome ed-joint" id="BMS6-100">(.*?)<p class="ed-id">',
                  html, re.S)
    assert m, "BMS6-100 is not jointly attested"
    block = " ".join(m[1].split())
    assert '<blockquote class="ed-joint ed-wording"><p class="ed-quote">inter-agency coordination' in block
    assert ('cited to this paragraph with <a class="reference internal" href="s1.html#BMS6-8" '
            'title="BMS6-8">BMS6-8</a>') in block
    assert "‘UNGA, 2016d, paras. 8, 100’" in block
    assert "No source quotes" not in block


def test_stats_and_export_count_joint_apart(edition_html):
    from poa_edition.model.modelfile import load

    needs = needs_of(edition_html)
    lines = stats(load(edition_html / "edition.json"))
    assert lines[0].split() == ["document", "paragraphs", "official", "whole", "fragm.", "group",
                                "lacunae"]
    row = next(ln.split() for ln in lines if ln.startswith("BMS6 "))
    states = ("official", "whole", "fragmentary", "joint", "lacuna")
    counted = {a: sum(1 for n in needs.values() if n["siglum"] == "BMS6" and n["type"] == "outcome"
                      and n["attestation"] == a) for a in states}
    assert row[1:] == [str(sum(counted.values())), *(str(counted[a]) for a in states)]
    assert counted["joint"] >= 10


def test_wrong_joint_fragments_are_reported(tmp_path):
    src = FIXTURES / "joint"
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    index = str(src / "index.md")
    got = sorted(line.removeprefix(index + ":") for line in result.stderr.splitlines()
                 if line.startswith(index))
    assert got == sorted([
        "29: WARNING: BMS6-43 shows 'cooperation, coordination and information-sharing' (BP) "
        "as a group fragment with BMS6-46, which does not: give BMS6-46 the same group fragment "
        "(:with: BMS6-43) [edition.wording]",
        "44: WARNING: BMS6-53 and BMS6-76 show 'relevant [SDG] indicators' (BP) as group fragments for "
        "different groups (BMS6-53, BMS6-76 against BMS6-53, BMS6-76, BMS6-88): name the same "
        "paragraphs [edition.wording]",
        "56: WARNING: BMS6-76 and BMS6-53 show 'relevant [SDG] indicators' (BP) as group fragments for "
        "different groups (BMS6-53, BMS6-76, BMS6-88 against BMS6-53, BMS6-76): name the same "
        "paragraphs [edition.wording]",
        "56: WARNING: reference to unknown paragraph 'BMS6-88' [edition.link]",
        "68: WARNING: a joint fragment names the other paragraphs (:with: BMS6-67) and gives the "
        "witness's own words for the grouping (:grouping: UNGA, 2016d, paras. 22, 67) "
        "[edition.wording]",
        "75: WARNING: :with: and :grouping: belong to a joint fragment (:extent: joint) "
        "[edition.wording]",
        "85: WARNING: reference to unknown paragraph 'BMS6-999'; nearest: BMS6-91, BMS6-90 "
        "[edition.link]",
        # the fixture puts BMS6-67 beside BMS6-22 (its group), out of numerical order
        *(f"{line}: WARNING: BMS6-{n} stands after BMS6-67 on this page: paragraphs stand in the "
          "order of their numbers; move it before BMS6-67 [edition.structure]"
          for line, n in ((27, 43), (39, 46), (42, 53))),
    ]), result.stderr
    # the right pair is shown, and counted as joint
    needs = needs_of(tmp_path / "out")
    assert needs["BMS6-22"]["attestation"] == needs["BMS6-67"]["attestation"] == "joint"
    assert needs["BMS6-46"]["attestation"] == "lacuna"
