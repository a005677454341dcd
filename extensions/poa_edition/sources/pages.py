"""The edition's pages as MyST reads them, without a build.

The one reader of the sources for everything that does not build:
``edition import`` (which moves ``para`` blocks), ``edition collate``, the
plain-text citation scan and the prose-overlap measure. A page is parsed by
MyST's own markdown-it parser, configured as the build configures it
(``myst_enable_extensions``); a directive is every fence MyST takes for one,
in any fence style it accepts (backticks, tildes, colons, longer fences,
nested), with its options read by MyST's own option reader and the line of
every part from the tokens' line maps. So these tools see the blocks the
build sees (``tests/test_fences.py`` shows it).

A page is a header, then its top-level ``para`` and ``section`` blocks, each
with what follows it up to the next (its *trailer*): :meth:`Page.render`
gives back every character (line ends included), so a tool that reorders the
blocks changes nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: the extensions a project enables when it says nothing (conf.py's own)
DEFAULT_EXTENSIONS = ("colon_fence", "deflist")
_NAME = re.compile(r"^\{(?P<name>[a-zA-Z][\w.:-]*)\}\s*(?P<arg>.*)$")


@lru_cache(maxsize=4)
def _parser(extensions: tuple[str, ...]):
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


@dataclass(slots=True)
class Directive:
    """One directive of a page: ``{name} argument``, its options, its body."""

    name: str
    argument: str
    options: dict[str, str]
    #: 1-based line of each option
    option_lines: dict[str, int]
    line: int  # 1-based line of the opening fence
    end: int  # 1-based line of its last line (the closing fence, if any)
    body: str  # the content after the options
    body_line: int  # 1-based line of the body's first line
    fence: str  # the opening fence's markup (```, ~~~~, :::, ...)
    children: list[Directive] = field(default_factory=list)

    def walk(self) -> Iterator[Directive]:
        yield self
        for child in self.children:
            yield from child.walk()

    def text(self) -> str:
        """The body as one line of words (a quotation's wording)."""
        return " ".join(line.strip() for line in self.body.splitlines() if line.strip())


def _options(content: str, first: int) -> tuple[dict[str, str], dict[str, int], str, int]:
    """The option block at the start of a directive's content, as MyST
    reads it: ``(options, their lines, body, body's first line)``."""
    lines = content.splitlines()
    block: list[str] = []
    positions: list[int] = []
    if content.startswith("---"):
        for index, line in enumerate(lines[1:], 1):
            if line.startswith("---"):
                import yaml

                try:
                    raw = yaml.safe_load("\n".join(lines[1:index])) or {}
                except yaml.YAMLError:
                    raw = {}
                options = {str(k): "" if v is None else str(v) for k, v in
                           (raw.items() if isinstance(raw, dict) else ())}
                where = {}
                for n, text in enumerate(lines[1:index], 1):
                    key = text.split(":", 1)[0].strip()
                    if key in options:
                        where.setdefault(key, first + n)
                return options, where, "\n".join(lines[index + 1:]), first + index + 1
        return {}, {}, "", first + len(lines)
    # MyST's is_option_line: a colon, but not three (a nested colon fence)
    while lines and lines[0].lstrip().startswith(":") and not lines[0].lstrip().startswith(":::"):
        positions.append(first + len(block))
        block.append(lines.pop(0).lstrip()[1:])
    if not block:
        return {}, {}, content, first
    from myst_parser.parsers.options import TokenizeError, options_to_items

    try:
        items, _state = options_to_items("\n".join(block))
    except TokenizeError:
        items = []
    options = {k: v for k, v in items}
    where: dict[str, int] = {}
    for n, text in enumerate(block):
        key = text.split(":", 1)[0].strip()
        if key in options:
            where.setdefault(key, positions[n])
    return options, where, "\n".join(lines), first + len(block)


def directives(text: str, extensions: Iterable[str] = DEFAULT_EXTENSIONS,
               offset: int = 0) -> list[Directive]:
    """The top-level directives of MyST ``text`` (lines counted from
    ``offset`` + 1), each with the directives nested in its body."""
    md = _parser(tuple(sorted(extensions)))
    out = []
    for token in md.parse(text):
        if token.type not in ("fence", "colon_fence") or token.map is None:
            continue
        m = _NAME.match(token.info.strip())
        if not m:
            continue
        start, end = token.map
        line = offset + start + 1
        options, where, body, body_line = _options(token.content, line + 1)
        d = Directive(m["name"], m["arg"].strip(), options, where, line, offset + end, body,
                      body_line, token.markup)
        d.children = directives(body, extensions, body_line - 1) if body.strip() else []
        out.append(d)
    return out


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
    text: str  # the block, fences included, with its line ends
    trailer: str  # what follows it up to the next block
    directive: Directive | None = None
    quotations: list[Quotation] = field(default_factory=list)

    @property
    def unplaced(self) -> bool:
        return self.kind == "section" and self.directive is not None \
            and "unplaced" in self.directive.options

    @property
    def withdrawn(self) -> bool:
        return self.directive is not None and "withdrawn" in self.directive.options


@dataclass(slots=True)
class Page:
    path: Path
    header: str
    blocks: list[Block]
    #: every directive of the page, top level first (with their children)
    tree: list[Directive] = field(default_factory=list)

    def render(self) -> str:
        return self.header + "".join(b.text + b.trailer for b in self.blocks)

    @property
    def newline(self) -> str:
        """The page's line end ("\\r\\n" when its first line ends so)."""
        first = (self.header or (self.blocks[0].text if self.blocks else "")).split("\n", 1)[0]
        return "\r\n" if first.endswith("\r") else "\n"


def read_text(path: Path) -> str:
    """A page's text with its own line ends (``\\r\\n`` kept)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def parse_page(path: Path, text: str, extensions: Iterable[str] = DEFAULT_EXTENSIONS) -> Page:
    lines = text.splitlines(keepends=True)
    tree = directives(text, extensions)
    top = [d for d in tree if d.name in ("para", "section")]
    if not top:
        return Page(path, text, [], tree)
    header = "".join(lines[: top[0].line - 1])
    blocks = []
    for n, d in enumerate(top):
        stop = top[n + 1].line - 1 if n + 1 < len(top) else len(lines)
        body = "".join(lines[d.line - 1: d.end])
        trailer = "".join(lines[d.end: stop])
        block = Block(d.name, d.argument.split()[0] if d.argument else "", d.line, body,
                      trailer, d)
        block.quotations = [
            Quotation(q.options.get("witness", ""), q.options.get("place", ""), q.text(), q.line,
                      dict(q.options))
            for q in d.children if q.name == "wording"]
        blocks.append(block)
    return Page(path, header, blocks, tree)


def read_page(path: Path, extensions: Iterable[str] = DEFAULT_EXTENSIONS) -> Page:
    return parse_page(path, read_text(path), extensions)


def pages(root: Path) -> list[Path]:
    """The MyST pages under ``root``, in path order (``_data`` and ``_build`` aside)."""
    return [p for p in sorted(root.rglob("*.md"))
            if not {"_data", "_build"} & set(p.relative_to(root).parts)]


def read_tree(root: Path, extensions: Iterable[str] = DEFAULT_EXTENSIONS) -> list[Page]:
    """Every page under ``root`` that holds a block, in path order."""
    out = []
    for path in pages(root):
        page = read_page(path, extensions)
        if page.blocks:
            out.append(page)
    return out


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


# -- prose, for the overlap measure ---------------------------------------------


@dataclass(frozen=True)
class Prose:
    """One piece of the edition's own prose (a summary, a note, an apparatus entry)."""

    id: str  # BMS6-96, BP-N12, "BMS6-9 apparatus"
    kind: str  # summary | note | apparatus
    path: Path
    line: int
    text: str  # as written (roles and quotation marks included)
    witnesses: tuple[str, ...]  # whom it may follow: a note's, apparatus's own; a summary's basis
    #: the outcome wording quoted in its block ({wording} blocks), which the
    #: prose must not repeat outside quotation marks
    quoted: tuple[str, ...] = ()


def prose(root: Path, extensions: Iterable[str] = DEFAULT_EXTENSIONS,
          witnesses: tuple[str, ...] = ("BP", "IB")) -> Iterator[Prose]:
    """Every summary, note and apparatus entry of the pages under ``root``."""
    for path in pages(root):
        try:
            page = read_page(path, extensions)
        except UnicodeDecodeError:  # not UTF-8: the build reports it, at its line
            continue

        def visit(d: Directive, owner: Directive | None) -> Iterator[Prose]:
            if d.name == "annotation":
                yield Prose(d.argument, "note", path, d.line, " ".join(d.body.split()),
                            (d.argument.split("-")[0],))
                return
            if d.name in ("para", "section"):
                quoted = tuple(q.text() for q in d.children if q.name == "wording")
                if "summary" in d.options:
                    basis = d.options.get("basis", "")
                    sigla = tuple(s for s in witnesses if re.search(rf"\b{s}\b", basis)) or witnesses
                    yield Prose(d.argument, "summary", path,
                                d.option_lines.get("summary", d.line), d.options["summary"],
                                sigla, quoted)
            if d.name == "apparatus":
                name = f"{owner.argument if owner else path.stem} apparatus"
                quoted = tuple(q.text() for q in owner.children if q.name == "wording") \
                    if owner else ()
                yield Prose(name, "apparatus", path, d.line, " ".join(d.body.split()),
                            (d.options.get("witness", "BP"),), quoted)
                return
            for child in d.children:
                yield from visit(child, d if d.name in ("para", "section") else owner)

        for d in page.tree:
            yield from visit(d, None)


# -- quotations and note places, for the quotation checks ---------------------------


def _rel(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def quotation_items(root: Path, base: Path,
                    extensions: Iterable[str] = DEFAULT_EXTENSIONS
                    ) -> list[tuple[str, int, dict[str, str], str]]:
    """Every ``{wording}`` block inside a ``para`` or ``section``: (file
    relative to ``base``, line of its fence, options, words), as the model
    file's quotations give them (:func:`..model.quotations.from_model`)."""
    out = []
    for path in pages(root):
        def visit(d: Directive, inside: bool) -> None:
            if d.name == "wording" and inside:
                out.append((_rel(path, base), d.line, dict(d.options), d.text()))
            for child in d.children:
                visit(child, inside or d.name in ("para", "section"))

        for d in read_page(path, extensions).tree:
            visit(d, False)
    return out


def note_places(root: Path, base: Path, extensions: Iterable[str] = DEFAULT_EXTENSIONS
                ) -> list[tuple[str, int, str, str]]:
    """Every commentary note's place: (file relative to ``base``, the note's
    line, its witness, its ``:place:``)."""
    out = []
    for path in pages(root):
        for top in read_page(path, extensions).tree:
            for d in top.walk():
                if d.name == "annotation":
                    out.append((_rel(path, base), d.line, d.argument.split("-")[0],
                                " ".join(d.options.get("place", "").split())))
    return out
