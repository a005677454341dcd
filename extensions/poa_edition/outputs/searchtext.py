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
clean one. A page's text is taken from its body as the page is written
(``html-page-context``: the article holds the body and nothing else) and
kept beside the environment (``edition-search-pages.json``), so a rebuild
reads only the pages it wrote; a page written where this process cannot see
it (``-j``: pages are written in worker processes) or missing from the kept
texts is read back from disk.
"""

from __future__ import annotations

import functools
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..speed import filesync
from ..sphinxext.state import per_build
from . import modelfile

FILENAME = "edition-search-text.js"
#: the page texts of the last build, beside the environment
KEPT = "edition-search-pages.json"
_KEPT_VERSION = 1
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


def page_text_parsed(markup: str) -> str:
    """:func:`page_text` by the standard library's parser (the reference the
    tests compare the fast reader with)."""
    parser = _Article()
    parser.feed(markup)
    parser.close()
    return parser.text()


#: a tag's attributes (a quoted value may hold ``>``)
_ATTRS = r"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)"
_COMMENT = r"<!--.*?(?:-->|\Z)"
#: a comment, a tag, a declaration, text
_TOKEN = re.compile(rf"{_COMMENT}|<(/?)([a-zA-Z][^\s/>]*){_ATTRS}>|<[!?][^>]*>|([^<]+|<)", re.S)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_RAW_END = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


@functools.cache
def _same_name(tag: str) -> re.Pattern[str]:
    return re.compile(rf"{_COMMENT}|<(/?){re.escape(tag)}(?=[\s/>]){_ATTRS}>", re.S | re.I)


def _end_of(tag: str, markup: str, pos: int) -> int:
    """Where the element opened just before ``pos`` ends (after its end tag),
    counting the elements of the same name opened inside it."""
    open_ = 1
    find = _same_name(tag).search
    while open_:
        m = find(markup, pos)
        if m is None:
            return len(markup)
        pos = m.end()
        if m.group(2) is None:  # a comment
            continue
        if m.group(1):
            open_ -= 1
        elif not m.group(2).rstrip().endswith("/"):
            open_ += 1
    return pos


def page_text(markup: str) -> str:
    """The text of the page's ``<article class="bd-article">`` without what is
    not its content: what :func:`page_text_parsed` gives, for the HTML Sphinx
    writes, several times faster (one pass of one expression)."""
    depth = skip = 0
    parts: list[str] = []
    pos, end = 0, len(markup)
    token = _TOKEN.match
    while pos < end:
        m = token(markup, pos)
        pos = m.end()
        name = m.group(2)
        if name is None:
            text = m.group(4)
            if text is not None and depth and not skip:
                parts.append(unescape(text))
            continue
        tag = name.lower()
        if m.group(1):  # an end tag
            if tag in _VOID or depth == 0:
                continue
            if skip == depth:
                skip = 0
            depth -= 1
            continue
        attrs = m.group(3)
        raw = _RAW_END.get(tag)
        if raw is not None:  # a script or style: its content is neither markup nor text
            close = raw.search(markup, pos)
            pos = close.end() if close else end
            continue
        if tag in _VOID:
            continue
        c = _CLASS.search(attrs)
        classes = set(unescape(next(g for g in c.groups() if g is not None)).split()) if c else set()
        self_closing = attrs.rstrip().endswith("/")
        if depth == 0:
            if tag == "article" and "bd-article" in classes and not self_closing:
                depth = 1
            continue
        depth += 1
        if not skip and (tag in _SKIP_TAGS or classes & _SKIP_CLASSES):
            if not self_closing:  # nothing in it is text: on to its end tag
                pos = _end_of(tag, markup, pos)
                depth -= 1
                continue
            skip = depth
        if self_closing:  # <x/>: opened and closed
            if skip == depth:
                skip = 0
            depth -= 1
    return " ".join(" ".join(parts).split())


def _kept_path(app: Sphinx) -> Path:
    return Path(app.doctreedir, KEPT)


def _kept(app: Sphinx) -> dict[str, str]:
    """The page texts kept by the last build (empty when unreadable)."""
    try:
        data = json.loads(_kept_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _KEPT_VERSION:
        return {}
    pages = data.get("pages")
    return {k: v for k, v in pages.items() if isinstance(v, str)} if isinstance(pages, dict) else {}


def _queued(app: Sphinx) -> set[str]:
    """The documents this build writes (their doctrees are resolved in this
    process, also when ``-j`` writes them in others)."""
    return per_build(app, "search_queued", set)


def resolved(app: Sphinx, doctree: Any, docname: str) -> None:
    _queued(app).add(docname)


def _written(app: Sphinx) -> dict[str, str]:
    """The texts of the pages this build wrote (this process)."""
    return per_build(app, "search_written", dict)


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


def script(ids: dict[str, list[str]], pages: dict[str, str]) -> bytes:
    """The script's file (UTF-8): the JSON encoded at once, then escaped and
    framed as bytes (``</`` is ASCII, so the same bytes as escaping the
    text), not copied as a string of two bytes a character by each step."""
    data = json.dumps({"ids": ids, "pages": dict(sorted(pages.items()))},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return b"".join((b"var EDITION_SEARCH_TEXT = ", data.replace(b"</", b"<\\/"), b";\n"))


def write(app: Sphinx) -> list:
    """``html-collect-pages``: every page is written; the search page is not yet."""
    builder = app.builder
    if builder.format != "html" or builder.name not in ("html", "dirhtml"):
        return []
    written = _written(app)
    queued = _queued(app)  # written this build, maybe by another process (-j)
    kept = _kept(app)
    pages = {}
    for docname in sorted(app.env.found_docs):
        if docname in written:
            pages[docname] = written[docname]
            continue
        if docname in kept and docname not in queued:
            pages[docname] = kept[docname]
            continue
        path = Path(builder.outdir, builder.get_target_uri(docname) or "index.html")
        if path.suffix != ".html":
            path = path / "index.html"
        try:
            pages[docname] = page_text(path.read_text(encoding="utf-8"))
        except OSError:
            continue
    # an application that builds again without reading starts from nothing
    written.clear()
    queued.clear()
    if pages != kept:
        _kept_path(app).parent.mkdir(parents=True, exist_ok=True)
        filesync.write_if_changed(_kept_path(app), json.dumps(
            {"version": _KEPT_VERSION, "pages": pages}, ensure_ascii=False, sort_keys=True,
            separators=(",", ":")).encode("utf-8"))
    path = Path(builder.outdir, "_static", FILENAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    filesync.write_if_changed(path, script(id_texts(modelfile.build(app)), pages))
    return []


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    if doctree is not None and pagename in app.env.found_docs and isinstance(context.get("body"), str):
        # the article holds the body and nothing else (the theme's layout)
        _written(app)[pagename] = page_text('<article class="bd-article">' + context["body"]
                                            + "</article>")
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
    app.connect("doctree-resolved", resolved)
    app.connect("html-collect-pages", write)
    app.connect("html-page-context", page_context, priority=950)
