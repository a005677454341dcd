"""What a block shows around its text, drawn from the ``ed`` domain when its
page is written, the same for every builder (HTML, LaTeX):

- its typed links, outgoing by their name ("develops POA-II.18 (per
  BP-N14)"), then back links by their incoming name ("discussed in BP-N3");
- lines other modules add (a link to the lineage picture, a suspect mark),
  registered with :func:`add_line`;
- its ID, with, in HTML, what :func:`add_html_id_extra` registers beside it
  (the "Cite" control).

How each looks is the writers' business (:mod:`.nodes`, :mod:`.latex`). The
doctree holds none of it, so the transforms and the writer walk a few nodes
per paragraph, not dozens (benchmarks/RESULTS.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from ..model.linkgraph import Link
from ..sphinxext.state import builder_of, edition_of, keep, kept

#: ``[(name, link type, [((id, docname), [(note, docname), ...]), ...]), ...]``;
#: a docname of None is a link whose target is gone (reported elsewhere)
LinkItems = list[tuple[str, str, list[tuple[tuple[str, str | None], list[tuple[str, str | None]]]]]]

#: state: the registered line makers and HTML ID extras
_HOOKS = "render-hooks"


def _hooks(owner: Any) -> dict[str, list[Callable]]:
    hooks = kept(owner, _HOOKS)
    return hooks if hooks is not None else keep(owner, _HOOKS, {"lines": [], "html_id": []})


def add_line(app: Any, make: Callable[[Any, str, str], nodes.Node | None]) -> None:
    """``make(builder, docname, obj_id)``: a line (a node to walk) shown after
    the links of ``obj_id``, or None. Lines come in the order registered."""
    _hooks(app)["lines"].append(make)


def add_html_id_extra(app: Any, make: Callable[[Any, str], str]) -> None:
    """``make(translator, obj_id)``: HTML shown beside the ID (HTML builders only)."""
    _hooks(app)["html_id"].append(make)


@dataclass(slots=True)
class Chrome:
    obj_id: str
    links: LinkItems
    lines: list[nodes.Node]
    html_id_extras: list[Callable]


def block_chrome(builder: Any, docname: str, block: nodes.Element,
                 obj_id: str | None = None) -> Chrome | None:
    """Everything a block shows around its text, for the page ``docname``."""
    if obj_id is None:
        obj_id = block["ids"][0] if block["ids"] else ""
    if not obj_id:
        return None
    hooks, link_types = _hooks(builder), edition_of(builder).link_types
    lines = [line for make in hooks["lines"] if (line := make(builder, docname, obj_id)) is not None]
    return Chrome(obj_id, link_items(builder.env, link_types, obj_id), lines,
                  hooks["html_id"] if builder.format == "html" else [])


def link_items(env: Any, link_types: Any, obj_id: str) -> LinkItems:
    """The object's links, each ID with the page it is on."""
    graph = env.get_domain("ed").graph
    objects = graph.objects
    obj = objects.get(obj_id)
    if obj is None:
        return []

    def place(other: str) -> tuple[str, str | None]:
        found = objects.get(other)
        return (other, found.docname if found else None)

    def links(found: list[Link]) -> list:
        return [(place(link.other), [place(n) for n in link.notes]) for link in found]

    items: LinkItems = []
    for lt_name, found in graph.outgoing(obj_id):
        items.append((link_types[lt_name].outgoing, lt_name, links(found)))
    for lt_name, found in graph.incoming(obj_id):
        if obj.need_type not in link_types[lt_name].hide_back_on:
            items.append((link_types[lt_name].incoming, lt_name, links(found)))
    return items


def ref_node(builder: Any, fromdocname: str, obj_id: str) -> nodes.Node:
    """An ID as a link to the paragraph, section or note it names (its text
    alone if there is none)."""
    obj = builder.env.get_domain("ed").objects.get(obj_id)
    text = nodes.inline(obj_id, obj_id, classes=["ed-ref"])
    if obj is None:
        return text
    return make_refnode(builder, fromdocname, obj.docname, obj_id, text, obj_id)


def id_reference(transform: SphinxPostTransform, obj_id: str) -> nodes.Node:
    """:func:`ref_node` for a post-transform's page."""
    return ref_node(builder_of(transform.env), transform.env.docname, obj_id)


def setup(app: Any) -> None:
    _hooks(app)
