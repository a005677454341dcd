"""From witnesses to the official text: ``edition import``, ``edition
collate``, suspect links. Every official text here is synthetic, written by
the tests (tests/synthetic.py): never the UN's words."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import synthetic
from conftest import EDITION, REPO, sphinx_build, unavailable
from poa_edition.model import collation
from poa_edition.model import officialtext
from poa_edition.sources import pages as sources
from poa_edition.model.suspects import SUSPECT, UNREVIEWED, dependencies, findings, fingerprint

PLANT = {"BMS6-38": ("national stockpiles", "national arsenals")}


def edition_cmd(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def scratch(tmp_path: Path) -> Path:
    """A copy of the project's content, as a maintainer's scratch checkout."""
    root = tmp_path / "proj"
    root.mkdir(parents=True)
    shutil.copytree(EDITION, root / "edition")
    for name in ("conf.py", "refs.bib"):
        shutil.copy(REPO / name, root / name)
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8")
            for p in sorted((root / "edition").rglob("*")) if p.is_file()}


# -- reading an official text -----------------------------------------------------


@pytest.fixture(scope="module")
def official_txt() -> str:
    return synthetic.render(synthetic.units(EDITION))


def test_reads_structure_and_drops_page_furniture(official_txt):
    text = officialtext.parse(official_txt, "BMS6")
    assert text.symbol == synthetic.SYMBOL and text.date == "10 June 2099"
    numbers = [int(u.label) for u in text.paragraphs() if u.label.isdigit()]
    assert numbers == list(range(1, 121))
    assert [u.id for u in text.sections()] == [
        "BMS6-S0", "BMS6-SI", "BMS6-SII", "BMS6-SIII", "BMS6-SIII.A", "BMS6-SIII.B", "BMS6-SIV"]
    assert text.get("BMS6-7").section == "BMS6-SI"
    assert text.get("BMS6-6").section == "BMS6-S0"
    assert text.get("BMS6-105").section == "BMS6-SIII.B"
    # lettered subparagraphs keyed as the edition keys them
    assert text.get("BMS6-119a").label == "(a)" and text.get("BMS6-119b").label == "(b)"
    # running heads, footers, page numbers, job numbers and bar codes are gone
    joined = " ".join(u.text for u in text.units)
    assert synthetic.SYMBOL not in joined
    assert synthetic.JOB not in joined and "*9912345*" not in joined
    assert not re.search(r"\b\d+/\d+\b", joined)
    assert text.dropped > 10
    # paragraphs run across pages, and line-end hyphens are undone
    assert text.hyphenation, "the synthetic text breaks long words at line ends"
    for _, broken, word in text.hyphenation:
        assert word in joined and broken.replace("|", "\n") not in joined


def test_roman_sub_subparagraphs_and_kept_hyphens():
    raw = """A/CONF.192/BMS/2099/WP.9
            1.   Record-keeping is named here so the compound is known: record-
                 keeping, and an implemen-
                 tation.
                 (a)  First lettered point;
                      (i)  first roman point;
                      (ii) second roman point;
                 (b)  second lettered point;
                 (c)  third;
                 (d)  fourth;
                 (e)  fifth;
                 (f)  sixth;
                 (g)  seventh;
                 (h)  eighth;
                 (i)  ninth, a letter after (h), not a roman numeral.
            2.   The end.
