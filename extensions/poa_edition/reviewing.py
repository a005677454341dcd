"""Suspect links in the build (:mod:`.suspects` is the pure part).

After reading, the domain knows each note's targets and each target's
fingerprint; ``reviews.toml`` says what each note was last reviewed against.
This module

- marks, on the page, a suspect note and each paragraph it depends on
  (a post-transform, so the marks follow the model on every write);
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
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as ed
from .diagnostics import logger, warn
from .render import id_reference
from .state import edition_of, per_build
from .suspects import SUSPECT, Finding, dependencies, findings, natural

REVIEW_FILE = "edition-review.json"


def model(env: Any) -> tuple[dict[str, set[str]], dict[str, str], list[Finding]]:
    """(note -> targets, ID -> fingerprint, findings) for this build."""
    def compute() -> tuple[dict[str, set[str]], dict[str, str], list[Finding]]:
        from .domain import get

        domain = get(env)
        claims = [c for r in domain.docs.values() for c in r.claims]
        cites = [c for r in domain.docs.values() for c in r.cites]
        deps = dependencies(claims, cites)
        current = {i: o.fingerprint for i, o in domain.objects.items() if o.fingerprint}
        edition = edition_of(env.app)
        found = findings(deps, current, edition.reviews) if edition.reviews_path else []
        return deps, current, found

    return per_build(env.app, "suspects", compute)


def suspect_marks(env: Any) -> dict[str, list[Finding]]:
    """ID (note or target) -> the suspect findings that concern it."""
    marks: dict[str, list[Finding]] = {}
    for f in model(env)[2]:
        if f.state == SUSPECT:
            marks.setdefault(f.note, []).append(f)
            marks.setdefault(f.target, []).append(f)
    return marks


class MarkSuspects(SphinxPostTransform):
    """A line on each suspect note and on each paragraph it depends on."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        marks = suspect_marks(self.env)
        if not marks:
            return
        for block in self.document.findall(ed.para_block):
            obj_id = block["ids"][0] if block["ids"] else None
            if obj_id not in marks:
                continue
            body = next((c for c in block.children if "ed-body" in c.get("classes", ())), block)
            line = ed.block_line("", "", classes=["ed-suspect"])
            line += nodes.inline("", "Suspect: ", classes=["ed-label"])
            if any(f.note == obj_id for f in marks[obj_id]):
                targets = natural({f.target for f in marks[obj_id] if f.note == obj_id})
                line += nodes.Text("reviewed against an earlier text of ")
                self._ids(line, targets)
                line += nodes.Text("; to be read again.")
            else:
                notes = natural({f.note for f in marks[obj_id] if f.target == obj_id})
                self._ids(line, notes)
                line += nodes.Text((" was" if len(notes) == 1 else " were")
                                   + " reviewed against an earlier text of this paragraph.")
            idline = next((c for c in reversed(body.children)
                           if "ed-id" in c.get("classes", ())), None)
            if idline is not None:
                body.insert(body.index(idline), line)
            else:
                body += line


    def _ids(self, line: nodes.Element, ids: list[str]) -> None:
        for k, obj_id in enumerate(ids):
            if k:
                line += nodes.Text(", ")
            line += id_reference(self, obj_id)


def finish(app: Any, exception: Exception | None) -> None:
    """Say which notes are suspect; write ``edition-review.json``."""
    if exception is not None or app.builder.format != "html":
        return
    deps, current, found = model(app.env)
    suspect = [f for f in found if f.state == SUSPECT]
    if suspect:
        if app.config.edition_suspect_links == "warning":
            from .domain import get

            objects = get(app.env).objects
            for f in suspect:
                note = objects.get(f.note)
                warn(f.message(), "suspect", (note.docname, note.lineno) if note else None)
        else:
            notes = natural({f.note for f in suspect})
            logger.info("edition: %d suspect note(s), reviewed against an earlier text of what "
                        "they discuss: %s (edition review NOTE-ID after reading each)",
                        len(notes), ", ".join(notes))
    from .domain import get

    objects = get(app.env).objects
    state = {
        # relative to the source directory, so the file is the same wherever it is built
        "locations": {n: [str(app.env.doc2path(objects[n].docname, False)), objects[n].lineno]
                      for n in deps if n in objects},
        "notes": {n: {t: current[t] for t in natural(ts) if t in current}
                  for n, ts in deps.items() if any(t in current for t in ts)},
        "findings": [{"note": f.note, "target": f.target, "state": f.state,
                      "recorded": f.recorded, "current": f.current} for f in found],
    }
    Path(app.outdir, REVIEW_FILE).write_text(
        json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def setup(app: Any) -> None:
    app.add_config_value("edition_suspect_links", "report", "env",
                         types=(str,), description='"report" (default) or "warning"')
    app.add_post_transform(MarkSuspects)
    app.connect("build-finished", finish)
