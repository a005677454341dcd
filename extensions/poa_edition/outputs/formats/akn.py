"""The edition's documents in Akoma Ntoso 3.0: a pure function of the model file.

One ``doc`` per UN document of the edition (:func:`document`), its name the
document's kind (``outcome``, ``instrument``). Each section is a
``section`` (a section inside one a ``subsection``), each paragraph a
``paragraph``, each lettered subparagraph a ``point`` of the paragraph's
``list``, each roman sub-subparagraph a ``point`` of that point's list.

eIds follow AKN4UN's naming convention: the path of the element's
ancestors, each ``prefix_number`` joined by ``__``: ``sec_I__para_38``,
``sec_III__subsec_B__para_119__list_1__point_a``,
``para_38__list_1__point_n__list_1__point_i``. :func:`eid_map` gives the
eId of every edition ID (the round trip back is the ``eId``'s own
``refersTo`` and the ``FRBRalias`` list).

FRBR URIs (``/akn/un/doc/<kind>/<date>/<name>``) use the document symbol,
spelled in lower case with each ``/`` as ``-`` (``A/CONF.192/BMS/2016/WP.1``
is ``a-conf.192-bms-2016-wp.1``); while the witnesses give no symbol, the
siglum stands in its place (``bms6``), which the ``FRBRalias
name="siglum"`` says. The expression is the edition's English text at its
version (``eng@0.1.0``).

Text: the official text once imported; else the words the witnesses quote,
each a ``quotedText`` that ``refersTo`` its witness, with ``omissis`` for
what no witness gives; a lacuna is a paragraph whose content is one
``omissis``. No UN wording is supplied that the model does not hold.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from .pieces import Memo, at, digest, file_bytes
from .pieces import forms as _forms
from .pieces import fill as _fill
from .pieces import text as _piece

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: the prefix "akn", not the default namespace: ElementTree keeps one registry
#: for the process, and the default ("") can be given to one namespace only;
#: TEI (:mod:`.tei`) takes it, so the prefix each document gets no longer
#: depends on which module was imported last (it was "ns0" for Akoma Ntoso)
ET.register_namespace("akn", AKN_NS)
#: the element that holds a piece's place (:mod:`.pieces`)
_HOLE = f"{{{AKN_NS}}}ed-hole"
LACUNA = "[no witness quotes the wording]"
GAP = "[…]"


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    attrs = {k.rstrip("_"): v for k, v in attrs.items() if v is not None and v != ""}
    node = (ET.Element(f"{{{AKN_NS}}}{tag}", attrs) if parent is None
            else ET.SubElement(parent, f"{{{AKN_NS}}}{tag}", attrs))
    if text:
        node.text = text
    return node


def full_date(date: str, name: str) -> dict[str, str]:
    """An FRBRdate's attributes: AKN takes only a full date, so a document
    dated by its year (or month) alone has the first day of it, and the
    date's name says which part is known (``adoption-year``)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return {"date": date, "name": name}
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return {"date": f"{date}-01", "name": f"{name}-month"}
    return {"date": f"{date[:4]}-01-01", "name": f"{name}-year"}


def symbol_name(symbol: str | None, siglum: str) -> str:
    """A document's name in its FRBR URI."""
    if symbol:
        return re.sub(r"\s+", "", symbol).lower().replace("/", "-")
    return siglum.lower()


def _component(obj: Mapping[str, Any], parent: Mapping[str, Any] | None) -> tuple[str, str, str]:
    """(element, eId prefix, number) of an object below ``parent``: its
    number is its locator less its parent's (``SIII.B`` below ``SIII`` is
    ``B``; ``II.18`` below ``SII`` is ``18``; ``38n.i`` below ``38n`` is ``i``)."""
    own = obj["locator"][1:] if obj["kind"] == "section" else obj["locator"]
    if parent is not None:
        above = parent["locator"][1:] if parent["kind"] == "section" else parent["locator"]
        if above and own.startswith(above) and own != above:
            own = own[len(above):].lstrip(".")
    if obj["kind"] == "section":
        if parent is not None and parent["kind"] == "section":
            return "subsection", "subsec", own
        return "section", "sec", own
    if parent is not None and parent["kind"] == "paragraph":
        return "point", "point", own
    return "paragraph", "para", own


