"""The package as pip installs it (not editable): the wheel carries every
data file, and an install of it alone builds the HTML and the PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import EDITION, REPO, unavailable

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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    work = out / "src"
    # a copy of the project, so the build leaves nothing in the checkout
    shutil.copytree(REPO, work, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "*.egg-info", "__pycache__", "build"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--disable-pip-version-check", "-q", "-w", str(out), str(work)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    found = list(out.glob("poa_edition-*.whl"))
    assert len(found) == 1
    return found[0]


def test_the_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert DATA <= names, sorted(DATA - names)
    # every module of every layer
    modules = {str(p.relative_to(REPO / "extensions")) for p in
               (REPO / "extensions/poa_edition").rglob("*.py")}
    assert modules <= names, sorted(modules - names)


def test_an_install_of_the_wheel_builds_html_and_pdf(wheel, tmp_path):
    """The wheel alone in a fresh environment (its dependencies are this
    environment's, added after it on the path): the strict HTML build, and
    the PDF when TeX is there."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    zipfile.ZipFile(wheel).extractall(site)
    # the dependencies, after the wheel (not the editable checkout: no .pth is read there)
    (site / "zz-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    where = subprocess.run([str(python), "-c", "import poa_edition; print(poa_edition.__file__)"],
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1466985600"}
    html = subprocess.run([str(python), "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
                           "-q", "-c", str(REPO), str(EDITION), str(tmp_path / "html")],
                          capture_output=True, text=True, env=env)
    assert html.returncode == 0, html.stderr
    assert (tmp_path / "html/_static/edition.css").is_file()
    assert (tmp_path / "html/edition.json").is_file()
    if shutil.which("latexmk") is None or shutil.which("xelatex") is None:
        unavailable("the PDF from the installed wheel needs latexmk and xelatex (see README)")
    pdf = subprocess.run([str(python), "-m", "sphinx", "-M", "latexpdf", str(EDITION),
                          str(tmp_path / "pdf"), "-c", str(REPO), "-W", "--keep-going", "-n", "-q"],
                         capture_output=True, text=True, env=env, timeout=1200)
    assert pdf.returncode == 0, pdf.stdout[-2000:] + pdf.stderr[-2000:]
    assert (tmp_path / "pdf/latex/bms6-edition.pdf").stat().st_size > 100_000
