"""Joint attestation: words a witness attributes to several paragraphs together.

A witness often quotes a few words and cites them to two or more paragraphs
at once (‘linkages’ (UNGA, 2016d, paras. 22, 67)), or says that "both
paragraphs" use them. Such words are not any one paragraph's own: each of
the paragraphs shows them as a *joint fragment*, a ``wording`` block with
``:extent: joint``, ``:with:`` the other paragraphs and ``:grouping:`` the
witness's own words for the grouping::

    ```{wording}
    :witness: BP
    :place: “Implementation synergies”
    :extent: joint
    :with: BMS6-67
    :grouping: UNGA, 2016d, paras. 22, 67
    linkages
    ```

A paragraph whose only quoted words are group fragments is shown as *group
fragments only* (the value ``joint``; not "jointly attested", which in textual
criticism means several witnesses agreeing)
(:data:`~.records.ATTESTATIONS`); it is not a lacuna. On every build
:func:`check` verifies that each paragraph named in ``:with:`` shows the
same words, from the same witness, for the same group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .linkgraph import LinkGraph
from .records import Attestation, DocRecords, Problem, Quote


def attestation(extents: Iterable[str]) -> Attestation:
    """A paragraph's attestation from the extents of its quotations."""
    extents = set(extents)
    if "whole" in extents:
        return "whole"
    if "fragment" in extents:
        return "fragmentary"
    if "joint" in extents:
        return "joint"
    return "lacuna"


def parse_with(value: str) -> tuple[str, ...]:
    """``BMS6-67, BMS6-88`` (commas or spaces) -> the IDs."""
    return tuple(i for i in re.split(r"[,\s]+", value.strip()) if i)


def group(q: Quote) -> frozenset[str]:
    return frozenset((q.owner, *q.others))


def check(docs: Mapping[str, DocRecords], graph: LinkGraph) -> list[Problem]:
    """Each paragraph a joint fragment names shows the same words, from the
    same witness, for the same group of paragraphs."""
    shown: dict[tuple[str, str, str], list[Quote]] = {}
    for docname in sorted(docs):
        for q in docs[docname].joints():
            shown.setdefault((q.owner, q.witness, q.text), []).append(q)
    out = []
    for docname in sorted(docs):
        for q in docs[docname].joints():
            for other in q.others:
                if other == q.owner:
                    out.append(Problem(docname, q.lineno, "wording",
                                       f"{q.owner}: a joint fragment names its own paragraph in "
                                       ":with:; list only the other paragraphs"))
                    continue
                if other not in graph.objects:
                    continue  # reported as a reference to an unknown paragraph
                theirs = shown.get((other, q.witness, q.text), [])
                if not theirs:
                    out.append(Problem(
                        docname, q.lineno, "wording",
                        f"{q.owner} shows {q.text!r} ({q.witness}) as a group fragment with {other}, "
                        f"which does not: give {other} the same group fragment (:with: "
                        f"{', '.join(sorted(group(q) - {other}))})"))
                elif not any(group(t) == group(q) for t in theirs):
                    out.append(Problem(
                        docname, q.lineno, "wording",
                        f"{q.owner} and {other} show {q.text!r} ({q.witness}) as group fragments for "
                        f"different groups ({', '.join(sorted(group(q)))} against "
                        f"{', '.join(sorted(group(theirs[0])))}): name the same paragraphs"))
    return out
