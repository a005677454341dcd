"""The open-data exports in the HTML output, ``data/``: TEI, Akoma Ntoso,
a static DTS API, CSV tables (:mod:`.formats`), each a pure function of the
model file this build writes (:mod:`.modelfile`).

Written at the end of an HTML build only when the model changed (its
digest, kept beside the environment, with the code that writes them), so
a rebuild that changes nothing in the model costs nothing here. A rebuild
costs what the edit costs: each DTS file has a digest of what it is made
from (:data:`.dts.Recipe`: its units, its passage's divisions), and one
made from the same as the last build recorded (the manifest, beside the
environment) is neither made nor read; the TEI and Akoma Ntoso documents are
written piece by piece (:mod:`.formats.pieces`), each piece made from the
same data taken from the last build (:data:`MEMO`). Only the files whose
bytes differ are written (each through a temporary file and a rename), and
files no longer wanted are removed, so an incremental build leaves the same
``data/`` as a clean one (tests/test_incremental.py, tests/test_exports.py).
The Data page (``{edition-data}``) lists them with their sizes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..model.registry import check_key, code_digest
from ..speed.filesync import keep, read_kept, replace
from ..sphinxext.state import builder_of, drop, per_build
from . import modelfile
from .formats import akn, dts, tables, tei
from .formats import pieces as xmlpieces

FOLDER = "data"
#: beside the environment: the digest of the model and code the exports were made from
DIGEST = "edition-exports.digest"
#: beside the environment: each file of data/ as last written (its digest,
#: size and the digest of what it was made from) and the code that made them
MANIFEST = "edition-exports.files.json"
#: beside the environment: the pieces of the TEI and AKN documents of the last
#: build, by what they are made from (:class:`.formats.pieces.TextMemo`)
MEMO = "edition-exports.pieces.pickle"


def _code_digest() -> str:
    return code_digest(tei, akn, dts, tables, xmlpieces, sys.modules[__name__])


def exports(model: Mapping[str, Any], memo: tei.Memo | None = None) -> dict[str, bytes]:
    """Every file of ``data/``: path -> bytes (``memo``: the pieces of the
    TEI documents made by the last build, :class:`.tei.Memo`)."""
    return dict(iter_exports(model, memo))


def iter_exports(model: Mapping[str, Any], memo: tei.Memo | None = None) -> Iterator[tuple[str, bytes]]:
    """:func:`exports` one ``(path, bytes)`` at a time, in the same order."""
    for name, _key, make in recipes(model, memo):
        yield name, make()


def recipes(model: Mapping[str, Any], memo: tei.Memo | None = None) -> Iterator[dts.Recipe]:
    """:func:`exports` as recipes (:data:`.dts.Recipe`): each file's path, a
    digest of what it is made from (or None) and what makes it."""
    pieces = tei.all_pieces(model)
    yield tei.CORPUS_FILE, None, functools.partial(tei.corpus, model, memo, pieces)
    for siglum in akn.documents(model):
        yield f"akn/{siglum}.xml", None, functools.partial(akn.document, model, siglum, memo)
    for path, key, make in dts.iter_recipes(model, memo, pieces):
        yield f"dts/{path}", key, make
    yield "paragraphs.csv", None, functools.partial(tables.paragraphs, model)
    yield "links.csv", None, functools.partial(tables.links, model)
    yield "datapackage.json", None, functools.partial(tables.datapackage, model)


#: what the Data page lists: (path, format, schema or standard)
LISTED = (
    (tei.CORPUS_FILE, "TEI P5 (teiCorpus)", "tei_all.rng, TEI P5"),
    ("akn/", "Akoma Ntoso 3.0, one doc per document", "OASIS LegalDocML akomantoso30.xsd"),
    ("dts/entry.json", "DTS 1.0 API, static (entry endpoint)", "Distributed Text Services 1.0"),
    ("paragraphs.csv", "CSV, one row per section, paragraph and note", "datapackage.json"),
    ("links.csv", "CSV, one row per typed link", "datapackage.json"),
    ("datapackage.json", "Frictionless Data Package", "Frictionless Data Package v1"),
    ("../edition.json", "the model file (JSON)", "edition.schema.json (in the package)"),
    ("../needs.json", "sphinx-needs export (JSON)", "sphinx-needs' needs.json; README: needimport"),
)


class _Folder:
    """``data/`` as the last build left it: the files present, and what the
    manifest says of each, written by this code: ``[size, "k:" + the digest
    of what it was made from]`` for a file with a key (:data:`.dts.Recipe`),
    ``[size, "d:" + the digest of its bytes]`` for one without."""

    def __init__(self, folder: Path, manifest: Path | None) -> None:
        self.folder, self.manifest = folder, manifest
        try:
            kept = json.loads(manifest.read_text(encoding="utf-8")) if manifest else {}
            known = kept["files"] if kept.get("code") == _code_digest() else {}
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            known = {}
        self.known: dict[str, list[Any]] = known
        self.present: set[str] = set()
        if folder.is_dir():
            for here, _dirs, names in os.walk(folder):
                rel = os.path.relpath(here, folder)
                self.present.update(n if rel == "." else f"{rel}/{n}".replace(os.sep, "/")
                                    for n in names)

    def kept(self, name: str, key: bytes | None) -> list[Any] | None:
        """The manifest's entry for ``name`` if the file is there, made from ``key``."""
        entry = self.known.get(name)
        if key is None or entry is None or name not in self.present:
            return None
        return entry if entry[1] == f"k:{key.hex()}" else None


