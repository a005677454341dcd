"""The catalogue of mistakes: one small fixture per kind of plausible mistake,
each of which must fail the build (non-zero exit, no traceback) with a clear
message at the file and line of the mistake.

Each case edits a copy of a small project (the citation fixture, with its own
copy of the edition's data and refs.bib, its bibliography styled as the
edition's conf.py styles it) and names the file and text whose line the
message must point at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import sphinx_build_here, sphinx_command
from test_incremental import project


@dataclass(frozen=True)
class Mistake:
    kind: str
    file: str  # the file edited (relative to the project)
    old: str  # text replaced ...
    new: str  # ... by this (old "" appends)
    message: str  # what the message must say
    at: str | None = None  # the text on the line the message names (default: new's first line)
    where: str | None = None  # the file the message names, if not ``file``
    after: Callable[[Path], None] | None = None


PARA = "::::{para} BMS6-3\n::::\n"
NOTE = ":::{annotation} BP-N7\n:place: “Links”\n\n"

CATALOGUE = [
    # -- identifiers -------------------------------------------------------------
    Mistake("id", "paras.md", PARA, "::::{para} BMS6 3\n::::\n", "ID 'BMS6 3' contains a space"),
    Mistake("id", "paras.md", PARA, "::::{para} UNSC-3\n::::\n", "unknown siglum 'UNSC'"),
    Mistake("id", "paras.md", PARA, "::::{para} bms6-3\n::::\n", "siglum 'bms6' must be capitals"),
    Mistake("id", "paras.md", PARA, "::::{para} BMS6-3(a)\n::::\n", "is not a numbered locator"),
    Mistake("id", "paras.md", PARA, "::::{para} BMS6-121\n::::\n",
            "'BMS6-121' is outside BMS6's registered extent (paragraphs 1–120"),
    Mistake("id", "paras.md", PARA, PARA + "\n::::{para} BMS6-3\n::::\n", "duplicate ID 'BMS6-3'",
            at="::::{para} BMS6-3§2"),
    Mistake("id", "paras.md", PARA, "::::{para} BMS6-SII\n::::\n",
            "the para directive takes a paragraph ID"),
    Mistake("id", "paras.md", ":::{section} BMS6-SI\n:::\n", ":::{section} BMS6-1\n:::\n",
            "the section directive takes a section (S + numbering) ID"),
    Mistake("id", "paras.md", PARA, PARA + "\n::::{para} BMS5-40a\n::::\n",
            "BMS5-40a is part of BMS5-40, which is not in the edition", at="::::{para} BMS5-40a"),
    Mistake("id", "paras.md", "::::{para} BMS6-3\n::::\n\n::::{para} BMS6-9\n::::\n",
            "::::{para} BMS6-3\n\n::::{para} BMS6-9\n::::\n::::\n",
            "'BMS6-9' is inside 'BMS6-3': a para does not nest", at="::::{para} BMS6-9"),
    Mistake("id", "paras.md", PARA, "::::{para} BMS6-3\n:withdrawn:\n::::\n",
            "argument required", at=":withdrawn:"),
    # -- wording and apparatus -----------------------------------------------------
    Mistake("wording", "paras.md", PARA,
            "::::{para} BMS6-3\n\n```{wording}\n:place: “X”\nwords\n```\n::::\n",
            "wording needs :witness: one of BP, IB, not ''", at="```{wording}"),
    Mistake("wording", "paras.md", PARA,
            "::::{para} BMS6-3\n\n```{wording}\n:witness: XX\nwords\n```\n::::\n",
            "wording needs :witness: one of BP, IB, not 'XX'", at="```{wording}"),
    Mistake("wording", "paras.md", PARA,
            "::::{para} BMS6-3\n\n```{wording}\n:witness: BP\n```\n::::\n",
            "wording block is empty", at="```{wording}"),
    Mistake("wording", "paras.md", "", "\n```{wording}\n:witness: BP\nstray words\n```\n",
            "wording belongs inside a para or section directive", at="```{wording}"),
    Mistake("wording", "paras.md", PARA,
            "::::{para} BMS6-3\n\n```{wording}\n:witness: BP\n:extent: partial\nwords\n```\n::::\n",
            "Invalid option value for 'extent'", at=":extent: partial"),
    Mistake("wording", "paras.md", PARA,
            "::::{para} BMS6-3\n\n```{apparatus}\n:witness: ZZ\nA report.\n```\n::::\n",
            "apparatus needs :witness: one of BP, IB, not 'ZZ'", at="```{apparatus}"),
    Mistake("wording", "paras.md", PARA,
            "::::{para} BMS6-3\n\n```{apparatus}\n:witness: BP\n```\n::::\n",
            "apparatus entry is empty", at="```{apparatus}"),
    # -- notes ---------------------------------------------------------------------
    Mistake("note", "links.md", ":::{annotation} BP-N7", ":::{annotation} BP-7",
            "commentary note ID 'BP-7' must be WITNESS-N<number>"),
    Mistake("note", "links.md", ":::{annotation} BP-N7", ":::{annotation} XX-N7",
            "'XX-N7': unknown witness 'XX'"),
    Mistake("note", "links.md", "", f"\n{NOTE.replace('N7', 'N8')}:::\n", "'BP-N8': a commentary note needs text",
            at=":::{annotation} BP-N8"),
    Mistake("note", "links.md", "", "\n:::{annotation} BP-N7\n:place: “X”\n\nAgain.\n:::\n",
            "duplicate ID 'BP-N7'", at=":::{annotation} BP-N7§2"),
    Mistake("note", "links.md", "", "\n:::{annotation} IB-N70\n:place: “X”\n\nText.\n:::\n",
            "'IB-N70' is a note of IB, but this page holds the notes of BP", at="IB-N70"),
    # -- citations -----------------------------------------------------------------
    Mistake("citation", "links.md", "`UNGA, 2016d, para. 33`", "`UNGA, 2016f, para. 33`",
            "label 'UNGA 2016f' is not in the table of witness BP"),
    Mistake("citation", "links.md", "`UNGA, 2016d, para. 33`", "`UNGA, 2016d, para. 333`",
            "BMS6-333 is not in the edition: BMS6 has at least paragraphs 1–120"),
    Mistake("citation", "links.md", "`UNGA, 2016d, para. 33`", "`UNGA, 2016d, para. 44`",
            "BMS6-44 is not in the edition, though BMS6 has at least paragraphs 1–120"),
    Mistake("citation", "links.md", "`UNGA, 2016d, para. 33`", "`UNGA, 2016d, para. 119c`",
            "BMS6-119c does not exist: BMS6-119 has subparagraphs 119a, 119b"),
    Mistake("citation", "links.md", "`UNGA, 2016d, para. 33`", "`UNGA, 2016d, s. IX`",
            "BMS6-SIX does not exist: BMS6 has sections SI"),
    Mistake("citation", "links.md", "({ed:cite}`UNGA, 2016d, para. 33`)", "({ed:cite}`para. 33`)",
            "continuation 'para. 33' has no work cited before it"),
    Mistake("citation", "links.md", "`UNGA, 2016d, para. 33`", "`UNGA 2016d para 33`",
            "cannot read citation"),
    Mistake("citation", "links.md", "`UNGA, 2016d, para. 33`", "`UNGA, 2016a, para. 3`",
            "UNGA 2016a (unga-bms6-agenda) is cited by paragraph but is no registered document"),
    Mistake("citation", "links.md", "See {ed:p}", "See {ed:cite}`UNGA, 2016d, para. 3` and {ed:p}",
            "outside a commentary note or apparatus entry"),
    Mistake("citation", "links.md", "({ed:cite}`UNGA, 2016d, para. 33`)",
            "({cite}`UNGA, 2016d, para. 33`)", "the edition cites as its witnesses do, with {ed:cite}"),
    Mistake("citation", "links.md", "`UNGA, 2016d, para. 33`", "`UNGA, 2014g, para. 33`",
            "it is IB's label for unga-bms5-outcome, which BP cites as UNGA 2014b: cite it that way"),
    Mistake("citation", "links.md", "({ed:cite}`UNGA, 2016d, para. 33`)", "({ed:cite}` `)",
            "empty citation"),
    Mistake("citation", "links.md", "See {ed:p}", "See {ed:label}`UNGA, 2016d` and {ed:p}",
            "name the witness whose label this is"),
    Mistake("citation", "links.md", "See {ed:p}", "See {ed:label}`BP: UNGA, 2099a` and {ed:p}",
            "label 'UNGA 2099a' is not in the table of witness BP"),
    Mistake("citation", "_data/sources.toml", '"UNGA 2016d" = "unga-bms6-outcome"',
            '"UNGA 2016d" = "unga-bms6-outcom"', "label 'UNGA 2016d' of BP names 'unga-bms6-outcom', "
            "which is not in refs.bib", at="`UNGA, 2016d, para. 33`", where="links.md"),
    Mistake("citation", "refs.bib", "siglum = {BMS6}", "siglum = {BMS66}",
            "refs.bib entry 'unga-bms6-outcome' names siglum 'BMS66', which is not in documents.toml",
            at="`UNGA, 2016d, para. 33`", where="links.md"),
    # -- links -----------------------------------------------------------------------
    Mistake("link", "links.md", "{ed:p}`BMS6-3`", "{ed:p}`BMS6-30`",
            "reference to unknown paragraph 'BMS6-30'"),
    Mistake("link", "links.md", ":claims: BMS6-33 develops POA-II.18",
            ":claims: BMS6-33 develops", "cannot read claim", at=":::{annotation} BP-N7"),
    Mistake("link", "links.md", "BMS6-33 develops POA-II.18", "BMS6-33 inspires POA-II.18",
            "unknown link type 'inspires'", at=":::{annotation} BP-N7"),
    Mistake("link", "links.md", "BMS6-33 develops POA-II.18", "BMS6-33 discusses POA-II.18",
            "unknown link type 'discusses'", at=":::{annotation} BP-N7"),
    Mistake("link", "links.md", "BMS6-33 develops POA-II.18", "BMS6-77 develops POA-II.18",
            "claim on 'BMS6-77', which does not exist", at=":::{annotation} BP-N7"),
    Mistake("link", "links.md", "BMS6-33 develops POA-II.18", "BMS6-33 develops POA-II.19",
            "claim BMS6-33 develops POA-II.19: POA-II.19 does not exist", at=":::{annotation} BP-N7"),
    Mistake("link", "links.md", "BMS6-33 develops POA-II.18", "POA-II.18 develops BMS6-33",
            "a commitment (POA-II.18) cannot 'develops' anything", at=":::{annotation} BP-N7"),
    Mistake("link", "links.md", "BMS6-33 develops POA-II.18", "BMS6-33 develops BP-N7",
            "BP-N7 is a commentary; 'develops' links to a outcome or commitment",
            at=":::{annotation} BP-N7"),
    Mistake("link", "links.md", "BMS6-33 develops POA-II.18", "BMS6-33 develops BMS6-33",
            "a paragraph cannot 'develops' itself", at=":::{annotation} BP-N7"),
    Mistake("link", "links.md", "BMS6-33 develops POA-II.18", "BMS6-35 develops POA-II.18",
            "is not backed by the note's citations: it cites no BMS6-35", at=":::{annotation} BP-N7"),
    # -- markup in content -------------------------------------------------------------
    Mistake("html", "links.md", "See {ed:p}", "See <script>alert(1)</script> {ed:p}",
            "raw html is not allowed"),
    Mistake("html", "links.md", "", "\n<div>a block ({ed:cite}`UNGA, 2016d, para. 9`)</div>\n",
            "raw html is not allowed", at="<div>"),
    Mistake("id", "paras.md", PARA, "::::{para} BMS6-3\n:sumary: A typo.\n::::\n",
            "Unknown option key: 'sumary'", at=":sumary:"),
    # -- structure (issue 22): the document's order, sections and withdrawals --------------
    Mistake("structure", "paras.md", "::::{para} BMS6-9\n::::\n\n::::{para} BMS6-33\n::::\n",
            "::::{para} BMS6-33\n::::\n\n::::{para} BMS6-9\n::::\n",
            "BMS6-9 stands after BMS6-33 on this page", at="::::{para} BMS6-9"),
    Mistake("structure", "paras.md", "", "\n:::{section} BMS6-SII\n:::\n\n::::{para} BMS6-20\n::::\n",
            "BMS6-20 stands in BMS6-SII, but BMS6-SI holds paragraphs 3–119 around it",
            at="::::{para} BMS6-20"),
    Mistake("structure", "paras.md", PARA, "::::{para} BMS6-3\n:withdrawn: A misprint.\n\n"
            "```{wording}\n:witness: BP\n:place: “X”\nwords\n```\n::::\n",
            "BMS6-3 is withdrawn, yet it carries wording quoted by BP"),
    Mistake("structure", "paras.md", "::::{para} BMS6-33\n::::\n",
            "::::{para} BMS6-33\n:withdrawn: A misprint for 34.\n::::\n",
            "BP-N7: claim BMS6-33 develops POA-II.18: BMS6-33 is withdrawn", where="links.md",
            at=":::{annotation} BP-N7"),
    # -- text options are plain text, printed as typed ---------------------------------------
    Mistake("option", "paras.md", PARA, "::::{para} BMS6-3\n:summary: As {ed:p}`BMS6-9` says.\n::::\n",
            "BMS6-3: :summary: is plain text, and the role in it would print as markup",
            at=":summary:"),
    Mistake("option", "paras.md", PARA, "::::{para} BMS6-3\n:basis: {ed:cite}`UNGA, 2016d`\n::::\n",
            "BMS6-3: :basis: is plain text", at=":basis:"),
    Mistake("option", "paras.md", PARA, "::::{para} BMS6-3\n:summary: Marking # and tracing.\n::::\n",
            "BMS6-3: :summary: was read as 'Marking', not as typed", at=":summary:"),
    Mistake("option", "paras.md", PARA, '::::{para} BMS6-3\n:summary: "Marking and tracing"\n::::\n',
            "BMS6-3: :summary: was read as 'Marking and tracing', not as typed", at=":summary:"),
    Mistake("option", "links.md", ":place: “Links”\n", "",
            "'BP-N7': a commentary note needs its :place: in BP", at=":::{annotation} BP-N7"),
    # -- configuration: every edition_* option and html_baseurl checked ---------------------
    Mistake("config", "conf.py", "", 'edition_suspect_links = "warnings"\n',
            "edition_suspect_links = 'warnings' is not allowed: \"report\" or \"warning\""),
    Mistake("config", "conf.py", "", 'html_baseurl = "javascript:alert(1)"\n',
            "html_baseurl = 'javascript:alert(1)' is not allowed: an http(s) address"),
    Mistake("config", "conf.py", "", 'html_baseurl = "not a url"\n',
            "html_baseurl = 'not a url' is not allowed"),
    Mistake("config", "conf.py", 'edition_date = "2026-11-29"', 'edition_date = "29 Nov 2026"',
            "edition_date = '29 Nov 2026' is not allowed: a date written YYYY-MM-DD"),
    Mistake("config", "conf.py", "", 'edition_data = "../elsewhere"\n',
            "edition_data = '../elsewhere' is not allowed"),
    # -- data files ----------------------------------------------------------------------
    Mistake("data", "_data/sources.toml", "", '\n[POA]\ntitle = "A witness"\nshort = "W"\n',
            "'POA' is already a document siglum", at="[POA]"),
    Mistake("data", "_data/model.toml", "[links.develops]", "[links.Develops]",
            "'Develops' is not a valid name"),
    Mistake("data", "_data/model.toml", 'hide_back_on = ["division"]', 'hide_back_on = ["divisions"]',
            "'hide_back_on' names unknown need type 'divisions'"),
    Mistake("data", "_data/documents.toml", 'kind = "outcome"', 'kind = "treaty"',
            "'kind' is 'treaty'; expected one of outcome, instrument"),
    Mistake("data", "_data/documents.toml", 'style = "numbered"', 'styel = "numbered"',
            "unknown key 'styel'"),
    Mistake("data", "_data/model.toml", "[links.develops]", "[links.develops",
            "not valid TOML"),
    Mistake("data", "_data/sources.toml", 'short = "Briefing Paper"', 'short = ""',
            "'short' must be a non-empty string"),
    Mistake("data", "refs.bib", "", "\n@misc{broken,\n  title = {unclosed,\n}\n",
            "BibTeX syntax error: this entry is never closed", at="@misc{broken,"),
]


def _line(text: str, at: str) -> int:
    """The line of ``at`` in ``text`` (``at§2``: of its second occurrence)."""
    at, _, nth = at.partition("§")
    index = -1
    for _ in range(int(nth or 1)):
        index = text.find(at, index + 1)
    assert index >= 0, at
    return text.count("\n", 0, index) + 1


def _apply(src: Path, m: Mistake) -> tuple[Path, int]:
    path = src / m.file
    text = path.read_text(encoding="utf-8")
    if m.old:
        assert m.old in text, (m.file, m.old)
        text = text.replace(m.old, m.new, 1)
    else:
        text = text + m.new
    path.write_text(text, encoding="utf-8")
    where = src / (m.where or m.file)
    at = m.at or m.new.strip().splitlines()[0]
    return where, _line(where.read_text(encoding="utf-8"), at)


#: the cases run through sphinx-build itself (its exit status and standard
#: error): the first mistake in a page read, in a reference resolved as the
#: pages are written, in a data file and in conf.py
THROUGH_THE_COMMAND = {next(m for m in CATALOGUE if m.kind == kind)
                       for kind in ("id", "link", "data", "config")}


@pytest.mark.parametrize("mistake", CATALOGUE,
                         ids=[f"{m.kind}-{i}-{re.sub(r'[^a-z0-9]+', '-', m.message.lower())[:40]}"
                              for i, m in enumerate(CATALOGUE)])
def test_mistake_is_caught(tmp_path, mistake):
    src = project(tmp_path, edition_style=True)
    where, line = _apply(src, mistake)
    # a few through sphinx-build itself (THROUGH_THE_COMMAND); the others
    # through its entry point in this process, which gives the same messages
    # and exit status without starting Python and Sphinx again (tests/conftest.py)
    build = sphinx_command if mistake in THROUGH_THE_COMMAND else sphinx_build_here
    result = build(src, tmp_path / "out")
    assert result.returncode != 0, f"passed silently: {mistake}"
    assert "Traceback" not in result.stderr, result.stderr
    hits = [ln for ln in result.stderr.splitlines() if mistake.message in ln]
    assert hits, f"expected {mistake.message!r} in:\n{result.stderr}"
    assert any(ln.startswith(f"{where}:{line}:") for ln in hits), (
        f"expected at {where}:{line}:\n" + "\n".join(hits))


def test_catalogue_size():
    assert len(CATALOGUE) >= 50
    assert {m.kind for m in CATALOGUE} >= {"id", "wording", "note", "citation", "link", "html", "data"}


def test_wording_is_printed_exactly_as_typed(tmp_path):
    """No typographic substitution inside quoted wording: straight quotes,
    double hyphens and three dots stay as the witness has them."""
    src = project(tmp_path, edition_style=True)
    typed = "\"small arms\" -- 'light weapons' ..."
    path = src / "paras.md"
    path.write_text(path.read_text().replace(
        PARA, f"::::{{para}} BMS6-3\n\n```{{wording}}\n:witness: BP\n:place: “X”\n{typed}\n```\n::::\n"))
    assert sphinx_build_here(src, tmp_path / "out").returncode == 0
    page = (tmp_path / "out" / "paras.html").read_text()
    import html as _html
    quote = re.search(r'<p class="ed-quote">(.*?)</p>', page)[1]
    assert _html.unescape(quote) == typed


def test_a_withdrawn_paragraph_keeps_its_id_and_says_why(tmp_path):
    src = project(tmp_path, edition_style=True)
    path = src / "paras.md"
    path.write_text(path.read_text().replace(
        PARA, "::::{para} BMS6-3\n:withdrawn: The witness's citation was a misprint for paragraph 13.\n::::\n"))
    result = sphinx_build_here(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "paras.html").read_text()
    assert 'id="BMS6-3"' in page and "ed-withdrawn" in page
    assert "Withdrawn: </span>The witness’s citation was a misprint for paragraph 13." in page
    from conftest import needs_of
    need = needs_of(tmp_path / "out")["BMS6-3"]
    assert need["withdrawn"].startswith("The witness")
