"""``needs.json``, written as sphinx-needs writes it, without its slow encoder
and without the whole file in memory.

sphinx-needs writes ``needs.json`` at ``build-finished`` (``needs_build_json``)
through ``NeedsList.write_json``, which calls ``json.dump``: Python runs that
through its pure-Python encoder, because only a one-shot ``json.dumps`` uses
the C encoder. On the ``make bench`` corpus (3,630 needs, a 5.8 MB file) that
was 0.3–0.4 s of every build, full or incremental (``benchmarks/RESULTS.md``).

Here sphinx-needs' own writer is switched off (:func:`.needsync.configure`
sets ``needs_build_json = False``) and :func:`write` does what its
``NeedsBuilder.finish`` does, with the same ``NeedsList`` and the same
filter, and the same ``json.dumps(..., sort_keys=True)`` as
``NeedsList.dump_json``, so the bytes are the same. But the file is not made
as one string: ``json.dumps`` of everything held every need's exported fields
(fresh lists of links and backlinks) and the encoder's pieces at once, the
build's peak of memory. :func:`stream` hands each need to ``NeedsList.add_need``
in the order ``sort_keys`` puts them, encodes that one need and drops it; the
rest of the file (schema, other versions) is ``NeedsList.dump_json`` with a
marker where the current version's needs go. The pieces go to a temporary
file, which replaces ``needs.json`` only when its bytes differ, so an
unchanged file is not written again. ``needs_reproducible_json`` stays on, so
two builds of the same text give the same file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: stands for the current version's needs in the skeleton; a string, so it is
#: one JSON string in the dump, and one no need text or schema holds
MARKER = "\x00poa-edition-needs\x00"


def stream(needs_list: Any, version: str, needs: Iterable[Any]) -> Iterator[str]:
    """The text ``needs_list.dump_json()`` gives after ``add_need(version, n)``
    for each of ``needs``, in pieces: one need's dict at a time.

    ``needs_list`` is a sphinx-needs ``NeedsList`` (already loaded and wiped,
    as ``NeedsBuilder.finish`` leaves it before adding); it is used up.
    """
    encode = json.JSONEncoder(sort_keys=True).encode  # what json.dumps(o, sort_keys=True) runs
    # sort_keys writes a dict's items in the order of their keys
    ordered = sorted(needs, key=lambda need: need["id"])
    if not ordered or len({need["id"] for need in ordered}) != len(ordered):
        # no need (the version as dump_json makes it), or a need replacing
        # another of its id: the whole dump
        for need in ordered:
            needs_list.add_need(version, need)
        yield needs_list.dump_json()
        return
    # the version's entry as add_need makes it, the needs by id and how many,
    # with the marker for the needs
    needs_list.add_need(version, ordered[0])
    entry = needs_list.needs_list["versions"][version]
    entry["needs"] = MARKER
    entry["needs_amount"] = len(ordered)
    skeleton = needs_list.dump_json()
    entry["needs"] = {}
    marker = encode(MARKER)
    head, sep, tail = skeleton.partition(marker)
    del skeleton
    if not sep or marker in tail:
        # the marker is not (only) where the needs go: the whole dump
        for need in ordered:
            needs_list.add_need(version, need)
        yield needs_list.dump_json()
        return
    yield head
    yield "{"
    for i, need in enumerate(ordered):
        needs_list.add_need(version, need)
        piece = f"{encode(need['id'])}: {encode(entry['needs'].pop(need['id']))}"
        yield ", " + piece if i else piece
    yield "}"
    yield tail


def replace_if_changed(path: Path, pieces: Iterable[str]) -> bool:
    """Write the concatenation of ``pieces`` (ASCII text) to ``path`` through a
    temporary file, unless ``path`` already holds those bytes; whether it wrote."""
    tmp = path.with_name(path.name + ".tmp")
    # ensure_ascii: the text is ASCII, the same bytes in the locale's
    # encoding sphinx-needs writes with
    with open(tmp, "wb") as out:
        for piece in pieces:
            out.write(piece.encode("ascii"))
    if same_bytes(tmp, path):
        tmp.unlink()
        return False
    os.replace(tmp, path)
    return True


def same_bytes(a: Path, b: Path, block: int = 1 << 20) -> bool:
    """Whether files ``a`` and ``b`` hold the same bytes (false if ``b`` cannot be read)."""
    try:
        if not b.is_file() or a.stat().st_size != b.stat().st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                x = fa.read(block)
                if x != fb.read(block):
                    return False
                if not x:
                    return True
    except OSError:
        return False


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
    needs = filter_needs_view(SphinxNeedsData(env).get_needs_view(), needs_config,
                              needs_config.builder_filter,
                              append_warning="(from need_builder_filter)")
    if replace_if_changed(Path(app.outdir, "needs.json"), stream(needs_list, version, needs)):
        logger.verbose("[edition] needs.json written")
