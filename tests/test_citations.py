"""The citation parser: every form in CONVENTIONS.md, and totality."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from poa_edition.model.citeparse import Citation, CitationError, parse


def groups(text: str) -> list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]:
    return [(g.label, g.locators, g.other) for g in parse(text).groups]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UNGA, 2016d, para. 38", [("UNGA 2016d", ("38",), ())]),
        ("UNGA, 2016d, paras. 12, 107", [("UNGA 2016d", ("12", "107"), ())]),
        ("paras. 33–35, 104", [(None, ("33", "34", "35", "104"), ())]),
        ("paras. 33-35, 104", [(None, ("33", "34", "35", "104"), ())]),
        ("paras. 113–14", [(None, ("113", "114"), ())]),
        ("paras. 119a–b", [(None, ("119a", "119b"), ())]),
        ("para. 27f", [(None, ("27f",), ())]),
        ("para. 38(n)(i)", [(None, ("38n.i",), ())]),
        ("para. 38(n)(ii)–(iii)", [(None, ("38n.ii", "38n.iii"), ())]),
        ("paras. 38m, 38(n)(i)", [(None, ("38m", "38n.i"), ())]),
        ("paras. 40a–b", [(None, ("40a", "40b"), ())]),
        ("para. 40a–b", [(None, ("40a", "40b"), ())]),
        ("paras. 38g–h", [(None, ("38g", "38h"), ())]),
        ("para. II.18", [(None, ("II.18",), ())]),
        ("para. IV.1.a", [(None, ("IV.1a",), ())]),
        ("UNGA, 2012a, annexe II, para. 2f", [("UNGA 2012a", ("AII.2f",), ())]),
        ("s. III", [(None, ("SIII",), ())]),
        ("ss. I–II", [(None, ("SI", "SII"), ())]),
        ("s. III.B title", [(None, ("SIII.B",), ())]),
        ("UNGA, 2016d, para. 9; 2016c, para. 21",
         [("UNGA 2016d", ("9",), ()), ("UNGA 2016c", ("21",), ())]),
        ("UNGA, 2016a; 2016d", [("UNGA 2016a", (), ()), ("UNGA 2016d", (), ())]),
        ("UNGA, 2016e, p. 9, Recommendation 3", [("UNGA 2016e", (), ("p. 9", "Recommendation 3"))]),
        ("para. 54", [(None, ("54",), ())]),
        ("paras. 14, 18", [(None, ("14", "18"), ())]),
        ("see UNGA, 2001b, para. II.18", [("UNGA 2001b", ("II.18",), ())]),
        ("cf. UNGA, 2016d, paras. 8, 100", [("UNGA 2016d", ("8", "100"), ())]),
        ("UNGA, 2012a, annexe I, sec. III, first preambular para.",
         [("UNGA 2012a", ("SAI.III",), ("first preambular para.",))]),
        ("Afghanistan, 2014d; UNGA, 2014d", [("Afghanistan 2014d", (), ()), ("UNGA 2014d", (), ())]),
        ("Čekuolis, 2008, p. 23", [("Čekuolis 2008", (), ("p. 23",))]),
        ("p. 23", [(None, (), ("p. 23",))]),
        ("UNCASA, n.d.", [("UNCASA n.d.", (), ())]),
        ("King and McDonald, 2015", [("King and McDonald 2015", (), ())]),
        ("Persi Paoli, 2015b, pp. 24–34", [("Persi Paoli 2015b", (), ("pp. 24–34",))]),
        ("UNGA, 2014g, paras. 29, 38a, 38(n)(i)", [("UNGA 2014g", ("29", "38a", "38n.i"), ())]),
    ],
)
def test_forms(text, expected):
    assert groups(text) == expected


def test_prefix_and_pieces_render_the_citation_as_written():
    c = parse("see UNGA, 2016d, paras. 113–14, 119a–b")
    assert c.prefix == "see"
    assert "".join(p.text for p in c.pieces) == c.text
    linked = [(p.text, p.targets) for p in c.pieces if p.kind == "locator"]
    assert linked == [("113", ("113",)), ("14", ("114",)), ("119a", ("119a",)), ("b", ("119b",))]
    assert [p.text for p in c.pieces if p.kind == "work"] == ["UNGA, 2016d"]


def test_author_carries_within_a_citation():
    second = parse("UNGA, 2016d, para. 9; 2016c, para. 21").groups[1]
    assert second.author == "UNGA" and second.author_carried


def test_annex_context():
    from poa_edition.model.citeparse import in_annex

    assert parse("UNGA, 2012a, annexe II, para. 2f").groups[0].annex == "II"
    assert parse("para. 3g").groups[0].annex is None
    assert in_annex("3g", "II") == "AII.3g"
    assert in_annex("SIII", "I") == "SIII"


def test_continuation_is_marked():
    assert parse("(para. 54)".strip("()")).groups[0].is_continuation


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "UNGA, para. 3", "UNGA 2016d", "paras. 35–33", "para. x7",
        "para. 3; 2016d", "see", "paras. 12,, 13", "; para. 3", "UNGA, 2016d, para.",
        "UNGA, 2016d, paras. 1–900", "ss. I–3", "UNGA, 2016d, chapter 4",
        "para. 38(n)(iii)–(ii)", "annexe II, para. II.3",
    ],
)
def test_unreadable_is_an_error(text):
    with pytest.raises(CitationError) as err:
        parse(text)
    assert err.value.message


_alphabet = st.sampled_from(list("UNGA, 2016dparas.–-0123456789abcivxIVX();sSeec.f ptitleannexeČ\n"))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=_alphabet, max_size=40) | st.text(max_size=40))
def test_total(text):
    """On any input: a Citation whose pieces spell the input, or CitationError."""
    try:
        c = parse(text)
    except CitationError:
        return
    assert isinstance(c, Citation)
    assert "".join(p.text for p in c.pieces) == c.text


def test_sdg_goals_targets_and_indicators():
    """The 2030 Agenda's numbers, as the Briefing Paper names them ("Goal 16",
    "Target 16.4", "Indicator 16.4.2"); the level must match the number."""
    from poa_edition.model.citeparse import CitationError, parse

    c = parse("UNGA, 2015a, Goal 16, Target 16.4")
    assert [(g.label, g.locators) for g in c.groups] == [("UNGA 2015a", ("16", "16.4"))]
    assert parse("Indicator 16.4.2").groups[0].locators == ("16.4.2",)
    assert parse("para. 26; UNGA, 2015a, Target 16.4").groups[1].locators == ("16.4",)
    for wrong in ("UNGA, 2015a, Target 16", "UNGA, 2015a, Goal 16.4", "Indicator 16.4"):
        try:
            parse(wrong)
        except CitationError as err:
            assert "write Goal 16, Target 16.4, Indicator 16.4.2" in err.message
        else:
            raise AssertionError(f"{wrong!r} parsed")
