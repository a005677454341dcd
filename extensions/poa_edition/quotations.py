"""Quotations against the witness texts: pure, no Sphinx.

The witness texts are not part of the edition: they are read from a
directory (the variable ``EDITION_WITNESSES``). A quotation is verbatim when
it stands in its witness after line breaks, spacing and line-end hyphenation
are set aside, its pieces in order around the editor's ``[…]``; its
``:place:`` must be a heading of that witness. Used by the tests and by
``edition check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

#: the transcription of each witness, by file name in the witness directory
WITNESS_FILES = {"BP": "000_01cbb6f450668ac1.txt", "IB": "001_2750fa0b2c64fb35.txt"}

#: Quotations the extraction tore apart (a caption or page break between the
#: halves, sometimes the second half earlier in the file): the words of the
#: quotation after which it breaks. Each half is then checked on its own.
TORN = {
    "BP": ("the meaningful",),
    "IB": ("encouraged engagement with industry […] to ensure that the parties involved remain fully informed of",),
}


def verbatim(source: str, witness: str, quotation: str) -> str | None:
    """None if ``quotation`` stands in the witness ``source`` (normalised, as
    :func:`_normal`), its parts in order around editorial ``[…]``; else the
    part that does not. ``[f]ull``-style editorial brackets match any case."""
    parts = [quotation]
    for cut in TORN.get(witness, ()):
        if quotation.startswith(cut) and quotation != cut:
            parts = [cut, quotation[len(cut):]]
    for part in parts:
        pos = 0
        for piece in (p for p in part.split("[…]") if p.strip()):
            needle = normal(piece)
            found = source.find(needle, pos)
            if found < 0 and re.search(r"\[[a-z]\]", piece):
                # an editorial [x]: the witness has the letter, in either case
                needle = re.sub(r"\[([a-z])\]", r"\1", needle).lower()
                found = source.lower().find(needle, pos)
            if found < 0:
                return piece.strip()
            pos = found + len(needle)
    return None


BLOCK = re.compile(r"^```\{wording\}\n((?::[a-z]+:[^\n]*\n)*)(.*?)\n```", re.M | re.S)


def normal(text: str) -> str:
    """Compare on letters and punctuation only: line breaks, hyphenation and
    spacing are the extraction's, not the witness's."""
    return re.sub(r"[\s\-\u00ad]+", "", text)




def missing_files(directory: Path) -> str | None:
    """Why the witness texts cannot be read from ``directory``; None if they can."""
    for name in WITNESS_FILES.values():
        if not (directory / name).is_file():
            return f"{directory / name} is missing"
    return None


def witness_texts(directory: Path) -> dict[str, str]:
    return {w: (directory / f).read_text(encoding="utf-8") for w, f in WITNESS_FILES.items()}


def quotations(edition: Path, base: Path) -> list[tuple[str, int, dict[str, str], str]]:
    """Every ``{wording}`` block: (file relative to ``base``, line, options, words)."""
    found = []
    for path in sorted(edition.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for m in BLOCK.finditer(text):
            options = dict(re.findall(r"^:([a-z]+):\s*(.*)$", m[1], re.M))
            line = text.count("\n", 0, m.start()) + 1
            found.append((str(path.relative_to(base)), line, options, " ".join(m[2].split())))
    return found


def problem(texts: dict[str, str], options: dict[str, str], wording: str) -> str | None:
    """What is wrong with one quotation; None when it is verbatim and placed."""
    witness = options.get("witness")
    if witness not in texts:
        return f"unknown witness {witness!r}"
    source = normal(texts[witness])
    if (missing := verbatim(source, witness, wording)) is not None:
        return f"not verbatim in {witness}: {missing!r}"
    place = options.get("place", "").strip("“”\" ")
    if not place:
        return "a quotation names its place in the witness (:place:)"
    if normal(place.split(":")[0]) not in source:
        return f"no heading {place!r} in {witness}"
    return None


NOTE_BLOCK = re.compile(r"^:{3,}\{annotation\} (?P<id>[A-Z][A-Z0-9]*)-N\d+\n:place:\s*(?P<place>.*)$", re.M)


def check(edition: Path, base: Path, directory: Path) -> Iterator[tuple[str, int, str]]:
    """Every quotation verbatim and placed; every note's ``:place:`` a heading
    of its own witness."""
    texts = witness_texts(directory)
    for where, line, options, wording in quotations(edition, base):
        if (p := problem(texts, options, wording)) is not None:
            yield where, line, p
    for path in sorted(edition.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for m in NOTE_BLOCK.finditer(text):
            place = m["place"].strip().strip("“”\" ")
            source = texts.get(m["id"])
            if source is not None and place and normal(place.split(":")[0]) not in normal(source):
                yield (str(path.relative_to(base)), text.count("\n", 0, m.start()) + 2,
                       f"no heading {place!r} in {m['id']}: a note's :place: is a section of its witness")
