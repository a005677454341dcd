"""Sphinx extensions for the annotated critical edition of the BMS6 outcome.

``extensions = ["poa_edition"]`` in ``conf.py`` is all a project needs: this
sets up MyST, sphinx-needs and sphinxcontrib-bibtex, and configures
sphinx-needs from the edition's data (``edition_data``, default ``_data`` in
the source directory).

The package is layered; a layer imports only the layers before it (a test,
``tests/test_layers.py``, enforces it):

``model``        the edition as data: IDs, citations, the registry, records,
                 links, checks, ``edition.json`` (pure: standard library and
                 jsonschema)
``speed``        build-speed machinery, kept apart (gc policy, template
                 cache, known-good checks, file syncing)
``sources``      the MyST pages read without a build (MyST's markdown-it tokens)
``outputs.formats``  pure export formats (citations, ...)
``sphinxext``    the Sphinx read side: directives, roles, the ``ed`` domain
``outputs``      writers: HTML and LaTeX markup, cite files, short URLs,
                 edition.json, pictures, tables
``tools``        the ``edition`` command; reads ``edition.json``, builds in a
                 subprocess

Importing the package loads nothing else: :func:`setup` imports the Sphinx
side when Sphinx calls it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["setup"]


def setup(app: Any) -> dict[str, Any]:
    from .speed import gcpolicy, templatecache
    from . import outputs, sphinxext

    gcpolicy.setup(app)  # the collector's policy for a build: see speed/gcpolicy.py
    meta = sphinxext.setup(app)
    outputs.setup(app)
    templatecache.setup(app)  # compiled page templates kept between builds
    return meta
