"""The pages' embedded metadata read as Zotero's *Embedded Metadata*
translator reads it (zotero/translators, ``Embedded Metadata.js``, 2026:
item type from the Highwire tags, ``HIGHWIRE_MAPPINGS``, creators through
``processHighwireCreators`` and ``ZU.cleanAuthor``, ``citation_pdf_url`` as
the PDF attachment), and as Google Scholar's inclusion guidelines require
(``citation_title``, ``citation_author``, ``citation_publication_date``).

The short URL ``p/<ID>.html`` is one paragraph; a section's page is its
section; neither redirects a tool that does not run scripts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: the translator's HIGHWIRE_MAPPINGS (tag -> Zotero field)
HIGHWIRE_MAPPINGS = {
    "citation_title": "title", "citation_publication_date": "date",
    "citation_cover_date": "date", "citation_date": "date",
    "citation_journal_title": "publicationTitle", "citation_journal_abbrev": "journalAbbreviation",
    "citation_inbook_title": "publicationTitle", "citation_book_title": "bookTitle",
    "citation_volume": "volume", "citation_issue": "issue", "citation_series_title": "series",
    "citation_conference_title": "conferenceName", "citation_conference": "conferenceName",
    "citation_dissertation_institution": "university",
    "citation_technical_report_institution": "institution",
    "citation_technical_report_number": "number", "citation_publisher": "publisher",
    "citation_isbn": "ISBN", "citation_abstract": "abstractNote", "citation_doi": "DOI",
    "citation_public_url": "url", "citation_language": "language",
}
#: the translator's item type from a Highwire tag (init(): hwType)
HW_TYPES = {
    "citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper", "citation_conference": "conferencePaper",
    "citation_book_title": "bookSection", "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.refresh = False
        self.canonical = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.refresh = True
        elif tag == "meta" and (a.get("name") or a.get("property")) and a.get("content"):
            self.meta.append((a.get("name") or a.get("property"), a["content"]))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href", "")


def clean_author(name: str, role: str, use_comma: bool) -> dict[str, str]:
    """``ZU.cleanAuthor``: trimmed of punctuation; with a comma, family before
    it; else the last word is the family name."""
    name = re.sub(r"^[\s.,/\[\]:]+", "", name)
    name = re.sub(r"[\s,/\[\]:.]+$", "", name)
    name = re.sub(r"\s+", " ", name)
    if use_comma and "," in name:
        last, first = (p.strip() for p in name.split(",", 1))
    elif use_comma:
        last, first = name, ""
    else:
        first, _, last = name.rpartition(" ")
    return {"firstName": first, "lastName": last, "creatorType": role}


def zotero_embedded_metadata(page: str) -> dict:
    """The Zotero item the translator saves from a page (the Highwire part,
    which wins over Dublin Core where both give a field)."""
    head = _Head()
    head.feed(page)
    names = [n for n, _ in head.meta]
    hw_type = next((HW_TYPES[n] for n in names if n in HW_TYPES), None)
    guess = "journalArticle" if "citation_title" in names else None
    item: dict = {"itemType": hw_type or guess or ("webpage" if any(
        n.lower().startswith("dc.") for n in names) else None)}
    for tag, field in HIGHWIRE_MAPPINGS.items():
        values = [v for n, v in head.meta if n.endswith(tag)]
        if values:
            item[field] = " ".join(", ".join(values).split())

    def creators(tag: str, role: str) -> list[dict]:
        nodes = [v for n, v in head.meta if n == tag]
        out = []
        for node in nodes:
            for name in re.split(r"\s*;\s*", node):
                if name.strip():
                    out.append(clean_author(name.strip(), role, "," in name))
        return out

    item["creators"] = (creators("citation_author", "author")
                        or creators("citation_authors", "author"))
    item["creators"] += creators("citation_editor", "editor") or creators("citation_editors",
                                                                           "editor")
    pdf = [v for n, v in head.meta if n == "citation_pdf_url"]
    item["attachments"] = ([{"title": "Full Text PDF", "url": pdf[0], "mimeType": "application/pdf"}]
                           if pdf else [])
    item["_dc"] = {n: v for n, v in head.meta if n.startswith("DC.")}
    item["_redirects_tools"] = head.refresh
    item["_canonical"] = head.canonical
    return item


def scholar_ok(page: str) -> list[str]:
    """What Google Scholar's inclusion guidelines miss in a page's tags."""
    head = _Head()
    head.feed(page)
    names = {n for n, _ in head.meta}
    missing = [t for t in ("citation_title", "citation_author") if t not in names]
    dates = [v for n, v in head.meta if n in ("citation_publication_date", "citation_date")]
    if not dates or not re.fullmatch(r"\d{4}(/\d{2}(/\d{2})?)?", dates[0]):
        missing.append("citation_publication_date (YYYY/MM/DD)")
    return missing


def _page(html_dir, *parts) -> str:
    return html_dir.joinpath(*parts).read_text(encoding="utf-8")


def test_the_short_url_is_one_paragraph(edition_html):
    for obj_id, title, date in (
            ("BMS6-38", "Outcome of the Sixth Biennial Meeting of States, Paragraph 38", "2016/06/10"),
            ("BMS6-10", "Outcome of the Sixth Biennial Meeting of States, Paragraph 10", "2016/06/10"),
            ("POA-II.18", "Programme of Action, Paragraph II.18", "2001")):
        page = _page(edition_html, "p", f"{obj_id}.html")
        item = zotero_embedded_metadata(page)
        url = f"https://example.org/bms6-edition/p/{obj_id}.html"
        assert item["itemType"] == "bookSection"
        assert item["title"] == title
        assert item["date"] == date
        assert item["bookTitle"] == "The BMS6 Outcome: an Annotated Critical Edition"
        assert item["creators"][0] == {"firstName": "", "lastName": "UNGA", "creatorType": "author"}
        assert {c["creatorType"] for c in item["creators"][1:]} == {"editor"}
        assert item["url"] == url and item["_canonical"] == url
        assert item["attachments"][0]["url"].endswith(f"/bms6-edition.pdf#{obj_id}")
        # the version and its release date first, as in the BibTeX note
        abstract = item["abstractNote"].removeprefix("Version 0.1.0, released November 29, 2026. ")
        assert abstract.startswith("Wording" if obj_id == "BMS6-38" else "Lacuna")
        assert item["language"] == "en"
        assert item["_dc"]["DC.date"][:4] == date[:4]
        assert item["_dc"]["DC.identifier"] == url
        assert item["_dc"]["DC.relation.isPartOf"] == item["bookTitle"]
        # a tool that does not run scripts stays on the page and reads it
        assert not item["_redirects_tools"]
        assert 'name="robots"' not in page
        assert scholar_ok(page) == []


def test_every_short_url_is_its_object(edition_html):
    pages = sorted((edition_html / "p").glob("*.html"))
    assert len(pages) > 300
    titles = set()
    for path in pages:
        page = path.read_text(encoding="utf-8")
        item = zotero_embedded_metadata(page)
        assert item["itemType"] == "bookSection", path.name
        assert scholar_ok(page) == [], path.name
        assert item["url"].endswith(f"/p/{path.stem}.html")
        titles.add(item["title"])
    assert len(titles) == len(pages)  # every item distinct by its title


def test_section_pages_describe_the_section(edition_html):
    item = zotero_embedded_metadata(_page(edition_html, "bms6", "s1.html"))
    assert item["itemType"] == "bookSection"
    assert item["title"] == "Outcome of the Sixth Biennial Meeting of States, Section I"
    assert item["date"] == "2016/06/10"
    assert item["creators"][0]["lastName"] == "UNGA"
    assert item["url"].endswith("/bms6/s1.html")
    # the editors' own pages: they are its authors, the release its date
    item = zotero_embedded_metadata(_page(edition_html, "conventions.html"))
    assert item["itemType"] == "bookSection" and item["title"].startswith("Editorial conventions")
    assert item["creators"] and all(c["creatorType"] == "author" for c in item["creators"])
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", item["date"])
