"""``edition overlap``: the edition's prose against its witnesses
(:mod:`..model.overlap` measures; the pages read by :mod:`..sources.pages`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..model.overlap import MAX_RUN, measure, witness_texts
from ..sources.pages import prose


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="edition overlap",
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
    ms = measure(prose(args.src), witness_texts(Path(directory), args.src / "_data"))
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
