"""What a build skips when nothing it depends on changed still equals what a
clean build does: the bibliography's formatted entries (kept from the last
build by the ``edition`` pybtex style) and the other per-build caches."""

from __future__ import annotations

import json

import pytest
from conftest import sphinx_build
from test_incremental import Built, assert_rebuild_equals_clean, edit, outputs, project

EDITS = {
    "nothing": lambda s: None,
    "title in refs.bib": lambda s: edit(s / "refs.bib", "{{Gaining Perspective}}",
                                        "{{Gaining More Perspective}}"),
    "author in refs.bib": lambda s: edit(
        s / "refs.bib", "author = {{UNGA}},\n  title = {{[Outcome of the Sixth",
        "author = {{United Nations General Assembly}},\n  title = {{[Outcome of the Sixth"),
    # the sort order changes: the labels of the entries after it shift
    "note and year in refs.bib": lambda s: edit(
        s / "refs.bib", "howpublished = {Small Arms Survey, Briefing Paper},",
        "howpublished = {Small Arms Survey, Briefing Paper},\n  year = {2017},"),
    "bibliography style": lambda s: edit(s / "conf.py", 'bibtex_default_style = "edition"',
                                         'bibtex_default_style = "plain"'),
}


def styled(root):
    return project(root, edition_style=True)


@pytest.fixture(scope="module")
def built_styled(tmp_path_factory) -> Built:
    return Built(tmp_path_factory.mktemp("built-styled"), styled)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EDITS))
def test_rebuild_with_edition_style_equals_clean(tmp_path, name, built_styled):
    # the bibliography style: sphinxcontrib-bibtex reads it into each
    # bibliography as its page is read, yet declares it an "html" setting
    # (re-read nothing); the edition reads those pages again (domain.outdated_for_bib)
    assert_rebuild_equals_clean(tmp_path, styled, EDITS[name], built_styled)


def test_data_files_found_valid_are_not_checked_again(tmp_path, monkeypatch):
    """A build remembers which data files passed their schema; a file that
    changes is checked again, and one that fails is never remembered."""
    import shutil
    import sys

    import jsonschema
    from conftest import EDITION
    from poa_edition.model import registry
    from poa_edition.speed.knowngood import KnownGood

    data, cache = tmp_path / "_data", tmp_path / "doctrees" / "known.json"
    shutil.copytree(EDITION / "_data", data)

    def load():
        known = KnownGood(cache)
        try:
            return registry.load(data, known)
        finally:
            known.save()

    load()
    remembered = set(json.loads(cache.read_text()))
    assert len(remembered) >= 3  # model, documents, sources (and any official texts)

    checked = []
    real = registry._validate

    def counting(path, *args, **kwargs):
        checked.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(registry, "_validate", counting)
    calls = []
    monkeypatch.setitem(sys.modules, "jsonschema", _Refuse(calls))
    load()  # nothing changed: no schema is consulted
    assert checked and not calls

    docs = data / "documents.toml"
    good = docs.read_text()
    docs.write_text(good.replace('date = "2016-06-10"', 'datum = "2016-06-10"', 1))
    monkeypatch.setitem(sys.modules, "jsonschema", jsonschema)
    for _ in range(2):  # reported every time
        with pytest.raises(registry.DataError, match="unknown key 'datum'"):
            load()
    docs.write_text(good)
    load()
    assert set(json.loads(cache.read_text())) == remembered


class _Refuse:
    def __init__(self, calls):
        self.calls = calls

    def __getattr__(self, name):
        self.calls.append(name)
        raise AssertionError(f"jsonschema.{name} used for an unchanged file")


def test_refs_bib_found_good_is_not_parsed_again(tmp_path):
    from poa_edition.sphinxext import bib
    from poa_edition.speed.knowngood import KnownGood

    refs, cache = tmp_path / "refs.bib", tmp_path / "known.json"
    refs.write_text("@misc{a,\n  title = {A},\n  year = {2016}\n}\n", encoding="utf-8")
    for _ in range(2):
        known = KnownGood(cache)
        assert bib.problems(refs, known) == []
        known.save()
    assert len(json.loads(cache.read_text())) == 1
    refs.write_text("@misc{a,\n  title = {A},\n  year = {2016}\n\n", encoding="utf-8")  # never closed
    for _ in range(2):
        known = KnownGood(cache)
        assert bib.problems(refs, known) == [(1, "BibTeX syntax error: this entry is never closed "
                                                 "(a brace or quotation mark is missing)")]
        known.save()
    assert json.loads(cache.read_text()) == []


