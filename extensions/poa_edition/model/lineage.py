"""The lineage of a paragraph as a graph, and that graph as DOT: pure.

A BMS6 paragraph's *lineage* is every commitment it takes up through a typed
link that a commentary note argues (``develops``, ``extends``, ``restates``,
``echoes``, …: the model's non-automatic link types), and, transitively, what
those take up in turn, back to the Programme of Action and the Tracing
Instrument. Each edge carries its link type and the notes that argue it.

:func:`to_dot` writes a lineage in Graphviz's DOT language, one cluster per
document (oldest on the left), every node and edge label a link (``url``) to
the paragraph or note. The text is a function of the link graph and the
registry alone, in a fixed order, so two builds write the same bytes. Nothing
here imports Sphinx (:mod:`.pictures` is the glue).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .linkgraph import LinkGraph
from .records import PARAGRAPH
from .registry import Document, LinkType

Url = Callable[[str], "str | None"]  # an ID -> where its page shows it (None: no link)


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    link_type: str
    target: str
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lineage:
    root: str
    nodes: tuple[str, ...]  # the root first, then in the order they were reached
    edges: tuple[Edge, ...]


def typed_link_types(link_types: Mapping[str, LinkType]) -> list[str]:
    """The link types a note argues (not set by the extension), in the model's order."""
    return [name for name, lt in link_types.items() if not lt.automatic]


def lineage(graph: LinkGraph, root: str) -> Lineage:
    """``root`` and everything it takes up, transitively (breadth first, each
    object's links in the model's order of types, then as the notes made them)."""
    typed = set(typed_link_types(graph.link_types))
    seen = [root]
    edges: list[Edge] = []
    queue = [root]
    while queue:
        source = queue.pop(0)
        for lt, links in graph.outgoing(source):
            if lt not in typed:
                continue
            for link in links:
                edges.append(Edge(source, lt, link.other, link.notes))
                if link.other not in seen:
                    seen.append(link.other)
                    queue.append(link.other)
    return Lineage(root, tuple(seen), tuple(edges))


def roots(graph: LinkGraph, siglum: str = "BMS6") -> list[str]:
    """The paragraphs of ``siglum`` that take up anything (a typed link), in
    reading order."""
    typed = set(typed_link_types(graph.link_types))
    return [obj.id for obj in graph.objects.values()
            if obj.siglum == siglum and obj.kind == PARAGRAPH
            and any(lt in typed for lt, _ in graph.outgoing(obj.id))]


def lineages(graph: LinkGraph, siglum: str = "BMS6") -> list[Lineage]:
    return [lineage(graph, r) for r in roots(graph, siglum)]


# -- DOT ---------------------------------------------------------------------

#: fill colours of the document clusters, oldest first (light, print in grey)
PALETTE = ("#e8f0fa", "#eaf5e6", "#fbf0dc", "#f3e6f5", "#e3f4f4", "#f7e4e4", "#eeeeee")
FONT = "Helvetica,Arial,sans-serif"


def quote(text: str) -> str:
    """A DOT string literal (escString: ``\\n`` is a centred line break)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _attrs(**attrs: str | None) -> str:
    items = [f"{k}={quote(v)}" for k, v in attrs.items() if v is not None]
    return " [" + ", ".join(items) + "]" if items else ""


def anchor(root: str) -> str:
    """The anchor of a lineage (its picture and its list) on the lineage page."""
    return f"lineage-{root}"


def graph_id(root: str) -> str:
    """The id of a lineage's picture, and the prefix of its parts' ids (so
    several pictures share a page, and none takes a paragraph's anchor)."""
    return f"lineage-graph-{root}"


def _doc_order(documents: Mapping[str, Document]) -> dict[str, int]:
    """Oldest document first (by the date the registry gives; undated last),
    then registry order."""
    ordered = sorted(enumerate(documents.values()),
                     key=lambda p: (p[1].date is None, p[1].date or "", p[0]))
    return {d.siglum: n for n, (_, d) in enumerate(ordered)}


def _cluster_label(doc: Document | None, siglum: str) -> str:
    if doc is None:
        return siglum
    year = (doc.date or "")[:4]
    return doc.title + (f" ({year})" if year else "")


def to_dot(lin: Lineage, graph: LinkGraph, documents: Mapping[str, Document],
           url: Url = lambda _id: None) -> str:
    """The lineage as a DOT digraph: right to left, so the oldest document
    stands on the left and each arrow points from a paragraph to what it
    takes up. Ids of the picture's parts start with :func:`graph_id`, so
    several pictures can share a page."""
    gid = graph_id(lin.root)
    objects = graph.objects
    lt_names = graph.link_types
    order = _doc_order(documents)
    by_doc: dict[str, list[str]] = {}
    for node in lin.nodes:
        obj = objects.get(node)
        by_doc.setdefault(obj.siglum if obj else node.partition("-")[0], []).append(node)
    out = [
        f"digraph {quote(gid)} {{",
        f"  graph{_attrs(id=gid, rankdir='RL', fontname=FONT, fontsize='11', nodesep='0.25', ranksep='0.9', bgcolor='transparent')};",
        f"  node{_attrs(shape='box', style='rounded,filled', fillcolor='white', fontname=FONT, fontsize='11', margin='0.12,0.06')};",
        f"  edge{_attrs(fontname=FONT, fontsize='9', color='#555555', fontcolor='#333333', arrowsize='0.7')};",
    ]
    for siglum in sorted(by_doc, key=lambda s: (order.get(s, len(order)), s)):
        doc = documents.get(siglum)
        colour = PALETTE[order.get(siglum, len(PALETTE) - 1) % len(PALETTE)]
        out.append(f"  subgraph {quote('cluster_' + siglum)} {{")
        out.append(f"    graph{_attrs(id=f'{gid}--{siglum}', label=_cluster_label(doc, siglum), style='rounded,filled', fillcolor=colour, color='#999999', labeljust='l')};")
        for node in by_doc[siglum]:
            obj = objects.get(node)
            tooltip = obj.title + (f": {obj.summary}" if obj and obj.summary else "") if obj else node
            out.append(f"    {quote(node)}{_attrs(id=f'{gid}--{node}', label=node, URL=url(node), tooltip=tooltip, penwidth='2' if node == lin.root else None)};")
        out.append("  }")
    for n, edge in enumerate(lin.edges, 1):
        name = lt_names[edge.link_type].outgoing if edge.link_type in lt_names else edge.link_type
        label = name + ("\nper " + ", ".join(edge.notes) if edge.notes else "")
        note_url = url(edge.notes[0]) if edge.notes else None
        tooltip = f"{edge.source} {name} {edge.target}" + (
            f" (argued in {', '.join(edge.notes)})" if edge.notes else "")
        out.append(f"  {quote(edge.source)} -> {quote(edge.target)}{_attrs(id=f'{gid}--e{n}', label=label, labelURL=note_url, URL=note_url, tooltip=tooltip, labeltooltip=tooltip)};")
    out.append("}")
    return "\n".join(out) + "\n"