def parent_of(obj: Mapping[str, Any], objects: Mapping[str, Mapping[str, Any]]
              ) -> Mapping[str, Any] | None:
    """The element an object stands in: a section in the section its number
    extends (``SIII.B`` in ``SIII``), else at the top; a paragraph in its
    section or paragraph (the model's part_of)."""
    if obj["kind"] == "section":
        head, dot, _ = obj["id"].rpartition(".")
        return objects.get(head) if dot else None
    return objects.get(obj["parent"] or "")


def eid_map(model: Mapping[str, Any]) -> dict[str, str]:
    """Edition ID -> AKN eId, for every section and paragraph."""
    objects = {o["id"]: o for o in model["objects"] if o["kind"] != "note"}
    out: dict[str, str] = {}

    def eid(obj_id: str) -> str:
        if obj_id in out:
            return out[obj_id]
        obj = objects[obj_id]
        parent = parent_of(obj, objects)
        _, prefix, number = _component(obj, parent)
        number = re.sub(r"[^A-Za-z0-9.]", "", number).replace(".", "-") or "0"
        if parent is None:
            out[obj_id] = f"{prefix}_{number}"
        elif prefix == "point":
            out[obj_id] = f"{eid(parent['id'])}__list_1__point_{number}"
        else:
            out[obj_id] = f"{eid(parent['id'])}__{prefix}_{number}"
        return out[obj_id]

    for obj_id in objects:
        eid(obj_id)
    del eid  # it calls itself: a reference cycle, holding ``objects``, otherwise
    return out


def _text(parent: ET.Element, obj: Mapping[str, Any]) -> None:
    p = _el(parent, "p")
    if obj.get("official_text"):
        p.text = obj["official_text"]
        return
    quotes = obj.get("quotations", [])
    if not quotes:
        _el(p, "omissis", LACUNA)
        return
    whole = any(q["extent"] == "whole" for q in quotes)
    last: ET.Element | None = None
    for n, q in enumerate(quotes):
        if n and not whole:
            last = _el(p, "omissis", GAP)
        last = _el(p, "embeddedText", q["text"], startQuote="“", endQuote="”",
                   refersTo=f"#{q['witness'].lower()}")
    if not whole:
        _el(p, "omissis", GAP)


