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

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .pieces import TextMemo as Memo, at, digest, file_bytes, xml_bytes
from .pieces import forms as _forms
from .pieces import fill as _fill
from .pieces import text as _text

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


#: the element that holds a piece's place (:mod:`.pieces`)
_HOLE = _t("ed-hole")


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


def _document_shell(model: Mapping[str, Any], siglum: str) -> tuple[ET.Element, ET.Element]:
    """A document's ``TEI`` with its header, and its empty ``body``."""
    doc = next((d for d in model["documents"] if d["siglum"] == siglum), None)
    tei = _el(None, "TEI", xml_id=f"doc-{siglum}", n=siglum)
    title = doc["title"] if doc else siglum
    header = _header(tei, model, title, [doc] if doc else [])
    _encoding(header)
    return tei, _el(_el(tei, "text"), "body")


def _document(model: Mapping[str, Any], siglum: str, objects: list[Mapping[str, Any]]) -> ET.Element:
    tei, body = _document_shell(model, siglum)
    divs: dict[str, ET.Element] = {}
    for obj in objects:  # reading order: a parent before what is part of it
        parent = divs.get(obj["parent"] or "", body)
        divs[obj["id"]] = _division(parent, obj)
    return tei


def _commentary_shell(model: Mapping[str, Any],
                      witness: Mapping[str, Any]) -> tuple[ET.Element, ET.Element]:
    """A witness's commentary as a ``TEI`` with its header, and the empty
    ``div`` its notes go in."""
    tei = _el(None, "TEI", xml_id=f"doc-{witness['siglum']}-commentary",
              n=f"{witness['siglum']}-commentary")
    header = _header(tei, model, f"Commentary on the {witness['short']}: notes")
    _encoding(header)
    body = _el(_el(tei, "text"), "body")
    return tei, _el(body, "div", type="commentary", corresp=f"#{witness['siglum']}")


def _commentary(model: Mapping[str, Any], witness: Mapping[str, Any],
                notes: list[Mapping[str, Any]]) -> ET.Element:
    tei, div = _commentary_shell(model, witness)
    for obj in notes:
        _note(div, obj, witness["siglum"])
    return tei


def _note(parent: ET.Element, obj: Mapping[str, Any], siglum: str) -> ET.Element:
    """One commentary note of the witness ``siglum``."""
    targets = list(dict.fromkeys(i for c in obj["citations"] for i in c["ids"]))
    note = _el(parent, "note", type="commentary", xml_id=obj["id"], n=obj["label"],
               target=" ".join(f"#{t}" for t in targets) or None, source=f"#{siglum}")
    _el(note, "p", obj["text"])
    if obj["place"]:
        bibl = _el(note, "bibl", type="place")
        _el(bibl, "ref", siglum, target=f"#{siglum}").tail = ", "
        _el(bibl, "citedRange", obj["place"])
    for c in obj["citations"]:
        bibl = _el(note, "bibl", type="citation",
                   corresp=f"#{bib_id(c['bibkey'])}" if c["bibkey"] else None)
        _el(bibl, "ref", c["text"], target=" ".join(f"#{i}" for i in c["ids"]) or None)
    return note


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
    """The whole tree at once (what the pieces of :class:`Pieces` add up to)."""
    ET.indent(root, space=" ")
    return xml_bytes(ET.tostring(root, encoding="unicode"))




# -- written piece by piece (:mod:`.pieces`) ---------------------------------------------


def _nesting(objects: list[Mapping[str, Any]]) -> dict[str | None, list[Mapping[str, Any]]]:
    """Each division's divisions as :func:`_document` nests them (reading
    order: in its parent if the parent came before it, else in the body, None)."""
    seen: set[str] = set()
    out: dict[str | None, list[Mapping[str, Any]]] = {}
    for obj in objects:
        out.setdefault(obj["parent"] if obj["parent"] in seen else None, []).append(obj)
        seen.add(obj["id"])
    return out


