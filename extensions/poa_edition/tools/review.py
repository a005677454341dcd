"""``edition review NOTE-ID ...``: record that a note has been read against
the current text of everything it discusses (``reviews.toml``).

Reads what the last ``make html`` found (``edition-review.json``). Its
``sources`` are the digests of every page and data table the build read: the
files must still have that content, so the fingerprints are the text the
maintainer has just read (compared by content, not by file time, which
``cp -p``, ``tar`` or ``rsync -t`` set back).

``reviews.toml`` is updated with tomlkit, which keeps the maintainers'
comments, order and layout; only the reviewed notes' tables change, and the
file is replaced atomically.
"""

from __future__ import annotations

import json
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from ..model.buildfiles import REVIEW_FILE
from ..model.registry import REVIEWS_FILE
from ..model.suspects import natural, render, source_files
from .safewrite import write_atomic


def _changed(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    return sorted(k for k in set(recorded) | set(now) if recorded.get(k) != now.get(k))


def run(notes: list[str], everything: bool, src: Path, data: Path, built: Path) -> int:
    state_path = built / REVIEW_FILE
    if not state_path.is_file():
        print(f"edition review: {state_path} not found; run `make html` first")
        return 2
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        known = state["notes"]
        recorded = state["sources"]
    except (ValueError, KeyError, TypeError):
        print(f"edition review: {state_path} is not what a build of this version writes; "
              "run `make html` first")
        return 2
    changed = _changed(recorded, source_files(src, data))
    if changed:
        print(f"edition review: {src / changed[0]} differs from what the last build read"
              + (f" (and {len(changed) - 1} more)" if len(changed) > 1 else "")
              + "; run `make html` first, so the review records the text you read")
        return 2
    if everything:
        notes = natural(known)
    unknown = [n for n in notes if n not in known]
    if unknown or not notes:
        print(f"edition review: {', '.join(unknown) or 'no note named'}: "
              + ("not a note that discusses anything in the last build" if unknown
                 else "name one or more notes (BP-N3), or --all"))
        return 2
    path = data / REVIEWS_FILE
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else render({})
        doc = tomlkit.parse(text)
    except UnicodeDecodeError:
        print(f"edition review: {path}: not UTF-8 text; nothing written")
        return 2
    except TOMLKitError as err:
        line = getattr(err, "line", None)
        print(f"edition review: {path}{f':{line}' if line else ''}: not valid TOML "
              f"({str(err).split(' at line')[0]}); nothing written")
        return 2
    bad = next((k for k, v in doc.items() if not isinstance(v, dict)), None)
    if bad is not None:
        print(f"edition review: {path}: {bad!r} is not a note's table; nothing written")
        return 2
    updated = 0
    for note in notes:
        want = known[note]
        have = doc.get(note)
        if have is not None and dict(have) == want:
            continue
        updated += 1
        table = tomlkit.table()
        for target in natural(want):
            table.add(target, want[target])
        if have is None:
            _insert_sorted(doc, note, table)
        else:
            # keep the table where it stands, with the comments above it
            for key in list(have):
                if key not in want:
                    del have[key]
            for target in natural(want):
                have[target] = want[target]
    try:
        write_atomic(path, tomlkit.dumps(doc))
    except OSError as err:
        print(f"edition review: {path}: {err.strerror or err}; nothing written")
        return 2
    print(f"reviewed {len(notes)} note(s) ({updated} changed); {path} updated. "
          "Run `make html` to clear their marks.")
    return 0


def _insert_sorted(doc: tomlkit.TOMLDocument, note: str, table) -> None:
    """Add a note's table in natural order among the others (a small diff)."""
    order = natural([*doc.keys(), note])
    after = order.index(note)
    if after + 1 >= len(order):
        doc.add(note, table)
        return
    # rebuild the body after the insertion point, keeping every item as it is
    following = order[after + 1:]
    items = [(k, doc[k]) for k in following if k in doc]
    for k, _ in items:
        doc.remove(k)
    doc.add(note, table)
    for k, v in items:
        doc.add(k, v)
