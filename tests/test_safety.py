"""Nothing lost, nothing silently passed (issue 22).

- ``edition import`` writes all its files or none: a write that fails (a
  file-size limit, as on a full disk), a kill while it writes, an
  interruption: the tree is byte for byte the old one or the new one, and
  the next run says which and finishes or undoes the write.
- It keeps a page's line ends and the editors' prose after its last block,
  writes TOML the build reads back (a DEL character), and compares the
  document symbol with the registry and with the texts already imported.
- ``edition review`` keeps the maintainers' comments and compares the
  sources by content, so a file restored with an old time is still seen.
- ``edition check`` never says "passed" for a check that was asked for and
  could not run, and never writes into the sources.
- Two builds of one tree: the second waits for the first.
- ``make pdf`` names the missing tool's Debian package.
- The package writes every file through a temporary file and a rename
  (``speed/filesync``, ``tools/safewrite``), never in place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest
import synthetic
from conftest import EDITION, REPO, sphinx_build_here, sphinx_command
from test_import import PLANT, edition_cmd, scratch

from poa_edition.tools import safewrite


def tree(root: Path) -> dict[str, bytes]:
    """Every file under the project (what an interrupted write may not change)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "_build" not in p.relative_to(root).parts}


@pytest.fixture(scope="module")
def official(tmp_path_factory) -> Path:
    return synthetic.write(EDITION, tmp_path_factory.mktemp("official") / "official.txt", PLANT)


@pytest.fixture(scope="module")
def imported_tree(tmp_path_factory, official) -> dict[str, bytes]:
    """The tree after an import that nothing interrupted."""
    root = scratch(tmp_path_factory.mktemp("clean"))
    done = edition_cmd(root, "import", "BMS6", str(official))
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return tree(root)


def _one_line(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


# -- an interrupted import -----------------------------------------------------------

def test_a_file_size_limit_leaves_the_old_tree(tmp_path, official, imported_tree):
    """As on a full disk: the write fails; exit 2, one line, nothing changed;
    the next import, without the limit, makes the new tree."""
    root = scratch(tmp_path)
    before = tree(root)

    def limit():
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "import", "BMS6",
                           str(official)], cwd=root, capture_output=True, text=True,
                          preexec_fn=limit, timeout=600)
    _one_line(done)
    assert "nothing imported" in done.stdout and "as it was before" in done.stdout, done.stdout
    assert tree(root) == before
    again = edition_cmd(root, "import", "BMS6", str(official))
    assert again.returncode in (0, 1), again.stdout
    assert tree(root) == imported_tree


KILLER = textwrap.dedent("""\
    import os, signal, sys
    from poa_edition.tools import safewrite
    calls = {"n": 0}
    where = sys.argv.pop(1)
    if where == "staging":  # killed while the new files are written beside the old
        real = safewrite._write_file
        def write(path, data):
            calls["n"] += 1
            if calls["n"] == 2:
                os.kill(os.getpid(), signal.SIGKILL)
            real(path, data)
        safewrite._write_file = write
    else:  # killed between the renames, after the journal says committed
        real = os.replace
        def replace(a, b):
            if str(a).endswith(safewrite.SUFFIX):
                calls["n"] += 1
                if calls["n"] == 2:
                    os.kill(os.getpid(), signal.SIGKILL)
            real(a, b)
        os.replace = replace
    from poa_edition.tools.cli import main
    sys.exit(main())
""")


