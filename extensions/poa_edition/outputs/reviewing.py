"""Suspect links in the build (:mod:`.suspects` is the pure part).

After reading, the domain knows each note's targets and each target's
fingerprint; ``reviews.toml`` says what each note was last reviewed against.
This module

- marks, on the page, a suspect note and each paragraph it depends on
  (drawn when the page is written, so the marks follow the model);
- says at the end of the build which notes are suspect: an informational
  summary by default (an import makes notes suspect, and the edition must
  still build so they can be read), a typed warning ``edition.suspect`` for
  each when ``edition_suspect_links = "warning"`` (a release build);
- writes ``edition-review.json`` beside the pages: every note's targets with
  their current fingerprints and the findings, which ``edition review`` and
  ``edition check`` read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes

from ..sphinxext import nodes as ed
from ..sphinxext.diagnostics import logger, warn
from . import render
from .render import ref_node
from ..sphinxext.state import per_build
from ..model.buildfiles import REVIEW_FILE
from ..speed.filesync import write_if_changed
from ..model.suspects import SUSPECT, natural
from ..sphinxext.domain import get
from ..sphinxext.suspicion import model, suspect_marks



def suspect_line(builder: Any, docname: str, obj_id: str) -> nodes.Node | None:
    """A line on each suspect note and on each paragraph it depends on (drawn
    by :mod:`.render` after the links, so the marks follow the model on every
    write)."""
    marks = per_build(builder, "suspect-marks", lambda: suspect_marks(builder.env))
    if obj_id not in marks:
        return None

    def ids(line: nodes.Element, found: list[str]) -> None:
        for k, other in enumerate(found):
            if k:
                line += nodes.Text(", ")
            line += ref_node(builder, docname, other)

    line = ed.block_line("", "", classes=["ed-suspect"])
    line += nodes.inline("", "Suspect: ", classes=["ed-label"])
    if any(f.note == obj_id for f in marks[obj_id]):
        line += nodes.Text("reviewed against an earlier text of ")
        ids(line, natural({f.target for f in marks[obj_id] if f.note == obj_id}))
        line += nodes.Text("; to be read again.")
    else:
        notes = natural({f.note for f in marks[obj_id] if f.target == obj_id})
        ids(line, notes)
        line += nodes.Text((" was" if len(notes) == 1 else " were")
                           + " reviewed against an earlier text of this paragraph.")
    return line


def finish(app: Any, exception: Exception | None) -> None:
    """Say which notes are suspect; write ``edition-review.json``."""
    if exception is not None or app.builder.format != "html":
        return
    deps, current, found = model(app.env)
    suspect = [f for f in found if f.state == SUSPECT]
    if suspect:
        if app.config.edition_suspect_links == "warning":
            objects = get(app.env).objects
            for f in suspect:
                note = objects.get(f.note)
                warn(f.message(), "suspect", (note.docname, note.lineno) if note else None)
        else:
            notes = natural({f.note for f in suspect})
            logger.info("edition: %d suspect note(s), reviewed against an earlier text of what "
                        "they discuss: %s (edition review NOTE-ID after reading each)",
                        len(notes), ", ".join(notes))
    objects = get(app.env).objects
    state = {
        # relative to the source directory, so the file is the same wherever it is built
        "locations": {n: [str(app.env.doc2path(objects[n].docname, False)), objects[n].lineno]
                      for n in deps if n in objects},
        "notes": {n: {t: current[t] for t in natural(ts) if t in current}
                  for n, ts in deps.items() if any(t in current for t in ts)},
        "findings": [{"note": f.note, "target": f.target, "state": f.state,
                      "recorded": f.recorded, "current": f.current} for f in found],
        # what the build read, by content: `edition review` compares it with the files
        # as they are, so a file restored with an old time (cp -p, tar) is still seen
        "sources": source_digests(Path(app.srcdir), Path(app.srcdir, app.config.edition_data)),
    }
    write_if_changed(Path(app.outdir, REVIEW_FILE), (
        json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))


def source_digests(src: Path, data: Path) -> dict[str, str]:
    """sha256 of every page and data table under ``src`` (relative paths),
    ``reviews.toml`` aside (the review writes it)."""
    from ..model.suspects import source_files

    return source_files(src, data)


def setup(app: Any) -> None:
    app.add_config_value("edition_suspect_links", "report", "env",
                         types=(str,), description='"report" (default) or "warning"')
    render.add_line(app, suspect_line)
    app.connect("build-finished", finish)