"""
    text = officialtext.parse(raw, "BMS5")
    ids = [u.id for u in text.paragraphs()]
    assert ids == ["BMS5-1", "BMS5-1a", "BMS5-1a.i", "BMS5-1a.ii", "BMS5-1b", "BMS5-1c",
                   "BMS5-1d", "BMS5-1e", "BMS5-1f", "BMS5-1g", "BMS5-1h", "BMS5-1i", "BMS5-2"]
    first = text.get("BMS5-1").text
    assert "record-keeping, and an implementation." in first


@pytest.mark.parametrize("fault, expected", [
    ("gap", "paragraph 6 follows paragraph 4: 5 missing"),
    ("repeat", "paragraph 5 is numbered twice"),
])
def test_numbering_faults_are_located(official_txt, fault, expected):
    lines = official_txt.split("\n")
    k = next(i for i, line in enumerate(lines) if re.match(r"\s+5\.\s", line))
    if fault == "gap":
        lines[k] = lines[k].replace("5.", "  ", 1)
    else:
        lines[k + 3] = lines[k + 3].replace("6.", "5.", 1)
    with pytest.raises(officialtext.ParseError) as err:
        officialtext.parse("\n".join(lines), "BMS6")
    assert any(expected in m for _, m in err.value.problems), err.value.problems
    assert all(n > 0 for n, _ in err.value.problems)


# -- collation ---------------------------------------------------------------------


@pytest.mark.parametrize("quote, official, status, diffs", [
    ("strict national regulatory frameworks", "It calls for strict national regulatory "
     "frameworks.", collation.AGREES, []),
    ("ballistics information and […] databases", "ballistics information and related "
     "databases", collation.AGREES, []),
    ("linkages between the implementation of the [ITI] and the Protocol", "the linkages "
     "between the implementation of the International Tracing Instrument and the Protocol",
     collation.AGREES, []),
    ("urg[ing] States in a position to do so", "It urges States in a position to do so.",
     collation.AGREES, []),
    ("strict national regulatory systems", "It calls for strict national regulatory "
     "frameworks.", collation.VARIANT, [["systems", "frameworks"]]),
    ("the “heart” of it", 'the "heart" of it', collation.VARIANT, [["“", '"'], ["”", '"']]),
])
def test_collation(quote, official, status, diffs):
    result = collation.collate(quote, official, {})
    assert result.status == status
    assert [list(d) for d in result.differences] == diffs


def test_collation_finds_a_misattributed_quotation():
    result = collation.collate("strict national regulatory frameworks", "Nothing like it.",
                               {"BMS6-40": "Other words.", "BMS6-65": "strict national "
                                "regulatory frameworks"})
    assert (result.status, result.found_in) == (collation.ELSEWHERE, "BMS6-65")
    assert collation.collate("words nowhere at all", "Nothing like it.", {}).status == \
        collation.ABSENT


# -- suspects ------------------------------------------------------------------------


def test_suspect_findings():
    class C:  # a claim or citation record, as the domain holds them
        def __init__(self, note, source="", targets=(), ids=()):
            self.note, self.source, self.targets, self.ids = note, source, targets, ids

    deps = dependencies([C("BP-N1", "BMS6-38", ("POA-II.18",))], [C("BP-N2", ids=("BMS6-38",))])
    current = {"BMS6-38": fingerprint("new text"), "POA-II.18": fingerprint("poa")}
    reviews = {"BP-N1": {"BMS6-38": fingerprint("old text"), "POA-II.18": fingerprint("poa")}}
    found = findings(deps, current, reviews)
    assert [(f.note, f.target, f.state) for f in found] == [
        ("BP-N1", "BMS6-38", SUSPECT), ("BP-N2", "BMS6-38", UNREVIEWED)]
    assert fingerprint("a  b\nc") == fingerprint("a b c")


# -- the import, end to end ------------------------------------------------------------


def test_refusals_write_nothing(tmp_path, official_txt):
    root = scratch(tmp_path)
    before = snapshot(root)
    cases = {
        "unregistered.txt": (official_txt, ["XYZ"], "'XYZ' is not a registered document"),
        "short.txt": (synthetic.render(synthetic.units(EDITION, count=119)), ["BMS6"],
                      "registered extent is paragraphs 1–120 at least"),
        "gap.txt": (re.sub(r"(?m)^(\s+)17\.", r"\1   ", official_txt), ["BMS6"],
                    "17 missing"),
        "no-sub.txt": (re.sub(r"(?m)^(\s+)\(b\)(\s)", r"\1   \2", official_txt), ["BMS6"],
                       "the official text has no BMS6-119b"),
    }
    for name, (content, args, message) in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        done = edition_cmd(root, "import", *args, str(path))
        assert done.returncode == 2, (name, done.stdout, done.stderr)
        assert "nothing imported" in done.stdout and message in done.stdout, (name, done.stdout)
        assert "Traceback" not in done.stderr
    assert snapshot(root) == before


def test_dry_run_shows_and_writes_nothing(tmp_path, official_txt):
    root = scratch(tmp_path)
    before = snapshot(root)
    path = tmp_path / "official.txt"
    path.write_text(official_txt, encoding="utf-8")
    done = edition_cmd(root, "import", "BMS6", str(path), "--dry-run")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "--dry-run: nothing written" in done.stdout
    assert "+++ b/edition/_data/texts/BMS6.toml" in done.stdout
    assert "BMS6-7: section BMS6-S0 -> BMS6-SI (official)" in done.stdout
    assert snapshot(root) == before


def _pdf(text: str, path: Path) -> Path:
    if os.environ.get("CI") == "true":
        import fpdf  # a test dependency: CI has it
    else:
        fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) makes the test PDF")
    font = Path("/usr/share/fonts/opentype/freefont/FreeMono.otf")
    if not font.is_file() or shutil.which("pdftotext") is None:
        unavailable("needs fonts-freefont-otf and poppler-utils (pdftotext; .ci/run installs them)")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("FreeMono", "", str(font))
    pdf.set_font("FreeMono", size=8)
    pdf.set_auto_page_break(False)
    for page in text.split("\f"):
        pdf.add_page()
        for k, line in enumerate(page.split("\n")):
            pdf.text(8, 10 + 3.6 * k, line)
    pdf.output(str(path))
    return path


def test_pdf_and_its_text_import_alike(tmp_path, official_txt):
    pdf = _pdf(official_txt, tmp_path / "official.pdf")
    txt = tmp_path / "official.txt"
    txt.write_text(official_txt, encoding="utf-8")
    results = {}
    for source in (pdf, txt):
        root = scratch(tmp_path / source.suffix[1:])
        done = edition_cmd(root, "import", "BMS6", str(source))
        assert done.returncode in (0, 1), done.stdout + done.stderr
        data = (root / "edition/_data/texts/BMS6.toml").read_text(encoding="utf-8")
        results[source.suffix] = re.sub(r"(?m)^(file = |sha256 = |# official\.).*$", "", data)
    assert results[".pdf"] == results[".txt"]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A scratch copy: built, every note reviewed, then a synthetic official
    text of BMS6 imported (with one planted variant at paragraph 38) and
    built strictly again."""
    tmp = tmp_path_factory.mktemp("import")
    root = scratch(tmp)
    before = sphinx_build(root / "edition", root / "_build/html", confdir=root)
    assert before.returncode == 0, before.stderr
    ids_before = set(_ids(root / "_build/html"))
    lacunae = {i for i, n in _needs(root / "_build/html").items()
               if n["attestation"] == "lacuna" and i.startswith("BMS6-")}
    review = edition_cmd(root, "review", "--all")
    assert review.returncode == 0, review.stdout + review.stderr
    official = synthetic.write(EDITION, tmp / "official.txt", PLANT)
    done = edition_cmd(root, "import", "BMS6", str(official))
    after = sphinx_build(root / "edition", root / "_build/html", confdir=root)
    return root, done, after, ids_before, lacunae