@pytest.mark.parametrize("when, said, result", [
    ("staging", "was undone", "old"),
    ("renaming", "was finished", "new"),
])
def test_a_killed_import_is_recovered_by_the_next_run(tmp_path, official, imported_tree,
                                                      when, said, result):
    root = scratch(tmp_path)
    before = tree(root)
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    done = subprocess.run([sys.executable, str(script), when, "import", "BMS6", str(official)],
                          cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == -9, done.stdout + done.stderr
    assert (root / safewrite.JOURNAL).is_file()
    # the next run says what it found, and leaves the old tree or the new one
    dry = edition_cmd(root, "import", "BMS6", str(official), "--dry-run")
    assert f"an interrupted write {said}" in dry.stdout, dry.stdout
    assert not (root / safewrite.JOURNAL).exists()
    assert not list(root.rglob(f"*{safewrite.SUFFIX}"))
    assert tree(root) == (before if result == "old" else imported_tree)


def test_ctrl_c_while_writing_leaves_the_old_tree(tmp_path, monkeypatch):
    root = tmp_path
    a, b = root / "a.md", root / "b.md"
    a.write_text("old a\n")
    b.write_text("old b\n")
    calls = []
    real = safewrite._write_file

    def write(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(safewrite, "_write_file", write)
    tx = safewrite.Transaction(root)
    tx.add(a, "new a\n")
    tx.add(b, "new b\n")
    with pytest.raises(KeyboardInterrupt):
        tx.apply()
    assert (a.read_text(), b.read_text()) == ("old a\n", "old b\n")
    assert sorted(p.name for p in root.iterdir()) == ["a.md", "b.md"]


#: the writes in place the package may make: the two atomic writers' own
#: temporary files, and the PDF tool's log, streamed while latexmk runs
IN_PLACE = {("speed/filesync.py", "open"), ("tools/safewrite.py", "open"),
            ("tools/pdfbuild.py", "open")}


def _writes_in_place(package: Path) -> list[tuple[str, int, str]]:
    """Every call in ``package`` that writes a file in place: ``write_text``,
    ``write_bytes``, or ``open`` for writing or appending."""
    import ast

    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in ("write_text", "write_bytes"):
                found.append((rel, node.lineno, name))
            elif name == "open":
                # open(path, mode) or path.open(mode)
                given = node.args[:1] if isinstance(func, ast.Attribute) else node.args[1:2]
                given += [k.value for k in node.keywords if k.arg == "mode"]
                mode = next((a.value for a in given if isinstance(a, ast.Constant)), "r")
                if isinstance(mode, str) and set(mode) & set("wax+"):
                    found.append((rel, node.lineno, name))
    return found


def test_the_package_writes_no_file_in_place():
    package = REPO / "extensions" / "poa_edition"
    found = _writes_in_place(package)
    assert [f for f in found if (f[0], f[2]) not in IN_PLACE] == [], found
    assert {(f[0], f[2]) for f in found} == IN_PLACE  # the list is kept exact


def test_the_in_place_check_sees_each_kind(tmp_path):
    (tmp_path / "m.py").write_text("from pathlib import Path\nPath('a').write_text('x')\n"
                                   "Path('b').write_bytes(b'x')\nopen('c', 'w')\n"
                                   "Path('d').open(mode='a')\nopen('e')\nPath('f').open('rb')\n")
    assert [(n, k) for _, n, k in _writes_in_place(tmp_path)] == [
        (2, "write_text"), (3, "write_bytes"), (4, "open"), (5, "open")]


def test_write_atomic_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "reviews.toml"
    path.write_text("# mine\n")
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(OSError):
        safewrite.write_atomic(path, "new\n")
    assert path.read_text() == "# mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["reviews.toml"]


def test_a_journal_someone_edited_is_refused(tmp_path, official):
    root = scratch(tmp_path)
    (root / safewrite.JOURNAL).write_text("not json")
    done = edition_cmd(root, "import", "BMS6", str(official))
    _one_line(done)
    assert "not a journal this tool wrote" in done.stdout


# -- what an import keeps ---------------------------------------------------------------

def test_import_keeps_crlf_and_the_prose_after_the_last_block(tmp_path, official):
    """The import moves BMS6-7 from the page of section 0 to section I's page:
    the CRLF pages stay CRLF, and a closing remark stays at the end of its page."""
    root = scratch(tmp_path)
    pages = sorted((root / "edition/bms6").glob("*.md"))
    footer = "\nA closing remark of the editors.\n"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        page.write_bytes((text + footer).replace("\n", "\r\n").encode("utf-8"))
    done = edition_cmd(root, "import", "BMS6", str(official))
    assert done.returncode in (0, 1), done.stdout
    moved = [p for p in pages if "BMS6-7: section" in done.stdout]
    assert moved, done.stdout
    for page in pages:
        data = page.read_bytes()
        assert b"\n" not in data.replace(b"\r\n", b""), f"{page}: a bare LF"
        assert data.endswith(footer.replace("\n", "\r\n").encode()), page


def test_a_del_character_is_escaped_and_reimport_is_stable(tmp_path, official):
    root = scratch(tmp_path)
    text = official.read_text(encoding="utf-8")
    odd = tmp_path / "odd.txt"
    odd.write_text(text.replace("national arsenals", "national\x7farsenals", 1), encoding="utf-8")
    done = edition_cmd(root, "import", "BMS6", str(odd))
    assert done.returncode in (0, 1), done.stdout
    path = root / "edition/_data/texts/BMS6.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert any("\x7f" in u["text"] for u in data["units"])
    first = path.read_bytes()
    again = edition_cmd(root, "import", "BMS6", str(odd))
    assert again.returncode in (0, 1)
    assert path.read_bytes() == first


def test_the_symbol_is_compared_with_the_registry(tmp_path, official):
    root = scratch(tmp_path)
    docs = root / "edition/_data/documents.toml"
    docs.write_text(docs.read_text().replace('[BMS6]\n', '[BMS6]\nsymbol = "A/CONF.192/BMS/2016/1"\n', 1))
    before = tree(root)
    done = edition_cmd(root, "import", "BMS6", str(official))
    _one_line(done)
    assert f"the text is {synthetic.SYMBOL}, but BMS6 is A/CONF.192/BMS/2016/1" in done.stdout
    assert tree(root) == before


def test_a_text_already_imported_under_another_siglum_is_refused(tmp_path, official):
    root = scratch(tmp_path)
    first = edition_cmd(root, "import", "BMS6", str(official))
    assert first.returncode in (0, 1)
    assert f"documents.toml gives no symbol for BMS6" in first.stdout
    before = tree(root)
    done = edition_cmd(root, "import", "BMS6R", str(official))
    _one_line(done)
    assert f"the text is {synthetic.SYMBOL}, which is already imported as BMS6" in done.stdout
    assert tree(root) == before


# -- edition review ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = scratch(tmp_path_factory.mktemp("review"))
    # (in this process: what edition review reads is what sphinx-build writes)
    done = sphinx_build_here(root / "edition", root / "_build/html", confdir=root)
    assert done.returncode == 0, done.stderr
    return root


def _copy(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(built, root, symlinks=True)
    return root


@pytest.mark.slow
def test_review_keeps_the_maintainers_comments(built, tmp_path):
    root = _copy(built, tmp_path)
    reviews = root / "edition/_data/reviews.toml"
    assert edition_cmd(root, "review", "--all").returncode == 0
    text = reviews.read_text(encoding="utf-8")
    head, _, rest = text.partition("[BP-N7]")
    mine = head + "# BP-N7 was read by the second editor on 2 December\n[BP-N7]" + rest
    mine = mine.replace("[BP-N14]", "[BP-N14] # the misquotation: see the apparatus", 1)
    reviews.write_text(mine, encoding="utf-8")
    done = edition_cmd(root, "review", "BP-N7", "BP-N14")
    assert done.returncode == 0, done.stdout + done.stderr
    assert reviews.read_text(encoding="utf-8") == mine  # nothing to change, nothing lost
    # a changed fingerprint: that value changes, every comment stays
    changed = mine.replace(mine.split("[BP-N7]\n", 1)[1].split("\n", 1)[0],
                           mine.split("[BP-N7]\n", 1)[1].split("\n", 1)[0].rsplit("=", 1)[0]
                           + '= "0000"', 1)
    reviews.write_text(changed, encoding="utf-8")
    done = edition_cmd(root, "review", "BP-N7")
    assert done.returncode == 0 and "(1 changed)" in done.stdout, done.stdout
    assert reviews.read_text(encoding="utf-8") == mine


@pytest.mark.slow
def test_review_of_a_corrupt_reviews_file_is_one_line(built, tmp_path):
    root = _copy(built, tmp_path)
    reviews = root / "edition/_data/reviews.toml"
    reviews.write_text("[BP-N3\nBMS6-38 = 1\n", encoding="utf-8")
    done = edition_cmd(root, "review", "BP-N7")
    _one_line(done)
    assert "edition/_data/reviews.toml:1: not valid TOML" in done.stdout, done.stdout
    assert reviews.read_text(encoding="utf-8") == "[BP-N3\nBMS6-38 = 1\n"


@pytest.mark.slow
def test_review_sees_an_edit_restored_with_an_old_time(built, tmp_path):
    """cp -p, tar and rsync -t set a file's time back: the content decides."""
    root = _copy(built, tmp_path)
    page = root / "edition/bms6/s1.md"
    stamp = page.stat().st_mtime
    page.write_text(page.read_text(encoding="utf-8").replace("::::{para} BMS6-38",
                                                             "::::{para} BMS6-38\n", 1))
    os.utime(page, (stamp - 86400, stamp - 86400))
    done = edition_cmd(root, "review", "BP-N7")
    _one_line(done)
    assert "edition/bms6/s1.md differs from what the last build read" in done.stdout


# -- edition check ---------------------------------------------------------------------------

def _check(root: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "check", *args],
                          cwd=root, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "OFFLINE": "1", **env})


@pytest.mark.parametrize("setup, env, message", [
    (None, {"EDITION_WITNESSES": "/nonexistent/witnesses"},
     "EDITION_WITNESSES=/nonexistent/witnesses is not a directory"),
    (None, "empty", "cannot be checked"),
    ("wrong file", "witnesses", "cannot be checked"),
    ("malformed", "witnesses", "witness_sections.toml:"),
])
def test_a_check_that_cannot_run_exits_2(tmp_path, setup, env, message):
    root = scratch(tmp_path)
    if env == "empty":
        (tmp_path / "empty").mkdir()
        env = {"EDITION_WITNESSES": str(tmp_path / "empty")}
    elif env == "witnesses":
        env = {"EDITION_WITNESSES": str(tmp_path / "w")}
        (tmp_path / "w").mkdir()
    smap = root / "edition/_data/witness_sections.toml"
    if setup == "wrong file":
        text = smap.read_text(encoding="utf-8")
        import re
        smap.write_text(re.sub(r'(?m)^file = "[^"]+"', 'file = "nothere.txt"', text, count=1))
    elif setup == "malformed":
        smap.write_text(smap.read_text(encoding="utf-8") + "\n[broken\n")
    done = _check(root, env=env)
    _one_line(done)
    assert message in done.stderr, done.stderr
    assert "passed" not in done.stdout + done.stderr


# (a check without the witness texts does not say it passed everything:
# tests/test_check.py, in its run of the clean edition)


@pytest.mark.parametrize("out", [".", "edition", "edition/_data/x", "extensions"])
def test_check_never_writes_into_the_sources(tmp_path, out):
    root = scratch(tmp_path)
    (root / "extensions").mkdir()
    before = tree(root)
    done = _check(root, "--out", out, env={})
    _one_line(done)
    assert "lies in the sources" in done.stderr, done.stderr
    assert tree(root) == before


@pytest.mark.parametrize(("args", "message"), [
    (("--report", "edition/report.json"), "--report edition/report.json lies in the sources"),
    (("--report", "conf.py"), "--report conf.py lies in the sources or is no .json file"),
    (("--report", "report.json"), "--report report.json lies in the sources"),
    (("--report", "_build/report.txt"), "is no .json file"),
    (("-D", "release"), "-D takes name=value, not 'release'"),
    (("-D", "=1.0"), "-D takes name=value, not '=1.0'"),
])
def test_check_refuses_a_report_in_the_sources_and_a_setting_without_a_value(tmp_path, args, message):
    root = scratch(tmp_path)
    before = tree(root)
    done = _check(root, "--out", "_build/check", *args, env={})
    _one_line(done)
    assert message in done.stderr, done.stderr
    assert tree(root) == before


# -- one build per tree, the PDF's tools ---------------------------------------------------------

@pytest.mark.slow
def test_two_builds_of_one_tree_take_turns(tmp_path):
    from test_incremental import project

    src = project(tmp_path)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", str(src),
           str(tmp_path / "out")]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    out1, err1 = first.communicate(timeout=600)
    assert first.returncode == 0, err1
    assert second.returncode == 0, second.stderr
    assert "Traceback" not in err1 + second.stderr
    if "build succeeded" not in out1[-200:] or first.returncode:
        pytest.fail(out1 + err1)
    # the second one waited (unless the first had already finished)
    assert "another build of this tree is running" in second.stdout or "build succeeded" in out1


