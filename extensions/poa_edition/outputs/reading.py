"""Reading comfort and accessibility: what the edition asks of the theme.

The theme (sphinx-book-theme over pydata-sphinx-theme) is used through its
options, its template context and the edition's own style sheet and script;
nothing of it is copied or patched:

- one search box: pydata-sphinx-theme 0.20 puts a search field in a header
  bar of its own (``navbar_persistent``) besides the one the book theme has
  in its sidebar; the edition sets the option empty (unless the project
  sets it), which also removes the header bar, the blank strip above the
  page on a phone;
- the sidebar's toggles: the theme's ``<summary>`` elements that open a
  section of the navigation hold only an icon, so they have no accessible
  name (axe-core's ``summary-name``, serious); each is named after the page
  it opens (``aria-label``), in the page's HTML, through the theme's own
  ``generate_toctree_html`` in the page context;
- the wide screen used: the secondary sidebar (right of the reading column,
  empty on the edition's pages, which have no headings under their title)
  lists the page's paragraphs, sections and notes, each a link to it
  (``templates/edition-paragraphs.html``, an item of the theme's
  ``secondary_sidebar_items``);
- ``edition-reading.js``: landing on a paragraph (``p/<ID>.html`` or any
  ``#<ID>`` address) puts its ID in the tab title, so a bookmark names the
  paragraph.

In the PDF an ID that a link shows is set unbroken (:class:`UnbrokenIdsInPrint`).
The colours, the IDs that never break, the Cite control's markers and the
pictures on a phone are in ``static/edition.css``.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

#: theme options the edition sets unless the project does
THEME_DEFAULTS = {"navbar_persistent": [],
                  "secondary_sidebar_items": ["page-toc.html", "edition-paragraphs.html"]}

TEMPLATES = Path(__file__).parent / "templates"

SCRIPT = "edition-reading.js"

#: a navigation entry with children, as pydata-sphinx-theme writes it
_TOGGLE = re.compile(
    r'(<a class="[^"]*\breference internal\b[^"]*"[^>]*>)(?P<text>(?:(?!<a[\s>]|</a>).)*)'
    r'(</a>\s*<details(?: open="open")?>\s*)<summary>',
    re.S)


def name_toggles(markup: str) -> str:
    """Each section toggle of the navigation named after its page."""
    def named(match: re.Match) -> str:
        text = html.unescape(re.sub(r"<[^>]+>", "", match["text"])).strip()
        label = html.escape(f"Pages under “{text}”", quote=True)
        return f'{match[1]}{match["text"]}{match[3]}<summary aria-label="{label}">'
    return _TOGGLE.sub(named, markup)


def theme_defaults(app: Sphinx, config: Config) -> None:
    if not str(config.html_theme or "").startswith(("sphinx_book_theme", "pydata_sphinx_theme")):
        return
    options = config.html_theme_options
    for key, value in THEME_DEFAULTS.items():
        options.setdefault(key, value)
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


#: what the list of a page's blocks is called, by the kind of its first one
_TITLES = {"note": "Notes on this page", "section": "On this page", "paragraph": "On this page"}


def paragraphs(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: Any) -> None:
    """Before the theme decides which sidebar items are empty (priority 500):
    the page's blocks, in their order, for ``edition-paragraphs.html``."""
    records = app.env.get_domain("ed").docs.get(pagename)
    objects = list(records.objects) if records is not None else []
    context["edition_paragraphs"] = [(o.id, o.locator, o.kind) for o in objects]
    context["edition_paragraphs_title"] = _TITLES.get(objects[0].kind, "On this page") if objects else ""


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    """After the theme's own handler (priority 500) has put its functions in
    the context: wrap the one that writes the navigation."""
    make = context.get("generate_toctree_html")
    if not callable(make) or getattr(make, "edition_named", False):
        return

    @functools.wraps(make)
    def generate_toctree_html(*args: Any, **kwargs: Any) -> Any:
        return name_toggles(str(make(*args, **kwargs)))

    generate_toctree_html.edition_named = True  # type: ignore[attr-defined]
    context["generate_toctree_html"] = generate_toctree_html


class UnbrokenIdsInPrint(SphinxPostTransform):
    """In the PDF a link whose text is an ID (from a role, a table, a line)
    is set as one ``ed-ref`` (``\\mbox`` in poaedition.sty), as render.py's
    own references are: TeX breaks "BMS6-" / "38" at the hyphen otherwise.
    (In HTML a style rule does it: edition.css.)"""

    default_priority = 900  # after the references are resolved
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        objects = self.env.get_domain("ed").objects
        for ref in list(self.document.findall(nodes.reference)):
            if len(ref.children) == 1 and isinstance(ref[0], nodes.Text) and ref.astext() in objects:
                text = ref.astext()
                ref.replace(ref[0], nodes.inline(text, text, classes=["ed-ref"]))


def setup(app: Sphinx) -> None:
    app.add_post_transform(UnbrokenIdsInPrint)
    app.connect("config-inited", theme_defaults, priority=7)
    app.connect("html-page-context", paragraphs, priority=400)
    app.connect("html-page-context", page_context, priority=900)
    app.add_js_file(SCRIPT)