def document(model: Mapping[str, Any], siglum: str, memo: Memo | None = None) -> bytes:
    """One UN document of the edition as an Akoma Ntoso ``doc``, written
    piece by piece (:mod:`.pieces`; ``memo``: pieces made before)."""
    doc = next(d for d in model["documents"] if d["siglum"] == siglum)
    meta = model["edition"]
    objects = [o for o in model["objects"] if o["kind"] != "note" and o["siglum"] == siglum]
    eids = eid_map(model)
    date = doc.get("date") or meta["date"]
    work = f"/akn/un/doc/{doc['kind']}/{date}/{symbol_name(doc.get('symbol'), siglum)}"
    expression = f"{work}/eng@{meta['version']}"

    root = _el(None, "akomaNtoso")
    akn = _el(root, "doc", name=doc["kind"])
    m = _el(akn, "meta")
    ident = _el(m, "identification", source="#editors")
    w = _el(ident, "FRBRWork")
    _el(w, "FRBRthis", value=f"{work}/!main")
    _el(w, "FRBRuri", value=work)
    if not doc.get("symbol"):
        _el(w, "FRBRalias", value=siglum, name="siglum")
    _el(w, "FRBRdate", **full_date(date, "adoption" if doc.get("date") else "edition"))
    _el(w, "FRBRauthor", href="#un")
    _el(w, "FRBRcountry", value="un")
    if doc.get("symbol"):
        _el(w, "FRBRnumber", value=doc["symbol"])
    e = _el(ident, "FRBRExpression")
    _el(e, "FRBRthis", value=f"{expression}/!main")
    _el(e, "FRBRuri", value=expression)
    _el(e, "FRBRdate", date=meta["date"], name="edition")
    _el(e, "FRBRauthor", href="#editors")
    _el(e, "FRBRlanguage", language="eng")
    mf = _el(ident, "FRBRManifestation")
    _el(mf, "FRBRthis", value=f"{expression}/!main.xml")
    _el(mf, "FRBRuri", value=f"{expression}.akn")
    _el(mf, "FRBRdate", date=meta["date"], name="generation")
    _el(mf, "FRBRauthor", href="#editors")
    refs = _el(m, "references", source="#editors")
    _el(refs, "TLCOrganization", eId="un", href="/ontology/organization/un", showAs="United Nations")
    _el(refs, "TLCOrganization", eId="editors", href="/ontology/organization/editors",
        showAs=" and ".join(meta["editors"]))
    for wit in model["witnesses"]:
        _el(refs, "TLCReference", eId=wit["siglum"].lower(), name="witness",
            href=f"/ontology/reference/witness/{wit['siglum'].lower()}",
            showAs=f"{wit['short']}: {wit['title']}")
    shapes = _forms(_HOLE)
    notes = [o for o in objects if o.get("summary")]
    fills = []
    if notes:
        box = _el(m, "notes", source="#editors")
        for obj in notes:
            ET.SubElement(box, _HOLE)
            fills.append(_note(obj, eids[obj["id"]], memo, shapes))
    body = _el(akn, "mainBody")
    if doc["title"]:
        _el(body, "p", doc["title"], class_="title")
    by_id = {o["id"]: o for o in objects}
    children: dict[str | None, list[Mapping[str, Any]]] = {}
    tags: dict[str, str] = {}
    for obj in objects:
        parent = parent_of(obj, by_id)
        children.setdefault(parent["id"] if parent else None, []).append(obj)
        tags[obj["id"]] = _component(obj, parent)[0]

    def build(obj: Mapping[str, Any], level: int) -> str:
        """The element of ``obj`` with what is part of it, at depth ``level``:
        its own text (a hole for each part; from ``memo`` when made from the
        same), its parts' put in the holes (a paragraph's are in its list)."""
        kids = children.get(obj["id"], [])
        tag = tags[obj["id"]]
        k = digest(b"akn", obj, eids[obj["id"]], tag, len(kids)) + at(level)
        if memo is None or (text := memo.get(k)) is None:
            node = _el(ET.Element("_"), tag, eId=eids[obj["id"]])
            label = obj["label"]
            _el(node, "num", f"{label}." if tag in ("section", "subsection", "paragraph")
                and not label.startswith("(") else label)
            holder = node
            if obj["kind"] == "section":
                if obj.get("official_text"):
                    _el(node, "heading", obj["official_text"])
                if not kids:
                    _text(_el(node, "content"), obj)
            elif not kids:
                _text(_el(node, "content"), obj)
            else:
                _text(_el(node, "intro"), obj)
                holder = _el(node, "list", eId=f"{eids[obj['id']]}__list_1")
            for _kid in kids:
                ET.SubElement(holder, _HOLE)
            text = _piece(node, level, [], shapes)
            if memo is not None:
                memo.put(k, text)
        if not kids:
            return text
        below = level + (1 if obj["kind"] == "section" else 2)
        return _fill(text, [build(kid, below) for kid in kids], shapes)

    top = children.get(None, [])
    for _obj in top:
        ET.SubElement(body, _HOLE)
    # akomaNtoso > doc > mainBody > the top elements
    try:
        # each top element made when its hole is reached, then encoded: never
        # the whole document as one string (:func:`.pieces.file_bytes`)
        return file_bytes(_piece(root, 0, [], shapes),
                          itertools.chain(fills, (build(obj, 3) for obj in top)), shapes)
    finally:
        # it calls itself: a reference cycle otherwise, which kept the memo
        # (every piece of every document) alive after the exports, until a
        # full collection
        del build


def _note(obj: Mapping[str, Any], eid: str, memo: Memo | None, shapes: tuple[str, str]) -> str:
    """The editors' note of ``obj`` (its summary), as it stands in the notes
    (akomaNtoso > doc > meta > notes > note)."""
    k = digest(b"akn-note", eid, obj["summary"]) + at(4)
    if memo is not None and (text := memo.get(k)) is not None:
        return text
    note = _el(ET.Element("_"), "note", eId=f"note_{eid}", refersTo=f"#{eid}")
    _el(note, "p", obj["summary"])
    text = _piece(note, 4, [], shapes)
    if memo is not None:
        memo.put(k, text)
    return text


def documents(model: Mapping[str, Any]) -> list[str]:
    """The documents that have sections or paragraphs in the edition."""
    have = {o["siglum"] for o in model["objects"] if o["kind"] != "note"}
    return [d["siglum"] for d in model["documents"] if d["siglum"] in have]
