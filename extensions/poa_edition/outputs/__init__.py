"""Outputs: everything written from the model.

Writers of the edition's nodes (:mod:`.html`, :mod:`.latex`, drawing what a
block shows around its text from the ``ed`` domain: :mod:`.render`), the
tables and pictures made from the whole edition, the bibliography page,
the "Cite" control and ``cite/`` files, the short URLs ``p/<ID>.html``, the
resolver, the page metadata, the reports and the model file
``edition.json`` (:mod:`.modelfile`). The pure formats are in
:mod:`.formats`. Each module has its own ``setup(app)``.
"""

from __future__ import annotations

from typing import Any

from . import (bibpage, citethis, exports, history, html, idsearch, latex, modelfile, pagemeta,
               pagesgone, pictures, reading, render, report, resolver, reviewing, searchindex,
               searchtext, shorturls, sidebar, tables)

STATIC = html.STATIC


def setup(app: Any) -> None:
    latex.setup(app)
    idsearch.setup(app)
    resolver.setup(app)
    html.setup(app)  # the edition's nodes, with their HTML, LaTeX and text visitors
    tables.setup(app)
    pictures.setup(app)  # {edition-lineage}, {edition-timeline}: Graphviz pictures
    render.setup(app)
    reviewing.setup(app)
    report.setup(app)
    modelfile.setup(app)  # edition.json
    exports.setup(app)  # data/: TEI, Akoma Ntoso, DTS, CSV
    searchtext.setup(app)  # the texts search results show, from disk too
    searchindex.setup(app)  # an incremental build's search index equal to a clean one's
    shorturls.setup(app)
    history.setup(app)  # history/<ID>.html, the line on a changed paragraph, {edition-changes}
    citethis.setup(app)  # "Cite" beside each ID; cite/<ID>.{bib,json,ris}
    bibpage.setup(app)  # the bibliography: author-date order, "Cited in" its notes
    pagemeta.setup(app)
    pagesgone.setup(app)  # deleted, renamed, retitled pages: as a clean build
    reading.setup(app)  # one search box, named toggles, the tab title of a paragraph
    sidebar.setup(app)  # the navigation made once for the pages that share it
    html.assets(app)
