"""The Graphviz pictures (lineage, timeline) and the concordance: the DOT the
pure modules write, the SVG in the built pages and where its links go, the
timeline's evidence against the witness texts, and the concordance's figures
against the exported needs."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from conftest import EDITION, needs_of, sphinx_build, unavailable
from poa_edition.model import lineage
from poa_edition.model import timeline
from poa_edition.model.linkgraph import LinkGraph
from poa_edition.model.records import NOTE, PARAGRAPH, Claim, CiteRecord, DocRecords, EdObject
from poa_edition.model.registry import DataError, load

DATA = EDITION / "_data"
ED = load(DATA)
DOT = shutil.which("dot")
_NO_DOT = "Graphviz's dot is not installed (Debian: apt-get install graphviz; .ci/run installs it)"


def needs_dot() -> None:
    if DOT is None:
        unavailable(_NO_DOT)


# -- a small link graph ----------------------------------------------------------


def _obj(obj_id: str, docname: str, kind: str = PARAGRAPH, need_type: str = "outcome",
         summary: str = "") -> EdObject:
    siglum, _, loc = obj_id.partition("-")
    return EdObject(obj_id, kind, docname, 1, siglum, loc, loc, f"{siglum}, para. {loc}",
                    need_type, "lacuna" if kind == PARAGRAPH else "", summary)


def _cite(note: str, *ids: str) -> CiteRecord:
    return CiteRecord("notes", 1, note, "BP", "", "", "", None, ids, ())


def small_graph() -> LinkGraph:
    """BMS6-2 develops BMS5-7, which restates POA-II.18 (and echoes ITI-8);
    BMS6-1 takes up nothing; BMS6-3 echoes POA-II.18."""
    docs = {
        "bms6": DocRecords(objects=[_obj("BMS6-1", "bms6"), _obj("BMS6-2", "bms6", summary='Says "x"'),
                                    _obj("BMS6-3", "bms6")]),
        "bms5": DocRecords(objects=[_obj("BMS5-7", "bms5")]),
        "poa": DocRecords(objects=[_obj("POA-II.18", "poa", need_type="commitment"),
                                   _obj("POA-II.17", "poa", need_type="commitment"),
                                   _obj("ITI-8", "poa", need_type="commitment")]),
        "notes": DocRecords(
            objects=[_obj("BP-N1", "notes", NOTE, "commentary"),
                     _obj("BP-N2", "notes", NOTE, "commentary")],
            cites=[_cite("BP-N1", "BMS6-2", "BMS5-7"), _cite("BP-N2", "BMS5-7", "POA-II.18", "ITI-8"),
                   _cite("BP-N2", "BMS6-3")],
            claims=[Claim("notes", 1, "BP-N1", "BMS6-2", "develops", ("BMS5-7",)),
                    Claim("notes", 2, "BP-N2", "BMS5-7", "restates", ("POA-II.18",)),
                    Claim("notes", 2, "BP-N2", "BMS5-7", "echoes", ("ITI-8",)),
                    Claim("notes", 3, "BP-N2", "BMS6-3", "echoes", ("POA-II.18",))]),
    }
    return LinkGraph(docs, ED.link_types)


def test_lineage_is_transitive_with_types_and_notes():
    g = small_graph()
    assert lineage.roots(g) == ["BMS6-2", "BMS6-3"]
    lin = lineage.lineage(g, "BMS6-2")
    assert lin.nodes == ("BMS6-2", "BMS5-7", "POA-II.18", "ITI-8")
    assert lin.edges == (
        lineage.Edge("BMS6-2", "develops", "BMS5-7", ("BP-N1",)),
        lineage.Edge("BMS5-7", "restates", "POA-II.18", ("BP-N2",)),
        lineage.Edge("BMS5-7", "echoes", "ITI-8", ("BP-N2",)),
    )
    # part_of and discusses are not lineage
    assert lineage.lineage(g, "BMS6-1").edges == ()


def test_dot_text():
    g = small_graph()
    lin = lineage.lineage(g, "BMS6-2")
    dot = lineage.to_dot(lin, g, ED.documents, url=lambda i: f"../p/{i}.html")
    assert dot == lineage.to_dot(lin, g, ED.documents, url=lambda i: f"../p/{i}.html")
    assert dot.startswith('digraph "lineage-graph-BMS6-2" {\n')
    # each edge: its link name and its note, the label a link to the note
    assert ('"BMS6-2" -> "BMS5-7" [id="lineage-graph-BMS6-2--e1", label="develops\\nper BP-N1", '
            'labelURL="../p/BP-N1.html"') in dot
    assert '"BMS5-7" -> "POA-II.18" [id="lineage-graph-BMS6-2--e2", label="restates\\nper BP-N2"' in dot
    # each node a link to its paragraph; a quotation mark in a summary escaped
    assert '"BMS6-2" [id="lineage-graph-BMS6-2--BMS6-2", label="BMS6-2", URL="../p/BMS6-2.html", ' \
           'tooltip="BMS6, para. 2: Says \\"x\\""' in dot
    # one cluster per document, oldest first
    clusters = re.findall(r'subgraph "cluster_(\w+)"', dot)
    assert clusters == ["POA", "ITI", "BMS5", "BMS6"]
    # without a url function, no links
    assert "URL" not in lineage.to_dot(lin, g, ED.documents)


def test_dot_quote():
    assert lineage.quote('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


def test_dot_draws_the_lineage_with_prefixed_ids():
    needs_dot()
    g = small_graph()
    dot = lineage.to_dot(lineage.lineage(g, "BMS6-2"), g, ED.documents, url=lambda i: f"#{i}")
    svg = subprocess.run([DOT, "-Tsvg"], input=dot, capture_output=True, text=True, check=True).stdout
    ids = [html.unescape(i) for i in re.findall(r' id="([^"]+)"', svg)]
    assert ids and all(i.startswith(("lineage-graph-BMS6-2", "a_lineage-graph-BMS6-2")) for i in ids)
    hrefs = {html.unescape(h) for h in re.findall(r'xlink:href="([^"]+)"', svg)}
    assert hrefs == {"#BMS6-2", "#BMS5-7", "#POA-II.18", "#ITI-8", "#BP-N1", "#BP-N2"}


# -- the timeline ----------------------------------------------------------------------

EVENTS = timeline.load(DATA / timeline.FILE)


def test_timeline_data():
    ids = [e.id for e in EVENTS]
    assert ids[0] == "poa" and ids[-1] == "revcon3"
    assert {"bms1", "bms2", "bms3", "bms4", "bms5", "bms6", "mge1", "mge2", "revcon2"} <= set(ids)
    years = [e.year for e in EVENTS if e.year is not None]
    assert years == sorted(years) and years[0] == 2001 and years[-1] == 2018
    # the year of the First Review Conference is in neither witness's text: none is supplied
    first = next(e for e in EVENTS if e.id == "revcon1")
    assert first.year is None and first.after == "iti"
    for e in EVENTS:
        assert e.evidence, e.id
        assert e.page is None or (EDITION / f"{e.page}.md").is_file(), e.page
        if e.year is not None:  # some quotation bears out the year
            assert any(str(e.year) in ev.quote for ev in e.evidence), e.id


def test_timeline_dot():
    dot = timeline.to_dot(EVENTS, url=lambda e: f"#{timeline.anchor(e)}")
    assert dot == timeline.to_dot(EVENTS, url=lambda e: f"#{timeline.anchor(e)}")
    assert '{ rank=same; "y2016"; "bms6"; }' in dot
    assert '{ rank=same; "y2005"; "bms2"; "iti"; }' in dot
    # an event without a year shares no year's row
    assert not re.search(r'rank=same;[^}]*"revcon1"', dot)
    assert 'URL="#timeline-bms5"' in dot
    assert "URL" not in timeline.to_dot(EVENTS)


@pytest.mark.parametrize(("text", "message"), [
    ('[[event]]\nid = "a"\nname = "A"\nkind = "meeting"\nyear = 2003\nwhen = "2003"\nfacts = "f"\n',
     "an event needs evidence"),
    ('[[event]]\nid = "a"\nname = "A"\nkind = "party"\nyear = 2003\nwhen = "2003"\nfacts = "f"\n',
     "`kind` is one of meeting, instrument, context"),
    ('[[event]]\nid = "a"\nname = "A"\nkind = "meeting"\nwhen = "2003"\nfacts = "f"\n',
     "names in `after` an earlier event"),
    ('[[event]]\nid = "a"\nname = "A"\nkind = "meeting"\nyear = 1999\nwhen = "x"\nfacts = "f"\n',
     "`year` is a year from 2001 to 2018"),
    ('[[event]\n', "not valid TOML"),
])
def test_timeline_bad_data(tmp_path, text, message):
    path = tmp_path / "timeline.toml"
    path.write_text("# comment\n" + text)
    with pytest.raises(DataError) as err:
        timeline.load(path)
    assert message in err.value.message
    # the event's id line, or the line of the key at fault; for bad TOML, where the parser stopped
    lines = ("# comment\n" + text).splitlines()
    at = next((n for n, ln in enumerate(lines, 1) if ln.startswith("year =")), 3) \
        if "`year`" in message else 3
    assert err.value.line == (2 if "TOML" in message else at)


_WITNESS_DIR = os.environ.get("EDITION_WITNESSES", "")


def test_timeline_evidence_is_verbatim_and_placed(tmp_path):
    """Every quotation the timeline gives as evidence stands in its witness,
    inside the section its place names (the rules of quoted wording)."""
    from poa_edition.model.quotations import evidence_problems, missing_files, witnesses

    missing = ("EDITION_WITNESSES is not set" if not _WITNESS_DIR
               else missing_files(Path(_WITNESS_DIR), DATA))
    if missing:
        unavailable(f"timeline evidence not checked against the witness texts: {missing}")
    texts = witnesses(Path(_WITNESS_DIR), DATA)
    assert evidence_problems(DATA / timeline.FILE, texts) == []
    # and a quotation that is not the witness's is caught, at its event's line
    bad = tmp_path / timeline.FILE
    bad.write_text((DATA / timeline.FILE).read_text().replace(
        "BMS6 was held at UN headquarters in New York from 6 to 10 June 2016",
        "BMS6 was held at UN headquarters in Geneva from 6 to 10 June 2016"))
    (line, message), = evidence_problems(bad, texts)
    assert message.startswith("timeline event bms6: not verbatim in BP")
    assert bad.read_text().splitlines()[line - 1] == 'id = "bms6"'
    assert sum(len(e.evidence) for e in EVENTS) >= 30


# -- the built edition --------------------------------------------------------------------


def _anchors(page: Path) -> set[str]:
    return {html.unescape(i) for i in re.findall(r'\sid="([^"]+)"', page.read_text())}


def _svgs(page: Path) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page.read_text(), re.S)


def _assert_links_resolve(out: Path, page: Path, svg: str) -> set[str]:
    """Every link in the picture goes to an anchor that exists; returns the targets."""
    targets = set()
    for href in re.findall(r'xlink:href="([^"]+)"', svg):
        href = html.unescape(href)
        assert "://" not in href and not href.startswith("//"), href  # nothing leaves the edition
        path, _, frag = urljoin(page.relative_to(out).as_posix(), href).partition("#")
        target = out / unquote(path) if path else page
        assert target.is_file(), href
        assert unquote(frag) in _anchors(target), f"{href}: no anchor {frag!r} in {target.name}"
        targets.add(unquote(frag))
    return targets


def test_lineage_pictures_link_to_the_paragraphs(edition_html):
    needs_dot()
    page = edition_html / "lineage.html"
    roots = ["BMS6-8", "BMS6-12", "BMS6-14", "BMS6-26", "BMS6-27", "BMS6-32", "BMS6-38", "BMS6-89",
             "BMS6-102", "BMS6-107", "BMS6-108", "BMS6-109"]
    svgs = _svgs(page)
    assert len(svgs) == len(roots)
    text = page.read_text()
    for root, svg in zip(roots, svgs):
        assert f'id="lineage-graph-{root}"'.replace("-", "&#45;") in svg
        assert f'id="lineage-{root}"' in text
        targets = _assert_links_resolve(edition_html, page, svg)
        assert root in targets
    # BMS6-38 develops POA-II.18, argued in BP-N14: node links and the edge label
    svg38 = svgs[roots.index("BMS6-38")]
    assert {"BMS6-38", "POA-II.18", "BP-N14"} <= _assert_links_resolve(edition_html, page, svg38)
    assert ">develops</text>" in svg38 and ">per BP&#45;N14</text>" in svg38
    # no id twice on the page (the pictures' ids are prefixed)
    ids = re.findall(r'\sid="([^"]+)"', text)
    assert len(ids) == len(set(ids))
    # no XML prolog or doctype inside the page
    assert "<?xml" not in text and "<!DOCTYPE svg" not in text


def test_paragraph_links_to_its_lineage(edition_html):
    page = edition_html / "bms6" / "s1.html"
    text = page.read_text()
    m = re.search(r'<div class="ed-para[^"]*" id="BMS6-38">.*?<p class="ed-id">', text, re.S)
    link = re.search(r'<p class="ed-lineage-link"><a class="reference internal" '
                     r'href="([^"]+)"[^>]*><span>Lineage: picture</span></a></p>', m[0])
    assert link and link[1] == "../lineage.html#lineage-BMS6-38"
    # a paragraph without a lineage has no such line
    m = re.search(r'<div class="ed-para[^"]*" id="BMS6-37">.*?<p class="ed-id">', text, re.S)
    assert "ed-lineage-link" not in m[0]


def test_timeline_page(edition_html):
    needs_dot()
    page = edition_html / "timeline.html"
    (svg,) = _svgs(page)
    targets = _assert_links_resolve(edition_html, page, svg)
    assert targets == {timeline.anchor(e.id) for e in EVENTS}
    text = page.read_text()
    # each entry quotes its evidence with witness and place
    assert "“BMS6 was held at UN headquarters in New York from 6 to 10 June 2016” — " in text
    # reachable from the front page
    index = (edition_html / "index.html").read_text()
    for name in ("timeline", "lineage", "concordance"):
        assert f'href="{name}.html"' in index


def _cells(table: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split())
             for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)] for r in rows]


def test_concordance_counts_match_the_needs(edition_html):
    """The figures, and every row, from needs.json (sphinx-needs' own export)."""
    needs = needs_of(edition_html)
    typed = [n for n, lt in ED.link_types.items() if not lt.automatic]
    text = (edition_html / "concordance.html").read_text()
    tables = re.findall(r"<table.*?</table>", text, re.S)
    counts = {row[0]: int(row[1]) for row in _cells(tables[0])[1:]}
    forward = {row[0]: row for row in _cells(tables[1])[1:]}
    reverse = {row[0].split(" (with ")[0]: row for row in _cells(tables[2])[1:]}

    bms6 = [i for i, n in needs.items() if n["siglum"] == "BMS6" and n["type"] == "outcome"]
    links = {i: [(lt, t) for lt in typed for t in needs[i].get(lt, [])] for i in needs}
    noted = {i: needs[i].get("discusses_back", []) for i in needs}
    assert counts["BMS6 paragraphs"] == len(bms6) == 122 == len(forward)
    assert counts["BMS6 paragraphs that take up an earlier commitment"] == \
        sum(bool(links[i]) for i in bms6) == 12
    assert counts["BMS6 paragraphs discussed in a note"] == sum(bool(noted[i]) for i in bms6)
    assert counts["Typed links from BMS6 paragraphs"] == sum(len(links[i]) for i in bms6)
    for i in bms6:
        assert forward[i][2] == str(len(links[i])) and forward[i][4] == str(len(noted[i])), i

    later = [i for i, n in needs.items() if n["siglum"] in ("BMS5", "BMS6") and n["type"] == "outcome"]
    taken: dict[str, set[str]] = {}
    for src in later:
        for _lt, t in links[src]:
            taken.setdefault(t, set()).add(src)
    # only earlier commitments: not the documents cited for what they record
    recorded = {s for s, d in ED.documents.items() if not d.commitments}
    commitments = {i for i, n in needs.items() if n["type"] == "commitment"
                   and n["siglum"] not in recorded}
    assert not commitments & {"BMS6R-21", "UNGA2014H-6", "SG2014-34", "UNGA2008B-13"}
    # a provision and its subparagraphs once: a parent held only for its parts is folded
    folded = {i for i in commitments if any(needs[c].get("part_of") == [i] for c in commitments)
              and i not in taken and not noted[i]}
    assert folded == {"ITI-8", "ITI-31", "POA-IV.1", "RC2-AII.2", "RC2-AII.3"}
    earlier = (commitments - folded) | {t for t in taken if needs[t]["siglum"] != "BMS6"}
    assert set(reverse) == earlier and counts["Earlier commitments"] == len(earlier) == 19
    assert reverse["ITI-8a"][0] == "ITI-8a (with ITI-8 )"
    assert counts["Earlier commitments taken up"] == len(set(taken) & earlier)
    assert counts["Earlier commitments with no relation argued by the witnesses"] == \
        len(earlier - set(taken))
    for i in earlier:
        assert reverse[i][3] == str(len(taken.get(i, ()))), i
    # every relation the witnesses state: ITI-25, RC2-AII.2f, the SDGs, POA-II.17 ...
    assert {"ITI-25", "RC2-AII.2f", "A2030-16", "A2030-16.4", "A2030-16.4.2",
            "POA-II.17"} <= set(taken)
    assert "POA-II.18" in taken and reverse["POA-II.18"][2] == "developed by BMS6-38 ( BP-N14 )"
    assert counts["Earlier commitments reaffirmed"] == sum(
        1 for i in earlier if any(needs[s].get("reaffirms") and i in needs[s]["reaffirms"]
                                  for s in taken.get(i, ())))


# -- without Graphviz; and in parallel -------------------------------------------------


def _project(root: Path) -> Path:
    """The small project of the incremental tests: its page links.md has the
    lineage (BMS6-33, BMS6-104), the concordance and the timeline."""
    from test_incremental import project

    return project(root)


def test_without_dot_the_build_says_so(tmp_path):
    """A strict build without dot fails with one clear, typed message, and
    no traceback; the lists stay."""
    src = _project(tmp_path)
    result = sphinx_build(src, tmp_path / "out", extra=("-D", "edition_dot=/nonexistent/dot"))
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(lines) == 1, result.stderr
    assert "Graphviz's dot was not found ('/nonexistent/dot')" in lines[0]
    assert "apt-get install graphviz" in lines[0] and "[edition.graphviz]" in lines[0]
    assert "Traceback" not in result.stderr


def test_parallel_build_gives_the_same_pictures(tmp_path):
    needs_dot()
    src = _project(tmp_path)
    serial = sphinx_build(src, tmp_path / "serial")
    parallel = sphinx_build(src, tmp_path / "parallel", extra=("-j", "2"))
    assert serial.returncode == parallel.returncode == 0, serial.stderr + parallel.stderr
    page = (tmp_path / "serial" / "links.html").read_bytes()
    assert page.count(b"<svg") == 3  # BMS6-33, BMS6-104 and the timeline
    for name in ("paras.html", "links.html"):
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes()



def test_drawings_are_kept_for_the_next_build(tmp_path, monkeypatch):
    """The pages with pictures are written on every build; dot runs only for
    a picture that changed: the drawings a build used are kept beside the
    environment (``edition-drawings.pickle``, through filesync.keep), and a
    rebuild, or a clean build beside it, takes them and writes the pages a
    fresh build does."""
    needs_dot()
    from conftest import sphinx_build_here

    from poa_edition.outputs import pictures
    from poa_edition.speed.filesync import read_kept
    from poa_edition.speed.processmemo import ProcessMemo

    src = _project(tmp_path)
    out = tmp_path / "out"
    assert sphinx_build(src, out).returncode == 0  # another process drew them
    kept = out / ".doctrees" / pictures.DRAWINGS
    assert len(read_kept(kept, pictures._code())) == 3  # BMS6-33, BMS6-104, the timeline
    links = src / "links.md"
    links.write_text(links.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert sphinx_build(src, tmp_path / "fresh").returncode == 0  # its own doctree directory
    fresh = (tmp_path / "fresh" / "links.html").read_bytes()
    assert fresh.count(b"<svg") == 3 and b"One more line." in fresh

    dots: list[list[str]] = []
    real = subprocess.run

    def counting(cmd, *args, **kwargs):
        dots.append(cmd)
        return real(cmd, *args, **kwargs)

    def nothing_from_this_process():
        monkeypatch.setattr(pictures, "_drawn", ProcessMemo(pictures._drawn.limit))

    nothing_from_this_process()
    monkeypatch.setattr(subprocess, "run", counting)
    assert sphinx_build_here(src, out).returncode == 0  # the rebuild after the edit
    assert dots == [] and (out / "links.html").read_bytes() == fresh
    nothing_from_this_process()
    assert sphinx_build_here(src, out, extra=("-E",)).returncode == 0  # clean, the memo kept
    assert dots == [] and (out / "links.html").read_bytes() == fresh

    # a memo that cannot be read: drawn again, and kept again (only what was used)
    nothing_from_this_process()
    kept.write_bytes(b"not a pickle")
    assert sphinx_build_here(src, out, extra=("-E",)).returncode == 0
    assert len(dots) == 3 and all(str(cmd[0]).endswith("dot") for cmd in dots), dots
    assert len(read_kept(kept, pictures._code())) == 3
    assert (out / "links.html").read_bytes() == fresh
