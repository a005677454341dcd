"""A fair benchmark of the edition's build against plain Sphinx (``make bench``).

    .venv/bin/python benchmarks/build_cost.py [--paragraphs 3000] [--notes M] [--repeat R] [--keep DIR]

Generates one corpus of N paragraphs (100 to a page, each page opened by a
section), with commentary notes (default one per 5 paragraphs) that cite
paragraphs and works (``{ed:cite}``) and argue typed links (``:claims:``), in
three forms, and builds each with ``sphinx-build -W --keep-going -n`` in a
fresh process, all with the edition's theme and html options (conf.py):

- **text only**: plain MyST with the same words and no links;
- **plain, same output**: plain MyST writing by hand what the edition
  generates: standard labels, ``{ref}`` cross-references for every citation,
  paragraph number, permalink and link list (part of, develops / developed
  by, discusses / discussed in), a hand-written bibliography, and each
  object's "Cite" control beside its permalink (raw HTML) with its
  ``cite/<ID>.{bib,json,ris}`` files (``html_extra_path``), both taken from
  a first, unmeasured edition build, since the edition's pages carry them
  (also built without the controls and files, for comparison with earlier
  runs, when the edition had none);
- **edition**: the edition's own markup (``para``, ``wording``, ``section``,
  ``annotation``, ``{ed:cite}``, ``:claims:``) with a copy of ``edition/_data``
  and ``refs.bib``.

Then the edition again: the real edition's own clean build (set-up — the
Sphinx application made, extensions loaded — and the build after it, timed
apart), with ``-j 2`` (its output compared byte for byte with
the serial build's, volatile files excluded), and an incremental rebuild of
the serial output after editing one paragraph. The same edit is made to the
text-only corpus and rebuilt too: plain Sphinx's own rebuild, the floor any
rebuild starts from on this machine. Each build runs in a fresh
child process whose peak RSS is read with ``getrusage(RUSAGE_CHILDREN)``.
Last, ``edition stats`` on the real edition's model file: how long a tool
that reads ``edition.json`` takes from start to finish. Prints numbers;
asserts nothing. The lines starting ``ratio``, ``incremental`` and ``peak
memory`` are stable, to compare across commits (``incremental vs plain
incremental``: the edition's one-edit rebuild over plain Sphinx's own
rebuild after the same edit).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PER_PAGE = 100
SPHINXOPTS = ["-W", "--keep-going", "-n", "-q"]
PLACE = "“Stockpile management and security”"
WORDS = ("to continually assess national stockpiles for surpluses and to responsibly "
         "dispose of small arms and light weapons that no longer meet operational needs")
# the BP label that names the BMS6 outcome, and its refs.bib key
LABEL, BIBKEY = "UNGA, 2016d", "unga-bms6-outcome"
# output files that legitimately differ between two builds of the same text
VOLATILE = {".doctrees"}  # pickled environment and doctrees

CONF_COMMON = '''
project = "Benchmark"
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_data"]
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "sphinx_book_theme"
html_title = "BMS6 Outcome — Critical Edition"
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
}
html_last_updated_fmt = None
html_copy_source = False
'''

CONF_EDITION = CONF_COMMON + '''
extensions = ["poa_edition"]
edition_data = "_data"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "edition"  # the edition's own, as in conf.py
bibtex_reference_style = "author_year"
bibtex_cite_id = "ref-{key}"
'''

CONF_PLAIN = CONF_COMMON + '''
extensions = ["myst_parser"]
'''


# -- the corpus, as data --------------------------------------------------------


@dataclass
class Note:
    num: int
    page: int
    cited: list[int]  # paragraphs cited (in order): explicit, then a continuation
    claim: tuple[int, int] | None  # (source, target): source develops target


@dataclass
class Corpus:
    n: int
    notes: list[Note]
    pages: int = 0
    discussed_in: dict[int, list[int]] = field(default_factory=dict)
    developed_by: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def make(cls, n: int, n_notes: int) -> Corpus:
        notes = []
        for j in range(1, n_notes + 1):
            a = 1 + (j - 1) * n // max(n_notes, 1)
            other = a - 50 if a > 50 else a + 50
            claim = (a, other) if j % 2 == 0 and other <= n else None
            # a note cites what it claims (the edition requires it): both ends
            cited = [p for p in (a, a + 2, *([other] if claim else []), a + 3) if p <= n]
            notes.append(Note(j, (a - 1) // PER_PAGE, cited, claim))
        corpus = cls(n, notes, (n + PER_PAGE - 1) // PER_PAGE)
        for note in notes:
            for p in dict.fromkeys(note.cited):
                corpus.discussed_in.setdefault(p, []).append(note.num)
            if note.claim:
                corpus.developed_by.setdefault(note.claim[1], []).append((note.claim[0], note.num))
        return corpus

    def paras(self, page: int) -> range:
        return range(page * PER_PAGE + 1, min(self.n, (page + 1) * PER_PAGE) + 1)

    def page_notes(self, page: int) -> list[Note]:
        return [note for note in self.notes if note.page == page]

    def develops(self, i: int) -> list[tuple[int, int]]:
        return [(note.claim[1], note.num) for note in self.notes if note.claim and note.claim[0] == i]


def summary(i: int) -> str:
    return f"Paragraph {i} as the witnesses describe it, on stockpiles and their surpluses."


def note_text(note: Note) -> tuple[str, str]:
    """The two sentences of a note, around its two citations."""
    return ("The paper discusses these paragraphs", "and returns to the last of them")


def write_index(root: Path, corpus: Corpus) -> None:
    toc = [f"p{k}" for k in range(corpus.pages)] + [f"n{k}" for k in range(corpus.pages)]
    toc.append("bib")
    (root / "index.md").write_text("# Benchmark\n\n```{toctree}\n:maxdepth: 1\n\n"
                                   + "\n".join(toc) + "\n```\n")


# -- the edition's markup ---------------------------------------------------------


def edition_corpus(root: Path, corpus: Corpus) -> None:
    shutil.copytree(REPO / "edition" / "_data", root / "_data")
    # the generated BMS6 has as many paragraphs as asked for: drop its
    # registered extent (1–120), which the edition enforces
    docs = root / "_data" / "documents.toml"
    docs.write_text(re.sub(r'(?m)^extent = "paragraphs 1–120"\n', "", docs.read_text()))
    shutil.copy(REPO / "refs.bib", root / "refs.bib")
    (root / "conf.py").write_text(CONF_EDITION)
    for k in range(corpus.pages):
        out = [f"# Paragraphs {k * PER_PAGE + 1}–{(k + 1) * PER_PAGE}\n",
               f":::{{section}} BMS6-S{k + 1}\n:summary: Section {k + 1}, as the paper outlines it.\n"
               f":basis: BP {PLACE}\n:::\n"]
        for i in corpus.paras(k):
            out.append(f"::::{{para}} BMS6-{i}\n:summary: {summary(i)}\n:basis: BP {PLACE}\n")
            if i % 3:
                out.append(f"```{{wording}}\n:witness: BP\n:place: {PLACE}\n{WORDS}\n```\n")
            out.append("::::\n")
        (root / f"p{k}.md").write_text("\n".join(out))
        notes = [f"# Notes on paragraphs {k * PER_PAGE + 1}–{(k + 1) * PER_PAGE}\n"]
        for note in corpus.page_notes(k):
            first, second = note_text(note)
            head = f":::{{annotation}} BP-N{note.num}\n:place: {PLACE}\n"
            if note.claim:
                head += f":claims: BMS6-{note.claim[0]} develops BMS6-{note.claim[1]}\n"
            explicit = ", ".join(str(p) for p in note.cited[:-1]) or str(note.cited[0])
            word = "paras." if len(note.cited[:-1]) > 1 else "para."
            notes.append(f"{head}\n{first} ({{ed:cite}}`{LABEL}, {word} {explicit}`) {second} "
                         f"({{ed:cite}}`para. {note.cited[-1]}`).\n:::\n")
        (root / f"n{k}.md").write_text("\n".join(notes))
    (root / "bib.md").write_text("# Bibliography\n\n```{bibliography}\n:all:\n:list: bullet\n```\n")
    write_index(root, corpus)


# -- plain MyST: the same words, with or without the same links -------------------------


def _ref(text: str, label: str) -> str:
    return f"{{ref}}`{text} <{label}>`"


def plain_corpus(root: Path, corpus: Corpus, *, links: bool, cite: CiteOutput | None = None) -> None:
    """Plain MyST; with ``links``, every link the edition generates written by hand;
    with ``cite``, every object's "Cite" control as raw HTML beside its permalink,
    and the ``cite/`` files as extra files, as the edition writes them."""
    conf = CONF_PLAIN
    if cite is not None:
        conf += 'html_extra_path = ["_extra"]\n'
        shutil.copytree(cite.files, root / "_extra" / "cite")
    (root / "conf.py").write_text(conf)
    ref = _ref if links else (lambda text, label: text)
    controls = cite.controls if cite is not None else {}

    def label(name: str) -> str:
        return f"({name})=\n" if links else ""

    def link_list(items: list[tuple[str, list[str]]], permalink: str) -> str:
        lines = [f"- {name} {', '.join(targets)}" for name, targets in items if targets]
        # no-search: the edition keeps its controls out of the search index too
        control = (f"\n```{{raw}} html\n:class: no-search\n{controls[permalink]}```\n"
                   if permalink in controls else "")
        return ("\n".join(lines) + "\n\n" if lines else "") + ref(permalink, permalink) + "\n" + control

    for k in range(corpus.pages):
        sec = f"BMS6-S{k + 1}"
        out = [f"# Paragraphs {k * PER_PAGE + 1}–{(k + 1) * PER_PAGE}\n",
               f"{label(sec)}{ref(str(k + 1), sec)}\n\nNo source quotes the wording of this section.\n\n"
               f"Content: Section {k + 1}, as the paper outlines it. (as described in BP {PLACE})\n\n"
               + link_list([], sec)]
        for i in corpus.paras(k):
            pid = f"BMS6-{i}"
            block = [f"{label(pid)}{ref(str(i), pid)}\n"]
            if i % 3:
                block.append(f"> {WORDS}\n>\n> Fragment quoted in BP, {PLACE}\n")
            else:
                block.append("No source quotes the wording of this paragraph.\n")
            block.append(f"Content: {summary(i)} (as described in BP {PLACE})\n")
            items = [
                ("part of", [ref(sec, sec)]),
                ("develops", [f"{ref(f'BMS6-{t}', f'BMS6-{t}')} (per {ref(f'BP-N{n}', f'BP-N{n}')})"
                              for t, n in corpus.develops(i)]),
                ("developed by", [f"{ref(f'BMS6-{s}', f'BMS6-{s}')} (per {ref(f'BP-N{n}', f'BP-N{n}')})"
                                  for s, n in corpus.developed_by.get(i, [])]),
                ("discussed in", [ref(f"BP-N{n}", f"BP-N{n}") for n in corpus.discussed_in.get(i, [])]),
            ]
            block.append(link_list(items, pid))
            out.append("\n".join(block))
        (root / f"p{k}.md").write_text("\n".join(out))
        notes = [f"# Notes on paragraphs {k * PER_PAGE + 1}–{(k + 1) * PER_PAGE}\n"]
        for note in corpus.page_notes(k):
            nid = f"BP-N{note.num}"
            first, second = note_text(note)
            explicit = ", ".join(ref(str(p), f"BMS6-{p}") for p in note.cited[:-1]) \
                or ref(str(note.cited[0]), f"BMS6-{note.cited[0]}")
            word = "paras." if len(note.cited[:-1]) > 1 else "para."
            last = note.cited[-1]
            items = [("discusses", [ref(f"BMS6-{p}", f"BMS6-{p}") for p in dict.fromkeys(note.cited)])]
            notes.append(
                f"{label(nid)}{ref(str(note.num), nid)}\n\nBP, {PLACE}\n\n"
                f"{first} ({ref(LABEL, 'ref-' + BIBKEY)}, {word} {explicit}) {second} "
                f"(para. {ref(str(last), f'BMS6-{last}')}).\n\n" + link_list(items, nid))
        (root / f"n{k}.md").write_text("\n".join(notes))
    bib = ["# Bibliography\n"]
    for key, entry in _bib_entries(REPO / "refs.bib"):
        bib.append(f"{label('ref-' + key)}- {entry}\n")
    (root / "bib.md").write_text("\n".join(bib))
    write_index(root, corpus)


def _bib_entries(path: Path) -> list[tuple[str, str]]:
    """(key, 'Author (year). Title.') for each refs.bib entry, in file order."""
    out = []
    for m in re.finditer(r"@\w+\{([^,]+),(.*?)\n\}", path.read_text(encoding="utf-8"), re.S):
        fields = dict(re.findall(r"(\w+)\s*=\s*\{(.*?)\},?\s*$", m[2], re.M))
        title = fields.get("title", "").replace("{", "").replace("}", "")
        out.append((m[1], f"{fields.get('author', '')} ({fields.get('year', 'n.d.')}). {title}."))
    return out


@dataclass
class CiteOutput:
    """What the edition draws for "Cite this": each object's control (HTML)
    and the folder of its ``cite/`` files, taken from an edition build."""
    controls: dict[str, str]
    files: Path


CONTROL = re.compile(r'<p class="ed-id"><a class="ed-permalink reference internal" href="#([^"]+)">'
                     r'[^<]*</a></p>\n(<details class="ed-cite-this.*?</details>\n)</div>', re.S)


def cite_output(built: Path) -> CiteOutput:
    controls: dict[str, str] = {}
    for page in sorted(built.glob("*.html")):
        controls.update(CONTROL.findall(page.read_text(encoding="utf-8")))
    return CiteOutput(controls, built / "cite")


# -- building and measuring ----------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mib: float
    cpu: float = 0.0  # user + system seconds of the build (wall time waits on a busy machine)

    @property
    def cpu_note(self) -> str:
        return f"  cpu {self.cpu:6.2f} s"


def measure(args: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``args`` under a fresh measuring process: wall time and the child's peak RSS."""
    probe = [sys.executable, __file__, "--_child", json.dumps(args)]
    result = subprocess.run(probe, capture_output=True, text=True, env=env)
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return Run(data["seconds"], data["maxrss_kib"] / 1024, data["cpu"])


