"""Deleted and renamed pages: an incremental build gives the site a clean
build gives.

Sphinx forgets a document whose source is gone but leaves what it wrote for
it (``<docname>.html`` and its copied source ``_sources/<docname>.md.txt``),
and writes again only the pages whose own content changed. Every page,
though, shows the whole edition's navigation (the theme's sidebar, the
previous and next links): a page added, deleted, renamed, moved in a
toctree or retitled changes every page. So

- the files of a document that is gone are removed as soon as Sphinx finds
  it gone (``env-get-outdated``), before anything is written;
- when the navigation changed (the documents, their toctrees, titles and
  headings, their numbers), every page is written again (``env-get-updated``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: the ``ed`` domain's data key of the navigation's digest (pickled with the environment)
NAVIGATION = "navigation"


def _outputs(app: Sphinx, docname: str) -> list[Path]:
    """What an HTML builder wrote for ``docname``: its page and copied source."""
    builder = app.builder
    outname = getattr(builder, "get_outfilename", None)
    if builder.format != "html" or outname is None:
        return []
    out = [Path(outname(docname))]
    sources = Path(app.outdir, "_sources")
    link_suffix = getattr(app.config, "html_sourcelink_suffix", ".txt") or ""
    for suffix in app.config.source_suffix:
        name = f"{docname}{suffix}"
        if not name.endswith(link_suffix):
            name += link_suffix
        out.append(sources / name)
    return out


def remove_outputs(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                   removed: set[str]) -> list[str]:
    """``env-get-outdated``: the files of the documents that are gone."""
    outdir = Path(app.outdir).resolve()
    for docname in sorted(removed):
        for path in _outputs(app, docname):
            if path.is_file() and outdir in path.resolve().parents:
                logger.verbose("[edition] %s is gone: removing %s", docname, path)
                path.unlink()
                _prune_empty(path.parent, outdir)
    return []


def _prune_empty(folder: Path, outdir: Path) -> None:
    """Remove folders left empty (``bms7/`` after its last page went)."""
    while folder.resolve() != outdir and outdir in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:  # not empty
            return
        folder = folder.parent


def navigation_digest(env: BuildEnvironment) -> str:
    """What every page's navigation is made of: the documents, their
    toctrees, titles, headings and numbers."""
    docs = sorted(env.found_docs)
    parts = [
        docs,
        sorted((d, list(v)) for d, v in env.toctree_includes.items()),
        [(d, env.titles[d].astext() if d in env.titles else None) for d in docs],
        [(d, env.tocs[d].pformat() if d in env.tocs else None) for d in docs],
        sorted((d, sorted(v.items())) for d, v in env.toc_secnumbers.items()),
        sorted((d, sorted(v.items())) for d, v in env.toc_fignumbers.items()),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def navigation_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page, when the navigation changed."""
    data = env.get_domain("ed").data
    digest = navigation_digest(env)
    if data.get(NAVIGATION) == digest:
        return []
    data[NAVIGATION] = digest
    logger.verbose("[edition] the navigation changed: writing every page again")
    return sorted(env.found_docs)


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", remove_outputs)
    app.connect("env-get-updated", navigation_changed)

