"""The text options of the edition's blocks (``:summary:``, ``:basis:``,
``:withdrawn:``, ``:place:``) are plain text, printed as typed.

- A role written in one (``{ed:cite}`...```) is not read there: it would
  print as literal markup and its citation would never be checked. It is
  refused, with where to put it.
- MyST reads directive options as YAML: a `` #`` starts a comment and a
  leading straight quote makes a quoted string, so the value it gives can be
  shorter than what was typed (a non-strict build would print the cut
  summary). The value is compared with the block's own lines, and a cut is
  refused, with the fix.
"""

from __future__ import annotations

import re
from typing import Any

from .diagnostics import warn

ROLE = re.compile(r"\{[A-Za-z][\w:.-]*\}`")


def raw_options(block_text: str) -> dict[str, tuple[str, int]]:
    """The options as typed: name -> (value with continuation lines, line offset)."""
    lines = block_text.splitlines()
    out: dict[str, tuple[str, int]] = {}
    current = None
    for k, line in enumerate(lines[1:], 1):
        m = re.match(r":([\w-]+):(?:\s+(.*))?$", line)
        if m:
            current = m[1]
            out[current] = ((m[2] or "").strip(), k)
        elif current and line[:1] in (" ", "\t") and line.strip():
            value, at = out[current]
            out[current] = (f"{value} {line.strip()}".strip(), at)
        else:
            break
    return out


def check(directive: Any, names: tuple[str, ...], what: str) -> bool:
    """Warn about each text option that holds a role or was cut; False when one did."""
    raw = raw_options(directive.block_text)
    ok = True
    for name in names:
        value = directive.options.get(name)
        if value is None:
            continue
        typed, offset = raw.get(name, (None, 0))
        location = (directive.env.docname, directive.lineno + offset) if typed is not None \
            else directive.get_location()
        if ROLE.search(value) or (typed and ROLE.search(typed)):
            warn(f"{what}: :{name}: is plain text, and the role in it would print as markup, "
                 f"unchecked: {(typed or value)[:60]!r}; cite in the text of a note, or write the "
                 "ID plainly", "option", location)
            ok = False
            continue
        if typed is not None and " ".join(typed.split()) != " ".join(str(value).split()):
            cause = ("a ' #' starts a comment there" if " #" in typed
                     else "a leading straight quote makes it a quoted string"
                     if typed[:1] in "\"'" else "MyST reads options as YAML")
            warn(f"{what}: :{name}: was read as {str(value)[:60]!r}, not as typed "
                 f"({typed[:60]!r}): {cause}; use curly quotes (‘…’ “…”), and no ' #'",
                 "option", location)
            ok = False
    return ok