def _child(args_json: str) -> int:
    args = json.loads(args_json)
    start = time.perf_counter()
    result = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.stderr.write(result.stderr)
        return result.returncode
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "maxrss_kib": usage.ru_maxrss,
                      "cpu": usage.ru_utime + usage.ru_stime}))
    return 0


#: the real edition's build, timed in its own process: set-up (imports, extensions,
#: configuration: the Sphinx application made) and the build itself
REAL_PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils
src, conf, out = sys.argv[1:4]
with patch_docutils(conf), docutils_namespace():
    app = Sphinx(src, conf, out, out + "/.doctrees", "html", confoverrides={"nitpicky": True},
                 status=None, freshenv=True, warningiserror=True, keep_going=True)
    t1 = time.perf_counter()
    app.build(force_all=True)
    t2 = time.perf_counter()
if app.statuscode:
    sys.exit(app.statuscode)
print(json.dumps({"setup": t1 - t0, "build": t2 - t1}))
"""


def _edition_only(t: Run, ti: Run, edition: Path, corpus: Corpus, out, env, best) -> int:
    e = best(sphinx(edition, out("edition")))
    print(f"edition:               {e.seconds:7.2f} s   peak {e.peak_mib:7.1f} MiB{e.cpu_note}", flush=True)
    edited = edit_one_paragraph(edition, corpus)
    inc = measure(sphinx(edition, out("edition"), fresh=False), env)
    print(f"edition, incremental:  {inc.seconds:7.2f} s   peak {inc.peak_mib:7.1f} MiB{inc.cpu_note}  (edited {edited})",
          flush=True)
    print(f"ratio vs plain (text only): {e.seconds / t.seconds:.2f}")
    print(f"incremental/full: {inc.seconds / e.seconds:.2f}")
    print(f"incremental vs plain incremental: {inc.seconds / ti.seconds:.2f}")
    print(f"(plain text only, incremental / edition full: {ti.seconds / e.seconds:.2f})")
    print(f"peak memory vs plain (text only): {e.peak_mib / t.peak_mib:.2f}")
    print(f"(in CPU time: text only {e.cpu / t.cpu:.2f}, incremental vs plain incremental "
          f"{inc.cpu / ti.cpu:.2f})")
    return 0


def real_edition(out: Path, env: dict[str, str]) -> tuple[float, float]:
    """(set-up, build) seconds of a clean, strict HTML build of the edition itself."""
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run([sys.executable, "-c", REAL_PROBE, str(REPO / "edition"), str(REPO),
                             str(out)], capture_output=True, text=True, env=env)
    if result.returncode:
        raise SystemExit(f"the edition's own build failed:\n{result.stderr[-3000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return data["setup"], data["build"]


def tool_start(built: Path, runs: int = 5) -> float:
    """Wall time of ``edition stats`` on a build's model file (best of ``runs``)."""
    cmd = [sys.executable, "-m", "poa_edition.tools.cli", "stats", str(built / "edition.json")]
    env = {**os.environ, "PYTHONPATH": str(REPO / "extensions")}
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        best = min(best, time.perf_counter() - start)
    return best


