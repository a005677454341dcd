"""Releases in the edition: each ID's history, the line on what changed, the
Changes page. All drawn from the releases' models
(``<edition_data>/releases/X.Y.Z.json``, :mod:`..model.releases`) through
:mod:`..model.changes`; nothing here compares anything itself.

- ``history/<ID>.html``: one small static page per ID (every ID of the
  build and of any release), its text, attestation, summary and quotations in
  each release, newest first, each release an anchor ``#vX.Y.Z`` (the "as
  of" view). The short URL ``p/<ID>.html`` links to it, and sends a browser
  there when asked ``p/<ID>.html?as-of=X.Y.Z`` (:mod:`.shorturls`), so the
  short URL stays the one address to cite. Written after every HTML build,
  only the pages that changed; those of IDs gone are removed.
- On a paragraph, section or note that changed in a release after the first,
  a line (drawn by :mod:`.render` after its links): "Changes: text
  established in 0.3.0; summary revised in 0.2.0", which leads to its history.
- ``{edition-changes}``: the Changes page, release by release, newest first,
  grouped by document, every ID linked to its history.

The pages depend on the release files alone (and the build's IDs, for which
pages exist): a new release re-reads every page (its digest is part of the
edition data's, :mod:`..sphinxext`).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import posixpath
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..model import changes as ch
from ..model.registry import code_digest
from ..sphinxext import nodes as ed
from ..sphinxext import releases_of
from ..sphinxext.state import builder_of, per_build
from ..speed.filesync import Session, replace
from . import render
from .formats.citeformats import long_date

FOLDER = "history"
#: beside the environment: each page's name -> a digest of what it was made from
INPUTS = "edition-history-inputs.json"
#: the page with {edition-changes}, which each history page links to
CHANGES_DOC = "changes"


def _compared(owner: Any) -> list[ch.Comparison]:
    return per_build(owner, "release-comparisons", lambda: ch.comparisons(releases_of(owner)))


def histories(owner: Any) -> dict[str, list[ch.State]]:
    """Every ID of any release -> its state in each release (once per build)."""
    return per_build(owner, "release-histories",
                     lambda: ch.history(releases_of(owner), _compared(owner)))


def history_uri(builder: Any, docname: str, obj_id: str) -> str | None:
    """The address of an ID's history from the page ``docname``: relative in
    HTML; the published address elsewhere (None without one)."""
    if builder.format == "html":
        here = posixpath.dirname(builder.get_target_uri(docname))
        return posixpath.relpath(f"{FOLDER}/{obj_id}.html", here or ".")
    base = builder.config.html_baseurl
    return f"{base.rstrip('/')}/{FOLDER}/{obj_id}.html" if base else None


def _link(builder: Any, docname: str, obj_id: str, text: str, title: str) -> nodes.Node:
    uri = history_uri(builder, docname, obj_id)
    inner = nodes.inline(text, text)
    if uri is None:
        return inner
    return nodes.reference("", "", inner, refuri=uri, reftitle=title, internal=False,
                           classes=["ed-history-link"])


# -- the line on a changed paragraph -------------------------------------------------


def history_line(builder: Any, docname: str, obj_id: str) -> nodes.Node | None:
    states = histories(builder).get(obj_id)
    text = ch.line_text(states) if states else ""
    if not text:
        return None
    line = ed.block_line("", "", classes=["ed-history"])
    line += nodes.inline("", "Changes: ", classes=["ed-label"])
    line += nodes.Text(text + "; ")
    line += _link(builder, docname, obj_id, "history", f"{obj_id} in each release")
    return line


# -- the Changes page ------------------------------------------------------------------


class pending_changes(nodes.General, nodes.Element):
    """Where {edition-changes} goes: filled for each builder when written."""


class ChangesDirective(SphinxDirective):
    """The releases and what each changed, newest first."""

    def run(self) -> list[nodes.Node]:
        return [pending_changes()]


class FillChanges(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        holders = list(self.document.findall(pending_changes))
        if not holders:
            return
        builder = builder_of(self.env)
        docname = self.env.docname
        models = releases_of(self.env)
        compared = _compared(self.env)
        out: list[nodes.Node] = []
        if not models:
            out.append(nodes.paragraph("", "", nodes.Text("No release yet: "),
                                       nodes.literal(text="edition release X.Y.Z"),
                                       nodes.Text(" makes one.")))
        for n in range(len(models) - 1, -1, -1):
            side = models[n]["edition"]
            version, date = str(side["version"]), str(side.get("date", ""))
            section = nodes.section(ids=[f"release-{version.replace('.', '-')}"])
            section += nodes.title(text=f"{version} ({long_date(date) or date})")
            if n == 0:
                section += nodes.paragraph(
                    text=f"The first release, with {len(models[0]['objects'])} IDs; the "
                         "history of each starts here.")
            elif not compared[n - 1].ids:
                section += nodes.paragraph(text=f"No ID changed since {compared[n - 1].before['version']}.")
            else:
                c = compared[n - 1]
                section += nodes.paragraph(
                    text=f"{len(c.ids)} ID{'s' if len(c.ids) != 1 else ''} changed since "
                         f"{c.before['version']}, by document:")
                for siglum, ids in c.by_document():
                    items = nodes.bullet_list(classes=["ed-changes"])
                    for idc in ids:
                        para = nodes.paragraph()
                        para += _link(builder, docname, idc.id, idc.id,
                                      f"{idc.id} in each release")
                        para += nodes.Text(": " + "; ".join(idc.said()))
                        items += nodes.list_item("", para)
                    para = nodes.paragraph()
                    para += nodes.strong(text=siglum)
                    section += para
                    section += items
            out.append(section)
        for holder in holders:
            holder.replace_self([n.deepcopy() for n in out])


# -- history/<ID>.html ---------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{id}: history — {project}</title>
{icon}{meta}{canonical}</head>
<body>
<header>
<h1>{id}: history</h1>
<p>{intro}</p>
</header>
{sections}</body>
</html>
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _section(obj_id: str, state: ch.State, before: ch.State | None, info: Any) -> str:
    v = _e(state.version)
    released = _e(long_date(state.date) or state.date)
    out = [f'<section id="v{v}">\n<h2>As of {v} (released {released})</h2>\n']
    if not state.present:
        out.append("<p>Not in this release.</p>\n</section>\n")
        return "".join(out)
    words = ch.NOTE_WHAT if state.kind == "note" else ch.WHAT
    if before is None:
        out.append("<p>In the first release that holds it.</p>\n")
    elif state.changes:
        said = "; ".join(_e(words[c.what] + (f" ({c.detail})" if c.detail else ""))
                         for c in state.changes)
        out.append(f'<p class="ed-changed">Changed in {v}: {said}.</p>\n')
    else:
        out.append(f"<p>Unchanged since {_e(before.version)}.</p>\n")
    out.append("<dl>\n")
    if state.withdrawn:
        out.append(f"<dt>Withdrawn</dt><dd>{_e(state.withdrawn)}</dd>\n")
    if state.kind == "note":
        out.append(f"<dt>Note</dt><dd>{_e(state.text or '')}</dd>\n")
    else:
        text = (f"<blockquote>{_e(state.text)}</blockquote>" if state.text is not None
                else "no official text in the edition")
        out.append(f"<dt>Official text</dt><dd>{text}</dd>\n")
        out.append(f"<dt>Attestation</dt><dd>{_e(state.attestation or '—')}</dd>\n")
        out.append(f"<dt>Summary</dt><dd>{_e(state.summary or '—')}</dd>\n")
        if state.quotations:
            quotes = "".join(f"<li>{_e(where)}: “{_e(text)}”</li>" for where, text in state.quotations)
            out.append(f"<dt>Quotations</dt><dd><ul>{quotes}</ul></dd>\n")
    out.append("</dl>\n")
    cite = f"{obj_id}, in {info.title}, version {state.version}, released {long_date(state.date)}"
    out.append(f'<p class="ed-as-of">Cite as of this version: {_e(cite)}; '
               f'<a href="../p/{_e(obj_id)}.html?as-of={v}">p/{_e(obj_id)}.html?as-of={v}</a>.</p>\n')
    out.append("</section>\n")
    return "".join(out)


def pages(app: Sphinx) -> list[tuple[str, str]]:
    """Every history page: (file name, HTML)."""
    return [(name, make()) for name, _key, make in _recipes(app)]


def _recipes(app: Sphinx) -> Iterator[tuple[str, str, Callable[[], str]]]:
    """Every history page as (file name, a digest of all it is made from,
    what makes it): a page made from the same as in the last build is not
    made again (3,630 pages on the bench corpus, of which an edit changes one)."""
    from .citethis import edition_info, item_for
    from .formats.citeformats import metadata

    info = edition_info(app.config)
    project = _e(app.config.project)
    lang = _e(app.config.language or "en")
    base = app.config.html_baseurl
    current = app.env.get_domain("ed").objects
    known = histories(app)
    changes_uri = (posixpath.relpath(app.builder.get_target_uri(CHANGES_DOC), FOLDER)
                   if CHANGES_DOC in app.env.all_docs else "")
    # the edition's icon (a page without one makes the browser ask for /favicon.ico)
    favicon = Path(app.config.html_favicon or "").name
    icon = f'<link rel="icon" href="../_static/{_e(favicon)}">\n' if favicon else ""
    common = repr((_code_digest(), info, project, lang, base, changes_uri, icon))

    def page(obj_id: str, states: list[ch.State], now: Any, item: Any) -> str:
        intro = [f"{_e(obj_id)} in each release of <cite>{project}</cite>, newest first: its "
                 "text, attestation and summary as each release had them."]
        if now is not None:
            intro.append(f'Now: <a href="../p/{_e(obj_id)}.html">{_e(obj_id)}</a>, in version '
                         f"{_e(info.version)}.")
        else:
            intro.append("No longer in the edition.")
        if changes_uri:
            intro.append(f'<a href="{_e(changes_uri)}">All changes, release by release</a>.')
        present = [s for s in states if s.present]
        if not states or not present:
            sections = "<p>Not in any release yet.</p>\n"
        else:
            first = states.index(present[0])
            sections = "".join(_section(obj_id, states[n], states[n - 1] if n > first else None, info)
                               for n in range(len(states) - 1, first - 1, -1))
        # the ID as it now stands, as its short URL describes it (the address to cite)
        meta = ("".join(f'<meta name="{name}" content="{_e(value)}">\n' for name, value in
                        metadata(item, info)) if now is not None else "")
        canonical = (f'<link rel="canonical" href="{_e(base.rstrip("/"))}/{FOLDER}/{_e(obj_id)}.html">\n'
                     if base else "")
        return PAGE.format(lang=lang, id=_e(obj_id), project=project, canonical=canonical, meta=meta,
                           icon=icon, intro=" ".join(intro), sections=sections)

    for obj_id in sorted(set(current) | set(known)):
        states = known.get(obj_id, [])
        now = current.get(obj_id)
        item = item_for(app.env, now) if now is not None else None
        key = hashlib.sha1(repr((common, obj_id, states, item)).encode("utf-8")).hexdigest()
        yield f"{obj_id}.html", key, functools.partial(page, obj_id, states, now, item)


def _code_digest() -> str:
    """The code that makes a history page: a change to it makes every page again."""
    from .formats import citeformats

    return code_digest(ch, citeformats, sys.modules[__name__])


def write(app: Sphinx, exception: Any) -> None:
    """``build-finished``: ``history/<ID>.html``, only what changed: a page
    made from the same as in the last build (a digest of it recorded beside
    the environment) is kept unread, not made again."""
    builder = app.builder
    if exception is not None or builder.format != "html" or builder.name != "html":
        return
    record = Path(app.doctreedir, INPUTS)
    try:
        before: dict[str, str] = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    session = Session(Path(app.outdir, FOLDER), Path(app.doctreedir, "edition-history.json"))
    now: dict[str, str] = {}
    for name, key, make in _recipes(app):
        now[name] = key
        if before.get(name) == key and session.keep(name):
            continue
        session.put(name, make())
    # a build killed before the record is written again leaves none (every
    # page is then made again): never a record of other pages
    if now != before:
        record.unlink(missing_ok=True)
    session.finish()
    if now != before:
        replace(record, json.dumps(now, sort_keys=True).encode("utf-8"))


def release_date(app: Sphinx, config: Any) -> None:
    """``config-inited``: the PDF's title page (and ``|today|``) gives the
    release date of this version, not the day of the build (unless conf.py
    sets ``today``); the version beside it is Sphinx's ``release``."""
    from .citethis import edition_date

    if not config.today:
        config.today = f"released {long_date(edition_date(config))}"


def setup(app: Sphinx) -> None:
    app.connect("config-inited", release_date, priority=6)  # after the version is read
    app.add_node(pending_changes)
    app.add_directive("edition-changes", ChangesDirective)
    app.add_post_transform(FillChanges)
    render.add_line(app, history_line)
    app.connect("build-finished", write)
