"""The edition's prose against its witnesses: pure, no Sphinx.

Summaries, commentary notes and apparatus entries are in the edition's own
words; a witness's words (the outcome's among them) stand only inside
quotation marks. This module measures how far the prose outside quotation
marks follows a witness:

- :func:`longest_run`: the longest run of consecutive words it shares with
  the witness (the test: fewer than :data:`MAX_RUN`);
- :func:`borrowed_share`: the share of its words that lie in a sequence of
  :data:`SHARE_N` words found in the witness (reported, not a rule);
- :func:`un_run`: the longest run it shares with the words the witnesses
  quote (the outcome's and other UN wording), which belongs inside
  quotation marks.

Words are compared in lower case, punctuation and hyphens being spaces; in
the witness a line-end hyphen is undone first. Quoted passages (‘…’ and
“…”), citations and other roles are not the prose's own and are left out;
each of them breaks a run.

``edition overlap`` prints the measures for every summary, note and
apparatus entry (``EDITION_WITNESSES`` names the witness texts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .quotations import load_map

#: a run of this many consecutive words shared with the witness is copying
MAX_RUN = 12
#: the length of the sequences :func:`borrowed_share` counts
SHARE_N = 5

_ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
_QUOTED = re.compile(r"‘[^‘]*?’(?![a-z])|“[^“”]*”")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'").replace("'", ""))


def segments(text: str) -> list[list[str]]:
    """The prose's own words, in runs that quotations and roles break."""
    text = _ROLE.sub("\x00", text)
    text = _QUOTED.sub("\x00", text)
    return [w for part in text.split("\x00") if (w := words(part))]


def witness_words(raw: str) -> list[str]:
    """A witness transcription as words, line-end hyphenation undone."""
    return words(re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw))


def quoted_in(raw: str) -> list[list[str]]:
    """What a witness quotes (‘…’), as word lists."""
    flat = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw)
    flat = " ".join(flat.split())
    return [w for m in re.finditer(r"‘([^‘’]{3,}?)’(?![a-z])", flat) if (w := words(m[1]))]


class Index:
    """The n-word sequences of a text, for runs up to any length."""

    def __init__(self, texts: list[list[str]]):
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
    prose: Any  # the piece measured (:class:`..sources.pages.Prose`)
    run: int  # longest run shared with its witness(es)
    run_text: str
    share: float  # share of words in SHARE_N-word sequences of its witness(es)
    un: int  # longest run shared with what the witnesses quote
    un_text: str
    words: int


def measure(pieces: Iterable[Any], texts: dict[str, str]) -> list[Measure]:
    """Every piece of prose (anything with ``text`` and ``witnesses``: the
    pages' summaries, notes and apparatus entries, :func:`..sources.pages.prose`)
    measured against ``texts`` (witness siglum -> transcription)."""
    own = {s: Index([witness_words(t)]) for s, t in texts.items()}
    quoted = Index([q for t in texts.values() for q in quoted_in(t)])
    out = []
    for p in pieces:
        segs = segments(p.text)
        runs = [longest_run(segs, own[w]) for w in p.witnesses if w in own]
        run, run_text = max(runs, default=(0, ""))
        share = max((borrowed_share(segs, own[w]) for w in p.witnesses if w in own), default=0.0)
        un, un_text = longest_run(segs, quoted)
        out.append(Measure(p, run, run_text, share, un, un_text, sum(map(len, segs))))
    return out


def witness_texts(directory: Path, data: Path) -> dict[str, str]:
    return {s: (directory / e["file"]).read_text(encoding="utf-8") for s, e in load_map(data).items()}
