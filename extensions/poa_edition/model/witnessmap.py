"""The map of a witness transcription, and the witness read through it: pure.

``edition/_data/witness_sections.toml`` says, for each witness, which lines
of its transcription each *place* holds (a section under a heading, a part
heading over several sections, a box, a figure, a photograph's caption), in
reading order, and which lines belong to no place (*furniture*: the paper's
title, a running head). The extraction puts passages out of order, so a
place may have several ranges; they are listed in the order they are read.

:func:`read` loads and checks the file's shape (each error located);
:func:`problems` checks that the map is *sound* against the transcription:
every range inside the file, every non-blank line in exactly one place's
heading or body or in the furniture (so no overlaps, boxes and captions
apart from the sections they interrupt), block quotations inside their
place's body, and the sections in reading order, which the witness's own
footnote numbers show (read section by section in the map's order, they
never go back). :func:`text_of` reads a place's body in reading order, each
line-end hyphen resolved by the witness's own usage
(:mod:`.hyphenation`), with the transcription line of every character.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .hyphenation import Usage
from .registry import DataError

MAP_FILE = "witness_sections.toml"
#: the kinds of place; sections and parts are the main text, read in order
KINDS = ("section", "part", "box", "figure", "caption")
MAIN = ("section", "part")

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Place:
    title: str
    kind: str
    heading: Range | None
    lines: tuple[Range, ...]  # the body, in reading order
    quoted: tuple[Range, ...] = ()  # block quotations inside the body
    number: int = 0  # its place in the map (1-based), for messages
    #: where it stands in the map file: its ``[[SIGLUM.place]]`` line, and
    #: the line of each of its keys (for messages at the line at fault)
    line: int = 0
    keys: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int:
        """The map file's line of ``key`` (``lines``, ``heading``, ``quoted``)."""
        return next((n for k, n in self.keys if k == key), self.line)


@dataclass(frozen=True, slots=True)
class WitnessMap:
    siglum: str
    file: str
    places: tuple[Place, ...]
    furniture: tuple[tuple[Range, ...], ...] = ()
    line: int = 0  # of its ``[SIGLUM]`` table
    furniture_lines: tuple[int, ...] = ()  # of each ``[[SIGLUM.furniture]]``

    def place(self, title: str) -> Place | None:
        return next((p for p in self.places if p.title == title), None)


def _range(value: Any, where: str) -> Range:
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        raise ValueError(f"{where} is {value!r}; write [first line, last line]")
    if not 1 <= value[0] <= value[1]:
        raise ValueError(f"{where} is {value!r}: lines count from 1, the first not after the last")
    return value[0], value[1]


def _ranges(value: Any, where: str) -> tuple[Range, ...]:
    if not isinstance(value, list):
        raise ValueError(f"{where} is {value!r}; write a list of [first, last] ranges")
    return tuple(_range(v, f"{where} range {n}") for n, v in enumerate(value, 1))


def _array_line(text: str, header: str, index: int) -> int | None:
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
    seen = -1
    for n, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            seen += 1
            if seen == index:
                return n
    return None


def _key_lines(text: str, header: int | None) -> tuple[tuple[str, int], ...]:
    """The line of each key of the table whose header stands at ``header``."""
    if not header:
        return ()
    lines = text.splitlines()
    out = []
    for n in range(header, len(lines)):
        stripped = lines[n].strip()
        if stripped.startswith("["):
            break
        if m := re.match(r"([A-Za-z_]+)\s*=", stripped):
            out.append((m[1], n + 1))
    return tuple(out)


