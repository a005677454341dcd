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

from importlib import metadata as _metadata
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

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
    if not config.release:
        config.release = config.version = __version__
    state.set_edition(app, edition)
    config.edition_data_digest = edition.digest
    needs.configure(config, edition)


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
