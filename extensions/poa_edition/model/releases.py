"""The edition's releases and its version: pure.

- The version is pyproject.toml's ``[project] version``, the one place it is
  set; the release date of that version is beside it,
  ``[tool.poa-edition] release-date`` (``edition release`` writes both, from
  the date of the commit released, never the clock, so a build of the same
  commit gives the same bytes).
- Each release keeps the model of its build (``edition.json``) as
  ``<edition_data>/releases/X.Y.Z.json``: what the edition said in that
  version. :func:`read` gives them oldest first; the build draws the Changes
  page, each paragraph's line and each ID's history from them
  (:mod:`.changes`).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from .changes import parse_version

DIRNAME = "releases"
PYPROJECT = "pyproject.toml"
TOOL = "poa-edition"


class ReleaseError(Exception):
    """A release file or pyproject.toml cannot be used; the message names the file."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


def project_info(directory: Path) -> tuple[str, str] | None:
    """``(version, release date)`` from ``directory``'s pyproject.toml (the
    date "" when none is recorded); None when there is no pyproject.toml."""
    path = Path(directory) / PYPROJECT
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ReleaseError(path, f"cannot be read: {err}") from None
    version = str(data.get("project", {}).get("version", ""))
    date = str(data.get("tool", {}).get(TOOL, {}).get("release-date", ""))
    return version, date


def files(data_dir: Path) -> list[Path]:
    """The release files, oldest version first (names not ``X.Y.Z.json`` are left out)."""
    found = [(v, p) for p in Path(data_dir, DIRNAME).glob("*.json")
             if (v := parse_version(p.stem)) is not None]
    return [p for _v, p in sorted(found)]


def read(data_dir: Path) -> list[dict[str, Any]]:
    """Every release's model, oldest first; :class:`ReleaseError` for a file
    that is not a model of its own version."""
    out = []
    for path in files(data_dir):
        try:
            model = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as err:
            raise ReleaseError(path, f"cannot be read: {err}") from None
        if not isinstance(model, dict) or not isinstance(model.get("objects"), list):
            raise ReleaseError(path, "is not an edition model file (edition.json)")
        version = str(model.get("edition", {}).get("version", ""))
        if version != path.stem:
            raise ReleaseError(path, f"holds the model of version {version!r}, not {path.stem}")
        out.append(model)
    return out


def digest(data_dir: Path) -> str:
    """Of the release files' names and bytes: a new release re-reads the pages."""
    h = hashlib.sha256()
    for path in files(data_dir):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def latest(data_dir: Path) -> str | None:
    """The last release's version, or None."""
    found = files(data_dir)
    return found[-1].stem if found else None
