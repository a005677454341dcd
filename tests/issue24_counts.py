"""Counts for each point of issue 24 ("Why"), for one checkout of the edition.

    EDITION_WITNESSES=DIR python tests/issue24_counts.py [ROOT] [HTML]

ROOT is a checkout (default: this one), HTML its built edition (default
ROOT/_build/html; run `make html` there first). Everything is measured with
this checkout's package and this checkout's witness map, so two checkouts
(before and after) are measured the same way. Not a test: it prints numbers
and asserts nothing.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "extensions"))

from poa_edition.model import witnessmap  # noqa: E402
from poa_edition.model.overlap import (  # noqa: E402
    MAX_QUOTED_RUN,
    MAX_RUN,
    MAX_SHARE,
    measure,
    timeline_pieces,
    witness_texts,
)
from poa_edition.model.quotations import problem, stands, witnesses  # noqa: E402
from poa_edition.model.timeline import load as load_timeline  # noqa: E402
from poa_edition.sources.pages import prose, quotation_items  # noqa: E402

DATA = HERE / "edition" / "_data"  # this checkout's map: the same for both trees


def _old_map_problems(root: Path, seeds: Path) -> tuple[int, int, int] | None:
    """An old-format map ([SIGLUM.sections]: title -> ranges): lines claimed
    twice, non-blank lines claimed by no section, and sections whose ranges
    take in a box or caption of the new map. None for a new-format map."""
    raw = tomllib.loads((root / "edition/_data/witness_sections.toml").read_text())
    if not all("sections" in e for e in raw.values()):
        return None
    new = witnessmap.read(DATA)
    twice = unowned = mixed = 0
    for siglum, entry in raw.items():
        lines = (seeds / entry["file"]).read_text().splitlines()
        owner: dict[int, str] = {}
        apart = {n for p in new[siglum].places if p.kind in ("box", "caption", "figure")
                 for n in witnessmap.body(p)}
        for title, ranges in entry["sections"].items():
            claimed = {n for a, b in ranges for n in range(a, b + 1) if lines[n - 1].strip()}
            for n in claimed:
                twice += n in owner
                owner.setdefault(n, title)
            kind = new[siglum].place(title).kind if new[siglum].place(title) else "section"
            if kind == "section" and claimed & apart:
                mixed += 1
        unowned += sum(1 for n in range(1, len(lines) + 1) if lines[n - 1].strip() and n not in owner)
    return twice, unowned, mixed


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    built = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "_build/html"
    seeds = Path(os.environ["EDITION_WITNESSES"])
    edition = root / "edition"
    texts = witnesses(seeds, DATA)
    print(f"== {root}")

    # -- quotations ---------------------------------------------------------
    items = quotation_items(edition, root)
    wrong = [(f, n, w) for f, n, o, w in items if problem(texts, o, w)]
    print(f"Q1. wording blocks: {len(items)}; not verbatim or misplaced: {len(wrong)}")
    for f, n, w in wrong:
        print(f"      {f}:{n}: {w[:60]!r}")
    print(f"Q2. 'postconflict' in wording blocks: "
          f"{sum('postconflict' in w for *_, w in items)}")
    groups = {tuple(sorted((o.get("with") or "").split(", ")))
              for f, n, o, w in items if w == "urge[s]"}
    holders = sorted({i for f, n, o, w in items if w == "urge[s]" for i in [f]})
    count = sum(w == "urge[s]" for *_, w in items)
    print(f"Q3. 'urge[s]' blocks: {count} (in {', '.join(holders) or '-'}); groups: "
          f"{sorted(groups)}")
    short = []
    for path in sorted(edition.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = re.sub(r"^```\{wording\}.*?^```", lambda m: "\n" * m[0].count("\n"), text,
                      flags=re.M | re.S)
        sigla = ("BP",) if path.name == "bp.md" else ("IB",) if path.name == "ib.md" else ("BP", "IB")
        for m in re.finditer(r"‘([^‘]{3,}?)’(?![a-z])", body):
            q = " ".join(m[1].split())
            short.append(any(stands(texts[s], q) for s in sigla))
    print(f"Q4. short quotations: {len(short)}; not verbatim: {short.count(False)}")
    timeline = load_timeline(edition / "_data/timeline.toml", tuple(texts))
    evidence = [ev for e in timeline for ev in e.evidence]
    bad_ev = [ev for ev in evidence
              if problem(texts, {"witness": ev.witness, "place": ev.place}, ev.quote)]
    print(f"Q5. timeline quotations: {len(evidence)}; not verbatim or misplaced: {len(bad_ev)}; "
          f"placed in IB Box 1: {sum(ev.place.startswith('Box 1') for ev in evidence)}")
    bp_brackets = sum(1 for f, n, o, w in items if o.get("witness") == "BP" and "[…]" in w)
    print(f"Q6. BP wording blocks printing the paper's '. . .' as '[…]': {bp_brackets}")

    # -- the witness map -----------------------------------------------------
    old = _old_map_problems(root, seeds)
    if old is None:
        maps = witnessmap.read(root / "edition/_data")
        found = {s: witnessmap.problems(m, witnessmap.transcription(seeds, m)) for s, m in maps.items()}
        print(f"M1. map: {sum(len(m.places) for m in maps.values())} places; problems: "
              f"{sum(map(len, found.values()))}")
    else:
        twice, unowned, mixed = old
        print(f"M1. map (old format): lines in two sections {twice}; non-blank lines in none "
              f"{unowned}; sections taking in a box, figure or caption {mixed}")

    # -- the concordance -----------------------------------------------------
    page = (built / "concordance.html").read_text(encoding="utf-8")
    table = re.search(r"<table.*?</table>", page, re.S)[0]
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table, re.S)]
    counts = dict(zip(cells[2::2], cells[3::2]))
    keys = [k for k in counts if k.lower().startswith("earlier commitments")]
    print("C1. " + "; ".join(f"{k}: {counts[k]}" for k in keys))
    needs = next(iter(json.loads((built / "needs.json").read_text())["versions"].values()))["needs"]
    by_id = {n.get("public_id") or k: n for k, n in needs.items()}
    typed = ("develops", "extends", "reaffirms", "restates", "echoes", "departs_from", "refers_to")
    for target in ("ITI-25", "RC2-AII.2f", "A2030-16", "A2030-16.4", "A2030-16.4.2", "POA-II.17",
                   "RC2-AII.3g"):
        n = by_id.get(target, {})
        links = [f"{lt} by {', '.join(n[lt + '_back'])}" for lt in typed if n.get(lt + "_back")]
        print(f"      {target}: {'; '.join(links) or 'no typed link'}")

    # -- paraphrase ----------------------------------------------------------
    pieces = [*prose(edition), *timeline_pieces(edition / "_data/timeline.toml", tuple(texts))]
    ms = measure(pieces, witness_texts(seeds, DATA))
    for kind in ("summary", "note", "apparatus", "timeline"):
        these = [m for m in ms if m.prose.kind == kind]
        print(f"P1. {kind}: {len(these)}; share >= 50%: {sum(m.share >= MAX_SHARE for m in these)} "
              f"(> 70%: {sum(m.share > 0.7 for m in these)}; highest {max(m.share for m in these):.0%}); "
              f"run >= {MAX_RUN}: {sum(m.run >= MAX_RUN for m in these)} (longest "
              f"{max(m.run for m in these)}); quoted run >= {MAX_QUOTED_RUN}: "
              f"{sum(m.un >= MAX_QUOTED_RUN for m in these)}")
    top = sorted((m for m in ms if m.prose.kind == "summary"), key=lambda m: -m.share)[:4]
    print("P2. highest summaries: " + ", ".join(f"{m.prose.id} {m.share:.0%}" for m in top))
    for pid in ("IB-N32", "BMS5-29", "ITI-7", "BP-N15", "BP-N25", "IB-N22", "POA-IV.1a"):
        m = next((m for m in ms if m.prose.id == pid), None)
        if m:
            print(f"P3. {pid}: run {m.run} ({m.run_text!r}); quoted run {m.un} ({m.un_text!r})")

    # -- claims and labels ---------------------------------------------------
    src = {p: p.read_text(encoding="utf-8") for p in edition.rglob("*.md")}
    allsrc = "\n".join(src.values())
    print(f"L1. 'document of 120 numbered paragraphs': {allsrc.count('document of 120 numbered')}; "
          f"'at least 120': {allsrc.count('at least 120')}")
    headings = [ln for p, t in src.items() if p.parent.name in ("bms5", "bms6")
                for ln in t.splitlines()[:1] if re.match(r"# .*\(paragraphs|# [IV]+\.|# \[", ln)]
    print(f"L2. section headings: {len(headings)}; with the editors' words bracketed: "
          f"{sum('[' in h for h in headings)}")
    conv = (built / "conventions.html").read_text(encoding="utf-8")
    jointly = len(re.findall(r">jointly attested<", conv))
    print(f"L3. 'jointly attested' as a state on the conventions page: "
          f"{jointly}; 'Joint fragment' credits in "
          f"the HTML: {sum(p.read_text().count('Joint fragment') for p in built.rglob('*.html'))}")
    bare = [h for t in src.values()
            for h in re.findall(r".{0,20}(?<!\[)…(?!\]).{0,5}", re.sub(r"`[^`]*`", "", t))]
    print(f"L4. unbracketed editorial '…': {len(bare)}; "
          f"unbracketed case change in bms6/extent.md ('“the PoA section'): "
          f"{(edition / 'bms6/extent.md').read_text().count('“the PoA section')}")
    marks = {"ITI-8 'at manufacture'": ("instruments/iti.md", "applied at manufacture"),
             "POA-IV.1 'provision on follow-up'": ("instruments/poa.md", "provision on follow-up"),
             "ITI-7/ITI-10/BMS5-29 'whole' marked as layout": (None, "editors' inference from the Issue Brief's layout"),
             "BMS5-38m/38n.i citation from the next sentence marked": (None, "one sentence before"),
             "BMS6-102 'Calls for a fuller, life-cycle view'": ("bms6/s3.md", "Calls for a fuller, life-cycle view")}
    for name, (path, needle) in marks.items():
        text = src[edition / path] if path else allsrc
        print(f"L5. {name}: {text.count(needle)}")


if __name__ == "__main__":
    main()
