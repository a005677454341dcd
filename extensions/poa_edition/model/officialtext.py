"""Reading an official UN text: pure functions, no Sphinx.

An outcome document of a PoA meeting, as ``pdftotext -layout`` renders the
UN's PDF, is a symbol and date block, a title, an unnumbered introductory
part or not, section headings (``I.``, ``II.``; ``A.``, ``B.`` inside them),
numbered paragraphs (``1.``), lettered subparagraphs (``(a)``) and roman
sub-subparagraphs (``(i)``), with a running head and a footer on every page
(the symbol, ``2/12``, a job number such as ``16-09876 (E)``, a bar code
``*1609876*``). :func:`parse` drops the page furniture, joins lines and
pages, undoes line-end hyphenation and returns every unit keyed by the
edition's IDs (``BMS6-38``, ``BMS6-38a``, ``BMS5-38n.i``; sections
``BMS6-SII``, ``BMS6-SIII.A``; ``BMS6-S0`` before the first heading).

Line-end hyphenation is resolved by the text's own usage (:mod:`.hyphenation`,
shared with the quotation checks): ``record-`` + ``keeping`` is kept as
``record-keeping`` when the text writes the word with its hyphen elsewhere,
at least as often as closed up, and joined (``implemen-`` + ``tation`` ->
``implementation``) otherwise; each decision is listed in
:attr:`OfficialText.hyphenation` for the maintainer to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .hyphenation import Usage

_ROMAN_UP = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_LOW = _ROMAN_UP.lower()

SYMBOL_RE = re.compile(r"\bA/(?:CONF\.\d+/)?[A-Z0-9][A-Za-z0-9./-]*[A-Za-z0-9]")
DATE_RE = re.compile(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|"
                     r"September|October|November|December) \d{4}\b")

# page furniture: whole lines dropped wherever they occur
_FURNITURE = [
    re.compile(r"^\s*\d+/\d+\s*$"),                                # 2/12
    re.compile(r"^\s*\d{2}-\d{5}\s*(?:\(E\))?(?:\s+\d{6})*\s*$"),   # 16-09876 (E) 100616
    re.compile(r"^\s*\d+/\d+\s+\d{2}-\d{5}\s*$"),                   # 2/12   16-09876
    re.compile(r"^\s*\d{2}-\d{5}\s+\d+/\d+\s*$"),                   # 16-09876   3/12
    re.compile(r"^\s*\*\d{5,}\*\s*$"),                              # *1609876*
    re.compile(r"^\s*Please recycle\s*$", re.I),
]
_HEADING = re.compile(rf"^\s*(?P<num>{_ROMAN_UP}|[A-H])\.\s+(?P<title>\S.*?)\s*$")
_PARA = re.compile(r"^\s*(?P<num>[1-9][0-9]{0,2})\.\s+(?P<text>\S.*?)\s*$")
_SUB = re.compile(r"^\s*\((?P<mark>[a-z]{1,2}|[ivxl]+)\)\s+(?P<text>\S.*?)\s*$")
_FRONT = re.compile(r"^\s*(?:United Nations|Distr\.:.*|Original:.*|General Assembly)\s*$", re.I)


class ParseError(Exception):
    """The text cannot be read as an official text; ``problems`` are
    ``(line, message)`` pairs, every one found."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"line {n}: {m}" for n, m in problems))


@dataclass(slots=True)
class Unit:
    """A paragraph, subparagraph or section heading of the official text."""

    id: str
    kind: str  # "paragraph" | "section"
    label: str  # "38", "(a)", "(i)", "II", "A"
    text: str  # the words; for a section, its heading without the number
    section: str | None  # the section a paragraph stands in (None before any)
    line: int  # where it begins in the text read


