"""A folder of generated files kept equal to what a build wants: pure, no Sphinx.

The short URLs (``p/``) and the citation files (``cite/``) are thousands of
small files written after every HTML build. Writing them all each time waits
on the disk; :func:`sync` writes only what changed, removes what is no longer
wanted, and so leaves the folder of an incremental build equal to a clean
one's. A :class:`Session` does the same one file at a time, so the files can
be written as they are made (none of them held until the end).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import queue
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


#: the most files a threaded :class:`Session` holds waiting for its thread
#: (their bytes, encoded when given): when the disk is slower than the build
#: (a loaded machine, a flush), :meth:`Session.put` waits rather than the
#: queue holding every file of the folder (the short URLs are all given at
#: once when writing starts: 8.4 MB at 3,000 paragraphs, ten times that at
#: 30,000, twice as much again as strings of two bytes a character)
QUEUED = 1024


class Session:
    """Make ``folder`` hold exactly the files :meth:`put` is given (of those
    ending in ``suffixes``), then :meth:`finish`. ``manifest`` (beside the
    pickled environment, not published) records a digest of each file as
    last written, so an unchanged file is neither read nor written; it is
    removed before the first write and written again by :meth:`finish`, so a
    build killed half-way leaves no record of a file it did not finish."""

    def __init__(self, folder: Path, manifest: Path, suffixes: tuple[str, ...] = (".html",),
                 threaded: bool = False):
        self.folder, self.manifest = folder, manifest
        #: the folder as a string: a file's path is joined as one (no Path per file)
        self._root = os.fspath(folder)
        folder.mkdir(exist_ok=True)
        self.present = {name for name in os.listdir(folder) if name.endswith(suffixes)}
        try:
            self.known: dict[str, str] = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        #: file name -> digest of what it holds now, for every file given
        self.digests: dict[str, str] = {}
        self.written = 0
        #: with ``threaded``, files are written by a thread of their own: creating
        #: thousands of small files waits on the disk, not on Python, so a
        #: CPU-bound build goes on meanwhile (:meth:`finish` waits for it)
        self._queue: queue.Queue | None = None
        self._writer: threading.Thread | None = None
        self._error: BaseException | None = None
        if threaded:
            self._queue = queue.Queue(maxsize=QUEUED)
            self._writer = threading.Thread(target=self._write_queued, daemon=True,
                                            name=f"edition-files-{folder.name}")
            self._writer.start()

    def _write_queued(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._error is None:
                try:
                    replace(job[0], job[1])
                except BaseException as err:  # re-raised by finish, in the build's thread
                    self._error = err

    def close(self) -> None:
        """Wait for the files given so far (a threaded session); raise what
        writing them raised."""
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join()
            self._writer = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def put(self, name: str, page: str) -> None:
        """``folder/name`` is to hold ``page``: written now unless it does."""
        data = page.encode("utf-8")
        self.digests[name] = digest = hashlib.sha1(data).hexdigest()
        if name in self.present:
            if self.known.get(name) == digest:
                return
            if name not in self.known and (self.folder / name).read_text(encoding="utf-8") == page:
                return
        if not self.written:
            self.manifest.unlink(missing_ok=True)
        path = f"{self._root}{os.sep}{name}"
        if self._queue is not None:
            self._queue.put((path, data))
        else:
            replace(path, data)
        self.present.add(name)
        self.known.pop(name, None)  # no longer what the manifest says (if put again)
        self.written += 1

    def keep(self, name: str) -> bool:
        """``folder/name`` is to stay as the manifest records it (the caller
        knows that what it was made from did not change): True if it is there
        and recorded, and it is then kept unread; False, and the caller must
        :meth:`put` it."""
        digest = self.known.get(name)
        if digest is None or name not in self.present:
            return False
        self.digests[name] = digest
        return True

    def finish(self) -> int:
        """Remove the files not given; record the manifest; how many were written."""
        self.close()
        for stale in self.present - self.digests.keys():
            (self.folder / stale).unlink()
        if self.written or self.known != self.digests:
            self.manifest.parent.mkdir(parents=True, exist_ok=True)
            replace(self.manifest, json.dumps(self.digests, sort_keys=True).encode("utf-8"))
        return self.written


def write_if_changed(path: Path, data: bytes) -> bool:
    """``path`` holds ``data`` afterwards: written (a temporary file in the
    same folder, then a rename) only when its bytes differ. True if written.
    A report rewritten with the same bytes on every build costs the write and
    wakes whatever watches the folder (``make serve``)."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    replace(path, data)
    return True


#: how :func:`replace` opens its temporary file: what ``open(tmp, "wb")`` asks
#: for (binary, never inherited), without the file object
_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
          | getattr(os, "O_CLOEXEC", 0))


def replace(path: Path | str, data: bytes) -> None:
    """``path`` holds ``data``: a temporary file in the same folder, then a
    rename, so a reader (or a build killed half-way) sees the old file or
    the new one, never half of one. Written through the descriptor: a file
    object (``Path.write_bytes``) also asks whether the file is a terminal,
    what its block size is and where it stands, three system calls for each
    of the thousands of small files a build writes."""
    path = os.fspath(path)
    head, name = os.path.split(path)
    tmp = os.path.join(head, f".{name}.tmp")
    fd = os.open(tmp, _FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    os.replace(tmp, path)


def sync(folder: Path, wanted: Iterable[tuple[str, str]], manifest: Path,
         suffixes: tuple[str, ...] = (".html",)) -> int:
    """Make ``folder`` hold exactly the files ``wanted`` (of those ending in
    ``suffixes``); return how many were written (see :class:`Session`)."""
    session = Session(folder, manifest, suffixes)
    for name, page in wanted:
        session.put(name, page)
    return session.finish()


def read_kept(path: Path, code: str) -> dict[Any, Any]:
    """What :func:`keep` left at ``path`` (a pickle beside the environment)
    if the same ``code`` (a digest of the code that made it) left it; else
    nothing: a memo of an earlier build, never trusted across code."""
    try:
        with open(path, "rb") as f:
            kept = pickle.load(f)
        return dict(kept["data"]) if kept.get("code") == code else {}
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError,
            pickle.UnpicklingError):
        return {}


def keep(path: Path, code: str, data: Mapping[Any, Any]) -> None:
    """Keep ``data`` at ``path`` for the next build (:func:`read_kept`):
    through a temporary file and a rename (pickled into the file as it goes,
    not made whole in memory first as :func:`replace` would need: the memo
    of the TEI pieces is tens of megabytes at scale)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump({"code": code, "data": data}, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
