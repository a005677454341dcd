"""The model file, ``edition.json``: the whole edition as one document. Pure.

Every HTML build writes it (:mod:`..outputs.modelfile`) from the ``ed``
domain's records, the registry and the edition's metadata; the maintainers'
tools (``edition stats``, ``ids``, ``check``) and every export read it, so
they all say what the build established. :func:`assemble` makes it,
:func:`dumps` writes it (deterministic: sorted keys, no time stamps),
:func:`load` reads it back and :func:`validate` checks it against its JSON
Schema, ``schemas/edition.schema.json`` (shipped in the package).

It holds, under a format version (:data:`FORMAT_VERSION`, raised whenever a
reader would misread the file):

- ``edition``: title, editors, version, date, address (``html_baseurl``),
  language, copyright;
- ``documents`` and ``witnesses``: the registry, with each document's
  official text when imported (symbol, date, file);
- ``link_types``: the vocabulary of typed links;
- ``objects``: every section, paragraph and note in reading order (documents
  by page name, then page order) with its ID, need ID, number, section,
  attestation, summary, official text and its quotations (witness, place,
  extent, joint partners, collation result); a note also with its text,
  its resolved citations (locators as IDs) and its claims;
- ``links``: every typed link, with the notes that argue it;
- ``bibliography``: the refs.bib entries the edition cites;
- ``coverage``: per document, paragraphs by attestation and commentary
  (:func:`.linkgraph.coverage`, the one place it is counted).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from .buildfiles import INCOMPLETE, MODEL
from .ids import to_need_id
from .linkgraph import COVERAGE_KEYS, LinkGraph, coverage
from .records import NOTE, DocRecords, EdObject, Quote
from .registry import Edition

FORMAT = "poa-edition-model"
#: raised whenever a reader of the file would misread it
FORMAT_VERSION = 1
FILENAME = MODEL
SCHEMA = Path(__file__).parent / "schemas" / "edition.schema.json"


def _quote(q: Quote, edition: Edition, path: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "witness": q.witness, "place": q.place, "text": q.text, "extent": q.extent,
        "with": list(q.others), "grouping": q.grouping, "file": path, "line": q.lineno,
        "collation": None,
    }
    text = edition.texts.get(q.owner.partition("-")[0])
    if text is not None and q.owner in text.units:
        from . import collation  # only once an official text is in (not at start-up)

        result = collation.collate_quotation(text, q.owner, q.text,
                                             q.others if q.extent == "joint" else ())
        if result is not None:
            out["collation"] = result.to_json()
    return out


def _object(obj: EdObject, recs: DocRecords, edition: Edition, path: str,
            quotes: list[Quote]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": obj.id, "need_id": to_need_id(obj.id), "kind": obj.kind, "type": obj.need_type,
        "siglum": obj.siglum, "locator": obj.locator, "label": obj.label, "title": obj.title,
        "file": path, "line": obj.lineno, "parent": obj.parent,
    }
    if obj.kind == NOTE:
        out.update(place=obj.place, text=obj.text,
                   citations=[{"text": c.text, "label": c.label, "bibkey": c.bibkey,
                               "siglum": c.siglum, "ids": list(c.ids), "other": list(c.other),
                               "line": c.lineno} for c in recs.cites if c.note == obj.id],
                   claims=[{"source": c.source, "type": c.link_type, "targets": list(c.targets),
                            "line": c.lineno} for c in recs.claims if c.note == obj.id])
        return out
    text = edition.texts.get(obj.siglum)
    official = text.wording_of(obj.id) if text is not None else None
    out.update(attestation=obj.attestation, summary=obj.summary, basis=obj.basis,
               withdrawn=obj.withdrawn, witnesses=list(obj.witnesses),
               official_text=official, fingerprint=obj.fingerprint,
               quotations=[_quote(q, edition, path) for q in quotes])
    return out


def assemble(docs: Mapping[str, DocRecords], graph: LinkGraph, edition: Edition, *,
             metadata: Mapping[str, Any], path_of: Callable[[str], str],
             bibliography: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The model file's content. ``path_of(docname)``: the page's file,
    relative to the source directory; ``bibliography``: the cited entries."""
    quotes: dict[str, list[Quote]] = {}
    for docname in sorted(docs):
        for q in docs[docname].quotes:
            quotes.setdefault(q.owner, []).append(q)
    objects = []
    for obj in graph.objects.values():
        objects.append(_object(obj, docs[obj.docname], edition, path_of(obj.docname),
                               quotes.get(obj.id, [])))
    links = []
    for source in graph.objects:
        for link_type, found in graph.outgoing(source):
            links += [{"source": source, "type": link_type, "target": link.other,
                       "notes": list(link.notes)} for link in found]
    documents = []
    for d in edition.documents.values():
        text = edition.texts.get(d.siglum)
        documents.append({
            "siglum": d.siglum, "title": d.title, "kind": d.kind, "style": d.style,
            "date": d.date, "symbol": d.symbol, "extent": d.extent, "bibkey": d.bibkey,
            "note": d.note,
            "official": None if text is None else {
                "symbol": text.symbol, "date": text.date, "file": text.file,
                "imported": text.imported},
        })
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "edition": dict(metadata),
        "documents": documents,
        "witnesses": [{"siglum": w.siglum, "title": w.title, "short": w.short,
                       "bibkey": w.bibkey} for w in edition.witnesses.values()],
        "link_types": [{"name": lt.name, "outgoing": lt.outgoing, "incoming": lt.incoming,
                        "description": lt.description, "sources": list(lt.sources),
                        "targets": list(lt.targets), "automatic": lt.automatic}
                       for lt in edition.link_types.values()],
        "objects": objects,
        "links": links,
        "bibliography": sorted((dict(e) for e in bibliography), key=lambda e: e["key"]),
        "coverage": {siglum: counts for siglum, counts in coverage(graph)},
    }