def _needs(out: Path) -> dict:
    from conftest import needs_of

    return needs_of(out)


def _ids(out: Path) -> list[str]:
    return sorted(_needs(out))


def test_import_reports_and_lists_suspect_notes(imported):
    root, done, *_ = imported
    assert done.returncode == 1, done.stdout + done.stderr  # warnings to read
    assert "BMS6: imported 122 paragraphs" in done.stdout
    assert "are now suspect: " in done.stdout and "BP-N14" in done.stdout
    assert "BMS6-SIII.A: placed by the official text (paragraphs 91–104)" in done.stdout
    assert (root / "edition/_data/texts/BMS6.toml").is_file()
    # the pages moved under the official sections, blocks unchanged
    intro = (root / "edition/bms6/intro.md").read_text(encoding="utf-8")
    s1 = (root / "edition/bms6/s1.md").read_text(encoding="utf-8")
    assert "{para} BMS6-7\n" not in intro and "{para} BMS6-7\n" in s1
    assert s1.startswith("# I. [The Programme of Action] (paragraphs 7–63)")
    s3 = (root / "edition/bms6/s3.md").read_text(encoding="utf-8")
    assert ":unplaced:" not in s3
    assert s3.index("{section} BMS6-SIII.B") > s3.index("{para} BMS6-104")
    assert s3.index("{section} BMS6-SIII.B") < s3.index("{para} BMS6-105")


def test_strict_build_after_import_keeps_every_id(imported):
    root, _, after, ids_before, lacunae = imported
    assert after.returncode == 0, after.stderr
    assert after.stderr.strip() == ""
    out = root / "_build/html"
    assert set(_ids(out)) == ids_before
    needs = _needs(out)
    assert lacunae and all(needs[i]["attestation"] == "official" for i in lacunae)
    # every former lacuna shows its official words; none says it is a lacuna
    pages = "".join(p.read_text(encoding="utf-8") for p in (out / "bms6").glob("*.html"))
    assert "No source quotes the wording of this paragraph" not in pages
    for pid in lacunae:
        if "-S" not in pid:  # a section shows its official heading
            assert f"Synthetic text of {pid} for the edition" in pages, pid
    assert needs["BMS6-SIII.A"]["part_of"] == ["BMS6-SIII"]
    assert needs["BMS6-92"]["part_of"] == ["BMS6-SIII.A"]


