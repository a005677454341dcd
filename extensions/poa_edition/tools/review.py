"""``edition review NOTE-ID ...``: record that a note has been read against
the current text of everything it discusses (``reviews.toml``).

Reads what the last ``make html`` found (``edition-review.json``): it must
be newer than every page and data file, so the fingerprints are the text
the maintainer has just read.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from ..model.registry import REVIEWS_FILE
from ..model.suspects import render

from ..model.buildfiles import REVIEW_FILE


def run(notes: list[str], everything: bool, src: Path, data: Path, built: Path) -> int:
    state_path = built / REVIEW_FILE
    if not state_path.is_file():
        print(f"edition review: {state_path} not found; run `make html` first")
        return 2
    stamp = state_path.stat().st_mtime
    newer = [p for p in [*src.rglob("*.md"), *data.rglob("*.toml")]
             if p.stat().st_mtime > stamp and p.name != REVIEWS_FILE]
    if newer:
        print(f"edition review: {newer[0]} changed after the last build; run `make html` "
              "first, so the review records the text you read")
        return 2
    state = json.loads(state_path.read_text(encoding="utf-8"))
    known = state["notes"]
    if everything:
        notes = sorted(known)
    unknown = [n for n in notes if n not in known]
    if unknown or not notes:
        print(f"edition review: {', '.join(unknown) or 'no note named'}: "
              + ("not a note that discusses anything in the last build" if unknown
                 else "name one or more notes (BP-N3), or --all"))
        return 2
    path = data / REVIEWS_FILE
    reviews: dict[str, dict[str, str]] = {}
    if path.is_file():
        reviews = {k: dict(v) for k, v in tomllib.loads(path.read_text(encoding="utf-8")).items()}
    changed = 0
    for note in notes:
        if reviews.get(note) != known[note]:
            changed += 1
        reviews[note] = dict(known[note])
    path.write_text(render(reviews), encoding="utf-8")
    print(f"reviewed {len(notes)} note(s) ({changed} changed); {path} updated. "
          "Run `make html` to clear their marks.")
    return 0
