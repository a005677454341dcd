"""UN document symbols in refs.bib: the resolver address made from the
symbol, who identified it and from where, and the bibliography's links."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pybtex.database
import pytest
from conftest import EDITION, REPO
from poa_edition.model import unsymbols
from poa_edition.model.registry import load
from poa_edition.tools.bibcheck import check as bib_check


def symbols() -> dict[str, str]:
    """refs.bib key -> symbol, for the entries that have one."""
    data = pybtex.database.parse_file(str(REPO / "refs.bib"), bib_format="bibtex")
    return {k: e.fields["symbol"] for k, e in data.entries.items() if "symbol" in e.fields}


@pytest.mark.parametrize("symbol, url", [
    ("A/RES/70/1", "https://docs.un.org/en/A/RES/70/1"),
    ("A/CONF.192/BMS/2016/WP.1/Rev.3", "https://docs.un.org/en/A/CONF.192/BMS/2016/WP.1/Rev.3"),
    ("S/2015/289", "https://docs.un.org/en/S/2015/289"),
])
def test_resolver_address_is_made_from_the_symbol(symbol, url):
    assert unsymbols.resolver_url(symbol) == url
    assert unsymbols.resolver_url(symbol, "http://127.0.0.1:8000/en/{symbol}") == \
        url.replace("https://docs.un.org", "http://127.0.0.1:8000")


@pytest.mark.parametrize("text", ["", "A", "A/", "UNGA, 2015a", "a/res/70/1", "A/RES/70/1 ", "A//1",
                                  "A/RES/70/1?x=1", "https://docs.un.org/en/A/RES/70/1"])
def test_not_a_symbol(text):
    assert not unsymbols.is_symbol(text)
    with pytest.raises(ValueError):
        unsymbols.resolver_url(text)


def test_resolver_setting():
    assert unsymbols.resolver_problem(unsymbols.RESOLVER) is None
    assert "no {symbol}" in unsymbols.resolver_problem("https://docs.un.org/en/")
    assert "not an http(s) address" in unsymbols.resolver_problem("docs.un.org/{symbol}")


WITNESSES = ("BP", "IB")


@pytest.mark.parametrize("fields, message", [
    ({"symbol": "A/RES/70/1"}, "symbol 'A/RES/70/1': say who gives it"),
    ({"symbol": "A/RES/70/1", "symbolby": "editors"}, "symbolsource must give the address"),
    ({"symbol": "A/RES/70/1", "symbolby": "editors", "symbolsource": "a web page"},
     "symbolsource must give the address"),
    ({"symbol": "A/RES/70/1", "symbolby": "XX"}, "symbolby 'XX' is neither 'editors' nor a witness"),
    ({"symbol": "UNGA 2015a", "symbolby": "BP"}, "is not a UN document symbol"),
    ({"symbolby": "editors", "symbolsource": "https://x.example/"}, "symbolby/symbolsource without a symbol"),
    ({"date": "2015-09-25", "dateby": "editors"}, "datesource must give the address"),
])
def test_provenance_problems(fields, message):
    found = unsymbols.identification_problems(fields, WITNESSES)
    assert len(found) == 1 and message in found[0], found


@pytest.mark.parametrize("fields", [
    {},
    {"symbol": "A/RES/70/1", "symbolby": "editors", "symbolsource": "https://x.example/p"},
    {"symbol": "A/RES/70/1", "symbolby": "BP"},
    {"date": "2016-10"},  # a date the witnesses give, said in the note
    {"date": "2016-10-04", "dateby": "editors", "datesource": "https://x.example/p"},
])
def test_provenance_given(fields):
    assert unsymbols.identification_problems(fields, WITNESSES) == []


def test_every_symbol_in_refs_bib_is_the_editors_with_its_source():
    """The witnesses give no symbols: each one in refs.bib is marked as the
    editors' identification, with the page it was taken from; refs.bib's
    check passes."""
    data = pybtex.database.parse_file(str(REPO / "refs.bib"), bib_format="bibtex")
    found = symbols()
    assert found, "no UN document in refs.bib has a symbol"
    for key in found:
        fields = data.entries[key].fields
        assert fields["symbolby"] == "editors", key
        assert re.match(r"https?://", fields["symbolsource"]), key
    assert bib_check(REPO / "refs.bib", load(EDITION / "_data")) == []


def test_refs_bib_check_names_the_line(tmp_path):
    text = (REPO / "refs.bib").read_text(encoding="utf-8")
    text = text.replace("  symbolby = {editors},\n  symbolsource = {https://international.vlex.com",
                        "  symbolsource = {https://international.vlex.com", 1)
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1)
                if ln.startswith("@misc{unga-firearms-protocol,"))
    found = bib_check(bib, load(EDITION / "_data"))
    assert [(p.line, p.message.split(":", 2)[:2]) for p in found] == [
        (line, ["unga-firearms-protocol", " symbol 'A/RES/55/255'"])]


def test_the_bibliography_links_each_symbol_to_the_resolver(edition_html):
    page = (edition_html / "bibliography.html").read_text(encoding="utf-8")
    for key, symbol in symbols().items():
        url = unsymbols.resolver_url(symbol)
        assert f'<a class="reference external" href="{url}">{symbol}</a>' in page, key
    assert page.count("The symbol is the editors' identification, from https://") == len(symbols())


def test_refs_bib_and_the_registry_agree_on_a_symbol(tmp_path):
    import dataclasses

    edition = load(EDITION / "_data")
    doc = edition.documents["A2030"]
    edition.documents["A2030"] = dataclasses.replace(doc, symbol="A/RES/70/2")
    found = bib_check(REPO / "refs.bib", edition)
    assert [p.message for p in found] == [
        "unga-2030-agenda: symbol 'A/RES/70/1', but documents.toml gives A2030 the symbol 'A/RES/70/2'"]


def test_a_wrong_resolver_setting_is_one_located_error(tmp_path):
    from conftest import sphinx_build

    conf = tmp_path / "conf"
    conf.mkdir()
    shutil.copy(REPO / "refs.bib", conf / "refs.bib")
    text = (REPO / "conf.py").read_text() + '\nedition_un_resolver = "https://docs.un.org/en/"\n'
    (conf / "conf.py").write_text(text)
    line = len(text.splitlines())
    result = sphinx_build(EDITION, tmp_path / "out", confdir=conf)
    assert result.returncode != 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"{conf / 'conf.py'}:{line}: ERROR: edition_un_resolver = 'https://docs.un.org/en/' has no "
        "{symbol} to put the document's symbol in [edition.data]"]
