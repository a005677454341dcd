"""What changed between two models of the edition, ID by ID: pure.

Two model files (:mod:`.modelfile`, ``edition.json``: a release's, kept in
``edition/_data/releases/X.Y.Z.json``, or a build's) are compared by ID.
:func:`compare` lists, for every ID whose record differs, what changed:

- ``added`` / ``withdrawn``: the ID is new, or it is gone or marked withdrawn;
- ``text-established`` / ``text-changed``: the official text, where there was
  none, or a different one; for a note, its own text;
- ``attestation``: how the wording is known (``lacuna`` -> ``whole`` ...);
- ``quotation-added`` / ``quotation-removed``: a witness's quotation;
- ``summary``: the editors' summary;
- ``link-added`` / ``link-removed``: a typed link from the ID (the
  structural ``part_of`` aside);
- ``suspect``: a note whose own text did not change while the text of a
  paragraph it argues about (its claims, the IDs it cites) did, so it is to be
  read again (as :mod:`.suspects` has it, between the two models).

An ID that did not change is never listed. :func:`history` gives each ID's
record in each release (the "as of" view) and :func:`last_changes` the line a
paragraph shows ("text established in 0.3.0; summary revised in 0.2.0").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: every kind of change, in the order they are listed, with how it is said
WHAT = {
    "added": "added",
    "withdrawn": "withdrawn",
    "text-established": "text established",
    "text-changed": "text changed",
    "attestation": "attestation changed",
    "quotation-added": "quotation added",
    "quotation-removed": "quotation removed",
    "summary": "summary revised",
    "link-added": "link added",
    "link-removed": "link removed",
    "suspect": "made suspect",
}
#: how a note's text change is said
NOTE_WHAT = {**WHAT, "text-changed": "note changed", "added": "note added"}
#: links that follow from the structure, not from the editors' claims
STRUCTURAL = {"part_of"}

VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def parse_version(text: str) -> tuple[int, int, int] | None:
    """``"0.3.0"`` -> ``(0, 3, 0)``; None for anything else (``v`` prefix allowed)."""
    m = VERSION.match(text.strip().removeprefix("v"))
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


@dataclass(frozen=True, slots=True)
class Change:
    what: str  # a key of WHAT
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        return {"what": self.what, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class IdChanges:
    id: str
    document: str  # the siglum
    kind: str  # paragraph | section | note
    changes: tuple[Change, ...]

    def said(self) -> list[str]:
        """Each change as a phrase ("text established: …")."""
        words = NOTE_WHAT if self.kind == "note" else WHAT
        return [words[c.what] + (f" ({c.detail})" if c.detail else "") for c in self.changes]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "document": self.document, "kind": self.kind,
                "changes": [c.to_json() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class Comparison:
    before: dict[str, str]  # version, date of each side
    after: dict[str, str]
    ids: tuple[IdChanges, ...] = field(default=())

    def by_document(self) -> list[tuple[str, list[IdChanges]]]:
        """``(siglum, its changed IDs)`` in the order the IDs come."""
        groups: dict[str, list[IdChanges]] = {}
        for c in self.ids:
            groups.setdefault(c.document, []).append(c)
        return list(groups.items())

    def to_json(self) -> dict[str, Any]:
        return {"from": self.before, "to": self.after, "changed": len(self.ids),
                "ids": [c.to_json() for c in self.ids]}


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _changed_part(before: str, after: str) -> str:
    """Where ``after`` departs from ``before``: its words from the first that
    differs (``…`` marks the words left out), shortened."""
    old, new = " ".join(before.split()).split(" "), " ".join(after.split()).split(" ")
    n = 0
    while n < min(len(old), len(new)) - 1 and old[n] == new[n]:
        n += 1
    return ("… " if n else "") + _short(" ".join(new[n:]))


def _objects(model: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {o["id"]: o for o in model.get("objects", ())}


def _links(model: Mapping[str, Any]) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for link in model.get("links", ()):
        if link["type"] not in STRUCTURAL:
            out.setdefault(link["source"], set()).add((link["type"], link["target"]))
    return out


def _quotes(obj: Mapping[str, Any]) -> dict[tuple[str, str, str], Mapping[str, Any]]:
    return {(q["witness"], q.get("place") or "", " ".join(q["text"].split())): q
            for q in obj.get("quotations", ())}


def dependencies(note: Mapping[str, Any]) -> set[str]:
    """The IDs a note argues about: both ends of its claims, the IDs it cites."""
    deps = {i for c in note.get("citations", ()) for i in c.get("ids", ())}
    for claim in note.get("claims", ()):
        deps.add(claim["source"])
        deps.update(claim["targets"])
    return deps


def _record_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None,
                    old_links: set, new_links: set) -> list[Change]:
    if old is None:
        return [Change("added")]
    if new is None:
        return [Change("withdrawn", "no longer in the edition")]
    out: list[Change] = []
    if new.get("withdrawn") and not old.get("withdrawn"):
        out.append(Change("withdrawn", new["withdrawn"]))
    if new["kind"] == "note":
        if " ".join((old.get("text") or "").split()) != " ".join((new.get("text") or "").split()):
            out.append(Change("text-changed"))
    else:
        before, after = old.get("official_text"), new.get("official_text")
        if after is not None and before is None:
            out.append(Change("text-established", _short(after)))
        elif after != before and after is not None:
            out.append(Change("text-changed", _changed_part(before, after)))
        elif after is None and before is not None:
            out.append(Change("text-changed", "the official text is no longer given"))
        if old.get("attestation") != new.get("attestation"):
            out.append(Change("attestation", f"{old.get('attestation') or 'none'} → "
                                             f"{new.get('attestation') or 'none'}"))
        q_old, q_new = _quotes(old), _quotes(new)
        for key in q_new:
            if key not in q_old:
                out.append(Change("quotation-added", _where(q_new[key])))
        for key in q_old:
            if key not in q_new:
                out.append(Change("quotation-removed", _where(q_old[key])))
        if (old.get("summary") or "") != (new.get("summary") or ""):
            out.append(Change("summary", _changed_part(old.get("summary") or "",
                                                       new.get("summary") or "") or "removed"))
    for link_type, target in sorted(new_links - old_links):
        out.append(Change("link-added", f"{link_type} {target}"))
    for link_type, target in sorted(old_links - new_links):
        out.append(Change("link-removed", f"{link_type} {target}"))
    return out


def _where(q: Mapping[str, Any]) -> str:
    return q["witness"] + (f" {q['place']}" if q.get("place") else "")


def _side(model: Mapping[str, Any]) -> dict[str, str]:
    ed = model.get("edition", {})
    return {"version": str(ed.get("version", "")), "date": str(ed.get("date", ""))}


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> Comparison:
    """Every ID whose record differs between two models, in the order of the
    later model (IDs only in the earlier one after those of their document)."""
    old, new = _objects(before), _objects(after)
    old_links, new_links = _links(before), _links(after)
    order = list(new) + [i for i in old if i not in new]
    # where an ID gone from the later model goes: after its document's IDs
    rank = {i: n for n, i in enumerate(new)}
    docs_first = {}
    for n, i in enumerate(order):
        docs_first.setdefault((new.get(i) or old[i])["siglum"], n)
    order.sort(key=lambda i: (docs_first[(new.get(i) or old[i])["siglum"]],
                              rank.get(i, len(rank))))
    changed_text = {i for i in new.keys() & old.keys()
                    if new[i]["kind"] != "note"
                    and new[i].get("fingerprint") != old[i].get("fingerprint")}
    out = []
    for obj_id in order:
        o, n = old.get(obj_id), new.get(obj_id)
        changes = _record_changes(o, n, old_links.get(obj_id, set()), new_links.get(obj_id, set()))
        if (o is not None and n is not None and n["kind"] == "note"
                and not any(c.what in ("text-changed", "withdrawn") for c in changes)):
            for dep in sorted(dependencies(n) & changed_text):
                changes.append(Change("suspect", f"the text of {dep} changed"))
        if changes:
            rec = n or o
            out.append(IdChanges(obj_id, rec["siglum"], rec["kind"], tuple(changes)))
    return Comparison(_side(before), _side(after), tuple(out))


# -- releases, one after another ------------------------------------------------


@dataclass(frozen=True, slots=True)
class State:
    """One ID as one release had it (``present`` False: not in that release)."""
    version: str
    date: str
    present: bool
    kind: str = ""
    title: str = ""
    text: str | None = None  # the official text; a note's own text
    attestation: str = ""
    summary: str = ""
    withdrawn: str = ""
    quotations: tuple[tuple[str, str], ...] = ()  # (where, text)
    changes: tuple[Change, ...] = ()  # against the release before (none for the first)


def _state(version: str, date: str, obj: Mapping[str, Any] | None,
           changes: Sequence[Change]) -> State:
    if obj is None:
        return State(version, date, False, changes=tuple(changes))
    note = obj["kind"] == "note"
    return State(version, date, True, obj["kind"], obj.get("title") or obj["id"],
                 obj.get("text") if note else obj.get("official_text"),
                 "" if note else obj.get("attestation") or "",
                 "" if note else obj.get("summary") or "", obj.get("withdrawn") or "",
                 tuple((_where(q), q["text"]) for q in obj.get("quotations", ())),
                 tuple(changes))


def sort_releases(models: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Release models oldest first (by their version)."""
    return sorted(models, key=lambda m: parse_version(str(m["edition"]["version"])) or (0, 0, 0))