def _write(folder: Path, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]] |
           Iterable[dts.Recipe], manifest: Path | None = None,
           made: Mapping[str, bytes] | None = None, here: _Folder | None = None) -> int:
    """Make ``folder`` hold exactly ``files`` (``(name, bytes)``, or recipes:
    ``(name, key, make)``); how many were written. With ``manifest`` (beside
    the environment: :class:`_Folder`), a file made from the same key is
    neither made again nor read, and a file without a key whose digest is
    unchanged is neither read nor written; any other file is read and
    compared. ``made``: files already made by this build (name -> bytes);
    ``here``: the folder as read before. The manifest is removed before the
    first write, so a build killed half-way leaves none."""
    here = _Folder(folder, manifest) if here is None else here
    made = made or {}
    entries: dict[str, list[Any]] = {}
    written = 0
    # the folders known to exist: a file's folder is made once, not asked for
    # each of the thousands of files (``Path.mkdir(exist_ok=True)`` is two
    # system calls even when it exists); paths as strings (no Path per file)
    root = os.fspath(folder)
    folders: set[str] = set()
    for item in (files.items() if isinstance(files, Mapping) else files):
        if len(item) == 3:
            name, key, make = item
            if (entry := here.kept(name, key)) is not None:
                entries[name] = entry
                continue
            data = made[name] if name in made else make()
        else:
            (name, data), key = item, None
        tag = f"k:{key.hex()}" if key is not None else f"d:{hashlib.sha1(data).hexdigest()}"
        entries[name] = [len(data), tag]
        path = f"{root}/{name}"
        if name in here.present:
            if key is None and (here.known.get(name) or [0, None])[1] == tag:
                continue
            with open(path, "rb") as f:
                if f.read() == data:
                    continue
        elif (parent := path.rpartition("/")[0]) not in folders:
            os.makedirs(parent, exist_ok=True)
            folders.add(parent)
        if manifest and not written:
            manifest.unlink(missing_ok=True)
        replace(path, data)
        written += 1
    gone = sorted(here.present - entries.keys())
    for name in gone:
        (folder / name).unlink()
    # folders left empty: only where files were removed, or after a build
    # killed half-way (no manifest), which may have made a folder and no file
    for place, _dirs, _names in os.walk(folder, topdown=False) if gone or not here.known else ():
        if place != str(folder) and not os.listdir(place):
            os.rmdir(place)
    if manifest and (written or here.known != entries):
        replace(manifest, json.dumps({"code": _code_digest(), "files": entries},
                                     sort_keys=True).encode("utf-8"))
    return written


def _memo(app: Any) -> tei.Memo:
    """The pieces of the TEI and Akoma Ntoso documents the last build made,
    kept beside the environment: an edit to one paragraph serializes it
    again (and the shells of what it is part of), not the whole corpus."""
    return tei.Memo(read_kept(Path(app.doctreedir, MEMO), _code_digest()))


#: what earlier versions kept beside the environment, read by nothing now
_RETIRED = ("edition-exports.passages.pickle",)


def _keep_memo(app: Any, memo: tei.Memo) -> None:
    if memo.now.keys() != memo.before.keys():
        keep(Path(app.doctreedir, MEMO), _code_digest(), memo.now)
    for name in _RETIRED:
        Path(app.doctreedir, name).unlink(missing_ok=True)


class _Plan:
    """The exports of this build (once per build): their recipes, and the
    files made so far (the Data page needs every file's size while pages
    are written; a file made from what the last build made it from has the
    size the manifest says, unmade)."""

    def __init__(self, app: Any) -> None:
        self.memo = _memo(app)
        self.model = modelfile.build(app)
        #: the recipes, once the Data page asked for the sizes
        self.listed: list[dts.Recipe] | None = None
        self.made: dict[str, bytes] = {}
        self.here = _Folder(Path(app.outdir, FOLDER), Path(app.doctreedir, MANIFEST))

    def recipes(self) -> Iterable[dts.Recipe]:
        """Those the Data page listed, else made one at a time (not all held)."""
        return self.listed if self.listed is not None else recipes(self.model, self.memo)

    def sizes(self) -> dict[str, int]:
        if self.listed is None:
            self.listed = list(recipes(self.model, self.memo))
        out = {}
        for name, key, make in self.listed:
            if (entry := self.here.kept(name, key)) is not None:
                out[name] = entry[0]
            else:
                if name not in self.made:
                    self.made[name] = make()
                out[name] = len(self.made[name])
        return out


