"""The ID resolver, ``permalink.html?id=<ID>``: from an ID to its place.

sphinx-needs writes a ``permalink.html`` (``needs_permalink_file``) that
fetches needs.json: opened from disk the fetch fails and the page says
"Searching, Please Wait..." for ever, and an unknown ID is sent silently to
the front page. The edition writes its own page under the same name (the
name sphinx-needs' links use), in the site's theme, through Sphinx's
``html-collect-pages`` (after sphinx-needs has written its file), so nothing
of sphinx-needs is patched. The page carries the map from every ID (and the
underscore form needs.json uses for a dotted ID, ``POA-II_18``) to its page
and anchor, so it works from disk and from a server and fetches nothing
(``_static/edition-resolver.js`` reads it):

- a known ID: the browser goes straight to the paragraph;
- an ID written with other capitals or separators (``bms6-38``,
  ``BMS6 38``): it says there is no such ID and offers the right one;
- any other ID: it says so plainly, lists the nearest IDs, and links to the
  index of IDs (:mod:`.idindex`) and to a search for what was asked.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..sphinxext.idindex import PAGE as ID_INDEX
from ..sphinxext.idindex import grouped
from ..model.ids import to_need_id
from ..sphinxext.state import edition_of

TITLE = "Find a paragraph by its ID"

BODY = """<h1>{title}</h1>
<p id="ed-resolver-status" role="status">Give the ID of a paragraph, section or note as it is
cited (<code>BMS6-38</code>, <code>POA-II.18</code>, <code>BP-N14</code>) and this page takes you
to it, from a server or from the edition's files on disk. Its address is
<code>{page}?id=BMS6-38</code>; every ID also has a short URL of its own,
<code>p/BMS6-38.html</code>.</p>
<ul id="ed-resolver-suggestions"></ul>
<form method="get" action="{page}">
<label for="ed-resolver-id">ID</label>
<input id="ed-resolver-id" name="id" type="text" autocomplete="off" spellcheck="false"
       placeholder="BMS6-38">
<button type="submit">Go</button>
</form>
<p>Every ID, document by document: the <a href="{index}">index of IDs</a>.
To look for words instead, <a id="ed-resolver-search" href="{search}">search the edition</a>.</p>
<noscript><p>Looking an ID up needs JavaScript; the <a href="{index}">index of IDs</a> lists
every one, with its page.</p></noscript>
<script type="application/json" id="ed-resolver-data">{data}</script>
<script src="{script}"></script>
"""


def page_name(app: Sphinx) -> str:
    """``permalink``: where sphinx-needs' permalinks point (``needs_permalink_file``)."""
    name = getattr(app.config, "needs_permalink_file", "") or "permalink.html"
    return Path(name).name.removesuffix(".html")


def resolver_data(app: Sphinx) -> dict[str, Any]:
    """IDs -> [URL relative to the site's root, title]; need IDs -> IDs."""
    builder = app.builder
    edition = edition_of(app)
    objects = app.env.get_domain("ed").objects  # type: ignore[attr-defined]
    ids: dict[str, list[str]] = {}
    aliases: dict[str, str] = {}
    for _siglum, objs in grouped(objects.values(), [*edition.documents, *edition.witnesses]):
        for obj in objs:
            ids[obj.id] = [f"{builder.get_target_uri(obj.docname)}#{obj.id}", obj.title]
            if to_need_id(obj.id) != obj.id:
                aliases[to_need_id(obj.id)] = obj.id
    return {"ids": ids, "aliases": aliases}


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    builder = app.builder
    if builder.name != "html":
        return
    name = page_name(app)
    data = json.dumps(resolver_data(app), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c")  # nothing in it can close the script
    body = BODY.format(title=html.escape(TITLE), page=html.escape(builder.get_target_uri(name)),
                       index=html.escape(builder.get_target_uri(ID_INDEX)),
                       search=html.escape(builder.get_target_uri("search")), data=data,
                       script="_static/edition-resolver.js")
    yield name, {"title": TITLE, "body": body}, "page.html"


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect)
