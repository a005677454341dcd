"""One build of a tree at a time.

Two ``make html`` runs in one tree would write the same files at once (Sphinx
crashed on ``searchindex.js.tmp``). The build takes an exclusive lock on
``<doctreedir>/.edition.lock`` before it reads the environment; a second
build says that it waits, and starts when the first has finished. The lock
is the operating system's (``flock``), so a killed build never leaves it
held.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("poa_edition")

LOCK = ".edition.lock"
_held: dict[int, int] = {}  # id(app) -> file descriptor


def acquire(app: Any, config: Any) -> None:
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock
        return
    directory = Path(app.doctreedir)
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        logger.info("edition: another build of this tree is running (%s); waiting for it "
                    "to finish", directory / LOCK)
        fcntl.flock(fd, fcntl.LOCK_EX)
    _held[id(app)] = fd
    # an application dropped without finishing (an error while it starts) lets go too
    weakref.finalize(app, _close, id(app))


def _close(key: int) -> None:
    fd = _held.pop(key, None)
    if fd is not None:
        os.close(fd)  # closing the descriptor releases the lock


def release(app: Any, exception: Exception | None = None) -> None:
    _close(id(app))


def setup(app: Any) -> None:
    # after the options are checked (priority 0), before the environment is read
    app.connect("config-inited", acquire, priority=2)
    # last of all, after every output is written
    app.connect("build-finished", release, priority=1000)
