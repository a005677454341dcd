"""Line-end hyphens, resolved by the text's own usage: pure, standard library.

A word broken at a line end with a hyphen (``post-`` | ``conflict``) is
either a hyphenated word that the typesetter broke at its hyphen or a plain
word that the typesetter hyphenated. The text itself decides:

- the hyphen stays when the text writes the word with its hyphen inside a
  line at least as often as closed up (``post-conflict``, ``record-keeping``);
- it goes when the text writes the word closed up more often, or nowhere
  else (``implemen-`` | ``tation``: *implementation*);
- a break before a capital or a digit keeps its hyphen (``small-`` | ``Arms``).

Only whole words inside a line count as usage: the two halves of a broken
word are not a spelling of anything. Case is ignored.

One implementation serves every reader of broken lines: the quotation checks
and the prose measure, which read the witness transcriptions
(:mod:`.witnessmap`, :mod:`.quotations`, :mod:`.overlap`), and the import of an
official text (:mod:`.officialtext`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

#: a word as the text spells it: letters and digits, inner hyphens and apostrophes kept
WORD = re.compile(r"\w+(?:[-’']\w+)*")
#: a line that ends in a broken word (``implemen-``; not a dash after a space)
_BROKEN = re.compile(r"(?<![\w’'-])(?P<stem>\w+(?:[-’']\w+)*)-$")
#: the second half: the first word of the next line
_REST = re.compile(r"\w+(?:[-’']\w+)*")


def _last_word(text: str) -> str:
    """What follows ``text``'s last space: all a broken word at its end can
    be (a broken word holds no space, and a space is never part of it nor
    the character before it that ``_BROKEN`` refuses). ``join`` searches
    only this, not the whole text read so far (which grows by a line at each
    call: searched whole, reading a place was quadratic in its length).
    A final newline is kept (``$`` matches before it)."""
    start = len(text) - text.endswith("\n")
    while start and not text[start - 1].isspace():
        start -= 1
    return text[start:]


def broken(line: str) -> bool:
    """The line (spacing collapsed) ends in a word broken with a hyphen."""
    return bool(_BROKEN.search(" ".join(line.split())))


class Usage:
    """How a text writes its words inside lines: the evidence for every break.

    ``lines`` are the text's lines in reading order (blank lines allowed: a
    broken word may continue after one)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.forms: Counter[str] = Counter()
        after_break = False
        for raw in lines:
            line = " ".join(raw.split())
            if not line:
                continue
            words = WORD.findall(line)
            ends_broken = broken(line)
            if ends_broken and words:
                words = words[:-1]  # the first half of a broken word
            if after_break and words:
                words = words[1:]  # the second half
            self.forms.update(w.lower() for w in words)
            after_break = ends_broken

    def keeps(self, stem: str, rest: str) -> bool:
        """Whether ``stem-`` | ``rest`` is the hyphenated word ``stem-rest``."""
        if not rest[:1].islower():
            return True  # "small-" | "Arms", "2015-" | "16": no typesetter's break
        hyphenated = self.forms[f"{stem}-{rest}".lower()]
        closed = self.forms[f"{stem}{rest}".lower()]
        return hyphenated > 0 and hyphenated >= closed

    def word(self, stem: str, rest: str) -> str:
        """The word ``stem-`` | ``rest`` stands for."""
        return f"{stem}-{rest}" if self.keeps(stem, rest) else f"{stem}{rest}"

    def join(self, first: str, second: str) -> tuple[str, tuple[str, str] | None]:
        """Two consecutive lines (spacing collapsed) as one string: where
        ``first`` ends in a broken word, the word resolved (hyphen kept or
        dropped) and ``(broken, word)`` returned, else a space between them
        and None."""
        m, n = _BROKEN.search(_last_word(first)), _REST.match(second)
        if not m or not n:
            return (f"{first} {second}" if first and second else first + second), None
        word = self.word(m["stem"], n[0])
        broken_form = f"{m['stem']}-|{n[0]}"
        if "-" in word[len(m["stem"]):len(m["stem"]) + 1]:
            return first + second, (broken_form, word)
        return first[:-1] + second, (broken_form, word)


def resolve(lines: Iterable[str], usage: Usage | None = None) -> str:
    """Lines (in reading order) as one string: spacing collapsed, a line
    break a space, each line-end hyphen resolved by ``usage`` (by default
    the usage of these lines)."""
    lines = [" ".join(line.split()) for line in lines]
    usage = usage or Usage(lines)
    out = ""
    for line in lines:
        if line:
            out = usage.join(out, line)[0] if out else line
    return out
