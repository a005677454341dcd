"""Short, stable URLs: ``p/<ID>.html`` for every paragraph, section and note.

A paragraph's page depends on its section (``bms6/s1.html#BMS6-38``); the
short URL does not. Each is a small static page, written after every HTML
build from the ``ed`` domain's objects, that

- describes the one object it stands for, as a work of its own, with the
  full Highwire ``citation_*`` and Dublin Core set the section pages use
  (:func:`.citeformats.metadata`: title with the paragraph's number, the UN
  body as author, the document's date, the edition as the book, its editors,
  how the wording is known, the PDF at the paragraph, the short URL as the
  canonical address), so that a tool that reads the short URL without
  running scripts (Zotero, Google Scholar) gets the paragraph, not its
  section;
- shows its reference and a link to the paragraph's place (a relative
  link, so it works from disk and from a server), which a browser follows at
  once through a script (no ``meta refresh``, which crawlers treat as a
  redirect);
- links to the ID's history (``history/<ID>.html``, :mod:`.history`), where
  the script sends ``p/<ID>.html?as-of=X.Y.Z`` (at that release) and
  ``p/<ID>.html#history``: the short URL stays the one address to cite.

Pages of IDs that no longer exist are removed, so an incremental build
leaves the same ``p/`` as a clean one; a page that has not changed is not
written again.

Beside them, ``p/objects.inv`` is an intersphinx inventory of the same
objects that points at their short URLs (:mod:`.formats.inventory`): a
project that maps ``<address>/p/`` links to the stable addresses.
"""

from __future__ import annotations

import hashlib
import html
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..model.registry import code_digest
from ..speed.filesync import Session, replace, sync
from ..sphinxext.state import keep, take
from . import citethis
from .formats import citeformats, inventory

logger = logging.getLogger(__name__)

FOLDER = "p"
INVENTORY = "objects.inv"

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{id}: {title} — {project}</title>
{meta}{canonical}<script>var asOf = /[?&]as-of=([0-9.]+)/.exec(location.search);
location.replace(asOf || location.hash === "#history" ? {history_js} + (asOf ? "#v" + asOf[1] : "")
                 : {target_js} + location.search);</script>
</head>
<body>
<p><a href="{target}">{id}</a>: {title}, in <cite>{project}</cite>.</p>
<p>{reference}</p>
<p><a href="{history}">History of {id}</a>: its text in each release (<code>?as-of=X.Y.Z</code> here leads to one).</p>
</body>
</html>
"""


def _html(app: Sphinx) -> bool:
    builder = app.builder
    return builder.format == "html" and builder.name == "html"


def targets(app: Sphinx) -> list[tuple[Any, str]]:
    """``(object, page URI)`` of every object of the ``ed`` domain."""
    uri = app.builder.get_target_uri
    return [(obj, uri(obj.docname)) for obj in app.env.get_domain("ed").objects.values()]


def pages(app: Sphinx, objects: list[tuple[Any, str]]) -> Iterator[tuple[str, str]]:
    """``(file name, page)`` for each object, made as they are written."""
    base = app.config.html_baseurl
    info = citethis.edition_info(app.config)
    project = html.escape(app.config.project)
    lang = html.escape(app.config.language or "en")
    for obj, uri in objects:
        obj_id = obj.id
        item = citethis.item_for(app.env, obj)
        target = f"../{uri}#{obj_id}"
        history = f"../history/{obj_id}.html"
        url = info.url(obj_id)
        canonical = f'<link rel="canonical" href="{html.escape(url)}">\n' if base else ""
        meta = "".join(f'<meta name="{name}" content="{html.escape(value, quote=True)}">\n'
                       for name, value in citeformats.metadata(item, info))
        reference = "".join(f"<i>{html.escape(t)}</i>" if italic else html.escape(t)
                            for t, italic in citeformats.chicago(item, info))
        yield f"{obj_id}.html", PAGE.format(
            lang=lang, id=html.escape(obj_id), title=html.escape(citeformats.title(item)),
            project=project, meta=meta, canonical=canonical, target=html.escape(target),
            target_js=json.dumps(target), reference=reference, history=html.escape(history),
            history_js=json.dumps(history))


def start(app: Sphinx, builder: Any = None) -> None:
    """``write-started``: the objects and their pages are final; in a serial
    build, the short URLs are given to a session that writes them in a thread
    of its own while Sphinx writes the documents: creating some thousand
    small files waits on the disk, not on Python (measured: 0.1 s on an idle
    disk, up to 2.4 s while it flushes the rest of the build). A parallel
    build forks its writers, so it writes them at the end."""
    take(app, "shorturls")
    if not _html(app) or app.parallel > 1:
        return
    session = Session(Path(app.outdir, FOLDER), _manifest(app), threaded=True)
    before = _read_inputs(app)
    base = _code_digest() + repr((app.config.html_baseurl, app.config.project, app.config.language,
                                  citethis.edition_info(app.config)))
    now: dict[str, str] = {}
    changed = []
    for obj, uri in targets(app):
        item = citethis.item_for(app.env, obj)
        now[obj.id] = key = hashlib.sha1(f"{base}{uri}{item!r}".encode()).hexdigest()
        # what the page is made from is unchanged: kept unread (the manifest
        # says it is there as written), not made again
        if before.get(obj.id) == key and session.keep(f"{obj.id}.html"):
            continue
        changed.append((obj, uri))
    for name, page in pages(app, changed):
        session.put(name, page)
    keep(app, "shorturls", (session, before, now))


def write(app: Sphinx, exception: Any) -> None:
    """``build-finished``: the short URLs are all written (waiting for the
    session's thread, or writing them now)."""
    kept = take(app, "shorturls")
    session: Session | None = kept[0] if kept else None
    if session is not None and exception is not None:
        try:
            session.close()  # what was given is written; no manifest
        except OSError:  # the build failed already: that is the error to report
            pass
        return
    if session is not None:
        _, before, now = kept
        record = _inputs(app)
        if now != before:  # a build killed before the record is written again leaves none
            record.unlink(missing_ok=True)
        written = session.finish()
        if now != before:
            replace(record, json.dumps(now, sort_keys=True).encode("utf-8"))
    elif exception is None and _html(app):
        _inputs(app).unlink(missing_ok=True)  # made here without it: the record would lie
        written = sync(Path(app.outdir, FOLDER), pages(app, targets(app)), _manifest(app))
    else:
        return
    logger.verbose("[edition] short URLs: %d page(s) written", written)
    write_inventory(app)


def write_inventory(app: Sphinx) -> bool:
    """``p/objects.inv``, when it changed (atomically); True if written."""
    objects = sorted((obj.id, obj.kind) for obj in app.env.get_domain("ed").objects.values())
    data = inventory.dump(app.config.project, app.config.version, inventory.entries(objects))
    path = Path(app.outdir, FOLDER, INVENTORY)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    replace(path, data)
    return True


def _manifest(app: Sphinx) -> Path:
    return Path(app.doctreedir, "edition-short-urls.json")


def _inputs(app: Sphinx) -> Path:
    """Beside the environment: a digest of what each page was made from."""
    return Path(app.doctreedir, "edition-short-url-inputs.json")


def _read_inputs(app: Sphinx) -> dict[str, str]:
    try:
        return json.loads(_inputs(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _code_digest() -> str:
    """The code that makes a page: a change to it makes every page again."""
    return code_digest(citeformats, citethis, sys.modules[__name__])


def setup(app: Sphinx) -> None:
    app.connect("write-started", start)
    app.connect("build-finished", write)
