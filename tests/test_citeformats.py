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
    """The document's author and date, the paragraph in the title, the
    edition (version, release date, editors) as the container, the caveat."""
    text = cf.chicago_text(PARA, EDITION)
    assert text == (
        "UNGA. 2016. “Outcome of the Sixth Biennial Meeting of States, Paragraph 38.” In The "
        "BMS6 Outcome: An Annotated Critical Edition, version 0.1.0, released November 29, "
        "2026, edited by Jane Doe and Richard Roe. Wording reconstructed from witnesses: only "
        "the fragments of the paragraph quoted in the Briefing Paper (BP) are given; the rest "
        "is not known to the edition. https://example.org/bms6-edition/p/BMS6-38.html.")
    italic = [t for t, it in cf.chicago(PARA, EDITION) if it]
    assert italic == ["The BMS6 Outcome: An Annotated Critical Edition"]
    assert cf.chicago_in_text(PARA, EDITION) == "(UNGA 2016, para. 38)"
    assert cf.chicago_in_text(SECTION, EDITION) == "(UNGA 2016, sec. III.B)"
    # a note is the editors' own text of this release: they are its authors
    note = cf.chicago_text(NOTE, EDITION)
    assert note.startswith("Doe, Jane, and Richard Roe. 2026. “Note BP-N12 on the Briefing "
                           "Paper, ‘National regulation.’” In The BMS6")
    assert "edited by" not in note
    assert cf.chicago_in_text(NOTE, EDITION) == "(Doe and Roe 2026)"


def test_every_format_says_how_the_wording_is_known():
    for item, words in ((PARA, "reconstructed from witnesses"), (LACUNA, "Lacuna"),
                        (SECTION, "quoted whole in the Issue Brief (IB)")):
        for key, text in cf.all_formats(item, EDITION).items():
            assert words in " ".join(text.split()), (item.id, key)
    withdrawn = cf.Item(id="BMS6-121", kind="paragraph", locator="121", doc_title="X",
                        withdrawn="no such paragraph")
    assert cf.status_note(withdrawn) == "Withdrawn from the edition: no such paragraph."


def test_csl_json_round_trips():
    data = json.loads(cf.csl_json(PARA, EDITION))
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert item["id"] == "BMS6-38" and item["type"] == "chapter"
    assert item["title"] == "Outcome of the Sixth Biennial Meeting of States, Paragraph 38"
    assert "locator" not in item and "label" not in item
    assert item["author"] == [{"literal": "UNGA"}]
    assert item["editor"] == [{"family": "Doe", "given": "Jane"}, {"family": "Roe", "given": "Richard"}]
    assert item["issued"] == {"date-parts": [[2016, 6, 10]]}
    assert item["available-date"] == {"date-parts": [[2026, 11, 29]]}
    assert item["edition"] == "version 0.1.0, released November 29, 2026"
    assert item["URL"] == "https://example.org/bms6-edition/p/BMS6-38.html"
    assert item == cf.csl_item(PARA, EDITION)
    assert json.loads(cf.csl_json(SECTION, EDITION))[0]["title"].endswith(", Section III.B")
    assert json.loads(cf.csl_json(NOTE, EDITION))[0]["issued"] == {"date-parts": [[2026, 11, 29]]}
    # a symbol, when known, is part of the title in every format
    assert cf.title(LACUNA) == "Programme of Action (A/CONF.192/15), Paragraph II.18"


def test_bibtex_parses_with_pybtex():
    text = cf.bibtex(PARA, EDITION)
    data = parse_string(text, "bibtex")
    entry = data.entries["BMS6-38"]
    assert entry.type == "incollection"
    assert [str(p) for p in entry.persons["author"]] == ["{UNGA}"]
    assert [str(p) for p in entry.persons["editor"]] == ["Doe, Jane", "Roe, Richard"]
    assert entry.fields["year"] == "2016"
    assert entry.fields["publisher"] == "Jane Doe and Richard Roe"  # classic BibTeX needs one
    assert entry.fields["note"].startswith("Version 0.1.0, released November 29, 2026. Wording")
    assert entry.fields["url"] == "https://example.org/bms6-edition/p/BMS6-38.html"
    assert Text.from_latex(entry.fields["booktitle"]).render_as("text") == cf.headline(EDITION.title)
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
    assert unescape(entry.fields["title"]) == cf.headline(f"{SPECIALS}, Paragraph 1")
    assert str(entry.persons["author"][0]) == r"{O'Brien \& Sons}"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_title_gives_a_readable_entry(title):
    item = cf.Item(id="X-1", kind="paragraph", locator="1", doc_title=title, attestation="lacuna")
    entry = parse_string(cf.bibtex(item, EDITION), "bibtex").entries["X-1"]
    assert unescape(entry.fields["title"]) == " ".join(cf.headline(f"{title}, Paragraph 1").split())
    record = cf.ris(item, EDITION)
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in record.split("\r\n")[:-1])
    assert json.loads(cf.csl_json(item, EDITION))[0]["title"] == f"{title}, Paragraph 1"


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
    assert tags["TI"] == ["Outcome of the Sixth Biennial Meeting of States, Paragraph 38"]
    assert tags["PY"] == ["2016"] and tags["DA"] == ["2016/06/10"]
    assert tags["ET"] == ["version 0.1.0, released November 29, 2026"]
    assert not {"OP", "SE", "N1", "M1"} & set(tags)  # Zotero makes notes of these
    assert tags["UR"] == ["https://example.org/bms6-edition/p/BMS6-38.html"]
    # a value with line breaks stays one line
    broken = cf.Item(id="X-1", kind="paragraph", locator="1", doc_title="two\nlines\r\nhere",
                     attestation="lacuna")
    assert "TI  - two lines here, Paragraph 1" in cf.ris(broken, EDITION).split("\r\n")


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
