"""Every quotation of wording is verbatim from the witness it names, and its
place (the witness's section heading) exists in that witness."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
from conftest import EDITION, REPO, needs_of, unavailable
from poa_edition.model.citeparse import CitationError, in_annex, parse
from poa_edition.model.quotations import (
    find,
    load_map,
    missing_files,
    problem,
    stands,
    witnesses,
)
from poa_edition.sources.pages import note_places, quotation_items, read_text
from poa_edition.sources.pages import directives as page_directives

#: the witness texts (not redistributed with the edition): a directory holding
#: the two transcriptions, named by the variable EDITION_WITNESSES
_DIR = os.environ.get("EDITION_WITNESSES", "")
SEEDS = Path(_DIR) if _DIR else None
DATA = EDITION / "_data"
_MISSING = "EDITION_WITNESSES is not set" if SEEDS is None else missing_files(SEEDS, DATA)
if _MISSING:
    unavailable(f"quotations not checked against the witness texts: {_MISSING} (set "
                "EDITION_WITNESSES to the directory of the two transcriptions; see README)",
                module=True)

def _witness_texts() -> dict[str, str]:
    """The transcriptions as they are (for reading the witnesses' own citations)."""
    return {w: (SEEDS / e["file"]).read_text(encoding="utf-8") for w, e in load_map(DATA).items()}


_WITNESSES = witnesses(SEEDS, DATA)


QUOTES = quotation_items(EDITION, REPO)


def test_there_are_quotations():
    assert len(QUOTES) > 50


@pytest.mark.parametrize(("where", "line", "options", "wording"), QUOTES,
                         ids=[f"{q[0]}:{q[1]}" for q in QUOTES])
def test_quotation_is_verbatim(where, line, options, wording):
    """Verbatim in the witness it names, and placed under a heading of it."""
    wrong = problem(_WITNESSES, options, wording)
    assert wrong is None, f"{where}:{line}: {wrong}"


def _short_quotations() -> list[tuple[str, int, tuple[str, ...], str]]:
    """‘Quoted’ words in notes, summaries and apparatus (not wording blocks),
    with the witnesses they may come from: a note's own, else either."""
    own = {"bp.md": ("BP",), "ib.md": ("IB",)}
    found = []
    for path in sorted(EDITION.rglob("*.md")):
        text = read_text(path)
        blocked = {n for top in page_directives(text) for d in top.walk() if d.name == "wording"
                   for n in range(d.line, d.end + 1)}
        prose = "".join("\n" if n in blocked else line
                        for n, line in enumerate(text.splitlines(keepends=True), 1))
        for m in re.finditer(r"‘([^‘]{3,}?)’(?![a-z])", prose):
            line = prose.count("\n", 0, m.start()) + 1
            found.append((str(path.relative_to(REPO)), line, own.get(path.name, ("BP", "IB")),
                          " ".join(m[1].split())))
    return found


SHORT = _short_quotations()


def test_short_quotations_are_verbatim():
    assert len(SHORT) > 80
    wrong = [f"{where}:{line}: {q!r}" for where, line, sigla, q in SHORT
             if not any(stands(_WITNESSES[w], q) for w in sigla)]
    assert not wrong, "quoted, but not verbatim in its witness:\n" + "\n".join(wrong)


# -- the commentary covers what the witnesses cite -----------------------------


def _sigla_of_keys() -> dict[str, str]:
    """refs.bib key -> siglum, for the works cited by paragraph."""
    bib = (REPO / "refs.bib").read_text()
    return dict(re.findall(r"@\w+\{([^,]+),(?:[^@]*?)siglum = \{([A-Z0-9]+)\}", bib))


def cited_in_witnesses():
    """Every parenthesis in either witness that parses as a citation, with
    the paragraphs it names: ``(witness, match, flat text, [ID, ...])``,
    continuations bound to the last work cited before them in the text."""
    labels = tomllib.loads((EDITION / "_data" / "sources.toml").read_text())
    sigla = _sigla_of_keys()
    for witness, text in _witness_texts().items():
        flat = " ".join(re.sub(r"-\s*\n\s*", "", text).split())
        last = last_annex = None
        for m in re.finditer(r"\(([^()]{2,160})\)", flat):
            try:
                citation = parse(m[1].replace("‘", "").replace("’", ""))
            except CitationError:
                continue
            ids = []
            for group in citation.groups:
                annex = None
                if not group.is_continuation:
                    last = labels[witness]["labels"].get(group.label)
                    last_annex = group.annex
                elif not group.annex:
                    annex = last_annex
                siglum = sigla.get(last or "")
                if siglum:
                    ids += [f"{siglum}-{in_annex(loc, annex) if annex else loc}"
                            for loc in group.locators]
            yield witness, m, flat, ids


def witness_citations() -> dict[str, set[str]]:
    """Paragraphs the witnesses cite, by siglum, read from the witnesses themselves."""
    cited: dict[str, set[str]] = {}
    for _witness, _m, _flat, ids in cited_in_witnesses():
        for i in ids:
            cited.setdefault(i.split("-", 1)[0], set()).add(i)
    return cited


@pytest.mark.slow
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
    from poa_edition.model.quotations import check

    page = tmp_path / "bp.md"
    text = (EDITION / "commentary" / "bp.md").read_text()
    page.write_text(text.replace(":place: “Introduction”", ":place: “An Invented Heading”", 1))
    found = list(check(quotation_items(tmp_path, tmp_path), note_places(tmp_path, tmp_path),
                       witnesses(SEEDS, DATA)))
    place = next(n for n, ln in enumerate(page.read_text().splitlines(), 1) if "Invented" in ln)
    line = place - 1  # the note's own line, as the model file has it
    assert found == [("bp.md", line, "no section 'An Invented Heading' in BP: a note's :place: "
                                     "is a section of its witness (witness_sections.toml)")]


# -- the rules of a quotation, one failing case each ---------------------------------

QUOTE = {"witness": "BP", "place": "“Stockpile management and security”"}
WORDS = "to continually assess national stockpiles for surpluses"


def test_rule_verbatim_word_for_word():
    assert problem(_WITNESSES, QUOTE, WORDS) is None
    wrong = problem(_WITNESSES, QUOTE, WORDS.replace("surpluses", "surplus"))
    assert wrong == ("not verbatim in BP: it agrees as far as 'assess national stockpiles for', "
                     "then reads 'surplus'")


def test_rule_line_breaks_are_the_extractions():
    # 'implemen-|tation' and 'proced|ures' stand broken across lines in the transcriptions
    assert find(_WITNESSES["BP"], "representation of women in policymaking, planning and "
                                  "implementation processes") is not None
    assert find(_WITNESSES["IB"], "adequate and detailed standards and procedures") is not None
    # but a space the witness has stays a space
    assert find(_WITNESSES["IB"], "adequate and detailed standards andprocedures") is None


def test_rule_omissions_only_where_the_witness_omits():
    place = {"witness": "BP", "place": "“Reporting”"}
    # the witness itself writes 'to examine . . . implementation trends'
    assert problem(_WITNESSES, place, "to examine . . . implementation trends") is None
    # the editors may not shorten a quotation themselves
    assert problem(_WITNESSES, QUOTE, "to continually assess […] for surpluses") is not None
    assert problem(_WITNESSES, QUOTE, "to continually assess . . . for surpluses") is not None


def test_rule_omission_marks_are_the_witnesss_own():
    """Each witness's mark, character for character: the Briefing Paper's
    '. . .' is not printed as '[…]', the Issue Brief's '[…]' not as '. . .'."""
    bp = {"witness": "BP", "place": "“Reporting”"}
    assert problem(_WITNESSES, bp, "to examine […] implementation trends") is not None
    ib = {"witness": "IB", "place": "“The International Tracing Instrument”"}
    assert problem(_WITNESSES, ib, "encouraged engagement with industry […] to ensure") is None
    assert problem(_WITNESSES, ib, "encouraged engagement with industry . . . to ensure") is not None


def test_rule_line_end_hyphens_are_resolved_by_the_witnesss_usage():
    """'post-|conflict' in the Issue Brief is post-conflict (it writes the word
    so elsewhere), 'implemen-|tation' implementation: the quotation reads the
    word as the witness spells it, and no other way."""
    place = {"witness": "IB", "place": "“Stockpile management”"}
    assert problem(_WITNESSES, place, "conflict and post-conflict situations") is None
    wrong = problem(_WITNESSES, place, "conflict and postconflict situations")
    assert wrong is not None and wrong.startswith("not verbatim in IB")
    bp = {"witness": "BP", "place": "“Gender”"}
    assert problem(_WITNESSES, bp, "policymaking, planning and implementation processes") is None
    assert problem(_WITNESSES, bp, "policymaking, planning and implemen-tation processes") is not None


def test_a_quotation_torn_by_the_extraction_reads_whole():
    """The map reads each place in its reading order: the Briefing Paper's
    Gender section runs on from line 819 to line 671 past a caption and a
    page break, and the quotation that spans the break stands in it."""
    place = {"witness": "BP", "place": "“Gender”"}
    assert problem(_WITNESSES, place, "the meaningful participation and representation of "
                                      "women in policymaking") is None
    assert find(_WITNESSES["BP"], "the meaningful participation") == ("Gender", 819)


def test_rule_quotation_lies_in_its_section():
    wrong = problem(_WITNESSES, {"witness": "BP", "place": "“Terrorism”"}, WORDS)
    assert wrong.startswith("stands in BP at line ") and "outside the section 'Terrorism'" in wrong
    assert problem(_WITNESSES, {"witness": "BP", "place": "“Nowhere”"}, WORDS) == (
        "no section 'Nowhere' in BP (witness_sections.toml)")


@pytest.mark.slow
def test_edition_check_reports_a_changed_quotation(tmp_path):
    """``make check`` compares the quotations with the witnesses when
    EDITION_WITNESSES names them, and names the block at fault."""
    import shutil
    import subprocess
    import sys

    root = tmp_path / "proj"
    shutil.copytree(EDITION, root / "edition")
    for name in ("conf.py", "refs.bib"):
        shutil.copy(REPO / name, root / name)
    page = root / "edition" / "bms6" / "s1.md"
    text = page.read_text().replace("national stockpiles for surpluses and to responsibly",
                                    "national stockpiles for surplus and to responsibly", 1)
    page.write_text(text)
    line = text[: text.index("national stockpiles for surplus and")].rfind("```{wording}")
    line = text.count("\n", 0, line) + 1
    result = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "check"], cwd=root,
                            capture_output=True, text=True,
                            env={**os.environ, "OFFLINE": "1", "EDITION_WITNESSES": str(SEEDS)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert (f"edition/bms6/s1.md:{line}: [quotation] not verbatim in BP: it agrees as far as "
            "'assess national stockpiles for', then reads 'surplus and to responsibly'") in result.stdout


def quoted_and_cited() -> dict[str, list[str]]:
    """Paragraphs a witness cites right after words it quotes (the quotation
    and the citation in one stretch of text, no other citation between),
    with the words: every one of them shows quoted wording."""
    out: dict[str, list[str]] = {}
    since: dict[str, int] = {}
    for witness, m, flat, ids in cited_in_witnesses():
        stretch = flat[max(since.get(witness, 0), m.start() - 300):m.start()]
        since[witness] = m.end()
        # the last quotation ends shortly before the citation; "see ..." cites no words
        ends = [q.end() for q in re.finditer(r"’(?![a-z])", stretch)]
        quotes = (re.findall(r"‘([^‘’]{2,}?)’(?![a-z])", stretch)
                  if ends and len(stretch) - ends[-1] < 120 and not m[1].startswith("see ")
                  else [])
        if quotes:
            for i in ids:
                out.setdefault(i, []).extend(quotes)
    return out


@pytest.mark.slow
def test_no_lacuna_where_a_witness_quotes_words(edition_html):
    """The lacuna note never stands on a paragraph a witness quotes words
    of, alone or together with other paragraphs."""
    needs = needs_of(edition_html)
    found = quoted_and_cited()
    assert {"BMS6-100", "BMS6-63", "BMS5-44", "BMS5-8", "UNGA2013B-5"} <= set(found)
    wrong = sorted(f"{i}: {found[i]}" for i in found
                   if i in needs and needs[i].get("attestation") == "lacuna")
    assert not wrong, "quoted by a witness, but shown as a lacuna:\n" + "\n".join(wrong)


def test_rule_hyphens_and_spaces_are_the_witnesss():
    """Only a line-end hyphen may be undone: a hyphen or space inside a line
    stands as the witness has it."""
    place = {"witness": "BP", "place": "“ITI measures”"}
    assert problem(_WITNESSES, place, "conflict and post-conflict situations") is None
    assert problem(_WITNESSES, place, "conflict and postconflict situations") is not None
    assert problem(_WITNESSES, place, "conflict and post conflict situations") is not None
    assert problem(_WITNESSES, place, "conflict andpost-conflict situations") is not None


def test_rule_brackets_stand_as_the_witness_has_them():
    place = {"witness": "BP", "place": "“Implementation synergies”"}
    assert problem(_WITNESSES, place, "minimiz[ing] administrative reporting burdens") is None
    # the witness's brackets may not be dropped, nor a bracket added
    assert problem(_WITNESSES, place, "minimizing administrative reporting burdens") is not None
    assert problem(_WITNESSES, place, "minimiz[ing] [administrative] reporting burdens") is not None


def test_rule_quotations_are_whole_words():
    # 'surpluses' is in the witness, 'urpluses' starts inside the word
    assert problem(_WITNESSES, QUOTE, "urpluses") is not None
    assert problem(_WITNESSES, QUOTE, "to continually assess national stockpiles for surplus") is not None


def test_rule_a_joint_grouping_is_the_witnesss_words():
    place = {"witness": "BP", "place": "“Implementation synergies”", "grouping": "UNGA, 2016d, paras. 22, 67"}
    assert problem(_WITNESSES, place, "linkages") is None
    wrong = problem(_WITNESSES, {**place, "grouping": "UNGA, 2016d, paras. 22 and 67"}, "linkages")
    assert wrong.startswith("grouping 'UNGA, 2016d, paras. 22 and 67' is not the witness's own words")


def test_no_unbracketed_editorial_ellipsis():
    """An omission mark in the edition's prose is a witness's own, inside a
    quotation (its '. . .' or '[…]'); a bare '…' would be the editors' and
    unbracketed. Its failing case: the old summary of BMS6-S0."""
    import re as _re

    def bare(text: str) -> list[str]:
        text = _re.sub(r"`[^`]*`", "", text)  # code spans name characters, not omit words
        return _re.findall(r".{0,30}(?<!\[)…(?!\]).{0,10}", text.replace("[…]", ""))

    assert bare("(“The PoA section of the BMS6 outcome begins by noting …”, para. 8)")
    assert not bare("‘encouraged engagement with industry […] to ensure’")
    found = [f"{path.relative_to(REPO)}: {hit!r}" for path in sorted(EDITION.rglob("*.md"))
             for hit in bare(path.read_text(encoding="utf-8"))]
    assert not found, "an editorial ellipsis, unbracketed:\n" + "\n".join(found)
