"""“Cite this”: every paragraph, section and note offers its citation.

The texts come from :mod:`.citeformats` (pure), fed from the model: the ``ed``
domain's object, the document registry (title, date, UN symbol), refs.bib
(the document's author) and the edition's own metadata (``project``,
``author`` as the editors, ``release`` — pyproject's version — ``edition_date``
and ``html_baseurl``).

- In the HTML edition, next to each ID, a small ``Cite`` control (a
  ``<details>``: closed, one word; keyboard-operable without script) holds
  the Chicago author-date reference and the BibTeX, CSL-JSON and RIS texts,
  each with a Copy button (shown only where script runs) and a download link.
- In each HTML build the same texts are files, ``cite/<ID>.bib``,
  ``cite/<ID>.json`` and ``cite/<ID>.ris``: written as each page's controls
  are made (those of pages not written again at the end of the build; stale
  ones removed; only what changed), like the short URLs (:mod:`.shorturls`).
- The PDF prints no control: its ID line already links to the short URL.

A page is written again when the refs.bib data its citations use changes
(:func:`changed_docs`), so an incremental build gives the pages a clean one does.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..sphinxext import bib
from .formats import citeformats
from . import render
from ..speed.filesync import Session, replace
from ..model.records import NOTE, SECTION, EdObject
from ..model.registry import code_digest
from ..sphinxext.state import cached, edition_of, parallel_jobs, per_build

FOLDER = "cite"
#: beside the environment: object ID -> digest of what its citation is made from
INPUTS = "edition-cite-inputs.json"
#: ed domain data: docname -> digest of the refs.bib data its citations use
DIGESTS = "cite_digests"


# -- from the model to citeformats ---------------------------------------------


def edition_date(config: Any) -> str:
    """``edition_date`` (ISO 8601) when set; else the day of
    ``SOURCE_DATE_EPOCH``; else today (UTC)."""
    if config.edition_date:
        return str(config.edition_date)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (_dt.datetime.fromtimestamp(int(epoch), _dt.UTC) if epoch and epoch.isdigit()
              else _dt.datetime.now(_dt.UTC))
    return moment.date().isoformat()


def split_names(text: str) -> tuple[str, ...]:
    """conf.py's ``author``: names separated by ``and`` or ``;``."""
    return tuple(n.strip() for n in re.split(r"\s+and\s+|;", text or "") if n.strip())


def pdf_name(config: Config) -> str:
    """The PDF edition's file name (the first LaTeX document's, ``.pdf``)."""
    documents = config.latex_documents or []
    return str(documents[0][1]).removesuffix(".tex") + ".pdf" if documents else ""


def edition_info(config: Config) -> citeformats.EditionInfo:
    return citeformats.EditionInfo(
        title=config.project, editors=split_names(config.author),
        version=config.release or config.version or "", date=edition_date(config),
        base_url=config.html_baseurl or "", pdf=pdf_name(config),
        publisher=config.edition_publisher or "", language=config.language or "en")


def _latex_text(value: str) -> str:
    return bib.latex_text(value)


def bib_authors(env: BuildEnvironment) -> dict[str, tuple[tuple[str, ...], str]]:
    """refs.bib key -> (authors as citeformats names, year), once per build."""
    def read() -> dict[str, tuple[tuple[str, ...], str]]:
        return {key: (bib.person_names(entry), entry.fields.get("year", ""))
                for key, entry in bib.bib_entries(env).items()}

    return per_build(env, "cite_bib_authors", read)


def item_for(env: BuildEnvironment, obj: EdObject) -> citeformats.Item:
    """What ``obj``'s citation is made from; once per object and build (the
    page's control and :func:`write_files` both ask)."""
    items: dict[str, citeformats.Item] = per_build(env, "cite_items", dict)
    item = items.get(obj.id)
    if item is None:
        item = items[obj.id] = _item(env, obj)
    return item


