"""Every ``edition_*`` option, and ``html_baseurl``, checked with its allowed
values before anything is built (as sphinx-design checks its configuration).

One validator per option: a value outside what it allows stops the build at
``config-inited`` with one line naming where the value was set (``conf.py``
and its line, or ``-D name=value``) and what is allowed, never a build that
quietly ignores it (a release gate with ``edition_suspect_links=warnings``
is no gate). The build then stops with exit 2, before reading anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.util import logging

logger = logging.getLogger("poa_edition")


@dataclass(frozen=True)
class Option:
    name: str
    allowed: str  # said in the message
    valid: Callable[[Any], bool]


def _date(value: Any) -> bool:
    return value == "" or (isinstance(value, str)
                           and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", value)
                           is not None)


def _url(value: Any) -> bool:
    if value == "":
        return True
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query \
        and not parts.fragment


def _relative_dir(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != "" and ".." not in Path(value).parts


OPTIONS = (
    Option("edition_suspect_links", '"report" or "warning"',
           lambda v: v in ("report", "warning")),
    Option("edition_data", "a directory inside the sources, such as \"_data\"", _relative_dir),
    Option("edition_date", 'a date written YYYY-MM-DD, or ""', _date),
    Option("edition_dot", "the name or path of Graphviz's dot",
           lambda v: isinstance(v, str) and v.strip() != ""),
    Option("edition_gc_tuning", "True or False", lambda v: isinstance(v, bool)),
    Option("html_baseurl", 'an http(s) address such as "https://example.org/edition/", or ""',
           _url),
)


def where(app: Any, name: str) -> str:
    """Where ``name`` was set: ``-D name=value``, or ``conf.py:LINE``."""
    if name in getattr(app.config, "overrides", {}):
        return f"-D {name}={app.config.overrides[name]}"
    conf = Path(app.confdir, "conf.py")
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        return str(conf)
    # the last assignment is the one Python keeps
    line = next((n for n, text in reversed(list(enumerate(lines, 1)))
                 if re.match(rf"{name}\s*=", text)), None)
    return f"{conf}:{line}" if line else str(conf)


def _coerce(app: Any, option: Option) -> Any:
    """A ``-D`` value arrives as a string: read booleans as Sphinx does."""
    value = getattr(app.config, option.name)
    if option.name == "edition_gc_tuning" and isinstance(value, str):
        low = value.strip().lower()
        if low in ("1", "true", "yes", "on"):
            value = True
        elif low in ("0", "false", "no", "off"):
            value = False
        setattr(app.config, option.name, value)
    return value


def validate(app: Any, config: Any) -> None:
    problems = []
    for option in OPTIONS:
        if not hasattr(config, option.name):
            continue
        value = _coerce(app, option)
        if not option.valid(value):
            place = where(app, option.name)
            message = f"{option.name} = {value!r} is not allowed: {option.allowed}"
            if place.startswith("-D "):  # not in a file: say how it was given
                problems.append((f"{place}: {message}", None))
            else:
                problems.append((message, place))
    for message, location in problems:
        logger.error(message, type="edition", subtype="config", location=location)
    if problems:
        # Sphinx would print a crash report for any exception here; a wrong
        # option is the user's, so: the line(s) above, and exit 2 (not built)
        raise SystemExit(2)


def setup(app: Any) -> None:
    # before everything that reads the options (the data at priority 5)
    app.connect("config-inited", validate, priority=0)
