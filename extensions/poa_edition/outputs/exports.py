"""The open-data exports in the HTML output, ``data/``: TEI, Akoma Ntoso,
a static DTS API, CSV tables (:mod:`.formats`), each a pure function of the
model file this build writes (:mod:`.modelfile`).

Written at the end of an HTML build only when the model changed (its
digest, kept beside the environment, with the code that writes them), so
a rebuild that changes nothing in the model costs nothing here; only the
files whose bytes differ are written (each through a temporary file and a
rename), and files no longer wanted are removed, so an incremental build
leaves the same ``data/`` as a clean one. The Data page (``{edition-data}``)
lists them with their sizes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..sphinxext.state import builder_of, cached, per_build
from . import modelfile
from .formats import akn, dts, tables, tei

FOLDER = "data"
#: beside the environment: the digest of the model and code the exports were made from
DIGEST = "edition-exports.digest"
#: beside the environment: the digest of each file of data/ as last written
MANIFEST = "edition-exports.files.json"
#: beside the environment: the DTS passages of the last build, by what they are made from
MEMO = "edition-exports.passages.pickle"


@functools.cache
def _code() -> bytes:
    return b"".join(Path(m.__file__).read_bytes() for m in (tei, akn, dts, tables,
                                                            sys.modules[__name__]))


def exports(model: Mapping[str, Any], memo: tei.Memo | None = None) -> dict[str, bytes]:
    """Every file of ``data/``: path -> bytes (``memo``: the DTS passages
    made by the last build, :func:`.tei.fragments`)."""
    return dict(iter_exports(model, memo))


def iter_exports(model: Mapping[str, Any], memo: tei.Memo | None = None) -> Iterator[tuple[str, bytes]]:
    """:func:`exports` one ``(path, bytes)`` at a time, in the same order."""
    yield tei.CORPUS_FILE, tei.corpus(model)
    for siglum in akn.documents(model):
        yield f"akn/{siglum}.xml", akn.document(model, siglum)
    yield from ((f"dts/{path}", data) for path, data in dts.iter_files(model, memo))
    yield "paragraphs.csv", tables.paragraphs(model)
    yield "links.csv", tables.links(model)
    yield "datapackage.json", tables.datapackage(model)


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


def _write(folder: Path, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
           manifest: Path | None = None) -> int:
    """Make ``folder`` hold exactly ``files``; how many were written. With
    ``manifest`` (beside the environment: each file's digest as last
    written), a file whose digest is unchanged is neither read nor written;
    without it, or for a file it does not name, the file is read and
    compared. The manifest is removed before the first write, so a build
    killed half-way leaves none."""
    try:
        known: dict[str, str] = json.loads(manifest.read_text(encoding="utf-8")) if manifest else {}
    except (OSError, ValueError):
        known = {}
    present = set()
    if folder.is_dir():
        for here, dirs, names in os.walk(folder):
            rel = os.path.relpath(here, folder)
            present.update(n if rel == "." else f"{rel}/{n}".replace(os.sep, "/") for n in names)
    digests: dict[str, str] = {}
    written = 0
    for name, data in (files.items() if isinstance(files, Mapping) else files):
        digests[name] = digest = hashlib.sha1(data).hexdigest()
        path = folder / name
        if name in present:
            if known.get(name) == digest:
                continue
            if name not in known and path.read_bytes() == data:
                continue
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        if manifest and not written:
            manifest.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        written += 1
    for name in sorted(present - digests.keys()):
        (folder / name).unlink()
    for here, _dirs, _names in os.walk(folder, topdown=False):
        if here != str(folder) and not os.listdir(here):
            os.rmdir(here)
    if manifest and (written or known != digests):
        manifest.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
    return written


def _memo(app: Any) -> tei.Memo:
    """The DTS passages the last build made, kept beside the environment:
    an edit to one paragraph serializes its passages again, not all of them
    (3,633 passages on the bench corpus: 0.9 s of CPU)."""
    try:
        with open(Path(app.doctreedir, MEMO), "rb") as f:
            kept = pickle.load(f)
        return tei.Memo(kept["passages"] if kept.get("code") == _memo_code() else {})
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError,
            pickle.UnpicklingError):
        return tei.Memo()


def _keep_memo(app: Any, memo: tei.Memo) -> None:
    if memo.now == memo.before:
        return
    path = Path(app.doctreedir, MEMO)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump({"code": _memo_code(), "passages": memo.now}, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


@functools.cache
def _memo_code() -> str:
    return hashlib.sha256(_code() + Path(tei.__file__).read_bytes()).hexdigest()


def _made(app: Any) -> dict[str, bytes]:
    """The exports of this build, all at once (the Data page needs their
    sizes while pages are written; ``data/`` is then written from them)."""
    def make() -> dict[str, bytes]:
        memo = _memo(app)
        files = exports(modelfile.build(app), memo)
        _keep_memo(app, memo)
        return files

    return per_build(app, "exports", make)


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``data/`` beside the pages, when the model changed."""
    if exception is not None or app.builder.format != "html":
        return
    digest = hashlib.sha256(_code() + modelfile.text(app)).hexdigest()
    record = Path(app.doctreedir, DIGEST)
    folder = Path(app.outdir, FOLDER)
    try:
        same = record.read_text(encoding="utf-8") == digest and folder.is_dir()
    except OSError:
        same = False
    if same:
        return
    record.unlink(missing_ok=True)  # a build killed while writing makes them all again
    manifest = Path(app.doctreedir, MANIFEST)
    made = cached(app, "exports")  # by the Data page, if it was written
    if made is not None:
        _write(folder, made, manifest)
    else:  # made as they are written: not all held at once
        memo = _memo(app)
        _write(folder, iter_exports(modelfile.build(app), memo), manifest)
        _keep_memo(app, memo)
    record.write_text(digest, encoding="utf-8")


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
        files = _made(builder)
        sizes: dict[str, int] = {}
        for name, data in files.items():
            key = next((p for p, *_ in LISTED if name == p or (p.endswith("/") and
                                                             name.startswith(p))), None)
            if key:
                sizes[key] = sizes.get(key, 0) + len(data)
        dts_total = sum(len(d) for n, d in files.items() if n.startswith("dts/"))
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
