"""Reading comfort: the bibliography in author-date order with the notes that
cite each work, no refs.bib key in the text, note numbers unlike paragraph numbers."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from conftest import REPO
from poa_edition.outputs.bibpage import fold
from pybtex.database import parse_file


class _Text(HTMLParser):
    """The text a reader sees (no scripts, styles or attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _entries(edition_html) -> list[tuple[str, str]]:
    page = (edition_html / "bibliography.html").read_text(encoding="utf-8")
    return [(key, html.unescape(re.sub(r"<[^>]+>", "", body))) for key, body in
            re.findall(r'<li id="ref-([^"]+)"><p>(.*?)</p></li>', page, re.S)]


def test_bibliography_is_in_author_date_order(edition_html):
    bib = parse_file(REPO / "refs.bib").entries
    entries = _entries(edition_html)
    assert [k for k, _ in entries] and {k for k, _ in entries} == set(bib)

    def key(k):
        e = bib[k]
        who = " ".join(fold(" ".join(p.last_names + p.first_names)) for p in e.persons.get("author", ()))
        year = e.fields.get("year", "")
        return (who or fold(e.fields["title"]), year == "", year, fold(e.fields["title"]))

    order = [k for k, _ in entries]
    assert order == sorted(order, key=key)
    # by name, accents aside: Afghanistan, Čekuolis, Jamaica ...; an anonymous
    # work under its title; undated works after dated ones by the same author
    assert order.index("afghanistan-2014b") < order.index("cekuolis-2008") < order.index("jamaica-2015a")
    assert order.index("moldova-2015") < order.index("sas-issue-brief-bms5") < order.index("persi-paoli-2015a")
    assert order.index("uncasa-2012") < order.index("uncasa-nd")
    # author-date: the year follows the name
    text = dict(entries)
    # two works of one author and year: the letters author-date needs
    assert text["unga-poa"].startswith("UNGA. 2001a. [Programme of Action].")
    assert text["unga-firearms-protocol"].startswith("UNGA. 2001b. [UN Firearms Protocol].")
    assert text["jamaica-2015a"].startswith("Jamaica. 2015a. ")
    assert text["jamaica-2015b"].startswith("Jamaica. 2015b. ")
    assert text["uncasa-nd"].startswith("UNCASA. n.d. ")
    assert text["sas-issue-brief-bms5"].startswith("One Meeting after Another: UN Process Update. n.d. ")


def test_each_work_links_to_the_notes_that_cite_it(edition_html):
    page = (edition_html / "bibliography.html").read_text(encoding="utf-8")
    items = dict(re.findall(r'<li id="ref-([^"]+)"><p>(.*?)</p></li>', page, re.S))
    outcome = items["unga-bms6-outcome"]
    assert re.search(r'Cited in <a class="reference internal" href="commentary/bp.html#BP-N\d+"', outcome)
    assert 'href="commentary/bp.html#BP-N12"' in outcome
    # every note listed does cite the work (links to its entry)
    notes, cites = {}, {}
    for name in ("bp", "ib"):
        text = (edition_html / "commentary" / f"{name}.html").read_text(encoding="utf-8")
        for note, block in re.findall(r'<div class="ed-para ed-commentary" id="([^"]+)">(.*?)'
                                      r'(?=<div class="ed-para|</section>)', text, re.S):
            notes[note] = set(re.findall(r'href="\.\./bibliography\.html#ref-([^"]+)"', block))
            cites[note] = {key for span in re.findall(r'<span class="ed-cite">(.*?)</span>', block, re.S)
                           for key in re.findall(r'#ref-([^"]+)"', span)}
    listed = 0
    for key, body in items.items():
        cited = re.search(r'<span class="ed-citedby">(.*?)</span>$', body, re.S)
        for note in re.findall(r'#((?:BP|IB)-N\d+)"', cited[1] if cited else ""):
            assert key in notes[note], (key, note)
            listed += 1
    assert listed > 100
    # and every work a note cites lists the note
    assert sum(map(len, cites.values())) > 100
    for note, keys in cites.items():
        for key in keys:
            assert f'#{note}"' in items[key], (note, key)


def test_no_refs_bib_key_in_the_text(edition_html):
    keys = list(parse_file(REPO / "refs.bib").entries)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])")
    pages = [p for p in edition_html.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) > 20
    for page in pages:
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        hits = pattern.findall(" ".join(parser.parts))
        assert not hits, f"{page.relative_to(edition_html)} shows refs.bib keys: {sorted(set(hits))}"


def test_note_numbers_are_not_paragraph_numbers(edition_html):
    bp = (edition_html / "commentary" / "bp.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="ed-para ed-commentary" id="BP-N12"><a class="ed-num" '
                     r'href="#BP-N12" title="BP-N12">N12</a>', bp)
    css = (edition_html / "_static" / "edition.css").read_text(encoding="utf-8")
    rule = re.search(r"\.ed-para\.ed-commentary > \.ed-num \{([^}]*)\}", css)
    assert rule and "italic" in rule[1] and "color" in rule[1]
    assert re.search(r'\.ed-para\.ed-commentary > \.ed-num::before \{ content: "note "', css)
