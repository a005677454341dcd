"""Citable releases: ``edition release``, ``edition changes``, the history of
each ID, the Changes page, CITATION.cff.

The model's comparison (:mod:`poa_edition.model.changes`) is tested on
models made here; the commands run as a maintainer runs them, in a temporary
git repository holding a small edition (the real edition data, a few
paragraphs of its own): a release, edits, ``edition changes`` compared with
the expected list, a second release, each refusal, and the pages built from
both releases. CITATION.cff is validated by ``cffconvert --validate``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import EDITION, REPO, unavailable
from poa_edition.model import changes as ch
from poa_edition.model import releases

# -- the comparison, on models made here --------------------------------------------


def _para(obj_id: str, **kw) -> dict:
    base = {"id": obj_id, "kind": "paragraph", "siglum": obj_id.split("-")[0], "title": obj_id,
            "official_text": None, "attestation": "lacuna", "summary": "", "withdrawn": "",
            "quotations": [], "fingerprint": "a"}
    return {**base, **kw}


def _note(obj_id: str, text: str, cites: tuple[str, ...] = ()) -> dict:
    return {"id": obj_id, "kind": "note", "siglum": obj_id.split("-")[0], "title": obj_id,
            "text": text, "citations": [{"ids": list(cites)}], "claims": []}


def _model(version: str, objects: list[dict], links: list[dict] = ()) -> dict:
    return {"edition": {"version": version, "date": "2026-01-01"}, "objects": objects,
            "links": list(links)}


QUOTE = {"witness": "BP", "place": "“A”", "text": "some words"}
OLD = _model("0.2.0", [
    _para("BMS6-1"),
    _para("BMS6-2", summary="Old summary.", fingerprint="s1"),
    _para("BMS6-3", official_text="Wording one.", attestation="official"),
    _para("BMS6-4"),
    _para("BMS6-5", quotations=[QUOTE], attestation="fragmentary"),
    _para("BMS6-6"),
    _note("BP-N1", "A note."),
    _note("BP-N2", "Reads BMS6-2.", ("BMS6-2",)),
    _note("BP-N3", "Unchanged note on BMS6-1.", ("BMS6-1",)),
], [{"source": "BMS6-6", "type": "develops", "target": "POA-1"},
    {"source": "BMS6-6", "type": "part_of", "target": "BMS6-S1"}])
NEW = _model("0.3.0", [
    _para("BMS6-1", official_text="Established.", attestation="official", fingerprint="a"),
    _para("BMS6-2", summary="New summary.", fingerprint="s2"),
    _para("BMS6-3", official_text="Wording two, and more.", attestation="official"),
    _para("BMS6-5", quotations=[{**QUOTE, "text": "other words"}], attestation="whole"),
    _para("BMS6-6"),
    _para("BMS6-7"),
    _note("BP-N1", "A note, rewritten."),
    _note("BP-N2", "Reads BMS6-2.", ("BMS6-2",)),
    _note("BP-N3", "Unchanged note on BMS6-1.", ("BMS6-1",)),
    _note("BP-N4", "New."),
], [{"source": "BMS6-6", "type": "responds_to", "target": "POA-2"},
    {"source": "BMS6-6", "type": "part_of", "target": "BMS6-S2"}])


def test_compare_lists_every_kind_of_change_by_id_and_nothing_unchanged():
    found = {c.id: [(x.what, x.detail) for x in c.changes] for c in ch.compare(OLD, NEW).ids}
    assert found == {
        "BMS6-1": [("text-established", "Established"), ("attestation", "lacuna → official")],
        "BMS6-2": [("summary", "New summary")],
        "BMS6-3": [("text-changed", "… two, and more")],  # from where it departs
        "BMS6-5": [("attestation", "fragmentary → whole"), ("quotation-added", "BP “A”"),
                   ("quotation-removed", "BP “A”")],
        "BMS6-6": [("link-added", "responds_to POA-2"), ("link-removed", "develops POA-1")],
        "BMS6-7": [("added", "")],
        "BMS6-4": [("withdrawn", "no longer in the edition")],
        "BP-N1": [("text-changed", "")],
        "BP-N2": [("suspect", "the text of BMS6-2 changed")],
        "BP-N4": [("added", "")],
    }
    # the order: the later model's, an ID gone after the others of its document
    assert [c.id for c in ch.compare(OLD, NEW).ids][:7] == [
        "BMS6-1", "BMS6-2", "BMS6-3", "BMS6-5", "BMS6-6", "BMS6-7", "BMS6-4"]
    assert "BP-N3" not in found  # its paragraph's fingerprint did not change
    assert ch.compare(NEW, NEW).ids == ()


def test_a_withdrawal_and_the_phrases_of_notes():
    after = _model("0.3.0", [_para("BMS6-1", withdrawn="a duplicate of BMS6-2"), _note("BP-N1", "x")])
    before = _model("0.2.0", [_para("BMS6-1"), _note("BP-N1", "y")])
    [para, note] = ch.compare(before, after).ids
    assert para.said() == ["withdrawn (a duplicate of BMS6-2)"]
    assert note.said() == ["note changed"]


def test_history_and_the_line_on_a_paragraph():
    third = _model("0.4.0", [*NEW["objects"][:1],
                             _para("BMS6-2", summary="Newer summary.", fingerprint="s3")])
    hist = ch.history([OLD, NEW, third])
    states = hist["BMS6-1"]
    assert [s.version for s in states] == ["0.2.0", "0.3.0", "0.4.0"]
    assert [s.text for s in states] == [None, "Established.", "Established."]
    assert states[0].changes == ()  # the first release is the baseline
    assert ch.line_text(states) == "text established in 0.3.0; attestation changed in 0.3.0"
    assert ch.line_text(hist["BMS6-2"]) == "summary revised in 0.4.0"
    assert [s.present for s in hist["BMS6-7"]] == [True, False]  # from its first release on
    assert ch.line_text(hist["BMS6-7"]) == "withdrawn in 0.4.0; added in 0.3.0"  # latest first
    assert ch.line_text(hist["BMS6-6"][:1]) == ""


def test_versions():
    assert ch.parse_version("0.10.2") == (0, 10, 2) and ch.parse_version("v1.2.3") == (1, 2, 3)
    assert ch.parse_version("1.2") is None and ch.parse_version("01.2.3") is None


# -- the commands, in a temporary git repository -------------------------------------------

CONF = """\
project = "A Small Edition"
author = "Doe, Jane and Roe, Richard"
copyright = "2026, the editors"
extensions = ["poa_edition"]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_data"]
myst_enable_extensions = ["colon_fence", "deflist"]
edition_data = "_data"
bibtex_bibfiles = ["refs.bib"]
html_baseurl = "https://editions.test/small/"
"""
PYPROJECT = """\
[project]
name = "small-edition"
version = "0.1.0"
description = "a test"