def comparisons(releases: Sequence[Mapping[str, Any]]) -> list[Comparison]:
    """Each release against the one before it (releases oldest first)."""
    return [compare(a, b) for a, b in zip(releases, releases[1:])]


def history(releases: Sequence[Mapping[str, Any]],
            compared: Sequence[Comparison] | None = None) -> dict[str, list[State]]:
    """Every ID of any release -> its state in each release, oldest first,
    from its first release on."""
    if compared is None:
        compared = comparisons(releases)
    out: dict[str, list[State]] = {}
    for n, model in enumerate(releases):
        side = _side(model)
        objs = _objects(model)
        changed = {c.id: c.changes for c in compared[n - 1].ids} if n else {}
        for obj_id in list(objs) + [i for i in out if i not in objs]:
            out.setdefault(obj_id, []).append(
                _state(side["version"], side["date"], objs.get(obj_id), changed.get(obj_id, ())))
    return out


#: the changes a paragraph's line names, grouped: (group, what keys)
LINE_GROUPS = (
    ("added", ("added",)),
    ("withdrawn", ("withdrawn",)),
    ("text", ("text-established", "text-changed")),
    ("attestation", ("attestation",)),
    ("quotations", ("quotation-added", "quotation-removed")),
    ("summary", ("summary",)),
    ("links", ("link-added", "link-removed")),
    ("suspect", ("suspect",)),
)
_LINE_WORDS = {"quotation-added": "quotations revised", "quotation-removed": "quotations revised",
               "link-added": "links revised", "link-removed": "links revised"}


