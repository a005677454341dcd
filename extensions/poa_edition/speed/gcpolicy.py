"""The garbage-collector policy of a build: the one place it is set.

Why. A build allocates millions of short-lived objects (docutils nodes, which
hold reference cycles through ``parent``; MyST tokens; sphinx-needs records),
and CPython's default thresholds ``(700, 10, 10)`` run a young collection every
700 net allocations, a middle one every 10 of those and, every 100, a full one
over the oldest generation, which holds everything imported at start-up
(Sphinx, docutils, MyST, sphinx-needs, pybtex, the theme) and the growing
environment. Measured on the
``make bench`` corpus (3,000 paragraphs, 600 notes; edition build, serial,
Python 3.11, 2 cores shared with other work), the collector timed with
``gc.callbacks`` in the build process:

=============================================  ======================  =======  ==========
policy                                         collections (gen 0/1/2)  GC time  wall time
=============================================  ======================  =======  ==========
CPython default ``(700, 10, 10)``              2217 / 202 / 13          5.1 s    16.2–17.6 s
this policy: freeze, ``(50000, 20, 100)``      230 / 19 / 1 [#]_        1.2 s    11.9–12.3 s
collector off (reference only)                 –                        0        14.7 s [#]_
=============================================  ======================  =======  ==========

.. [#] most of them during start-up, before ``config-inited``.
.. [#] a separate run; without collection, garbage cycles pile up (see peak).

Peak memory: 198–206 MiB default, 208 MiB with this policy, 333 MiB with the
collector off. In ``make bench`` (same run, ``--gc-defaults``) the edition
took 13.6 s with the policy and 20.8 s with CPython's defaults. Freezing the
environment again after reading (``env-updated``) saved another 0.6 s of GC
time but cost +28 MiB and keeps garbage alive, so it is not done; raising the
thresholds without freezing measured within noise of this policy.

At 30,000 paragraphs (``make bench BENCH_ARGS="--paragraphs 30000
--gc-defaults"``) the edition took 240 s with this policy and 389 s with
CPython's defaults, peak 1,542 MiB against 1,180 MiB: garbage that survives
a middle collection waits for the one full collection, which runs when the
thresholds are restored at ``build-finished`` (12.5 s, 7.9 M objects). Not
restoring them only moves that collection to interpreter exit (measured:
in-process 237 s, whole process 254 s against 246 s), so they are restored.

What. At ``builder-inited``, the last step of start-up (after every extension
is imported and set up and the environment loaded; the last handler, so a
start-up that fails never applies the policy, and ``build-finished``, which
Sphinx emits whether or not the build fails, always restores it),
:func:`gc.freeze` moves the objects that live for the whole build into the
permanent generation, where no collection scans them, and the thresholds are
raised so a young collection runs every 50,000 net allocations, a middle one
every 20 of those, and a full one practically never within a build (cycles
still die in the young and middle generations, so memory stays near the
default's). At ``build-finished`` the previous thresholds are restored and
the frozen objects released to the collector, so a process that builds
several times (the test suite) does not accumulate them. Restoring the
thresholds alone made the next allocation run a full collection over
everything at once (the counts were far above CPython's thresholds): 0.10 s
of CPU on the real edition, 0.29 s on the ``make bench`` corpus, at the end
of a process that then exits. So the objects not frozen are collected first
(``gc.collect()`` while the rest is still frozen, which also resets the
counts), then the rest is unfrozen: it waits for the full collection that a
process going on earns by allocating, and one that exits never pays it (see
below).

Writing (serial HTML builds). When writing starts (``write-started``) the
model is complete and lives to the end of the build: it is frozen too, so the
middle collections of the write phase scan only what writing allocates. The
doctrees Sphinx keeps for writing are frozen with it; each is taken apart
(every node unlinked from its parent, children and document) once its page is written, when
``doctree-resolved`` fires for the next page or at ``build-finished``, so
reference counting frees it at once, frozen or not: nothing reads a doctree
after its page is written. A parallel build hands its doctrees to forked
writers and other builders assemble documents, so they are left alone.
Measured on the ``make bench`` corpus: see benchmarks/RESULTS.md.

Between two pages, a young and middle collection (``gc.collect(1)``) frees the
garbage of the page just written. Without it, that garbage stayed in the young
and middle generations (up to 50,000 × 20 net allocations) until the next
middle collection, and the build's peak grew by about 2 MiB per page written:
on the ``make bench`` corpus, 272 MiB without, 217–221 MiB with, for 0.15 s of
collection over 62 pages. (A full collection per page frees the same for
0.3–0.5 s; doing the same after each page is read saved 2 MiB for 0.2 s.)

At interpreter exit. CPython's finalization runs full collections over
everything still alive (the environment, the model, every module), after
the ``atexit`` handlers: in a one-edit rebuild of the ``make bench`` corpus
that was 0.4–0.5 s of CPU (2.8 s in all), for garbage the process is about
to hand back whole. So the first build that applies the policy registers an
``atexit`` handler that freezes what is alive: the exit's collections then
scan nothing. Objects are still freed by reference counting as modules are
cleared; only cyclic garbage is left for the operating system (CPython does
not promise to finalize objects alive at exit anyway). A process that goes
on after a build (the test suite) is not affected until it exits.

``edition_gc_tuning = False`` in ``conf.py`` (or ``-D edition_gc_tuning=0``)
keeps CPython's defaults, to measure the difference.
"""

