"""The ID grammar of CONVENTIONS.md (pure functions)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from poa_edition.model.ids import IdError, parse_id, sort_key, split_id


@pytest.mark.parametrize(
    ("need_id", "style", "parent", "label"),
    [
        ("BMS6-38", "numbered", None, "38"),
        ("BMS5-50", "numbered", None, "50"),
        ("BMS6-119a", "numbered", "BMS6-119", "(a)"),
        ("BMS5-17d", "numbered", "BMS5-17", "(d)"),
        ("BMS5-38n.i", "numbered", "BMS5-38n", "(i)"),
        ("BMS5-38n.iii", "numbered", "BMS5-38n", "(iii)"),
        ("POA-II.18", "poa", None, "II.18"),
        ("POA-IV.1a", "poa", "POA-IV.1", "(a)"),
        ("RC2-AII.2f", "annex", "RC2-AII.2", "(f)"),
        ("RC2-AII.3", "annex", None, "3"),
        ("A2030-16", "sdg", None, "16"),
        ("A2030-16.4", "sdg", "A2030-16", "16.4"),
        ("A2030-16.4.2", "sdg", "A2030-16.4", "16.4.2"),
    ],
)
def test_paragraph_ids(need_id, style, parent, label):
    parsed = parse_id(need_id, style)
    assert not parsed.is_section
    assert parsed.parent == parent
    assert parsed.label == label
    assert parsed.id == need_id


@pytest.mark.parametrize(
    ("need_id", "parent"),
    [("BMS6-SIII.B", "BMS6-SIII"), ("BMS6-SIII", None), ("BMS6-S0", None), ("POA-SII", None)],
)
def test_section_ids(need_id, parent):
    parsed = parse_id(need_id, "numbered")
    assert parsed.is_section and parsed.parent == parent


@pytest.mark.parametrize(
    ("need_id", "style"),
    [
        ("bms6-38", "numbered"),  # case matters
        ("BMS6 38", "numbered"),
        ("BMS6-", "numbered"),
        ("BMS6-038", "numbered"),
        ("BMS6-38(a)", "numbered"),
        ("BMS6-38A", "numbered"),
        ("BMS6-119ab", "numbered"),
        ("POA-II.18", "numbered"),  # PoA locator in a numbered document
        ("POA-ii.18", "poa"),
        ("POA-.18", "poa"),
        ("RC2-II.2f", "annex"),
        ("A2030-16.4.2.1", "sdg"),
    ],
)
def test_outside_the_scheme(need_id, style):
    with pytest.raises(IdError):
        parse_id(need_id, style)


def test_split_names_the_problem():
    with pytest.raises(IdError, match="capitals"):
        split_id("bms6-38")


def test_natural_order():
    ids = ["10", "2", "119b", "119", "119a", "1"]
    assert sorted(ids, key=sort_key) == ["1", "2", "10", "119", "119a", "119b"]


@given(st.text(max_size=30), st.sampled_from(["numbered", "poa", "annex", "sdg"]))
def test_parse_id_total(text, style):
    """On any input: a ParsedId, or IdError; nothing else."""
    try:
        parsed = parse_id(text, style)
    except IdError:
        return
    assert parsed.id == text
