"""The edition as TEI P5: a pure function of the model file (:mod:`...model.modelfile`).

:func:`corpus` makes one ``teiCorpus``: the edition's header (title,
editors, version, date, licence, the witnesses as ``listWit``), then one
``TEI`` per document (its sections, paragraphs and subparagraphs, each a
``div`` whose ``xml:id`` is its public ID) and one per witness's commentary
(each note a ``note`` whose ``xml:id`` is its ID), and a ``standOff`` with
the typed links (``listRelation``) and the bibliography (``listBibl``).
Every pointer is ``#ID`` within the corpus; :func:`resource` and
:func:`fragment` give one document, or one ID of it, as a standalone
``TEI`` whose ``xml:base`` names the corpus, so the same pointers resolve
(the DTS document endpoint, :mod:`.dts`).

Established text (the encoding decisions are tabled on the conventions page):

- a witness's quotation is a ``cit`` (``type`` fragment, whole or joint)
  holding the ``quote`` (``source`` its witness) and a ``bibl`` with its
  place (``citedRange``); a joint fragment names its partners
  (``corresp``) and the witness's words for the group (``note
  type="grouping"``);
- a lacuna is ``<gap reason="lacuna"/>``; between the fragments of a
  paragraph quoted in part, a gap says the rest is unknown;
- once the official text is imported it is the base text, and each
  witness reading an ``app``: ``lem`` (the official words it was aligned
  with) and ``rdg wit`` (the witness's words), ``type`` the collation
  result (agrees, variant, elsewhere, absent), inline where its words stand
  in the paragraph and after it where they do not;
- the summary, its basis and a withdrawal are the editors' notes
  (``note type="summary|withdrawn" resp="#editors"``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import Any

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DTS_NS = "https://w3id.org/api/dts#"
ET.register_namespace("", TEI_NS)
ET.register_namespace("dts", DTS_NS)

#: the corpus file, relative to the data folder
CORPUS_FILE = "edition.tei.xml"
#: what each object kind is as a TEI division
DIV_TYPES = {"section": "section", "paragraph": "paragraph", "note": "commentary"}


def _t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    attrs = {("{%s}id" % XML_NS if k == "xml_id" else "{%s}base" % XML_NS if k == "xml_base"
              else "{%s}lang" % XML_NS if k == "xml_lang" else k.rstrip("_")): v
             for k, v in attrs.items() if v is not None and v != ""}
    node = ET.Element(_t(tag), attrs) if parent is None else ET.SubElement(parent, _t(tag), attrs)
    if text:
        node.text = text
    return node


def bib_id(key: str) -> str:
    """A refs.bib key as an xml:id (an NCName)."""
    return "bib-" + re.sub(r"[^A-Za-z0-9._-]", "-", key)


def resource_id(obj: Mapping[str, Any]) -> str:
    """The TEI document (and DTS resource) an object belongs to: its
    document's siglum, or ``<witness>-commentary`` for a note."""
    return f"{obj['siglum']}-commentary" if obj["kind"] == "note" else obj["siglum"]


# -- the header ------------------------------------------------------------------