def sphinx(src: Path, out: Path, *extra: str, fresh: bool = True) -> list[str]:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    return [sys.executable, "-m", "sphinx", "-b", "html", *SPHINXOPTS, *(["-E"] if fresh else []),
            *extra, str(src), str(out)]


def differing(a: Path, b: Path) -> list[str]:
    """Files that differ (or exist on one side only) between two output trees."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        for name in sorted(cmp.left_only + cmp.right_only + cmp.funny_files):
            if name not in VOLATILE:
                out.append(prefix + name)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(prefix + name for name in sorted(mismatch + errors) if name not in VOLATILE)
        for name, sub in sorted(cmp.subdirs.items()):
            if name not in VOLATILE:
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return out


def edit_one_paragraph(root: Path, corpus: Corpus, prefix: str = ":summary: ") -> str:
    """Change the summary of one paragraph in the middle of the corpus (``prefix``:
    what the summary follows, ``Content: `` in the plain corpora)."""
    i = (corpus.n + 1) // 2
    page = root / f"p{(i - 1) // PER_PAGE}.md"
    text = page.read_text()
    old = f"{prefix}{summary(i)}"
    assert old in text, (page, old)
    page.write_text(text.replace(old, old.replace("describe it", "describe it (revised)"), 1))
    return f"BMS6-{i}"


def plain_incremental(text: Path, corpus: Corpus, out, env) -> Run:
    """Plain Sphinx's own incremental rebuild of the text-only corpus after the
    same edit: what any rebuild costs here, before the edition adds anything."""
    edit_one_paragraph(text, corpus, "Content: ")
    return measure(sphinx(text, out("text-only"), fresh=False), env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=3000, metavar="N")
    parser.add_argument("--notes", type=int, default=None, metavar="M",
                        help="commentary notes (default: one per 5 paragraphs)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="time each full build R times and keep the fastest (for a busy machine)")
    parser.add_argument("--gc-defaults", action="store_true",
                        help="also build the edition with CPython's GC defaults (edition_gc_tuning = False)")
    parser.add_argument("--edition-only", action="store_true",
                        help="only text only, the edition and its incremental rebuild (for a large "
                             "N: no plain same-output builds, no -j 2, no real edition)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="generate and build in DIR and keep everything (default: a temporary directory)")
    args = parser.parse_args()
    n_notes = args.paragraphs // 5 if args.notes is None else args.notes
    corpus = Corpus.make(args.paragraphs, n_notes)

    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        args.keep.mkdir(parents=True)
        return run_all(args.keep, corpus, args.repeat, args.gc_defaults, args.edition_only)
    with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
        return run_all(Path(tmp), corpus, args.repeat, args.gc_defaults, args.edition_only)


def run_all(work: Path, corpus: Corpus, repeat: int = 1, gc_defaults: bool = False,
            edition_only: bool = False) -> int:
    text, same, edition = work / "text-only", work / "plain-same-output", work / "edition"
    nocite = work / "plain-same-links"
    for d in (text, same, edition, nocite):
        d.mkdir()
    plain_corpus(text, corpus, links=False)
    edition_corpus(edition, corpus)
    # the edition must be importable by the child sphinx-build
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "extensions"), env.get("PYTHONPATH")]))

    def out(name: str) -> Path:
        return work / "out" / name

    # the plain build writing the same pages needs the edition's "Cite" controls
    # and files, which it writes by hand: taken from a first, unmeasured build
    cite = CiteOutput({}, Path())
    if not edition_only:
        measure(sphinx(edition, out("edition-seed")), env)
        cite = cite_output(out("edition-seed"))
        plain_corpus(same, corpus, links=True, cite=cite)
        plain_corpus(nocite, corpus, links=True)
        shutil.rmtree(out("edition-seed"))

    links = sum(len(v) for v in corpus.discussed_in.values()) + sum(1 for n in corpus.notes if n.claim)
    print(f"corpus:                {corpus.n} paragraphs on {corpus.pages} pages, {len(corpus.notes)} "
          f"notes, {links} typed links + part-of ({work if work.name else ''})", flush=True)
    if not edition_only:
        print(f"cite controls:         {len(cite.controls)} (written by hand in the plain "
              "same-output build)", flush=True)
    def best(args: list[str]) -> Run:
        runs = [measure(args, env) for _ in range(max(repeat, 1))]
        return Run(min(r.seconds for r in runs), max(r.peak_mib for r in runs),
                   min(r.cpu for r in runs))

    t = best(sphinx(text, out("text-only")))
    print(f"plain, text only:      {t.seconds:7.2f} s   peak {t.peak_mib:7.1f} MiB{t.cpu_note}", flush=True)
    ti = plain_incremental(text, corpus, out, env)
    print(f"plain, text only, inc: {ti.seconds:7.2f} s   peak {ti.peak_mib:7.1f} MiB{ti.cpu_note}  (the same edit: "
          "plain Sphinx's own rebuild)", flush=True)
    if edition_only:
        return _edition_only(t, ti, edition, corpus, out, env, best)
    s = best(sphinx(same, out("plain-same-output")))
    print(f"plain, same output:    {s.seconds:7.2f} s   peak {s.peak_mib:7.1f} MiB{s.cpu_note}", flush=True)
    n = best(sphinx(nocite, out("plain-same-links")))
    print(f"plain, same w/o Cite:  {n.seconds:7.2f} s   peak {n.peak_mib:7.1f} MiB{n.cpu_note}"
          "  (the same words and links, no Cite controls or files)", flush=True)
    e = best(sphinx(edition, out("edition")))
    print(f"edition:               {e.seconds:7.2f} s   peak {e.peak_mib:7.1f} MiB{e.cpu_note}", flush=True)
    if gc_defaults:
        g = best(sphinx(edition, out("edition-gc-defaults"), "-D", "edition_gc_tuning=0"))
        print(f"edition, GC defaults:  {g.seconds:7.2f} s   peak {g.peak_mib:7.1f} MiB{g.cpu_note}", flush=True)
    j = best(sphinx(edition, out("edition-j2"), "-j", "2"))
    print(f"edition, -j 2:         {j.seconds:7.2f} s   peak {j.peak_mib:7.1f} MiB{j.cpu_note}", flush=True)
    diff = differing(out("edition"), out("edition-j2"))
    print(f"-j 2 output identical: {'yes' if not diff else 'NO: ' + ', '.join(diff[:10])}"
          f"{' ...' if len(diff) > 10 else ''}  (excluding {', '.join(sorted(VOLATILE))})", flush=True)
    edited = edit_one_paragraph(edition, corpus)
    inc = measure(sphinx(edition, out("edition"), fresh=False), env)
    print(f"edition, incremental:  {inc.seconds:7.2f} s   peak {inc.peak_mib:7.1f} MiB{inc.cpu_note}  (edited {edited})",
          flush=True)
    print(exports_cost(out("edition")), flush=True)
    runs = [real_edition(out("real-edition"), env) for _ in range(max(repeat, 1))]
    setup, build = min(runs, key=lambda r: r[1])
    print(f"real edition, full:    {setup + build:7.2f} s   (set-up {setup:.2f} s, then the build "
          f"{build:.2f} s)", flush=True)
    print(f"edition stats:         {tool_start(out('real-edition')):7.2f} s   (a tool reading "
          "edition.json, best of 5: start-up, load, print)", flush=True)
    print(f"ratio vs plain (same output): {e.seconds / s.seconds:.2f}")
    print(f"(ratio vs plain with the same words and links, no Cite: {e.seconds / n.seconds:.2f})")
    print(f"ratio vs plain (text only): {e.seconds / t.seconds:.2f}")
    print(f"incremental/full: {inc.seconds / e.seconds:.2f}")
    print(f"incremental vs plain incremental: {inc.seconds / ti.seconds:.2f}")
    print(f"(plain text only, incremental / edition full: {ti.seconds / e.seconds:.2f})")
    print(f"peak memory vs plain (text only): {e.peak_mib / t.peak_mib:.2f}")
    print(f"(in CPU time: same output {e.cpu / s.cpu:.2f}, text only {e.cpu / t.cpu:.2f}, "
          f"incremental vs plain incremental {inc.cpu / ti.cpu:.2f})")
    return 0


def exports_cost(built: Path) -> str:
    """What the open-data exports (data/) cost when the model changes:
    made again from the build's edition.json, in this process."""
    import time

    from poa_edition.model import modelfile
    from poa_edition.outputs.exports import exports

    model = modelfile.load(built / "edition.json")
    start = time.perf_counter()
    files = exports(model)
    took = time.perf_counter() - start
    size = sum(len(d) for d in files.values())
    return (f"exports (data/):       {took:7.2f} s   {len(files)} files, {size / 1e6:.1f} MB "
            "(made only when the model changed)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_child":
        sys.exit(_child(sys.argv[2]))
    sys.exit(main())