def test_make_pdf_names_the_missing_package(tmp_path):
    latex = tmp_path / "latex"
    latex.mkdir()
    (latex / "Makefile").write_text("all-pdf:\n\ttrue\n")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for prog in ("make", "latexmk", "xelatex", "fc-list"):
        real = shutil.which(prog)
        if real:
            (bindir / prog).symlink_to(real)
    done = subprocess.run([sys.executable, "-m", "poa_edition.tools.pdfbuild", str(latex)],
                          capture_output=True, text=True, env={**os.environ, "PATH": str(bindir)})
    assert done.returncode == 2, done.stdout + done.stderr
    assert "xindy (Debian: xindy)" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("value", ["warnings", "error", "WARNING", ""])
def test_a_mistyped_release_gate_is_refused_not_ignored(tmp_path, value):
    """-D edition_suspect_links=<typo>: one line naming the -D and the
    allowed values, exit 2, before anything is read."""
    from test_incremental import project

    src = project(tmp_path)
    # the first through sphinx-build itself, the others in this process (the same message and status)
    build = sphinx_command if value == "warnings" else sphinx_build_here
    done = build(src, tmp_path / "out", extra=("-D", f"edition_suspect_links={value}"))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert lines == [f"ERROR: -D edition_suspect_links={value}: edition_suspect_links = "
                     f"{value!r} is not allowed: \"report\" or \"warning\" [edition.config]"], lines
    assert not (tmp_path / "out" / "index.html").exists()
