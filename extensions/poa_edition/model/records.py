"""What the edition records of each document while reading it: pure data.

These records are the model. The ``ed`` domain keeps them per document
(:mod:`.domain`), pickled with the environment; links, checks, the report
and every export are computed from them. Nothing here imports Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Literal

#: kinds of object the edition defines, as published in objects.inv
PARAGRAPH, SECTION, NOTE = "paragraph", "section", "note"

#: How much of a paragraph's wording the witnesses quote, strongest first:
#: quoted whole; in fragments of its own; only in words a witness attributes
#: to it together with other paragraphs (a joint fragment); not at all.
#: "official": the document's official text is in the edition (``edition import``)
Attestation = Literal["official", "whole", "fragmentary", "joint", "lacuna"]
ATTESTATIONS: tuple[Attestation, ...] = ("official", "whole", "fragmentary", "joint", "lacuna")


def _pickled_as_arguments(cls: type) -> type:
    """Pickle a record as its class and field values, built again by calling
    the class. What a frozen slots dataclass does by default (a Python
    ``__getstate__``/``__setstate__`` that look up the fields on every call)
    takes about three times as long, for thousands of records saved and
    loaded with the environment on every build."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self: object) -> tuple:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class EdObject:
    """A paragraph, section or commentary note, under its public ID."""

    id: str
    kind: str  # PARAGRAPH | SECTION | NOTE
    docname: str
    lineno: int
    siglum: str  # document siglum, or the witness siglum for a note
    locator: str  # "38", "II.18", "SIII.B", "N12"
    label: str  # what the margin shows: "38", "(a)", "N12"
    title: str  # "BMS6, para. 38"
    need_type: str  # outcome | commitment | division | commentary
    attestation: Attestation | Literal[""] = ""  # one of ATTESTATIONS ("" for notes)
    summary: str = ""
    #: the ID this one is part of (by its shape, or the section above it)
    parent: str | None = None
    #: why a withdrawn paragraph was withdrawn ("" when it stands)
    withdrawn: str = ""
    #: of the text notes about it are reviewed against (:mod:`.suspects`)
    fingerprint: str = ""
    #: sigla of the witnesses that quote its wording, in order (for citations)
    witnesses: tuple[str, ...] = ()
    #: where the sources describe it (the ``:basis:`` of a summary)
    basis: str = ""
    #: a note's text, as plain text (its citations as written)
    text: str = ""
    #: a note's ``:place:`` in its witness
    place: str = ""


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class CiteRecord:
    """One work cited in one ``{ed:cite}``, as resolved at reading."""

    docname: str
    lineno: int
    note: str
    witness: str
    text: str  # the whole citation as written
    label: str  # "UNGA 2016d" (the bound label for a continuation)
    bibkey: str
    siglum: str | None
    ids: tuple[str, ...]  # paragraph IDs the locators name (may not exist)
    other: tuple[str, ...]


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Claim:
    """``BMS6-38 develops POA-II.18``, argued by a note."""

    docname: str
    lineno: int
    note: str
    source: str
    link_type: str
    targets: tuple[str, ...]


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Reference:
    """A reference made in a document to an ID (``{ed:p}``, a citation's
    locator, a link list): checked on every build, wherever the target is."""

    docname: str
    lineno: int
    target: str
    #: the citation it belongs to ("" for ``{ed:p}``); for the messages
    text: str = ""
    siglum: str | None = None


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Quote:
    """A ``{wording}`` block: words a witness quotes, shown on the paragraph
    ``owner``. A joint fragment (``extent == "joint"``) is words the witness
    attributes to ``owner`` together with ``others``; each of them shows the
    same words, and ``grouping`` is the witness's own words for the group."""

    docname: str
    lineno: int
    owner: str
    witness: str
    place: str
    text: str
    extent: str  # fragment | whole | joint
    others: tuple[str, ...] = ()
    grouping: str = ""


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Problem:
    """A failure found while reading a document (already reported once)."""

    docname: str
    lineno: int
    subtype: str
    message: str
    #: for citation failures: the citation as written, and its document
    text: str = ""
    siglum: str | None = None


@_pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Logged:
    """A warning or error given while the document was read, kept so that a
    later build that does not read it again reports it again."""

    level: int  # logging level
    message: str
    type: str | None
    subtype: str | None
    #: (docname, line) or "path:line", as the warning was located
    location: tuple[str, int | None] | str | None


@dataclass(slots=True)
class DocRecords:
    """Everything one document contributes to the model."""

    objects: list[EdObject] = field(default_factory=list)
    cites: list[CiteRecord] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    refs: list[Reference] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: tables of the whole edition shown on the page (e.g. "coverage"): the page
    #: is written again whenever what they count changes
    tables: list[str] = field(default_factory=list)
    #: the warnings given while reading it
    logged: list[Logged] = field(default_factory=list)

    def joints(self) -> list[Quote]:
        """The joint fragments among the quotations."""
        return [q for q in self.quotes if q.extent == "joint"]
