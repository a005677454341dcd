"""What every HTML page says of itself: a tab title that names its document,
and citation metadata that reference managers read.

- The tab title of a volume's page names the volume's document (a BMS5 page
  says BMS5), not only the edition.
- Highwire ``citation_*`` tags (Zotero, Google Scholar) and Dublin Core
  ``DC.*`` tags: the page's title, the edition as the work it belongs to, its
  editors, version and language, and the page's published address under
  ``html_baseurl`` when that is set.
"""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx

from ..sphinxext.state import edition_of


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{html.escape(content, quote=True)}" />\n'


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    config = app.config
    title = html.unescape(str(context.get("title") or "")).strip() or config.project
    # a volume's pages (bms5/..., bms6/...) name their document in the tab
    volume = pagename.split("/")[0].upper() if "/" in pagename else ""
    doc = edition_of(app).documents.get(volume)
    if doc is not None and context.get("title"):
        # the theme's <title> is "{title} — {html_title}": lead with the document
        context["title"] = f"{volume} · {context['title']}"
    url = ""
    if config.html_baseurl:
        url = config.html_baseurl.rstrip("/") + "/" + app.builder.get_target_uri(pagename)
    tags = [
        _meta("citation_title", title),
        _meta("citation_book_title", config.project),
        _meta("citation_author", config.author),
        _meta("citation_language", config.language or "en"),
        _meta("DC.title", title),
        _meta("DC.creator", config.author),
        _meta("DC.relation.isPartOf", config.project),
        _meta("DC.language", config.language or "en"),
        _meta("DC.type", "Text"),
    ]
    if config.release:
        tags.append(_meta("DC.hasVersion", config.release))
    if url:
        tags += [_meta("citation_public_url", url), _meta("DC.identifier", url)]
    context["metatags"] = context.get("metatags", "") + "".join(tags)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", page_context)