def test_model_file_and_needs_json_carry_the_official_text(imported):
    """After the import, edition.json and needs.json both carry each
    paragraph's official text (the same text), and the model's quotations
    their collation with it."""
    import json

    from poa_edition.model import modelfile

    root, _, after, _, lacunae = imported
    assert after.returncode == 0, after.stderr
    out = root / "_build/html"
    model = modelfile.load(out / "edition.json")
    assert modelfile.validate(model) == []
    objects = {o["id"]: o for o in model["objects"]}
    needs = _needs(out)
    for pid in lacunae:
        if "-S" in pid:
            continue
        assert f"Synthetic text of {pid} for the edition" in objects[pid]["official_text"], pid
        assert needs[pid]["official_text"] == objects[pid]["official_text"], pid
    planted = [q for q in objects["BMS6-38"]["quotations"] if q["collation"]]
    assert planted and {q["collation"]["status"] for q in planted} >= {"variant"}
    bms6 = next(d for d in model["documents"] if d["siglum"] == "BMS6")
    assert bms6["official"]["symbol"] == synthetic.SYMBOL
    assert json.loads((out / "edition.json").read_text())["coverage"]["BMS6"]["official"] > 100


def test_exports_after_import_are_valid_with_an_apparatus(imported):
    """After the import the TEI's base text is the official text, each
    witness reading an app (lem: the official words, rdg: the witness's,
    typed by the collation); TEI, AKN and the tables still validate."""
    from test_exports import TEI_NS, XML_ID, validate_exports

    root, *_ = imported
    found = validate_exports(root / "_build/html")
    by_id = {e.get(XML_ID): e for e in found["corpus"].iter() if e.get(XML_ID)}
    apps = by_id["BMS6-38"].findall(f".//{TEI_NS}app")
    readings = {r.get("type") for a in apps for r in a.findall(f"{TEI_NS}rdg")}
    assert "variant" in readings and all(r.get("wit") == "#BP" for a in apps
                                         for r in a.findall(f"{TEI_NS}rdg"))
    assert any(a.find(f"{TEI_NS}lem").text == "national arsenals" or
               "arsenals" in (a.find(f"{TEI_NS}lem").text or "") for a in apps)
    text = "".join(by_id["BMS6-10"].itertext())
    assert "Synthetic text of BMS6-10 for the edition" in text
    assert by_id["BMS6-10"].find(f".//{TEI_NS}gap") is None


def test_apparatus_shows_collation_and_suspects(imported):
    root, *_ = imported
    s1 = (root / "_build/html/bms6/s1.html").read_text(encoding="utf-8")
    block = s1[s1.index('id="BMS6-38"'):s1.index('id="BMS6-39"')]
    assert "national arsenals" in block
    assert "BP reads ‘stockpiles’ where the official text has ‘arsenals’" in block
    assert "BP agrees with the official text" in block
    assert 'class="ed-suspect"' in block and "BP-N14" in block
    notes = (root / "_build/html/commentary/bp.html").read_text(encoding="utf-8")
    n14 = notes[notes.index('id="BP-N14"'):notes.index('id="BP-N15"')]
    assert "reviewed against an earlier text of" in n14


def test_collate_reports_exactly_the_planted_variant(imported):
    root, *_ = imported
    done = edition_cmd(root, "collate", "BMS6")
    assert done.returncode == 1, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if re.match(r"BMS6-\S+\s+BP\s", line)]
    not_agreeing = [r for r in rows if " agrees " not in r]
    assert len(not_agreeing) == 1, not_agreeing
    assert re.match(r"BMS6-38\s+BP\s+variant\s+BP ‘stockpiles’ \| official ‘arsenals’",
                    not_agreeing[0])
    import json

    report = json.loads((root / "_build/check/collation-BMS6.json").read_text(encoding="utf-8"))
    variants = [q for q in report["quotations"] if q["status"] == "variant"]
    assert [(q["id"], q["differences"]) for q in variants] == [
        ("BMS6-38", [["stockpiles", "arsenals"]])]