def _header(parent: ET.Element, model: Mapping[str, Any], title: str,
            source: Iterable[Mapping[str, Any]] = ()) -> ET.Element:
    meta = model["edition"]
    header = _el(parent, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", title, type="main")
    if title != meta["title"]:
        _el(title_stmt, "title", meta["title"], type="edition")
    for n, name in enumerate(meta["editors"]):
        _el(title_stmt, "editor", name, xml_id="editors" if n == 0 and parent.tag == _t("teiCorpus")
            else None)
    edition_stmt = _el(file_desc, "editionStmt")
    edition = _el(edition_stmt, "edition", f"Version {meta['version']}", n=meta["version"])
    _el(edition, "date", meta["date"], when=meta["date"])
    pub = _el(file_desc, "publicationStmt")
    _el(pub, "publisher", " and ".join(meta["editors"]))
    if meta["address"]:
        _el(pub, "idno", meta["address"], type="URI")
    _el(pub, "date", meta["date"], when=meta["date"])
    avail = _el(pub, "availability")
    _el(_el(avail, "licence"), "p", f"© {meta['copyright']}. The UN texts quoted are the UN's; "
                                   "the witnesses' words are quoted from their papers.")
    src = _el(file_desc, "sourceDesc")
    for d in source:
        bibl = _el(src, "bibl", corresp=f"#{bib_id(d['bibkey'])}" if d.get("bibkey") else None)
        _el(bibl, "title", d["title"])
        if d.get("symbol"):
            _el(bibl, "idno", d["symbol"], type="UN-symbol")
        if d.get("date"):
            _el(bibl, "date", d["date"], when=d["date"])
    list_wit = _el(src, "listWit")
    for w in model["witnesses"]:
        wit = _el(list_wit, "witness", xml_id=w["siglum"] if parent.tag == _t("teiCorpus") else None,
                  corresp=None if parent.tag == _t("teiCorpus") else f"#{w['siglum']}")
        _el(wit, "abbr", w["siglum"])
        wit_title = _el(wit, "title", f"{w['short']}: {w['title']}")
        if w.get("bibkey"):
            wit_title.set("corresp", f"#{bib_id(w['bibkey'])}")
    return header


def _encoding(header: ET.Element) -> None:
    enc = _el(header, "encodingDesc")
    _el(_el(enc, "projectDesc"), "p", "An annotated critical edition of the outcome of the Sixth "
        "Biennial Meeting of States on the UN Programme of Action on small arms, established from "
        "the words two witnesses quote; see the edition's page Editorial conventions.")
    _el(enc, "variantEncoding", method="parallel-segmentation", location="internal")


# -- documents ---------------------------------------------------------------------


def _cit(parent: ET.Element, q: Mapping[str, Any]) -> ET.Element:
    cit = _el(parent, "cit", type=q["extent"],
              corresp=" ".join(f"#{o}" for o in q["with"]) or None)
    _el(cit, "quote", q["text"], source=f"#{q['witness']}")
    bibl = _el(cit, "bibl")
    _el(bibl, "ref", q["witness"], target=f"#{q['witness']}")
    if q["place"]:
        bibl.find(_t("ref")).tail = ", "
        _el(bibl, "citedRange", q["place"])
    if q["extent"] == "joint" and q["grouping"]:
        _el(cit, "note", q["grouping"], type="grouping")
    return cit


def _rdg(app: ET.Element, q: Mapping[str, Any]) -> None:
    status = q["collation"]["status"] if q["collation"] else "uncollated"
    rdg = _el(app, "rdg", q["text"], wit=f"#{q['witness']}", type=status,
              corresp=" ".join(f"#{o}" for o in q["with"]) or None)
    if status == "elsewhere" and q["collation"].get("found_in"):
        rdg.set("cause", f"stands in {q['collation']['found_in']}")


def _official(p: ET.Element, text: str, quotes: list[Mapping[str, Any]]) -> None:
    """The official words with each reading inline where its aligned words
    stand (the first place, none overlapping), the others after them."""
    placed: list[tuple[int, int, Mapping[str, Any]]] = []
    rest = []
    for q in quotes:
        span = (q["collation"] or {}).get("official", "")
        at = text.find(span) if span and q["collation"]["status"] in ("agrees", "variant") else -1
        if at >= 0 and all(at >= b or at + len(span) <= a for a, b, _ in placed):
            placed.append((at, at + len(span), q))
        else:
            rest.append(q)
    placed.sort(key=lambda t: t[0])
    pos = 0
    last: ET.Element | None = None

    def add_text(s: str) -> None:
        if not s:
            return
        if last is None:
            p.text = (p.text or "") + s
        else:
            last.tail = (last.tail or "") + s

    for a, b, q in placed:
        add_text(text[pos:a])
        app = _el(p, "app", type="collation")
        _el(app, "lem", text[a:b])
        _rdg(app, q)
        last, pos = app, b
    add_text(text[pos:])
    for q in rest:
        app = _el(p, "app", type="collation")
        span = (q["collation"] or {}).get("official", "")
        _el(app, "lem", span or None)
        _rdg(app, q)


def _division(parent: ET.Element, obj: Mapping[str, Any]) -> ET.Element:
    kind = "subparagraph" if obj["kind"] == "paragraph" and re.search(r"[a-z]", obj["locator"]) \
        else DIV_TYPES[obj["kind"]]
    div = _el(parent, "div", type=kind, xml_id=obj["id"], n=obj["label"])
    if obj["kind"] == "section":
        if obj.get("official_text"):
            _el(div, "head", obj["official_text"], type="official")
        else:
            _el(div, "head", obj["title"], type="editorial")
    quotes = obj.get("quotations", [])
    if obj.get("official_text") is not None:
        if obj["kind"] == "paragraph":
            _official(_el(div, "p"), obj["official_text"], quotes)
        elif quotes:
            p = _el(div, "p")
            for q in quotes:
                app = _el(p, "app", type="collation")
                _el(app, "lem")
                _rdg(app, q)
    elif obj["kind"] == "paragraph" or quotes:
        p = _el(div, "p")
        if not quotes:
            _el(p, "gap", reason="lacuna")
        else:
            whole = any(q["extent"] == "whole" for q in quotes)
            for n, q in enumerate(quotes):
                if n and not whole:
                    _el(p, "gap", reason="lacuna", extent="unknown")
                _cit(p, q)
            if not whole and obj["kind"] == "paragraph":
                _el(p, "gap", reason="lacuna", extent="unknown")
    if obj.get("summary"):
        note = _el(div, "note", obj["summary"], type="summary", resp="#editors")
        if obj.get("basis"):
            _el(note, "bibl", f"As described in {obj['basis']}", type="basis")
    if obj.get("withdrawn"):
        _el(div, "note", obj["withdrawn"], type="withdrawn", resp="#editors")
    return div


def _document(model: Mapping[str, Any], siglum: str, objects: list[Mapping[str, Any]]) -> ET.Element:
    doc = next((d for d in model["documents"] if d["siglum"] == siglum), None)
    tei = _el(None, "TEI", xml_id=f"doc-{siglum}", n=siglum)
    title = doc["title"] if doc else siglum
    header = _header(tei, model, title, [doc] if doc else [])
    _encoding(header)
    body = _el(_el(tei, "text"), "body")
    divs: dict[str, ET.Element] = {}
    for obj in objects:  # reading order: a parent before what is part of it
        parent = divs.get(obj["parent"] or "", body)
        divs[obj["id"]] = _division(parent, obj)
    return tei


def _commentary(model: Mapping[str, Any], witness: Mapping[str, Any],
                notes: list[Mapping[str, Any]]) -> ET.Element:
    tei = _el(None, "TEI", xml_id=f"doc-{witness['siglum']}-commentary",
              n=f"{witness['siglum']}-commentary")
    header = _header(tei, model, f"Commentary on the {witness['short']}: notes")
    _encoding(header)
    body = _el(_el(tei, "text"), "body")
    div = _el(body, "div", type="commentary", corresp=f"#{witness['siglum']}")
    for obj in notes:
        targets = list(dict.fromkeys(i for c in obj["citations"] for i in c["ids"]))
        note = _el(div, "note", type="commentary", xml_id=obj["id"], n=obj["label"],
                   target=" ".join(f"#{t}" for t in targets) or None, source=f"#{witness['siglum']}")
        _el(note, "p", obj["text"])
        if obj["place"]:
            bibl = _el(note, "bibl", type="place")
            _el(bibl, "ref", witness["siglum"], target=f"#{witness['siglum']}").tail = ", "
            _el(bibl, "citedRange", obj["place"])
        for c in obj["citations"]:
            bibl = _el(note, "bibl", type="citation",
                       corresp=f"#{bib_id(c['bibkey'])}" if c["bibkey"] else None)
            _el(bibl, "ref", c["text"], target=" ".join(f"#{i}" for i in c["ids"]) or None)
    return tei


def _stand_off(parent: ET.Element, model: Mapping[str, Any]) -> None:
    stand = _el(parent, "standOff")
    types = {lt["name"]: lt for lt in model["link_types"]}
    relations = _el(stand, "listRelation", type="links")
    for link in model["links"]:
        lt = types.get(link["type"], {})
        rel = _el(relations, "relation", name=link["type"], active=f"#{link['source']}",
                  passive=f"#{link['target']}",
                  resp=" ".join(f"#{n}" for n in link["notes"]) or None)
        if lt.get("outgoing"):
            _el(rel, "desc", f"{link['source']} {lt['outgoing']} {link['target']}")
    bibls = _el(stand, "listBibl")
    for entry in model["bibliography"]:
        fields = entry["fields"]
        bibl = _el(bibls, "bibl", xml_id=bib_id(entry["key"]), type=entry["type"])
        for name in entry["authors"]:
            _el(bibl, "author", name)
        if fields.get("title"):
            _el(bibl, "title", fields["title"])
        if fields.get("year"):
            _el(bibl, "date", fields["year"])
        for key in ("publisher", "institution", "organization"):
            if fields.get(key):
                _el(bibl, "publisher", fields[key])
        if fields.get("url"):
            _el(bibl, "ptr", target=fields["url"])
        if fields.get("note"):
            _el(bibl, "note", fields["note"])


def _groups(model: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    out: dict[str, list[Mapping[str, Any]]] = {}
    for obj in model["objects"]:
        out.setdefault(resource_id(obj), []).append(obj)
    return out


def resources(model: Mapping[str, Any]) -> list[str]:
    """The TEI documents of the corpus, in order: the documents as the
    registry lists them, then each witness's commentary."""
    groups = _groups(model)
    order = [d["siglum"] for d in model["documents"]] + [
        f"{w['siglum']}-commentary" for w in model["witnesses"]]
    return [r for r in order if r in groups]


def _tei_of(model: Mapping[str, Any], rid: str, objects: list[Mapping[str, Any]]) -> ET.Element:
    if rid.endswith("-commentary"):
        witness = next(w for w in model["witnesses"] if f"{w['siglum']}-commentary" == rid)
        return _commentary(model, witness, objects)
    return _document(model, rid, objects)


def corpus_tree(model: Mapping[str, Any]) -> ET.Element:
    root = _el(None, "teiCorpus")
    header = _header(root, model, model["edition"]["title"],
                     [d for d in model["documents"] if d["siglum"] in _groups(model)])
    _encoding(header)
    _stand_off(root, model)  # the corpus's resources come before its TEI documents
    groups = _groups(model)
    for rid in resources(model):
        root.append(_tei_of(model, rid, groups[rid]))
    return root


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    # serialized to text, then encoded: the same bytes as encoding="utf-8"
    # (which adds no declaration) at a third of the cost (no codec per write)
    text = ET.tostring(root, encoding="unicode")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + text.encode("utf-8") + b"\n"


def corpus(model: Mapping[str, Any]) -> bytes:
    """The whole edition as one ``teiCorpus`` (UTF-8 bytes)."""
    return _serialize(corpus_tree(model))


def resource(model: Mapping[str, Any], rid: str, base: str = CORPUS_FILE) -> bytes:
    """One document (or a witness's commentary) as a standalone TEI; its
    pointers resolve against ``base``, the corpus."""
    objects = _groups(model)[rid]
    tei = _tei_of(model, rid, objects)
    tei.set("{%s}base" % XML_NS, base)
    return _serialize(tei)


class Memo:
    """Passages made by an earlier run (key -> bytes), for :func:`fragments`
    to take instead of serializing them again; :attr:`now` holds those this
    run used or made (what to keep for the next). A key is a digest of all
    a passage is made from: its element, the header, the base, the document."""

    def __init__(self, before: Mapping[bytes, bytes] | None = None) -> None:
        self.before = dict(before or {})
        self.now: dict[bytes, bytes] = {}

    def get(self, key: bytes) -> bytes | None:
        if (data := self.before.get(key)) is not None:
            self.now[key] = data
        return data

    def put(self, key: bytes, data: bytes) -> None:
        self.now[key] = data


def _digests(el: ET.Element, out: dict[int, bytes]) -> bytes:
    """A digest of everything ``el`` serializes to (its tag, attributes, text,
    tail and children, in order), for it and each element below it, by
    ``id()``: made once for the tree, bottom up."""
    import hashlib

    h = hashlib.sha1(repr((el.tag, sorted(el.attrib.items()), el.text, el.tail)).encode("utf-8"))
    for child in el:
        h.update(_digests(child, out))
    out[id(el)] = digest = h.digest()
    return digest


def fragments(model: Mapping[str, Any], rid: str,
              base_of: Any = lambda obj_id: CORPUS_FILE, memo: Memo | None = None) -> dict[str, bytes]:
    """Each section, paragraph or note of one document with what is part of
    it, as DTS gives a passage: in ``dts:wrapper`` inside a ``TEI`` with the
    document's header, its pointers resolving against ``base_of(ID)``. With
    ``memo``, a passage made before from the same element, header and base
    is taken from it (the same bytes, not serialized again: most of a
    document's passages are unchanged by an edit)."""
    import copy
    import hashlib

    tei = _tei_of(model, rid, _groups(model)[rid])
    header = tei.find(_t("teiHeader"))
    digests: dict[int, bytes] = {}
    if memo is not None:
        _digests(tei, digests)
    out = {}
    for found in tei.iter():
        obj_id = found.get("{%s}id" % XML_NS)
        if not obj_id or found is tei:
            continue
        base = base_of(obj_id)
        key = b""
        if memo is not None:
            key = hashlib.sha1(b"\0".join((rid.encode(), base.encode(), digests[id(header)],
                                            digests[id(found)]))).digest()
            if (data := memo.get(key)) is not None:
                out[obj_id] = data
                continue
        root = _el(None, "TEI", n=rid)
        root.set("{%s}base" % XML_NS, base)
        root.append(copy.deepcopy(header))
        wrapper = ET.SubElement(root, f"{{{DTS_NS}}}wrapper")
        wrapper.append(copy.deepcopy(found))
        out[obj_id] = data = _serialize(root)
        if memo is not None:
            memo.put(key, data)
    return out


def fragment(model: Mapping[str, Any], rid: str, obj_id: str, base: str = CORPUS_FILE) -> bytes:
    """:func:`fragments` of one ID."""
    return fragments(model, rid, lambda _i: base)[obj_id]
