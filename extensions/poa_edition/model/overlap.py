"""The edition's prose against its witnesses: pure, no Sphinx.

Summaries, commentary notes, apparatus entries and the timeline's facts are
in the edition's own words; a witness's words (the outcome's among them)
stand only inside quotation marks. This module measures how far the prose
outside quotation marks follows a witness, and bounds it for every piece
(:func:`over_bounds`):

- :func:`longest_run`: the longest run of consecutive words it shares with
  the witness: at most :data:`MAX_RUN` − 1 (11) words;
- :func:`borrowed_share`: the share of its words that lie in a sequence of
  :data:`SHARE_N` words found in the witness: under :data:`MAX_SHARE` (half);
- the longest run it shares with the words the witnesses quote (their
  ‘…’ quotations and their block quotations, which the witness map marks:
  the outcome's and other UN wording): at most :data:`MAX_QUOTED_RUN` − 1
  (5) words, since such wording belongs inside quotation marks.

Words are counted as the witness spells them: a hyphenated word is one word
(``post-conflict``, ``policy-making``, and ``policymaking`` is the same word),
case, punctuation and apostrophes aside. In the witness a line-end hyphen is
first resolved by the witness's own usage (:mod:`.hyphenation`), and each
place of its map is read in its reading order (:mod:`.witnessmap`), so a
word or a run broken across a line end, a caption or a page break counts as
the witness has it. Quoted passages (‘…’ and “…”), citations and other roles
are not the prose's own and are left out; each of them breaks a run.

``edition overlap`` prints the measures (``EDITION_WITNESSES`` names the
witness texts) and fails when a piece is out of bounds; the tests apply the
same bounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import witnessmap
from .hyphenation import WORD, resolve

#: a run of this many consecutive words shared with the witness is copying
MAX_RUN = 12
#: a piece with this share of its words in the witness's five-word sequences
#: (or more) is close paraphrase
MAX_SHARE = 0.5
#: a run of this many words of what the witnesses quote is unmarked quotation
MAX_QUOTED_RUN = 6
#: the length of the sequences :func:`borrowed_share` counts
SHARE_N = 5

_ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
_QUOTED = re.compile(r"‘[^‘]*?’(?![a-z])|“[^“”]*”")
_SINGLE = re.compile(r"‘([^‘’]{3,}?)’(?![a-z])")


def words(text: str) -> list[str]:
    """The words of ``text`` as the witness spells them: a hyphenated word is
    one word, compared without its hyphens (``post-conflict``, ``postconflict``
    and ``post conflict`` are not the same: the first two are)."""
    out = []
    for w in WORD.findall(text.lower()):
        out.extend(re.findall(r"[^\W_]+", w.replace("-", "").replace("’", "").replace("'", "")))
    return out


def segments(text: str) -> list[list[str]]:
    """The prose's own words, in runs that quotations and roles break."""
    text = _ROLE.sub("\x00", text)
    text = _QUOTED.sub("\x00", text)
    return [w for part in text.split("\x00") if (w := words(part))]


def witness_words(raw: str) -> list[str]:
    """A text as words, its line-end hyphens resolved by its own usage."""
    return words(resolve(raw.splitlines()))


def quoted_in(raw: str) -> list[list[str]]:
    """What a text quotes in ‘…’, as word lists."""
    return [w for m in _SINGLE.finditer(" ".join(raw.split())) if (w := words(m[1]))]


@dataclass(frozen=True)
class WitnessText:
    """A witness as the measure reads it: the words of each place of its map,
    and the passages it quotes (‘…’ and block quotations)."""

    places: tuple[tuple[str, ...], ...]
    quoted: tuple[tuple[str, ...], ...] = field(default=())


def read_witness(wmap: witnessmap.WitnessMap, lines: list[str]) -> WitnessText:
    usage = witnessmap.usage_of(wmap, lines)
    places, quoted = [], []
    for place in wmap.places:
        text = witnessmap.text_of(place, lines, usage).text
        places.append(tuple(words(text)))
        quoted += [tuple(w) for w in quoted_in(text)]
        for rng in place.quoted:
            block = witnessmap.Place(place.title, place.kind, None, (rng,))
            quoted.append(tuple(words(witnessmap.text_of(block, lines, usage).text)))
    return WitnessText(tuple(places), tuple(quoted))


def witness_texts(directory: Path, data: Path) -> dict[str, WitnessText]:
    """Each witness read through its map (``data``'s witness_sections.toml)."""
    return {s: read_witness(m, witnessmap.transcription(directory, m))
            for s, m in witnessmap.read(data).items()}


def _as_witness(text: str | WitnessText) -> WitnessText:
    if isinstance(text, WitnessText):
        return text
    return WitnessText((tuple(witness_words(text)),), tuple(map(tuple, quoted_in(text))))


