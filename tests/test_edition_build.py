"""The whole edition builds strictly, and every BMS6 paragraph is a need."""

from __future__ import annotations

import re

from conftest import EDITION, REPO, needs_of, sphinx_build

BMS6_IDS = [f"BMS6-{n}" for n in range(1, 121)] + ["BMS6-119a", "BMS6-119b"]


def test_every_bms6_paragraph_is_a_need(edition_html):
    needs = needs_of(edition_html)
    for need_id in BMS6_IDS:
        assert need_id in needs, f"{need_id} missing from needs.json"
        assert needs[need_id]["type"] == "outcome"
        assert needs[need_id]["siglum"] == "BMS6"
        assert needs[need_id]["attestation"] in {"whole", "fragmentary", "joint", "lacuna"}
    bms6_paras = {i for i, n in needs.items() if n["siglum"] == "BMS6" and n["type"] == "outcome"}
    assert bms6_paras == set(BMS6_IDS), "no BMS6 paragraph outside 1-120, 119a, 119b"


def test_sections_and_types(edition_html):
    needs = needs_of(edition_html)
    for section in ("BMS6-S0", "BMS6-SI", "BMS6-SII", "BMS6-SIII", "BMS6-SIII.A", "BMS6-SIII.B", "BMS6-SIV"):
        assert needs[section]["type"] == "division"
    assert needs["BMS6-SIII.B"]["part_of"] == ["BMS6-SIII"]
    assert needs["BMS6-1"]["part_of"] == ["BMS6-S0"]
    assert needs["BMS6-38"]["part_of"] == ["BMS6-SI"]
    assert needs["BMS6-64"]["part_of"] == ["BMS6-SII"]
    assert needs["BMS6-120"]["part_of"] == ["BMS6-SIII"]
    assert needs["POA-II.18"]["type"] == "commitment"


def test_subparagraph_is_part_of_its_paragraph(edition_html):
    needs = needs_of(edition_html)
    assert needs["BMS6-119a"]["part_of"] == ["BMS6-119"]
    assert needs["BMS6-119b"]["part_of"] == ["BMS6-119"]
    assert set(needs["BMS6-119"]["part_of_back"]) == {"BMS6-119a", "BMS6-119b"}


def test_paragraph_9_is_quoted_whole(edition_html):
    need = needs_of(edition_html)["BMS6-9"]
    assert need["attestation"] == "whole"
    assert need["wording"].startswith("States noted that some States apply relevant provisions")


def test_bms6_38_html(edition_html):
    html = (edition_html / "bms6" / "s1.html").read_text()
    m = re.search(r'<div class="ed-para[^"]*" id="BMS6-38">(.*?)<p class="ed-id">', html, re.S)
    assert m, "BMS6-38 has no paragraph block with its anchor"
    block = m[1]
    # the number in the margin, linking to the paragraph itself
    assert re.search(r'<a class="ed-num" href="#BMS6-38"[^>]*>38</a>', block)
    # attested wording with its witness
    assert "to continually assess national stockpiles for surpluses" in block
    assert ">BP</abbr>" in block
    # its typed link, by name, to the PoA provision on its own page
    assert re.search(
        r'<span class="ed-linktype ed-develops">develops</span> '
        r'<a class="reference internal" href="../instruments/poa.html#POA-II.18"', block)
    # the link is backed by the commentary note that argues it
    assert re.search(r'POA-II.18</span></a> \(per <a class="reference internal" '
                     r'href="../commentary/bp.html#BP-N\d+"', block), block
    # the notes that discuss it
    assert re.search(r'discussed in</span> <a class="reference internal" href="../commentary/bp.html#BP-N', block)
    # and the permalink with the ID
    assert 'href="#BMS6-38">BMS6-38</a>' in html
    # the back link on the target
    poa = (edition_html / "instruments" / "poa.html").read_text()
    m = re.search(r'id="POA-II.18">(.*?)<p class="ed-id">', poa, re.S)
    assert re.search(r'developed by</span> <a class="reference internal" href="../bms6/s1.html#BMS6-38"', m[1])


def test_no_default_needs_table(edition_html):
    html = (edition_html / "bms6" / "s1.html").read_text()
    assert "needs_meta" not in html and 'class="need ' not in html


def test_offline(edition_html):
    """No page loads fonts, scripts or styles from another host. (A page
    names its published address as ``rel="canonical"``, which loads nothing.)"""
    pattern = re.compile(r'<(?:script|link|img)\b[^>]*(?:src|href)="(?:https?:)?//', re.I)
    canonical = re.compile(r'<link rel="canonical" href="[^"]*"\s*/?>')
    for page in edition_html.rglob("*.html"):
        hits = pattern.findall(canonical.sub("", page.read_text()))
        assert not hits, f"{page.name} loads from another host: {hits[:3]}"
    for css in edition_html.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?(?:https?:)?//|url\(\s*['\"]?https?://", css.read_text()), css


def test_build_is_byte_reproducible(edition_html, tmp_path):
    """A second build of the same sources writes the same bytes."""
    from conftest import EDITION, REPO, sphinx_build

    again = tmp_path / "again"
    assert sphinx_build(EDITION, again, confdir=REPO).returncode == 0
    first = {p.relative_to(edition_html): p.read_bytes() for p in edition_html.rglob("*")
             if p.is_file() and ".doctrees" not in p.parts}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*")
              if p.is_file() and ".doctrees" not in p.parts}
    assert first.keys() == second.keys()
    differ = [str(p) for p in first if first[p] != second[p]]
    assert not differ, differ


def test_latex_shares_the_model(tmp_path):
    """The LaTeX builder writes the same paragraphs, IDs and links (the PDF
    edition's hyperlink targets), strictly."""
    from conftest import EDITION, REPO, sphinx_build

    out = tmp_path / "latex"
    result = sphinx_build(EDITION, out, confdir=REPO, builder="latex")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    tex = (out / "bms6-edition.tex").read_text()
    for need_id in ("bms6/s1:BMS6-38", "bms6/s3:BMS6-119a", "instruments/poa:POA-II.18"):
        assert f"\\label{{\\detokenize{{{need_id}}}}}" in tex, need_id
    assert "\\hyperref[\\detokenize{instruments/poa:POA-II.18}]" in tex
    # the HTML's Cite control is not printed (the ID line links to the short URL)
    assert "@incollection{" not in tex and '"container-title"' not in tex


def test_a_parallel_build_writes_what_a_serial_one_does(edition_html, tmp_path):
    """``-j 2`` writes every page, cite file and short URL a serial build
    writes, byte for byte (pages are written by forked processes; the cite
    files of their controls are then the main process's to write)."""
    import filecmp

    parallel = tmp_path / "parallel"
    result = sphinx_build(EDITION, parallel, confdir=REPO, extra=("-j", "2"))
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr

    def files(root):
        return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                      if p.is_file() and ".doctrees" not in p.parts)

    assert files(edition_html) == files(parallel)
    assert len([f for f in files(parallel) if f.startswith("cite/")]) > 1000
    _, mismatch, errors = filecmp.cmpfiles(edition_html, parallel, files(parallel), shallow=False)
    assert mismatch == [] and errors == []
