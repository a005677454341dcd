"""Suspect links, as Doorstop has them: pure, no Sphinx.

A commentary note argues typed links (``:claims:``) and cites paragraphs;
what it says was written against the text of those paragraphs as it then
stood: the official text once imported, else the witnesses' quotations,
else the summary. When a note is reviewed (``edition review NOTE-ID``), the
fingerprint of each target's text is recorded in ``reviews.toml``. A target
whose text has changed since makes the note *suspect* until it is reviewed
again. A target the note has never been reviewed against is *unreviewed*.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SUSPECT, UNREVIEWED = "suspect", "unreviewed"


def fingerprint(text: str) -> str:
    """12 hex digits of the SHA-256 of the text, spacing normalised."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Finding:
    note: str
    target: str
    state: str  # SUSPECT | UNREVIEWED
    recorded: str | None
    current: str

    def message(self) -> str:
        if self.state == SUSPECT:
            return (f"{self.note} is suspect: the text of {self.target} has changed since the "
                    f"note was last reviewed; read it, then `edition review {self.note}`")
        return f"{self.note} has not been reviewed against {self.target}"


def dependencies(claims: Iterable, cites: Iterable) -> dict[str, set[str]]:
    """Note ID -> the IDs whose text it argues about: both ends of its claims,
    and the paragraphs its citations name."""
    deps: dict[str, set[str]] = {}
    for c in claims:
        if c.note:
            deps.setdefault(c.note, set()).update((c.source, *c.targets))
    for c in cites:
        if c.note:
            deps.setdefault(c.note, set()).update(c.ids)
    return deps


def findings(deps: Mapping[str, set[str]], current: Mapping[str, str],
             reviews: Mapping[str, Mapping[str, str]]) -> list[Finding]:
    """Every (note, target) whose recorded fingerprint is missing or differs;
    targets with no current text (unknown IDs, reported elsewhere) are skipped."""
    out = []
    for note in sorted(deps):
        recorded = reviews.get(note, {})
        for target in sorted(deps[note]):
            fp = current.get(target)
            if fp is None:
                continue
            was = recorded.get(target)
            if was is None:
                out.append(Finding(note, target, UNREVIEWED, None, fp))
            elif was != fp:
                out.append(Finding(note, target, SUSPECT, was, fp))
    return out


def natural(ids: Iterable[str]) -> list[str]:
    """IDs in their natural order: BP-N7 before BP-N69, BMS6-9 before BMS6-10."""
    from .ids import sort_key

    def key(i: str) -> tuple:
        siglum, _, locator = i.partition("-")
        return siglum, sort_key(locator)

    return sorted(ids, key=key)


def render(reviews: Mapping[str, Mapping[str, str]]) -> str:
    """``reviews.toml``: sorted, one table per note, so a review is a small diff."""
    lines = ["# What each commentary note was last reviewed against: the fingerprint",
             "# of each target's text (official text, else quotations, else summary).",
             "# Written by `edition review NOTE-ID`; a target whose text has changed",
             "# since makes the note suspect.", ""]
    for note in natural(reviews):
        if not reviews[note]:
            continue
        lines.append(f"[{note}]")
        for target in natural(reviews[note]):
            key = target if "." not in target else json.dumps(target)
            lines.append(f"{key} = {json.dumps(reviews[note][target])}")
        lines.append("")
    return "\n".join(lines)


def source_files(src: "Path", data: "Path") -> dict[str, str]:
    """sha256 of every page (``*.md``) and data table (``*.toml``) under ``src``,
    by path relative to it; ``_build`` and ``reviews.toml`` (the review's own
    output) aside. The build records it; ``edition review`` compares."""
    import hashlib
    import os
    from pathlib import Path

    from .registry import REVIEWS_FILE

    src, data = Path(src), Path(data)
    out = {}
    files = [*src.rglob("*.md"), *data.rglob("*.toml")]
    for path in sorted(set(files)):
        # the data may lie outside the sources (edition_data = "../data")
        rel = Path(os.path.relpath(path, src))
        if "_build" in rel.parts or path.name == REVIEWS_FILE or any(
                part.startswith(".") and part != ".." for part in rel.parts):
            continue
        out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def unknown_reviews(text: str, reviews: Mapping[str, Mapping[str, str]],
                    kinds: Mapping[str, str], file: str = "reviews.toml"
                    ) -> list[tuple[int | None, str]]:
    """``(line, message)`` for each table of ``reviews.toml`` (its text
    ``text``) whose note is no commentary note of the edition, and each
    target that is no ID of it; ``kinds``: every ID -> its kind."""
    lines = text.splitlines()

    def line_of(note: str, target: str | None = None) -> int | None:
        header = next((n for n, ln in enumerate(lines) if ln.strip() in
                       (f"[{note}]", f'["{note}"]')), None)
        if header is None or target is None:
            return header + 1 if header is not None else None
        for n in range(header + 1, len(lines)):
            stripped = lines[n].strip()
            if stripped.startswith("["):
                break
            key = stripped.split("=", 1)[0].strip().strip('"')
            if key == target:
                return n + 1
        return header + 1

    out: list[tuple[int | None, str]] = []
    for note in natural(reviews):
        if kinds.get(note) != "note":
            what = f"is a {kinds[note]}, not a commentary note" if note in kinds else \
                "is no commentary note of the edition"
            out.append((line_of(note), f"{file}: [{note}] {what}: remove its table, or correct "
                                       "the note's ID"))
            continue
        for target in natural(reviews[note]):
            if target not in kinds:
                out.append((line_of(note, target),
                            f"{file}: [{note}] {target} is no ID of the edition: remove the line, "
                            f"or run `edition review {note}` to record what the note discusses now"))
    return out
