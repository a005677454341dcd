"""What every HTML page says of itself: a tab title that names its document,
and citation metadata that reference managers read.

- The tab title of a volume's page names the volume's document (a BMS5 page
  says BMS5), not only the edition.
- Highwire ``citation_*`` tags (Zotero, Google Scholar) and Dublin Core
  ``DC.*`` tags, made by :func:`.citeformats.metadata` like every citation:
  a page of a document's volume describes its section (the first on the
  page): the UN body its author, the document's date, the section in its
  title, the edition as the book it is part of, with its editors; any other
  page (commentary, conventions, the bibliography) is the editors' text,
  dated by the release. Every page gives the edition's version, language and
  its own published address under ``html_baseurl`` when that is set. The
  short URLs (:mod:`.shorturls`) describe each paragraph the same way.
"""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx

from ..model.records import SECTION
from ..sphinxext.state import edition_of, per_build
from . import citethis
from .formats import citeformats


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{html.escape(content, quote=True)}" />\n'


def page_section(app: Sphinx, pagename: str):
    """The section a volume's page gives (its first), or None."""
    domain = app.env.get_domain("ed")
    recs = domain.docs.get(pagename)
    if recs is None:
        return None
    return next((o for o in recs.objects if o.kind == SECTION), None)


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
    info = per_build(app.builder, "cite_edition_info", lambda: citethis.edition_info(config))
    section = page_section(app, pagename)
    if section is not None:
        item = citethis.item_for(app.env, section)
        tags = citeformats.metadata(item, info, url)
    else:  # the editors' own page
        page = citeformats.Item(id=pagename, kind="note", locator="", doc_title="")
        tags = [(name, value) for name, value in citeformats.metadata(page, info, url)
                if name not in ("citation_title", "DC.title", "citation_abstract",
                                "DC.description", "citation_pdf_url")]
        tags[:0] = [("citation_title", title), ("DC.title", title)]
        if pdf := info.pdf_url():
            tags.append(("citation_pdf_url", pdf))
    if config.release:
        tags.append(("DC.hasVersion", config.release))
    context["metatags"] = context.get("metatags", "") + "".join(_meta(n, v) for n, v in tags)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", page_context)
