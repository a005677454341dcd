"""Typed warnings, and builds that never forget a failure.

Every problem the edition finds is a warning ``edition.<subtype>``:
``data`` (edition/_data files, refs.bib), ``id`` (paragraph IDs), ``wording``
(witness blocks), ``link`` (references and typed links), ``citation``,
``html`` (raw markup in content), ``graphviz`` (a picture that Graphviz's
``dot`` could not draw, or no ``dot``). A
strict build (``-W``) turns each into an error; ``suppress_warnings`` can
silence one subtype, e.g. ``edition.link``.

Sphinx re-reads only changed files, so a failure reported while reading a file
would be forgotten by the next build if the file did not change. The edition
remembers that a build failed (a marker file beside the doctrees, written at
the first warning of any origin) and makes the next build read every file
again, so it reports every failure again. Cross-document checks run from the
domain's data on every build that reads anything (:mod:`.domain`).
"""

from __future__ import annotations

import logging as std_logging
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger("poa_edition")

SUBTYPES = ("data", "id", "wording", "link", "citation", "html", "official", "suspect",
            "graphviz")

#: beside the doctrees: "the last build reported a warning"
FAILED_MARKER = "edition-build-failed"
#: beside the doctrees while a build runs: a build killed before it finished
#: (pages, search index half written) leaves it, and the next reads everything
RUNNING_MARKER = "edition-build-running"


#: set when the edition's data could not be loaded: its one located error is
#: the report, and the edition stays silent rather than bury it in consequences
_silenced = False


def warn(message: str, subtype: str, location: object = None) -> None:
    assert subtype in SUBTYPES, subtype
    if not _silenced:
        logger.warning(message, type="edition", subtype=subtype, location=location)


def data_error(app: Sphinx, message: str, location: str | None) -> None:
    """A data file (edition/_data, refs.bib) cannot be used: report it once,
    at its file and line, and fail the build (exit status non-zero) without
    a traceback. The rest of the build runs with the edition silent."""
    global _silenced
    if location and ":" not in location:  # Sphinx would read a bare path as a docname
        message, location = f"{location}: {message}", None
    logger.error(message, type="edition", subtype="data", location=location)
    app.statuscode = 2
    _silenced = True


def undecodable_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: a page that is not UTF-8 is a located error
    (Sphinx would stop with a traceback); the page is left out."""
    for docname in list(docnames):
        path = env.doc2path(docname)
        try:
            Path(path).read_bytes().decode("utf-8")
        except UnicodeDecodeError as err:
            line = err.object[: err.start].count(b"\n") + 1
            logger.error(f"not UTF-8: byte {err.object[err.start]:#x} cannot be read; save the "
                         "file as UTF-8", type="edition", subtype="data", location=f"{path}:{line}")
            app.statuscode = 2
            docnames.remove(docname)
            env.found_docs.discard(docname)  # as if absent: nothing to write
        except OSError:
            pass


def reset(app: Sphinx, config: Any = None) -> None:
    global _silenced
    _silenced = False


# -- remembering failed builds ----------------------------------------------------


class _FailureMemory(std_logging.Handler):
    """Writes the marker at the first warning (or error) of a build."""

    def __init__(self, marker: Path) -> None:
        super().__init__(std_logging.WARNING)
        self.marker = marker
        self.seen = False
        self.interrupted = False

    def emit(self, record: std_logging.LogRecord) -> None:
        if self.seen:
            return
        self.seen = True
        try:
            self.marker.parent.mkdir(parents=True, exist_ok=True)
            self.marker.touch()
        except OSError:
            pass


def remember_failures(app: Sphinx) -> None:
    """``builder-inited``: watch every warning of this build."""
    handler = _FailureMemory(Path(app.doctreedir, FAILED_MARKER))
    running = Path(app.doctreedir, RUNNING_MARKER)
    handler.interrupted = running.exists()  # the last build never finished
    running.parent.mkdir(parents=True, exist_ok=True)
    running.touch()
    # first, so it sees a warning before -W turns it into an exception
    logger_ = std_logging.getLogger("sphinx")
    logger_.handlers.insert(0, handler)
    app._poa_failure_memory = handler  # type: ignore[attr-defined]


def reread_after_failure(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: after a build that reported anything, read every
    file again so that every failure is reported again; after a build that was
    killed before it finished, so that every page and the search index are
    written whole."""
    marker = Path(app.doctreedir, FAILED_MARKER)
    handler = getattr(app, "_poa_failure_memory", None)
    interrupted = handler is not None and handler.interrupted
    if not marker.exists() and not interrupted:
        return []
    if marker.exists() and (handler is None or not handler.seen):  # this build's own stays
        marker.unlink()
    return sorted(env.found_docs)


def forget_handler(app: Sphinx, exception: Any) -> None:
    """``build-finished``: the build finished (whether or not it failed: a
    failure has its own marker); detach the handler (tests build several
    projects in one process)."""
    if exception is None:
        Path(app.doctreedir, RUNNING_MARKER).unlink(missing_ok=True)
    handler = getattr(app, "_poa_failure_memory", None)
    if handler is not None:
        logger_ = std_logging.getLogger("sphinx")
        if handler in logger_.handlers:
            logger_.removeHandler(handler)
