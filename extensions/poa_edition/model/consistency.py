"""Checks that need the whole edition: pure functions over the records.

Run on every build that reads anything, from the domain's data, so a failure
is reported however the build was started (:mod:`.domain`). Each returns
:class:`~.records.Problem` records: located, typed, with the fix in the text.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping

from . import joint
from .ids import sort_key
from .linkgraph import LinkGraph
from .records import DocRecords, Problem
from .registry import Edition

Where = Callable[[str, int], str]  # (docname, line) -> "path:line", for messages


def check(docs: Mapping[str, DocRecords], graph: LinkGraph, edition: Edition,
          where: Where) -> list[Problem]:
    problems: list[Problem] = []
    problems += duplicates(docs, where)
    problems += parents(docs, graph)
    problems += references(docs, graph, edition)
    problems += claims(docs, graph, edition)
    problems += official(docs, graph, edition)
    problems += joint.check(docs, graph)
    problems += withdrawn(docs, graph)
    problems += order(docs)
    problems += sections(docs, graph)
    return problems


def withdrawn(docs: Mapping[str, DocRecords], graph: LinkGraph) -> list[Problem]:
    """A withdrawn paragraph carries no witness wording, and no note claims a
    link from or to it (a note may still cite it: to say why it went)."""
    out = []
    for docname in sorted(docs):
        for obj in docs[docname].objects:
            if obj.withdrawn and obj.witnesses:
                out.append(Problem(docname, obj.lineno, "structure",
                                   f"{obj.id} is withdrawn, yet it carries wording quoted by "
                                   f"{', '.join(obj.witnesses)}: move the wording to the paragraph "
                                   "that has it, or drop :withdrawn:"))
        for claim in docs[docname].claims:
            for end in (claim.source, *claim.targets):
                obj = graph.objects.get(end)
                if obj is not None and obj.withdrawn:
                    out.append(Problem(docname, claim.lineno, "structure",
                                       f"{claim.note}: claim {claim.source} {claim.link_type} "
                                       f"{' '.join(claim.targets)}: {end} is withdrawn "
                                       f"({obj.withdrawn}); claim what stands in its place"))
    return out


def _number(obj) -> int | None:
    m = re.match(r"\d+", obj.locator)
    return int(m[0]) if m and obj.kind == "paragraph" else None


def order(docs: Mapping[str, DocRecords]) -> list[Problem]:
    """On a page, a document's numbered paragraphs stand in their numbers' order."""
    out = []
    for docname in sorted(docs):
        last: dict[str, tuple[int, str]] = {}
        for obj in docs[docname].objects:
            n = _number(obj)
            if n is None:
                continue
            before = last.get(obj.siglum)
            if before and n < before[0]:
                out.append(Problem(docname, obj.lineno, "structure",
                                   f"{obj.id} stands after {before[1]} on this page: paragraphs "
                                   "stand in the order of their numbers; move it before "
                                   f"{before[1]}"))
            else:
                last[obj.siglum] = (n, obj.id)
    return out


def sections(docs: Mapping[str, DocRecords], graph: LinkGraph) -> list[Problem]:
    """A paragraph stands in the section whose paragraphs surround it: one
    numbered inside another section's range (not its own section's
    ancestor or descendant) was put in the wrong section."""
    members: dict[str, list[tuple[int, object, str]]] = {}
    for docname in sorted(docs):
        for obj in docs[docname].objects:
            n = _number(obj)
            if n is not None and obj.parent and "-S" in obj.parent and obj.locator.isdigit():
                members.setdefault(obj.parent, []).append((n, obj, docname))
    spans = {sid: (min(n for n, *_ in ms), max(n for n, *_ in ms)) for sid, ms in members.items()}

    def related(a: str, b: str) -> bool:
        return a == b or a.startswith(b + ".") or b.startswith(a + ".")

    # each paragraph number's ranges that hold it strictly inside, in the
    # order of the sections' IDs (each with its document's prefix): found by
    # walking each range over the document's numbers that fall in it (its own
    # paragraphs and any put inside it by mistake), not every range for every
    # paragraph (which grows with paragraphs x sections)
    present: dict[str, set[int]] = {}
    for sid, ms in members.items():
        present.setdefault(sid.split("-")[0], set()).update(n for n, *_ in ms)
    numbers = {prefix: sorted(ns) for prefix, ns in present.items()}
    inside: dict[tuple[str, int], list[tuple[str, int, int]]] = {}
    for other, (low, high) in sorted(spans.items()):
        prefix = other.split("-")[0]
        ns = numbers[prefix]
        for n in ns[bisect_right(ns, low):bisect_left(ns, high)]:
            inside.setdefault((prefix, n), []).append((other, low, high))
    out = []
    for sid, ms in sorted(members.items()):
        prefix = sid.split("-")[0]
        for n, obj, docname in ms:
            for other, low, high in inside.get((prefix, n), ()):
                if not related(sid, other):
                    out.append(Problem(docname, obj.lineno, "structure",
                                       f"{obj.id} stands in {sid}, but {other} holds paragraphs "
                                       f"{low}–{high} around it: move it into {other}, or "
                                       "correct its number"))
                    break
    return out


def official(docs: Mapping[str, DocRecords], graph: LinkGraph, edition: Edition) -> list[Problem]:
    """Where an official text is in (``edition import``): every item of the
    document has its official words, every official unit has an item (or is
    shown in one), and every paragraph stands in its official section."""
    out = []
    for siglum, text in sorted(edition.texts.items()):
        items = {i: o for i, o in graph.objects.items() if o.siglum == siglum}
        where = f"{text.path.parent.name}/{text.path.name}"
        for obj_id, obj in sorted(items.items()):
            unit = text.units.get(obj_id)
            if unit is None:
                if not obj.withdrawn and obj.kind == "paragraph":
                    out.append(Problem(obj.docname, obj.lineno, "official",
                                       f"{obj_id} is not in {siglum}'s official text ({where}): "
                                       "withdraw it (:withdrawn:) or correct its ID"))
                continue
            if unit.kind == "paragraph" and unit.section and obj.parent and \
                    not re.search(r"[a-z]", obj.locator):
                placed = unit.section
                while placed not in items and "." in placed.split("-", 1)[1]:
                    placed = placed.rsplit(".", 1)[0]
                if placed in items and obj.parent != placed:
                    out.append(Problem(obj.docname, obj.lineno, "official",
                                       f"{obj_id} stands under {obj.parent}, but the official "
                                       f"text places it in {unit.section} ({where}): move it, or "
                                       f"run `edition import {siglum}` again"))
        for unit in text.units.values():
            shown = unit.shown_in or unit.id
            if shown not in items:
                anchor = next(iter(sorted(items.values(), key=lambda o: o.id)), None)
                if anchor is not None:
                    out.append(Problem(anchor.docname, anchor.lineno, "official",
                                       f"{unit.id} of the official text ({where}) has no item "
                                       + (f"({unit.shown_in} is not in the edition)"
                                          if unit.shown_in else "") +
                                       ": add a para or section block for it, or import again"))
    return out


def duplicates(docs: Mapping[str, DocRecords], where: Where) -> list[Problem]:
    first: dict[str, tuple[str, int]] = {}
    out = []
    for docname in sorted(docs):
        for obj in docs[docname].objects:
            if obj.id in first:
                d, n = first[obj.id]
                out.append(Problem(docname, obj.lineno, "id",
                                   f"duplicate ID {obj.id!r}: first defined at {where(d, n)}"))
            else:
                first[obj.id] = (docname, obj.lineno)
    return out


def parents(docs: Mapping[str, DocRecords], graph: LinkGraph) -> list[Problem]:
    out = []
    for docname in sorted(docs):
        for obj in docs[docname].objects:
            if obj.parent and obj.parent not in graph.objects:
                out.append(Problem(
                    docname, obj.lineno, "id",
                    f"{obj.id} is part of {obj.parent}, which is not in the edition: add "
                    f"the {'section' if '-S' in obj.parent else 'paragraph'} {obj.parent} "
                    "(a lacuna if no source quotes it) before it"))
    return out


def references(docs: Mapping[str, DocRecords], graph: LinkGraph, edition: Edition) -> list[Problem]:
    out = []
    for docname in sorted(docs):
        for ref in docs[docname].refs:
            if ref.target in graph.objects:
                continue
            if ref.text:
                problem = missing(ref.target, ref.siglum, graph, edition)
                out.append(Problem(docname, ref.lineno, "citation", f"{problem} (in {ref.text!r})",
                                   ref.text, ref.siglum))
            else:
                near = _near(ref.target, graph)
                out.append(Problem(docname, ref.lineno, "link",
                                   f"reference to unknown paragraph {ref.target!r}{near}"))
    return out


def claims(docs: Mapping[str, DocRecords], graph: LinkGraph, edition: Edition) -> list[Problem]:
    out = []
    cited: dict[str, set[str]] = {}  # note -> the IDs its citations name
    for docname in sorted(docs):
        for rec in docs[docname].cites:
            cited.setdefault(rec.note, set()).update(rec.ids)
    for docname in sorted(docs):
        for claim in docs[docname].claims:
            lt = edition.link_types[claim.link_type]
            source = graph.objects.get(claim.source)

            def fail(message: str) -> None:
                out.append(Problem(docname, claim.lineno, "link", f"{claim.note}: {message}"))

            if source is None:
                fail(f"claim on {claim.source!r}, which does not exist{_near(claim.source, graph)}")
                continue
            if source.need_type not in lt.sources:
                allowed = " or ".join(lt.sources)
                fail(f"a {source.need_type} ({claim.source}) cannot {lt.outgoing!r} anything; "
                     f"only a {allowed} can")
                continue
            for target in claim.targets:
                obj = graph.objects.get(target)
                if target == claim.source:
                    fail(f"claim {claim.source} {claim.link_type} {target}: a paragraph cannot "
                         f"{lt.outgoing!r} itself")
                elif obj is None:
                    fail(f"claim {claim.source} {claim.link_type} {target}: {target} does not "
                         f"exist{_near(target, graph)}")
                elif obj.need_type not in lt.targets:
                    allowed = " or ".join(lt.targets)
                    fail(f"claim {claim.source} {claim.link_type} {target}: {target} is a "
                         f"{obj.need_type}; {lt.outgoing!r} links to a {allowed}")
                else:
                    # a note argues only what it cites: both ends among its citations
                    unbacked = [i for i in (claim.source, target) if i not in cited.get(claim.note, ())]
                    if unbacked:
                        fail(f"claim {claim.source} {claim.link_type} {target} is not backed by the "
                             f"note's citations: it cites no {' and no '.join(unbacked)}; cite "
                             "what the claim links, or drop the claim")
    return out


def _near(target: str, graph: LinkGraph) -> str:
    near = difflib.get_close_matches(target, list(graph.objects), n=3, cutoff=0.75)
    return f"; nearest: {', '.join(near)}" if near else ""


def missing(need_id: str, siglum: str | None, graph: LinkGraph, edition: Edition) -> str:
    """Why ``need_id`` does not resolve, with what does exist nearby."""
    objects = graph.objects
    prefix = f"{siglum}-"
    known = sorted((i for i in objects if i.startswith(prefix)), key=lambda i: sort_key(i))
    locator = need_id[len(prefix):]
    if locator.startswith("S"):
        sections = [i[len(prefix):] for i in known if i[len(prefix):].startswith("S")]
        if sections:
            return f"{need_id} does not exist: {siglum} has sections {', '.join(sections)}"
    m = re.match(r"(\d+)[a-z]", locator)
    if m and f"{prefix}{m[1]}" in objects:
        subs = [i[len(prefix):] for i in known
                if re.fullmatch(rf"{m[1]}[a-z].*", i[len(prefix):])]
        has = f"subparagraphs {', '.join(subs)}" if subs else "no subparagraphs"
        return f"{need_id} does not exist: {prefix}{m[1]} has {has}"
    doc = edition.documents.get(siglum or "")
    if doc and doc.extent:
        bounds = extent_bounds(doc.extent)
        number = re.match(r"\d+", locator)
        # an extent no source states is the highest paragraph the witnesses
        # cite: a lower bound, not the document's
        has = (f"has {doc.extent}" if doc.extent_attested
               else f"has at least {doc.extent} (the highest the witnesses cite)")
        if bounds and number and bounds[0] <= int(number[0]) <= bounds[1]:
            return (f"{need_id} is not in the edition, though {siglum} {has}: "
                    "add the paragraph, or correct the citation")
        if doc.extent_attested:
            return f"{need_id} does not exist: {siglum} {has}"
        return (f"{need_id} is not in the edition: {siglum} {has}; correct the citation, or "
                "add the paragraph and raise the extent (documents.toml) if a source gives it")
    near = difflib.get_close_matches(need_id, known, n=3, cutoff=0.6)
    return f"{need_id} does not exist in the edition" + (f"; nearest: {', '.join(near)}" if near else "")


def extent_bounds(extent: str) -> tuple[int, int] | None:
    """``'paragraphs 1–120'`` -> ``(1, 120)``."""
    m = re.search(r"(\d+)\s*[–-]\s*(\d+)", extent)
    return (int(m[1]), int(m[2])) if m else None
