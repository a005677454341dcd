"""Author-date paragraph citations, as the sources write them: a pure parser.

:func:`parse` reads one citation (the text of a citation role) and returns a
:class:`Citation`, or raises :class:`CitationError`; on any input it does one
of the two, nothing else. It knows nothing of documents or bibliographies:
resolving labels and locators to IDs is the caller's business.

Forms (``CONVENTIONS.md``)::

    UNGA, 2016d, para. 38                     UNGA, 2016d, paras. 12, 107
    paras. 33–35, 104        paras. 113–14    paras. 119a–b     para. 27f
    para. 38(n)(i)           para. 38(n)(ii)–(iii)              paras. 38m, 38(n)(i)
    UNGA, 2001b, para. II.18                  para. IV.1.a
    UNGA, 2012a, annexe II, para. 2f          annexe I, sec. III, first preambular para.
    s. III    ss. I–II    s. III.B title
    UNGA, 2016d, para. 9; 2016c, para. 21     UNGA, 2016a; 2016d
    UNGA, 2016e, p. 9, Recommendation 3       see UNGA, 2001b, para. II.18     cf. ...
    UNGA, 2015a, Goal 16                      Target 16.4      Indicator 16.4.2
    (para. 54)  — a continuation: no author and year; the caller binds it
                  (and keeps it in the annex the bound citation was in: see
                  :func:`in_annex`)

Locators are normalised to the ID grammar: ``38(n)(i)`` -> ``38n.i``,
``IV.1.a`` -> ``IV.1a``, ``annexe II, para. 2f`` -> ``AII.2f``,
``s. III.B`` -> ``SIII.B``. Ranges are expanded: ``113–14`` -> 113, 114;
``119a–b`` -> 119a, 119b; ``ss. I–II`` -> SI, SII.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_RANGE = 200  # a longer range is a typo, not a citation


class CitationError(ValueError):
    """The citation cannot be read. ``message`` says why; ``text`` is the part at fault."""

    def __init__(self, message: str, text: str = "", position: int = 0) -> None:
        self.message, self.text, self.position = message, text, position
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the citation's text. Concatenated, the pieces are the input."""

    text: str
    #: "text" | "prefix" | "work" | "locator" | "other"
    kind: str = "text"
    #: for "locator": the normalised locators this run links to
    targets: tuple[str, ...] = ()
    #: index of the group the run belongs to; -1 for text between groups
    group: int = -1


@dataclass(frozen=True, slots=True)
class Group:
    """One work cited, with its locators (``UNGA, 2016d, paras. 33–35``)."""

    #: None for a continuation (a bare ``para. 54``) and for a year with the
    #: author carried over from the previous group (see ``author_carried``)
    author: str | None
    year: str | None
    author_carried: bool
    #: paragraph and section locators, normalised and expanded, in order
    locators: tuple[str, ...]
    #: other locators, as written (``p. 9``, ``Recommendation 3``)
    other: tuple[str, ...]
    #: the annex the group's last locators are in (``II`` for ``annexe II, para. 2f``)
    annex: str | None = None

    @property
    def label(self) -> str | None:
        """``UNGA 2016d``; None for a continuation."""
        if self.year is None:
            return None
        return f"{self.author} {self.year}"

    @property
    def is_continuation(self) -> bool:
        return self.year is None


@dataclass(frozen=True, slots=True)
class Citation:
    text: str
    prefix: str
    groups: tuple[Group, ...]
    pieces: tuple[Piece, ...] = field(default=())


# -- lexical pieces -----------------------------------------------------------

_PREFIX = re.compile(r"(?:see also|see|cf\.|e\.g\.|compare)\s+", re.I)
_YEAR = re.compile(r"(?:1[89]|20)\d\d[a-z]?|n\.d\.")
_AUTHOR = re.compile(r"[^\W\d_][\w’'.&\- ]*?(?: et al\.)?", re.U)
_DASH = r"\s*[–-]\s*"
_ROMAN_U = r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_L = _ROMAN_U.lower()

_PARA_KW = re.compile(r"(paras?\.)\s+")
_SECT_KW = re.compile(r"(ss?\.|secs?\.)\s+")
#: the 2030 Agenda's goals, targets and indicators, as the Briefing Paper names them
_SDG_KW = re.compile(r"(Goal|Target|Indicator)\s+")
_SDG_LEVELS = {"Goal": 1, "Target": 2, "Indicator": 3}
_ANNEX = re.compile(rf"annexe?\s+({_ROMAN_U})\Z")
_OTHER = re.compile(
    r"(?:pp?\.\s+\d+(?:[–-]\d+)?|(?:Recommendation|Box|Figure|Table)\s+\d+"
    r"|(?:first|second|third|fourth|fifth|last)\s+preambular\s+para(?:graph|\.)?)\Z"
)

