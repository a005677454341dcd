"""Citation-shaped text outside a role (the pages read by :mod:`..sources.pages`).

A citation typed as plain text, ``(UNGA, 2016d, para. 999)``, is never
checked: it resolves to nothing and fails nothing. This finds every
author-date label (``UNGA, 2016d``, ``Jamaica, 2016c``) and every empty
citation role in the edition's pages, outside ``{ed:cite}``/``{ed:label}``
and the other roles, outside quoted wording blocks, and outside “double
quotation marks” (where the edition shows what a citation looks like).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..sources import pages

ROLE = re.compile(r"\{[a-z][\w:-]*\}`[^`]*`")
EMPTY_ROLE = re.compile(r"\{ed:(?:cite|label|p)\}`\s*`")
LABEL = re.compile(r"\b(?:[A-Z][A-Za-z]+|[A-Z]{2,})(?: [A-Z][a-z]+)*, (?:19|20)\d\d[a-z]?\b")
QUOTED = re.compile(r"“[^”]*”")


@dataclass(frozen=True, slots=True)
class Hit:
    path: Path
    line: int
    text: str
    message: str


def _wording_lines(text: str) -> set[int]:
    """The lines of every ``{wording}`` block (quoted words, not the edition's)."""
    out: set[int] = set()
    for top in pages.directives(text):
        for d in top.walk():
            if d.name == "wording":
                out.update(range(d.line, d.end + 1))
    return out


def scan(path: Path) -> Iterator[Hit]:
    try:
        text = pages.read_text(path)
    except UnicodeDecodeError:  # the build reports it, at its line: nothing to scan
        return
    quoted = _wording_lines(text)
    for n, line in enumerate(text.splitlines(), 1):
        if n in quoted:
            continue
        for m in EMPTY_ROLE.finditer(line):
            yield Hit(path, n, m[0], "empty role: write the citation inside it")
        bare = QUOTED.sub(lambda m: " " * len(m[0]), ROLE.sub(lambda m: " " * len(m[0]), line))
        for m in LABEL.finditer(bare):
            yield Hit(path, n, m[0], f"citation-shaped text outside a role: {m[0]!r}; write "
                                     f"{{ed:cite}}`{m[0]}…` in a note or apparatus entry, or "
                                     f"{{ed:label}}`BP: {m[0]}` to name a work by a witness's label")


def scan_tree(root: Path) -> list[Hit]:
    return [hit for path in pages.pages(root) for hit in scan(path)]
