"""Collation of a witness's quotation with the official text: pure, no Sphinx.

A witness quotes a paragraph; once the official text is in the edition the
quotation is compared with it word by word. The only differences forgiven
are the witness's own marks: ``[…]`` (or ``...``, ``…``) where it leaves
words out, a bracketed insertion standing for words it replaced (``the
[ITI]``), and brackets inside a word (``urg[ing]``, ``[f]ull``). Line breaks
are spaces. Everything else that differs, a letter, a quotation mark, a
hyphen, is a variant.

:func:`collate` gives one of

- ``agrees``: the quotation stands in the paragraph;
- ``variant``: it stands there with differences, each a pair (witness
  reading, official reading);
- ``elsewhere``: it is not in the paragraph but in another one (named);
- ``absent``: it is nowhere in the official text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any
from dataclasses import dataclass, field

ELISION = re.compile(r"\s*(?:\[…\]|\[\.\.\.\]|…|\.\s?\.\s?\.)\s*")
TOKEN = re.compile(r"\[[^\]\s]+(?:\s[^\]]+)?\]|[\w\[\]]+(?:[-'’/][\w\[\]]+)*|[^\w\s]")

AGREES, VARIANT, ELSEWHERE, ABSENT = "agrees", "variant", "elsewhere", "absent"
#: how much of a quotation must align with a paragraph for a variant (else it
#: is looked for elsewhere)
THRESHOLD = 0.6


@dataclass(frozen=True, slots=True)
class Result:
    status: str
    #: (witness reading, official reading) for each difference (variants)
    differences: tuple[tuple[str, str], ...] = ()
    #: the official words the quotation was aligned with
    official: str = ""
    #: where it stands instead (``elsewhere``)
    found_in: str | None = None
    score: float = 0.0

    def to_json(self) -> dict:
        return {"status": self.status, "differences": [list(d) for d in self.differences],
                "official": self.official, "found_in": self.found_in,
                "score": round(self.score, 3)}


def tokens(text: str) -> list[str]:
    return TOKEN.findall(" ".join(text.split()))


def _span(text: str, start: int, end: int) -> str:
    """The official words from token ``start`` to ``end``, as written."""
    norm = " ".join(text.split())
    spans = [m.span() for m in TOKEN.finditer(norm)]
    if start >= end or start >= len(spans):
        return ""
    return norm[spans[start][0]:spans[min(end, len(spans)) - 1][1]]


def pieces(quotation: str) -> list[str]:
    """The quotation's parts between the witness's elisions."""
    return [p for p in ELISION.split(" ".join(quotation.split())) if p.strip()]


def _is_insertion(token: str) -> bool:
    return token.startswith("[") and token.endswith("]")


def _token_re(token: str) -> re.Pattern[str] | None:
    """A token with brackets inside (``urg[ing]``, ``[f]ull``) as a pattern."""
    if "[" not in token or _is_insertion(token):
        return None
    out = ""
    for part in re.split(r"(\[[^\]]*\])", token):
        if part.startswith("["):
            out += r"\w*" if len(part) > 3 else r"\w?"
        else:
            out += re.escape(part)
    return re.compile(out + r"\Z")


@dataclass(slots=True)
class _Alignment:
    score: float
    start: int
    end: int
    differences: list[tuple[str, str]] = field(default_factory=list)


def _align(piece: list[str], text: list[str], start: int) -> _Alignment:
    """The best place for ``piece`` in ``text[start:]``, and its differences."""
    if not piece:
        return _Alignment(1.0, start, start)
    best: _Alignment | None = None
    n = len(piece)
    own_words = len([t for t in piece if not _is_insertion(t)]) or 1
    # candidate windows: around each place the piece's rarest words stand
    # (by the word, or its pattern for ``urg[ing]``)
    found: list[tuple[int, int, list[int]]] = []  # (occurrences, index in piece, positions)
    for idx, t in enumerate(piece):
        if _is_insertion(t):
            continue
        pat = _token_re(t)
        pos = [i for i in range(start, len(text)) if (pat.match(text[i]) if pat else text[i] == t)]
        if pos:
            found.append((len(pos), idx, pos))
    # the three rarest words: one of them may be the very word that differs
    windows = sorted({(max(start, p - idx - 3), max(start, p - idx + n + 6))
                      for _, idx, ps in sorted(found)[:3] for p in ps[:200]})
    if not windows:
        windows = [(start, start + n + 6)]
    for lo, hi in windows:
        window = text[lo:hi]
        if not window:
            continue
        a = _with_patterns(piece, window)
        sm = difflib.SequenceMatcher(None, a, window, autojunk=False)
        blocks = [b for b in sm.get_matching_blocks() if b.size]
        if not blocks:
            continue
        first, last = blocks[0], blocks[-1]
        # the window from where the piece's first word would stand to its last
        w0 = max(0, first.b - first.a)
        w1 = min(len(window), last.b + last.size + (len(a) - last.a - last.size))
        sm2 = difflib.SequenceMatcher(None, a, window[w0:w1], autojunk=False)
        matched = sum(b.size for b in sm2.get_matching_blocks()
                      if not any(_is_insertion(t) for t in a[b.a:b.a + b.size]))
        score = matched / own_words
        if best is None or score > best.score + 1e-9:
            diffs = []
            for tag, i1, i2, j1, j2 in sm2.get_opcodes():
                if tag == "equal":
                    continue
                wit = a[i1:i2]
                if wit and all(_is_insertion(t) for t in wit):
                    continue  # the witness's own insertion stands for these words
                diffs.append((_detok(piece[i1:i2]), _detok(window[w0 + j1:w0 + j2])))
            best = _Alignment(score, lo + w0, lo + w1, diffs)
        if best.score == 1.0 and not best.differences:
            return best
    return best or _Alignment(0.0, start, start)


def _with_patterns(piece: list[str], window: list[str]) -> list[str]:
    """``piece`` with each bracketed token replaced by the window's word it matches."""
    out = []
    for t in piece:
        pat = _token_re(t)
        if pat is not None:
            hit = next((w for w in window if pat.match(w)), None)
            out.append(hit if hit is not None else t)
        else:
            out.append(t)
    return out