[tool.poa-edition]
release-date = "2026-01-01"
"""
INDEX = "# A small edition\n\n```{toctree}\nparas\nchanges\n```\n"
CHANGES = "# Changes\n\n```{edition-changes}\n```\n"
PARAS = """\
# Paragraphs

::::{para} BMS6-8
:summary: Opens the section.

```{wording}
:witness: BP
:place: “National regulation”
for the full and effective implementation of the Programme of Action
```
::::

::::{para} BMS6-9
:summary: Records a split.
::::

:::{annotation} BP-N1
:place: “Introduction”

The paper reads the paragraph as a split ({ed:cite}`UNGA, 2016d, para. 9`).
:::
"""
#: the edits between the releases: a new paragraph, a summary revised (which
#: makes BP-N1 suspect), and BMS6's official text (synthetic words, with those
#: the witness quotes)
NEW_PARA = "\n::::{para} BMS6-10\n:summary: A new paragraph.\n::::\n"
OFFICIAL = """\
[source]
siglum = "BMS6"
file = "synthetic.txt"
sha256 = "%s"
imported = "2026-03-01"
""" % ("0" * 64) + "".join(f"""
[[units]]
id = "BMS6-{n}"
kind = "paragraph"
label = "{n}"
text = "Synthetic wording of paragraph {n}{tail}."
""" for n, tail in ((8, ", for the full and effective implementation of the Programme of Action"),
                    (9, ""), (10, "")))
EXPECTED_CHANGES = [
    "BMS6",
    "  BMS6-8: text established (Synthetic wording of paragraph 8, for the full and …); "
    "attestation changed (fragmentary → official)",
    "  BMS6-9: text established (Synthetic wording of paragraph 9); attestation changed "
    "(lacuna → official); summary revised (… the split between two groups of states)",
    "  BMS6-10: added",
    "BP",
    "  BP-N1: made suspect (the text of BMS6-9 changed)",
]
FIRST_DATE = "2026-02-03T10:00:00+00:00"
#: late on the 4th west of Greenwich: the 5th in UTC, the date released
SECOND_DATE = "2026-03-04T23:30:00-02:00"


def _git(root: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test Editor", "GIT_AUTHOR_EMAIL": "editor@editions.test",
           "GIT_COMMITTER_NAME": "Test Editor", "GIT_COMMITTER_EMAIL": "editor@editions.test"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True, env=env).stdout


def _edition(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "EDITION_WITNESSES"}
    env.update(OFFLINE="1", GIT_AUTHOR_NAME="Test Editor", GIT_AUTHOR_EMAIL="editor@editions.test",
               GIT_COMMITTER_NAME="Test Editor", GIT_COMMITTER_EMAIL="editor@editions.test",
               PYTHONHASHSEED="0")
    return subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", *args], cwd=root,
                          capture_output=True, text=True, env=env, timeout=900)


def _build(root: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
                           "-q", "-c", str(root), str(root / "edition"), str(root / "_build/html")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _refused(done: subprocess.CompletedProcess, words: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("edition release: refused: "), done.stderr
    assert words in lines[0], lines[0]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> dict:
    """The whole story, each step's output kept for the tests below."""
    if shutil.which("git") is None:
        unavailable("git is not installed")
    root = tmp_path_factory.mktemp("releases")
    src = root / "edition"
    src.mkdir()
    shutil.copytree(EDITION / "_data", src / "_data", ignore=shutil.ignore_patterns("releases"))
    (src / "_data" / "reviews.toml").unlink(missing_ok=True)
    shutil.copy(REPO / "refs.bib", root / "refs.bib")
    for name, text in (("conf.py", CONF), ("pyproject.toml", PYPROJECT), (".gitignore", "/_build/\n")):
        (root / name).write_text(text, encoding="utf-8")
    for name, text in (("index.md", INDEX), ("changes.md", CHANGES), ("paras.md", PARAS)):
        (src / name).write_text(text, encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "A small edition", date=FIRST_DATE)
    out: dict = {"root": root}
    out["not above"] = _edition(root, "release", "0.1.0")
    out["not a version"] = _edition(root, "release", "1.0")
    (src / "draft.md").write_text("# A draft\n", encoding="utf-8")
    out["dirty"] = _edition(root, "release", "0.2.0")
    (src / "draft.md").unlink()
    out["dry run"] = _edition(root, "release", "0.2.0", "--dry-run")
    out["dry run status"] = _git(root, "status", "--porcelain")
    out["dry run tags"] = _git(root, "tag")
    out["first"] = _edition(root, "release", "0.2.0")
    out["first head"] = _git(root, "rev-parse", "HEAD").strip()
    out["first model"] = json.loads((root / "_build/html/edition.json").read_text(encoding="utf-8"))
    out["first pyproject"] = (root / "pyproject.toml").read_text(encoding="utf-8")
    out["first cff"] = (root / "CITATION.cff").read_text(encoding="utf-8")
    out["first check"] = json.loads((root / "_build/check/report.json").read_text(encoding="utf-8"))
    out["first html files"] = sorted(p.name for p in (root / "_build/html").iterdir())
    out["below last"] = _edition(root, "release", "0.1.5")

    # the edits, committed
    paras = src / "paras.md"
    paras.write_text(paras.read_text(encoding="utf-8").replace(
        ":summary: Records a split.", ":summary: Records the split between two groups of states.")
        + NEW_PARA, encoding="utf-8")
    (src / "_data" / "texts").mkdir(exist_ok=True)
    (src / "_data" / "texts" / "BMS6.toml").write_text(OFFICIAL, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Edits", date=SECOND_DATE)
    _build(root)
    out["changes"] = _edition(root, "changes")
    out["changes json"] = _edition(root, "changes", "--json", "--exit-code")
    out["second"] = _edition(root, "release", "0.3.0")
    out["between"] = _edition(root, "changes", "0.2.0", "v0.3.0")
    out["none since"] = _edition(root, "changes", "--exit-code")
    _build(root)  # the released tree, with both releases in it
    html = tmp_path_factory.mktemp("releases-html")
    shutil.copytree(root / "_build/html", html, dirs_exist_ok=True)
    out["html"] = html

    # the refusals that need a build: a page that breaks it, then one the check fails
    head = _git(root, "rev-parse", "HEAD").strip()
    paras.write_text(paras.read_text(encoding="utf-8") + "\n{ed:p}`BMS6-999`\n", encoding="utf-8")
    _git(root, "commit", "-q", "-am", "A broken reference")
    out["broken build"] = _edition(root, "release", "0.4.0")
    _git(root, "reset", "-q", "--hard", head)
    paras.write_text(paras.read_text(encoding="utf-8")
                     + "\nAs UNGA, 2016d, para. 12, says.\n", encoding="utf-8")
    _git(root, "commit", "-q", "-am", "A citation in plain text")
    out["failing check"] = _edition(root, "release", "0.4.0")
    out["after refusals"] = (_git(root, "tag"), _git(root, "status", "--porcelain"),
                             sorted(p.name for p in (src / "_data/releases").iterdir()))
    _git(root, "reset", "-q", "--hard", head)
    return out


def test_refusals_before_any_build(repo):
    _refused(repo["not above"], "0.1.0 is not above the current version 0.1.0")
    _refused(repo["not a version"], "'1.0' is not a version X.Y.Z")
    _refused(repo["dirty"], "uncommitted changes (1 file(s): edition/draft.md)")
    _refused(repo["below last"], "0.1.5 is not above the current version 0.2.0")


def test_refusals_of_a_failing_build_and_a_failing_check(repo):
    _refused(repo["broken build"], "the strict build failed")
    assert "BMS6-999" in repo["broken build"].stderr
    _refused(repo["failing check"], "make check failed (FAILED, 1 problem(s))")
    assert "the strict build passed" in repo["failing check"].stdout
    tags, status, kept = repo["after refusals"]
    assert tags.split() == ["v0.2.0", "v0.3.0"] and status == ""
    assert kept == ["0.2.0.json", "0.3.0.json"]


def test_dry_run_writes_nothing(repo):
    done = repo["dry run"]
    assert done.returncode == 0, done.stderr
    assert "would write edition/_data/releases/0.2.0.json" in done.stdout
    assert "dry run: nothing written" in done.stdout
    assert repo["dry run status"] == "" and repo["dry run tags"] == ""


def test_a_release_keeps_its_model_sets_the_version_and_tags(repo):
    root = repo["root"]
    done = repo["first"]
    assert done.returncode == 0, done.stderr
    assert "make check passed" in done.stdout
    # one build: make check's, as the version, into _build/html; its report beside the Makefile's
    assert repo["first check"]["ok"] and repo["first check"]["checks"]["build"] == 0
    assert "report.json" not in repo["first html files"] and "edition.json" in repo["first html files"]
    kept = json.loads((root / "edition/_data/releases/0.2.0.json").read_text(encoding="utf-8"))
    assert kept == repo["first model"]  # the build's edition.json, as it was
    assert kept["edition"]["version"] == "0.2.0"
    assert kept["edition"]["date"] == "2026-02-03"  # the commit's date, not the clock's
    project = tomllib.loads(repo["first pyproject"])
    assert project["project"]["version"] == "0.2.0"
    assert project["tool"]["poa-edition"]["release-date"] == "2026-02-03"
    assert 'description = "a test"' in repo["first pyproject"]  # the rest kept
    # the tag names the release commit, dated as the commit released
    assert _git(root, "rev-list", "-n", "1", "v0.2.0").strip() == repo["first head"]
    assert _git(root, "show", "-s", "--format=%s %cI", "v0.2.0^{commit}").strip() == \
        "Release 0.2.0 2026-02-03T10:00:00+00:00"
    # the second: dated in UTC
    second = json.loads((root / "edition/_data/releases/0.3.0.json").read_text(encoding="utf-8"))
    assert second["edition"]["date"] == "2026-03-05"
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.index("## 0.3.0 (2026-03-05)") < changelog.index("## 0.2.0 (2026-02-03)")
    assert "- BMS6-10: added" in changelog and "The first release: 3 paragraphs" not in changelog


def test_changes_between_the_release_and_the_build(repo):
    done = repo["changes"]
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ("changes from release 0.2.0 (2026-02-03) to the current build "
                        "(version 0.2.0): 4 IDs changed")
    assert lines[1:] == EXPECTED_CHANGES
    data = json.loads(repo["changes json"].stdout)
    assert repo["changes json"].returncode == 1  # --exit-code: something changed
    assert [(c["id"], [x["what"] for x in c["changes"]]) for c in data["ids"]] == [
        ("BMS6-8", ["text-established", "attestation"]),
        ("BMS6-9", ["text-established", "attestation", "summary"]),
        ("BMS6-10", ["added"]), ("BP-N1", ["suspect"])]
    assert data["from"] == {"version": "0.2.0", "date": "2026-02-03"}
    # between the two releases: the same list; since the last: nothing (exit 0)
    assert repo["between"].stdout.splitlines()[1:] == EXPECTED_CHANGES
    assert repo["none since"].returncode == 0
    assert "0 IDs changed" in repo["none since"].stdout


def test_changes_refuses_what_it_cannot_read(repo, tmp_path):
    done = _edition(repo["root"], "changes", "0.9.0")
    assert done.returncode == 2 and "no release 0.9.0 (releases: 0.2.0, 0.3.0)" in done.stderr
    done = _edition(repo["root"], "changes", str(tmp_path / "missing.json"))
    assert done.returncode == 2 and "not found" in done.stderr and "Traceback" not in done.stderr


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_history_shows_the_text_of_each_release(repo):
    page = (repo["html"] / "history" / "BMS6-9.html").read_text(encoding="utf-8")
    newer, older = page.split('<section id="v0.2.0">')
    assert '<section id="v0.3.0">' in newer
    assert "Synthetic wording of paragraph 9." in newer and "Records the split" in newer
    assert "Changed in 0.3.0: text established" in _text(newer)
    assert "no official text in the edition" in older and "Records a split." in older
    assert "Synthetic wording" not in older and "Records the split" not in older
    assert "<dd>lacuna</dd>" in older and "<dd>official</dd>" in newer
    assert 'href="../p/BMS6-9.html?as-of=0.2.0"' in older
    # BMS6-10 is in 0.3.0 only
    page = (repo["html"] / "history" / "BMS6-10.html").read_text(encoding="utf-8")
    assert '<section id="v0.3.0">' in page and 'id="v0.2.0"' not in page


def test_the_short_url_leads_to_the_history(repo):
    page = (repo["html"] / "p" / "BMS6-9.html").read_text(encoding="utf-8")
    assert 'href="../history/BMS6-9.html"' in page
    assert '"../history/BMS6-9.html" + (asOf ? "#v" + asOf[1] : "")' in page


def test_a_changed_paragraph_says_so_and_links_its_history(repo):
    page = (repo["html"] / "paras.html").read_text(encoding="utf-8")
    line = re.search(r'<p class="ed-history">(.*?)</p>', page[page.index('id="BMS6-9"'):]).group(1)
    assert _text(line) == ("Changes: text established in 0.3.0; attestation changed in 0.3.0; "
                           "summary revised in 0.3.0; history")
    assert 'href="history/BMS6-9.html"' in line


def test_the_changes_page_lists_each_release_by_document(repo):
    page = (repo["html"] / "changes.html").read_text(encoding="utf-8")
    newer = _text(page[page.index('id="release-0-3-0"'):page.index('id="release-0-2-0"')])
    assert "0.3.0 (March 5, 2026)" in newer and "4 IDs changed since 0.2.0" in newer
    assert newer.index("BMS6") < newer.index("BMS6-10: added") < newer.index("BP-N1: made suspect")
    assert 'href="history/BMS6-10.html"' in page
    assert "The first release, with 3 IDs" in _text(page[page.index('id="release-0-2-0"'):])


def test_citations_carry_the_version_and_release_date(repo):
    page = (repo["html"] / "p" / "BMS6-9.html").read_text(encoding="utf-8")
    assert '<meta name="citation_online_date" content="2026/03/05">' in page
    assert "Version 0.3.0, released March 5, 2026." in page
    assert "version 0.3.0, released March 5, 2026" in (repo["html"] / "cite/BMS6-9.ris").read_text()


def _cache_dir() -> Path:
    """Where the tests keep what outlives a session: the user's cache
    directory (``$XDG_CACHE_HOME``, else ``~/.cache``), never the repository."""
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "poa-edition-tests"


@pytest.fixture(scope="session")
def cffconvert() -> Path:
    """cffconvert, at the pins of tests/cffconvert.txt, in a venv of its own.
    Made once and kept in the cache directory (:func:`_cache_dir`), named by
    the pins and this Python, so a changed pin or another Python makes a new
    one; a venv found incomplete (an install interrupted) is made again. The
    pytest-xdist workers take turns through a lock (installing it takes
    about 20 s; found, nothing)."""
    import fcntl
    import hashlib

    pins = Path(__file__).with_name("cffconvert.txt")
    key = hashlib.sha256(pins.read_bytes() + f"{sys.version}|{sys.base_prefix}".encode()).hexdigest()
    cache = _cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    venv, done = cache / f"cffconvert-{key[:16]}", cache / f"cffconvert-{key[:16]}.done"
    with open(cache / "cffconvert.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.is_file() and subprocess.run([str(venv / "bin/cffconvert"), "--version"],
                                             capture_output=True).returncode == 0:
            return venv / "bin/cffconvert"
        done.unlink(missing_ok=True)
        shutil.rmtree(venv, ignore_errors=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet",
                            "--disable-pip-version-check", "-r", str(pins)],
                           check=True, capture_output=True, text=True, timeout=600)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            unavailable(f"cffconvert cannot be installed: {getattr(err, 'stderr', '')[-300:]}")
        done.write_text(pins.read_text(encoding="utf-8"), encoding="utf-8")
    return venv / "bin/cffconvert"


