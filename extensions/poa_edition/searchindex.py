"""Keep Sphinx's search index the same after an incremental build as after a
clean one.

When a page is written again, Sphinx re-indexes its words but keeps every
word it once had, with an empty list of pages. A clean build has no such
entries; this removes them once the index is written (``build-finished``),
in the format Sphinx itself writes (``Search.setIndex(<sorted compact JSON>)``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

PREFIX, SUFFIX = "Search.setIndex(", ")"


def prune_empty_terms(app: Sphinx, exception: Any) -> None:
    name = getattr(app.builder, "searchindex_filename", None)
    if exception is not None or not name:
        return
    path = Path(app.outdir, name)
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    if not (text.startswith(PREFIX) and text.endswith(SUFFIX)):
        return
    data = json.loads(text[len(PREFIX):-len(SUFFIX)])
    pruned = False
    for key in ("terms", "titleterms"):
        terms = data.get(key) or {}
        for word in [w for w, docs in terms.items() if docs == []]:
            del terms[word]
            pruned = True
    if pruned:
        path.write_text(PREFIX + json.dumps(data, separators=(",", ":"), sort_keys=True) + SUFFIX,
                        encoding="utf-8")
