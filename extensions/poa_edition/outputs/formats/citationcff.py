"""``CITATION.cff``: how to cite the edition, as a function of the model. Pure.

Citation File Format 1.2.0 (what GitHub's "Cite this repository" and
``cffconvert`` read), from the model's ``edition`` part: title, editors,
version, release date and address. ``edition release`` writes it at each
release; a test validates it with ``cffconvert --validate`` and checks that
it agrees with pyproject.toml.

Written by hand, not by a YAML library: every value is a double-quoted
scalar in JSON's escapes, which YAML reads as the same string.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

CFF_VERSION = "1.2.0"
FILENAME = "CITATION.cff"


def _q(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def _author(name: str) -> list[str]:
    """A person ``Family, Given``; anything else an entity (an institution)."""
    if "," in name:
        family, _, given = name.partition(",")
        return [f"  - family-names: {_q(family.strip())}", f"    given-names: {_q(given.strip())}"]
    return [f"  - name: {_q(name.strip())}"]


def cff(edition: Mapping[str, Any]) -> str:
    """The file's text for the model's ``edition`` metadata."""
    version, date = str(edition.get("version", "")), str(edition.get("date", ""))
    address = str(edition.get("address") or "").rstrip("/")
    message = (f"Cite the edition as below, giving the version. To cite a paragraph as it "
               f"stood in a version, give its ID and the version, and link its short address "
               f"(p/<ID>.html); its history (history/<ID>.html) shows it in every release.")
    lines = [
        f"# {FILENAME}: written by `edition release` from the model; do not edit by hand",
        f"cff-version: {CFF_VERSION}",
        f"message: {_q(message)}",
        "type: dataset",
        f"title: {_q(edition.get('title', ''))}",
        f"version: {_q(version)}",
    ]
    if date:
        lines.append(f"date-released: {_q(date)}")
    lines.append("authors:")
    for name in edition.get("editors") or ["The editors"]:
        lines += _author(name)
    if address:
        lines.append(f"url: {_q(address + '/')}")
    return "\n".join(lines) + "\n"
