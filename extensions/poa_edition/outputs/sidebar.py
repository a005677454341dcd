"""The navigation sidebar, made once for pages that share it.

The theme (pydata-sphinx-theme's ``generate_toctree_html``, called by the
book theme's ``sbt-sidebar-nav.html``) makes every page's navigation anew:
Sphinx's global toctree copied, resolved and rendered for the page, then
parsed and rewritten with BeautifulSoup. Its size grows with the pages, so
a build's cost grows with pages²: a third of the build at 30,000 paragraphs
(benchmarks/RESULTS.md). Yet two pages of one folder whose entries stand in
the same list of the navigation get the same HTML but for their own entry:
the page's entry is marked current (``toctree-lN current active`` on its
``<li>``, ``current`` and ``href="#"`` on its link), the sibling's is a
plain link. So the theme's HTML is made for one page of each such group and
the other pages' are derived from it by moving that mark
(:func:`move_current`), which checks what it moves: the two entries must be
leaves (no list of their own) in the same list at the same depth, each found
exactly once, their addresses plain. Whatever it cannot check, the theme
makes (a page with sub-pages, an entry listed twice). A page outside the
navigation (search, the indices, an orphan) has nothing marked current, so
the pages of one folder outside it share one made by the theme. ``tests/test_sidebar.py`` compares every page's sidebar with the
theme's own (``edition_sidebar_cache = False``), on the edition and on a
generated corpus.

The template (``templates/sbt-sidebar-nav.html``) is the theme's own,
included, with ``generate_toctree_html`` bound to :func:`sidebar_toctree`'s
function for the page; the toggles are named there as on every other
navigation (:func:`.reading.name_toggles`).
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from sphinx.application import Sphinx

from ..sphinxext.state import per_build
from .reading import name_toggles

#: the marked entry of the current page, as the theme writes it
_MARKED = '<a class="current reference internal" href="#">'
_PLAIN_HREF = re.compile(r"[A-Za-z0-9_./-]+\Z")
#: how many pages of one folder and parent stand for their groups
_KEPT = 4


def _leaf_li(markup: str, at: int) -> tuple[int, str] | None:
    """The ``<li ...>`` opening right before the link at ``at``: where it
    starts and its class (``None`` unless it is ``<li class="toctree-lN...">``
    immediately before the link)."""
    start = markup.rfind("<li ", 0, at)
    if start < 0:
        return None
    tag = markup[start:at]
    match = re.fullmatch(r'<li class="(toctree-l\d+(?: [^"]*)?)">', tag)
    return (start, match[1]) if match else None


def _same_list(between: str) -> bool:
    """Whether two entries with ``between`` between them are in one list:
    every list opened between them is closed between them, none closed first."""
    depth = 0
    for tag in re.finditer(r"<(/?)ul\b", between):
        depth += -1 if tag[1] else 1
        if depth < 0:
            return False
    return depth == 0


def move_current(markup: str, was_href: str, now_href: str) -> str | None:
    """The sidebar of another page of the group: the entry marked current
    (whose plain address is ``was_href``) unmarked, the entry linking to
    ``now_href`` marked; ``None`` when that cannot be done with certainty."""
    if not (_PLAIN_HREF.match(was_href) and _PLAIN_HREF.match(now_href)) or was_href == now_href:
        return None
    if markup.count(_MARKED) != 1:
        return None
    was_at = markup.index(_MARKED)
    plain = f'<a class="reference internal" href="{now_href}">'
    if markup.count(plain) != 1 or markup.count(f'href="{was_href}"') or markup.count(f'href="{was_href}#'):
        return None
    now_at = markup.index(plain)
    was_li, now_li = _leaf_li(markup, was_at), _leaf_li(markup, now_at)
    if was_li is None or now_li is None:
        return None
    was_class, now_class = was_li[1], now_li[1]
    level = was_class.split()[0]
    if was_class != f"{level} current active" or now_class != level:
        return None
    # both leaves: their entries end right after their link
    for at, link in ((was_at, _MARKED), (now_at, plain)):
        close = markup.find("</a>", at)
        if close < 0 or not markup.startswith("</li>", close + 4):
            return None
    first, second = sorted((was_li[0], now_li[0]))
    if not _same_list(markup[first:second]):
        return None
    pieces = sorted([
        (was_li[0], was_at + len(_MARKED),
         f'<li class="{level}"><a class="reference internal" href="{was_href}">'),
        (now_li[0], now_at + len(plain), f'<li class="{level} current active">{_MARKED}')])
    out, last = [], 0
    for start, end, new in pieces:
        out.append(markup[last:start])
        out.append(new)
        last = end
    out.append(markup[last:])
    return "".join(out)


def _parents(app: Sphinx) -> dict[str, str]:
    """Each page's parent in the navigation, as Sphinx finds it
    (``_get_toctree_ancestors``: the last toctree that lists it)."""
    def make() -> dict[str, str]:
        parent: dict[str, str] = {}
        for p, children in app.env.toctree_includes.items():
            parent |= dict.fromkeys(children, p)
        return parent
    return per_build(app, "sidebar_parents", make)


def sidebar_toctree(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: Any) -> None:
    """``html-page-context`` (before the theme's handlers): the function the
    edition's ``sbt-sidebar-nav.html`` calls in place of the theme's."""
    made: dict[Any, str] = {}

    def theme(**kwargs: Any) -> str:
        make = context["generate_toctree_html"]
        make = getattr(make, "__wrapped__", make)  # the theme's, not the naming wrapper
        return name_toggles(str(make(**kwargs)))

    def edition_sidebar_toctree(**kwargs: Any) -> str:
        key = tuple(sorted(kwargs.items()))
        if key in made:  # the theme's emptiness check, then the page itself
            return made[key]
        made[key] = markup = _shared(app, pagename, key, lambda: theme(**kwargs))
        return markup

    context["edition_sidebar_toctree"] = edition_sidebar_toctree


def _shared(app: Sphinx, pagename: str, key: tuple, make: Any) -> str:
    if not app.config.edition_sidebar_cache:
        return make()
    parent = _parents(app).get(pagename)
    if app.env.toctree_includes.get(pagename):
        return make()  # with pages of its own
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))
    if parent is None:
        return _outside(app, (key, folder), make)
    groups: dict[Any, list[tuple[str, str]]] = per_build(app, "sidebar_groups", dict)
    kept = groups.setdefault((key, folder, parent), [])
    uri = app.builder.get_relative_uri
    for other, markup in kept:
        # each page's address as the other's sidebar writes it (one folder)
        derived = move_current(markup, html.escape(uri(pagename, other), quote=True),
                               html.escape(uri(other, pagename), quote=True))
        if derived is not None:
            return derived
    markup = make()
    if len(kept) < _KEPT and markup.count(_MARKED) == 1:
        kept.append((pagename, markup))
    return markup


def _outside(app: Sphinx, key: tuple, make: Any) -> str:
    """A page outside the navigation (no toctree lists it: search, the
    indices, an orphan): nothing in its sidebar is marked current, and the
    addresses are relative to its folder, so every such page of one folder
    gets the same HTML from the theme. It is made for the first, and kept
    only when it marks nothing current."""
    outside: dict[tuple, str] = per_build(app, "sidebar_outside", dict)
    if key in outside:
        return outside[key]
    markup = make()
    if "current" not in markup:
        outside[key] = markup
    return markup


def setup(app: Sphinx) -> None:
    app.add_config_value("edition_sidebar_cache", True, "html", types=(bool,))
    app.connect("html-page-context", sidebar_toctree, priority=400)
