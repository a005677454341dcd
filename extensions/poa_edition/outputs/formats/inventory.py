"""A Sphinx inventory (``objects.inv``, version 2) of the stable URLs: pure.

Sphinx's own ``objects.inv`` sends each ID to its place on a section page
(``bms6/s1.html#BMS6-38``), which moves when ``edition import`` gives a
paragraph its official section. The inventory written here, ``p/objects.inv``,
sends each ID to its short URL ``p/<ID>.html``, which never moves. Another
project that maps the edition's ``p/`` folder (``intersphinx_mapping =
{"bms6": ("<address>/p/", None)}``) links to the stable address with the same
roles and ``inv:`` links as it would through the main inventory.

Each object is listed twice, like Sphinx's own inventory lists it:

- under the ID as written, in the ``ed`` domain (``BMS6-38 ed:paragraph``),
  which MyST's ``inv:`` links match exactly (``inv:bms6#BMS6-38``);
- as a standard label, lowercased as Sphinx stores labels (``bms6-38
  std:label``, shown as ``BMS6-38``), for ``:external+bms6:ref:`` in a
  project that has no ``ed`` domain (Sphinx matches std labels in any case).

The format is Sphinx's (``sphinx.util.inventory``): four header lines, then
zlib-compressed lines ``name domain:type priority uri dispname``, ``-`` for
a display name equal to the name. The same entries give the same bytes.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from urllib.parse import quote

#: the priority Sphinx gives an object of a domain, and a standard label
OBJECT_PRIORITY, LABEL_PRIORITY = 1, -1


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def entries(objects: Iterable[tuple[str, str]]) -> list[tuple[str, str, int, str, str]]:
    """``(name, domain:type, priority, uri, dispname)`` for ``(ID, kind)``
    pairs (kind: paragraph, section, note): the URI ``<ID>.html``, relative
    to the ``p/`` folder the inventory is in."""
    out = []
    for obj_id, kind in objects:
        if not obj_id or re.search(r"\s", obj_id):
            raise ValueError(f"not an ID: {obj_id!r}")
        uri = quote(obj_id, safe="-._~") + ".html"
        out.append((obj_id, f"ed:{kind}", OBJECT_PRIORITY, uri, obj_id))
        out.append((obj_id.lower(), "std:label", LABEL_PRIORITY, uri, obj_id))
    return sorted(out, key=lambda e: (e[1].split(":")[0], e[0], e[1]))


def dump(project: str, version: str, rows: Iterable[tuple[str, str, int, str, str]]) -> bytes:
    """The inventory file for ``rows`` (:func:`entries`)."""
    head = ("# Sphinx inventory version 2\n"
            f"# Project: {_one_line(project)}\n"
            f"# Version: {_one_line(version)}\n"
            "# The remainder of this file is compressed using zlib.\n").encode()
    body = "".join(f"{name} {kind} {prio} {uri} {'-' if disp == name else disp}\n"
                   for name, kind, prio, uri, disp in rows)
    return head + zlib.compress(body.encode(), 9)