def _validate(cffconvert: Path, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(cffconvert), "--validate", "-i", str(path)], capture_output=True,
                          text=True)


def test_citation_cff_is_valid_and_agrees_with_pyproject(repo, cffconvert, tmp_path):
    root = repo["root"]
    done = _validate(cffconvert, root / "CITATION.cff")
    assert done.returncode == 0, done.stdout + done.stderr
    version, date = releases.project_info(root)
    text = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{version}"' in text and f'date-released: "{date}"' in text
    assert '- family-names: "Doe"\n    given-names: "Jane"' in text
    # cffconvert's own reading of it
    done = subprocess.run([str(cffconvert), "-i", str(root / "CITATION.cff"), "-f", "zenodo"],
                          capture_output=True, text=True)
    zenodo = json.loads(done.stdout)
    assert zenodo["version"] == "0.3.0" and zenodo["publication_date"] == "2026-03-05"
    # and a broken one is refused: the validator validates
    (tmp_path / "CITATION.cff").write_text(text.replace("cff-version: 1.2.0\n", ""))
    assert _validate(cffconvert, tmp_path / "CITATION.cff").returncode != 0


def test_the_repository_citation_cff_agrees_with_pyproject(cffconvert):
    """The edition's own CITATION.cff (written by its last release) names
    pyproject.toml's version and release date."""
    path = REPO / "CITATION.cff"
    version, date = releases.project_info(REPO)
    text = path.read_text(encoding="utf-8")
    assert f'version: "{version}"' in text and f'date-released: "{date}"' in text
    assert _validate(cffconvert, path).returncode == 0


