"""The paragraph ID grammar of ``CONVENTIONS.md``: pure functions, no Sphinx.

An ID is ``SIGLUM-LOCATOR``. Which locator shapes a document admits is its
*style* (set per document in the registry):

========== ========================== ==============================
style      paragraph locators          examples
========== ========================== ==============================
numbered   number [letter [. roman]]   ``38``, ``119a``, ``38n.i``
poa        roman . number [letter]     ``II.18``, ``IV.1a``
annex      A roman . number [letter]   ``AII.2f``
sdg        goal [. target [. ind.]]    ``16``, ``16.4``, ``16.4.2``
========== ========================== ==============================

Every style also admits section locators: ``S`` followed by the section's
own numbering (``SIII.B``); ``S0`` is an unnumbered introductory part.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

SIGLUM_RE = re.compile(r"[A-Z][A-Z0-9]*\Z")

#: Any ID of the edition's shape (public form, with dots).
ANY_ID_PATTERN = r"^[A-Z][A-Z0-9]*-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$"
#: The same in the need form (dots written ``_``: see :func:`to_need_id`);
#: sphinx-needs' ``needs_id_regex``.
NEED_ID_PATTERN = r"^[A-Z][A-Z0-9]*-[0-9A-Za-z]+(_[0-9A-Za-z]+)*$"

_ROMAN = r"(?=[MDCLXVI])(?:M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
_roman_lower = _ROMAN.lower()

_STYLES: dict[str, re.Pattern[str]] = {
    "numbered": re.compile(
        rf"(?P<num>[1-9][0-9]*)(?:(?P<letter>[a-z])(?:\.(?P<roman>{_roman_lower}))?)?\Z"
    ),
    "poa": re.compile(
        rf"(?P<part>{_ROMAN})\.(?P<num>[1-9][0-9]*)(?P<letter>[a-z])?\Z"
    ),
    "annex": re.compile(
        rf"A(?P<annex>{_ROMAN})\.(?P<num>[1-9][0-9]*)(?P<letter>[a-z])?\Z"
    ),
    "sdg": re.compile(
        r"(?P<goal>[1-9][0-9]*)(?:\.(?P<target>[1-9][0-9]*|[a-z])(?:\.(?P<ind>[1-9][0-9]*))?)?\Z"
    ),
}
_SECTION = re.compile(r"S(?P<path>(?:0|[0-9A-Z]+)(?:\.[0-9A-Z]+)*)\Z")

STYLES = tuple(_STYLES)


class IdError(ValueError):
    """An ID outside the scheme. ``str(err)`` is a message for a maintainer."""


@dataclass(frozen=True, slots=True)
class ParsedId:
    siglum: str
    locator: str
    is_section: bool
    #: the ID this one is part of by its shape (``BMS6-119a`` -> ``BMS6-119``)
    parent: str | None
    #: what the margin shows: ``38``, ``(a)``, ``II.18``
    label: str

    @property
    def id(self) -> str:
        return f"{self.siglum}-{self.locator}"


def split_id(need_id: str) -> tuple[str, str]:
    """``'BMS6-38'`` -> ``('BMS6', '38')``; raise :class:`IdError` if not ``X-Y``."""
    siglum, sep, locator = need_id.partition("-")
    if not sep or not locator:
        raise IdError(f"{need_id!r} is not of the form SIGLUM-LOCATOR")
    if not SIGLUM_RE.match(siglum):
        raise IdError(
            f"{need_id!r}: siglum {siglum!r} must be capitals and digits, "
            "starting with a capital"
        )
    return siglum, locator


def parse_id(need_id: str, style: str) -> ParsedId:
    """Parse ``need_id`` for a document of ``style``; raise :class:`IdError`."""
    siglum, locator = split_id(need_id)
    if style not in _STYLES:
        raise IdError(f"unknown locator style {style!r}")
    if m := _SECTION.match(locator):
        path = m["path"].split(".")
        parent = f"{siglum}-S{'.'.join(path[:-1])}" if len(path) > 1 else None
        return ParsedId(siglum, locator, True, parent, ".".join(path))
    m = _STYLES[style].match(locator)
    if not m:
        raise IdError(
            f"{need_id!r}: locator {locator!r} is not a {style} locator "
            f"({_EXAMPLES[style]}) nor a section (S + numbering, e.g. SIII.B)"
        )
    parent, label = _parent_and_label(style, m)
    return ParsedId(siglum, locator, False, f"{siglum}-{parent}" if parent else None, label)


_EXAMPLES = {
    "numbered": "e.g. 38, 119a, 38n.i",
    "poa": "e.g. II.18, IV.1a",
    "annex": "e.g. AII.2f",
    "sdg": "e.g. 16, 16.4, 16.4.2",
}


def _parent_and_label(style: str, m: re.Match[str]) -> tuple[str | None, str]:
    g = m.groupdict()
    if style == "numbered":
        if g["roman"]:
            return f"{g['num']}{g['letter']}", f"({g['roman']})"
        if g["letter"]:
            return g["num"], f"({g['letter']})"
        return None, g["num"]
    if style in ("poa", "annex"):
        head = f"{g['part']}." if style == "poa" else f"A{g['annex']}."
        if g["letter"]:
            return f"{head}{g['num']}", f"({g['letter']})"
        return None, f"{head}{g['num']}" if style == "poa" else g["num"]
    # sdg
    if g["ind"]:
        return f"{g['goal']}.{g['target']}", f"{g['goal']}.{g['target']}.{g['ind']}"
    if g["target"]:
        return g["goal"], f"{g['goal']}.{g['target']}"
    return None, g["goal"]


def one_word(text: str, valid: Callable[[str], bool]) -> list[str]:
    """The IDs that ``text``, written with spaces, may have meant, each of
    them ``valid``: ``BMS6 3`` -> ``BMS6-3``, ``BMS6-3 8`` -> ``BMS6-38``,
    ``POA-II 18`` -> ``POA-II.18``. Empty when none is: a fix offered is a fix."""
    words = text.split()
    candidates = ["".join(words), "-".join(words), ".".join(words)]
    if "-" not in words[0]:
        candidates.insert(0, f"{words[0]}-{''.join(words[1:])}")
    out: list[str] = []
    for c in candidates:
        if c not in out and valid(c):
            out.append(c)
    return out


def valid_in(style: str | None) -> Callable[[str], bool]:
    """Whether an ID is one of a document of ``style`` (None: no such document)."""
    def check(candidate: str) -> bool:
        if style is None:
            return False
        try:
            parse_id(candidate, style)
        except IdError:
            return False
        return True

    return check


@lru_cache(maxsize=65536)
def sort_key(locator: str) -> tuple:
    """A natural order for locators: ``2 < 10 < 10a``, ``II.2 < II.18``."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.findall(r"\d+|[A-Za-z]+", locator)
    )


# -- the sphinx-needs form of an ID ----------------------------------------------
#
# sphinx-needs reads ``X.Y`` in a link as part ``Y`` of need ``X``, so a dotted
# ID (``POA-II.18``, ``BMS5-38n.i``) cannot be a need ID as it is. The edition's
# IDs never contain ``_``, so each ``.`` is written ``_`` in the need ID and
# read back losslessly; the public ID (anchor, objects.inv, the page) keeps its
# dots and is also the need's ``public_id`` field. IDs without dots are the same
# in both forms.


def to_need_id(public_id: str) -> str:
    """``'POA-II.18'`` -> ``'POA-II_18'``: the need ID sphinx-needs stores."""
    return public_id.replace(".", "_")


def from_need_id(need_id: str) -> str:
    """``'POA-II_18'`` -> ``'POA-II.18'``: the ID scholars cite."""
    return need_id.replace("_", ".")
