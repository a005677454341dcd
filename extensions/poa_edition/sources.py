"""The edition's sources as blocks: pure, no Sphinx.

The maintainers' commands that change the sources (``edition import``) or
read them without a build (``edition collate``) see a MyST page as a header
followed by ``para`` and ``section`` blocks, each block with the text after
it up to the next one. Reordering the blocks and writing the page again
gives back every character of every block: nothing is re-rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

OPEN = re.compile(r"^(?P<fence>:{3,})\{(?P<kind>para|section)\}\s+(?P<id>\S+)\s*$")
WORDING = re.compile(r"^(?P<fence>`{3,}|:{3,})\{wording\}\s*$")


@dataclass(slots=True)
class Quotation:
    """A ``{wording}`` block: what a witness quotes of its paragraph."""

    witness: str
    place: str
    text: str  # lines joined by spaces
    line: int
    options: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Block:
    kind: str  # "para" | "section"
    id: str
    line: int  # 1-based line of the opening fence
    text: str  # the block, fences included, with a final newline
    trailer: str  # what follows it up to the next block (blank lines, mostly)
    quotations: list[Quotation] = field(default_factory=list)

    @property
    def unplaced(self) -> bool:
        return self.kind == "section" and re.search(r"^:unplaced:\s*$", self.text, re.M) is not None

    @property
    def withdrawn(self) -> bool:
        return re.search(r"^:withdrawn:", self.text, re.M) is not None


@dataclass(slots=True)
class Page:
    path: Path
    header: str
    blocks: list[Block]

    def render(self) -> str:
        return self.header + "".join(b.text + b.trailer for b in self.blocks)


def read_page(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    header: list[str] = []
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = OPEN.match(lines[i].rstrip("\n"))
        if not m:
            if blocks:
                blocks[-1].trailer += lines[i]
            else:
                header.append(lines[i])
            i += 1
            continue
        n = len(m["fence"])
        close = re.compile(rf"^:{{{n},}}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j].rstrip("\n")):
            j += 1
        body = lines[i:j + 1]
        block_text = "".join(body)
        if not block_text.endswith("\n"):
            block_text += "\n"
        block = Block(m["kind"], m["id"], i + 1, block_text, "")
        block.quotations = _quotations(body, i + 1)
        blocks.append(block)
        i = j + 1
    return Page(path, "".join(header), blocks)


def _quotations(body: list[str], first_line: int) -> list[Quotation]:
    out = []
    k = 0
    while k < len(body):
        m = WORDING.match(body[k].rstrip("\n"))
        if not m:
            k += 1
            continue
        fence = m["fence"]
        options: dict[str, str] = {}
        words: list[str] = []
        k += 1
        start = first_line + k - 1
        while k < len(body) and body[k].rstrip("\n").strip() != fence:
            line = body[k].rstrip("\n")
            if (om := re.match(r"^:([a-z]+):\s*(.*)$", line)) and not words:
                options[om[1]] = om[2].strip()
            elif line.strip():
                words.append(line.strip())
            k += 1
        out.append(Quotation(options.get("witness", ""), options.get("place", ""),
                             " ".join(words), start, options))
        k += 1
    return out


def read_tree(root: Path) -> list[Page]:
    """Every page under ``root`` that holds a block, in path order (``_data`` aside)."""
    pages = []
    for path in sorted(root.rglob("*.md")):
        if "_data" in path.relative_to(root).parts:
            continue
        page = read_page(path)
        if page.blocks:
            pages.append(page)
    return pages


def sections_in_order(page: Page) -> dict[str, str | None]:
    """Each ``para`` block's section on this page, as a build places it: the
    nearest ``section`` above it that is not ``:unplaced:`` (None if none)."""
    current: str | None = None
    out: dict[str, str | None] = {}
    for b in page.blocks:
        if b.kind == "section":
            if not b.unplaced:
                current = b.id
        else:
            out[b.id] = current
    return out
