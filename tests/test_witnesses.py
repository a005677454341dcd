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
from poa_edition.quotations import (
    BLOCK,
    missing_files,
    problem,
    quotations,
    verbatim,
    witness_texts,
)
from poa_edition.quotations import normal as _normal

#: the witness texts (not redistributed with the edition): a directory holding
#: the two transcriptions, named by the variable EDITION_WITNESSES
_DIR = os.environ.get("EDITION_WITNESSES", "")
SEEDS = Path(_DIR) if _DIR else None
_MISSING = "EDITION_WITNESSES is not set" if SEEDS is None else missing_files(SEEDS)
if _MISSING:
    _WHY = (f"quotations not checked against the witness texts: {_MISSING} (set "
            "EDITION_WITNESSES to the directory of the two transcriptions; see README)")
    if os.environ.get("CI") == "true":
        pytest.fail(_WHY, pytrace=False)  # CI always checks the quotations
    pytest.skip(_WHY, allow_module_level=True)

def _witness_texts() -> dict[str, str]:
    return witness_texts(SEEDS)


QUOTES = quotations(EDITION, REPO)


def test_there_are_quotations():
    assert len(QUOTES) > 50


@pytest.mark.parametrize(("where", "line", "options", "wording"), QUOTES,
                         ids=[f"{q[0]}:{q[1]}" for q in QUOTES])
def test_quotation_is_verbatim(where, line, options, wording):
    """Verbatim in the witness it names, and placed under a heading of it."""
    wrong = problem(_witness_texts(), options, wording)
    assert wrong is None, f"{where}:{line}: {wrong}"


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



def test_a_note_place_must_be_a_heading_of_its_witness(tmp_path):
    from poa_edition.quotations import check

    page = tmp_path / "bp.md"
    text = (EDITION / "commentary" / "bp.md").read_text()
    page.write_text(text.replace(":place: “Introduction”", ":place: “An Invented Heading”", 1))
    found = list(check(tmp_path, tmp_path, SEEDS))
    line = next(n for n, ln in enumerate(page.read_text().splitlines(), 1) if "Invented" in ln)
    assert found == [("bp.md", line, "no heading 'An Invented Heading' in BP: a note's :place: "
                                     "is a section of its witness")]
