"""``needs.json``, written as sphinx-needs writes it, without its slow encoder.

sphinx-needs writes ``needs.json`` at ``build-finished`` (``needs_build_json``)
through ``NeedsList.write_json``, which calls ``json.dump``: Python runs that
through its pure-Python encoder, because only a one-shot ``json.dumps`` uses
the C encoder. On the ``make bench`` corpus (3,630 needs, a 5.8 MB file) that
was 0.3–0.4 s of every build, full or incremental (``benchmarks/RESULTS.md``).

Here sphinx-needs' own writer is switched off (:func:`.needsync.configure`
sets ``needs_build_json = False``) and :func:`write` does what its
``NeedsBuilder.finish`` does, with the same ``NeedsList`` and the same
filter, but serialises with ``NeedsList.dump_json`` (``json.dumps`` with the
same arguments as its ``json.dump``), so the bytes are the same; a file whose
bytes would not change is not written again. ``needs_reproducible_json`` stays
on, so two builds of the same text give the same file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def write(app: Sphinx, exception: Any) -> None:
    """``build-finished``: write ``needs.json`` into the output directory."""
    from sphinx_needs.builder import NeedsBuilder
    from sphinx_needs.config import NeedsSphinxConfig
    from sphinx_needs.data import SphinxNeedsData
    from sphinx_needs.filter_common import filter_needs_view
    from sphinx_needs.needsfile import NeedsList

    if exception is not None or isinstance(app.builder, NeedsBuilder):
        return
    env = app.env
    needs_config = NeedsSphinxConfig(env.config)
    version = getattr(env.config, "version", "unset")
    needs_list = NeedsList(env, app.outdir, app.srcdir)
    if needs_config.file:
        needs_list.load_json(needs_config.file)
    needs_list.wipe_version(version)
    for need in filter_needs_view(SphinxNeedsData(env).get_needs_view(), needs_config,
                                  needs_config.builder_filter,
                                  append_warning="(from need_builder_filter)"):
        needs_list.add_need(version, need)
    text = needs_list.dump_json()
    path = Path(app.outdir, "needs.json")
    try:
        if path.is_file() and path.stat().st_size == len(text) and path.read_text() == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)  # the locale's encoding, as sphinx-needs writes it (the text is ASCII)
    os.replace(tmp, path)
    logger.verbose("[edition] needs.json written")
