"""The ID resolver (permalink.html?id=) and the index of IDs (ed-ids.html)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from test_interop import inventory
from test_search import _node

HARNESS = Path(__file__).with_name("resolver_harness.js")


def resolver_data(outdir: Path) -> dict:
    page = (outdir / "permalink.html").read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="ed-resolver-data">(.*?)</script>',
                    page, re.S).group(1)
    return json.loads(raw)


def resolve(outdir: Path, *asked: str) -> dict[str, dict]:
    result = subprocess.run([_node(), str(HARNESS), str(outdir), *asked],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_resolver_is_the_editions_not_sphinx_needs(edition_html):
    page = (edition_html / "permalink.html").read_text(encoding="utf-8")
    assert "Searching, Please Wait" not in page
    script = (edition_html / "_static" / "edition-resolver.js").read_text(encoding="utf-8")
    for text in (page, script):
        # nothing fetched (needs.json cannot be fetched from disk), nothing as HTML
        assert "needs.json" not in text and "XMLHttpRequest" not in text
        assert "fetch(" not in text and "innerHTML" not in text
    # everything the page loads is the edition's own
    loaded = re.findall(r'<(?:script|img)[^>]*\ssrc="([^"]+)"', page) + [
        href for tag in re.findall(r"<link[^>]*>", page) if 'rel="canonical"' not in tag
        for href in re.findall(r'\shref="([^"]+)"', tag)]
    assert any("edition-resolver.js" in url for url in loaded)
    for url in loaded:
        assert not re.match(r"[a-z]+:|//", url), url
    assert 'href="ed-ids.html"' in page


def test_the_resolver_knows_every_id(edition_html):
    data = resolver_data(edition_html)
    assert data["ids"]["BMS6-38"] == ["bms6/s1.html#BMS6-38", "BMS6, para. 38"]
    assert data["ids"]["POA-II.18"][0] == "instruments/poa.html#POA-II.18"
    # needs.json's form of a dotted ID
    assert data["aliases"]["POA-II_18"] == "POA-II.18"
    inv = {name: uri for name, (kind, uri) in inventory(edition_html / "objects.inv").items()
           if kind.startswith("ed:")}
    assert {i: url for i, (url, _title) in data["ids"].items()} == inv


@pytest.mark.parametrize(
    ("asked", "target"),
    [
        ("BMS6-38", "bms6/s1.html#BMS6-38"),
        ("POA-II.18", "instruments/poa.html#POA-II.18"),
        ("POA-II_18", "instruments/poa.html#POA-II.18"),
        ("BMS6-119a", "bms6/s3.html#BMS6-119a"),
        ("BP-N14", "commentary/bp.html#BP-N14"),
        (" BMS6-38 ", "bms6/s1.html#BMS6-38"),
    ],
)
def test_a_known_id_goes_to_its_place(edition_html, asked, target):
    got = resolve(edition_html, asked)[asked]
    assert got["sentTo"] == target
    assert got["suggestions"] == []


@pytest.mark.parametrize(
    ("asked", "meant"),
    [("bms6-38", "BMS6-38"), ("BMS6 38", "BMS6-38"), ("POA II.18", "POA-II.18"),
     ("poa-ii.18", "POA-II.18")],
)
def test_an_id_in_other_capitals_is_offered_not_followed(edition_html, asked, meant):
    got = resolve(edition_html, asked)[asked]
    assert got["sentTo"] is None
    assert got["message"].startswith(f"No paragraph, section or note has the ID “{asked}”.")
    assert "did you mean" in got["message"]
    assert [s["id"] for s in got["suggestions"]] == [meant]
    assert got["suggestions"][0]["href"] == resolver_data(edition_html)["ids"][meant][0]


def test_an_unknown_id_says_so_with_the_nearest(edition_html):
    got = resolve(edition_html, "BMS6-999", "XYZ", "<b>x</b>", "")
    near = got["BMS6-999"]
    assert near["sentTo"] is None
    assert near["message"] == ("No paragraph, section or note has the ID “BMS6-999”. "
                               "The nearest IDs are:")
    ids = [s["id"] for s in near["suggestions"]]
    assert ids[0] == "BMS6-99" and 1 < len(ids) <= 5
    assert all(i.startswith("BMS6-") for i in ids)
    assert near["search"] == "search.html?q=BMS6-999"
    assert near["title"].startswith("Unknown ID “BMS6-999”")
    assert got["XYZ"]["message"].endswith("No ID comes near it.")
    assert got["XYZ"]["suggestions"] == []
    # what was asked is shown as text, never as markup
    assert "“<b>x</b>”" in got["<b>x</b>"]["message"]
    # no ID asked: the page explains itself and sends nobody anywhere
    assert got[""]["sentTo"] is None and got[""]["message"] == ""


def test_the_index_of_ids(edition_html):
    page = (edition_html / "ed-ids.html").read_text(encoding="utf-8")
    assert "<title>Index of IDs" in page
    links = re.findall(r'<a href="([^"#]+)#([^"]+)"><code class="xref">([^<]+)</code>', page)
    ids = [name for _page, _anchor, name in links]
    assert len(ids) == len(set(ids)) == len(resolver_data(edition_html)["ids"])
    assert ("bms6/s1.html", "BMS6-38", "BMS6-38") in links
    # document by document in the registry's order, each in its own order
    sigla = re.findall(r'<tr class="cap" id="cap-([^"]+)">', page)
    assert sigla[:3] == ["BMS6", "BMS6R", "BMS5"] and sigla[-2:] == ["BP", "IB"]
    bms6 = [i for i in ids if i.startswith("BMS6-") and not i.startswith("BMS6-S")]
    assert bms6.index("BMS6-9") < bms6.index("BMS6-10") < bms6.index("BMS6-119") \
        < bms6.index("BMS6-119a") < bms6.index("BMS6-120")
