"""Short, stable URLs: ``p/<ID>.html`` for every paragraph, section and note.

A paragraph's page depends on its section (``bms6/s1.html#BMS6-38``); the
short URL does not. Each is a small static page, written after every HTML
build from the ``ed`` domain's objects, that sends the browser to the
paragraph's current place (a relative link, so it works from disk and from a
server: meta refresh, a script, and a visible link), and names the paragraph
in its title and metadata. Pages of IDs that no longer exist are removed, so
an incremental build leaves the same ``p/`` as a clean one; a page that has
not changed is not written again.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from ..speed.filesync import Session, sync
from ..sphinxext.state import keep, take

logger = logging.getLogger(__name__)

FOLDER = "p"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{id} — {project}</title>
<meta http-equiv="refresh" content="0; url={target}">
<meta name="robots" content="noindex">
<meta name="DC.identifier" content="{id}">
<meta name="DC.title" content="{title}">
<meta name="DC.isPartOf" content="{project}">
<meta name="citation_title" content="{id} ({title})">
<meta name="citation_book_title" content="{project}">
{canonical}<script>location.replace({target_js} + location.search);</script>
</head>
<body>
<p><a href="{target}">{id}</a>: {title}, in <cite>{project}</cite>.</p>
</body>
</html>
"""


def _html(app: Sphinx) -> bool:
    builder = app.builder
    return builder.format == "html" and builder.name == "html"


def targets(app: Sphinx) -> list[tuple[str, str, str]]:
    """``(ID, title, page URI)`` of every object of the ``ed`` domain."""
    uri = app.builder.get_target_uri
    return [(obj.id, obj.title, uri(obj.docname))
            for obj in app.env.get_domain("ed").objects.values()]


def pages(app: Sphinx, objects: list[tuple[str, str, str]]) -> Iterator[tuple[str, str]]:
    """``(file name, page)`` for each object, made as they are written."""
    base = app.config.html_baseurl
    project = html.escape(app.config.project)
    for obj_id, title, uri in objects:
        target = f"../{uri}#{obj_id}"
        canonical = (f'<link rel="canonical" href="{html.escape(base.rstrip("/"))}/'
                     f'{html.escape(uri)}#{html.escape(obj_id)}">\n' if base else "")
        yield f"{obj_id}.html", PAGE.format(
            id=html.escape(obj_id), title=html.escape(title), project=project,
            target=html.escape(target), target_js=json.dumps(target), canonical=canonical)


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
    for name, page in pages(app, targets(app)):
        session.put(name, page)
    keep(app, "shorturls", session)


def write(app: Sphinx, exception: Any) -> None:
    """``build-finished``: the short URLs are all written (waiting for the
    session's thread, or writing them now)."""
    session: Session | None = take(app, "shorturls")
    if session is not None and exception is not None:
        try:
            session.close()  # what was given is written; no manifest
        except OSError:  # the build failed already: that is the error to report
            pass
        return
    if session is not None:
        written = session.finish()
    elif exception is None and _html(app):
        written = sync(Path(app.outdir, FOLDER), pages(app, targets(app)), _manifest(app))
    else:
        return
    logger.verbose("[edition] short URLs: %d page(s) written", written)


def _manifest(app: Sphinx) -> Path:
    return Path(app.doctreedir, "edition-short-urls.json")


def setup(app: Sphinx) -> None:
    app.connect("write-started", start)
    app.connect("build-finished", write)
