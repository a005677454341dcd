"""Every quotation of wording is verbatim from the witness it names, and its
place (the witness's section heading) exists in that witness."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import EDITION, REPO

SEEDS = Path(os.environ.get("EDITION_SEEDS", REPO.parent / "shared" / "seeds"))
WITNESS_FILES = {"BP": "000_01cbb6f450668ac1.txt", "IB": "001_2750fa0b2c64fb35.txt"}

#: Quotations the extraction tore apart: a page break with a caption between
#: the halves, the second half placed earlier in the file. Each is checked in
#: its halves: (witness, words after which the text breaks).
DISPLACED = {
    ("BP", "the meaningful participation and representation of women"): "the meaningful",
}

BLOCK = re.compile(r"^```\{wording\}\n((?::[a-z]+:[^\n]*\n)*)(.*?)\n```", re.M | re.S)


def _normal(text: str) -> str:
    """Compare on letters and punctuation only: line breaks, hyphenation and
    spacing are the extraction's, not the witness's."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def _witness_texts() -> dict[str, str]:
    if not SEEDS.is_dir():
        message = f"the witnesses are not here ({SEEDS}); set EDITION_SEEDS"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must have ../shared/seeds")
        pytest.skip(message)  # only off CI: with CI=true the line above fails
    return {w: (SEEDS / f).read_text(encoding="utf-8") for w, f in WITNESS_FILES.items()}


def _quotations() -> list[tuple[str, int, dict[str, str], str]]:
    found = []
    for path in sorted(EDITION.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for m in BLOCK.finditer(text):
            options = dict(re.findall(r"^:([a-z]+):\s*(.*)$", m[1], re.M))
            line = text.count("\n", 0, m.start()) + 1
            found.append((str(path.relative_to(REPO)), line, options, " ".join(m[2].split())))
    return found


QUOTES = _quotations()


def test_there_are_quotations():
    assert len(QUOTES) > 50


@pytest.mark.parametrize(("where", "line", "options", "wording"), QUOTES,
                         ids=[f"{q[0]}:{q[1]}" for q in QUOTES])
def test_quotation_is_verbatim(where, line, options, wording):
    texts = _witness_texts()
    witness = options.get("witness")
    assert witness in texts, f"{where}:{line}: unknown witness {witness!r}"
    source = _normal(texts[witness])
    pos = 0
    parts = [p for p in wording.split("[…]") if p.strip()]
    for (w, start), cut in DISPLACED.items():
        if w == witness and wording.startswith(start):
            head, tail = parts[0][: len(cut)], parts[0][len(cut):]
            assert _normal(head) in source and _normal(tail) in source
            parts = parts[1:]
    for part in parts:
        needle = _normal(part)
        found = source.find(needle, pos)
        assert found >= 0, f"{where}:{line}: not verbatim in {witness}: {part.strip()!r}"
        pos = found + len(needle)
    place = options.get("place", "").strip("“”\" ")
    assert place, f"{where}:{line}: a quotation names its place in the witness"
    assert _normal(place.split(":")[0]) in source, f"{where}:{line}: no heading {place!r} in {witness}"
