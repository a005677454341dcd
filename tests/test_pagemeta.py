"""What each page says of itself: tab titles that name the document, citation
metadata a reference manager reads back, a favicon."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.title = ""
        self._in_title = False
        self.icon = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "name" in a:
            self.meta.setdefault(a["name"], []).append(a.get("content", ""))
        elif tag == "title":
            self._in_title = True
        elif tag == "link" and a.get("rel") == "icon":
            self.icon = a.get("href")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _read(path) -> _Meta:
    parser = _Meta()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_tab_titles_name_the_document(edition_html):
    assert _read(edition_html / "bms5" / "s2.html").title.startswith("BMS5 · [II.")
    assert _read(edition_html / "bms6" / "s1.html").title.startswith("BMS6 · I.")


def test_every_page_carries_citation_metadata(edition_html):
    pages = [p for p in edition_html.rglob("*.html")
             if "_static" not in p.parts and p.parent.name != "p" and p.name not in (
                 "search.html", "genindex.html")]
    assert len(pages) > 20
    for page in pages:
        meta = _read(page).meta
        for name in ("citation_title", "citation_book_title", "citation_author", "DC.title",
                     "DC.relation.isPartOf", "DC.identifier", "citation_public_url"):
            assert meta.get(name) and meta[name][0], f"{page}: no {name}"
    # a section's page describes its section: the document's, in the edition
    meta = _read(edition_html / "bms6" / "s1.html").meta
    assert meta["citation_title"] == ["Outcome of the Sixth Biennial Meeting of States, Section I"]
    assert meta["citation_author"] == ["UNGA"]
    assert meta["citation_publication_date"] == ["2016/06/10"]
    assert meta["citation_book_title"] == ["The BMS6 Outcome: an Annotated Critical Edition"]
    assert meta["DC.identifier"][0].endswith("/bms6/s1.html")
    assert meta["citation_pdf_url"][0].endswith("/bms6-edition.pdf#BMS6-SI")
    # any other page is the editors' text of this release
    meta = _read(edition_html / "conventions.html").meta
    assert meta["citation_title"][0].startswith("Editorial conventions")
    assert meta["citation_publication_date"][0][:4] == meta["DC.date"][0][:4]
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", meta["DC.hasVersion"][0])


def test_favicon(edition_html):
    icon = _read(edition_html / "index.html").icon
    assert icon and (edition_html / icon).is_file()
