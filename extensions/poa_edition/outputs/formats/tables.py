"""The edition as tables: ``paragraphs.csv`` and ``links.csv``, with a
Frictionless Data Package (``datapackage.json``) describing every column.

A pure function of the model file. One row per section, paragraph and note
(``paragraphs.csv``) and one per typed link (``links.csv``: source, type,
target and the notes that argue it), for the paragraph-by-paragraph corpora
and citation networks of text-reuse studies. The data package is
Frictionless's: the format those pipelines read (the ``frictionless``
libraries for Python and R validate and load it), with a type and a
description for each column.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

PARAGRAPH_COLUMNS = (
    ("id", "string", "The ID as scholars cite it (BMS6-38, POA-II.18, BP-N12)."),
    ("need_id", "string", "The ID in needs.json: each '.' written '_'."),
    ("kind", "string", "section, paragraph or note."),
    ("document", "string", "The document's siglum (BMS6, POA, ...), or the witness's for a note."),
    ("locator", "string", "The locator within the document (38, II.18, SIII.B, N12)."),
    ("label", "string", "The number as printed: 38, (a), II.18, N12."),
    ("parent", "string", "The section or paragraph it is part of (empty: none)."),
    ("attestation", "string", "official, whole, fragmentary, joint (group fragments only) or "
                              "lacuna; empty for notes."),
    ("witnesses", "string", "The witnesses that quote its wording, ';'-separated (BP, IB)."),
    ("quotations", "integer", "How many quotations of its wording the witnesses give."),
    ("wording", "string", "The words the witnesses quote, verbatim, ' | '-separated."),
    ("official_text", "string", "The official text, once imported (edition import); else empty."),
    ("summary", "string", "The editors' summary of what the witnesses say it contains."),
    ("withdrawn", "string", "Why it was withdrawn; empty while it stands."),
    ("text", "string", "A note's text (notes only)."),
    ("cites", "string", "The IDs a note's citations name, ';'-separated (notes only)."),
    ("url", "string", "Its stable address (p/<ID>.html under the published address)."),
)
LINK_COLUMNS = (
    ("source", "string", "The ID the link starts from."),
    ("type", "string", "The link type (part_of, discusses, develops, ...: the conventions page)."),
    ("target", "string", "The ID the link points to."),
    ("note", "string", "The notes that argue it, ';'-separated (typed links); empty for "
                       "part_of and discusses."),
)


def _csv(columns: tuple, rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c[0] for c in columns])
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def paragraphs(model: Mapping[str, Any]) -> bytes:
    base = model["edition"]["address"].rstrip("/")
    rows = []
    for o in model["objects"]:
        note = o["kind"] == "note"
        quotes = o.get("quotations", [])
        rows.append([
            o["id"], o["need_id"], o["kind"], o["siglum"], o["locator"], o["label"],
            o["parent"] or "", o.get("attestation", ""), ";".join(o.get("witnesses", [])),
            len(quotes), " | ".join(q["text"] for q in quotes), o.get("official_text") or "",
            o.get("summary", ""), o.get("withdrawn", ""), o.get("text", "") if note else "",
            ";".join(dict.fromkeys(i for c in o.get("citations", []) for i in c["ids"])),
            f"{base}/p/{o['id']}.html" if base else "",
        ])
    return _csv(PARAGRAPH_COLUMNS, rows)


def links(model: Mapping[str, Any]) -> bytes:
    return _csv(LINK_COLUMNS, [[li["source"], li["type"], li["target"], ";".join(li["notes"])]
                               for li in model["links"]])


def datapackage(model: Mapping[str, Any]) -> bytes:
    meta = model["edition"]

    def resource(name: str, columns: tuple, title: str, key: list[str]) -> dict[str, Any]:
        return {"name": name, "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv",
                "encoding": "utf-8", "title": title,
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": {"fields": [{"name": n, "type": t, "description": d}
                                      for n, t, d in columns], "primaryKey": key}}

    package = {
        "name": "bms6-edition",
        "title": meta["title"],
        "version": meta["version"],
        "created": f"{meta['date']}T00:00:00Z",
        "homepage": meta["address"] or None,
        "contributors": [{"title": e, "role": "editor"} for e in meta["editors"]],
        "licenses": [{"name": "copyright", "title": f"© {meta['copyright']}"}],
        "description": "Every section, paragraph and commentary note of the edition, and every "
                       "typed link between them, as the build of this version established them.",
        "resources": [
            resource("paragraphs", PARAGRAPH_COLUMNS, "Sections, paragraphs and notes", ["id"]),
            resource("links", LINK_COLUMNS, "Typed links", ["source", "type", "target"]),
        ],
    }
    package = {k: v for k, v in package.items() if v is not None}
    return (json.dumps(package, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
