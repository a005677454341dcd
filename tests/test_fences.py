"""Every fence style MyST accepts is one block to every reader.

A page writes ``para``, ``section``, ``wording``, ``apparatus`` and
``annotation`` blocks in each fence style MyST takes for a directive
(backticks, tildes, colons, longer fences, nested either way, options as
``:key:`` lines or a YAML block). The build (its model file), ``make check``
(its quotation check), the quotation tests (the pages' reader), ``edition
import`` and ``edition collate`` all see the same blocks, at the same lines.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import synthetic
from conftest import EDITION, FIXTURES, REPO, sphinx_build
from poa_edition.model import modelfile
from poa_edition.sources import pages

STYLES = """\
# Fence styles

::::{para} BMS6-11
:summary: Backtick wording inside a colon para.

```{wording}
:witness: BP
:place: “Introduction”
style one backticks
```
::::

::::{para} BMS6-12
:summary: Tilde wording.

~~~{wording}
:witness: BP
:place: “Introduction”
style two tildes
~~~
::::

:::::{para} BMS6-13
:summary: Colon wording inside a longer colon para.

:::{wording}
:witness: BP
:place: “Introduction”
style three colons
:::
:::::

`````{para} BMS6-14
:summary: A backtick para with a backtick wording.

```{wording}
:witness: BP
:place: “Introduction”
style four nested backticks
```
`````

::::{para} BMS6-15
:summary: Four backticks and YAML options.

````{wording}
---
witness: BP
place: “Introduction”
---
style five yaml options
````
::::

::::::{para} BMS6-16
:summary: Colons inside colons, twice longer.

::::{wording}
:witness: BP
:place: “Introduction”
:extent: whole
style six long colons
::::
::::::

```{para} BMS6-17
:summary: A backtick para, wording in colons.

:::{wording}
:witness: BP
:place: “Introduction”
style seven colons in backticks
:::

:::{apparatus}
:witness: BP
:place: “Introduction”
An apparatus entry in colons.
:::
```

~~~~{section} BMS6-SII
:summary: A section in tildes.

```{wording}
:witness: BP
:place: “Introduction”
style eight in a section
```
~~~~
"""

NOTES = """\
# Notes in fence styles

```{annotation} BP-N1
:place: “Introduction”
A note in backticks ({ed:cite}`UNGA, 2016d, para. 11`).
```

::::{annotation} BP-N2
:place: “Introduction”
A note in colons ({ed:cite}`UNGA, 2016d, para. 12`).
::::
"""

INDEX = """\
# Fences

```{toctree}
styles
notes
```
"""

CONF = """\
extensions = ["poa_edition"]
myst_enable_extensions = ["colon_fence"]
edition_data = "_data"
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_data"]
edition_date = "2026-11-29"
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fences")
    src = root / "edition"
    src.mkdir()
    shutil.copytree(EDITION / "_data", src / "_data")
    (src / "_data" / "reviews.toml").unlink(missing_ok=True)
    shutil.copy(REPO / "refs.bib", root / "refs.bib")
    (root / "conf.py").write_text(CONF)
    (src / "index.md").write_text(INDEX)
    (src / "styles.md").write_text(STYLES)
    (src / "notes.md").write_text(NOTES)
    return root


def wording_lines() -> list[int]:
    return [n for n, line in enumerate(STYLES.splitlines(), 1) if re.search(r"\{wording\}", line)]


@pytest.fixture(scope="module")
def built(project) -> dict:
    done = sphinx_build(project / "edition", project / "_build/html", confdir=project)
    # the project is small (most of BMS6 missing): only the blocks matter here
    assert (project / "_build/html/edition.json").is_file(), done.stderr
    assert "styles.md" not in done.stderr, done.stderr
    return modelfile.load(project / "_build/html/edition.json")


def test_the_build_sees_every_block(built):
    objects = {o["id"]: o for o in built["objects"]}
    assert {f"BMS6-{n}" for n in range(11, 18)} | {"BMS6-SII", "BP-N1", "BP-N2"} <= set(objects)
    seen = sorted((q["line"], q["text"]) for o in built["objects"] if o["kind"] != "note"
                  for q in o["quotations"] if q["file"] == "styles.md")
    assert [line for line, _ in seen] == wording_lines()
    assert objects["BMS6-15"]["quotations"][0]["place"] == "“Introduction”"  # YAML options
    assert objects["BMS6-16"]["attestation"] == "whole"
    assert objects["BP-N2"]["citations"][0]["ids"] == ["BMS6-12"]


def test_the_pages_reader_sees_what_the_build_sees(project, built):
    """The reader of the quotation tests, import and collate."""
    from_build, places = [], []
    from poa_edition.model.quotations import from_model

    items, places = from_model(built)
    from_build = sorted((f, line, w) for f, line, _o, w in items)
    src = project / "edition"
    read = sorted((f, line, w) for f, line, _o, w in pages.quotation_items(src, src))
    assert read == from_build
    assert sorted(pages.note_places(src, src)) == sorted(places)
    # every para and section block of the page, with the text it holds
    page = pages.read_page(src / "styles.md")
    assert [b.id for b in page.blocks] == [f"BMS6-{n}" for n in range(11, 18)] + ["BMS6-SII"]
    assert page.render() == STYLES
    summaries = {p.id: p.text for p in pages.prose(src) if p.kind == "summary"}
    objects = {o["id"]: o for o in built["objects"]}
    assert all(objects[i]["summary"] == s for i, s in summaries.items())
    assert any(p.kind == "apparatus" for p in pages.prose(src))


def test_make_check_sees_every_quotation(project, built, tmp_path):
    """``make check`` checks each quotation: against witness texts that hold
    none of them, each is reported at its own line."""
    witnesses = tmp_path / "witnesses"
    witnesses.mkdir()
    import tomllib

    for entry in tomllib.loads((project / "edition/_data/witness_sections.toml").read_text()).values():
        (witnesses / entry["file"]).write_text("Introduction\nnothing the edition quotes\n")
    done = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "check", "-j", "1"],
                          cwd=project, capture_output=True, text=True,
                          env={**os.environ, "OFFLINE": "1", "EDITION_WITNESSES": str(witnesses)})
    report = json.loads((project / "_build/check/report.json").read_text())
    lines = sorted(p["line"] for p in report["problems"]
                   if p["kind"] == "quotation" and p["file"] == "edition/styles.md")
    assert lines == wording_lines(), done.stdout


def test_import_and_collate_see_every_quotation(project, built, tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(project, root, ignore=shutil.ignore_patterns("_build"))
    official = synthetic.write(EDITION, tmp_path / "official.txt", {})
    done = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "import", "BMS6",
                           str(official)], cwd=root, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    count = sum(len(o["quotations"]) for o in built["objects"]
                if o["kind"] != "note" and o["siglum"] == "BMS6")
    assert f"{count} witness quotations become its apparatus" in done.stdout
    done = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "collate", "BMS6"],
                          cwd=root, capture_output=True, text=True)
    rows = json.loads((root / "_build/check/collation-BMS6.json").read_text())["quotations"]
    assert sorted(r["line"] for r in rows if r["file"].endswith("styles.md")) == wording_lines()
