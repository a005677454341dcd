"""Render each need's typed links once the needs data is final.

A post-transform, so it runs per output document for every builder (HTML,
LaTeX) from the same needs data: outgoing links by their name ("develops
POA-II.18"), then back links by their incoming name ("discussed in BP-N3").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.directives.need import post_process_needs_data

from . import nodes as ed
from .citing import claims_by_link
from .state import edition_of


class RenderLinks(SphinxPostTransform):
    default_priority = 5  # before reference resolution

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(ed.pending_links))
        if not placeholders:
            return
        post_process_needs_data(self.app)  # idempotent; final after the first call
        needs = SphinxNeedsData(self.env).get_needs_view()
        link_types = edition_of(self.app).link_types.values()
        self.backing = per_build(self.app).backing
        fromdoc = self.env.docname
        for placeholder in placeholders:
            need = needs.get(placeholder["need_id"])
            items = nodes.bullet_list(classes=["ed-links"])
            if need is not None:
                for lt in link_types:
                    for field, name in ((lt.name, lt.outgoing), (f"{lt.name}_back", lt.incoming)):
                        if field == "part_of_back" and need["type"] == "division":
                            continue  # a section's parts are the page below it
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
        if need["docname"] == fromdoc:
            ref = nodes.reference("", "", refid=target, internal=True)
        else:
            uri = self.app.builder.get_relative_uri(fromdoc, need["docname"])
            ref = nodes.reference("", "", refuri=f"{uri}#{target}", internal=True)
        ref["reftitle"] = need["title"]
        ref += nodes.inline("", target, classes=["ed-ref"])
        return ref


class ResolveCitations(SphinxPostTransform):
    """Turn the runs of a citation into links: the work to its bibliography
    entry, each locator to its paragraph. Unresolved runs stay plain text
    (the check has reported them)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        from .citing import cite_target

        targets = list(self.document.findall(cite_target))
        if not targets:
            return
        needs = SphinxNeedsData(self.env).get_needs_view()
        bib = per_build(self.app).bibliography
        fromdoc = self.env.docname
        for node in targets:
            text = node.astext()
            if node["kind"] == "bib" and node["target"] in bib:
                docname, anchor = bib[node["target"]]
                new = self._reference(fromdoc, docname, anchor, text, "ed-cite-work")
            elif node["kind"] == "para" and node["target"] in needs and needs[node["target"]]["docname"]:
                need = needs[node["target"]]
                new = self._reference(fromdoc, need["docname"], node["target"], text, "ed-cite-loc")
                new["reftitle"] = node["target"]
            else:
                new = nodes.Text(text)
            node.replace_self(new)

    def _reference(self, fromdoc: str, todoc: str, anchor: str, text: str, cls: str) -> nodes.reference:
        if todoc == fromdoc:
            ref = nodes.reference("", text, refid=anchor, internal=True, classes=[cls])
        else:
            uri = self.app.builder.get_relative_uri(fromdoc, todoc)
            ref = nodes.reference("", text, refuri=f"{uri}#{anchor}", internal=True, classes=[cls])
        return ref


@dataclass
class _PerBuild:
    backing: dict[tuple[str, str, str], list[str]]
    bibliography: dict[str, tuple[str, str]]


def per_build(app) -> _PerBuild:
    """What every page's rendering reads, computed once per build (the cache is
    dropped when a new build reads documents: see ``forget``)."""
    cached = getattr(app, "_poa_render_cache", None)
    if cached is None:
        cached = _PerBuild(claims_by_link(app.env), _bibliography_targets(app.env))
        app._poa_render_cache = cached
    return cached


def forget(app, *args: Any) -> None:
    app._poa_render_cache = None


def _bibliography_targets(env) -> dict[str, tuple[str, str]]:
    """refs.bib key -> (docname, anchor) of its entry in a ``bibliography`` directive."""
    out: dict[str, tuple[str, str]] = {}
    domain = env.get_domain("cite")
    for bib_key, bib in sorted(domain.bibliographies.items(), key=lambda kv: kv[0].docname):
        for key, node in bib.citation_nodes.items():
            out.setdefault(key, (bib_key.docname, node["ids"][0]))
    return out