@dataclass(slots=True)
class OfficialText:
    siglum: str
    symbol: str | None = None
    date: str | None = None
    units: list[Unit] = field(default_factory=list)
    #: (line, "implemen-|tation", "implementation") for each line-end hyphen
    hyphenation: list[tuple[int, str, str]] = field(default_factory=list)
    #: lines of page furniture dropped
    dropped: int = 0

    def paragraphs(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "paragraph"]

    def sections(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "section"]

    def get(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


def _is_furniture(line: str, symbol: str | None) -> bool:
    if any(p.match(line) for p in _FURNITURE):
        return True
    stripped = line.strip()
    if symbol and stripped.startswith(symbol):
        rest = stripped[len(symbol):].strip()
        return not rest or bool(re.fullmatch(r"\d+/\d+|\d{2}-\d{5}", rest))
    return False


def _roman_value(s: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


def _letter_value(s: str) -> int:
    # a..z, then aa, bb, ... as the UN continues
    return ord(s[0]) - 96 + 26 * (len(s) - 1)


def parse(text: str, siglum: str) -> OfficialText:
    """Read ``text`` (pdftotext -layout output, or plain text alike) as the
    official text of ``siglum``; raise :class:`ParseError`."""
    result = OfficialText(siglum)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    for line in lines[:60]:
        if result.symbol is None and (m := SYMBOL_RE.search(line)):
            result.symbol = m[0]
        if result.date is None and (m := DATE_RE.search(line)):
            result.date = m[0]

    # 1. physical lines -> logical lines, furniture dropped, pages joined
    kept: list[tuple[int, str]] = []
    for n, raw in enumerate(lines, 1):
        line = raw.replace("\f", "").rstrip()
        if not line.strip():
            kept.append((n, ""))
            continue
        if _is_furniture(line, result.symbol):
            result.dropped += 1
            continue
        kept.append((n, line))

    # 2. structure: find where units begin
    problems: list[tuple[int, str]] = []
    units: list[Unit] = []
    section: str | None = None
    top: str | None = None
    sub_kind: str | None = None  # "letter" | "roman" inside the current paragraph
    last_letter = 0
    last_roman = 0
    para_no: str | None = None
    letter: str | None = None
    started = False  # past the front matter (first heading or paragraph)
    body: list[list[tuple[int, str]]] = []  # lines of each unit

    def begin(unit: Unit, first: str, n: int) -> None:
        units.append(unit)
        body.append([(n, first)])

    for n, line in kept:
        if not line:
            if started and body:
                body[-1].append((n, ""))
            continue
        if m := _PARA.match(line):
            started = True
            para_no, letter, sub_kind, last_letter, last_roman = m["num"], None, None, 0, 0
            begin(Unit(f"{siglum}-{para_no}", "paragraph", para_no, "", section, n), m["text"], n)
            continue
        if started and para_no and (m := _SUB.match(line)):
            mark = m["mark"]
            is_letter_next = (len(mark) <= 2 and mark.isalpha() and len(set(mark)) == 1
                              and _letter_value(mark) == last_letter + 1)
            is_roman = (re.fullmatch(r"[ivxl]+", mark) is not None
                        and letter is not None and _roman_value(mark) == last_roman + 1)
            if is_letter_next and not (is_roman and sub_kind == "roman"):
                letter, last_letter, last_roman, sub_kind = mark, last_letter + 1, 0, "letter"
                begin(Unit(f"{siglum}-{para_no}{mark}", "paragraph", f"({mark})", "",
                           section, n), m["text"], n)
                continue
            if is_roman:
                last_roman += 1
                sub_kind = "roman"
                begin(Unit(f"{siglum}-{para_no}{letter}.{mark}", "paragraph", f"({mark})", "",
                           section, n), m["text"], n)
                continue
            problems.append((n, f"subparagraph ({mark}) out of sequence in paragraph {para_no}"
                                + (f" after ({letter})" if letter else "")))
            body[-1].append((n, line))
            continue
        if (m := _HEADING.match(line)) and m["num"]:
            num = m["num"]
            roman = re.fullmatch(r"[IVX]+", num) is not None
            if roman and _roman_value(num.lower()) == (_roman_value(top.lower()) if top else 0) + 1:
                top, section = num, f"{siglum}-S{num}"
            elif top is not None and re.fullmatch(r"[A-H]", num):
                section = f"{siglum}-S{top}.{num}"
            elif roman:
                problems.append((n, f"section {num}. out of sequence"
                                    + (f" after section {top}." if top else "")))
                top, section = num, f"{siglum}-S{num}"
            else:
                if started and body:
                    body[-1].append((n, line))
                continue
            started = True
            para_no = None
            begin(Unit(section, "section", num, "", None, n), m["title"], n)
            continue
        if started and body:
            body[-1].append((n, line))
        # else: front matter (title lines), not part of any unit

    # 3. the words of each unit; a heading's words end at its first blank line
    usage = Usage(line for unit_lines in body for _, line in unit_lines)
    for unit, unit_lines in zip(units, body):
        if unit.kind == "section":  # a heading ends at its first blank line
            end = next((k for k, (_, line) in enumerate(unit_lines) if not line), len(unit_lines))
            unit_lines = unit_lines[:end]
        unit.text = _join(unit_lines, usage, result.hyphenation)

    # 4. numbering: paragraphs 1..N with no gap or repeat
    numbers = [int(u.label) for u in units if u.kind == "paragraph" and u.label.isdigit()]
    seen: set[int] = set()
    expected = 1
    for u in units:
        if u.kind != "paragraph" or not u.label.isdigit():
            continue
        k = int(u.label)
        if k in seen:
            problems.append((u.line, f"paragraph {k} is numbered twice"))
        elif k != expected:
            problems.append((u.line, f"paragraph {k} follows paragraph {expected - 1}: "
                                     + (f"{', '.join(map(str, range(expected, k)))} missing"
                                        if k > expected else "out of order")))
        seen.add(k)
        expected = max(expected, k + 1)
    if not numbers:
        problems.append((1, "no numbered paragraphs found (expected lines such as '1.  The "
                            "States ...')"))
    # a paragraph before any heading is in the unnumbered introductory part
    intro = [u for u in units if u.kind == "paragraph" and u.section is None]
    for u in intro:
        u.section = f"{siglum}-S0"
    if intro:
        units.insert(0, Unit(f"{siglum}-S0", "section", "0", "", None, intro[0].line))
    if problems:
        raise ParseError(sorted(set(problems)))
    result.units = units
    return result


def _join(lines: list[tuple[int, str]], usage: Usage,
          log: list[tuple[int, str, str]]) -> str:
    """Lines of one unit -> one string: spaces normalised, each line-end
    hyphen resolved by the text's own usage (:mod:`.hyphenation`, the one
    implementation the quotation checks use too) and logged."""
    out, previous = "", 0
    for n, raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if out:
            out, decision = usage.join(out, line)
            if decision is not None:
                log.append((previous, *decision))
        else:
            out = line
        previous = n
    return out.strip()
