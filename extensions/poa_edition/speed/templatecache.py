"""Compiled page templates kept between builds (Jinja's bytecode cache).

Every HTML build compiles the theme's Jinja templates afresh (about 40 of
them: the book theme renders each sidebar and header component on every
page, and compiling is most of what a template costs on a small rebuild).
Jinja can keep the compiled code on disk and load it the next time;
this turns that on for the HTML builder's template environment, in
``<doctreedir>/jinja``, beside the pickled environment, or in the folder
that ``EDITION_TEMPLATE_CACHE`` names, which several builds may share (the
test suite's builds share one: each is a fresh project, which would
otherwise compile every template again).

Jinja reuses a compiled template only when its source is unchanged (a
checksum) and it was compiled by the same Jinja and Python; the cache key
here also holds the environment's own settings (its class, extensions,
autoescaping, optimiser), which shape the compiled code too. The pages
written are the same either way.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from sphinx.application import Sphinx

DIRNAME = "jinja"
#: the environment variable naming a folder of compiled templates shared by builds
SHARED = "EDITION_TEMPLATE_CACHE"


class _Cache(FileSystemBytecodeCache):
    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        settings = repr((type(environment).__module__, type(environment).__qualname__,
                         sorted(environment.extensions), environment.autoescape,
                         environment.optimized, environment.block_start_string,
                         environment.variable_start_string, environment.comment_start_string,
                         environment.line_statement_prefix, environment.line_comment_prefix,
                         environment.trim_blocks, environment.lstrip_blocks,
                         environment.newline_sequence, environment.keep_trailing_newline))
        key = hashlib.sha1(f"{settings}|{self.get_cache_key(name, filename)}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # not kept: compiled again next time


def enable(app: Sphinx) -> None:
    """``builder-inited``: give the builder's template environment the cache."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not isinstance(environment, Environment) or environment.bytecode_cache is not None:
        return
    directory = Path(os.environ.get(SHARED) or Path(app.doctreedir, DIRNAME))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # no cache, as before
    environment.bytecode_cache = _Cache(str(directory))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", enable)
