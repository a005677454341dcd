"""Keep Sphinx's search index the same after an incremental build as after a
clean one.

Two things differ in Sphinx 9.0's index after an incremental build:

- when a page is written again, Sphinx re-indexes its words but keeps every
  word it once had, with an empty list of pages. A clean build has no such
  entries;
- the index entries (``indexentries``, from ``index`` directives and roles;
  the edition's IDs are not index entries in HTML) of every page *not*
  written again are lost: the environment is saved before pages are
  written, and loading the old index does not restore them.

Once the index is written (``build-finished``), if an earlier index was
there when the build began (else there is nothing to mend), this removes the empty words
and writes the index entries of every page again from the environment's
index domain (what a clean build feeds from the same ``index`` nodes), in the
format Sphinx itself writes (``Search.setIndex(<sorted compact JSON>)``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..sphinxext.state import keep, kept
from ..speed.filesync import replace

PREFIX, SUFFIX = "Search.setIndex(", ")"


def _index_entries(app: Sphinx, docnames: list[str]) -> dict[str, list]:
    """``indexentries`` as Sphinx's IndexBuilder writes them for a clean build."""
    from sphinx.util.index_entries import split_index_msg

    fn2index = {d: i for i, d in enumerate(docnames)}
    per_doc = app.env.domains.index_domain.entries
    out: dict[str, list] = {}
    for docname in docnames:
        found: set[tuple[str, str, str]] = set()
        for entry_type, value, target_id, main, _key in per_doc.get(docname, ()):
            try:
                result = split_index_msg(entry_type, value)
            except ValueError:
                continue
            target_id = target_id or ""
            if entry_type in {"see", "seealso"}:
                found.add((result[0], target_id, main))
            found |= {(x, target_id, main) for x in result}
        for entry, entry_id, main_entry in sorted(found):
            out.setdefault(entry.lower(), []).append(
                [fn2index[docname], entry_id, main_entry == "main"])
    return out


#: state: whether an index from an earlier build was there when this one began
_EARLIER = "earlier-searchindex"


def note_earlier_index(app: Sphinx) -> None:
    """``builder-inited``: Sphinx loads an earlier index only if there is one;
    without one, the index it writes is already what a clean build writes."""
    name = getattr(app.builder, "searchindex_filename", None)
    keep(app, _EARLIER, bool(name) and Path(app.outdir, name).is_file())


def prune_empty_terms(app: Sphinx, exception: Any) -> None:
    name = getattr(app.builder, "searchindex_filename", None)
    if exception is not None or not name or not kept(app, _EARLIER, True):
        return
    path = Path(app.outdir, name)
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    if not (text.startswith(PREFIX) and text.endswith(SUFFIX)):
        return
    data = json.loads(text[len(PREFIX):-len(SUFFIX)])
    entries = _index_entries(app, data["docnames"])
    pruned = entries != data.get("indexentries")
    data["indexentries"] = entries
    for key in ("terms", "titleterms"):
        terms = data.get(key) or {}
        for word in [w for w, docs in terms.items() if docs == []]:
            del terms[word]
            pruned = True
    if pruned:
        replace(path, (PREFIX + json.dumps(data, separators=(",", ":"), sort_keys=True)
                       + SUFFIX).encode("utf-8"))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", note_earlier_index)
    app.connect("build-finished", prune_empty_terms)
