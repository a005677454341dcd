"""The edition's prose against its witnesses: pure, no Sphinx.

Summaries, commentary notes and apparatus entries are in the edition's own
words; a witness's words (the outcome's among them) stand only inside
quotation marks. This module measures how far the prose outside quotation
marks follows a witness:

- :func:`longest_run`: the longest run of consecutive words it shares with
  the witness (the test: fewer than :data:`MAX_RUN`);
- :func:`borrowed_share`: the share of its words that lie in a sequence of
  :data:`SHARE_N` words found in the witness (reported, not a rule);
- :func:`un_run`: the longest run it shares with the words the witnesses
  quote (the outcome's and other UN wording), which belongs inside
  quotation marks.

Words are compared in lower case, punctuation and hyphens being spaces; in
the witness a line-end hyphen is undone first. Quoted passages (‘…’ and
“…”), citations and other roles are not the prose's own and are left out;
each of them breaks a run.

``python -m poa_edition.overlap`` prints the measures for every summary,
note and apparatus entry (``EDITION_WITNESSES`` names the witness texts).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: a run of this many consecutive words shared with the witness is copying
MAX_RUN = 12
#: the length of the sequences :func:`borrowed_share` counts
SHARE_N = 5

_BLOCK_START = re.compile(r"^(?P<fence>:{3,})\{(?P<kind>para|section|annotation)\} (?P<id>\S+)\s*$")
_ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
_QUOTED = re.compile(r"‘[^‘]*?’(?![a-z])|“[^“”]*”")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Prose:
    """One piece of the edition's prose."""

    id: str  # BMS6-96, BP-N12, "BMS6-9 apparatus"
    kind: str  # summary | note | apparatus
    path: Path
    line: int
    text: str
    witnesses: tuple[str, ...]  # whom it may follow: a note's, apparatus's own; a summary's basis


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'").replace("'", ""))


def segments(text: str) -> list[list[str]]:
    """The prose's own words, in runs that quotations and roles break."""
    text = _ROLE.sub("\x00", text)
    text = _QUOTED.sub("\x00", text)
    return [w for part in text.split("\x00") if (w := words(part))]


def witness_words(raw: str) -> list[str]:
    """A witness transcription as words, line-end hyphenation undone."""
    return words(re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw))


def quoted_in(raw: str) -> list[list[str]]:
    """What a witness quotes (‘…’), as word lists."""
    flat = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw)
    flat = " ".join(flat.split())
    return [w for m in re.finditer(r"‘([^‘’]{3,}?)’(?![a-z])", flat) if (w := words(m[1]))]


class Index:
    """The n-word sequences of a text, for runs up to any length."""

    def __init__(self, texts: list[list[str]]):
        self.joined = ["\x01" + " ".join(t) + "\x01" for t in texts]
        self.grams: set[tuple[str, ...]] = set()
        for t in texts:
            self.grams.update(tuple(t[i:i + SHARE_N]) for i in range(len(t) - SHARE_N + 1))

    def has(self, seq: list[str]) -> bool:
        if len(seq) >= SHARE_N and tuple(seq[:SHARE_N]) not in self.grams:
            return False
        needle = " ".join(seq)
        return any(f"\x01{needle} " in j or f" {needle} " in j or f" {needle}\x01" in j
                   or f"\x01{needle}\x01" in j for j in self.joined)


def longest_run(segs: list[list[str]], index: Index) -> tuple[int, str]:
    """The longest run of consecutive words that stands in ``index``, and the run."""
    best, text = 0, ""
    for seg in segs:
        for i in range(len(seg)):
            k = best + 1
            while i + k <= len(seg) and index.has(seg[i:i + k]):
                best, text = k, " ".join(seg[i:i + k])
                k += 1
    return best, text


def borrowed_share(segs: list[list[str]], index: Index) -> float:
    """The share of the words that lie in a :data:`SHARE_N`-word sequence of ``index``."""
    total = sum(len(s) for s in segs)
    if not total:
        return 0.0
    covered = 0
    for seg in segs:
        hit = [False] * len(seg)
        for i in range(len(seg) - SHARE_N + 1):
            if tuple(seg[i:i + SHARE_N]) in index.grams:
                hit[i:i + SHARE_N] = [True] * SHARE_N
        covered += sum(hit)
    return covered / total


