"""Every quotation of wording is verbatim from the witness it names, and its
place (the witness's section heading) exists in that witness."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
from conftest import EDITION, REPO, needs_of
from poa_edition.citeparse import CitationError, in_annex, parse

#: the witness texts (not redistributed with the edition): a directory holding
#: the two transcriptions, named by the variable EDITION_WITNESSES
WITNESS_FILES = {"BP": "000_01cbb6f450668ac1.txt", "IB": "001_2750fa0b2c64fb35.txt"}
_DIR = os.environ.get("EDITION_WITNESSES", "")
SEEDS = Path(_DIR) if _DIR else None
_MISSING = (
    "EDITION_WITNESSES is not set" if SEEDS is None
    else next((f"{SEEDS / f} is missing" for f in WITNESS_FILES.values()
               if not (SEEDS / f).is_file()), None)
)
if _MISSING:
    _WHY = (f"quotations not checked against the witness texts: {_MISSING} (set "
            "EDITION_WITNESSES to the directory of the two transcriptions; see README)")
    if os.environ.get("CI") == "true":
        pytest.fail(_WHY, pytrace=False)  # CI always checks the quotations
    pytest.skip(_WHY, allow_module_level=True)

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
            needle = _normal(piece)
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


def _normal(text: str) -> str:
    """Compare on letters and punctuation only: line breaks, hyphenation and
    spacing are the extraction's, not the witness's."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def _witness_texts() -> dict[str, str]:
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
    missing = verbatim(source, witness, wording)
    assert missing is None, f"{where}:{line}: not verbatim in {witness}: {missing!r}"
    place = options.get("place", "").strip("“”\" ")
    assert place, f"{where}:{line}: a quotation names its place in the witness"
    assert _normal(place.split(":")[0]) in source, f"{where}:{line}: no heading {place!r} in {witness}"


def _short_quotations() -> list[tuple[str, int, tuple[str, ...], str]]:
    """‘Quoted’ words in notes, summaries and apparatus (not wording blocks),
    with the witnesses they may come from: a note's own, else either."""
    own = {"bp.md": ("BP",), "ib.md": ("IB",)}
    found = []
    for path in sorted(EDITION.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        prose = BLOCK.sub(lambda m: "\n" * m[0].count("\n"), text)
        for m in re.finditer(r"‘([^‘]{3,}?)’(?![a-z])", prose):
            line = prose.count("\n", 0, m.start()) + 1
            found.append((str(path.relative_to(REPO)), line, own.get(path.name, ("BP", "IB")),
                          " ".join(m[1].split())))
    return found


SHORT = _short_quotations()


def test_short_quotations_are_verbatim():
    assert len(SHORT) > 100
    texts = {w: _normal(t) for w, t in _witness_texts().items()}
    wrong = [f"{where}:{line}: {q!r}" for where, line, witnesses, q in SHORT
             if all(verbatim(texts[w], w, q) is not None for w in witnesses)]
    assert not wrong, "quoted, but not verbatim in its witness:\n" + "\n".join(wrong)


# -- the commentary covers what the witnesses cite -----------------------------


def _sigla_of_keys() -> dict[str, str]:
    """refs.bib key -> siglum, for the works cited by paragraph."""
    bib = (REPO / "refs.bib").read_text()
    return dict(re.findall(r"@\w+\{([^,]+),(?:[^@]*?)siglum = \{([A-Z0-9]+)\}", bib))


def witness_citations() -> dict[str, set[str]]:
    """Paragraphs the witnesses cite, by siglum, read from the witnesses
    themselves: every parenthesis that parses as a citation, continuations
    bound to the last work cited before them in the text."""
    labels = tomllib.loads((EDITION / "_data" / "sources.toml").read_text())
    sigla = _sigla_of_keys()
    cited: dict[str, set[str]] = {}
    for witness, text in _witness_texts().items():
        flat = re.sub(r"-\s*\n\s*", "", text)
        flat = " ".join(flat.split())
        last = last_annex = None
        for m in re.finditer(r"\(([^()]{2,160})\)", flat):
            try:
                citation = parse(m[1].replace("‘", "").replace("’", ""))
            except CitationError:
                continue
            for group in citation.groups:
                annex = None
                if not group.is_continuation:
                    last = labels[witness]["labels"].get(group.label)
                    last_annex = group.annex
                elif not group.annex:
                    annex = last_annex
                siglum = sigla.get(last or "")
                if siglum and group.locators:
                    cited.setdefault(siglum, set()).update(
                        f"{siglum}-{in_annex(loc, annex) if annex else loc}" for loc in group.locators)
    return cited


def test_every_cited_paragraph_has_a_note(edition_html):
    """Every paragraph either witness cites, of any document, is a need that
    a commentary note discusses."""
    needs = needs_of(edition_html)
    cited = witness_citations()
    assert len(cited.get("BMS6", ())) > 80 and len(cited.get("BMS5", ())) > 40
    assert {"POA", "ITI", "RC2", "BMS6R", "SG2014"} <= set(cited)
    missing = sorted(
        i for ids in cited.values() for i in ids
        if not any(n.startswith(("BP-", "IB-")) for n in needs.get(i, {}).get("discusses_back", ()))
    )
    assert not missing, f"cited by a witness but discussed in no note: {missing}"

