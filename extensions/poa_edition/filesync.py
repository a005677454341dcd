"""A folder of generated files kept equal to what a build wants: pure, no Sphinx.

The short URLs (``p/``) and the citation files (``cite/``) are thousands of
small files written after every HTML build. Writing them all each time waits
on the disk; :func:`sync` writes only what changed, removes what is no longer
wanted, and so leaves the folder of an incremental build equal to a clean
one's.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path


def sync(folder: Path, wanted: Iterable[tuple[str, str]], manifest: Path,
         suffixes: tuple[str, ...] = (".html",)) -> int:
    """Make ``folder`` hold exactly the files ``wanted`` (of those ending in
    ``suffixes``); return how many were written. ``manifest`` (beside the pickled environment, not published)
    records a digest of each page as last written, so an unchanged page is
    neither read nor written; it is removed before the first write and
    written again after the last, so a build killed half-way leaves no
    record of a page it did not finish."""
    folder.mkdir(exist_ok=True)
    present = {name for name in os.listdir(folder) if name.endswith(suffixes)}
    try:
        known = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    digests: dict[str, str] = {}
    written = 0
    for name, page in wanted:
        digests[name] = digest = hashlib.sha1(page.encode()).hexdigest()
        if name in present:
            if known.get(name) == digest:
                continue
            if name not in known and (folder / name).read_text(encoding="utf-8") == page:
                continue
        if not written:
            manifest.unlink(missing_ok=True)
        (folder / name).write_text(page, encoding="utf-8")
        written += 1
    for stale in present - digests.keys():
        (folder / stale).unlink()
    if written or known != digests:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
    return written