def parse(text: str, path: Path) -> dict[str, WitnessMap]:
    """The maps in ``text`` (the contents of ``path``), or a located :class:`DataError`."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"\(at line (\d+)", str(err))
        raise DataError(path, int(m[1]) if m else None, f"not valid TOML: {err}") from None
    out = {}
    for siglum, entry in raw.items():
        top = next((n for n, line in enumerate(text.splitlines(), 1)
                    if line.strip() == f"[{siglum}]"), None)
        if not isinstance(entry, dict):
            raise DataError(path, top, f"{siglum!r} is not a table of a witness")
        unknown = set(entry) - {"file", "place", "furniture"}
        if unknown:
            raise DataError(path, top, f"[{siglum}] unknown key {sorted(unknown)[0]!r}; allowed: "
                                       "file, place, furniture")
        if not isinstance(entry.get("file"), str) or not entry["file"].strip():
            raise DataError(path, top, f"[{siglum}] names its transcription: file = \"...\"")
        places = []
        for n, p in enumerate(entry.get("place", [])):
            line = _array_line(text, f"{siglum}.place", n)
            try:
                if not isinstance(p, dict):
                    raise ValueError("is not a table")
                unknown = set(p) - {"title", "kind", "heading", "lines", "quoted"}
                if unknown:
                    raise ValueError(f"unknown key {sorted(unknown)[0]!r}; allowed: title, kind, "
                                     "heading, lines, quoted")
                title = p.get("title")
                if not isinstance(title, str) or not title.strip():
                    raise ValueError("has no title")
                if p.get("kind") not in KINDS:
                    raise ValueError(f"kind is {p.get('kind')!r}; one of: {', '.join(KINDS)}")
                if p["kind"] != "caption" and "heading" not in p:
                    raise ValueError(f"a {p['kind']} has a heading = [first, last]")
                heading = _range(p["heading"], "heading") if "heading" in p else None
                lines = _ranges(p.get("lines", []), "lines")
                if not lines and p["kind"] not in ("part",):
                    raise ValueError(f"a {p['kind']} has body lines")
                places.append(Place(title.strip(), p["kind"], heading, lines,
                                    _ranges(p.get("quoted", []), "quoted"), n + 1, line or 0,
                                    _key_lines(text, line)))
            except ValueError as err:
                raise DataError(path, line, f"[[{siglum}.place]] number {n + 1}: {err}") from None
        titles = [p.title for p in places]
        for p in places:
            if titles.count(p.title) > 1:
                raise DataError(path, _array_line(text, f"{siglum}.place", p.number - 1),
                                f"[[{siglum}.place]] number {p.number}: the title {p.title!r} "
                                "is used twice; each place has its own")
        furniture = []
        for n, f in enumerate(entry.get("furniture", [])):
            try:
                if not isinstance(f, dict) or not isinstance(f.get("what"), str):
                    raise ValueError("says what it is: what = \"...\"")
                furniture.append(_ranges(f.get("lines", []), "lines"))
            except ValueError as err:
                raise DataError(path, _array_line(text, f"{siglum}.furniture", n),
                                f"[[{siglum}.furniture]] number {n + 1}: {err}") from None
        furniture_lines = tuple(_array_line(text, f"{siglum}.furniture", n) or 0
                                for n in range(len(furniture)))
        out[siglum] = WitnessMap(siglum, entry["file"], tuple(places), tuple(furniture),
                                 top or 0, furniture_lines)
    return out


def read(data: Path) -> dict[str, WitnessMap]:
    path = data / MAP_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, "file is missing") from None
    return parse(text, path)


def body(place: Place) -> Iterator[int]:
    """The place's body lines, in reading order."""
    for first, last in place.lines:
        yield from range(first, last + 1)


#: a footnote number set after a word or punctuation (``BMS6),1``,
#: ``diplomats4``, ``para. 59).28``): not a locator (``II.18``, ``16.4``),
#: not part of a symbol or figure (``BMS5``, ``11,900``)
FOOTNOTE = re.compile(r"(?<![A-Z0-9])(?<![IVX]\.)(?<!\d\.)(?<!\d,)(?<=[a-z)’,.;:—])"
                      r"(\d{1,3})(?=[\s,;.:)—]|$)")