def dumps(model: Mapping[str, Any], memo: Any = None) -> str:
    """The file's text: the same model gives the same bytes. With ``memo``
    (``get(key)`` and ``put(key, text)``: texts made by an earlier run), each
    item of the model's lists (an object, a link) is written as it was then
    if it is the same (a digest of its ``repr``, which for JSON's values
    names one value, at half the cost of the indented text, which only
    Python's pure encoder writes): the same bytes as without."""
    if memo is None:
        return json.dumps(model, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    return encoded(model, memo).decode("utf-8")


def encoded(model: Mapping[str, Any], memo: Any) -> bytes:
    """``dumps(model, memo).encode("utf-8")``, made as one join of its
    parts' bytes: ``memo`` keeps each item's text in UTF-8 (half the size of
    a string with one character beyond Latin-1, which Python keeps at two
    bytes a character), and the whole file is put together once, not as a
    string copied by each concatenation and then encoded."""
    parts: list[bytes] = []
    for key in sorted(model):
        parts.append(b",\n " if parts else b"{\n ")
        parts.append(json.dumps(key, ensure_ascii=False).encode("utf-8") + b": ")
        value = model[key]
        if isinstance(value, list) and value:
            parts.append(b"[\n  ")
            for n, v in enumerate(value):
                if n:
                    parts.append(b",\n  ")
                parts.append(_item(v, memo))
            parts.append(b"\n ]")
        else:
            parts.append(json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)
                         .replace("\n", "\n ").encode("utf-8"))
    parts.append(b"\n}\n" if parts else b"{}\n")
    return b"".join(parts)


def _item(value: Any, memo: Any) -> bytes:
    """An item of a list of the model, as :func:`dumps` writes it there
    (two levels in: a string holds no newline, JSON escapes it), in UTF-8."""
    key = hashlib.sha1(repr(value).encode("utf-8")).digest()
    if (text := memo.get(key)) is None:
        text = (json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)
                .replace("\n", "\n  ").encode("utf-8"))
        memo.put(key, text)
    return text


class ModelFileError(Exception):
    """The model file cannot be used; the message says why, in one line."""


def load(path: Path | str) -> dict[str, Any]:
    """The model file at ``path``; :class:`ModelFileError` if it is missing,
    not JSON, or of another format or version."""
    path = Path(path)
    try:
        cause = (path.parent / INCOMPLETE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        cause = None
    if cause is not None:
        raise ModelFileError(f"the last build into {path.parent} failed ({cause}), so there is no "
                             f"complete model ({path.name}); fix that and build again")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFileError(f"{path} not found; run `make html` first") from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise ModelFileError(f"{path} cannot be read: {err}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelFileError(f"{path} is not an edition model file")
    if data.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(f"{path} has format version {data.get('format_version')!r}; "
                             f"this edition reads {FORMAT_VERSION}: build it again")
    return data


def validate(model: Mapping[str, Any]) -> list[str]:
    """Where ``model`` breaks the schema: one line per error (empty: valid)."""
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in sorted(validator.iter_errors(model), key=lambda e: list(e.absolute_path))]


def paragraph_counts(model: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """Per document: the coverage the build counted (every key present)."""
    return {s: {k: int(c.get(k, 0)) for k in COVERAGE_KEYS}
            for s, c in model.get("coverage", {}).items()}
