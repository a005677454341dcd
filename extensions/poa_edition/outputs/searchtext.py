"""The text a search result shows, from disk as well as from a server.

Sphinx's search page shows a page result's snippet by fetching the page
(``fetch()``, which browsers refuse for ``file://`` pages) and taking the
text of the whole ``[role=main]`` element, the theme's buttons and colour
switch included ("System Settings Light Dark ..."); an ID result shows only
its description. So the build writes, once the pages are written (in
``html-collect-pages``, before the search page itself is written),
``_static/edition-search-text.js``: a script the search page loads (from
disk as from a server) that holds

- ``ids``: for each paragraph, section and note, its page and the text a
  result shows: the summary, else the wording (a witness's quotation, or
  the official text), else the note's text; and the words it is found by
  (all of these);
- ``pages``: each page's own text: its article, without the Cite
  controls, the link lines, the pictures and the theme's chrome.

The search shim (``js/edition-search.js``) shows these under the results,
and adds a paragraph result for a query whose words the paragraph has.
The ID texts are a function of the model (:mod:`.modelfile`); the page texts
of the pages as written, so an incremental build writes the same file as a
clean one.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import modelfile

FILENAME = "edition-search-text.js"
#: elements whose text is no page's content
_SKIP_CLASSES = {"no-search", "headerlink", "ed-cite-this", "ed-num", "ed-filter"}
_SKIP_TAGS = {"script", "style", "svg", "button", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Article(HTMLParser):
    """The text of a page's ``<article>``, without what is not its content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the article: element depth
        self.skip = 0  # depth at which a skipped element began (0: none)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if self.depth == 0:
            if tag == "article" and "bd-article" in classes:
                self.depth = 1
            return
        self.depth += 1
        if not self.skip and (tag in _SKIP_TAGS or classes & _SKIP_CLASSES):
            self.skip = self.depth

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or self.depth == 0:
            return
        if self.skip == self.depth:
            self.skip = 0
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page_text(markup: str) -> str:
    parser = _Article()
    parser.feed(markup)
    parser.close()
    return parser.text()


def id_texts(model: dict[str, Any]) -> dict[str, list[str]]:
    """ID -> [page, the text a result shows, the words it is found by]."""
    out = {}
    for obj in model.get("objects", []):
        quotes = [q["text"] for q in obj.get("quotations") or [] if q.get("text")]
        official = obj.get("official_text") or ""
        if isinstance(official, dict):
            official = " ".join(str(v) for v in official.values() if isinstance(v, str))
        wording = "‘" + quotes[0] + "’" if quotes else str(official)
        shown = obj.get("summary") or wording or obj.get("text") or ""
        words = " ".join(x for x in (obj.get("title"), obj.get("summary"), *quotes,
                                     str(official), obj.get("text")) if x)
        page = str(obj.get("file", "")).rsplit(".", 1)[0]
        out[obj["id"]] = [page, " ".join(str(shown).split()), " ".join(words.split())]
    return dict(sorted(out.items()))


def script(ids: dict[str, list[str]], pages: dict[str, str]) -> str:
    data = json.dumps({"ids": ids, "pages": dict(sorted(pages.items()))},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "var EDITION_SEARCH_TEXT = " + data.replace("</", "<\\/") + ";\n"


def write(app: Sphinx) -> list:
    """``html-collect-pages``: every page is written; the search page is not yet."""
    builder = app.builder
    if builder.format != "html" or builder.name not in ("html", "dirhtml"):
        return []
    pages = {}
    for docname in sorted(app.env.found_docs):
        path = Path(builder.outdir, builder.get_target_uri(docname) or "index.html")
        if path.suffix != ".html":
            path = path / "index.html"
        try:
            pages[docname] = page_text(path.read_text(encoding="utf-8"))
        except OSError:
            continue
    text = script(id_texts(modelfile.build(app)), pages)
    path = Path(builder.outdir, "_static", FILENAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.read_text(encoding="utf-8") == text:
            return []
    except OSError:
        pass
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return []


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    if pagename == "search":  # only the search page loads the texts
        # for this page only (Sphinx resets the list before each page's event)
        app.builder.add_js_file(FILENAME)
        return
    # an application that builds again starts from the list the last page
    # (the search page) left: no other page loads the texts
    files = context.get("script_files")
    if isinstance(files, list):
        files[:] = [js for js in files  # the builder keeps it as _static/<name>
                    if not str(getattr(js, "filename", js) or "").endswith(f"/{FILENAME}")]


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", write)
    app.connect("html-page-context", page_context)