class Pieces:
    """One TEI document (a document's, or a witness's commentary) to be
    written piece by piece: what each of its divisions or notes is made from."""

    def __init__(self, model: Mapping[str, Any], rid: str,
                 objects: list[Mapping[str, Any]] | None = None) -> None:
        self.model, self.rid = model, rid
        objects = _groups(model)[rid] if objects is None else objects
        self.witness = (next(w for w in model["witnesses"] if f"{w['siglum']}-commentary" == rid)
                        if rid.endswith("-commentary") else None)
        if self.witness is not None:
            self.nest: dict[str | None, list[Mapping[str, Any]]] = {None: objects}
            about: Any = self.witness
        else:
            self.nest = _nesting(objects)
            about = next((d for d in model["documents"] if d["siglum"] == rid), None)
        self.forms = _forms(_HOLE)
        #: what the header is made from
        self.header_key = digest(rid, model["edition"], model["witnesses"], about)
        #: each division's own: its object and how many divisions are part of it
        self.own: dict[str, bytes] = {}
        #: each division's with what is part of it (its own and its divisions')
        self.keys: dict[str, bytes] = {}
        for obj in reversed(objects):
            kids = self.parts(obj)
            self.own[obj["id"]] = digest(rid, obj, len(kids))
            self.keys[obj["id"]] = digest(self.own[obj["id"]], *(self.keys[k["id"]] for k in kids))
        self.by_id = {o["id"]: o for o in objects}
        self._header: str | None = None
        #: the text of a passage's ``TEI`` (its holes for the header and the
        #: division), by its ``xml:base``: the same for every passage of a
        #: folder, made once, not serialized again for each passage
        self._passage_shells: dict[str, str] = {}

    def parts(self, obj: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """The divisions directly part of ``obj`` (a note has none)."""
        return self.nest.get(obj["id"], []) if self.witness is None else []

    def _shell(self) -> tuple[ET.Element, ET.Element]:
        if self.witness is not None:
            return _commentary_shell(self.model, self.witness)
        return _document_shell(self.model, self.rid)

    def division(self, obj: Mapping[str, Any], level: int, memo: Memo | None,
                 made: Memo | None = None) -> str:
        """A division (or note) with what is part of it, at depth ``level``:
        its own text (a hole for each of its divisions; from ``memo`` when
        made from the same), its divisions' put in the holes. ``made``: a
        memo whose pieces of this run may be taken at a greater depth,
        indented less (:meth:`_shallower`), when ``memo`` has none."""
        kids = self.parts(obj)
        key = self.own[obj["id"]] + at(level)
        if (memo is None or (text := memo.get(key)) is None) and (
                made is None or (text := self._shallower(obj, level, made)) is None):
            holder = ET.Element("_")
            el = (_note(holder, obj, self.witness["siglum"]) if self.witness is not None
                  else _division(holder, obj))
            for _kid in kids:
                ET.SubElement(el, _HOLE)
            text = _text(el, level, [], self.forms)
            if memo is not None:
                memo.put(key, text)
        if not kids:
            return text
        return _fill(text, [self.division(k, level + 1, memo, made) for k in kids], self.forms)

    def _shallower(self, obj: Mapping[str, Any], level: int, made: Memo) -> str | None:
        """The own text of ``obj`` at depth ``level``, from the one this run
        made at a greater depth (the corpus's, a standalone document's) in
        ``made``, or None. ``ET.indent`` writes each line break it adds as
        the break and one space a depth, and touches nothing else; so when
        the text has no line break of its own (none in anything ``obj``
        holds, which is all the element is made from), the text at a depth
        ``d`` less is that one with ``d`` spaces fewer after each break
        (every break there is followed by at least as many spaces as its
        depth). The DTS passages (depths 2 and 3) and the standalone
        documents (depth 3 down) are made so from the corpus's (depth 4
        down), not serialized again (tests/test_exports.py compares the
        passages with the whole tree's)."""
        if "\\n" in repr(obj) or (self.witness is not None and "\n" in self.witness["siglum"]):
            return None
        own = self.own[obj["id"]]
        for deeper in range(level + 1, level + 4):
            if (text := made.made(own + at(deeper))) is not None:
                return text.replace("\n" + " " * (deeper - level), "\n")
        return None

    def file(self, memo: Memo | None, base: str) -> bytes:
        """The standalone ``TEI`` (with ``base`` as its ``xml:base``) as its
        file's bytes, never held whole as a string (:func:`.pieces.file_bytes`)."""
        return file_bytes(*self.parts_of(0, memo, base), self.forms)

    def parts_of(self, level: int, memo: Memo | None,
                 base: str | None = None) -> tuple[str, Iterator[str]]:
        """The whole ``TEI`` at depth ``level`` (0: standalone, with ``base``
        as its ``xml:base``; 1: in the corpus) as its own text (a hole for
        each top division) and its top divisions, each made when asked for
        (standalone: from the corpus's pieces in ``memo`` when this run made
        them, :meth:`_shallower`)."""
        top = self.nest.get(None, [])
        key = digest(b"TEI", self.header_key, base or "", len(top)) + at(level)
        if memo is None or (text := memo.get(key)) is None:
            tei, parent = self._shell()
            if base is not None:
                tei.set("{%s}base" % XML_NS, base)
            for _obj in top:
                ET.SubElement(parent, _HOLE)
            text = _text(tei, level, [], self.forms)
            if memo is not None:
                memo.put(key, text)
        # TEI > text > body (> the commentary's div) > the top divisions
        depth = level + (4 if self.witness is not None else 3)
        return text, (self.division(o, depth, memo, memo if level == 0 else None) for o in top)

    def passage_key(self, obj_id: str) -> bytes:
        """A digest of all the passage of ``obj_id`` is made from (but its base)."""
        return self.header_key + self.keys[obj_id]

    def passage(self, obj_id: str, base: str, made: Memo | None = None) -> bytes:
        """The passage of ``obj_id`` as DTS gives it (:func:`fragments`);
        ``made``: the memo of this run's corpus and documents, whose pieces
        it takes indented less when they are there (:meth:`_shallower`)."""
        if self._header is None:
            tei, _parent = self._shell()
            self._header = _text(tei.find(_t("teiHeader")), 1, [], self.forms)
        if (shell := self._passage_shells.get(base)) is None:
            root = _el(None, "TEI", n=self.rid)
            root.set("{%s}base" % XML_NS, base)
            ET.SubElement(root, _HOLE)
            ET.SubElement(ET.SubElement(root, f"{{{DTS_NS}}}wrapper"), _HOLE)
            shell = self._passage_shells[base] = _text(root, 0, [], self.forms)
        return xml_bytes(_fill(shell, [self._header, self.division(self.by_id[obj_id], 2, None, made)],
                               self.forms))


def _stand_off_text(model: Mapping[str, Any], memo: Memo | None, forms: tuple[str, str]) -> str:
    key = digest(b"standOff", model["link_types"], model["links"], model["bibliography"])
    if memo is not None and (text := memo.get(key)) is not None:
        return text
    holder = ET.Element("_")
    _stand_off(holder, model)
    text = _text(holder[0], 1, [], forms)
    if memo is not None:
        memo.put(key, text)
    return text


def all_pieces(model: Mapping[str, Any]) -> dict[str, Pieces]:
    """Every TEI document of the corpus as :class:`Pieces`, in order (made
    once for the corpus, the documents and their passages)."""
    groups = _groups(model)
    return {rid: Pieces(model, rid, groups[rid]) for rid in resources(model)}


def corpus(model: Mapping[str, Any], memo: Memo | None = None,
           pieces: Mapping[str, Pieces] | None = None) -> bytes:
    """The whole edition as one ``teiCorpus`` (UTF-8 bytes): the bytes of
    :func:`corpus_tree` serialized (``memo``: pieces made before;
    ``pieces``: :func:`all_pieces`, if made already)."""
    groups = _groups(model)
    pieces = all_pieces(model) if pieces is None else pieces
    root = _el(None, "teiCorpus")
    header = _header(root, model, model["edition"]["title"],
                     [d for d in model["documents"] if d["siglum"] in groups])
    _encoding(header)
    forms = _forms(_HOLE)
    ET.SubElement(root, _HOLE)  # the corpus's resources come before its TEI documents
    rids = resources(model)
    for _rid in rids:
        ET.SubElement(root, _HOLE)
    # each document made when its hole is reached, then encoded: never the
    # whole corpus as one string (:func:`.pieces.file_bytes`)
    fills = itertools.chain([_stand_off_text(model, memo, forms)],
                            (pieces[rid].parts_of(1, memo) for rid in rids))
    return file_bytes(_text(root, 0, [], forms), fills, forms)


def resource(model: Mapping[str, Any], rid: str, base: str = CORPUS_FILE,
             memo: Memo | None = None, pieces: Pieces | None = None) -> bytes:
    """One document (or a witness's commentary) as a standalone TEI; its
    pointers resolve against ``base``, the corpus."""
    return (pieces or Pieces(model, rid)).file(memo, base)


def fragments(model: Mapping[str, Any], rid: str,
              base_of: Any = lambda obj_id: CORPUS_FILE) -> dict[str, bytes]:
    """Each section, paragraph or note of one document with what is part of
    it, as DTS gives a passage: in ``dts:wrapper`` inside a ``TEI`` with the
    document's header, its pointers resolving against ``base_of(ID)``."""
    pieces = Pieces(model, rid)
    return {obj_id: pieces.passage(obj_id, base_of(obj_id)) for obj_id in pieces.by_id}


def fragment(model: Mapping[str, Any], rid: str, obj_id: str, base: str = CORPUS_FILE) -> bytes:
    """:func:`fragments` of one ID."""
    return Pieces(model, rid).passage(obj_id, base)
