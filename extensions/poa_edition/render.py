"""Render each object's typed links from the ``ed`` domain's link graph.

A post-transform, so it runs per output document for every builder (HTML,
LaTeX) from the same model: outgoing links by their name ("develops
POA-II.18 (per BP-N14)"), then back links by their incoming name
("discussed in BP-N3"). Each ID is a ``pending_xref`` that the domain
resolves like any other reference.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import nodes as ed
from .linkgraph import Link
from .roles import xref
from .state import edition_of


class RenderLinks(SphinxPostTransform):
    default_priority = 5  # before reference resolution (10)

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(ed.pending_links))
        if not placeholders:
            return
        graph = self.env.get_domain("ed").graph
        link_types = edition_of(self.app).link_types
        for placeholder in placeholders:
            obj_id = placeholder["need_id"]
            obj = graph.objects.get(obj_id)
            # "no-search": the lists are drawn at write time, so their words would
            # outlive an edit in the search index; the IDs are searched as objects
            items = nodes.bullet_list(classes=["ed-links", "no-search"])
            if obj is not None:
                for lt_name, links in graph.outgoing(obj_id):
                    items += self._item(link_types[lt_name].outgoing, lt_name, links)
                for lt_name, links in graph.incoming(obj_id):
                    if obj.need_type in link_types[lt_name].hide_back_on:
                        continue
                    items += self._item(link_types[lt_name].incoming, lt_name, links)
            if items.children:
                placeholder.replace_self(items)
            else:
                placeholder.parent.remove(placeholder)

    @staticmethod
    def _item(name: str, link_type: str, links: list[Link]) -> nodes.list_item:
        para = nodes.paragraph()
        para += nodes.inline("", name, classes=["ed-linktype", f"ed-{link_type}"])
        para += nodes.Text(" ")
        for n, link in enumerate(links):
            if n:
                para += nodes.Text(", ")
            para += xref(link.other, "p", link.other, ["ed-ref"])
            if link.notes:
                para += nodes.Text(" (per ")
                for i, note in enumerate(link.notes):
                    if i:
                        para += nodes.Text(", ")
                    para += xref(note, "p", note, ["ed-ref"])
                para += nodes.Text(")")
        return nodes.list_item("", para)
