"""Citation-shaped text outside a role: pure, no Sphinx.

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

ROLE = re.compile(r"\{[a-z][\w:-]*\}`[^`]*`")
EMPTY_ROLE = re.compile(r"\{ed:(?:cite|label|p)\}`\s*`")
LABEL = re.compile(r"\b(?:[A-Z][A-Za-z]+|[A-Z]{2,})(?: [A-Z][a-z]+)*, (?:19|20)\d\d[a-z]?\b")
QUOTED = re.compile(r"“[^”]*”")
FENCE = re.compile(r"^(`{3,}|:{3,})\{(wording)\}")


@dataclass(frozen=True, slots=True)
class Hit:
    path: Path
    line: int
    text: str
    message: str


def scan(path: Path) -> Iterator[Hit]:
    in_wording: str | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if in_wording:
            if line.strip() == in_wording:
                in_wording = None
            continue
        if m := FENCE.match(line):
            in_wording = m[1]
            continue
        for m in EMPTY_ROLE.finditer(line):
            yield Hit(path, n, m[0], "empty role: write the citation inside it")
        bare = QUOTED.sub(lambda m: " " * len(m[0]), ROLE.sub(lambda m: " " * len(m[0]), line))
        for m in LABEL.finditer(bare):
            yield Hit(path, n, m[0], f"citation-shaped text outside a role: {m[0]!r}; write "
                                     f"{{ed:cite}}`{m[0]}…` in a note or apparatus entry, or "
                                     f"{{ed:label}}`BP: {m[0]}` to name a work by a witness's label")


def scan_tree(root: Path) -> list[Hit]:
    return [hit for path in sorted(root.rglob("*.md")) if "_build" not in path.parts
            for hit in scan(path)]