def prose(edition: Path) -> Iterator[Prose]:
    """Every summary, note and apparatus entry of the edition's pages."""
    for path in sorted(edition.rglob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        block: tuple[str, str, str] | None = None  # fence, kind, id
        i = 0
        while i < len(lines):
            line = lines[i]
            if m := _BLOCK_START.match(line):
                block = (m["fence"], m["kind"], m["id"])
                if m["kind"] == "annotation":
                    end = next((j for j in range(i + 1, len(lines)) if lines[j] == m["fence"]),
                               len(lines))
                    body = [ln for ln in lines[i + 1:end] if not re.match(r":[a-z]+:", ln)]
                    yield Prose(m["id"], "note", path, i + 1, " ".join(body),
                                (m["id"].split("-")[0],))
                    block = None
                    i = end + 1
                    continue
            elif block and line.startswith(":summary:"):
                basis = next((ln for ln in lines[i + 1:i + 3] if ln.startswith(":basis:")), "")
                sigla = tuple(s for s in ("BP", "IB") if re.search(rf"\b{s}\b", basis)) or ("BP", "IB")
                yield Prose(block[2], "summary", path, i + 1, line.removeprefix(":summary:"), sigla)
            elif line.startswith("```{apparatus}"):
                end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")),
                           len(lines))
                opts = dict(re.findall(r"^:([a-z]+):\s*(.*)$", "\n".join(lines[i + 1:end]), re.M))
                body = [ln for ln in lines[i + 1:end] if not re.match(r":[a-z]+:", ln)]
                owner = block[2] if block else path.stem
                yield Prose(f"{owner} apparatus", "apparatus", path, i + 1, " ".join(body),
                            (opts.get("witness", "BP"),))
                i = end + 1
                continue
            elif block and line == block[0]:
                block = None
            i += 1


@dataclass(frozen=True)
class Measure:
    prose: Prose
    run: int  # longest run shared with its witness(es)
    run_text: str
    share: float  # share of words in SHARE_N-word sequences of its witness(es)
    un: int  # longest run shared with what the witnesses quote
    un_text: str
    words: int


def measure(edition: Path, texts: dict[str, str]) -> list[Measure]:
    """Every piece of prose measured against ``texts`` (witness siglum -> transcription)."""
    own = {s: Index([witness_words(t)]) for s, t in texts.items()}
    quoted = Index([q for t in texts.values() for q in quoted_in(t)])
    out = []
    for p in prose(edition):
        segs = segments(p.text)
        runs = [longest_run(segs, own[w]) for w in p.witnesses if w in own]
        run, run_text = max(runs, default=(0, ""))
        share = max((borrowed_share(segs, own[w]) for w in p.witnesses if w in own), default=0.0)
        un, un_text = longest_run(segs, quoted)
        out.append(Measure(p, run, run_text, share, un, un_text, sum(map(len, segs))))
    return out


def witness_texts(directory: Path, data: Path) -> dict[str, str]:
    from .quotations import load_map

    return {s: (directory / e["file"]).read_text(encoding="utf-8") for s, e in load_map(data).items()}


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m poa_edition.overlap",
                                     description="the edition's prose against its witnesses")
    parser.add_argument("--src", type=Path, default=Path("edition"))
    parser.add_argument("--un", type=int, default=6,
                        help="report prose sharing this many words with a quoted passage")
    parser.add_argument("--all", action="store_true", help="one line for every piece of prose")
    args = parser.parse_args(argv)
    directory = os.environ.get("EDITION_WITNESSES")
    if not directory:
        print("overlap: set EDITION_WITNESSES to the directory of the witness texts", file=sys.stderr)
        return 2
    ms = measure(args.src, witness_texts(Path(directory), args.src / "_data"))
    for m in ms:
        if args.all or m.run >= MAX_RUN or m.share >= 0.3 or m.un >= args.un:
            print(f"{m.prose.kind:<9} {m.prose.id:<22} run {m.run:>2}  share {m.share:4.0%}  "
                  f"un {m.un:>2}  {m.prose.path}:{m.prose.line}")
    for kind in ("summary", "note", "apparatus"):
        these = [m for m in ms if m.prose.kind == kind]
        print(f"{kind}: {len(these)}; run >= {MAX_RUN}: {sum(m.run >= MAX_RUN for m in these)}; "
              f"share >= 30%: {sum(m.share >= 0.3 for m in these)}; "
              f"quoted wording unmarked (run >= {args.un}): {sum(m.un >= args.un for m in these)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
