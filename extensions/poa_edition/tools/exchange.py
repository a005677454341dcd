"""Reading the exported needs.json, through sphinx-needs' own reader
(``ub_needs_exchange``), with every ID in its public form.

The export writes a dotted ID's dots as ``_`` (:mod:`.needsync`); here each
record is keyed by its ``public_id`` and every ID in its link fields is read
back to the form scholars cite (``POA-II_18`` -> ``POA-II.18``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ub_needs_exchange import ExchangeError, load

from ..model.ids import NEED_ID_PATTERN, from_need_id

__all__ = ["ExchangeError", "read_needs"]

_NEED_ID = re.compile(NEED_ID_PATTERN)


def read_needs(path: Path | str) -> dict[str, dict[str, Any]]:
    """Public ID -> the need's fields; raises :class:`ExchangeError` (with a
    ``message`` for a person) for a file no record can be read from."""
    version = load(path).select_version(None)
    out: dict[str, dict[str, Any]] = {}
    for record in version.records():
        fields = dict(record.fields)
        for key, value in fields.items():
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                fields[key] = [from_need_id(v) if _NEED_ID.match(v) else v for v in value]
        out[fields.get("public_id") or record.key] = fields
    return out