def _detok(ts: list[str]) -> str:
    s = " ".join(ts)
    return re.sub(r" ([,.;:!?)\]’”])", r"\1", re.sub(r"([(\[‘“]) ", r"\1", s))


def _against(quotation: str, official: str) -> _Alignment:
    text = tokens(official)
    total, weight, diffs = 0.0, 0, []
    start, first = 0, None
    for piece in pieces(quotation):
        pt = tokens(piece)
        al = _align(pt, text, start)
        n = len([t for t in pt if not _is_insertion(t)]) or 1
        total += al.score * n
        weight += n
        diffs.extend(al.differences)
        first = al.start if first is None else first
        start = al.end
    score = total / max(weight, 1)
    return _Alignment(score, first or 0, start, diffs)


def collate(quotation: str, attributed: str, paragraphs: Mapping[str, str],
            own: tuple[str, ...] = ()) -> Result:
    """Compare ``quotation`` with ``attributed`` (the official text of the
    paragraph(s) it is attributed to, ``own``); look in ``paragraphs`` (ID ->
    official text) when it is not there."""
    al = _against(quotation, attributed)
    official = _span(attributed, al.start, al.end)
    if al.score == 1.0 and not al.differences:
        return Result(AGREES, official=official, score=1.0)
    # the exact words elsewhere?
    best_id, best = None, None
    for pid, text in paragraphs.items():
        if pid in own:
            continue
        other = _against(quotation, text)
        if other.score == 1.0 and not other.differences:
            return Result(ELSEWHERE, official=_span(text, other.start, other.end),
                          found_in=pid, score=al.score)
        if best is None or other.score > best.score:
            best_id, best = pid, other
    if al.score >= THRESHOLD and (best is None or al.score >= best.score):
        return Result(VARIANT, tuple(al.differences), official, score=al.score)
    if best is not None and best.score >= THRESHOLD:
        return Result(ELSEWHERE, tuple(best.differences),
                      _span(paragraphs[best_id], best.start, best.end),
                      found_in=best_id, score=al.score)
    return Result(ABSENT, score=al.score)


def collate_quotation(text: Any, owner: str, quotation: str,
                      others: tuple[str, ...] = ()) -> Result | None:
    """A quotation attributed to ``owner`` (and, for a joint fragment, to
    ``others`` with it) against the official text ``text``
    (:class:`~.registry.OfficialText`): the one comparison the page, the
    model file and ``edition collate`` make. None when a paragraph it is
    attributed to has no official unit."""
    group = (owner, *others)
    words = [text.text_of(i) for i in group]
    if None in words:
        return None
    own = group + tuple(u.id for i in group for u in text.shown_in(i))
    return collate(quotation, " ".join(words), text.paragraphs(), own)
