"""Builds that never lie: after any edit, an incremental build gives the same
pages, needs.json and inventory as a clean build of the same sources, and a
build reports every failure again, however often it is run."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EDITION, FIXTURES, REPO, sphinx_build, sphinx_build_here

FIXTURE = FIXTURES / "citations"

LINKS = """\
# Links

See {ed:p}`BMS6-3` and {ed:p}`the PoA provision <POA-II.18>`.

```{edition-coverage}
```

```{edition-lineage}
```

```{edition-concordance}
```

```{edition-timeline}
```

:::{annotation} BP-N7
:place: “Links”
:claims: BMS6-33 develops POA-II.18; BMS6-104 echoes BMS5-12

The paper reads paragraph 33 ({ed:cite}`UNGA, 2016d, para. 33`) against the PoA
({ed:cite}`UNGA, 2001b, para. II.18`) and paragraph 104 ({ed:cite}`UNGA, 2016d, para. 104`)
against BMS5 ({ed:cite}`UNGA, 2014b, para. 12`).
:::
"""

#: a page with index entries, which the search index keeps when another page changes
TERMS = """\
# Terms

```{index} single: stockpile management; surplus
```

Surplus weapons are those a state no longer needs.
"""

CONF = """\
extensions = ["poa_edition"]
myst_enable_extensions = ["colon_fence"]
edition_data = "_data"
bibtex_bibfiles = ["refs.bib"]
bibtex_cite_id = "ref-{key}"
exclude_patterns = ["*.txt", "_data"]
edition_date = "2026-11-29"
"""


#: the bibliography as the edition's conf.py styles it (tests/test_fixed_cost.py
#: builds both this and sphinxcontrib-bibtex's default)
EDITION_STYLE = 'bibtex_default_style = "edition"\nbibtex_reference_style = "author_year"\n'


def project(root: Path, *, edition_style: bool = False) -> Path:
    """The small project: the citation fixture with the edition's data and
    refs.bib, and pages of links and terms; with ``edition_style``, its
    bibliography styled as the edition's (:data:`EDITION_STYLE`)."""
    src = root / "src"
    shutil.copytree(FIXTURE, src, ignore=shutil.ignore_patterns("conf.py", "*.txt"))
    shutil.copytree(EDITION / "_data", src / "_data")
    # the timeline's events link to pages of the edition this small project lacks
    timeline = src / "_data" / "timeline.toml"
    timeline.write_text(re.sub(r'(?m)^page = ".*"\n', "", timeline.read_text(encoding="utf-8")),
                        encoding="utf-8")
    shutil.copy(REPO / "refs.bib", src / "refs.bib")
    (src / "conf.py").write_text(CONF + (EDITION_STYLE if edition_style else ""))
    (src / "links.md").write_text(LINKS)
    (src / "terms.md").write_text(TERMS)
    # the Data page: the exports' sizes, from the files made and the manifest
    (src / "data.md").write_text("# Data\n\n```{edition-data}\n```\n")
    index = src / "index.md"
    index.write_text(index.read_text().replace("bib\n", "bib\nlinks\nterms\ndata\n"))
    return src


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def releases(src: Path) -> None:
    """Two releases, BMS6-9's summary revised in the second: its line and
    its history page appear (the release files are part of the data's digest)."""
    import json

    folder = src / "_data" / "releases"
    folder.mkdir()
    for version, summary in (("0.1.0", "An old summary."), ("0.2.0", "A new summary.")):
        para = {"id": "BMS6-9", "kind": "paragraph", "siglum": "BMS6", "title": "BMS6, para. 9",
                "summary": summary, "attestation": "lacuna", "official_text": None,
                "quotations": [], "withdrawn": "", "fingerprint": summary}
        (folder / f"{version}.json").write_text(json.dumps(
            {"edition": {"version": version, "date": "2026-11-29"}, "objects": [para],
             "links": []}))


