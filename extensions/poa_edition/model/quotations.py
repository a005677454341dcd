"""Quotations against the witness texts: pure, no Sphinx.

The witness texts are not part of the edition: they are read from a
directory (the variable ``EDITION_WITNESSES``), through the map of each
(:mod:`.witnessmap`, ``edition/_data/witness_sections.toml``): every place
(section, box, figure, caption) is read in its own reading order, so a
quotation that a caption or a page break tore apart in the transcription
reads whole. The rules:

- **verbatim**: the quotation stands in its witness character for character.
  The only liberty is the extraction's: a line break in the transcription is
  a space, or nothing where the extraction broke a word without a hyphen
  (``proced|ures``). A line-end hyphen is resolved by the witness's own
  usage (:mod:`.hyphenation`): ``post-|conflict`` is *post-conflict* where the
  witness writes the word so elsewhere, ``implemen-|tation`` is
  *implementation*; the quotation must read the word as resolved.
- **omissions**: an omission mark stands only where the witness itself has
  one, and as it has it: the Briefing Paper's ``. . .``, the Issue Brief's
  ``[…]``. The editors never shorten a quotation themselves.
- **insertions**: brackets stand as the witness has them (``minimiz[ing]``);
  one bracketed letter may mark the editors' change of case (``[f]ull`` for
  the witness's ``Full``).
- **place**: the quotation lies in the body of the place its ``:place:``
  names; a note's ``:place:`` is a place of its witness.
- **grouping**: a group fragment's ``:grouping:`` (the witness's own words
  for the paragraphs it quotes the words from together) stands verbatim in
  the witness.

The evidence the timeline quotes (``timeline.toml``, :mod:`.timeline`) keeps
the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import timeline, witnessmap
from .registry import DataError
from .witnessmap import MAP_FILE, PlaceText

__all__ = ["MAP_FILE", "Witness", "check", "evidence_problems", "find", "from_model",
           "lines_of", "load_map", "missing_files", "problem", "stands", "witnesses"]

#: the witness's own mark of an omission, as a quotation writes it
_ELISIONS = {"[…]": r"\[(?:…|\.\.\.)\]"}


@dataclass(frozen=True)
class Witness:
    siglum: str
    #: every place of the map by its title, its body read in reading order
    places: dict[str, PlaceText]

    @property
    def sections(self) -> dict[str, tuple[tuple[int, int], ...]]:
        """Every place's body ranges, by title (for messages and note places)."""
        return {title: pt.place.lines for title, pt in self.places.items()}


def load_map(data: Path) -> dict[str, dict]:
    """The map file as TOML (its witnesses' files: ``load_map(data)[siglum]["file"]``)."""
    import tomllib

    return tomllib.loads((data / MAP_FILE).read_text(encoding="utf-8"))


def missing_files(directory: Path, data: Path) -> str | None:
    """Why the witness texts cannot be read from ``directory``; None if they can."""
    return witnessmap.missing_files(directory, witnessmap.read(data))


def witnesses(directory: Path, data: Path) -> dict[str, Witness]:
    out = {}
    for siglum, wmap in witnessmap.read(data).items():
        lines = witnessmap.transcription(directory, wmap)
        usage = witnessmap.usage_of(wmap, lines)
        out[siglum] = Witness(siglum, {p.title: witnessmap.text_of(p, lines, usage)
                                       for p in wmap.places})
    return out


def _pattern(quotation: str) -> str:
    """A regular expression for ``quotation`` under the rules above (whole
    words: a quotation neither starts nor ends inside a word)."""
    out: list[str] = [r"(?<!\w)"]
    soft = r"\n?"  # a line break the extraction made inside a word, without a hyphen
    i = 0
    while i < len(quotation):
        mark = next((m for m in _ELISIONS if quotation.startswith(m, i)), None)
        if mark:
            out.append(_ELISIONS[mark])
            i += len(mark)
            continue
        m = re.match(r"\[([a-z])\]", quotation[i:])
        if m:  # the editors' change of case of one letter, or the witness's own [x]
            out.append(f"(?:\\[{m[1]}\\]|[{m[1]}{m[1].upper()}])" + soft)
            i += 3
            continue
        c = quotation[i]
        if c == " ":
            out.append(r"[ \n]")
        else:
            out.append(re.escape(c) + soft)
        i += 1
    return "".join(out).removesuffix(soft) + r"(?!\w)"