def _plan(app: Any) -> _Plan:
    return per_build(app, "exports", lambda: _Plan(app))


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``data/`` beside the pages, when the model changed."""
    if exception is not None or app.builder.format != "html":
        return
    digest = check_key(_code_digest(), modelfile.text(app))
    record = Path(app.doctreedir, DIGEST)
    folder = Path(app.outdir, FOLDER)
    try:
        same = record.read_text(encoding="utf-8") == digest and folder.is_dir()
    except OSError:
        same = False
    if same:
        return
    record.unlink(missing_ok=True)  # a build killed while writing makes them all again
    plan = _plan(app)
    _write(folder, plan.recipes(), plan.here.manifest, plan.made, plan.here)
    _keep_memo(app, plan.memo)
    drop(app, "exports")  # its pieces and recipes are not held through the rest of the build
    replace(record, digest.encode("utf-8"))


# -- the Data page -----------------------------------------------------------------


class pending_data_table(nodes.General, nodes.Element):
    """Where ``{edition-data}`` lists the exports (filled when the page is written)."""


class DataTable(SphinxDirective):
    """``{edition-data}``: every export with its format, schema, licence,
    size and the edition's version."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("ed").records(self.env.docname).tables.append("data")
        node = pending_data_table()
        self.set_source_info(node)
        return [node]


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, round(n / 1000))} kB"


class FillDataTable(SphinxPostTransform):
    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        found = list(self.document.findall(pending_data_table))
        if not found:
            return
        builder = builder_of(self.env)
        if builder.format != "html":
            for node in found:
                node.replace_self(nodes.paragraph(
                    text="The open-data exports are in the HTML edition's data/ folder."))
            return
        model = modelfile.build(builder)
        files = _plan(builder).sizes()
        sizes: dict[str, int] = {}
        for name, size in files.items():
            key = next((p for p, *_ in LISTED if name == p or (p.endswith("/") and
                                                             name.startswith(p))), None)
            if key:
                sizes[key] = sizes.get(key, 0) + size
        dts_total = sum(size for n, size in files.items() if n.startswith("dts/"))
        sizes["dts/entry.json"] = dts_total
        meta = model["edition"]
        table = nodes.table(classes=["ed-data-table"])
        group = nodes.tgroup(cols=5)
        table += group
        for width in (30, 30, 25, 15, 10):
            group += nodes.colspec(colwidth=width)
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body
        row = nodes.row()
        for title in ("File", "Format", "Schema", "Licence", "Size"):
            row += nodes.entry("", nodes.paragraph(text=title))
        head += row
        here = builder.get_target_uri(self.env.docname)
        prefix = "../" * here.count("/")
        for path, fmt, schema in LISTED:
            row = nodes.row()
            target = f"{prefix}{FOLDER}/{path}".replace(f"{FOLDER}/../", "")
            shown = path.removeprefix("../") if path.startswith("../") else f"{FOLDER}/{path}"
            link = nodes.reference("", shown, refuri=target, internal=False)
            row += nodes.entry("", nodes.paragraph("", "", link))
            row += nodes.entry("", nodes.paragraph(text=fmt))
            row += nodes.entry("", nodes.paragraph(text=schema))
            row += nodes.entry("", nodes.paragraph(text=f"© {meta['copyright']}"))
            size = sizes.get(path)
            if path.startswith("../"):
                size = len(modelfile.text(builder)) if path == "../edition.json" else None
            row += nodes.entry("", nodes.paragraph(text=_size(size) if size else "—"))
            body += row
        caption = nodes.paragraph(text=f"Version {meta['version']} of {meta['date']}: every file "
                                       "is made from this version's model file, edition.json.")
        for node in found:
            node.replace_self([caption.deepcopy(), table.deepcopy()])


def changed_docs(app: Sphinx, env: Any) -> list[str]:
    """``env-get-updated``: the pages with a Data table are written again
    whenever the model changed (its sizes change with any edit)."""
    pages = sorted(d for d, r in env.get_domain("ed").docs.items() if "data" in r.tables)
    if not pages:
        return []
    digest = hashlib.sha256(modelfile.text(app)).hexdigest()
    data = env.get_domain("ed").data
    if data.get("data_digest") == digest:
        return []
    data["data_digest"] = digest
    return pages


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write)
    app.connect("env-get-updated", changed_docs)
    app.add_node(pending_data_table)
    app.add_directive("edition-data", DataTable)
    app.add_post_transform(FillDataTable)
