"""Synthetic official texts for the import tests: never the UN's words.

The tests write an "official text" of BMS6 themselves. Each paragraph is a
sentence that says it is synthetic, followed by the words the edition's
witnesses quote from that paragraph (so collation has something to agree
with), laid out as ``pdftotext -layout`` renders a UN document: a symbol and
date block, running heads and footers with page numbers and job numbers,
numbered paragraphs with hanging indents, lettered subparagraphs, section
headings, and line-end hyphenation of long words.
"""

from __future__ import annotations

import re
from pathlib import Path

from poa_edition.sources import pages as sources

SYMBOL = "A/CONF.192/BMS/2099/WP.9"
JOB = "99-12345"

#: where the sections begin (paragraph numbers); I begins one paragraph
#: earlier than the edition infers, so the import moves BMS6-7
SECTIONS = {7: ("I", "Programme of Action, synthetic heading"),
            64: ("II", "International Tracing Instrument, synthetic heading"),
            91: ("III", "International cooperation and assistance, synthetic heading")}
SUBSECTIONS = {91: ("A", "Synthetic subsection heading one"),
               105: ("B", "Synthetic subsection heading two")}
TAIL_SECTION = ("IV", "Other issues, synthetic heading")


def _plain(quotation: str) -> str:
    """The words a quotation stands for: the witness's elisions and
    insertions resolved into synthetic filler."""
    q = re.sub(r"\s*(\[…\]|\[\.\.\.\]|…|\. \. \.)\s*", " and further synthetic words ", quotation)
    q = re.sub(r"(?<![\w])\[([^\]]+)\](?![\w])", "the synthetic instrument", q)
    q = re.sub(r"\[([^\]]+)\]", r"\1", q)  # urg[ing] -> urging
    return " ".join(q.split())


def quotations(src: Path, siglum: str = "BMS6") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for page in sources.read_tree(src):
        for block in page.blocks:
            if block.id.startswith(f"{siglum}-"):
                out.setdefault(block.id, []).extend(q.text for q in block.quotations)
    return out


def units(src: Path, plant: dict[str, tuple[str, str]] | None = None,
          count: int = 120) -> list[tuple[str, str, str]]:
    """``(kind, label, words)`` in order: ``("heading", "I", ...)``,
    ``("para", "38", ...)``, ``("sub", "a", ...)``. ``plant`` replaces a word
    in a paragraph's words: {"BMS6-38": (old, new)}."""
    quotes = quotations(src)
    # a section's own quotations go into its first paragraph
    section_quotes = {k: v for k, v in quotes.items() if "-S" in k}
    first_of = {"BMS6-S0": 1, "BMS6-SI": 7, "BMS6-SII": 64, "BMS6-SIII": 91,
                "BMS6-SIII.A": 91, "BMS6-SIII.B": 105, "BMS6-SIV": count}
    extra: dict[int, list[str]] = {}
    for sid, qs in section_quotes.items():
        if sid != "BMS6-SIV":  # the last section's quotations are its heading
            extra.setdefault(first_of.get(sid, 1), []).extend(qs)
    tail = TAIL_SECTION[0], " ".join(_plain(q) for q in section_quotes.get("BMS6-SIV", [])) \
        or TAIL_SECTION[1]

    def words(pid: str, n: int | None = None) -> str:
        parts = [f"Synthetic text of {pid} for the edition's tests, not the United Nations' words."]
        parts += [_plain(q) + "." for q in quotes.get(pid, [])]
        if n is not None:
            parts += [_plain(q) + "." for q in extra.get(n, [])]
        text = " ".join(parts)
        if plant and pid in plant:
            old, new = plant[pid]
            assert old in text, (pid, old)
            text = text.replace(old, new, 1)
        return text

    out: list[tuple[str, str, str]] = []
    for n in range(1, count + 1):
        if n in SECTIONS:
            out.append(("heading", *SECTIONS[n]))
        if n in SUBSECTIONS:
            out.append(("heading", *SUBSECTIONS[n]))
        out.append(("para", str(n), words(f"BMS6-{n}", n)))
        for letter in "abcdefgh":
            if f"BMS6-{n}{letter}" in quotes:
                out.append(("sub", letter, words(f"BMS6-{n}{letter}")))
    out.append(("heading", *tail))
    return out


def _wrap(text: str, width: int) -> list[str]:
    """Wrap, breaking one long plain word per few lines with a hyphen."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            room = width - len(line) - 2
            if word.isalpha() and len(word) >= 10 and room >= 4 and len(word) - room >= 4:
                lines.append(f"{line} {word[:room]}-")
                line = word[room:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def render(seq: list[tuple[str, str, str]], lines_per_page: int = 48) -> str:
    """The ``pdftotext -layout`` look of a UN document."""
    body: list[str] = []
    for kind, label, words in seq:
        if kind == "heading":
            wrapped = _wrap(words, 60)
            body += ["", f"          {label + '.':<5}{wrapped[0]}"]
            body += [f"               {x}" for x in wrapped[1:]] + [""]
        elif kind == "para":
            wrapped = _wrap(words, 64)
            body.append(f"          {label + '.':<6}{wrapped[0]}")
            body += [f"                {x}" for x in wrapped[1:]]
            body.append("")
        else:
            wrapped = _wrap(words, 58)
            body.append(f"                {'(' + label + ')':<6}{wrapped[0]}")
            body += [f"                      {x}" for x in wrapped[1:]]
            body.append("")
    front = [
        f"{'':>52}{SYMBOL}",
        f"United Nations{'':>38}Distr.: Limited",
        f"{'':>52}10 June 2099",
        "",
        f"{'':>52}Original: English",
        "",
        "Synthetic Biennial Meeting of States for the edition's tests",
        "New York, 6-10 June 2099",
        "",
        "          Synthetic outcome document",
        "",
    ]
    pages, chunk = [], front
    total = (len(front) + len(body)) // lines_per_page + 1
    page_no = 1
    for line in body:
        chunk.append(line)
        if len(chunk) >= lines_per_page:
            pages.append(chunk)
            chunk = []
    pages.append(chunk)
    out = []
    for k, page in enumerate(pages, 1):
        head = [f"{SYMBOL}", ""] if k > 1 else []
        foot = ["", f"{JOB} (E)    100699", f"*{JOB.replace('-', '')}*"] if k == 1 else \
               ["", f"{k}/{len(pages)}{'':>40}{JOB}"]
        out.append("\n".join(head + page + foot))
    del total, page_no
    return "\n\f".join(out) + "\n"


def write(src: Path, path: Path, plant: dict[str, tuple[str, str]] | None = None) -> Path:
    path.write_text(render(units(src, plant)), encoding="utf-8")
    return path


if __name__ == "__main__":  # python tests/synthetic.py OUT.txt [ID:old:new ...]
    import sys

    out = Path(sys.argv[1])
    planted = dict((p.split(":")[0], tuple(p.split(":")[1:3])) for p in sys.argv[2:])
    write(Path(__file__).resolve().parents[1] / "edition", out, planted or None)
    print(f"{out}: a synthetic official text of BMS6 (not the UN's words)"
          + (f"; planted: {planted}" if planted else ""))
