"""Sphinx's own search box knows the IDs: the ``ed`` domain's objects in
searchindex.js, and the edition's scorer (idsearch.py) that ranks an ID first."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import unavailable

HARNESS = Path(__file__).with_name("search_harness.js")


def search_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert text.startswith("Search.setIndex(") and text.endswith(")")
    return json.loads(text[len("Search.setIndex("):-1])


def ed_objects(index: dict) -> dict[str, dict]:
    """ID -> what searchtools.js makes of the object: its page, type, priority,
    and the anchor its result links to (rebuilt as searchtools.js does)."""
    out = {}
    for prefix, entries in index["objects"].items():
        for doc, typ, prio, shortanchor, name in entries:
            domain, objtype, _label = index["objnames"][str(typ)]
            if domain != "ed":
                continue
            fullname = f"{prefix}.{name}" if prefix else name
            anchor = {"": fullname, "-": f"{objtype}-{fullname}"}.get(shortanchor, shortanchor)
            out[fullname] = {"docname": index["docnames"][doc], "type": objtype, "prio": prio,
                             "anchor": anchor}
    return out


def test_the_index_holds_every_id_under_its_own_name(edition_html):
    objects = ed_objects(search_index(edition_html))
    assert objects["BMS6-38"] == {"docname": "bms6/s1", "type": "paragraph", "prio": 1,
                                  "anchor": "BMS6-38"}
    assert objects["POA-II.18"] == {"docname": "instruments/poa", "type": "paragraph",
                                    "prio": 1, "anchor": "POA-II.18"}
    assert objects["BMS6-119a"]["anchor"] == "BMS6-119a"
    assert objects["BMS5-38n.i"]["docname"].startswith("bms5/")
    assert objects["BMS6-SIII.B"]["type"] == "section"
    assert objects["BP-N14"] == {"docname": "commentary/bp", "type": "note", "prio": 1,
                                 "anchor": "BP-N14"}
    assert len(objects) > 300


def test_every_search_result_links_to_its_paragraph(edition_html):
    """Each object's result link (page#anchor, as searchtools.js builds it)
    lands on an element with that id."""
    ids_of: dict[str, set[str]] = {}
    for obj_id, obj in ed_objects(search_index(edition_html)).items():
        page = obj["docname"]
        if page not in ids_of:
            html = (edition_html / f"{page}.html").read_text(encoding="utf-8")
            ids_of[page] = set(re.findall(r'\sid="([^"]+)"', html))
        assert obj["anchor"] in ids_of[page], f"{obj_id}: no #{obj['anchor']} in {page}.html"


def test_the_search_page_loads_the_edition_scorer(edition_html):
    page = (edition_html / "search.html").read_text(encoding="utf-8")
    assert page.index("_static/searchtools.js") < page.index("_static/language_data.js")
    data = (edition_html / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "Scorer.score = " in data
    names = json.loads(re.search(r"var EDITION_DOCUMENTS = (\{.*?\});\n", data).group(1))
    assert names["BMS6"] == "Outcome of the Sixth Biennial Meeting of States (2016)"
    assert names["POA"] == "Programme of Action (2001)"
    assert names["BP"].startswith("Briefing Paper, ")


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed: the search ranking test runs searchtools.js in it "
                    "(CI installs nodejs)")
    return node


def run_search(outdir: Path, *queries: str) -> dict[str, list[dict]]:
    """What the search page lists for each query, best first: the built site's
    searchtools.js, language_data.js and searchindex.js, run in Node."""
    result = subprocess.run([_node(), str(HARNESS), str(outdir), *queries],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


BMS6 = "Outcome of the Sixth Biennial Meeting of States (2016)"


@pytest.mark.parametrize(
    ("query", "href", "document"),
    [
        ("BMS6-38", "bms6/s1.html#BMS6-38", BMS6),
        ("BMS6 38", "bms6/s1.html#BMS6-38", BMS6),
        ("bms6-38", "bms6/s1.html#BMS6-38", BMS6),
        ("  Bms6 - 38 ", "bms6/s1.html#BMS6-38", BMS6),
        ("POA II.18", "instruments/poa.html#POA-II.18", "Programme of Action (2001)"),
        ("poa-ii 18", "instruments/poa.html#POA-II.18", "Programme of Action (2001)"),
        ("POA-II_18", "instruments/poa.html#POA-II.18", "Programme of Action (2001)"),
        ("BMS5-38n.i", "bms5/s3.html#BMS5-38n.i", "Outcome of the Fifth Biennial Meeting"),
        ("bp-n14", "commentary/bp.html#BP-N14", "Briefing Paper, “Gaining Perspective”"),
    ],
)
def test_an_id_is_found_first(edition_html, query, href, document):
    results = run_search(edition_html, query)[query]
    first = results[0]
    assert first["href"] == href, [r["href"] for r in results[:5]]
    # the result names the ID, the document and the page
    assert first["text"] == href.split("#")[1]
    assert document in first["descr"]
    assert ", in " in first["descr"]


def test_an_id_ranks_its_parts_next_and_leaves_words_alone(edition_html):
    found = run_search(edition_html, "BMS6-119", "stockpile", "BMS6")
    assert [r["text"] for r in found["BMS6-119"][:3]] == ["BMS6-119", "BMS6-119a", "BMS6-119b"]
    # a word is Sphinx's search as ever: pages, no ID pushed first
    assert found["stockpile"] and all("#" not in r["href"] for r in found["stockpile"][:3])
    # a siglum alone is not an ID: the pages about it come before its paragraphs
    assert "#" not in found["BMS6"][0]["href"]


def test_the_fast_page_reader_reads_what_the_parser_reads(edition_html):
    """The search texts are read from each page with one regular expression
    (searchtext.page_text); on every page the edition writes it gives what the
    standard library's HTML parser gives."""
    from poa_edition.outputs.searchtext import page_text, page_text_parsed

    pages = sorted(edition_html.rglob("*.html"))
    assert len(pages) > 100
    differ = [str(p.relative_to(edition_html)) for p in pages
              if page_text(p.read_text(encoding="utf-8")) != page_text_parsed(p.read_text(encoding="utf-8"))]
    assert not differ
    # and on what the pages could hold: comments, entities, scripts, void and self-closed elements
    sample = ('<p>x</p><article class="bd-article"><h1>T &amp; <em>a</em></h1><!-- c > d -->'
              '<script>if (a<b) {}</script><br/><span class="ed-num">1</span><img alt="i">'
              "<p title='a>b'>c&#8217;d</p><div class=\"no-search x\"><p>hidden</p></div>y</article>z")
    assert page_text(sample) == page_text_parsed(sample) == "T & a c’d y"


def test_the_search_texts_are_kept_for_a_rebuild(edition_html):
    """The page texts of the last build are kept beside the environment, so a
    rebuild reads only the pages it writes; they are the pages' own texts."""
    from poa_edition.outputs.searchtext import KEPT, page_text

    kept = json.loads((edition_html / ".doctrees" / KEPT).read_text(encoding="utf-8"))
    assert kept["pages"]
    for docname, text in kept["pages"].items():
        page = edition_html / f"{docname}.html"
        assert text == page_text(page.read_text(encoding="utf-8")), docname