class Index:
    """The n-word sequences of texts, for runs up to any length."""

    def __init__(self, texts: Iterable[Iterable[str]]):
        texts = [list(t) for t in texts]
        self.joined = ["\x01" + " ".join(t) + "\x01" for t in texts]
        self.grams: set[tuple[str, ...]] = set()
        for t in texts:
            self.grams.update(tuple(t[i:i + SHARE_N]) for i in range(len(t) - SHARE_N + 1))

    def has(self, seq: list[str]) -> bool:
        if len(seq) >= SHARE_N and tuple(seq[:SHARE_N]) not in self.grams:
            return False
        needle = " ".join(seq)
        return any(f"\x01{needle} " in j or f" {needle} " in j or f" {needle}\x01" in j
                   or f"\x01{needle}\x01" in j for j in self.joined)


def longest_run(segs: list[list[str]], index: Index) -> tuple[int, str]:
    """The longest run of consecutive words that stands in ``index``, and the run."""
    best, text = 0, ""
    for seg in segs:
        for i in range(len(seg)):
            k = best + 1
            while i + k <= len(seg) and index.has(seg[i:i + k]):
                best, text = k, " ".join(seg[i:i + k])
                k += 1
    return best, text


def borrowed_share(segs: list[list[str]], index: Index) -> float:
    """The share of the words that lie in a :data:`SHARE_N`-word sequence of ``index``."""
    total = sum(len(s) for s in segs)
    if not total:
        return 0.0
    covered = 0
    for seg in segs:
        hit = [False] * len(seg)
        for i in range(len(seg) - SHARE_N + 1):
            if tuple(seg[i:i + SHARE_N]) in index.grams:
                hit[i:i + SHARE_N] = [True] * SHARE_N
        covered += sum(hit)
    return covered / total


@dataclass(frozen=True)
class Measure:
    prose: Any  # the piece measured (:class:`..sources.pages.Prose`, :class:`Piece`)
    run: int  # longest run shared with its witness(es)
    run_text: str
    share: float  # share of words in SHARE_N-word sequences of its witness(es)
    un: int  # longest run shared with what the witnesses quote
    un_text: str
    words: int


def over_bounds(m: Measure) -> list[str]:
    """Why a piece is not in the edition's own words; [] when it is."""
    out = []
    if m.run >= MAX_RUN:
        out.append(f"shares {m.run} consecutive words with {'/'.join(m.prose.witnesses)} "
                   f"(at most {MAX_RUN - 1}): {m.run_text!r}")
    if m.share >= MAX_SHARE:
        out.append(f"{m.share:.0%} of its {m.words} words lie in five-word sequences of "
                   f"{'/'.join(m.prose.witnesses)} (under {MAX_SHARE:.0%}): close paraphrase")
    if m.un >= MAX_QUOTED_RUN:
        out.append(f"{m.un} words of what the witnesses quote stand outside quotation marks "
                   f"(at most {MAX_QUOTED_RUN - 1}): {m.un_text!r}")
    return out


def measure(pieces: Iterable[Any], texts: Mapping[str, str | WitnessText]) -> list[Measure]:
    """Every piece of prose (anything with ``text`` and ``witnesses``: the
    pages' summaries, notes and apparatus entries, :func:`..sources.pages.prose`;
    the timeline's facts, :func:`timeline_pieces`) measured against ``texts``
    (witness siglum -> the witness read through its map, :func:`witness_texts`,
    or a plain transcription)."""
    read = {s: _as_witness(t) for s, t in texts.items()}
    own = {s: Index(w.places) for s, w in read.items()}
    quoted = Index([q for w in read.values() for q in w.quoted])
    out = []
    for p in pieces:
        segs = segments(p.text)
        runs = [longest_run(segs, own[w]) for w in p.witnesses if w in own]
        run, run_text = max(runs, default=(0, ""))
        share = max((borrowed_share(segs, own[w]) for w in p.witnesses if w in own), default=0.0)
        un, un_text = longest_run(segs, quoted)
        out.append(Measure(p, run, run_text, share, un, un_text, sum(map(len, segs))))
    return out


@dataclass(frozen=True)
class Piece:
    """A piece of prose that is not on a page: a timeline entry's facts."""

    id: str
    kind: str
    path: Path
    line: int
    text: str
    witnesses: tuple[str, ...]


def timeline_pieces(path: Path, witnesses: tuple[str, ...] = ("BP", "IB")) -> list[Piece]:
    """Each timeline event's facts, measured against the witnesses of its evidence."""
    from .timeline import load

    return [Piece(f"timeline {e.id}", "timeline", path, e.line, e.facts,
                  tuple(dict.fromkeys(ev.witness for ev in e.evidence)) or witnesses)
            for e in load(path, witnesses) if e.facts]
