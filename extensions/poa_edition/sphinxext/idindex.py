"""The index of IDs (``ed-ids.html``): every paragraph, section and note,
grouped by document, in the document's own order.

A Sphinx domain index of the ``ed`` domain, so the theme renders it and
``{ref}`ed-ids``` links to it. The resolver (``permalink.html``) sends a
reader here when an ID is unknown. HTML only: other builders get no index
(an empty index is not written).
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.domains import Index, IndexEntry

from ..model.ids import sort_key
from ..model.records import NOTE, SECTION, EdObject
from .state import builder_of, edition_of

PAGE = "ed-ids"
#: how much of a summary the index shows
SHORT = 100


def _short(text: str) -> str:
    if len(text) <= SHORT:
        return text
    return text[:SHORT].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _describe(obj: EdObject) -> str:
    if obj.withdrawn:
        return _short(f"withdrawn: {obj.withdrawn}")
    return _short(obj.summary)


def grouped(objects: Iterable[EdObject], order: list[str]) -> list[tuple[str, list[EdObject]]]:
    """(siglum, its objects in document order), sigla in registry order."""
    groups: dict[str, list[EdObject]] = {}
    for obj in objects:
        groups.setdefault(obj.id.partition("-")[0], []).append(obj)
    rank = {siglum: n for n, siglum in enumerate(order)}
    kind_rank = {SECTION: 0, NOTE: 2}
    return [(siglum, sorted(groups[siglum], key=lambda o: (kind_rank.get(o.kind, 1),
                                                           sort_key(o.locator), o.id)))
            for siglum in sorted(groups, key=lambda s: (rank.get(s, len(rank)), s))]


class IdIndex(Index):
    name = "ids"
    localname = "Index of IDs"
    shortname = "IDs"

    def generate(self, docnames: Iterable[str] | None = None
                 ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        env = self.domain.env
        if getattr(builder_of(env), "format", "") != "html":
            return [], False
        edition = edition_of(env)
        order = [*edition.documents, *edition.witnesses]
        wanted = set(docnames) if docnames is not None else None
        objects = [obj for obj in self.domain.objects.values()  # type: ignore[attr-defined]
                   if wanted is None or obj.docname in wanted]
        content = []
        for siglum, objs in grouped(objects, order):
            content.append((siglum, [IndexEntry(obj.id, 0, obj.docname, obj.id, obj.title, "",
                                                _describe(obj)) for obj in objs]))
        return content, False
