"""XML written piece by piece, as ElementTree writes the whole tree: pure.

A document (:mod:`.tei`, :mod:`.akn`) is written as ``ET.indent`` then
``ET.tostring`` write its whole tree, but one piece at a time: each part
(a division with what is part of it) is serialized alone, indented for the
depth it stands at, and put in its parent's text in the place of a *hole*
(an empty element standing for it). A piece's own text (its holes
unfilled) made from the same data at the same depth as in an earlier run is
then taken from that run (:class:`Memo`) instead of being made again, so an
edit to one paragraph serializes that paragraph, not the whole document,
and each byte of a document is kept once.

The bytes are those of the whole tree: ``ET.indent`` indents an element
from its depth alone (its ``level``) and touches only whitespace-only text
and tails, and the namespace declaration a piece's root would carry is
carried by the root of the whole (tests/test_exports.py compares the two).
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import Any


class Memo:
    """Pieces of text made by an earlier run (key -> text), for this run to
    take instead of serializing them again; :attr:`now` holds those this run
    used or made (what to keep for the next). A key is a digest of all a
    piece is made from and of the depth it stands at."""

    def __init__(self, before: Mapping[bytes, str] | None = None) -> None:
        self.before = dict(before or {})
        self.now: dict[bytes, str] = {}

    def get(self, key: bytes) -> str | None:
        if (text := self.now.get(key)) is None and (text := self.before.get(key)) is not None:
            self.now[key] = text
        return text

    def put(self, key: bytes, text: str) -> None:
        self.now[key] = text

    def made(self, key: bytes) -> str | None:
        """The piece of ``key`` if this run used or made it (not taken from
        the earlier run: asking does not make it one to keep)."""
        return self.now.get(key)


class TextMemo(Memo):
    """A :class:`Memo` of XML pieces that keeps each in UTF-8: a piece with
    one character beyond Latin-1 (most of the edition's, with its quotation
    marks and dashes) takes two bytes a character as a string, so the
    pieces of a whole build take half the memory (and the pickle beside the
    environment reads back as bytes). :meth:`get` and :meth:`put` take and
    give strings."""

    def get(self, key: bytes) -> str | None:  # type: ignore[override]
        data = super().get(key)
        return None if data is None else data.decode("utf-8")

    def put(self, key: bytes, text: str) -> None:
        self.now[key] = text.encode("utf-8")  # type: ignore[assignment]

    def made(self, key: bytes) -> str | None:  # type: ignore[override]
        data = super().made(key)
        return None if data is None else data.decode("utf-8")  # type: ignore[attr-defined]


def digest(*parts: Any) -> bytes:
    """A digest of ``parts`` (bytes, strings, or JSON's values: the model's),
    each as its type and its length, then bytes as they are, a string in
    UTF-8 and anything else as its ``repr`` (which for JSON's values names
    one value; a third of the cost of its JSON with sorted keys)."""
    h = hashlib.sha1()
    for part in parts:
        data, kind = ((part, b"b") if isinstance(part, bytes) else
                      (part.encode("utf-8"), b"s") if isinstance(part, str) else
                      (repr(part).encode("utf-8"), b"r"))
        h.update(kind + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.digest()


def at(level: int) -> bytes:
    """The depth a piece stands at, as the end of its key."""
    return level.to_bytes(2, "big")


def forms(hole: str) -> tuple[str, str]:
    """How ElementTree writes the element ``hole`` (a tag in the document's
    namespace), and the declaration of that namespace on a root, as the
    namespaces are registered now."""
    probe = ET.tostring(ET.Element(hole), encoding="unicode")
    name, _, decl = probe.removeprefix("<").removesuffix(" />").partition(" ")
    return f"<{name} />", f" {decl}"


def text(el: ET.Element, level: int, fills: list[str], shapes: tuple[str, str]) -> str:
    """``el`` as ``ET.indent(root, space=" ")`` and ``ET.tostring`` write it
    at depth ``level`` of a whole tree, without its tail, each hole filled in
    turn from ``fills`` (none: the holes left, to :func:`fill` later); below
    the root (``level`` > 0) without the namespace declaration it would carry
    as a root (``shapes``: :func:`forms`)."""
    ET.indent(el, space=" ", level=level)
    el.tail = None
    out = ET.tostring(el, encoding="unicode")
    hole, decl = shapes
    if level:
        where = out.find(decl)
        if where < 0 or where > out.find(" "):
            raise ValueError(f"not in the namespace of {hole}: {out[:60]!r}")
        out = out[:where] + out[where + len(decl):]
    return fill(out, fills, shapes) if fills else out


def fill(text: str, fills: list[str], shapes: tuple[str, str]) -> str:
    """``text`` with each of its holes filled in turn from ``fills`` (a hole
    is the one markup no text writes: its ``<`` would be ``&lt;``)."""
    parts = text.split(shapes[0])
    if len(parts) != len(fills) + 1:
        raise ValueError(f"{len(parts) - 1} holes for {len(fills)} pieces")
    joined = [parts[0]]
    for piece, part in zip(fills, parts[1:]):
        joined += (piece, part)
    return "".join(joined)


#: what every document's file begins with (:func:`xml_bytes`)
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


#: a piece to fill a hole with: its text, or its own text and the pieces of
#: its holes (:func:`file_bytes`)
Filling = Any


def file_bytes(text: str, fills: Iterable[Filling], shapes: tuple[str, str]) -> bytes:
    """``xml_bytes(fill(text, fills, shapes))``, the same bytes, but never
    the whole document as one string: each part is encoded as it comes and
    the parts are joined once. ``fills`` may be a generator (each piece made
    when its hole is reached), and a piece may itself be ``(text, fills)``,
    filled the same way. A document of ``n`` bytes held some ``6n`` bytes at
    once as one string (its pieces and their join, two bytes a character
    beyond Latin-1, the encoded text, and the text after the declaration);
    this way, some ``2n``."""
    out = [DECLARATION]
    _encode(out, text, fills, shapes[0])
    out.append(b"\n")
    return b"".join(out)


def _encode(out: list[bytes], text: str, fills: Iterable[Filling], hole: str) -> None:
    parts = text.split(hole)
    out.append(parts[0].encode("utf-8"))
    pieces = iter(fills)
    for n, part in enumerate(parts[1:]):
        piece = next(pieces, None)
        if piece is None:
            raise ValueError(f"{len(parts) - 1} holes for {n} pieces")
        if isinstance(piece, str):
            out.append(piece.encode("utf-8"))
        else:
            _encode(out, piece[0], piece[1], hole)
        del piece
        out.append(part.encode("utf-8"))
    if next(pieces, None) is not None:
        raise ValueError(f"{len(parts) - 1} holes for more pieces")


def xml_bytes(text: str) -> bytes:
    """A document's file: its text, encoded, after the XML declaration (the
    same bytes as ``ET.tostring(encoding="utf-8")`` with the declaration, at a
    third of the cost: no codec per write)."""
    return DECLARATION + text.encode("utf-8") + b"\n"
