"""Typed warnings, and builds that never forget a failure.

Every problem the edition finds is a warning ``edition.<subtype>``:
``data`` (edition/_data files, refs.bib), ``id`` (paragraph IDs), ``wording``
(witness blocks), ``link`` (references and typed links), ``citation``,
``html`` (raw markup in content), ``graphviz`` (a picture that Graphviz's
``dot`` could not draw, or no ``dot``), ``option`` (a text option holding a
role, or cut by MyST's option syntax), ``structure`` (paragraph order, the
section a paragraph stands in, withdrawn paragraphs); ``edition.config`` is a
configuration value outside what it allows (:mod:`.options`). A
strict build (``-W``) turns each into an error; ``suppress_warnings`` can
silence one subtype, e.g. ``edition.link``.

Sphinx re-reads only changed files, so a failure reported while reading a file
would be forgotten by the next build if the file did not change. The edition
keeps every warning given while a document is read with that document's
records in the ``ed`` domain (pickled with the environment) and gives it again
in every later build that does not read the document again; a warning given
while a page is written (an unresolved reference, a picture) makes the next
build write that page again, so it is given again too. No unchanged document
is read again for it. Cross-document checks run from the domain's data on
every build (:mod:`.domain`). A build killed before it finished (a marker
beside the doctrees) makes the next one read everything.
"""

from __future__ import annotations

import json
import logging as std_logging
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.build_phase import BuildPhase
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..model.buildfiles import FOLLOW_ONS, RUNNING_MARKER
from ..model.records import Logged
from ..speed.filesync import replace
from .state import keep, kept

logger = logging.getLogger("poa_edition")

SUBTYPES = ("data", "id", "wording", "link", "citation", "html", "official", "suspect",
            "graphviz", "option", "structure")

#: beside the doctrees: the pages whose writing gave a warning in the last build
WRITE_WARNINGS = "edition-write-warnings.json"


#: set when the edition's data could not be loaded: its one located error is
#: the report, and the edition stays silent rather than bury it in consequences
_silenced = False


#: one error per cause: the IDs that the pages that could not be read define
#: (as far as a lossy reading shows them), and their docnames
_unreadable_ids: set[str] = set()
_unreadable_docs: set[str] = set()
#: the first failure that makes others follow (its location), and how many
#: problems were left unreported because they may follow from it
_cause: tuple[str | None, str] | None = None  # (location, message)
_follow_ons = 0


#: the IDs a page defines: ``::::{para} BMS6-3``, ``:::{annotation} BP-N7``, ...
_DEFINED = re.compile(r"(?m)^\s*(?:`{3,}|:{3,})\s*\{(?:para|section|annotation)\}\s+(\S+)")


def _mentions(message: str, ids: set[str]) -> bool:
    return any(re.search(rf"(?<![\w.-]){re.escape(i)}(?![\w-]|\.\w)", message) for i in ids)


def incomplete() -> str | None:
    """When the edition's data could not be loaded or a page could not be
    read, the first such failure (``"path:line: message"``): the model of
    this build is incomplete."""
    if _cause is None:
        return None
    location, message = _cause
    return f"{location}: {message}" if location else message


def is_follow_on(message: str) -> bool:
    """Whether a problem may follow from an earlier failure of a file (the
    edition's data could not be loaded; it names an ID that a page that could
    not be read defines): then it is counted, not reported."""
    return _silenced or (bool(_unreadable_ids) and _mentions(message, _unreadable_ids))


def count_follow_on() -> None:
    global _follow_ons
    _follow_ons += 1


def warn(message: str, subtype: str, location: object = None) -> None:
    assert subtype in SUBTYPES, subtype
    if _silenced:
        count_follow_on()
    else:
        logger.warning(message, type="edition", subtype=subtype, location=location)


class _FollowOnFilter(std_logging.Filter):
    """Sphinx's own consequence of a page that could not be read (a toctree
    naming it): counted, not reported."""

    def filter(self, record: std_logging.LogRecord) -> bool:
        if getattr(record, "edition_follow_on", False):  # counted by another handler's filter
            return False
        if not _unreadable_docs or getattr(record, "type", None) != "toc" or \
                getattr(record, "subtype", None) != "not_readable":
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        if any(repr(d) in message for d in _unreadable_docs):
            record.edition_follow_on = True
            count_follow_on()
            return False
        return True


def report_follow_ons(app: Sphinx, exception: Any = None) -> None:
    """``build-finished``: how many problems were left unreported, once, at
    the failure they may follow from."""
    global _follow_ons
    if _follow_ons and _cause is not None:
        logger.warning(f"{_follow_ons} {FOLLOW_ONS}: they may follow from the error above; "
                       "fix it and build again", type="edition", subtype="data",
                       location=_cause[0])
    _follow_ons = 0


def data_error(app: Sphinx, message: str, location: str | None) -> None:
    """A data file (edition/_data, refs.bib) cannot be used: report it once,
    at its file and line, and fail the build (exit status non-zero) without
    a traceback. The rest of the build runs with the edition silent."""
    global _silenced, _cause
    if location and ":" not in location:  # Sphinx would read a bare path as a docname
        message, location = f"{location}: {message}", None
    logger.error(message, type="edition", subtype="data", location=location)
    app.statuscode = 2
    if not _silenced:
        _cause = (location, message)
    _silenced = True


