"""Quotations against the witness texts: pure, no Sphinx.

The witness texts are not part of the edition: they are read from a
directory (the variable ``EDITION_WITNESSES``), by the file names and
section map in ``edition/_data/witness_sections.toml``. The rules:

- **verbatim**: the quotation stands in its witness character for character.
  The only liberty is the extraction's: a line break in the transcription
  is a space, or nothing where it breaks a word (with the line-end hyphen
  undone, or none: ``compli-|ance``, ``proced|ures``, ``and/|or``).
- **omissions**: ``[…]`` stands only where the witness itself marks an
  omission in what it quotes (``. . .``, ``…`` or ``[…]``): the editors
  never shorten a quotation themselves.
- **insertions**: brackets stand as the witness has them (``minimiz[ing]``);
  one bracketed letter may mark the editors' change of case (``[f]ull`` for
  the witness's ``Full``).
- **place**: the quotation lies inside the section its ``:place:`` names (the
  section's line ranges in the map); a note's ``:place:`` is a section of its
  witness.
- **grouping**: a joint fragment's ``:grouping:`` (the witness's own words
  for the paragraphs it quotes the words from together) stands verbatim in
  the witness.

The evidence the timeline quotes (``timeline.toml``, :mod:`.timeline`) keeps
the same rules.

Quotations that the extraction tore apart (:data:`TORN`) are checked in
their parts, the later part anywhere in the witness.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import timeline
from .registry import DataError

MAP_FILE = "witness_sections.toml"

#: Quotations the extraction tore apart (a caption or page break between the
#: halves, sometimes the second half earlier in the file): the words of the
#: quotation after which it breaks. Each part is then checked on its own.
TORN = {
    "BP": ("the meaningful",),
    "IB": ("encouraged engagement with industry […] to ensure that the parties involved "
           "remain fully informed of",),
}

#: the witness's own marks of an omission in what it quotes
ELISION = r"(?:\.[ \n]?\.[ \n]?\.|…|\[…\]|\[\.\.\.\])"



@dataclass(frozen=True)
class Witness:
    siglum: str
    text: str  # the transcription, lines joined by "\n", spacing collapsed
    line_starts: list[int]  # offset in ``text`` of each line (1-based lines)
    sections: dict[str, list[tuple[int, int]]]

    def line_at(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)


def load_map(data: Path) -> dict[str, dict]:
    return tomllib.loads((data / MAP_FILE).read_text(encoding="utf-8"))


def missing_files(directory: Path, data: Path) -> str | None:
    """Why the witness texts cannot be read from ``directory``; None if they can."""
    for entry in load_map(data).values():
        if not (directory / entry["file"]).is_file():
            return f"{directory / entry['file']} is missing"
    return None


def witnesses(directory: Path, data: Path) -> dict[str, Witness]:
    out = {}
    for siglum, entry in load_map(data).items():
        raw = (directory / entry["file"]).read_text(encoding="utf-8").splitlines()
        lines = [" ".join(line.split()) for line in raw]
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        # every place of the map (a section, a box, a figure ...) by its title:
        # the line ranges of its body, in reading order
        sections = {p["title"]: [tuple(r) for r in p["lines"]] for p in entry["place"]}
        out[siglum] = Witness(siglum, "\n".join(lines), starts, sections)
    return out


def _pattern(quotation: str) -> str:
    """A regular expression for ``quotation`` under the rules above (whole
    words: a quotation neither starts nor ends inside a word)."""
    out: list[str] = [r"(?<!\w)"]
    soft = r"(?:-?\n+)?"  # a line break inside a word, its hyphen undone (or none)
    i = 0
    while i < len(quotation):
        if quotation.startswith("[…]", i):
            out.append(r"[ \n]*" + ELISION + r"[ \n]*")
            i += 3
            while i < len(quotation) and quotation[i] == " ":
                i += 1
            continue
        m = re.match(r"\[([a-z])\]", quotation[i:])
        if m:  # the editors' change of case of one letter, or the witness's own [x]
            out.append(f"(?:\\[{m[1]}\\]|[{m[1]}{m[1].upper()}])" + soft)
            i += 3
            continue
        c = quotation[i]
        if c == " ":
            out.append(r"(?: \n*|\n+ ?)")
        else:
            out.append(re.escape(c) + soft)
        i += 1
    return "".join(out).removesuffix(r"(?:-?\n+)?") + r"(?!\w)"


def find(witness: Witness, quotation: str) -> int | None:
    """The offset where ``quotation`` first stands in ``witness``, or None."""
    m = re.search(_pattern(quotation), witness.text)
    return m.start() if m else None


def lines_of(witness: Witness, quotation: str) -> list[int]:
    """Every line of ``witness`` where ``quotation`` begins."""
    return [witness.line_at(m.start()) for m in re.finditer(_pattern(quotation), witness.text)]


def _diverges(witness: Witness, quotation: str) -> str:
    """Where the quotation first leaves the witness: the longest run of its
    words that stands there, and what follows in the quotation."""
    words = quotation.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if find(witness, " ".join(words[:mid])) is not None:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return f"not verbatim in {witness.siglum}: {quotation[:60]!r} stands nowhere in it"
    return (f"not verbatim in {witness.siglum}: it agrees as far as "
            f"{' '.join(words[max(0, lo - 4):lo])!r}, then reads {' '.join(words[lo:lo + 4])!r}")


def parts(siglum: str, quotation: str) -> list[str]:
    """The quotation, or its parts where the extraction tore it (:data:`TORN`)."""
    for cut in TORN.get(siglum, ()):
        if quotation.startswith(cut) and quotation != cut:
            return [cut, quotation[len(cut):].strip()]
    return [quotation]


def stands(witness: Witness, quotation: str) -> bool:
    """The quotation (or each torn part of it) stands somewhere in the witness."""
    return all(find(witness, part) is not None for part in parts(witness.siglum, quotation))


def problem(texts: dict[str, Witness], options: dict[str, str], wording: str) -> str | None:
    """What is wrong with one quotation; None when it keeps every rule."""
    siglum = options.get("witness")
    witness = texts.get(siglum or "")
    if witness is None:
        return f"unknown witness {siglum!r}"
    place = options.get("place", "").strip().strip("“”\" ")
    if not place:
        return "a quotation names its place in the witness (:place:)"
    ranges = witness.sections.get(place)
    if ranges is None:
        return f"no section {place!r} in {siglum} (witness_sections.toml)"
    for n, part in enumerate(parts(siglum, wording)):
        lines = lines_of(witness, part)
        if not lines:
            return _diverges(witness, part)
        if n == 0 and not any(a <= line <= b for line in lines for a, b in ranges):
            return (f"stands in {siglum} at line {', '.join(map(str, lines))}, outside the "
                    f"section {place!r} (lines {', '.join(f'{a}–{b}' for a, b in ranges)})")
    grouping = " ".join(options.get("grouping", "").split())
    if grouping and find(witness, grouping) is None:
        return f"grouping {grouping!r} is not the witness's own words: {_diverges(witness, grouping)}"
    return None


#: one quotation to check: (file, line, options, words)
Item = tuple[str, int, dict[str, str], str]
#: one note's place to check: (file, line, witness siglum, place)
NotePlace = tuple[str, int, str, str]


def from_model(model: Mapping[str, Any]) -> tuple[list[Item], list[NotePlace]]:
    """The quotations and note places of a model file (:mod:`.modelfile`),
    as the build read them; files relative to the source directory."""
    items: list[Item] = []
    places: list[NotePlace] = []
    for obj in model["objects"]:
        if obj["kind"] == "note":
            places.append((obj["file"], obj["line"], obj["siglum"], obj["place"]))
            continue
        for q in obj["quotations"]:
            options = {"witness": q["witness"], "place": q["place"], "extent": q["extent"]}
            if q["grouping"]:
                options["grouping"] = q["grouping"]
            if q["with"]:
                options["with"] = ", ".join(q["with"])
            items.append((q["file"], q["line"], options, q["text"]))
    return items, places


def check(items: Iterable[Item], places: Iterable[NotePlace], texts: Mapping[str, Witness],
          timeline_file: Path | None = None,
          timeline_name: str = "") -> Iterator[tuple[str, int, str]]:
    """Every quotation verbatim and placed; every note's ``:place:`` a
    section of its own witness; the timeline's evidence by the same rules."""
    for where, line, options, wording in items:
        if (p := problem(texts, options, wording)) is not None:
            yield where, line, p
    for where, line, siglum, place in places:
        place = place.strip().strip("“”\" ")
        witness = texts.get(siglum)
        if witness is not None and place and place not in witness.sections:
            yield (where, line, f"no section {place!r} in {siglum}: a note's :place: is a "
                                "section of its witness (witness_sections.toml)")
    if timeline_file is not None and timeline_file.is_file():
        try:
            found = evidence_problems(timeline_file, texts)
        except DataError:  # the build reports it, located
            found = []
        for line, message in found:
            yield timeline_name or str(timeline_file), line, message


def evidence_problems(path: Path, texts: dict) -> list[tuple[int, str]]:
    """``(line, message)`` for each quotation of the timeline's evidence that
    does not stand verbatim in the section its place names (``texts``: the
    witnesses, :func:`witnesses`)."""
    out = []
    for event in timeline.load(path, tuple(texts)):
        for ev in event.evidence:
            wrong = problem(texts, {"witness": ev.witness, "place": ev.place}, ev.quote)
            if wrong:
                out.append((event.line, f"timeline event {event.id}: {wrong}"))
    return out
