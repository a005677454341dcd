"""IDs that Sphinx's own search box finds: ``BMS6-38``, ``bms6 38``, ``POA II.18``.

The IDs are in Sphinx's search index already, as the ``ed`` domain's objects
(:meth:`~.domain.EditionDomain.get_objects`). Sphinx's searchtools.js splits
a query into words (``BMS6-38`` is ``bms6`` and ``38``) and scores an object
that contains a word like any other partial match, so the paragraph itself
came after every page with "BMS6" in its title. Sphinx's public hook for
scoring, ``html_search_scorer``, takes a JavaScript file it appends to
language_data.js (loaded on the search page after searchtools.js); the
edition's (``js/edition-search.js``) normalises an ID-shaped query to the ID
the index holds, ranks that ID's object first and its parts next, and names
the document in an object result. Above it, the build writes the one piece of
data the shim needs: each siglum's document name, from the registry.

A project that sets ``html_search_scorer`` itself keeps its own scorer (and
loses this ranking).
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from ..model.registry import Edition
from ..sphinxext.state import edition_of
from ..speed.filesync import replace

SHIM = Path(__file__).parent / "js" / "edition-search.js"
FILENAME = "edition-search.js"


def document_names(edition: Edition) -> dict[str, str]:
    """siglum -> the name a search result gives its document."""
    names = {}
    for siglum, doc in edition.documents.items():
        year = (doc.date or "")[:4]
        names[siglum] = f"{doc.title} ({year})" if year else doc.title
    for siglum, witness in edition.witnesses.items():
        names[siglum] = f"{witness.short}, “{witness.title}”"
    return dict(sorted(names.items()))


def scorer_code(edition: Edition) -> str:
    data = json.dumps(document_names(edition), ensure_ascii=False, sort_keys=True)
    data = data.replace("</", "<\\/")  # it ends up inside a script
    return f"var EDITION_DOCUMENTS = {data};\n{SHIM.read_text(encoding='utf-8')}"


def configure(app: Sphinx, config: Config) -> None:
    """Make the shim Sphinx's search scorer, unless the project has its own."""
    if config.html_search_scorer:
        return
    path = Path(app.doctreedir, FILENAME)
    code = scorer_code(edition_of(app))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != code:
        replace(path, code.encode("utf-8"))
    config.html_search_scorer = str(path)


def setup(app: Sphinx) -> None:
    # after _configure (priority 5) has loaded the edition's data
    app.connect("config-inited", configure, priority=6)