EDITS: dict[str, Callable[[Path], None]] = {
    "releases added": releases,
    # a paragraph that only {ed:p} cites
    "paragraph deleted": lambda s: edit(s / "paras.md", "::::{para} BMS6-3\n::::\n", ""),
    "citation changed": lambda s: edit(s / "note.md", "paras. 33–35, 104", "paras. 33–35"),
    "note removed": lambda s: edit(s / "links.md", LINKS[LINKS.index(":::{annotation}"):], ""),
    "claim changed": lambda s: edit(s / "links.md", "BMS6-33 develops POA-II.18",
                                    "BMS6-35 develops POA-II.18"),
    "claim target removed": lambda s: edit(s / "paras.md", "::::{para} BMS5-12\n::::\n", ""),
    "siglum in refs.bib": lambda s: edit(s / "refs.bib", "siglum = {BMS5}", "siglum = {BMS6}"),
    # the author every BMS6 paragraph's citation (Cite, cite/<ID>.bib) names
    "document's author in refs.bib": lambda s: edit(
        s / "refs.bib", "author = {{UNGA}},\n  title = {{[Outcome of the Sixth",
        "author = {{United Nations General Assembly}},\n  title = {{[Outcome of the Sixth"),
    # every object's citation (its cite/ files, kept when their data is unchanged)
    "edition date in conf.py": lambda s: edit(s / "conf.py", 'edition_date = "2026-11-29"',
                                              'edition_date = "2026-12-01"'),
    "link name in model.toml": lambda s: edit(s / "_data" / "model.toml",
                                              'incoming = "discussed in"', 'incoming = "noted in"'),
    # only that page is written again: the others (terms.md) keep their index entries
    "prose of one note": lambda s: edit(s / "links.md", "The paper reads", "The paper weighs"),
    # the exports (data/) are made again only where an edit shows (the TEI and AKN
    # pieces and the DTS responses that hold the paragraph; for a note's, "prose of one note")
    "summary of one paragraph": lambda s: edit(
        s / "paras.md", "::::{para} BMS6-34\n", "::::{para} BMS6-34\n:summary: Paragraph 34 as "
        "the paper describes it.\n"),
    "paragraph added": lambda s: edit(s / "paras.md", "::::{para} BMS6-9\n", "::::{para} BMS6-8\n::::\n\n::::{para} BMS6-9\n"),
}


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            # (Sphinx keeps the last .buildinfo as .buildinfo.bak when the configuration changed)
            if p.is_file() and ".doctrees" not in p.parts
            and p.name not in (".buildinfo", ".buildinfo.bak")}


class Built:
    """A project built once (per test process), handed back to each test as
    it was after that build, at the same place: its sources, output and
    environment copied back from a pristine copy with their times, so the
    next build is incremental exactly as after a build of its own (the
    environment records where its sources are, so it cannot move)."""

    def __init__(self, root: Path, make: Callable[[Path], Path]):
        self.work, self.pristine = root / "work", root / "pristine"
        self.src, self.out = make(self.work), self.work / "out"
        first = sphinx_build(self.src, self.out)
        assert first.returncode == 0, first.stderr
        shutil.copytree(self.work, self.pristine, symlinks=True)

    def restore(self) -> tuple[Path, Path]:
        shutil.rmtree(self.work)
        shutil.copytree(self.pristine, self.work, symlinks=True)
        return self.src, self.out


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Built:
    """:func:`project`, built once: each incremental scenario starts from it."""
    return Built(tmp_path_factory.mktemp("built-project"), project)


