"""The package as pip installs it (not editable): the wheel carries every
data file (the wheel: conftest's session fixture), and an install of it
alone builds the HTML and the PDF (tests/test_pdf.py: the PDF it checks is
that install's)."""

from __future__ import annotations

import zipfile

from conftest import REPO

#: what the package reads from its own files
DATA = {
    "poa_edition/model/schemas/edition.schema.json",
    "poa_edition/model/schemas/documents.schema.json",
    "poa_edition/model/schemas/model.schema.json",
    "poa_edition/model/schemas/sources.schema.json",
    "poa_edition/model/schemas/text.schema.json",
    "poa_edition/model/schemas/reviews.schema.json",
    "poa_edition/outputs/static/edition.css",
    "poa_edition/outputs/static/cite.js",
    "poa_edition/outputs/static/edition-resolver.js",
    "poa_edition/outputs/static/favicon.svg",
    "poa_edition/outputs/static/edition-reading.js",
    "poa_edition/outputs/templates/edition-paragraphs.html",
    "poa_edition/outputs/templates/navbar-logo.html",
    "poa_edition/outputs/js/edition-search.js",
    "poa_edition/outputs/tex/poaedition.sty",
}


def test_the_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert DATA <= names, sorted(DATA - names)
    # every module of every layer
    modules = {str(p.relative_to(REPO / "extensions")) for p in
               (REPO / "extensions/poa_edition").rglob("*.py")}
    assert modules <= names, sorted(modules - names)


# the wheel installed alone builds the HTML and the PDF: tests/test_pdf.py,
# whose PDF is the one that install builds
