"""The citation formats of a paragraph (pure): each read back by its own reader."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from poa_edition.outputs.formats import citeformats as cf
from pybtex.database import parse_string
from pybtex.richtext import Text

EDITION = cf.EditionInfo(title="The BMS6 Outcome: an Annotated Critical Edition",
                         editors=("Doe, Jane", "Roe, Richard"), version="0.1.0",
                         date="2026-11-29", base_url="https://example.org/bms6-edition/")
PARA = cf.Item(id="BMS6-38", kind="paragraph", locator="38",
               doc_title="Outcome of the Sixth Biennial Meeting of States", doc_authors=("UNGA",),
               doc_date="2016-06-10", attestation="fragmentary",
               witnesses=(("BP", "Briefing Paper"),))
LACUNA = cf.Item(id="POA-II.18", kind="paragraph", locator="II.18", doc_title="Programme of Action",
                 doc_authors=("UNGA",), doc_date="2001", doc_symbol="A/CONF.192/15",
                 attestation="lacuna")
NOTE = cf.Item(id="BP-N12", kind="note", locator="N12",
               doc_title="Briefing Paper, “National regulation”")
SECTION = cf.Item(id="BMS6-SIII.B", kind="section", locator="III.B",
                  doc_title="Outcome of the Sixth Biennial Meeting of States", doc_authors=("UNGA",),
                  doc_date="2016-06-10", attestation="whole", witnesses=(("IB", "Issue Brief"),))


def test_chicago_author_date():
    text = cf.chicago_text(PARA, EDITION)
    assert text.startswith("UNGA. (2016) 2026. “Outcome of the Sixth Biennial Meeting of "
                           "States,” para. 38. In The BMS6 Outcome: an Annotated Critical "
                           "Edition, edited by Jane Doe and Richard Roe. Version 0.1.0. "
                           "https://example.org/bms6-edition/p/BMS6-38.html. ")
    assert "reconstructed from witnesses" in text and "Briefing Paper (BP)" in text
    italic = [t for t, it in cf.chicago(PARA, EDITION) if it]
    assert italic == [EDITION.title]
    assert cf.chicago_in_text(PARA, EDITION) == "(UNGA [2016] 2026, para. 38)"
    # a note is the editors' own text: they are its authors, first name inverted
    note = cf.chicago_text(NOTE, EDITION)
    assert note.startswith("Doe, Jane, and Richard Roe. 2026. “Note BP-N12 on the Briefing "
                           "Paper, ‘National regulation’.” In The BMS6")
    assert "edited by" not in note
    assert cf.chicago_in_text(NOTE, EDITION) == "(Doe and Roe 2026, BP-N12)"


def test_every_format_says_how_the_wording_is_known():
    for item, words in ((PARA, "reconstructed from witnesses"), (LACUNA, "Lacuna"),
                        (SECTION, "quoted whole in the Issue Brief (IB)")):
        for key, text in cf.all_formats(item, EDITION).items():
            assert words in " ".join(text.split()), (item.id, key)
    withdrawn = cf.Item(id="BMS6-121", kind="paragraph", locator="121", doc_title="X",
                        withdrawn="no such paragraph")
    assert cf.status_note(withdrawn) == "Withdrawn from the edition: no such paragraph."


def test_csl_json_round_trips_with_a_paragraph_locator():
    data = json.loads(cf.csl_json(PARA, EDITION))
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert item["id"] == "BMS6-38" and item["type"] == "chapter"
    assert item["locator"] == "38" and item["label"] == "paragraph"
    assert item["author"] == [{"literal": "UNGA"}]
    assert item["editor"] == [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Richard"}]
    assert item["issued"] == {"date-parts": [[2026, 11, 29]]}
    assert item["original-date"] == {"date-parts": [[2016, 6, 10]]}
    assert item["version"] == "0.1.0"
    assert item["URL"] == "https://example.org/bms6-edition/p/BMS6-38.html"
    assert item == cf.csl_item(PARA, EDITION)
    assert json.loads(cf.csl_json(SECTION, EDITION))[0]["label"] == "section"
    assert json.loads(cf.csl_json(NOTE, EDITION))[0]["label"] == "note"


def test_bibtex_parses_with_pybtex():
    text = cf.bibtex(PARA, EDITION)
    data = parse_string(text, "bibtex")
    entry = data.entries["BMS6-38"]
    assert entry.type == "incollection"
    assert [str(p) for p in entry.persons["author"]] == ["{UNGA}"]
    assert [str(p) for p in entry.persons["editor"]] == ["Doe, Jane", "Roe, Richard"]
    assert entry.fields["year"] == "2026"
    assert entry.fields["url"] == "https://example.org/bms6-edition/p/BMS6-38.html"
    assert Text.from_latex(entry.fields["booktitle"]).render_as("text") == EDITION.title
    # a dotted ID is a valid key
    assert "POA-II.18" in parse_string(cf.bibtex(LACUNA, EDITION), "bibtex").entries


SPECIALS = "50% of {arms} & #1 $2 under_score ~tilde ^caret back\\slash"
UNESCAPE = {v: k for k, v in cf._BIB_SPECIAL.items()}


def unescape(value: str) -> str:
    """The inverse of the edition's BibTeX escaping (LaTeX's own reading of it)."""
    if value.startswith("{") and value.endswith("}"):
        value = value[1:-1]
    return re.sub("|".join(re.escape(k) for k in UNESCAPE), lambda m: UNESCAPE[m[0]], value)


def test_bibtex_escapes_latex_specials():
    item = cf.Item(id="X-1", kind="paragraph", locator="1", doc_title=SPECIALS,
                   doc_authors=("O'Brien & Sons",), attestation="lacuna")
    entry = parse_string(cf.bibtex(item, EDITION), "bibtex").entries["X-1"]
    assert unescape(entry.fields["title"]) == f"{SPECIALS}, para. 1"
    assert str(entry.persons["author"][0]) == r"{O'Brien \& Sons}"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_title_gives_a_readable_entry(title):
    item = cf.Item(id="X-1", kind="paragraph", locator="1", doc_title=title, attestation="lacuna")
    entry = parse_string(cf.bibtex(item, EDITION), "bibtex").entries["X-1"]
    assert unescape(entry.fields["title"]) == " ".join(f"{title}, para. 1".split())
    record = cf.ris(item, EDITION)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in record.split("\r\n")[:-1])
    assert json.loads(cf.csl_json(item, EDITION))[0]["title"] == title


def test_ris_tag_lines():
    text = cf.ris(PARA, EDITION)
    assert text.endswith("ER  - \r\n")
    lines = text.split("\r\n")[:-1]
    assert lines[0] == "TY  - CHAP" and lines[-1] == "ER  - "
    for line in lines:
        assert re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line
        assert "\n" not in line and "\r" not in line
    tags = {}
    for line in lines:
        tags.setdefault(line[:2], []).append(line[6:])
    assert tags["AU"] == ["UNGA"] and tags["A2"] == ["Doe, Jane", "Roe, Richard"]
    assert tags["TI"] == ["Outcome of the Sixth Biennial Meeting of States, para. 38"]
    assert tags["PY"] == ["2026"] and tags["DA"] == ["2026/11/29"] and tags["OP"] == ["2016"]
    assert tags["UR"] == ["https://example.org/bms6-edition/p/BMS6-38.html"]
    # a value with line breaks stays one line
    broken = cf.Item(id="X-1", kind="paragraph", locator="1", doc_title="two\nlines\r\nhere",
                     attestation="lacuna")
    assert "TI  - two lines here, para. 1" in cf.ris(broken, EDITION).split("\r\n")


def test_without_a_published_address_no_url():
    local = cf.EditionInfo(title="E", editors=("The editors",), version="1", date="2026")
    for key, text in cf.all_formats(PARA, local).items():
        assert "http" not in text, key
    assert "URL" not in json.loads(cf.csl_json(PARA, local))[0]
    # a name without a comma is kept as written, not split into given and family
    assert json.loads(cf.csl_json(PARA, local))[0]["editor"] == [{"literal": "The editors"}]
    assert "editor = {{The editors}}" in cf.bibtex(PARA, local)


@pytest.mark.parametrize("names,expected", [
    (("UNGA",), "UNGA"),
    (("Doe, Jane",), "Doe, Jane"),
    (("Doe, Jane", "Roe, Richard", "Poe, Edgar"), "Doe, Jane, Richard Roe, and Edgar Poe"),
])
def test_chicago_names(names, expected):
    assert cf._names_inverted_first(names) == expected
