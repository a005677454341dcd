"""Typed warnings: every problem the edition finds is ``edition.<subtype>``.

Subtypes: ``data`` (edition/_data files), ``id`` (paragraph IDs),
``wording`` (witness blocks), ``link`` (typed links), ``citation``.
A strict build (``-W``) turns each into an error; ``suppress_warnings`` can
silence one subtype, e.g. ``edition.link``.
"""

from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger("poa_edition")

SUBTYPES = ("data", "id", "wording", "link", "citation")


def warn(message: str, subtype: str, location: object = None) -> None:
    assert subtype in SUBTYPES, subtype
    logger.warning(message, type="edition", subtype=subtype, location=location)


class EditionAbort(SystemExit):
    """Ends the build at once after :func:`fatal` has reported why.

    A ``SystemExit`` so Sphinx prints no traceback: the message is the error."""


def fatal(message: str, location: str | None = None) -> EditionAbort:
    """Report an error that makes building pointless (bad data); return the
    exception to raise: ``raise fatal(...)``."""
    logger.error(message, type="edition", subtype="data", location=location)
    return EditionAbort(2)
