"""Short, stable URLs: ``p/<ID>.html`` for every paragraph, section and note.

A paragraph's page depends on its section (``bms6/s1.html#BMS6-38``); the
short URL does not. Each is a small static page, written after every HTML
build from the ``ed`` domain's objects, that sends the browser to the
paragraph's current place (a relative link, so it works from disk and from a
server: meta refresh, a script, and a visible link), and names the paragraph
in its title and metadata. Pages of IDs that no longer exist are removed, so
an incremental build leaves the same ``p/`` as a clean one.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

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


def write(app: Sphinx, exception: Any) -> None:
    builder = app.builder
    if exception is not None or builder.format != "html" or builder.name != "html":
        return
    objects = app.env.get_domain("ed").objects
    folder = Path(app.outdir, FOLDER)
    folder.mkdir(exist_ok=True)
    base = app.config.html_baseurl
    project = html.escape(app.config.project)
    wanted = set()
    for obj in objects.values():
        name = f"{obj.id}.html"
        wanted.add(name)
        target = f"../{builder.get_target_uri(obj.docname)}#{obj.id}"
        canonical = (f'<link rel="canonical" href="{html.escape(base.rstrip("/"))}/'
                     f'{html.escape(builder.get_target_uri(obj.docname))}#{html.escape(obj.id)}">\n'
                     if base else "")
        page = PAGE.format(id=html.escape(obj.id), title=html.escape(obj.title), project=project,
                           target=html.escape(target), target_js=json.dumps(target),
                           canonical=canonical)
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != page:
            path.write_text(page, encoding="utf-8")
    for stale in folder.glob("*.html"):
        if stale.name not in wanted:
            stale.unlink()