def _item(env: BuildEnvironment, obj: EdObject) -> citeformats.Item:
    edition = edition_of(env)
    if obj.kind == NOTE:
        return citeformats.Item(id=obj.id, kind="note", locator=obj.locator, doc_title=obj.title)
    doc = edition.documents.get(obj.siglum)
    authors, year = bib_authors(env).get(doc.bibkey or "", ((), "")) if doc else ((), "")
    witnesses = tuple((s, edition.witnesses[s].short if s in edition.witnesses else s)
                      for s in obj.witnesses)
    return citeformats.Item(
        id=obj.id, kind="section" if obj.kind == SECTION else "paragraph",
        locator=obj.label if obj.kind == SECTION else obj.locator,
        doc_title=doc.title if doc else obj.title, doc_authors=authors,
        doc_date=(doc.date if doc and doc.date else year), doc_symbol=(doc.symbol or "") if doc else "",
        attestation=obj.attestation, witnesses=witnesses, withdrawn=obj.withdrawn)


# -- the control in the page ----------------------------------------------------


def control_html(self: Any, obj_id: str) -> str:
    """The "Cite" control of one object, beside its ID (:mod:`.render` calls
    it for HTML builders; ``self`` is the HTML translator)."""
    builder = self.builder
    obj = builder.env.get_domain("ed").objects.get(obj_id)
    if obj is None:
        return ""
    info = per_build(builder, "cite_edition_info", lambda: edition_info(builder.config))
    item = item_for(builder.env, obj)
    folder = _folder_from(builder, builder.current_docname)
    files = {key: f"{folder}/{obj.id}.{suffix}" for key, _n, suffix, _m, _f in citeformats.FORMATS}
    # pages written in parallel are written by forked processes: their files
    # are the main process's to write, at the end (write_files)
    session = _files(builder) if parallel_jobs(builder) <= 1 else None
    return _control(self, obj_id, item.kind, citeformats.chicago(item, info),
                    citeformats.chicago_in_text(item, info),
                    formats_of(builder.env, obj, item, info, session), files)


def _folder_from(builder: Any, docname: str) -> str:
    """The cite folder relative to the page of ``docname`` (once per page)."""
    folders: dict[str, str] = per_build(builder, "cite_folders", dict)
    if docname not in folders:
        here = posixpath.dirname(builder.get_target_uri(docname))
        folders[docname] = posixpath.relpath(FOLDER, here or ".")
    return folders[docname]