def test_read_the_docs_address_replaces_html_baseurl(repo, tmp_path):
    env = {**os.environ, "READTHEDOCS_CANONICAL_URL": "https://small.readthedocs.test/en/0.3.0"}
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
                           "-q", "-c", str(repo["root"]), str(repo["root"] / "edition"),
                           str(tmp_path / "html")], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    model = json.loads((tmp_path / "html" / "edition.json").read_text(encoding="utf-8"))
    assert model["edition"]["address"] == "https://small.readthedocs.test/en/0.3.0/"
    page = (tmp_path / "html" / "p" / "BMS6-9.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://small.readthedocs.test/en/0.3.0/p/BMS6-9.html">' in page


def _lock() -> dict[str, str]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line):
            pins[re.sub(r"[-_.]+", "-", m[1]).lower()] = m[2]
    return pins


def test_one_lock_for_the_venv_ci_and_read_the_docs():
    """constraints.txt (pip-compile from pyproject.toml) pins what pyproject
    pins, this environment was installed through it, and the Makefile (so
    .venv and CI's `make test`) and Read the Docs install with it."""
    from importlib import metadata

    lock = _lock()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + [d for ds in project["optional-dependencies"].values() for d in ds]
    for dep in wanted:
        if m := re.match(r"^([A-Za-z0-9_.-]+)==(\S+)$", dep.strip()):
            assert lock.get(re.sub(r"[-_.]+", "-", m[1]).lower()) == m[2], dep
    for dist in metadata.distributions():
        name = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if name in lock:
            assert dist.version == lock[name], f"{name} {dist.version} installed, {lock[name]} locked"
    assert "-c $(LOCK) -e ." in (REPO / "Makefile").read_text(encoding="utf-8")
    rtd = (REPO / ".readthedocs.yaml").read_text(encoding="utf-8")
    assert "python -m pip install -c constraints.txt ." in rtd
    assert "-b html -W --keep-going -n" in rtd and "-b latex -q -W --keep-going -n" in rtd
    assert "poa_edition.tools.pdfbuild" in rtd and "$READTHEDOCS_OUTPUT/pdf/" in rtd