def last_changes(states: Sequence[State]) -> list[tuple[str, str]]:
    """``(phrase, version)``: for each kind of change, the latest release
    that made one, latest first ("text established", "0.3.0")."""
    found: list[tuple[int, int, str, str]] = []
    for rank, (_group, keys) in enumerate(LINE_GROUPS):
        for n in range(len(states) - 1, -1, -1):
            hit = [c for c in states[n].changes if c.what in keys]
            if hit:
                words = NOTE_WHAT if states[n].kind == "note" else WHAT
                what = hit[0].what
                found.append((-n, rank, _LINE_WORDS.get(what, words[what]), states[n].version))
                break
    return [(phrase, version) for _n, _r, phrase, version in sorted(found)]


def line_text(states: Sequence[State]) -> str:
    """``text established in 0.3.0; summary revised in 0.2.0`` ("" if none)."""
    return "; ".join(f"{phrase} in {version}" for phrase, version in last_changes(states))


# -- as text ----------------------------------------------------------------------


def text_lines(comparison: Comparison, bullet: str = "") -> list[str]:
    """The changed IDs by document, one line each ("BMS6-38: text changed (…)")."""
    lines = []
    for siglum, ids in comparison.by_document():
        lines.append(f"{bullet}{siglum}" if not bullet else f"\n### {siglum}\n")
        for c in ids:
            lines.append(f"{bullet or '  '}{c.id}: {'; '.join(c.said())}")
    return lines


def changelog_section(comparison: Comparison | None, version: str, date: str,
                      model: Any = None) -> str:
    """The changelog's section for a release: its changes against the
    release before, or (the first release) what it holds."""
    head = f"## {version} ({date})\n"
    if comparison is None:
        objs = list(model.get("objects", ())) if model else []
        kinds = {k: sum(1 for o in objs if o["kind"] == k) for k in ("paragraph", "section", "note")}
        return (head + f"\nThe first release: {kinds['paragraph']} paragraphs, {kinds['section']} "
                f"sections and {kinds['note']} notes. Later releases list what changed, ID by ID.\n")
    if not comparison.ids:
        return head + f"\nNo ID changed since {comparison.before['version']}.\n"
    n = len(comparison.ids)
    body = "\n".join(text_lines(comparison, bullet="- "))
    return (head + f"\n{n} ID{'s' if n != 1 else ''} changed since "
            f"{comparison.before['version']}.\n{body}\n")