def _hits(witness: Witness, quotation: str) -> Iterator[tuple[str, int]]:
    """Every (place, line) where ``quotation`` begins in ``witness``."""
    pattern = re.compile(_pattern(quotation))
    for title, pt in witness.places.items():
        for m in pattern.finditer(pt.text):
            yield title, pt.line_at(m.start())


def find(witness: Witness, quotation: str) -> tuple[str, int] | None:
    """The first place and line where ``quotation`` stands in ``witness``, or None."""
    return next(_hits(witness, quotation), None)


def lines_of(witness: Witness, quotation: str) -> list[int]:
    """Every line of ``witness`` where ``quotation`` begins."""
    return sorted(line for _, line in _hits(witness, quotation))


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


def stands(witness: Witness, quotation: str) -> bool:
    """The quotation stands somewhere in the witness."""
    return find(witness, quotation) is not None


def problem(texts: Mapping[str, Witness], options: Mapping[str, str], wording: str) -> str | None:
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
    hits = list(_hits(witness, wording))
    if not hits:
        return _diverges(witness, wording)
    if not any(title == place for title, _ in hits):
        lines = sorted({line for _, line in hits})
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
          timeline_name: str = "", held: Container[tuple[str, str]] = (),
          withheld: list[tuple[str, int, str]] | None = None) -> Iterator[tuple[str, int, str]]:
    """Every quotation verbatim and placed; every note's ``:place:`` a
    section of its own witness; the timeline's evidence by the same rules.
    The problems of quotations whose (witness, place) is ``held`` (the map's
    problems touch it) go to ``withheld`` instead: one error per cause."""
    def place_of(options: Mapping[str, str]) -> tuple[str, str]:
        return options.get("witness", ""), options.get("place", "").strip().strip("“”\" ")

    for where, line, options, wording in items:
        if (p := problem(texts, options, wording)) is not None:
            if place_of(options) in held:
                if withheld is not None:
                    withheld.append((where, line, p))
                continue
            yield where, line, p
    for where, line, siglum, place in places:
        place = place.strip().strip("“”\" ")
        witness = texts.get(siglum)
        if witness is not None and place and place not in witness.sections:
            yield (where, line, f"no section {place!r} in {siglum}: a note's :place: is a "
                                "section of its witness (witness_sections.toml)")
    if timeline_file is not None and timeline_file.is_file():
        try:
            found = _evidence(timeline_file, texts)
        except DataError:  # the build reports it, located
            found = []
        for line, message, place in found:
            if place in held:
                if withheld is not None:
                    withheld.append((timeline_name or str(timeline_file), line, message))
                continue
            yield timeline_name or str(timeline_file), line, message


def evidence_problems(path: Path, texts: dict) -> list[tuple[int, str]]:
    """``(line, message)`` for each quotation of the timeline's evidence that
    does not stand verbatim in the section its place names (``texts``: the
    witnesses, :func:`witnesses`)."""
    return [(line, message) for line, message, _place in _evidence(path, texts)]


def _evidence(path: Path, texts: dict) -> list[tuple[int, str, tuple[str, str]]]:
    """:func:`evidence_problems`, each with the (witness, place) of its evidence."""
    out = []
    for event in timeline.load(path, tuple(texts)):
        for ev in event.evidence:
            wrong = problem(texts, {"witness": ev.witness, "place": ev.place}, ev.quote)
            if wrong:
                out.append((event.line, f"timeline event {event.id}: {wrong}",
                            (ev.witness, ev.place)))
    return out