def test_a_bad_release_file_is_named(tmp_path):
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "0.2.0.json").write_text('{"edition": {"version": "0.3.0"}, "objects": []}')
    (folder / "notes.json").write_text("not a release: left out")
    with pytest.raises(releases.ReleaseError) as err:
        releases.read(tmp_path)
    assert "0.2.0.json" in str(err.value) and "version '0.3.0', not 0.2.0" in str(err.value)
    (folder / "0.2.0.json").write_text("{")
    with pytest.raises(releases.ReleaseError, match="0.2.0.json: cannot be read"):
        releases.read(tmp_path)
    assert [p.name for p in releases.files(tmp_path)] == ["0.2.0.json"]


def test_set_project_keeps_the_rest_of_pyproject():
    from poa_edition.tools.release import set_project

    text = '[project]\nname = "x"\nversion = "0.1.0"  # set by release\n\n[tool.other]\nversion = "9"\n'
    out = set_project(text, "0.2.0", "2026-02-03")
    data = tomllib.loads(out)
    assert data["project"]["version"] == "0.2.0" and data["tool"]["other"]["version"] == "9"
    assert data["tool"]["poa-edition"]["release-date"] == "2026-02-03"
    assert set_project(out, "0.3.0", "2026-03-05").count("release-date") == 1
