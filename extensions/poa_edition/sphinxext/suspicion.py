"""Which notes are suspect in this build: the model's findings
(:mod:`..model.suspects`) over the ``ed`` domain's records, once per build.
The marks on the page and the report are :mod:`..outputs.reviewing`'s."""

from __future__ import annotations

from typing import Any

from ..model.suspects import SUSPECT, Finding, dependencies, findings
from .state import edition_of, per_build


def model(env: Any) -> tuple[dict[str, set[str]], dict[str, str], list[Finding]]:
    """(note -> targets, ID -> fingerprint, findings) for this build."""
    def compute() -> tuple[dict[str, set[str]], dict[str, str], list[Finding]]:
        domain = env.get_domain("ed")
        claims = [c for r in domain.docs.values() for c in r.claims]
        cites = [c for r in domain.docs.values() for c in r.cites]
        deps = dependencies(claims, cites)
        current = {i: o.fingerprint for i, o in domain.objects.items() if o.fingerprint}
        edition = edition_of(env)
        found = findings(deps, current, edition.reviews) if edition.reviews_path else []
        return deps, current, found

    return per_build(env, "suspects", compute)


def suspect_marks(env: Any) -> dict[str, list[Finding]]:
    """ID (note or target) -> the suspect findings that concern it."""
    marks: dict[str, list[Finding]] = {}
    for f in model(env)[2]:
        if f.state == SUSPECT:
            marks.setdefault(f.note, []).append(f)
            marks.setdefault(f.target, []).append(f)
    return marks
