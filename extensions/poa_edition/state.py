"""Where the edition keeps what lives for one build, outside the pickled
environment: the loaded data, and values computed once per build."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sphinx.application import Sphinx

from .registry import Edition

T = TypeVar("T")


def set_edition(app: Sphinx, edition: Edition) -> None:
    app._poa_edition = edition


def edition_of(app: Sphinx) -> Edition:
    """The edition data loaded at ``config-inited`` (forked workers inherit it)."""
    return app._poa_edition


def app_of(builder: Any) -> Sphinx:
    """The application of a builder (its own ``app`` is deprecated in Sphinx 9),
    set at ``builder-inited`` (:func:`.render.builder_inited`)."""
    return builder.__dict__["_poa_app"]


def per_build(app: Sphinx, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per build, then the same value until the next build
    reads documents (:func:`forget`). Never pickled: refs.bib and the needs
    may change between builds."""
    cache: dict[str, Any] = app.__dict__.setdefault("_poa_per_build", {})
    if name not in cache:
        cache[name] = compute()
    return cache[name]


def cached(app: Sphinx, name: str) -> Any:
    """What :func:`per_build` computed under ``name`` in this build, or None."""
    return app.__dict__.get("_poa_per_build", {}).get(name)


def remember(app: Sphinx, name: str, value: Any) -> None:
    """Store a value made during the build for later steps (e.g. the report)."""
    app.__dict__.setdefault("_poa_per_build", {})[name] = value


def forget(app: Sphinx, *args: Any) -> None:
    """``env-before-read-docs``: a new build computes everything afresh."""
    app._poa_per_build = {}
