"""``make pdf``'s typesetting step, quiet: LaTeX's output goes to its log
file, and one line says what was made.

``python -m poa_edition.tools.pdfbuild _build/latex`` runs the Makefile
Sphinx wrote there (latexmk with XeLaTeX) with everything it prints kept in
``make-pdf.log`` beside LaTeX's own ``<name>.log``, then prints::

    PDF: _build/latex/bms6-edition.pdf, 152 pages; 0 LaTeX warnings, 3 overfull boxes (largest 4.8 pt); log: _build/latex/bms6-edition.log

On failure it prints LaTeX's errors (the ``!`` lines of the log, with their
line) and where the logs are, and exits 1; 2 when it cannot run at all.

Before anything runs it checks the tools the PDF needs (make, latexmk,
xelatex, xindy for the index, the GNU FreeFont OpenType fonts) and names the
Debian package of each missing one. After a failed run it removes latexmk's
database (``*.fdb_latexmk``), which would otherwise make every later run fail
the same way until ``make clean``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path


def summary(log: str) -> dict[str, object]:
    """Pages, warnings and overfull boxes from a LaTeX log."""
    pages = re.search(r"Output written on .*?\((\d+) pages?", log)
    overfull = [float(x) for x in re.findall(r"^Overfull \\[hv]box \(([\d.]+)pt too", log, re.M)]
    warnings = re.findall(r"^(?:LaTeX|Package \w+) Warning: .*", log, re.M)
    errors = re.findall(r"^! .*(?:\n.*){0,2}", log, re.M)
    return {"pages": int(pages[1]) if pages else 0, "overfull": overfull,
            "warnings": warnings, "errors": errors}


#: (program, Debian package): what `make pdf` runs
TOOLS = (("make", "make"), ("latexmk", "latexmk"), ("xelatex", "texlive-xetex"),
         ("xindy", "xindy"))
FONT = ("FreeSerif", "fonts-freefont-otf")


def missing_tools() -> list[str]:
    """What `make pdf` needs and this machine lacks, each with its Debian package."""
    out = [f"{prog} (Debian: {pkg})" for prog, pkg in TOOLS if shutil.which(prog) is None]
    fc = shutil.which("fc-list")
    if fc is not None:
        fonts = subprocess.run([fc, ":family=FreeSerif", "file"], capture_output=True, text=True)
        if not any(line.strip().endswith((".otf", ".otf:")) for line in fonts.stdout.splitlines()):
            out.append(f"the {FONT[0]} OpenType font (Debian: {FONT[1]})")
    elif shutil.which("xelatex") is not None:
        out.append(f"fc-list, to find the {FONT[0]} font (Debian: fontconfig)")
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0], "Makefile").is_file():
        print("usage: python -m poa_edition.tools.pdfbuild LATEX_DIR (with Sphinx's Makefile)",
              file=sys.stderr)
        return 2
    folder = Path(args[0])
    missing = missing_tools()
    if missing:
        print(f"pdf: cannot typeset: missing {'; '.join(missing)} "
              "(apt-get install the packages named)", file=sys.stderr)
        return 2
    name = next((p.stem for p in sorted(folder.glob("*.tex"))
                 if "\\documentclass" in p.read_text(encoding="utf-8", errors="replace")), "")
    made = folder / "make-pdf.log"
    with made.open("w", encoding="utf-8") as out:
        try:
            done = subprocess.run(["make", "-C", str(folder), "all-pdf",
                                   "LATEXMKOPTS=-silent -interaction=nonstopmode"],
                                  stdout=out, stderr=subprocess.STDOUT)
        except FileNotFoundError as err:
            print(f"pdf: cannot run make: {err}", file=sys.stderr)
            return 2
    log_path = folder / f"{name}.log"
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.is_file() else ""
    facts = summary(log)
    if done.returncode != 0 or not (folder / f"{name}.pdf").is_file():
        # latexmk's database would replay this failure on every later run
        for stale in folder.glob("*.fdb_latexmk"):
            stale.unlink(missing_ok=True)
        print(f"pdf: LaTeX failed (logs: {made}, {log_path})", file=sys.stderr)
        for error in facts["errors"][:10] or ["(no error in the LaTeX log: see make-pdf.log)"]:
            print("  " + error.replace("\n", "\n  "), file=sys.stderr)
        return 1
    overfull = facts["overfull"]
    largest = f" (largest {max(overfull):.1f} pt)" if overfull else ""
    print(f"PDF: {folder / (name + '.pdf')}, {facts['pages']} pages; "
          f"{len(facts['warnings'])} LaTeX warnings, {len(overfull)} overfull boxes{largest}; "
          f"log: {log_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
