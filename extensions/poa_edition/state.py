"""Where the loaded edition data lives during a build."""

from __future__ import annotations

from sphinx.application import Sphinx

from .registry import Edition

_ATTR = "_poa_edition"


def set_edition(app: Sphinx, edition: Edition) -> None:
    setattr(app, _ATTR, edition)


def edition_of(app: Sphinx) -> Edition:
    """The edition data loaded at ``config-inited`` (forked workers inherit it)."""
    return getattr(app, _ATTR)