def _runs(numbers: Sequence[int]) -> list[str]:
    """``[36, 37, 38, 45]`` -> ``["36–38", "45"]``."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        elif not runs or n > runs[-1][1]:
            runs.append([n, n])
    return [f"{a}–{b}" if a != b else str(a) for a, b in runs]


def problems(wmap: WitnessMap, lines: Sequence[str]) -> list[str]:
    """Why the map is not sound for the transcription ``lines``; [] when it is."""
    return [message for _place, _line, message in problems_at(wmap, lines)[0]]


#: one problem of the map: the place it concerns (None: the map as a whole),
#: the map file's line at fault, and the message
MapProblem = tuple["Place | None", int, str]


def problems_at(wmap: WitnessMap, lines: Sequence[str]) -> tuple[list[MapProblem], set[str]]:
    """:func:`problems`, each with the place it concerns and the line of the
    map file at fault (the range's key), so that it is reported once, there;
    and the titles of every place they touch (both places of a line in two),
    whose quotations are then not each reported for it."""
    out: list[MapProblem] = []
    touched: set[str] = set()
    #: (earlier owner, later claimant) -> ((the place and line blamed), the
    #: two as first named, the lines)
    overlaps: dict[tuple[str, str], tuple[tuple[Place | None, int], str, str, list[int]]] = {}
    owner: dict[int, tuple[str, Place | None, int]] = {}
    size = len(lines)

    def claim(rng: Range, who: str, place: Place | None, at: int) -> None:
        first, last = rng
        if last > size:
            out.append((place, at, f"{who}: lines {first}–{last} go past the end of {wmap.file} "
                                   f"({size} lines)"))
            last = size  # the lines it does have are its (not also "in no place")
        for n in range(first, last + 1):
            if not lines[n - 1].strip():
                continue
            if n in owner:
                other, other_place, other_at = owner[n]
                # once per pair of places, at the range that runs into the other's
                # heading if one does (a body holds no other place's heading),
                # else at the later one
                key = (other_place.title if other_place else other, place.title if place else who)
                if key not in overlaps:
                    blame_other = who.startswith("the heading of") and \
                        not other.startswith("the heading of")
                    overlaps[key] = ((other_place, other_at) if blame_other else (place, at),
                                     other, who, [])
                overlaps[key][3].append(n)
                touched.update(p.title for p in (other_place, place) if p is not None)
            else:
                owner[n] = (who, place, at)

    for p in wmap.places:
        if p.heading:
            claim(p.heading, f"the heading of {p.title!r}", p, p.line_of("heading"))
        for rng in p.lines:
            claim(rng, repr(p.title), p, p.line_of("lines"))
        inside = set(body(p))
        for first, last in p.quoted:
            if not set(range(first, last + 1)) <= inside:
                out.append((p, p.line_of("quoted"),
                            f"{p.title!r}: the block quotation {first}–{last} is not inside its body"))
    for k, ranges in enumerate(wmap.furniture):
        for rng in ranges:
            at = wmap.furniture_lines[k] if k < len(wmap.furniture_lines) else wmap.line
            claim(rng, "the furniture", None, at)
    for (place, at), other, who, found in overlaps.values():  # once per pair of places
        which = (f"line {found[0]} is" if len(found) == 1 else
                 f"lines {', '.join(_runs(found))} are")
        out.append((place, at, f"{which} in {other} and in {who}: a line belongs to one place"))
    unowned = [n for n in range(1, size + 1) if lines[n - 1].strip() and n not in owner]
    if unowned:
        runs: list[list[int]] = []
        for n in unowned:
            if runs and n == runs[-1][1] + 1:
                runs[-1][1] = n
            else:
                runs.append([n, n])
        shown = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in runs[:8])
        # most likely the range that stops short of them: the place of the line before
        before = next((owner[n] for n in range(runs[0][0] - 1, 0, -1) if n in owner),
                      (None, None, wmap.line))
        out.append((before[1], before[2],
                    f"{len(unowned)} non-blank line(s) in no place: {shown}"
                    f"{' …' if len(runs) > 8 else ''} (lines {runs[0][0]}ff.: "
                    f"{lines[runs[0][0] - 1].strip()[:40]!r})"))
    # reading order: the footnote numbers of the main text never go back
    highest, where = 0, ""
    for p in wmap.places:
        if p.kind not in MAIN:
            continue
        for n in body(p):
            if n > size:
                break
            for m in FOOTNOTE.finditer(lines[n - 1]):
                number = int(m[1])
                if number < highest:
                    out.append((p, p.line_of("lines"),
                                f"{p.title!r} (line {n}) has footnote {number} after footnote "
                                f"{highest} ({where}): a section or range is out of reading order"))
                elif number > highest:
                    highest, where = number, f"{p.title!r}, line {n}"
    touched.update(p.title for p, _at, _m in out if p is not None)
    return out, touched


@dataclass(frozen=True)
class PlaceText:
    """A place's body as one string, in reading order: lines joined by
    ``\\n``, each line-end hyphen resolved (the word joined, its hyphen kept
    or dropped by the witness's usage), spacing collapsed."""

    place: Place
    text: str
    starts: tuple[int, ...]  # offset in ``text`` where each line's words begin
    numbers: tuple[int, ...]  # the transcription line of each

    def line_at(self, offset: int) -> int:
        return self.numbers[max(0, bisect.bisect_right(self.starts, offset) - 1)]


def usage_of(wmap: WitnessMap, lines: Sequence[str]) -> Usage:
    """The witness's usage, read from every place's body in reading order."""
    return Usage(lines[n - 1] for p in wmap.places for n in body(p) if n <= len(lines))


def text_of(place: Place, lines: Sequence[str], usage: Usage) -> PlaceText:
    text, starts, numbers = "", [], []
    for n in body(place):
        if n > len(lines):
            break
        line = " ".join(lines[n - 1].split())
        if not line:
            continue
        if text:
            joined, decision = usage.join(text, line)
            if decision is not None:  # a broken word runs on into this line
                text = joined
                starts.append(len(text) - len(line))
                numbers.append(n)
                continue
            text += "\n"
        starts.append(len(text))
        numbers.append(n)
        text += line
    return PlaceText(place, text, tuple(starts), tuple(numbers))


def words_at(place: Place, lines: Sequence[str], usage: Usage, n: int = 4) -> tuple[str, str]:
    """The first and the last ``n`` words of the place's body as read (its
    heading's, for a part without a body): what a reader checks the map by."""
    words = text_of(place, lines, usage).text.split()
    if not words and place.heading:
        first, last = place.heading
        words = " ".join(lines[first - 1:last]).split()
    return " ".join(words[:n]), " ".join(words[-n:])


def transcription(directory: Path, wmap: WitnessMap) -> list[str]:
    return (directory / wmap.file).read_text(encoding="utf-8").splitlines()


def missing_files(directory: Path, maps: Mapping[str, WitnessMap]) -> str | None:
    for wmap in maps.values():
        if not (directory / wmap.file).is_file():
            return f"{directory / wmap.file} is missing"
    return None
