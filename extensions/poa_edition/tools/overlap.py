"""``edition overlap``: the edition's prose against its witnesses
(:mod:`..model.overlap` measures and bounds; the pages read by
:mod:`..sources.pages`, the timeline by :mod:`..model.timeline`).

Exit status: 0 every piece within the bounds, 1 some piece out of them
(each listed with file and line), 2 the measure could not run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..model.overlap import (
    MAX_QUOTED_RUN,
    MAX_RUN,
    MAX_SHARE,
    measure,
    over_bounds,
    timeline_pieces,
    witness_texts,
)
from ..model.registry import DataError
from ..model.timeline import FILE as TIMELINE_FILE
from ..sources.pages import prose

KINDS = ("summary", "note", "apparatus", "timeline")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="edition overlap",
                                     description="the edition's prose against its witnesses")
    parser.add_argument("--src", type=Path, default=Path("edition"))
    parser.add_argument("--all", action="store_true", help="one line for every piece of prose")
    args = parser.parse_args(argv)
    directory = os.environ.get("EDITION_WITNESSES")
    if not directory:
        print("overlap: set EDITION_WITNESSES to the directory of the witness texts", file=sys.stderr)
        return 2
    data = args.src / "_data"
    try:
        texts = witness_texts(Path(directory), data)
        pieces = list(prose(args.src))
        if (data / TIMELINE_FILE).is_file():
            pieces += timeline_pieces(data / TIMELINE_FILE, tuple(texts))
    except (DataError, OSError) as err:
        print(f"overlap: {err}", file=sys.stderr)
        return 2
    ms = measure(pieces, texts)
    bad = 0
    for m in ms:
        wrong = over_bounds(m)
        bad += bool(wrong)
        if args.all or wrong:
            print(f"{m.prose.path}:{m.prose.line}: {m.prose.kind} {m.prose.id}: run {m.run}, "
                  f"share {m.share:.0%}, quoted {m.un}" + "".join(f"\n    {w}" for w in wrong))
    for kind in KINDS:
        these = [m for m in ms if m.prose.kind == kind]
        if these:
            print(f"{kind}: {len(these)}; longest run {max(m.run for m in these)} "
                  f"(bound {MAX_RUN - 1}); highest share {max(m.share for m in these):.0%} "
                  f"(bound: under {MAX_SHARE:.0%}); longest quoted run "
                  f"{max(m.un for m in these)} (bound {MAX_QUOTED_RUN - 1})")
    print(f"{bad} piece(s) out of bounds" if bad else "every piece within the bounds")
    return 1 if bad else 0
