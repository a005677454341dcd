"""“Cite this” in the built edition: the control beside BMS6-38, read back
from the HTML, and the files it offers for download."""

from __future__ import annotations

import html
import json
import re
import tomllib
from importlib import metadata

from conftest import REPO
from pybtex.database import parse_string


def _block(page: str, obj_id: str) -> str:
    m = re.search(rf'<div class="ed-para[^"]*" id="{re.escape(obj_id)}">(.*?)'
                  r'(?=<div class="ed-para|</section>)', page, re.S)
    assert m, f"no block for {obj_id}"
    return m[1]


def _control(block: str) -> dict[str, str]:
    """The texts of the Cite control in a block, by format."""
    m = re.search(r'<details class="ed-cite-this[^"]*">(.*?)<p class="ed-copy-status"', block, re.S)
    assert m, "no Cite control"
    control = m[1]
    out = {}
    for part in control.split('<div class="ed-cite-format" data-format="')[1:]:
        key = part.split('"', 1)[0]
        if pre := re.search(r'<pre class="ed-cite-text">(.*?)</pre>', part, re.S):
            out[key] = html.unescape(pre[1])
    ref = re.search(r'<p class="ed-cite-ref">(.*?)</p>', control, re.S)[1]
    out["chicago"] = html.unescape(re.sub(r"<[^>]+>", "", ref))
    out["files"] = re.findall(r'<a class="ed-download" href="([^"]+)" download="([^"]+)"', control)
    out["summary"] = re.search(r"<summary[^>]*>(.*?)</summary>", control)[1]
    return out


def test_bms6_38_offers_its_citation(edition_html):
    page = (edition_html / "bms6" / "s1.html").read_text(encoding="utf-8")
    cite = _control(_block(page, "BMS6-38"))
    version = metadata.version("poa-edition")
    url = "https://example.org/bms6-edition/p/BMS6-38.html"

    # compact: closed, one word, beside the ID
    assert cite["summary"] == "Cite"
    assert re.search(r'<div class="ed-idrow[^"]*">\s*<p class="ed-id">.*?BMS6-38</a></p>\s*'
                     r'<details class="ed-cite-this', page, re.S)

    # Chicago author-date: the document in the edition, and that its wording is reconstructed
    assert cite["chicago"].startswith(
        "UNGA. 2016. “Outcome of the Sixth Biennial Meeting of States, Paragraph 38.” "
        f"In The BMS6 Outcome: An Annotated Critical Edition, version {version}, released ")
    assert cite["chicago"].endswith(f" {url}.")
    assert "reconstructed from witnesses" in cite["chicago"]
    assert "Briefing Paper (BP)" in cite["chicago"]

    csl = json.loads(cite["csl"])
    assert csl[0]["id"] == "BMS6-38"
    assert "locator" not in csl[0] and "label" not in csl[0]  # the citing author's, per cite
    assert csl[0]["title"] == "Outcome of the Sixth Biennial Meeting of States, Paragraph 38"
    assert csl[0]["edition"].startswith(f"version {version}, released ") and csl[0]["URL"] == url
    assert csl[0]["container-title"] == "The BMS6 Outcome: an Annotated Critical Edition"
    assert csl[0]["issued"] == {"date-parts": [[2016, 6, 10]]}
    assert "reconstructed" in csl[0]["medium"] and "reconstructed" in csl[0]["abstract"]

    entry = parse_string(cite["bibtex"], "bibtex").entries["BMS6-38"]
    assert entry.fields["year"] == "2016" and entry.fields["url"] == url
    assert entry.fields["note"].startswith(f"Version {version}, released ")

    lines = cite["ris"].splitlines()
    assert lines[0] == "TY  - CHAP" and lines[-1].rstrip() == "ER  -"
    assert "UR  - " + url in lines and "ID  - BMS6-38" in lines

    # the downloads hold the same texts, with the format's own line ends
    assert [name for _href, name in cite["files"]] == ["BMS6-38.bib", "BMS6-38.json", "BMS6-38.ris"]
    for (href, _name), key in zip(cite["files"], ("bibtex", "csl", "ris"), strict=True):
        path = (edition_html / "bms6" / href).resolve()
        data = path.read_bytes().decode("utf-8")
        assert data.replace("\r\n", "\n") == cite[key], href
    assert (edition_html / "cite" / "BMS6-38.ris").read_bytes().count(b"\r\n") == len(lines)


def test_lacunae_notes_and_sections_say_what_they_are(edition_html):
    poa = (edition_html / "instruments" / "poa.html").read_text(encoding="utf-8")
    lacuna = _control(_block(poa, "POA-II.18"))
    assert "Lacuna: no witness quotes the wording of this paragraph" in lacuna["chicago"]
    assert json.loads(lacuna["csl"])[0]["title"] == "Programme of Action, Paragraph II.18"
    bp = (edition_html / "commentary" / "bp.html").read_text(encoding="utf-8")
    note = _control(_block(bp, "BP-N12"))
    assert note["chicago"].startswith("The editors. 2026. “Note BP-N12 on the Briefing Paper")
    assert json.loads(note["csl"])[0]["issued"]["date-parts"][0][0] == 2026


def test_every_object_has_a_control_and_its_files(edition_html):
    ids = []
    for page in edition_html.rglob("*.html"):
        if "_static" in page.parts or page.parent.name == "p":
            continue
        text = page.read_text(encoding="utf-8")
        blocks = re.findall(r'<div class="ed-para[^"]*" id="([^"]+)">', text)
        assert text.count('<details class="ed-cite-this') == len(blocks), page
        ids += blocks
    assert len(ids) > 300
    files = {p.name for p in (edition_html / "cite").iterdir()}
    assert files == {f"{i}.{s}" for i in ids for s in ("bib", "json", "ris")}
    for i in ids:
        assert (edition_html / "p" / f"{i}.html").exists()


def test_the_version_is_pyprojects():
    """One place: pyproject.toml; Sphinx's ``release`` and the citations read it."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert metadata.version("poa-edition") == project["version"]
    conf = (REPO / "conf.py").read_text()
    assert not re.search(r"^(version|release)\s*=", conf, re.M)


def test_copy_script_is_local_and_loaded(edition_html):
    page = (edition_html / "bms6" / "s1.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="\.\./_static/cite\.js[^"]*"></script>', page)
    assert (edition_html / "_static" / "cite.js").exists()