def undecodable_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: a page that is not UTF-8 is a located error
    (Sphinx would stop with a traceback); the page is left out, and the
    problems that name the IDs it defines are counted, not reported."""
    global _cause
    for docname in list(docnames):
        path = env.doc2path(docname)
        try:
            Path(path).read_bytes().decode("utf-8")
        except UnicodeDecodeError as err:
            line = err.object[: err.start].count(b"\n") + 1
            _unreadable_docs.add(docname)
            _unreadable_ids.update(_DEFINED.findall(err.object.decode("utf-8", "replace")))
            message = (f"not UTF-8: byte {err.object[err.start]:#x} cannot be read; save the "
                       "file as UTF-8")
            if _cause is None:
                _cause = (f"{path}:{line}", message)
            logger.error(message, type="edition", subtype="data", location=f"{path}:{line}")
            app.statuscode = 2
            docnames.remove(docname)
            env.found_docs.discard(docname)  # as if absent: nothing to write
        except OSError:
            pass


def reset(app: Sphinx, config: Any = None) -> None:
    global _silenced, _cause, _follow_ons
    _silenced = False
    _cause, _follow_ons = None, 0
    _unreadable_ids.clear()
    _unreadable_docs.clear()


# -- failures never forgotten ------------------------------------------------------


class _Memory(std_logging.Handler):
    """Keeps the warnings of this build by the document they were given in:
    while it is read (in its records) or written (in :data:`WRITE_WARNINGS`)."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(std_logging.WARNING)
        self.app = app
        self.replaying = False
        self.written: set[str] = set()  # pages whose writing gave a warning

    def emit(self, record: std_logging.LogRecord) -> None:
        if self.replaying:
            return
        app = self.app
        env = getattr(app, "env", None)
        phase = getattr(app.builder, "phase", None)
        docname = env.docname if env is not None else ""
        if not docname and phase == BuildPhase.WRITING:  # a writer's own warning
            docname = getattr(app.builder, "current_docname", "") or ""
        if not docname:
            return
        if phase == BuildPhase.READING:
            location = getattr(record, "location", None)
            if isinstance(location, nodes.Node):
                location = logging.get_node_location(location)
            elif not isinstance(location, (tuple, str)):
                location = None
            env.get_domain("ed").records(docname).logged.append(Logged(
                record.levelno, record.getMessage(), getattr(record, "type", None),
                getattr(record, "subtype", None), location))
        elif phase in (BuildPhase.RESOLVING, BuildPhase.WRITING):
            self.written.add(docname)


def _memory(app: Sphinx) -> _Memory | None:
    return kept(app, "failure-memory")


def remember_failures(app: Sphinx) -> None:
    """``builder-inited``: watch every warning of this build; note a build
    that never finished."""
    handler = _Memory(app)
    running = Path(app.doctreedir, RUNNING_MARKER)
    keep(app, "interrupted", running.exists())  # the last build never finished
    running.parent.mkdir(parents=True, exist_ok=True)
    running.touch()
    # first, so it sees each warning as given (before -W or the location filter)
    sphinx_logger = std_logging.getLogger("sphinx")
    sphinx_logger.handlers.insert(0, handler)
    # and before any handler counts it: a consequence of a page not read
    for each in sphinx_logger.handlers:
        if not any(isinstance(f, _FollowOnFilter) for f in each.filters):
            each.filters.insert(0, _FollowOnFilter())
    keep(app, "failure-memory", handler)


def reread_after_failure(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: after a build that was killed before it
    finished, every file, so that every page and the search index are
    written whole; otherwise nothing (failures are given again from the
    records: :func:`replay`)."""
    if kept(app, "interrupted"):
        return sorted(env.found_docs)
    return []


def replay(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: give again the warnings of every document read in an
    earlier build and not in this one, as they were given."""
    if _silenced:  # the edition's data failed to load: that one error is the report
        return
    read = kept(env, "read-now", set())
    handler = _memory(app)
    if handler is not None:
        handler.replaying = True
    try:
        records = env.get_domain("ed").docs
        for docname in sorted(records):
            if docname in read:
                continue
            for w in records[docname].logged:
                logger.log(w.level, w.message,
                           type=w.type, subtype=w.subtype, location=w.location)
    finally:
        if handler is not None:
            handler.replaying = False


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the documents this build reads (their
    warnings come from the reading itself)."""
    keep(env, "read-now", set(docnames))


def rewrite_warned(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose writing gave a warning in the last
    build are written again, so it is given again."""
    try:
        pages = json.loads(Path(app.doctreedir, WRITE_WARNINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(d for d in pages if isinstance(d, str) and d in env.found_docs)


def forget_handler(app: Sphinx, exception: Any) -> None:
    """``build-finished``: the build finished (whether or not it failed):
    keep the pages whose writing gave a warning; detach the handler (tests
    build several projects in one process)."""
    handler = _memory(app)
    if exception is None:
        path = Path(app.doctreedir, WRITE_WARNINGS)
        written = sorted(handler.written) if handler is not None else []
        if written:
            replace(path, (json.dumps(written) + "\n").encode("utf-8"))
        else:
            path.unlink(missing_ok=True)
        Path(app.doctreedir, RUNNING_MARKER).unlink(missing_ok=True)
    if handler is not None:
        logger_ = std_logging.getLogger("sphinx")
        if handler in logger_.handlers:
            logger_.removeHandler(handler)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", remember_failures)
    app.connect("env-get-outdated", reread_after_failure)
    app.connect("env-before-read-docs", note_read)
    app.connect("env-before-read-docs", undecodable_pages)
    app.connect("env-updated", replay)
    app.connect("env-get-updated", rewrite_warned)
    app.connect("build-finished", report_follow_ons, priority=850)
    # last: a warning of any other build-finished handler is seen
    app.connect("build-finished", forget_handler, priority=900)