def assert_rebuild_equals_clean(tmp_path: Path, make: Callable[[Path], Path],
                                change: Callable[[Path], None], built: Built | None = None) -> None:
    """Build ``make``'s project (or take ``built``, the same project built
    once), ``change`` it and build again: the same exit status, failures and
    files as a clean build of the changed project."""
    if built is not None:
        inc, inc_out = built.restore()
    else:
        inc, inc_out = make(tmp_path / "inc"), tmp_path / "inc-out"
        first = sphinx_build(inc, inc_out)
        assert first.returncode == 0, first.stderr
    change(inc)
    again = sphinx_build(inc, inc_out)

    clean = make(tmp_path / "clean")
    change(clean)
    # in this process (a new directory: Sphinx keeps the checksums of the assets
    # it links, by path, for the process); the incremental builds run as a
    # maintainer runs them, in a process of their own
    fresh = sphinx_build_here(clean, tmp_path / "clean-out")

    assert again.returncode == fresh.returncode
    # the same failures, at the same places (the paths differ by the tmp dir)
    assert again.stderr.replace(str(inc), "SRC") == fresh.stderr.replace(str(clean), "SRC")
    a, b = outputs(inc_out), outputs(tmp_path / "clean-out")
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"incremental build differs from clean build in {differ}"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EDITS))
def test_incremental_equals_clean(tmp_path, name, built_project):
    assert_rebuild_equals_clean(tmp_path, project, EDITS[name], built_project)


def test_every_build_reports_every_failure(tmp_path):
    src = project(tmp_path)
    edit(src / "links.md", "{ed:p}`BMS6-3`", "{ed:p}`BMS6-333`")
    edit(src / "note.md", "`para. 54`", "`para. 540`")
    out = tmp_path / "out"
    runs = [sphinx_build(src, out) for _ in range(3)]
    for run in runs:
        assert run.returncode != 0
        assert f"{src / 'links.md'}:3: WARNING: reference to unknown paragraph 'BMS6-333'" in run.stderr
        assert f"{src / 'note.md'}:10: WARNING: BMS6-540 is not in the edition" in run.stderr
    assert runs[1].stderr == runs[2].stderr == runs[0].stderr
    # fixed: the next build passes, and so does the one after
    edit(src / "links.md", "{ed:p}`BMS6-333`", "{ed:p}`BMS6-3`")
    edit(src / "note.md", "`para. 540`", "`para. 54`")
    for _ in range(2):
        run = sphinx_build(src, out)
        assert run.returncode == 0, run.stderr


#: appended to the project's conf.py: with EDITION_TEST_KILL_AT_PAGE=N in the
#: environment, the build kills itself (SIGKILL: no clean-up runs) as it starts
#: writing its Nth page; without it, nothing (conf.py is the same for every build)
KILLER = """
import os, signal


def setup(app):
    at = int(os.environ.get("EDITION_TEST_KILL_AT_PAGE") or 0)
    seen = []

    def page(app, *args):
        seen.append(1)
        if len(seen) == at:
            os.kill(os.getpid(), signal.SIGKILL)

    app.connect("html-page-context", page)
"""


def test_build_killed_while_writing_is_completed_by_the_next(tmp_path, monkeypatch):
    """A build killed half-way through writing (pages, cite files and short
    URLs half written, no search index) is followed by a build that gives the
    complete site."""
    src = project(tmp_path)
    (src / "conf.py").write_text((src / "conf.py").read_text() + KILLER)
    out = tmp_path / "out"
    monkeypatch.setenv("EDITION_TEST_KILL_AT_PAGE", "3")
    killed = sphinx_build(src, out)
    monkeypatch.delenv("EDITION_TEST_KILL_AT_PAGE")
    assert killed.returncode == -9, killed.stderr
    assert any(out.glob("*.html"))  # some pages were written before it died
    assert not (out / "searchindex.js").exists()
    resumed = sphinx_build(src, out)
    assert resumed.returncode == 0, resumed.stderr
    clean = sphinx_build(src, tmp_path / "clean")
    assert clean.returncode == 0
    a, b = outputs(out), outputs(tmp_path / "clean")
    assert sorted(a) == sorted(b)
    assert [n for n in a if a[n] != b[n]] == []
