"""Render each object's typed links from the ``ed`` domain's link graph.

A post-transform, so it runs per output document for every builder (HTML,
LaTeX) from the same model: outgoing links by their name ("develops
POA-II.18 (per BP-N14)"), then back links by their incoming name
("discussed in BP-N3"). How a list looks is the writers' business
(:mod:`.nodes`).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from . import nodes as ed
from .linkgraph import Link
from .state import edition_of


def id_reference(transform: SphinxPostTransform, obj_id: str) -> nodes.Node:
    """An ID as a link to the paragraph, section or note it names (its text
    alone if there is none), for post-transforms that draw lists of IDs."""
    obj = transform.env.get_domain("ed").objects.get(obj_id)
    text = nodes.inline(obj_id, obj_id, classes=["ed-ref"])
    if obj is None:
        return text
    return make_refnode(transform.app.builder, transform.env.docname, obj.docname, obj_id, text,
                        obj_id)


class RenderLinks(SphinxPostTransform):
    """Replace each ``pending_links`` placeholder with one :class:`~.nodes.link_list`
    node holding the object's links, each ID already resolved to its page: the
    writers draw it (one node instead of a tree of lists, paragraphs and
    references that every later transform would walk)."""

    default_priority = 5  # before reference resolution (10)

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(ed.pending_links))
        if not placeholders:
            return
        graph = self.env.get_domain("ed").graph
        link_types = edition_of(self.app).link_types
        objects = graph.objects

        def place(obj_id: str) -> tuple[str, str | None]:
            obj = objects.get(obj_id)
            return (obj_id, obj.docname if obj else None)

        for placeholder in placeholders:
            obj_id = placeholder["need_id"]
            obj = objects.get(obj_id)
            items: list[tuple[str, str, list]] = []
            if obj is not None:
                for lt_name, links in graph.outgoing(obj_id):
                    items.append((link_types[lt_name].outgoing, lt_name, self._links(links, place)))
                for lt_name, links in graph.incoming(obj_id):
                    if obj.need_type not in link_types[lt_name].hide_back_on:
                        items.append((link_types[lt_name].incoming, lt_name,
                                      self._links(links, place)))
            if items:
                placeholder.replace_self(ed.link_list(items=items))
            else:
                placeholder.parent.remove(placeholder)

    @staticmethod
    def _links(links: list[Link], place) -> list:
        return [(place(link.other), [place(n) for n in link.notes]) for link in links]
