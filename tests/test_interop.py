"""The edition as other tools see it: another Sphinx project citing its
paragraphs by intersphinx, and sphinx-needs re-importing its export."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

from conftest import EDITION, REPO, sphinx_build


def inventory(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (type, uri) from a Sphinx objects.inv."""
    raw = path.read_bytes()
    lines = [ln for ln in raw.split(b"\n", 4)[:4]]
    body = zlib.decompress(raw[sum(len(ln) + 1 for ln in lines):]).decode()
    out = {}
    for line in body.splitlines():
        name, kind, _prio, uri, _disp = line.split(" ", 4)
        out[name] = (kind, uri.replace("$", name))
    return out


def test_objects_inv_carries_every_paragraph(edition_html):
    inv = inventory(edition_html / "objects.inv")
    assert inv["BMS6-38"] == ("ed:paragraph", "bms6/s1.html#BMS6-38")
    assert inv["POA-II.18"] == ("ed:paragraph", "instruments/poa.html#POA-II.18")
    assert inv["BMS6-SIII.B"][0] == "ed:section"
    assert inv["BP-N14"][0] == "ed:note"
    ids = {n for n, (k, _) in inv.items() if k.startswith("ed:")}
    assert {"BMS6-1", "BMS6-120", "BMS6-119a", "BMS5-38n.i"} <= ids
    # and as standard labels, for projects with nothing but intersphinx
    assert inv["bms6-38"] == ("std:label", "bms6/s1.html#BMS6-38")


def test_another_project_cites_by_intersphinx(edition_html, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "conf.py").write_text(
        "extensions = ['sphinx.ext.intersphinx']\n"
        f"intersphinx_mapping = {{'bms6': ({str(edition_html)!r}, None)}}\n")
    (other / "index.rst").write_text(
        "Other\n=====\n\nSee :external+bms6:ref:`BMS6-38` and :ref:`POA-II.18`.\n")
    result = sphinx_build(other, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "index.html").read_text()
    assert f'href="{edition_html}/bms6/s1.html#BMS6-38"' in html
    assert f'href="{edition_html}/instruments/poa.html#POA-II.18"' in html
    assert ">BMS6-38<" in html.replace("<span>", "").replace("</span>", "")


def readme_needimport_conf() -> str:
    """The conf.py the README gives for needimport, as written there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- needimport-conf -->", 1)[1]
    return block.split("```python\n", 1)[1].split("```", 1)[0]


def test_needimport_reads_the_export(edition_html, tmp_path):
    """sphinx-needs' own needimport builds the exported needs, strictly, with
    exactly the configuration the README gives."""
    proj = tmp_path / "imp"
    proj.mkdir()
    shutil.copy(edition_html / "needs.json", proj / "needs.json")
    conf = readme_needimport_conf()
    import tomllib
    model = tomllib.loads((EDITION / "_data" / "model.toml").read_text())
    for name in (*model["types"], *model["links"]):  # every type and link of the model
        assert f'"{name}"' in conf, name
    (proj / "conf.py").write_text(conf + "needs_build_json = True\n")
    (proj / "index.rst").write_text("Imported\n========\n\n.. needimport:: needs.json\n")
    result = sphinx_build(proj, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    (version,) = json.loads((tmp_path / "out" / "needs.json").read_text())["versions"].values()
    needs = version["needs"]
    assert needs["POA-II_18"]["public_id"] == "POA-II.18"
    assert "POA-II_18" in needs["BMS6-38"]["develops"]
    assert "BP-N14" in needs["BMS6-38"]["discusses_back"]
    assert len(needs) > 300


def test_short_urls(edition_html):
    """p/<ID>.html for every paragraph, section and note, sending the reader
    to the paragraph's current place by a relative link."""
    inv = inventory(edition_html / "objects.inv")
    ids = [n for n, (k, _) in inv.items() if k.startswith("ed:")]
    pages = {p.stem for p in (edition_html / "p").glob("*.html")}
    assert set(ids) == pages
    for obj_id in ("BMS6-38", "POA-II.18", "BMS6-119a", "BP-N14"):
        page = (edition_html / "p" / f"{obj_id}.html").read_text()
        target = f"../{inv[obj_id][1]}"
        # a browser goes on by script; a tool that reads the page stays on it
        assert f": {json.dumps(target)} + location.search);" in page  # (?as-of=: its history)
        assert 'http-equiv="refresh"' not in page
        assert f'<a href="{target}">{obj_id}</a>' in page
        assert (edition_html / "p" / target.split("#")[0]).resolve().is_file()