def _escape(text: str) -> str:
    """What the HTML translator's ``encode`` makes of ``text`` (its table of
    special characters), by C string replacements: the formats are long."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace(">", "&gt;").replace("@", "&#64;"))


def formats_of(env: BuildEnvironment, obj: EdObject, item: Any, info: Any,
               files: _CiteFiles | None = None) -> dict[str, str]:
    """The BibTeX, CSL-JSON and RIS of ``obj``: the page's control and the
    downloadable files show the same texts. With ``files``, the files are
    written (when changed) as the texts are made, and only which objects have
    theirs is kept, not the texts (:func:`write_files`)."""
    texts = citeformats.all_formats(item or item_for(env, obj), info)
    if files is not None and obj.id not in files.done:
        files.done.add(obj.id)
        for key, _name, suffix, _mime, _make in citeformats.FORMATS:
            files.put(f"{obj.id}.{suffix}", texts[key])
    return texts


class _CiteFiles(Session):
    """The ``cite/`` folder of this build, and the objects whose files it has."""

    def __init__(self, builder: Builder) -> None:
        # written by a thread of their own while the pages are made (filesync)
        super().__init__(Path(builder.outdir, FOLDER),
                         Path(builder.doctreedir, "edition-cite-files.json"),
                         tuple(f".{suffix}" for _k, _n, suffix, _m, _f in citeformats.FORMATS),
                         threaded=True)
        self.done: set[str] = set()


def _files(builder: Builder) -> _CiteFiles | None:
    """The cite files of this build: only the HTML builder writes them
    (only what changed is written; a manifest beside the environment)."""
    if builder.format != "html" or builder.name != "html":
        return None
    return per_build(builder, "cite_files", lambda: _CiteFiles(builder))


def _control(self: Any, obj_id: str, kind: str, chicago: list[tuple[str, bool]], in_text: str,
             texts: dict[str, str], files: dict[str, str]) -> str:
    enc, att = self.encode, self.attval
    what = {"note": "note", "section": "section"}.get(kind, "paragraph")
    ref = "".join(f"<i>{enc(t)}</i>" if italic else enc(t) for t, italic in chicago)
    plain = "".join(t for t, _ in chicago)
    out = [
        '<details class="ed-cite-this no-search">',
        f'<summary aria-label="Cite {att(obj_id)}" title="Cite this {what}">Cite</summary>\n',
        f'<div class="ed-cite-panel" role="group" aria-label="Citations of {att(obj_id)}">\n',
        '<div class="ed-cite-format" data-format="chicago">'
        '<span class="ed-cite-name">Chicago (author-date)</span> '
        f'<button type="button" class="ed-copy" hidden data-copy="{att(plain)}">Copy</button>'
        f'<p class="ed-cite-ref">{ref}</p>'
        f'<p class="ed-cite-intext">In the text: <code>{enc(in_text)}</code></p></div>\n',
    ]
    for key, name, suffix, mime, _make in citeformats.FORMATS:
        out.append(
            f'<div class="ed-cite-format" data-format="{key}">'
            f'<span class="ed-cite-name">{enc(name)}</span> '
            '<button type="button" class="ed-copy" hidden>Copy</button> '
            f'<a class="ed-download" href="{att(files[key])}" '
            f'download="{att(obj_id)}.{suffix}" type="{mime}">Download .{suffix}</a>'
            f'<details class="ed-cite-show"><summary>Show</summary>'
            f'<pre class="ed-cite-text">{_escape(texts[key])}</pre></details></div>\n')
    out.append('<p class="ed-copy-status" role="status" aria-live="polite"></p></div></details>\n')
    return "".join(out)


# -- the files --------------------------------------------------------------------


def write_files(app: Sphinx, exception: Any) -> None:
    """``build-finished``: ``cite/<ID>.{bib,json,ris}`` for every object (those
    of the pages written in this build are already, by :func:`formats_of`).
    An object whose citation is made from the same data as in the last build
    (its :class:`~.citeformats.Item`, the edition's metadata and the code that
    writes them, recorded beside the environment) keeps its files unread, its
    formats not made again."""
    if exception is not None:
        started = cached(app, "cite_files")
        if started is not None:  # the files given so far are written; no manifest
            try:
                started.close()
            except OSError:  # the build failed already: that is the error to report
                pass
        return
    files = _files(app.builder)
    if files is None:
        return
    info = edition_info(app.config)
    env = app.env
    record = Path(app.doctreedir, INPUTS)
    try:
        before: dict[str, str] = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    base = _code_digest() + repr(info)
    now: dict[str, str] = {}
    suffixes = [suffix for _k, _n, suffix, _m, _f in citeformats.FORMATS]
    for obj in env.get_domain("ed").objects.values():
        item = item_for(env, obj)
        now[obj.id] = key = hashlib.sha1((base + repr(item)).encode()).hexdigest()
        if obj.id in files.done:
            continue
        if before.get(obj.id) == key and all(files.keep(f"{obj.id}.{s}") for s in suffixes):
            continue
        formats_of(env, obj, item, info, files)
    # a build killed before the record is written again leaves none (every
    # object's files are then made again): never a record of other files
    if now != before:
        record.unlink(missing_ok=True)
    files.finish()
    if now != before:
        replace(record, json.dumps(now, sort_keys=True).encode("utf-8"))


def _code_digest() -> str:
    """The code that makes a citation: a change to it makes every file again."""
    return code_digest(citeformats, sys.modules[__name__])


def changed_docs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose citations use refs.bib data that
    changed (a document's author or year) are written again."""
    domain = env.get_domain("ed")
    digests: dict[str, str] = domain.data.setdefault(DIGESTS, {})
    authors = bib_authors(env)
    edition = edition_of(app)
    changed = []
    for docname, recs in sorted(domain.docs.items()):
        keys = sorted({edition.documents[o.siglum].bibkey or "" for o in recs.objects
                       if o.siglum in edition.documents})
        digest = hashlib.sha256(repr([(k, authors.get(k)) for k in keys]).encode()).hexdigest()
        if digests.get(docname) != digest:
            if docname in digests:
                changed.append(docname)
            digests[docname] = digest
    for gone in set(digests) - set(domain.docs):
        del digests[gone]
    return changed


def setup(app: Sphinx) -> None:
    app.add_config_value("edition_date", "", "html", types=(str,))
    # who publishes the edition, when not its editors ("" = the editors)
    app.add_config_value("edition_publisher", "", "html", types=(str,))
    render.add_html_id_extra(app, control_html)
    app.connect("env-get-updated", changed_docs)
    app.connect("build-finished", write_files)
    app.add_js_file("cite.js")
