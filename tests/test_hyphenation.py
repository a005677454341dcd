"""Line-end hyphens are resolved by the text's own usage, by one
implementation that the quotation checks and the official-text import share
(no witness texts needed)."""

from __future__ import annotations

from pathlib import Path

from poa_edition.model import hyphenation, officialtext, witnessmap
from poa_edition.model.hyphenation import Usage, resolve

LINES = [
    "Stockpiles in conflict and post-conflict settings; weapons in post-",
    "conflict situations need implemen-",
    "tation, and record-keeping, a record-",
    "keeping that is policy-making and policymaking and policy-",
    "making; small-",
    "Arms.",
]


def test_a_hyphen_the_text_writes_elsewhere_stays():
    assert "post-conflict situations" in resolve(LINES)
    assert "a record-keeping that" in resolve(LINES)


def test_a_hyphen_the_text_never_writes_goes():
    assert "implementation," in resolve(LINES)
    assert "implemen-tation" not in resolve(LINES)


def test_the_more_frequent_spelling_wins_and_a_tie_keeps_the_hyphen():
    usage = Usage(LINES)
    # 'policy-making' once, 'policymaking' once, inside lines: the hyphen stays
    assert usage.keeps("policy", "making")
    more_closed = Usage(["policymaking and policymaking and policy-making"])
    assert not more_closed.keeps("policy", "making")


def test_a_break_before_a_capital_keeps_its_hyphen():
    assert resolve(LINES).endswith("small-Arms.")


def test_the_halves_of_a_broken_word_are_not_usage():
    usage = Usage(["the post-", "conflict period"])
    assert usage.forms["post"] == 0 and usage.forms["conflict"] == 0
    assert usage.word("post", "conflict") == "postconflict"  # no evidence: the typesetter's


def test_a_blank_line_between_the_halves():
    assert resolve(["an implemen-", "", "tation"]) == "an implementation"


def test_one_implementation_for_quotations_and_the_import():
    assert officialtext.Usage is hyphenation.Usage is witnessmap.Usage
    raw = "\n".join(["A/CONF.192/BMS/2099/WP.9", "1.   " + LINES[0], *LINES[1:], "2.   The end."])
    text = officialtext.parse(raw, "BMS5")
    official = text.get("BMS5-1").text
    place = witnessmap.Place("p", "section", (1, 1), ((1, len(LINES)),))
    witness = witnessmap.text_of(place, LINES, Usage(LINES)).text.replace("\n", " ")
    assert official == witness == resolve(LINES)
    assert ("post-|conflict", "post-conflict") in [(b, w) for _, b, w in text.hyphenation]
    assert ("implemen-|tation", "implementation") in [(b, w) for _, b, w in text.hyphenation]


def test_the_witness_text_knows_the_line_of_each_word(tmp_path: Path):
    place = witnessmap.Place("p", "section", None, ((1, 3),))
    pt = witnessmap.text_of(place, ["one implemen-", "tation here", "and there"], Usage([]))
    assert pt.text == "one implementation here\nand there"
    assert pt.line_at(pt.text.index("one")) == 1
    assert pt.line_at(pt.text.index("here")) == 2
    assert pt.line_at(pt.text.index("there")) == 3
