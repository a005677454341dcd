"""Links from other projects: another Sphinx project, with the configuration
and the MyST links the README gives, built strictly against the built
edition's two inventories (local files: offline), reaches each object under
its ID as written, at its section page (``objects.inv``) or at its stable
short URL (``p/objects.inv``)."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

from conftest import REPO, sphinx_build
from test_interop import inventory

#: the edition's address in the README's configuration
ADDRESS = "https://example.org/bms6-edition/"
#: a lacuna, a paragraph given in whole or part, a dotted ID
IDS = ("BMS6-10", "BMS6-38", "POA-II.18")


def readme_block(marker: str, language: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split(f"<!-- {marker} -->", 1)[1]
    return block.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def _other_project(edition_html: Path, tmp_path: Path, page: str) -> str:
    """Build a project with the README's conf.py, each inventory read from the
    built edition's file, and ``page``; its index.html."""
    src = tmp_path / "other"
    src.mkdir()
    conf = readme_block("intersphinx-conf", "python")
    (tmp_path / "readme_conf.py").write_text(conf)
    mapping = runpy.run_path(str(tmp_path / "readme_conf.py"))["intersphinx_mapping"]
    assert {name: url for name, (url, _) in mapping.items()} == {"bms6": ADDRESS,
                                                                 "bms6p": ADDRESS + "p/"}
    local = {name: (url, str(edition_html / url.removeprefix(ADDRESS) / "objects.inv"))
             for name, (url, _) in mapping.items()}
    (src / "conf.py").write_text(conf + f"intersphinx_mapping = {local!r}\n"
                                 "project = 'other'\nexclude_patterns = ['_build']\n")
    (src / "index.md").write_text("# Other\n\n" + page)
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    return (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def _hrefs(html: str) -> list[tuple[str, str]]:
    """``(href, text)`` of each external link, in order."""
    import re

    return [(href, re.sub(r"<[^>]+>", "", text))
            for href, text in re.findall(r'<a class="reference external" href="([^"]+)"'
                                         r'[^>]*>(.*?)</a>', html)]


def test_the_stable_inventory_lists_every_object(edition_html):
    main = inventory(edition_html / "objects.inv")
    stable = inventory(edition_html / "p" / "objects.inv")
    objects = {n: k for n, (k, _) in main.items() if k.startswith("ed:")}
    assert {n: k for n, (k, _) in stable.items() if k.startswith("ed:")} == objects
    for obj_id, kind in objects.items():
        assert stable[obj_id] == (kind, f"{obj_id}.html")
        assert stable[obj_id.lower()] == ("std:label", f"{obj_id}.html")
        assert (edition_html / "p" / f"{obj_id}.html").is_file()
    assert len(objects) > 300


def test_readme_links_resolve_as_written(edition_html, tmp_path):
    html = _other_project(edition_html, tmp_path, readme_block("intersphinx-links", "markdown"))
    assert _hrefs(html) == [
        (ADDRESS + "bms6/s1.html#BMS6-38", "BMS6-38"),
        (ADDRESS + "bms6/s1.html#BMS6-38", "para. 38"),
        (ADDRESS + "bms6/s1.html#BMS6-10", "BMS6-10"),
        (ADDRESS + "p/POA-II.18.html", "POA-II.18"),
        (ADDRESS + "p/POA-II.18.html", "PoA II.18"),
    ]


def test_every_form_for_three_ids(edition_html, tmp_path):
    """For a lacuna, a paragraph and a dotted ID: the role and three ``inv:``
    forms, each against both inventories."""
    main = inventory(edition_html / "objects.inv")
    forms = ("{{external+{inv}:ref}}`{id}`", "[{id}](inv:{inv}#{id})",
             "[{id}](inv:{inv}:ed:paragraph#{id})", "[{id}](inv:{inv}:*:*#{id})",
             "[{id}](inv:{inv}:std:label#{low})")
    lines = [f"- {form.format(inv=inv, id=obj_id, low=obj_id.lower())}\n"
             for obj_id in IDS for inv in ("bms6", "bms6p") for form in forms]
    html = _other_project(edition_html, tmp_path, "".join(lines))
    expected = [(ADDRESS + (main[obj_id][1] if inv == "bms6" else f"p/{obj_id}.html"), obj_id)
                for obj_id in IDS for inv in ("bms6", "bms6p") for _ in forms]
    assert _hrefs(html) == expected
    assert expected[0][0] == ADDRESS + "bms6/s1.html#BMS6-10"
    # a short URL goes on to the object's place on its section page
    for obj_id in IDS:
        page = (edition_html / "p" / f"{obj_id}.html").read_text(encoding="utf-8")
        # (or to its history, with ?as-of= or #history: issue 21)
        script = page[page.index("location.replace("):page.index("</script>")]
        assert f": {json.dumps('../' + main[obj_id][1])} + location.search" in script, script
