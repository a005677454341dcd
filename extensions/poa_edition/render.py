"""Render each need's typed links once the needs data is final.

A post-transform, so it runs per output document for every builder (HTML,
LaTeX) from the same needs data: outgoing links by their name ("develops
POA-II.18"), then back links by their incoming name ("discussed in BP-N3").
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.directives.need import post_process_needs_data

from . import nodes as ed
from .citing import claims_by_link
from .state import edition_of, per_build


class RenderLinks(SphinxPostTransform):
    default_priority = 5  # before reference resolution

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(ed.pending_links))
        if not placeholders:
            return
        post_process_needs_data(self.app)  # idempotent; final after the first call
        needs = SphinxNeedsData(self.env).get_needs_view()
        link_types = edition_of(self.app).link_types.values()
        self.backing = per_build(self.app, "backing", lambda: claims_by_link(self.env))
        fromdoc = self.env.docname
        for placeholder in placeholders:
            need = needs.get(placeholder["need_id"])
            items = nodes.bullet_list(classes=["ed-links"])
            if need is not None:
                for lt in link_types:
                    for field, name in ((lt.name, lt.outgoing), (f"{lt.name}_back", lt.incoming)):
                        if field != lt.name and need["type"] in lt.hide_back_on:
                            continue
                        targets = list(need.get(field) or ())
                        if targets:
                            items += self._item(name, lt.name, targets, needs, fromdoc,
                                                need["id"], incoming=field != lt.name)
            if items.children:
                placeholder.replace_self(items)
            else:
                placeholder.parent.remove(placeholder)

    def _item(self, name: str, link_type: str, targets: list[str], needs, fromdoc: str,
              need_id: str, *, incoming: bool) -> nodes.list_item:
        para = nodes.paragraph()
        para += nodes.inline("", name, classes=["ed-linktype", f"ed-{link_type}"])
        para += nodes.Text(" ")
        for n, target in enumerate(targets):
            if n:
                para += nodes.Text(", ")
            para += self._ref(target, needs, fromdoc)
            key = (target, link_type, need_id) if incoming else (need_id, link_type, target)
            if notes := self.backing.get(key):
                para += nodes.Text(" (per ")
                for i, note in enumerate(notes):
                    if i:
                        para += nodes.Text(", ")
                    para += self._ref(note, needs, fromdoc)
                para += nodes.Text(")")
        return nodes.list_item("", para)

    def _ref(self, target: str, needs, fromdoc: str) -> nodes.Node:
        need = needs.get(target)
        if need is None or not need["docname"]:
            return nodes.inline("", target, classes=["ed-dead"])
        label = nodes.inline("", target, classes=["ed-ref"])
        return make_refnode(self.app.builder, fromdoc, need["docname"], target, label, need["title"])


class ResolveCitations(SphinxPostTransform):
    """Turn the runs of a citation into links: the work to its bibliography
    entry, each locator to its paragraph. Unresolved runs stay plain text
    (the check has reported them)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        targets = list(self.document.findall(ed.cite_target))
        if not targets:
            return
        needs = SphinxNeedsData(self.env).get_needs_view()
        bib = per_build(self.app, "bibliography", lambda: _bibliography_targets(self.env))
        builder, fromdoc = self.app.builder, self.env.docname
        for node in targets:
            text, target = node.astext(), node["target"]
            new: nodes.Node = nodes.Text(text)
            if node["kind"] == "bib" and target in bib:
                docname, anchor = bib[target]
                new = make_refnode(builder, fromdoc, docname, anchor, nodes.Text(text))
                new["classes"].append("ed-cite-work")
            elif node["kind"] == "para" and target in needs and needs[target]["docname"]:
                new = make_refnode(builder, fromdoc, needs[target]["docname"], target,
                                   nodes.Text(text), target)
                new["classes"].append("ed-cite-loc")
            node.replace_self(new)


def _bibliography_targets(env) -> dict[str, tuple[str, str]]:
    """refs.bib key -> (docname, anchor) of its entry in a ``bibliography`` directive."""
    out: dict[str, tuple[str, str]] = {}
    domain = env.get_domain("cite")
    for bib_key, bib in sorted(domain.bibliographies.items(), key=lambda kv: kv[0].docname):
        for key, node in bib.citation_nodes.items():
            out.setdefault(key, (bib_key.docname, node["ids"][0]))
    return out