from __future__ import annotations

import atexit
import gc

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

#: young collection every 50,000 net allocations, middle every 20 young ones,
#: full after 100 middle ones (and CPython's own 25 % rule)
THRESHOLDS = (50_000, 20, 100)

_saved: list[tuple[int, int, int]] = []  # thresholds to restore, innermost build last
_exit_registered: list[bool] = []  # the atexit handler, registered once per process


def setup(app: Sphinx) -> None:
    app.add_config_value("edition_gc_tuning", True, "", types=(bool,))
    app.connect("builder-inited", _apply, priority=999)
    app.connect("write-started", _writing, priority=999)
    app.connect("doctree-resolved", _next_page, priority=999)
    app.connect("build-finished", _last_page, priority=1)
    app.connect("build-finished", _restore, priority=999)


def _apply(app: Sphinx) -> None:
    if not app.config.edition_gc_tuning:
        return
    _saved.append(gc.get_threshold())
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    if not _exit_registered:
        _exit_registered.append(True)
        atexit.register(_at_exit)


def _at_exit() -> None:
    """Leave what is alive at exit to the operating system: the exit's full
    collections scan only what is not frozen."""
    gc.freeze()


def _restore(app: Sphinx, exception: BaseException | None) -> None:
    if not app.config.edition_gc_tuning or not _saved:
        return
    gc.set_threshold(*_saved.pop())
    if not _saved:
        # what is not frozen (what writing allocated) first: that resets the
        # generations' counts, so the unfrozen objects wait for a full
        # collection the process earns by allocating, not one at once
        gc.collect()
        gc.unfreeze()


#: app attribute: the doctree of the page being written
_WRITTEN = "_poa_written_doctree"


def _serial_html(app: Sphinx) -> bool:
    builder = app.builder
    return (app.config.edition_gc_tuning and builder.name == "html"
            and builder.format == "html" and app.parallel <= 1)


def _writing(app: Sphinx, builder: Any) -> None:
    if _serial_html(app) and _saved:
        gc.freeze()


def _next_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if _serial_html(app):
        _take_apart(app.__dict__.pop(_WRITTEN, None))
        # the garbage of the page just written (the theme's toctree copies and
        # parsed HTML hold cycles) would otherwise wait in the young and middle
        # generations, up to a million objects, for the next middle collection
        gc.collect(1)
        app.__dict__[_WRITTEN] = doctree


def _last_page(app: Sphinx, exception: BaseException | None) -> None:
    _take_apart(app.__dict__.pop(_WRITTEN, None))


def _take_apart(doctree: nodes.document | None) -> None:
    """Unlink every node of a written page from the others (parent, children,
    document), so reference counting frees the page at once. A node's own
    attributes stay: some nodes outlive their page (sphinxcontrib-bibtex keeps
    a bibliography's citation nodes in its domain data, reads their ``ids``
    when the application builds again and gives them fresh children)."""
    if doctree is None:
        return
    for node in list(doctree.findall()):
        if isinstance(node, nodes.document):
            node.__dict__.clear()  # its maps of ids and names hold the nodes
            continue
        attrs = node.__dict__
        attrs.pop("parent", None)
        attrs.pop("document", None)
        if "children" in attrs:
            node.children = []
