"""Sphinx extensions for the annotated critical edition of the BMS6 outcome.

``extensions = ["poa_edition"]`` in ``conf.py`` is all a project needs: this
sets up MyST, sphinx-needs and sphinxcontrib-bibtex, and configures
sphinx-needs from the edition's data (``edition_data``, default ``_data`` in
the source directory).
"""

from __future__ import annotations

from importlib import metadata as _metadata
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from . import (
    bib,
    bibpage,
    citethis,
    diagnostics,
    domain,
    gcpolicy,
    idsearch,
    knowngood,
    latex,
    needsjson,
    needsync,
    pagemeta,
    pictures,
    resolver,
    reviewing,
    searchindex,
    shorturls,
    state,
    templatecache,
)
from . import nodes as ed_nodes
from .blocks import (
    ApparatusDirective,
    ParaDirective,
    SectionDirective,
    WordingDirective,
)
from .domain import EditionDomain
from .knowngood import KnownGood
from .notes import AnnotationDirective
from .rawcheck import RefuseRaw
from .registry import DataError, Edition, load
from . import render
from .report import write_report
from .roles import WorkCiteRole, guarded_bibtex_roles
from .tables import (
    ConcordanceTable,
    CoverageTable,
    FillConcordance,
    FillCoverage,
    LabelTable,
    LinkTable,
    SiglaTable,
    WitnessTable,
    pending_concordance,
    pending_coverage,
)

#: the edition's version: pyproject.toml's, the one place it is set
try:
    __version__ = _metadata.version("poa-edition")
except _metadata.PackageNotFoundError:  # not installed (a source checkout on sys.path)
    __version__ = "0.0.0+unknown"
#: bump whenever what is pickled with the environment (doctree nodes, records,
#: need fields) changes shape: Sphinx then discards an older environment
#: instead of failing to unpickle it
ENV_VERSION = 11

STATIC = Path(__file__).parent / "static"

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
    needsync.configure(config, edition)

    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def setup(app: Sphinx) -> dict[str, Any]:
    gcpolicy.setup(app)  # the collector's policy for a build: see gcpolicy.py
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_needs")
    app.setup_extension("sphinxcontrib.bibtex")

    app.add_config_value("edition_data", "_data", "env", types=(str,))
    app.add_config_value("edition_data_digest", "", "env", types=(str,))
    # before sphinx-needs reads its configuration (priority 10 and later)
    app.connect("config-inited", _configure, priority=5)
    app.connect("config-inited", latex.configure)
    idsearch.setup(app)
    resolver.setup(app)

    ed_nodes.register(app)
    app.add_directive("para", ParaDirective)
    app.add_directive("section", SectionDirective)
    app.add_directive("wording", WordingDirective)
    app.add_directive("apparatus", ApparatusDirective)
    app.add_directive("edition-sigla", SiglaTable)
    app.add_directive("edition-witnesses", WitnessTable)
    app.add_directive("edition-links", LinkTable)
    app.add_directive("edition-labels", LabelTable)
    app.add_directive("edition-coverage", CoverageTable)
    app.add_node(pending_coverage)
    app.add_post_transform(FillCoverage)
    app.add_directive("edition-concordance", ConcordanceTable)
    app.add_node(pending_concordance)
    app.add_post_transform(FillConcordance)
    pictures.setup(app)  # {edition-lineage}, {edition-timeline}: Graphviz pictures
    app.add_domain(EditionDomain)
    app.add_role("cite", WorkCiteRole(), override=True)  # {ed:cite} is the edition's
    guarded_bibtex_roles(app)
    app.add_directive("annotation", AnnotationDirective)
    app.add_transform(RefuseRaw)
    app.connect("builder-inited", render.builder_inited)
    reviewing.setup(app)
    app.add_post_transform(latex.BibliographyTargets)
    app.connect("builder-inited", diagnostics.remember_failures)
    app.connect("env-get-outdated", diagnostics.reread_after_failure)
    app.connect("env-get-outdated", domain.outdated_for_bib)
    app.connect("env-before-read-docs", state.forget)
    app.connect("env-before-read-docs", diagnostics.undecodable_pages)
    app.connect("env-get-updated", domain.changed_docs)
    app.connect("build-finished", write_report)
    app.connect("build-finished", needsjson.write)
    app.connect("builder-inited", searchindex.note_earlier_index)
    app.connect("build-finished", searchindex.prune_empty_terms)
    app.connect("write-started", shorturls.start)
    app.connect("build-finished", shorturls.write)
    citethis.setup(app)  # "Cite" beside each ID; cite/<ID>.{bib,json,ris}
    bibpage.setup(app)  # the bibliography: author-date order, "Cited in" its notes
    templatecache.setup(app)  # compiled page templates kept between builds
    app.connect("html-page-context", pagemeta.page_context)
    app.connect("build-finished", diagnostics.forget_handler)
    app.add_css_file("edition.css")
    # a first visit follows the system's colour mode; without this the theme
    # logs "Got invalid theme mode" (html_context's default_mode would do, but
    # its data-theme attribute leaves pages without colours when scripts are off)
    app.add_js_file(None, body='document.documentElement.dataset.mode ||= "auto";')

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
