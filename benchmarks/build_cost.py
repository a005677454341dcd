"""Cost of the edition layer against a plain Sphinx build of the same text.

    .venv/bin/python benchmarks/build_cost.py [--paragraphs 3000] [--repeat 3]

Generates one corpus twice: as the edition writes it (``para``, ``wording``,
``section`` and ``annotation`` directives with citations) and as plain MyST
(headings, quotations and paragraphs with the same words), builds each with
``sphinx-build -E -b html`` in a fresh process, and prints wall time (best of
``--repeat``), peak memory, and the ratio. The budget: the edition build may
take at most 1.3 times the plain one. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET = 1.3
PER_PAGE = 100
WORDS = ("to continually assess national stockpiles for surpluses and to responsibly "
         "dispose of small arms and light weapons that no longer meet operational needs")


def edition_corpus(root: Path, n: int) -> None:
    shutil.copytree(REPO / "edition" / "_data", root / "_data")
    pages = []
    for page in range(0, n, PER_PAGE):
        name = f"p{page // PER_PAGE}"
        pages.append(name)
        out = [f"# Paragraphs {page + 1}–{page + PER_PAGE}\n", ":::{section} BMS6-S%s\n:::\n" % (page // PER_PAGE + 1)]
        for i in range(page + 1, min(n, page + PER_PAGE) + 1):
            out.append(
                f"::::{{para}} BMS6-{i}\n:summary: Paragraph {i} as the witnesses describe it.\n"
                f":basis: BP “Stockpile management and security”\n\n"
                f"```{{wording}}\n:witness: BP\n:place: “Stockpile management and security”\n{WORDS}\n```\n::::\n"
            )
        pages.append(f"n{page // PER_PAGE}")
        notes = ["# Notes\n"]
        for i in range(page + 1, min(n, page + PER_PAGE) + 1, 5):
            notes.append(
                f":::{{annotation}} BP-N{i}\n:place: “Stockpile management and security”\n\n"
                f"The paper discusses these paragraphs ({{ed:cite}}`UNGA, 2016d, paras. {i}–{i + 1}, {i + 2}`) "
                f"and ({{ed:cite}}`para. {i + 3}`).\n:::\n"
            )
        (root / f"{name}.md").write_text("\n".join(out))
        (root / f"n{page // PER_PAGE}.md").write_text("\n".join(notes))
    _index(root, pages)
    (root / "conf.py").write_text(
        'extensions = ["poa_edition"]\nmyst_enable_extensions = ["colon_fence"]\n'
        'exclude_patterns = ["_data"]\n'
        f'bibtex_bibfiles = [{str(REPO / "refs.bib")!r}]\nbibtex_cite_id = "ref-{{key}}"\n'
    )
    (root / "bib.md").write_text("# Bibliography\n\n```{bibliography}\n:all:\n```\n")


def plain_corpus(root: Path, n: int) -> None:
    pages = []
    for page in range(0, n, PER_PAGE):
        name = f"p{page // PER_PAGE}"
        pages.append(name)
        out = [f"# Paragraphs {page + 1}–{page + PER_PAGE}\n"]
        for i in range(page + 1, min(n, page + PER_PAGE) + 1):
            out.append(f"({i})=\n**{i}** BMS6-{i}\n\n> {WORDS}\n\nFragment quoted in BP, “Stockpile management "
                       f"and security”. Content: Paragraph {i} as the witnesses describe it.\n")
        pages.append(f"n{page // PER_PAGE}")
        notes = ["# Notes\n"]
        for i in range(page + 1, min(n, page + PER_PAGE) + 1, 5):
            notes.append(f"BP-N{i}: The paper discusses these paragraphs (UNGA, 2016d, paras. {i}–{i + 1}, "
                         f"{i + 2}) and (para. {i + 3}).\n")
        (root / f"{name}.md").write_text("\n".join(out))
        (root / f"n{page // PER_PAGE}.md").write_text("\n".join(notes))
    _index(root, pages)
    (root / "conf.py").write_text('extensions = ["myst_parser"]\n')
    (root / "bib.md").write_text("# Bibliography\n")


def _index(root: Path, pages: list[str]) -> None:
    toc = "\n".join([*pages, "bib"])
    (root / "index.md").write_text(f"# Benchmark\n\n```{{toctree}}\n{toc}\n```\n")


def build(src: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one fresh ``sphinx-build`` process."""
    out = src.parent / f"{src.name}-out"
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-q", "-b", "html", str(src), str(out)],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build of {src} failed:\n{result.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain, edition = Path(tmp, "plain"), Path(tmp, "edition")
        plain.mkdir()
        edition.mkdir()
        plain_corpus(plain, args.paragraphs)
        edition_corpus(edition, args.paragraphs)
        # plain first: ru_maxrss of children is a running maximum
        p = min(build(plain) for _ in range(args.repeat))
        e = min(build(edition) for _ in range(args.repeat))
    ratio = e[0] / p[0]
    print(f"paragraphs:        {args.paragraphs} (+ {args.paragraphs // 5} notes)")
    print(f"plain Sphinx:      {p[0]:7.2f} s   peak {p[1]:7.1f} MiB")
    print(f"edition layer:     {e[0]:7.2f} s   peak {e[1]:7.1f} MiB")
    print(f"ratio:             {ratio:7.2f}   (budget {BUDGET}: {'within' if ratio <= BUDGET else 'OVER'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