# one paragraph item: 38 | 119a | 38(n) | 38(n)(i) | 38n.i | II.18 | IV.1.a | IV.1a
_ITEM = re.compile(
    rf"(?P<part>{_ROMAN_U})\.(?P<pnum>[1-9]\d*)(?:\.?(?P<pletter>[a-z]))?"
    rf"|(?P<num>[1-9]\d*)(?:(?P<sub>[a-z])|\((?P<psub>[a-z])\))?"
    rf"(?:\.(?P<subsub>{_ROMAN_L})|\((?P<psubsub>{_ROMAN_L})\))?"
)
# what may follow the dash of a range: a whole item, a number, a letter, a roman
_TAIL = re.compile(
    rf"(?P<item>{_ITEM.pattern})\Z|(?P<tletter>[a-z])\Z|\((?P<tpletter>[a-z])\)\Z"
    rf"|\((?P<troman>{_ROMAN_L})\)\Z"
)
_SECTION_ITEM = re.compile(rf"(?P<path>(?:{_ROMAN_U}|\d+)(?:\.[A-Z])?)")


def roman_to_int(s: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total, prev = 0, 0
    for ch in reversed(s.lower()):
        v = values[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def int_to_roman(n: int, upper: bool = False) -> str:
    out = []
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                           (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(numeral)
            n -= value
    s = "".join(out)
    return s.upper() if upper else s


# -- items and ranges ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    text: str
    kind: str  # "num" | "poa"
    num: int
    part: str = ""  # PoA roman section
    sub: str = ""  # letter
    subsub: str = ""  # roman

    def locator(self, annex: str | None) -> str:
        if self.kind == "poa":
            return f"{self.part}.{self.num}{self.sub}"
        base = f"{self.num}{self.sub}" + (f".{self.subsub}" if self.subsub else "")
        return f"A{annex}.{base}" if annex else base


def _item(text: str) -> _Item | None:
    m = _ITEM.fullmatch(text)
    if not m:
        return None
    if m["part"]:
        return _Item(text, "poa", int(m["pnum"]), part=m["part"], sub=m["pletter"] or "")
    sub = m["sub"] or m["psub"] or ""
    subsub = m["subsub"] or m["psubsub"] or ""
    if subsub and not sub:
        return None  # 38(i) is ambiguous: letter i or roman i
    return _Item(text, "num", int(m["num"]), sub=sub, subsub=subsub)


def _expand(start: _Item, tail: str, annex: str | None, whole: str) -> list[str]:
    """Expand ``start–tail``; ``whole`` is the range as written, for errors."""
    m = _TAIL.fullmatch(tail)
    if not m:
        raise CitationError(f"cannot read the end of range {whole!r}", whole)
    if m["item"] is not None:
        end = _item(m["item"])
        if end is None:
            raise CitationError(f"cannot read the end of range {whole!r}", whole)
        if end.kind == "num" and start.kind == "num" and not (end.sub or end.subsub or start.sub or start.subsub):
            if len(end.text) < len(start.text):  # abbreviated: 113–14
                end = _item(start.text[: len(start.text) - len(end.text)] + end.text)
            return [str(n) if not annex else f"A{annex}.{n}" for n in _span(start.num, end.num, whole)]
        if end.kind == "poa" and start.kind == "poa" and end.part == start.part and not (end.sub or start.sub):
            return [f"{start.part}.{n}" for n in _span(start.num, end.num, whole)]
        if (end.kind, end.num, end.part) == (start.kind, start.num, start.part) and start.sub and end.sub \
                and not start.subsub and not end.subsub:  # 38h–38i
            return [start.locator(annex)[:-1] + c for c in _letters(start.sub, end.sub, whole)]
        raise CitationError(f"range {whole!r} mixes shapes; write both ends alike", whole)
    letter = m["tletter"] or m["tpletter"]
    if letter and start.sub and not start.subsub:
        # 119a–b, 38(h)–(i); a tail like "i" after 38(n)(ii) is not this case
        return [_with_sub(start, c, annex) for c in _letters(start.sub, letter, whole)]
    roman = m["troman"] or (m["tletter"] if start.subsub else None)
    if roman and start.subsub:
        lo, hi = roman_to_int(start.subsub), roman_to_int(roman)
        return [_with_subsub(start, int_to_roman(n), annex) for n in _span(lo, hi, whole)]
    raise CitationError(f"cannot read range {whole!r}", whole)


def _with_sub(item: _Item, letter: str, annex: str | None) -> str:
    return _Item(item.text, item.kind, item.num, item.part, letter).locator(annex)


def _with_subsub(item: _Item, roman: str, annex: str | None) -> str:
    return _Item(item.text, item.kind, item.num, item.part, item.sub, roman).locator(annex)


def _span(lo: int, hi: int, whole: str) -> range:
    if hi <= lo:
        raise CitationError(f"range {whole!r} does not ascend", whole)
    if hi - lo >= MAX_RANGE:
        raise CitationError(f"range {whole!r} spans more than {MAX_RANGE} paragraphs", whole)
    return range(lo, hi + 1)


def _letters(lo: str, hi: str, whole: str) -> list[str]:
    if hi <= lo:
        raise CitationError(f"range {whole!r} does not ascend", whole)
    return [chr(c) for c in range(ord(lo), ord(hi) + 1)]


# -- the parser ---------------------------------------------------------------


def _segments(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` between separators, whitespace trimmed."""
    spans, pos = [], start
    for i in range(start, end + 1):
        if i == end or text[i] in sep:
            a, b = pos, i
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            spans.append((a, b))
            pos = i + 1
    return spans


class _GroupParser:
    def __init__(self, text: str, start: int, end: int, carried_author: str | None) -> None:
        self.text, self.start, self.end = text, start, end
        self.carried = carried_author
        self.marks: list[tuple[int, int, str, tuple[str, ...]]] = []
        self.locators: list[str] = []
        self.other: list[str] = []
        self.annex: str | None = None

    def fail(self, message: str, a: int, b: int) -> CitationError:
        return CitationError(message, self.text[a:b], a)

    def parse(self) -> Group:
        segs = _segments(self.text, self.start, self.end, ",")
        if any(a == b for a, b in segs):
            a, b = self.start, self.end
            raise self.fail(f"empty part in {self.text[a:b].strip()!r}", a, b)
        author = year = None
        carried = False
        i = 0
        first = self.text[segs[0][0]:segs[0][1]]
        if _YEAR.fullmatch(first):
            if self.carried is None:
                raise self.fail(f"year {first!r} without an author", *segs[0])
            author, year, carried = self.carried, first, True
            self.marks.append((*segs[0], "work", ()))
            i = 1
        elif not self._is_locator_start(first):
            if len(segs) < 2 or not _YEAR.fullmatch(self.text[segs[1][0]:segs[1][1]]):
                raise self.fail(
                    f"{first!r} is neither a locator (para., s., p., …) nor an author "
                    "followed by a year", *segs[0])
            if not _AUTHOR.fullmatch(first):
                raise self.fail(f"cannot read author {first!r}", *segs[0])
            author, year = first, self.text[segs[1][0]:segs[1][1]]
            self.marks.append((segs[0][0], segs[1][1], "work", ()))
            i = 2
        self._locators(segs[i:])
        if year is None and not (self.locators or self.other):
            raise self.fail("a continuation needs a locator", self.start, self.end)
        return Group(author, year, carried, tuple(self.locators), tuple(self.other), self.annex)

    @staticmethod
    def _is_locator_start(s: str) -> bool:
        return bool(_PARA_KW.match(s) or _SECT_KW.match(s) or _ANNEX.match(s) or _OTHER.match(s)
                    or _SDG_KW.match(s))

    def _locators(self, segs: list[tuple[int, int]]) -> None:
        mode, annex = None, None
        for a, b in segs:
            seg = self.text[a:b]
            if m := _ANNEX.match(seg):
                annex, mode = m[1], None
                self.annex = annex
                continue
            if _OTHER.match(seg):
                self.other.append(seg)
                self.marks.append((a, b, "other", ()))
                mode = None
                continue
            if m := _PARA_KW.match(seg):
                mode, a = "para", a + m.end()
            elif m := _SECT_KW.match(seg):
                mode, a = "section", a + m.end()
            elif m := _SDG_KW.match(seg):
                mode, a = m[1], a + m.end()
            elif mode is None:
                raise self.fail(f"cannot read locator {seg!r}", a, b)
            if mode in _SDG_LEVELS:
                self._sdg(a, b, mode)
            elif mode == "para":
                self._para(a, b, annex)
            else:
                self._section(a, b, annex)

    def _para(self, a: int, b: int, annex: str | None) -> None:
        seg = self.text[a:b]
        parts = re.split(_DASH, seg, maxsplit=1)
        start = _item(parts[0])
        if start is None:
            raise self.fail(f"cannot read paragraph {seg!r}", a, b)
        if start.kind == "poa" and annex:
            raise self.fail(f"PoA-style paragraph {seg!r} inside annexe {annex}", a, b)
        if len(parts) == 1:
            loc = start.locator(annex)
            self.locators.append(loc)
            self.marks.append((a, b, "locator", (loc,)))
            return
        expanded = _expand(start, parts[1], annex, seg)
        self.locators.extend(expanded)
        dash = re.search(_DASH, seg)
        self.marks.append((a, a + dash.start(), "locator", (expanded[0],)))
        self.marks.append((a + dash.end(), b, "locator", (expanded[-1],)))

    def _sdg(self, a: int, b: int, level: str) -> None:
        """``Goal 16``, ``Target 16.4``, ``Indicator 16.4.2``: the number as the
        2030 Agenda writes it, one part for a goal, two for a target, three
        for an indicator."""
        seg = self.text[a:b]
        if not re.fullmatch(r"[1-9]\d*(?:\.(?:[1-9]\d*|[a-z])){0,2}", seg) \
                or seg.count(".") + 1 != _SDG_LEVELS[level]:
            raise self.fail(f"cannot read {level.lower()} {seg!r} (write Goal 16, Target 16.4, "
                            "Indicator 16.4.2)", a, b)
        self.locators.append(seg)
        self.marks.append((a, b, "locator", (seg,)))

    def _section(self, a: int, b: int, annex: str | None) -> None:
        seg = self.text[a:b]
        body = seg[: -len(" title")] if seg.endswith(" title") else seg
        head = f"A{annex}." if annex else ""
        parts = re.split(_DASH, body, maxsplit=1)
        if not all(_SECTION_ITEM.fullmatch(p) for p in parts):
            raise self.fail(f"cannot read section {seg!r}", a, b)
        if len(parts) == 1:
            loc = f"S{head}{parts[0]}"
            self.locators.append(loc)
            self.marks.append((a, a + len(body), "locator", (loc,)))
            return
        lo, hi = parts
        if not (re.fullmatch(_ROMAN_U, lo) and re.fullmatch(_ROMAN_U, hi)):
            raise self.fail(f"section range {seg!r}: only roman sections (I–II) range", a, b)
        expanded = [f"S{head}{int_to_roman(n, upper=True)}"
                    for n in _span(roman_to_int(lo), roman_to_int(hi), seg)]
        self.locators.extend(expanded)
        dash = re.search(_DASH, body)
        self.marks.append((a, a + dash.start(), "locator", (expanded[0],)))
        self.marks.append((a + dash.end(), a + len(body), "locator", (expanded[-1],)))


_Mark = tuple[int, int, str, tuple[str, ...], int]


def _pieces(text: str, marks: list[_Mark]) -> list[Piece]:
    out, pos = [], 0
    for a, b, kind, targets, group in sorted(marks):
        if a > pos:
            out.append(Piece(text[pos:a]))
        out.append(Piece(text[a:b], kind, targets, group))
        pos = b
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out


def parse(text: str) -> Citation:
    """Parse one citation; raise :class:`CitationError` if it cannot be read."""
    if not isinstance(text, str):
        raise CitationError("a citation is text")
    if not text.strip():
        raise CitationError("empty citation")
    if "\n" in text.strip() or "\r" in text:
        text = " ".join(text.split())
    marks: list[_Mark] = []
    groups: list[Group] = []
    prefix = ""
    carried: str | None = None
    for a, b in _segments(text, 0, len(text), ";"):
        if a == b:
            raise CitationError(f"empty part between ';' in {text!r}", text, a)
        if m := _PREFIX.match(text, a, b):
            if not groups:
                prefix = text[a:m.end()].strip()
            marks.append((a, m.end() - (len(m[0]) - len(m[0].rstrip())), "prefix", (), len(groups)))
            a = m.end()
            if a == b:
                raise CitationError(f"{prefix!r} cites nothing", text, a)
        gp = _GroupParser(text, a, b, carried)
        group = gp.parse()
        carried = group.author if group.author is not None else carried
        marks.extend((*mark, len(groups)) for mark in gp.marks)
        groups.append(group)
    return Citation(text, prefix, tuple(groups), tuple(_pieces(text, marks)))


def in_annex(locator: str, annex: str | None) -> str:
    """A continuation's locator in the annex its work was cited in:
    ``3g`` -> ``AII.3g``; sections, PoA-style locators and no annex leave it alone."""
    if annex and re.fullmatch(r"\d+[a-z]?(?:\.[ivxlc]+)?", locator):
        return f"A{annex}.{locator}"
    return locator