def test_compiled_templates_are_kept_and_follow_their_source(tmp_path, monkeypatch):
    """Page templates compiled in one build are loaded by the next
    (``<doctreedir>/jinja``); a template whose source changed is compiled
    again, and the rebuild equals a clean build. With
    ``EDITION_TEMPLATE_CACHE`` (which the test suite sets), builds of
    other projects share that folder instead, with the same pages."""
    import time

    from poa_edition.speed.templatecache import SHARED

    monkeypatch.delenv(SHARED, raising=False)

    def with_template(root, mark):
        src = project(root)
        (src / "conf.py").write_text((src / "conf.py").read_text() + 'templates_path = ["_t"]\n')
        (src / "_t").mkdir(exist_ok=True)
        (src / "_t" / "layout.html").write_text(
            '{% extends "!layout.html" %}{% block footer %}' + mark + "{{ super() }}{% endblock %}\n")
        return src

    src = with_template(tmp_path / "inc", "MARK-ONE")
    out = tmp_path / "inc-out"
    first = sphinx_build(src, out)
    assert first.returncode == 0, first.stderr
    assert list((out / ".doctrees" / "jinja").iterdir())
    assert "MARK-ONE" in (out / "index.html").read_text()
    time.sleep(1.1)  # Sphinx notices a changed template by its mtime
    (src / "_t" / "layout.html").write_text(
        (src / "_t" / "layout.html").read_text().replace("MARK-ONE", "MARK-TWO"))
    again = sphinx_build(src, out)
    assert again.returncode == 0, again.stderr

    clean = with_template(tmp_path / "clean", "MARK-TWO")
    fresh = sphinx_build(clean, tmp_path / "clean-out")
    assert fresh.returncode == 0, fresh.stderr
    a, b = outputs(out), outputs(tmp_path / "clean-out")
    assert "MARK-TWO" in a["index.html"].decode() and "MARK-ONE" not in a["index.html"].decode()
    assert sorted(a) == sorted(b)
    assert [n for n in a if a[n] != b[n]] == []

    shared = tmp_path / "shared"
    monkeypatch.setenv(SHARED, str(shared))
    for name in ("one", "two"):  # the second loads what the first compiled
        done = sphinx_build(with_template(tmp_path / name, "MARK-TWO"), tmp_path / f"{name}-out")
        assert done.returncode == 0, done.stderr
        assert not (tmp_path / f"{name}-out" / ".doctrees" / "jinja").exists()
        c = outputs(tmp_path / f"{name}-out")
        assert sorted(c) == sorted(b) and [n for n in c if c[n] != b[n]] == []
    assert list(shared.iterdir())


def test_a_process_that_builds_again_repeats_no_formatting_check_or_drawing(tmp_path, monkeypatch):
    """A process that builds a second project with the same refs.bib, data
    and pictures (the tests do, hundreds of times) formats no bibliography
    entry, checks no data file or refs.bib and runs no ``dot`` again
    (bibpage's ``_memo``, knowngood's ``_PASSED``, pictures' ``_drawn``),
    and writes what a build in a fresh process writes."""
    import subprocess
    from collections import Counter

    from conftest import sphinx_build_here
    from pybtex.style.formatting import BaseStyle

    from poa_edition.outputs import bibpage, pictures
    from poa_edition.speed import knowngood
    from poa_edition.speed.processmemo import ProcessMemo
    from poa_edition.sphinxext import bib

    # as if this process had built nothing yet
    monkeypatch.setattr(bibpage, "_memo", ProcessMemo(bibpage._memo.limit))
    monkeypatch.setattr(knowngood, "_PASSED", set())
    monkeypatch.setattr(pictures, "_drawn", ProcessMemo(pictures._drawn.limit))
    calls: Counter[str] = Counter()

    def counting(name, real):
        def call(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(BaseStyle, "format_entry", counting("format", BaseStyle.format_entry))
    # a check that runs and passes says so (KnownGood.passed); a known one does not
    monkeypatch.setattr(knowngood.KnownGood, "passed", counting("check", knowngood.KnownGood.passed))
    monkeypatch.setattr(bib, "_problems", counting("refs.bib", bib._problems))
    monkeypatch.setattr(subprocess, "run", counting("dot", subprocess.run))
    for name in ("a", "b"):
        done = sphinx_build_here(project(tmp_path / name, edition_style=True), tmp_path / name / "out")
        assert done.returncode == 0, done.stderr
        if name == "a":
            assert set(calls) == {"format", "check", "refs.bib", "dot"}, calls
            calls.clear()
    assert not calls, calls
    monkeypatch.undo()
    assert sphinx_build(project(tmp_path / "c", edition_style=True), tmp_path / "c" / "out").returncode == 0
    assert outputs(tmp_path / "b" / "out") == outputs(tmp_path / "c" / "out")
