"""The PDF edition: the same paragraphs, numbers and IDs as the HTML, every
link alive; built by the package installed from its wheel (which is thus
shown to build the HTML and the PDF). Needs TeX (see README); without it
these tests skip, except under CI=true, where they fail."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EDITION, REPO, unavailable

pytestmark = pytest.mark.slow  # end to end: a whole build, then TeX or a browser

TOOLS = ("xelatex", "latexmk", "pdftotext", "pdfinfo", "pdftoppm")
_missing = [t for t in TOOLS if shutil.which(t) is None]
if _missing:
    unavailable(f"the PDF tests need {', '.join(_missing)} (see README: make pdf)", module=True)

# the ID closing each block: set flush right, alone on its line
ID_LINE = re.compile(r"^\s{40,}([A-Z][A-Z0-9]*-[0-9A-Za-z.]+)\s*$")


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, Path]:
    """The wheel (conftest's) alone in a fresh environment (its dependencies
    are this environment's, added after it on the path): its Python and its
    site-packages."""
    import sysconfig
    import zipfile

    venv = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    zipfile.ZipFile(wheel).extractall(site)
    # the dependencies, after the wheel (not the editable checkout: no .pth is read there)
    (site / "zz-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python, site


@pytest.fixture(scope="module")
def pdf(installed, tmp_path_factory) -> Path:
    """The PDF edition, as ``sphinx -M latexpdf`` builds it with the package
    installed from its wheel (the PDF the tests below read, and the one
    test_an_install_of_the_wheel_builds_html_and_pdf asks for)."""
    python, site = installed
    where = subprocess.run([str(python), "-c", "import poa_edition; print(poa_edition.__file__)"],
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where
    out = tmp_path_factory.mktemp("pdf")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1466985600"}
    result = subprocess.run(
        [str(python), "-m", "sphinx", "-M", "latexpdf", str(EDITION), str(out), "-c", str(REPO),
         "-W", "--keep-going", "-n", "-q"],
        capture_output=True, text=True, env=env, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "latex"


def test_an_install_of_the_wheel_builds_html_and_pdf(installed, pdf, tmp_path):
    """The wheel alone in a fresh environment (:func:`installed`): the strict
    HTML build, and the PDF (:func:`pdf`, built by that install). (Moved from
    tests/test_packaging.py, so that the module's PDF is that install's: one
    PDF build, not two.)"""
    python, site = installed
    where = subprocess.run([str(python), "-c", "import poa_edition; print(poa_edition.__file__)"],
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1466985600"}
    html = subprocess.run([str(python), "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
                           "-q", "-c", str(REPO), str(EDITION), str(tmp_path / "html")],
                          capture_output=True, text=True, env=env)
    assert html.returncode == 0, html.stderr
    assert (tmp_path / "html/_static/edition.css").is_file()
    assert (tmp_path / "html/edition.json").is_file()
    if shutil.which("latexmk") is None or shutil.which("xelatex") is None:
        unavailable("the PDF from the installed wheel needs latexmk and xelatex (see README)")
    assert (pdf / "bms6-edition.pdf").stat().st_size > 100_000


def _edition_order(siglum: str) -> list[str]:
    """The IDs of one document in reading order: its volume's pages in
    toctree order, the directives in page order."""
    volume = EDITION / siglum.lower()
    pages = re.findall(r"^(\S+)$", re.search(r"```\{toctree\}\n(?::[^\n]*\n)*\n?(.*?)```",
                                              (volume / "index.md").read_text(), re.S)[1], re.M)
    ids = []
    for page in ["index", *pages]:
        text = (volume / f"{page}.md").read_text()
        ids += re.findall(r"^:{3,}\{(?:para|section)\} (\S+)$", text, re.M)
    return ids


def test_every_bms6_id_in_order(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf / "bms6-edition.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    printed = [m[1] for line in text.splitlines() if (m := ID_LINE.match(line))]
    bms6 = [i for i in printed if i.startswith("BMS6-")]
    expected = _edition_order("BMS6")
    assert len(expected) == 129
    assert bms6 == expected


def test_the_index_lists_every_paragraph_and_section(pdf):
    """The PDF's index of IDs (made by the edition's LaTeX writer): every
    BMS6 paragraph and section with its page; commentary notes are not in it."""
    text = subprocess.run(["pdftotext", str(pdf / "bms6-edition.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    index = text[text.rindex("\nIndex\n"):]
    entries = dict(re.findall(r"^([A-Z][A-Z0-9]*-[0-9A-Za-z.]+), (\d+)$", index, re.M))
    missing = [i for i in _edition_order("BMS6") if i not in entries]
    assert not missing, f"{len(missing)} BMS6 IDs are not in the index: {missing[:10]}"
    assert {"POA-II.18", "BMS5-38"} <= entries.keys()
    assert not [i for i in entries if i.startswith(("BP-", "IB-"))]


def test_every_id_is_a_named_destination(pdf, edition_html):
    from conftest import needs_of

    dests = subprocess.run(["pdfinfo", "-dests", str(pdf / "bms6-edition.pdf")],
                           capture_output=True, text=True, check=True).stdout
    names = set(re.findall(r'"([^"]+)"\s*$', dests, re.M))
    ids = set(needs_of(edition_html))
    missing = sorted(ids - names)
    assert not missing, f"{len(missing)} IDs are no PDF destination: {missing[:10]}"
    assert {"BMS6-38", "POA-II.18", "BMS6-119a", "BMS5-38n.i", "BP-N14"} <= names


def test_log_is_clean(pdf):
    log = (pdf / "bms6-edition.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    undefined = re.findall(r"(?:Hyper reference|Reference|Citation) `[^']+' on page \d+ undefined", log)
    assert not undefined, undefined[:10]
    overfull = len(re.findall(r"^Overfull \\hbox", log, re.M))
    print(f"overfull boxes: {overfull}")


def test_quoted_wording_keeps_its_characters(pdf):
    text = subprocess.run(["pdftotext", str(pdf / "bms6-edition.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "to examine . . . implementation trends" in flat  # the Briefing Paper's own omission mark
    assert "“to continually assess national stockpiles for surpluses" in flat


def test_a_paragraph_page_is_not_blank(pdf, tmp_path):
    text = subprocess.run(["pdftotext", str(pdf / "bms6-edition.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    page = next(n for n, p in enumerate(text.split("\f"), 1) if "BMS6-38" in p and "stockpiles" in p)
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "60", "-gray",
                    str(pdf / "bms6-edition.pdf"), str(tmp_path / "page")], check=True)
    (pgm,) = tmp_path.glob("page*.pgm")
    data = pgm.read_bytes()
    header_end = [m.end() for m in re.finditer(rb"\s", data)][3]  # P5 w h max
    pixels = data[header_end:]
    inked = sum(1 for b in pixels if b < 224)  # anti-aliased text is grey at this size
    print(f"page {page}: {inked / len(pixels):.1%} inked")
    assert inked > len(pixels) * 0.02, f"page {page} looks blank ({inked} inked pixels)"


def _ed_ids(edition_html) -> set[str]:
    from conftest import needs_of

    return set(needs_of(edition_html))


def test_every_link_to_an_id_lands_on_its_paragraph(pdf, edition_html):
    """Every GoTo link of the PDF, read with pypdf, goes to a destination that
    exists; a link to an ID goes to that ID's own destination, on the page
    ``pdfinfo -dests`` gives it, never to the chapter around it (LaTeX's
    labels of the IDs have the ID as their anchor: the .aux)."""
    pypdf = pytest.importorskip("pypdf")
    ids = _ed_ids(edition_html)
    # the labels Sphinx's \hyperref links use, and the anchor each points at
    aux = (pdf / "bms6-edition.aux").read_text(encoding="utf-8", errors="replace")
    anchors = {m[1]: m[2] for m in re.finditer(
        r"\\newlabel\{[^{}]*:([^{}]+)\}\{\{.*?\}\{[^{}]*\}\{.*\}\{([^{}]*)\}\{[^{}]*\}\}$", aux, re.M)}
    id_anchors = {label: anchor for label, anchor in anchors.items() if label in ids}
    assert len(id_anchors) > 300
    wrong_labels = {label: a for label, a in id_anchors.items() if a != label}
    # pdfinfo's named destinations and their pages
    listing = subprocess.run(["pdfinfo", "-dests", str(pdf / "bms6-edition.pdf")],
                             capture_output=True, text=True, check=True).stdout
    pdfinfo_page = {m[2]: int(m[1]) for m in re.finditer(r"^\s*(\d+)\s.*\"([^\"]+)\"\s*$",
                                                         listing, re.M)}
    reader = pypdf.PdfReader(str(pdf / "bms6-edition.pdf"))
    page_of = {}
    for name, dest in reader.named_destinations.items():
        page_of[str(name)] = reader.get_destination_page_number(dest) + 1
    links = []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            target = None
            if action is not None and action.get_object().get("/S") == "/GoTo":
                target = action.get_object().get("/D")
            elif "/Dest" in annot:
                target = annot["/Dest"]
            if target is not None:
                links.append((number, str(target)))
    chapter_anchors = set(wrong_labels.values())
    unresolved = [(n, t) for n, t in links if t not in page_of]
    off_target = [(n, t) for n, t in links if t in chapter_anchors] + unresolved
    to_ids = [(n, t) for n, t in links if t in ids]
    misplaced = [(n, t) for n, t in to_ids if page_of[t] != pdfinfo_page.get(t)]
    print(f"GoTo links: {len(links)}, to IDs: {len(to_ids)}, off target: {len(off_target)}")
    assert len(to_ids) > 1500
    assert not wrong_labels, f"{len(wrong_labels)} ID labels anchored elsewhere: {list(wrong_labels.items())[:5]}"
    assert not off_target, f"{len(off_target)} links off target: {off_target[:10]}"
    assert not misplaced, misplaced[:10]


def _overfull_in_tables(pdf) -> list[tuple[float, str]]:
    tex = (pdf / "bms6-edition.tex").read_text(encoding="utf-8").splitlines()
    in_table, depth = set(), 0
    for number, line in enumerate(tex, 1):
        depth += len(re.findall(r"\\begin\{(?:tabular|tabulary|longtable)\}", line))
        if depth:
            in_table.add(number)
        depth -= len(re.findall(r"\\end\{(?:tabular|tabulary|longtable)\}", line))
    log = (pdf / "bms6-edition.log").read_text(encoding="utf-8", errors="replace")
    return [(float(pt), a) for pt, a in re.findall(
        r"^Overfull \\hbox \(([\d.]+)pt too wide\) (?:in paragraph|in alignment) at lines (\d+)--",
        log, re.M) if int(a) in in_table]


def test_tables_fit_the_page(pdf):
    """No cell sticks out of its table by more than 5 pt (the sigla table
    once clipped UNGA2008B to "UNGA2(")."""
    over = [(pt, line) for pt, line in _overfull_in_tables(pdf) if pt > 5]
    assert not over, over
    text = subprocess.run(["pdftotext", "-layout", str(pdf / "bms6-edition.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    for siglum in ("UNGA2008B", "UNGA2012B", "UNGA2013B", "UNGA2014H"):
        assert re.search(rf"\b{siglum}\b", text), siglum


def test_pictures_float_and_fit(pdf):
    """The pictures are floats scaled to the page: no page overfull, none
    too large, and the page before the timeline picture is not left blank."""
    log = (pdf / "bms6-edition.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\vbox" not in log and "Float too large" not in log
    tex = (pdf / "bms6-edition.tex").read_text(encoding="utf-8")
    assert tex.count("\\edpicture{") >= 2
    assert "\\begin{figure}[htbp]\\centering\\edpicture{{edgraph-timeline}.pdf}" in tex
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf / "bms6-edition.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    timeline = next(i for i, (_w, _h, body) in enumerate(pages)
                    if re.search(r">Timeline<", body) and "edition" in body.lower())
    for index in range(max(0, timeline - 1), min(len(pages), timeline + 3)):
        _w, height, body = pages[index]
        lowest = max((float(y) for y in re.findall(r'yMax="([\d.]+)"', body)), default=0.0)
        words = len(re.findall(r"<word ", body))
        # a page of text runs down the page; only a chapter's last page ends early
        assert lowest > 0.5 * float(height) or words > 150, (index + 1, lowest, words)


def test_the_title_page_gives_the_version_and_its_release_date(pdf):
    """The release date of this version (pyproject.toml), not the day of the
    build (SOURCE_DATE_EPOCH here: June 27, 2016)."""
    from poa_edition.model.releases import project_info
    from poa_edition.outputs.formats.citeformats import long_date

    version, date = project_info(REPO)
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf / "bms6-edition.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert f"Release {version}" in flat and f"released {long_date(date)}" in flat, flat
    assert "2016" not in flat


def test_no_id_breaks_at_its_hyphen(pdf, edition_html):
    """An ID a link shows (text, tables, lists, the ID lines) is one box: no
    line of the PDF ends in "BMS6-" with "38" on the next (issue 26)."""
    import json

    model = json.loads((edition_html / "edition.json").read_text(encoding="utf-8"))
    sigla = sorted({o["id"].split("-")[0] for o in model["objects"]}, key=len, reverse=True)
    text = subprocess.run(["pdftotext", str(pdf / "bms6-edition.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    broken = re.findall(r"(?<![\w-])(" + "|".join(map(re.escape, sigla)) + r")-\n(\S+)", text)
    assert not broken, broken[:20]
