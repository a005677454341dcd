"""Where the edition keeps what lives for one build, outside the pickled
environment: the loaded data, and values computed once per build.

Every function takes the ``owner`` the caller has: the application in an
event handler, ``self.env`` in a directive, role, transform or domain, the
builder in a writer. All of them share the application's configuration
(``app.config``, ``env.config``, ``builder.config`` are one object, made once
per application), so the state hangs there, the one object of a build that
each of them reaches without the ``app`` attributes Sphinx 9 deprecates
(``env.app``, ``builder.app``, ``SphinxTransform.app``). Only this module
knows where it hangs.

The state is never pickled: Sphinx pickles the configuration with the
environment (to disk, and back from the processes that read in parallel)
but leaves out its attributes whose names begin with ``_``, and the holder
pickles as an empty one besides. Processes forked to read or write in
parallel inherit it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config

from ..model.registry import Edition

T = TypeVar("T")

#: the configuration's attribute that holds the state
_ATTR = "_poa_build"


class Owner(Protocol):
    """The application, its environment or its builder (or a directive,
    role or transform: anything with the application's ``config``)."""

    @property
    def config(self) -> Config: ...


class _Build:
    """What one application keeps for its builds."""

    __slots__ = ("app", "edition", "values", "kept")

    def __init__(self, app: Sphinx | None = None, edition: Edition | None = None) -> None:
        self.app = app
        self.edition = edition
        self.values: dict[str, Any] = {}  # for one build: forgotten when reading starts
        self.kept: dict[str, Any] = {}  # for the application's life (setup on)

    def __reduce__(self) -> tuple[type, tuple]:
        # should the configuration ever be pickled whole: an empty holder
        return (_Build, ())


def _build(owner: Owner) -> _Build:
    held = vars(owner.config)
    if (build := held.get(_ATTR)) is None:  # setdefault alone would make a holder every call
        build = held.setdefault(_ATTR, _Build())
    return build


def set_edition(app: Sphinx, edition: Edition) -> None:
    """``config-inited``: the edition data loaded for ``app``'s builds."""
    build = _build(app)
    build.app, build.edition, build.values = app, edition, {}


def edition_of(owner: Owner) -> Edition:
    """The edition data loaded at ``config-inited`` (forked workers inherit it)."""
    return _build(owner).edition


def builder_of(owner: Owner) -> Builder:
    """The builder of this build, for a post-transform or a directive (which
    Sphinx gives no public way to it)."""
    return _build(owner).app.builder


def parallel_jobs(owner: Owner) -> int:
    """The processes this build may use (``sphinx-build -j``)."""
    return _build(owner).app.parallel


def app_of(owner: Owner) -> Sphinx:
    """The application itself, only for an API that still takes it
    (sphinx-needs' ``add_need``); everything else is on the environment, the
    configuration, or :func:`builder_of`."""
    return _build(owner).app


def per_build(owner: Owner, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per build, then the same value until the next build
    reads documents (:func:`forget`). Never pickled: refs.bib and the needs
    may change between builds."""
    values = _build(owner).values
    if name not in values:
        values[name] = compute()
    return values[name]


def cached(owner: Owner, name: str) -> Any:
    """What :func:`per_build` computed under ``name`` in this build, or None."""
    return _build(owner).values.get(name)


def remember(owner: Owner, name: str, value: Any) -> None:
    """Store a value made during the build for later steps (e.g. the report)."""
    _build(owner).values[name] = value


def drop(owner: Owner, name: str) -> None:
    """What :func:`per_build` computed under ``name`` is no longer needed in
    this build: freed now, not at the next (asked again, it is computed again)."""
    _build(owner).values.pop(name, None)


def keep(owner: Owner, name: str, value: T) -> T:
    """Keep ``value`` for the application's life (from ``setup`` on; never
    pickled, not forgotten when reading starts): registries, handlers,
    what a build noted at its start."""
    _build(owner).kept[name] = value
    return value


def kept(owner: Owner, name: str, default: Any = None) -> Any:
    """What :func:`keep` kept under ``name``, or ``default``."""
    return _build(owner).kept.get(name, default)


def take(owner: Owner, name: str) -> Any:
    """What :func:`keep` kept under ``name`` (or None), no longer kept."""
    return _build(owner).kept.pop(name, None)


def forget(app: Sphinx, *args: Any) -> None:
    """``env-before-read-docs``: a new build computes everything afresh."""
    _build(app).values = {}


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", forget)
