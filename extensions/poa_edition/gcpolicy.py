"""The garbage-collector policy of a build: the one place it is set.

Why. A build allocates millions of short-lived objects (docutils nodes, which
hold reference cycles through ``parent``; MyST tokens; sphinx-needs records),
and CPython's default thresholds ``(700, 10, 10)`` run a young collection every
700 net allocations and, every 100 of those, scan an older generation that
already holds everything imported at start-up (Sphinx, docutils, MyST,
sphinx-needs, pybtex, the theme) and the growing environment. Measured on the
``make bench`` corpus (3,000 paragraphs, 600 notes, edition build, serial,
Python 3.11, this 2-core machine), with the collector timed by ``gc.callbacks``:

=====================================  =====================  ========  =========
policy                                 collections (0/1/2)    GC time   wall time
=====================================  =====================  ========  =========
default ``(700, 10, 10)``              2042 / 186 / 12        4.9 s     17.8 s
freeze after start-up, ``(50000,20,100)``  29 / 1 / 0         1.1 s     13.5 s
collector off (for reference)          –                      0         14.7 s
=====================================  =====================  ========  =========

Peak memory: 198 MiB default, 208 MiB with this policy, 333 MiB with the
collector off (garbage cycles are then never freed). Freezing the environment
again after reading (``env-updated``) saved another 0.6 s of GC time but cost
+28 MiB and keeps garbage alive, so it is not done. ``make bench`` reports the
effect on all four ratios (see the README).

What. At ``config-inited`` (after every extension is imported and set up),
:func:`gc.freeze` moves the objects that live for the whole build into the
permanent generation, where no collection scans them, and the thresholds are
raised so a young collection runs every 50,000 net allocations, a middle one
every 20 of those, and a full one practically never within a build (cycles
still die in the young and middle generations, so memory stays near the
default's). At ``build-finished`` the previous thresholds are restored and
the frozen objects released to the collector, so a process that builds
several times (the test suite) does not accumulate them.

``edition_gc_tuning = False`` in ``conf.py`` (or ``-D edition_gc_tuning=0``)
keeps CPython's defaults, to measure the difference.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx
from sphinx.config import Config

#: young collection every 50,000 net allocations, middle every 20 young ones,
#: full after 100 middle ones (and CPython's own 25 % rule)
THRESHOLDS = (50_000, 20, 100)

_saved: list[tuple[int, int, int]] = []  # thresholds to restore, innermost build last


def setup(app: Sphinx) -> None:
    app.add_config_value("edition_gc_tuning", True, "", types=(bool,))
    app.connect("config-inited", _apply, priority=1)
    app.connect("build-finished", _restore, priority=999)


def _apply(app: Sphinx, config: Config) -> None:
    if not config.edition_gc_tuning:
        return
    _saved.append(gc.get_threshold())
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def _restore(app: Sphinx, exception: BaseException | None) -> None:
    if not app.config.edition_gc_tuning or not _saved:
        return
    gc.set_threshold(*_saved.pop())
    if not _saved:
        gc.unfreeze()
