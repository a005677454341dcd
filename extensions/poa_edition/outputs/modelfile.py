"""``edition.json`` in the HTML output: the model file (:mod:`..model.modelfile`).

Written at the end of every HTML build from the ``ed`` domain's records,
the registry, the cited refs.bib entries and the edition's metadata, through
a temporary file that replaces the old one only when the bytes differ (so an
unchanged model is not written again, and a killed build leaves the old file
or the new one, never half of one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..model import modelfile
from ..model.registry import code_digest
from ..sphinxext import bib
from ..model.buildfiles import INCOMPLETE
from ..sphinxext.diagnostics import incomplete
from ..sphinxext.domain import get
from ..sphinxext.state import edition_of, per_build, remember
from ..speed.filesync import keep, read_kept, write_if_changed
from .citethis import edition_info
from .formats.pieces import Memo

#: beside the environment: the text of each item of the model's lists as the
#: last build wrote it, in UTF-8 (:func:`.model.modelfile.encoded`)
MEMO = "edition-model.items.pickle"


def metadata(config: Any) -> dict[str, Any]:
    """The edition as a publication, as every citation and export names it."""
    info = edition_info(config)
    return {"title": info.title, "editors": list(info.editors), "version": info.version,
            "date": info.date, "address": info.base_url, "language": config.language or "en",
            "copyright": str(config.copyright or "")}


def bibliography(env: Any, keys: set[str]) -> list[dict[str, Any]]:
    """The refs.bib entries named by ``keys``, as plain text."""
    out = []
    entries = bib.entries(env)
    for key, entry in bib.bib_entries(env).items():
        if key not in keys:
            continue
        out.append({
            "key": key, "type": entry.type, "siglum": entries.get(key),
            "authors": list(bib.person_names(entry, "author")),
            "fields": {name: bib.latex_text(value) for name, value in sorted(entry.fields.items())
                       if name != "siglum"},
        })
    return out


def build(app: Any) -> dict[str, Any]:
    """The model of this build, once per build (``app``: the application
    or its builder: anything with its ``env`` and ``config``)."""
    def make() -> dict[str, Any]:
        env = app.env
        domain = get(env)
        edition = edition_of(app)
        keys = {c.bibkey for recs in domain.docs.values() for c in recs.cites}
        keys |= {d.bibkey for d in edition.documents.values() if d.bibkey}
        keys |= {w.bibkey for w in edition.witnesses.values() if w.bibkey}
        keys |= {k for w in edition.witnesses.values() for k in w.labels.values()}
        return modelfile.assemble(
            domain.docs, domain.graph, edition, metadata=metadata(app.config),
            path_of=lambda docname: str(env.doc2path(docname, False)),
            bibliography=bibliography(env, keys))

    return per_build(app, "model", make)


def text(app: Any) -> bytes:
    """The model file's bytes, once per build (the file, the exports' digest
    and the Data page all need them). Each item of its lists is taken as the
    last build wrote it when it is the same (kept beside the environment:
    :func:`.model.modelfile.dumps`), so an edit writes the text of what it
    changed, not of the whole model."""
    def make() -> bytes:
        path = Path(app.env.doctreedir, MEMO)
        memo = Memo(read_kept(path, _code_digest()))
        out = modelfile.encoded(build(app), memo)
        if memo.now.keys() != memo.before.keys():
            keep(path, _code_digest(), memo.now)
        return out

    return per_build(app, "model-text", make)


def _code_digest() -> str:
    return code_digest(modelfile)


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``edition.json`` beside the HTML pages."""
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir, modelfile.FILENAME)
    marker = Path(app.outdir, INCOMPLETE)
    cause = incomplete()
    if cause is not None:  # no model of an edition only partly read: the cause instead
        write_if_changed(marker, (cause + "\n").encode("utf-8"))
        path.unlink(missing_ok=True)
        return
    marker.unlink(missing_ok=True)
    if write_if_changed(path, text(app)):
        remember(app, "model-written", True)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write)