def test_review_clears_a_suspect(imported):
    root, *_ = imported
    done = edition_cmd(root, "review", "BP-N14")
    assert done.returncode == 0, done.stdout
    build = sphinx_build(root / "edition", root / "_build/html", confdir=root)
    assert build.returncode == 0, build.stderr
    notes = (root / "_build/html/commentary/bp.html").read_text(encoding="utf-8")
    n14 = notes[notes.index('id="BP-N14"'):notes.index('id="BP-N15"')]
    assert "ed-suspect" not in n14
    # a release build can insist: every suspect note a typed warning
    strict = sphinx_build(root / "edition", root / "_build/strict", confdir=root,
                          extra=("-D", "edition_suspect_links=warning"))
    assert strict.returncode != 0
    assert "[edition.suspect]" in strict.stderr and "BP-N14 " not in strict.stderr


def test_latex_sets_official_text_and_collation(imported):
    root, *_ = imported
    out = root / "_build/latex"
    build = sphinx_build(root / "edition", out, confdir=root, builder="latex")
    assert build.returncode == 0, build.stderr
    tex = (out / "bms6-edition.tex").read_text(encoding="utf-8")
    assert r"\edofficial{Synthetic text of BMS6\sphinxhyphen{}39 for the edition" in tex
    assert r"\edcollation{" in tex and "where the official text has ‘arsenals’" in tex
    assert r"\edsuspect{" in tex


def test_blocks_survive_reordering_byte_for_byte(tmp_path):
    for page in sources.read_tree(EDITION):
        assert page.render() == page.path.read_text(encoding="utf-8"), page.path


@pytest.mark.parametrize("change, line, message", [
    (('kind = "paragraph"\nlabel = "2"', 'kind = "paragrph"\nlabel = "2"'), 15,
     "[[units]] number 2: 'kind' is 'paragrph'; expected one of paragraph, section"),
    (('text = "b"', 'text = "b"\nsecton = "x"'), 18,
     "[[units]] number 2: unknown key 'secton'"),
    (('siglum = "BMS6"', 'siglum = "BMS5"'), 2, "[source] siglum 'BMS5' must be the file's name"),
    (('id = "BMS6-2"', 'id = "BMS6-1"'), 14, "unit 'BMS6-1' is listed twice"),
])
def test_bad_official_text_data_is_located(tmp_path, change, line, message):
    from poa_edition.model.registry import DataError, load

    data = tmp_path / "_data"
    shutil.copytree(EDITION / "_data", data)
    (data / "texts").mkdir(exist_ok=True)
    good = ('[source]\nsiglum = "BMS6"\nfile = "x.txt"\nsha256 = "' + "0" * 64 + '"\n'
            'imported = "2026-11-29"\n\n[[units]]\nid = "BMS6-1"\nkind = "paragraph"\n'
            'label = "1"\ntext = "a"\n\n[[units]]\nid = "BMS6-2"\nkind = "paragraph"\n'
            'label = "2"\ntext = "b"\n')
    (data / "texts/BMS6.toml").write_text(good, encoding="utf-8")
    assert load(data).texts["BMS6"].units["BMS6-2"].text == "b"
    (data / "texts/BMS6.toml").write_text(good.replace(*change), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(data)
    assert err.value.line == line and message in err.value.message, (err.value.line, str(err.value))


def test_a_corrected_reading_makes_notes_suspect_in_make_check(tmp_path):
    """A reading corrected (no import at all): the notes that discuss the
    paragraph become suspect, and `edition check` lists each, located."""
    root = scratch(tmp_path)
    page = root / "edition/bms6/s1.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("::::{para} BMS6-38\n")
    quote = text.index("to continually assess national stockpiles", start)
    page.write_text(text[:quote] + text[quote:].replace("stockpiles", "stocks", 1),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "check"], cwd=root,
                          capture_output=True, text=True, timeout=900,
                          env={**os.environ, "OFFLINE": "1", "EDITION_WITNESSES": ""})
    assert done.returncode == 1, done.stdout + done.stderr
    suspect = [ln for ln in done.stdout.splitlines() if "[suspect note]" in ln]
    assert suspect and all(re.match(r"edition/commentary/bp\.md:\d+: \[suspect note\] BP-N\d+: "
                                    r"the text of BMS6-38 has changed", ln) for ln in suspect), suspect
    assert any("BP-N14:" in ln for ln in suspect)
    assert "suspect notes" in done.stdout
