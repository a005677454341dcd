"""A static DTS 1.0 API over the edition: a pure function of the model file.

:func:`files` gives every response as a file (path under the API's folder
-> bytes), for a static host to serve. The Distributed Text Services 1.0
specification allows it ("URI Templates examples for static website";
Level 0 conformance: "minimal DTS implementations, including
implementations created by generating static files"): each endpoint's URI
template expands, by RFC 6570, to the path of a file that holds the
response to that request:

=============  ===========================================  ==========================================
endpoint       URI template (relative to the response)      files
=============  ===========================================  ==========================================
Entry          ``entry.json``                               ``entry.json``
Collection     ``collection{/id,nav}.json``                 ``collection.json`` (the edition),
                                                            ``collection/BMS6.json``,
                                                            ``collection/BMS6/parents.json``
Navigation     ``navigation/BMS6{;down}{/ref}.json``        ``navigation/BMS6;down=1.json``,
                                                            ``navigation/BMS6/BMS6-38.json``,
                                                            ``navigation/BMS6;down=-1/BMS6-SI.json``
Document       ``document/BMS6{/ref}.xml``                  ``document/BMS6.xml``,
                                                            ``document/BMS6/BMS6-38.xml``
=============  ===========================================  ==========================================

Every valid Level 0 request but one kind has its file: the collection
with and without ``nav=parents``; the navigation of each resource with
``down`` from 1 to its depth and -1, and of each ``ref`` alone or with
``down`` from 0 to the depth below it and -1 (a deeper ``down`` asks for
nothing more: its answer is ``-1``'s, which the client asks for instead);
the document whole and by ``ref``. ``start``/``end`` (Level 1) are not
offered, so the templates do not name them.

Pagination: ``ref`` with ``down=0`` lists the ref's siblings, so one file
per ref listing them all would grow with the square of a long list (600
notes on the bench corpus: 159 MB; 6,000 notes: some 7 GB). When a unit has
more than :data:`PAGE` siblings, the answer is paginated (DTS 1.0,
``view``, a ``Pagination``; the page size is the server's): the ref's own
file lists the page of its siblings that holds it, and its ``view`` links
(``first``, ``previous``, ``next``, ``last``) go to the pages of its
parent's children, made once for all of them
(``navigation/BMS6;children/BMS6-SI/page2.json``;
``navigation/<res>;children/pageN.json`` for the top level), which link
each other the same way; ``previous`` of the first page and ``next`` of
the last are ``null``. A client that follows ``first`` then ``next`` to the
end has every sibling, each once, in document order. The ``page``
parameter itself is not in the templates: a static site cannot name a
page of each ref's answer without a file per ref and page (the square
again), so a page is reached by these links only. No other answer is
paginated: the whole tree, or a ref's subtree, is one file, and the API's
size grows with the edition's (times its depth), not with its square.

Each response's templates and links are relative to its own location (its
``@id`` is its own name, which resolves to itself), so the API works from
any address, and from disk.

Resources: each document of the edition (its citation tree: sections →
paragraphs → subparagraphs, as the Akoma Ntoso export nests them) and each
witness's commentary (its notes). Documents are TEI (:mod:`.tei`): a
passage is a ``dts:wrapper`` in a ``TEI`` whose ``xml:base`` is the TEI
corpus, so its pointers resolve.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from . import tei
from .akn import parent_of

CONTEXT = "https://dtsapi.org/context/v1.0.json"
VERSION = "1.0"
#: the TEI corpus, relative to the API's folder
CORPUS = posixpath.join("..", tei.CORPUS_FILE)
ROOT_ID = "edition"
#: the most siblings one ``down=0`` response lists: more are paginated
#: (each ref's response lists the page that holds it, and links the pages)
PAGE = 20


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _json_members(data: Mapping[str, Any], members: list[str]) -> bytes:
    """:func:`_json` of ``data`` with a last key ``member``, the list of
    ``members`` already encoded (each unit is encoded once per resource)."""
    head = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (head[:-1] + ',"member":[' + ",".join(members) + "]}\n").encode("utf-8")


def _rel(path: str, target: str) -> str:
    """``target`` (a path under the API folder) relative to the file ``path``."""
    here = posixpath.dirname(path) or "."
    return _relpath(target, here) if here != "." else target


@functools.lru_cache(maxsize=4096)
def _relpath(target: str, here: str) -> str:
    return posixpath.relpath(target, here)


def _prefix(path: str, target: str) -> str:
    """``target`` relative to the file ``path``, as the start of a URI
    template that continues it (``{/ref}``, ``{;down}``): made from its
    folder and its name, so it never starts with ``.`` alone (from
    ``navigation/BMS6/``, ``navigation/BMS6`` is ``../BMS6``, not ``.``,
    which ``.{;down}`` would make a name in the wrong folder)."""
    folder, name = posixpath.split(target)
    up = _rel(path, folder) if folder else _relpath(".", posixpath.dirname(path) or ".")
    return name if up == "." else f"{up}/{name}"


def _self(path: str) -> str:
    """The response at ``path`` as a reference relative to itself (its
    ``@id``: what it resolves to against the response's own address)."""
    return posixpath.basename(path)


def _cite_type(obj: Mapping[str, Any], parent: Mapping[str, Any] | None) -> str:
    if obj["kind"] == "note":
        return "note"
    if obj["kind"] == "section":
        return "subsection" if parent is not None else "section"
    return "subparagraph" if parent is not None and parent["kind"] == "paragraph" else "paragraph"


class _Tree:
    """One resource's citation tree."""

    def __init__(self, rid: str, objects: list[Mapping[str, Any]]) -> None:
        self.rid = rid
        self.objects = objects
        by_id = {o["id"]: o for o in objects}
        self.parent: dict[str, str | None] = {}
        for o in objects:
            p = parent_of(o, by_id) if o["kind"] != "note" else None
            self.parent[o["id"]] = p["id"] if p else None
        self.children: dict[str | None, list[str]] = {}
        for o in objects:
            self.children.setdefault(self.parent[o["id"]], []).append(o["id"])
        #: each unit's place among its siblings
        self.position = {i: n for kids in self.children.values() for n, i in enumerate(kids)}
        self.by_id = by_id
        self.level: dict[str, int] = {}
        for o in objects:
            n, p = 1, self.parent[o["id"]]
            while p is not None:
                n, p = n + 1, self.parent[p]
            self.level[o["id"]] = n
        self.depth = max(self.level.values(), default=0)
        #: made once: every navigation response of the resource carries them
        #: (recomputed per response, they made the API quadratic in its size)
        self._units: dict[str, dict[str, Any]] = {}
        self._encoded: dict[str, str] = {}
        self._digests: dict[str, bytes] = {}
        self._structure: list[dict[str, Any]] | None = None
        self._structure_key: bytes | None = None
        #: what a Navigation response says of the resource, by the response's
        #: folder (its links are relative to it): made once a folder
        self._navigation_resources: dict[str, dict[str, Any]] = {}

    def order(self, root: str | None = None, down: int = -1) -> list[str]:
        """Pre-order, depth first, below ``root`` (excluded) to ``down`` levels."""
        # a stack, not a nested function calling itself: that would be a
        # reference cycle (function and its cell) holding ``out`` until a full
        # collection, and this runs for every navigation response
        out: list[str] = []
        stack = [(iter(self.children.get(root, ())), down)]
        while stack:
            kids, left = stack[-1]
            kid = next(kids, None)
            if kid is None:
                stack.pop()
                continue
            out.append(kid)
            if left != 1:
                stack.append((iter(self.children.get(kid, ())), left - 1 if left > 0 else -1))
        return out

    def unit(self, obj_id: str) -> dict[str, Any]:
        """The unit's description (one object, shared: serialized, never changed)."""
        if (unit := self._units.get(obj_id)) is None:
            unit = self._units[obj_id] = self._unit(obj_id)
        return unit

    def encoded(self, obj_id: str) -> str:
        """The unit as JSON (as :func:`_json` writes it, without the newline)."""
        if (text := self._encoded.get(obj_id)) is None:
            text = self._encoded[obj_id] = json.dumps(self.unit(obj_id), ensure_ascii=False,
                                                      separators=(",", ":"))
        return text

    def digests(self) -> dict[str, bytes]:
        """A digest of each unit's JSON (what a response that lists it is made from)."""
        if not self._digests:
            self._digests = {i: hashlib.sha1(self.encoded(i).encode("utf-8")).digest()
                             for i in self.by_id}
        return self._digests

    def structure_key(self) -> bytes:
        """A digest of the resource's cite structure (every Navigation response has it)."""
        if self._structure_key is None:
            self._structure_key = hashlib.sha1(json.dumps(self.cite_structure()).encode()).digest()
        return self._structure_key

    def navigation_resource(self, path: str) -> dict[str, Any]:
        """What a Navigation response at ``path`` must say of its resource: the
        same for every response in one folder (made once a folder; shared:
        serialized, never changed)."""
        folder = posixpath.dirname(path)
        if (res := self._navigation_resources.get(folder)) is None:
            rid = self.rid
            res = self._navigation_resources[folder] = {
                "@id": rid, "@type": "Resource",
                "collection": _prefix(path, f"collection/{rid}") + "{/nav}.json",
                "navigation": _prefix(path, f"navigation/{rid}") + "{;down}{/ref}.json",
                "document": _prefix(path, f"document/{rid}") + "{/ref}.xml",
                "citationTrees": [{"@type": "CitationTree", "citeStructure": self.cite_structure()}]}
        return res

    def _unit(self, obj_id: str) -> dict[str, Any]:
        obj = self.by_id[obj_id]
        parent = self.by_id.get(self.parent[obj_id] or "")
        unit: dict[str, Any] = {"identifier": obj_id, "@type": "CitableUnit",
                                "level": self.level[obj_id], "parent": self.parent[obj_id],
                                "citeType": _cite_type(obj, parent)}
        title = obj["title"]
        dc: dict[str, Any] = {"title": [{"lang": "en", "value": title}]}
        if obj.get("summary"):
            dc["description"] = [{"lang": "en", "value": obj["summary"]}]
        unit["dublinCore"] = dc
        return unit

    def kind(self, obj_id: str) -> str:
        return _cite_type(self.by_id[obj_id], self.by_id.get(self.parent[obj_id] or ""))

    def cite_structure(self) -> list[dict[str, Any]]:
        """The kinds of unit at each level, as they nest in this resource
        (made once; shared: serialized, never changed)."""
        if self._structure is None:
            self._structure = self._cite_structure()
        return self._structure

    def _cite_structure(self) -> list[dict[str, Any]]:
        below: dict[str | None, list[str]] = {}
        for obj_id in self.order():
            above = self.kind(self.parent[obj_id]) if self.parent[obj_id] else None
            kinds = below.setdefault(above, [])
            if self.kind(obj_id) not in kinds:
                kinds.append(self.kind(obj_id))

        def nest(kind: str | None, path: tuple[str, ...]) -> list[dict[str, Any]]:
            out = []
            for k in below.get(kind, []):
                item: dict[str, Any] = {"@type": "CiteStructure", "citeType": k}
                if k not in path and (inner := nest(k, (*path, k))):
                    item["citeStructure"] = inner
                out.append(item)
            return out

        try:
            return nest(None, ())
        finally:
            del nest  # it calls itself: a reference cycle otherwise


def _resources(model: Mapping[str, Any]) -> dict[str, _Tree]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for obj in model["objects"]:
        groups.setdefault(tei.resource_id(obj), []).append(obj)
    return {rid: _Tree(rid, groups[rid]) for rid in tei.resources(model)}


def _title(model: Mapping[str, Any], rid: str) -> str:
    for d in model["documents"]:
        if d["siglum"] == rid:
            return d["title"]
    for w in model["witnesses"]:
        if f"{w['siglum']}-commentary" == rid:
            return f"Commentary on the {w['short']}: {w['title']}"
    return rid


def _resource(model: Mapping[str, Any], tree: _Tree, path: str) -> dict[str, Any]:
    rid = tree.rid
    meta = model["edition"]
    doc = next((d for d in model["documents"] if d["siglum"] == rid), None)
    dc: dict[str, Any] = {"title": [{"lang": "en", "value": _title(model, rid)}],
                          "language": ["en"], "publisher": meta["editors"],
                          "isPartOf": [meta["title"]]}
    if doc and doc.get("date"):
        dc["date"] = doc["date"]
    return {
        "@id": rid, "@type": "Resource", "title": _title(model, rid),
        "totalParents": 1, "totalChildren": 0, "dublinCore": dc,
        "collection": _prefix(path, f"collection/{rid}") + "{/nav}.json",
        "navigation": _prefix(path, f"navigation/{rid}") + "{;down}{/ref}.json",
        "document": _prefix(path, f"document/{rid}") + "{/ref}.xml",
        "download": _rel(path, CORPUS),
        "mediaTypes": ["application/tei+xml"],
        "citationTrees": [{"@type": "CitationTree", "citeStructure": tree.cite_structure()}],
    }


def _collection(model: Mapping[str, Any], trees: Mapping[str, _Tree], path: str,
                members: bool = True) -> dict[str, Any]:
    meta = model["edition"]
    out: dict[str, Any] = {
        "@context": CONTEXT, "dtsVersion": VERSION, "@id": ROOT_ID, "@type": "Collection",
        "title": meta["title"], "totalParents": 0, "totalChildren": len(trees),
        "description": f"Version {meta['version']} ({meta['date']}): the documents of the "
                       "edition and the commentary on each witness.",
        "collection": _prefix(path, "collection") + "{/id,nav}.json",
        "dublinCore": {"title": [{"lang": "en", "value": meta["title"]}],
                       "publisher": meta["editors"], "date": meta["date"],
                       "hasVersion": meta["version"]},
    }
    if members:
        out["member"] = [_resource(model, t, path) for t in trees.values()]
    return out


def entry(path: str = "entry.json") -> dict[str, Any]:
    return {"@context": CONTEXT, "dtsVersion": VERSION, "@id": path, "@type": "EntryPoint",
            "collection": _prefix(path, "collection") + "{/id,nav}.json",
            "navigation": _rel(path, "navigation") + "/{resource}{;down}{/ref}.json",
            "document": _rel(path, "document") + "/{resource}{/ref}.xml"}


def _page_paths(tree: _Tree, parent: str | None) -> list[str]:
    """The pages of ``parent``'s children (of the resource's top level for
    ``None``) when they are more than :data:`PAGE`; else none."""
    kids = tree.children.get(parent, [])
    if len(kids) <= PAGE:
        return []
    folder = f"navigation/{tree.rid};children" + (f"/{parent}" if parent else "")
    return [f"{folder}/page{k}.json" for k in range(1, -(-len(kids) // PAGE) + 1)]


def _view(path: str, pages: list[str], k: int) -> dict[str, Any]:
    """The Pagination of the response at ``path``, page ``k`` (0-based) of
    ``pages``: every link relative to the response; ``previous`` of the first
    page and ``next`` of the last are null (there is none)."""
    return {"@id": _self(path), "@type": "Pagination",
            "first": _rel(path, pages[0]),
            "previous": _rel(path, pages[k - 1]) if k else None,
            "next": _rel(path, pages[k + 1]) if k + 1 < len(pages) else None,
            "last": _rel(path, pages[-1])}


def _plan(tree: _Tree, ref: str | None, down: int | None, page: int | None
          ) -> tuple[str | None, list[str] | None, tuple[str | None, int] | None]:
    """What a Navigation response holds (:func:`_navigation`): its ``ref``
    unit, its members (None: no ``member``) and its view (the parent whose
    children are paged, and the page), or None."""
    if page is not None:
        kids = tree.children.get(ref, [])
        return None, kids[page * PAGE:(page + 1) * PAGE], (ref, page)
    if down is None:
        return ref, None, None
    if ref is None:
        return None, tree.order(None, down), None
    if down == 0:
        members = tree.children.get(tree.parent[ref], [])
        if len(members) > PAGE:
            k = tree.position[ref] // PAGE
            return ref, members[k * PAGE:(k + 1) * PAGE], (tree.parent[ref], k)
        return ref, members, None
    return ref, [ref, *tree.order(ref, down)], None


def _navigation_key(tree: _Tree, path: str, ref: str | None, down: int | None,
                    page: int | None = None) -> bytes:
    """A digest of all the response :func:`_navigation` makes is made from:
    its path (which names the resource, the ref and ``down``), the resource's
    cite structure, its ref's and members' units and its view."""
    unit, members, view = _plan(tree, ref, down, page)
    digests = tree.digests()
    h = hashlib.sha1(path.encode("utf-8"))
    h.update(tree.structure_key())
    h.update(digests[unit] if unit is not None else b"-")
    if view is not None:
        h.update(repr((view, len(tree.children.get(view[0], [])))).encode("utf-8"))
    if members is None:
        h.update(b"no members")
    else:
        h.update(b"".join([digests[m] for m in members]))
    return h.digest()


def _navigation(model: Mapping[str, Any], tree: _Tree, path: str, ref: str | None,
                down: int | None, page: int | None = None) -> bytes:
    """The Navigation response, encoded (``member`` last, each unit encoded
    once). ``down=0``: the page of the siblings that holds ``ref``, when they
    are more than :data:`PAGE`. ``page`` (with ``ref`` the parent, ``None``
    for the top level, and no ``down``): that page of its children, the page
    its siblings' responses link to."""
    out: dict[str, Any] = {"@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation",
                           "@id": _self(path), "resource": tree.navigation_resource(path)}
    unit, members, view = _plan(tree, ref, down, page)
    if unit is not None:
        out["ref"] = tree.unit(unit)
    if view is not None:
        out["view"] = _view(path, _page_paths(tree, view[0]), view[1])
    if members is None:
        return _json(out)
    return _json_members(out, [tree.encoded(i) for i in members])


#: one file of the API: its path, a digest of all it is made from (None: not
#: given, the file is made and compared) and what makes its bytes
Recipe = tuple[str, "bytes | None", Callable[[], bytes]]


def files(model: Mapping[str, Any], memo: tei.Memo | None = None) -> dict[str, bytes]:
    """Every response of the API: path (under the API folder) -> bytes
    (``memo``: passages made before, :func:`.tei.fragments`)."""
    return dict(iter_files(model, memo))


def iter_files(model: Mapping[str, Any], memo: tei.Memo | None = None) -> Iterator[tuple[str, bytes]]:
    """:func:`files` one ``(path, bytes)`` at a time, in the same order: a
    writer need not hold them all (187 MB at 3,000 paragraphs)."""
    for path, _key, make in iter_recipes(model, memo):
        yield path, make()


def iter_recipes(model: Mapping[str, Any], memo: tei.Memo | None = None,
                 pieces: Mapping[str, tei.Pieces] | None = None) -> Iterator[Recipe]:
    """Every response as a :data:`Recipe`, in the order of :func:`files`:
    a writer that has a file made from the same digest need not make it
    again (a digest costs a twentieth of the file: after an edit to one
    paragraph, only the responses that list it are made). ``pieces``:
    :func:`.tei.all_pieces`, if made already."""
    trees = _resources(model)
    pieces = tei.all_pieces(model) if pieces is None else pieces
    yield "entry.json", None, lambda: _json(entry())
    yield "collection.json", None, lambda: _json(_collection(model, trees, "collection.json"))

    def parents() -> bytes:
        out = _collection(model, trees, "collection/parents.json", members=False)
        out["member"] = []
        return _json(out)

    yield "collection/parents.json", None, parents
    root_member = _collection(model, trees, "", members=False)

    def collection(tree: _Tree, path: str) -> bytes:
        return _json({"@context": CONTEXT, "dtsVersion": VERSION, **_resource(model, tree, path)})

    def collection_parents(tree: _Tree, path: str) -> bytes:
        res = {"@context": CONTEXT, "dtsVersion": VERSION, **_resource(model, tree, path)}
        member = dict(root_member)
        member["collection"] = _prefix(path, "collection") + "{/id,nav}.json"
        res["member"] = [member]
        return _json(res)

    def navigation(tree: _Tree, path: str, ref: str | None, down: int | None,
                   page: int | None = None) -> Recipe:
        return (path, _navigation_key(tree, path, ref, down, page),
                lambda: _navigation(model, tree, path, ref, down, page))

    for rid, tree in trees.items():
        path = f"collection/{rid}.json"
        yield path, None, functools.partial(collection, tree, path)
        path = f"collection/{rid}/parents.json"
        yield path, None, functools.partial(collection_parents, tree, path)
        for down in [*range(1, tree.depth + 1), -1]:
            yield navigation(tree, f"navigation/{rid};down={down}.json", None, down)
        for parent in (None, *tree.order()):
            for k, path in enumerate(_page_paths(tree, parent)):
                yield navigation(tree, path, parent, None, k)
        for obj_id in tree.order():
            yield navigation(tree, f"navigation/{rid}/{obj_id}.json", obj_id, None)
            below = tree.depth - tree.level[obj_id]
            for down in [0, *range(1, below + 1), -1]:
                yield navigation(tree, f"navigation/{rid};down={down}/{obj_id}.json", obj_id, down)
            path = f"document/{rid}/{obj_id}.xml"
            base = _rel(path, CORPUS)
            key = hashlib.sha1(f"{path}\0{base}".encode() + pieces[rid].passage_key(obj_id))
            yield path, key.digest(), functools.partial(pieces[rid].passage, obj_id, base, memo)
        path = f"document/{rid}.xml"
        yield path, None, functools.partial(tei.resource, model, rid, _rel(path, CORPUS), memo, pieces[rid])
