"""The data files are checked against JSON schemas; each error names file and line."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import EDITION
from poa_edition.model.ids import STYLES
from poa_edition.model.registry import SCHEMAS, DataError, load


def test_schema_styles_are_the_id_grammars():
    schema = json.loads((SCHEMAS / "documents.schema.json").read_text())
    assert tuple(schema["additionalProperties"]["properties"]["style"]["enum"]) == STYLES


CASES = [
    ("documents.toml", 'kind = "outcome"\nstyle = "numbered"\ndate = "2016-06-10"',
     'kind = "outcome"\nstyle = "numbered"\ndatum = "2016-06-10"', "datum",
     "[BMS6] unknown key 'datum'; allowed: bibkey, commitments, date, extent, extent_attested, kind, note, style, symbol, title"),
    ("documents.toml", 'extent = "paragraphs 1–120"', 'extent = "1 to 120"', "1 to 120",
     "[BMS6] 'extent' is '1 to 120', which does not match"),
    ("documents.toml", "[BMS6R]", "[bms6r]", "[bms6r]", "'bms6r' is not a valid name"),
    ("model.toml", 'outgoing = "develops"', 'outgoing = ""', 'outgoing = ""',
     "[links.develops] 'outgoing' must be a non-empty string"),
    ("model.toml", 'from = ["outcome"]\nto = ["outcome", "commitment"]\n\n[links.extends]',
     'from = ["outcomes"]\nto = ["outcome", "commitment"]\n\n[links.extends]', '["outcomes"]',
     "[links.develops] 'from' names unknown need type 'outcomes'"),
    ("sources.toml", 'short = "Briefing Paper"', 'short = 3', "short = 3",
     "[BP] 'short' must be a string"),
]


@pytest.mark.parametrize(("file", "old", "new", "marker", "message"), CASES)
def test_schema_errors_are_located(tmp_path, file, old, new, marker, message):
    data = tmp_path / "_data"
    shutil.copytree(EDITION / "_data", data)
    path = data / file
    text = path.read_text()
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if marker in ln)
    with pytest.raises(DataError) as err:
        load(data)
    assert (err.value.path, err.value.line) == (path, line), str(err.value)
    assert message in err.value.message
