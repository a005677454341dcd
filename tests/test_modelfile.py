"""The model file, ``_build/html/edition.json``: valid against its schema,
holding every ID, saying what needs.json says, read by the tools."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import needs_of
from poa_edition.model import modelfile


def model_of(out: Path) -> dict:
    return modelfile.load(out / "edition.json")


def test_model_file_validates_against_its_schema(edition_html):
    model = model_of(edition_html)
    assert modelfile.validate(model) == []
    assert model["format_version"] == modelfile.FORMAT_VERSION
    assert model["edition"]["title"].startswith("The BMS6 Outcome")


def test_the_schema_refuses_a_broken_model(edition_html):
    model = model_of(edition_html)
    model["objects"][0]["attestation"] = "restored"
    del model["links"][0]["type"]
    errors = modelfile.validate(model)
    assert len(errors) >= 2 and any("links/0" in e for e in errors)


def test_model_holds_every_id_with_the_text_needs_json_carries(edition_html):
    """Every paragraph, section and note of needs.json is in the model, with
    the same type, attestation, summary, withdrawal, official text and links."""
    model = model_of(edition_html)
    needs = needs_of(edition_html)
    objects = {o["id"]: o for o in model["objects"]}
    assert set(objects) == set(needs)
    assert len(objects) > 350
    links = {(li["source"], li["type"], li["target"]) for li in model["links"]}
    for obj_id, need in needs.items():
        obj = objects[obj_id]
        assert obj["type"] == need["type"]
        assert obj["need_id"] == need["id"]
        if obj["kind"] != "note":
            assert obj["attestation"] == need["attestation"]
            assert obj["summary"] == (need["summary"] or "")
            assert obj["withdrawn"] == (need["withdrawn"] or "")
            assert (obj["official_text"] or "") == (need["official_text"] or "")
            wording = " | ".join(q["text"] for q in obj["quotations"])
            assert all(q["text"] in (need["wording"] or "") for q in obj["quotations"]), wording
        for lt in [lt["name"] for lt in model["link_types"]]:
            for target in need.get(lt) or ():
                assert (obj_id, lt, target) in links, (obj_id, lt, target)


def test_quotations_notes_and_coverage(edition_html):
    model = model_of(edition_html)
    objects = {o["id"]: o for o in model["objects"]}
    quotations = [q for o in model["objects"] if o["kind"] != "note" for q in o["quotations"]]
    assert len(quotations) > 150
    joint = [q for q in quotations if q["extent"] == "joint"]
    assert joint and all(q["with"] and q["grouping"] for q in joint)
    note = objects["BP-N12"]
    assert note["text"] and note["place"] and note["citations"]
    assert all(i in objects for c in note["citations"] for i in c["ids"])
    assert any(o["claims"] for o in objects.values() if o["kind"] == "note")
    assert {e["key"] for e in model["bibliography"]} >= {
        c["bibkey"] for o in objects.values() if o["kind"] == "note" for c in o["citations"]}
    cover = model["coverage"]["BMS6"]
    assert cover["paragraphs"] == sum(1 for o in objects.values()
                                      if o["siglum"] == "BMS6" and o["kind"] == "paragraph")


def test_edition_stats_and_ids_read_the_model(edition_html):
    done = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "stats",
                           str(edition_html / "edition.json")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    model = model_of(edition_html)
    bms6 = model["coverage"]["BMS6"]
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("BMS6 "))
    assert line.split()[1:] == [str(bms6[k]) for k in ("paragraphs", "official", "whole",
                                                      "fragmentary", "joint", "lacuna")]
    ids = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "ids",
                          str(edition_html / "edition.json")], capture_output=True, text=True)
    assert len(ids.stdout.splitlines()) == len(model["objects"])


def test_a_missing_or_foreign_model_file_is_one_line_and_exit_2(tmp_path):
    for content in (None, "{}", "not json"):
        path = tmp_path / "edition.json"
        if content is not None:
            path.write_text(content)
        done = subprocess.run([sys.executable, "-m", "poa_edition.tools.cli", "stats", str(path)],
                              capture_output=True, text=True)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_model_file_is_deterministic():
    model = {"b": [2, 1], "a": {"y": "é", "x": None}}
    assert modelfile.dumps(model) == modelfile.dumps(json.loads(modelfile.dumps(model)))
    assert modelfile.dumps(model).startswith('{\n "a"')
