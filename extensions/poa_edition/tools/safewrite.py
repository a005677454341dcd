"""Writes to the sources that cannot lose anything.

- :func:`write_atomic`: one file, written to a temporary file in the same
  directory, flushed to disk, then renamed over the old one. A reader (or a
  crash) sees the old file or the new one, never a part.
- :class:`Transaction`: several files (an import rewrites a texts file and
  pages). Every new content is first written beside its file
  (``.NAME.edition-new``) and a journal (``.edition-journal.json`` in the
  sources' root) lists the files with the digests of their old and new
  contents. Only when all are on disk is the journal marked committed; then
  each file is renamed into place and the journal removed.
- :func:`recover`: what the next run does when it finds a journal. Not
  committed: the old tree stands; the temporary files are removed (rolled
  back). Committed: the renames are finished (rolled forward). Either way it
  says which.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

JOURNAL = ".edition-journal.json"
SUFFIX = ".edition-new"


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def write_atomic(path: Path, content: str | bytes, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``content``, all or nothing; keeps the file's mode."""
    data = content.encode(encoding) if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _staged(path: Path) -> Path:
    return path.with_name(f".{path.name}{SUFFIX}")


@dataclass
class Transaction:
    """Files to replace together; :meth:`apply` does it all or nothing."""

    root: Path
    files: dict[Path, bytes] = field(default_factory=dict)

    def add(self, path: Path, content: str, encoding: str = "utf-8") -> None:
        self.files[path] = content.encode(encoding)

    @property
    def journal(self) -> Path:
        return self.root / JOURNAL

    def apply(self) -> None:
        entries = []
        for path, data in self.files.items():
            old = path.read_bytes() if path.is_file() else None
            entries.append({"path": os.path.relpath(path, self.root), "old": _digest(old),
                            "new": _digest(data)})
        state = {"committed": False, "files": entries}
        write_atomic(self.journal, json.dumps(state, indent=1) + "\n")
        try:
            for path, data in self.files.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                _write_file(_staged(path), data)
                if path.exists():
                    os.chmod(_staged(path), path.stat().st_mode & 0o7777)
        except BaseException:
            rollback(self.root, state)
            raise
        state["committed"] = True
        write_atomic(self.journal, json.dumps(state, indent=1) + "\n")
        finish(self.root, state)


def finish(root: Path, state: dict) -> None:
    """Roll a committed journal forward: rename every staged file into place."""
    for entry in state["files"]:
        path = root / entry["path"]
        staged = _staged(path)
        if staged.exists():
            os.replace(staged, path)
            _fsync_dir(path.parent)
    (root / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(root)


def rollback(root: Path, state: dict) -> None:
    """Undo an uncommitted journal: the old files were never touched."""
    for entry in state["files"]:
        _staged(root / entry["path"]).unlink(missing_ok=True)
    (root / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(root)


class JournalError(Exception):
    """The journal cannot be read; the message says what to do."""


def recover(root: Path) -> str | None:
    """Finish or undo an interrupted write under ``root``; say which (None: nothing to do)."""
    journal = root / JOURNAL
    if not journal.is_file():
        return None
    try:
        state = json.loads(journal.read_text(encoding="utf-8"))
        files = [e["path"] for e in state["files"]]
        committed = bool(state["committed"])
    except (OSError, ValueError, KeyError, TypeError):
        # the journal is written atomically, so this is someone's edit
        raise JournalError(f"{journal}: not a journal this tool wrote; read it, restore the "
                           "files it names from git if needed, and delete it") from None
    names = ", ".join(files)
    if committed:
        missing = [e["path"] for e in state["files"]
                   if not _staged(root / e["path"]).exists()
                   and _digest((root / e["path"]).read_bytes()
                               if (root / e["path"]).is_file() else None) != e["new"]]
        if missing:
            raise JournalError(f"{journal}: an interrupted write cannot be finished: "
                               f"{', '.join(missing)} is neither old nor new; restore it from "
                               "git, then delete the journal")
        finish(root, state)
        return f"an interrupted write was finished: {names} now hold the new text"
    rollback(root, state)
    return f"an interrupted write was undone: {names} are as they were before it"
