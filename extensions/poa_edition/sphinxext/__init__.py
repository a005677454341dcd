"""The Sphinx read side: what reading a page records, and where.

The directives (``para``, ``section``, ``wording``, ``apparatus``,
``annotation``) and roles (``{ed:cite}``, ``{ed:p}``, ``{ed:label}``) add
their records (:mod:`..model.records`) to the ``ed`` domain
(:mod:`.domain`), which owns them, resolves every reference
(``pending_xref`` in ``resolve_xref``) and checks the whole edition on every
build. Problems are typed warnings ``edition.*`` (:mod:`.diagnostics`).
sphinx-needs is reached through :mod:`.needs` only, sphinxcontrib-bibtex
through :mod:`.bib`.
"""

from __future__ import annotations

import os
from importlib import metadata as _metadata
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from ..model import releases
from ..model.registry import DataError, Edition, load
from ..speed import knowngood
from ..speed.knowngood import KnownGood
from . import bib, blocks, diagnostics, domain, lock, needs, nodes, notes, options, rawcheck, roles, state

#: the edition's version: pyproject.toml's, the one place it is set
try:
    __version__ = _metadata.version("poa-edition")
except _metadata.PackageNotFoundError:  # not installed (a source checkout on sys.path)
    __version__ = "0.0.0+unknown"
#: bump whenever what is pickled with the environment (doctree nodes, records,
#: need fields) changes shape: Sphinx then discards an older environment
#: instead of failing to unpickle it
ENV_VERSION = 12


def _configure(app: Sphinx, config: Config) -> None:
    """Load the edition data and derive the sphinx-needs configuration from it."""
    diagnostics.reset(app)
    root = Path(app.srcdir, config.edition_data)
    # the data files and refs.bib that passed their checks in the last build
    known = KnownGood(Path(app.doctreedir, knowngood.FILENAME))
    try:
        edition = load(root, known)
    except DataError as err:
        diagnostics.data_error(app, f"edition data: {err.message}",
                               f"{err.path}:{err.line}" if err.line else str(err.path))
        edition = Edition.empty(root)
    for name in config.bibtex_bibfiles or ():
        path = Path(app.confdir, name)
        for line, message in bib.problems(path, known):
            diagnostics.data_error(app, message, f"{path}:{line}" if line else str(path))
            config.bibtex_bibfiles = []  # sphinxcontrib-bibtex would stop with a traceback
    known.save()
    _version_and_address(app, config)
    state.set_edition(app, edition)
    try:
        state.keep(app, RELEASES, releases.read(root))
        release_digest = releases.digest(root)
    except releases.ReleaseError as err:
        diagnostics.data_error(app, f"edition release: {err.message}", str(err.path))
        state.keep(app, RELEASES, [])
        release_digest = ""
    # a new release changes every page that shows a change (re-read them all)
    config.edition_data_digest = edition.digest + release_digest
    needs.configure(config, edition)


#: state: the releases' models, oldest first (:mod:`..model.releases`)
RELEASES = "releases"


def _version_and_address(app: Sphinx, config: Config) -> None:
    """The version and its release date from pyproject.toml beside conf.py
    (the one place they are set; the installed package's version when there
    is none), unless conf.py or ``-D`` sets them; the published address from
    Read the Docs' ``READTHEDOCS_CANONICAL_URL`` when it sets one."""
    try:
        info = releases.project_info(Path(app.confdir))
    except releases.ReleaseError as err:
        diagnostics.data_error(app, err.message, str(err.path))
        info = None
    version, date = info if info and info[0] else (__version__, "")
    if not config.release:
        config.release = config.version = version
    if not config.edition_date and date:
        config.edition_date = date
    canonical = os.environ.get("READTHEDOCS_CANONICAL_URL", "").strip()
    if canonical:
        config.html_baseurl = canonical if canonical.endswith("/") else canonical + "/"


def releases_of(owner: Any) -> list[dict[str, Any]]:
    """The releases' models, oldest first (read at ``config-inited``)."""
    return state.kept(owner, RELEASES, [])


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_needs")
    app.setup_extension("sphinxcontrib.bibtex")

    app.add_config_value("edition_data", "_data", "env", types=(str,))
    app.add_config_value("edition_data_digest", "", "env", types=(str,))
    # before sphinx-needs reads its configuration (priority 10 and later)
    app.connect("config-inited", _configure, priority=5)
    options.setup(app)
    lock.setup(app)
    blocks.setup(app)
    app.add_domain(domain.EditionDomain)
    roles.setup(app)
    notes.setup(app)
    rawcheck.setup(app)
    diagnostics.setup(app)
    state.setup(app)
    domain.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
