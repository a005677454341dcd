"""The edition's doctree nodes and how each builder writes them.

The directives build a structure of these nodes (the model's view of one
paragraph); writers only decide markup. HTML and LaTeX share the structure.
"""

from __future__ import annotations

from docutils import nodes


class para_block(nodes.General, nodes.Element):
    """One paragraph, section heading or note: ``ids`` = its edition ID."""


class para_number(nodes.Inline, nodes.TextElement):
    """The number shown in the margin; links to the paragraph itself."""


class wording(nodes.General, nodes.Element):
    """Attested wording (quote and attribution), with ``witness``, ``place``, ``extent``."""


class pending_links(nodes.General, nodes.Element):
    """Replaced, once the model is complete, by the object's links (:class:`link_list`)."""


class block_line(nodes.paragraph):
    """A line of a block that is not the text: the lacuna note, the summary,
    a witness credit, the ID. A paragraph to every writer but LaTeX, which
    sets each kind in its own style (:mod:`.latex`)."""


class link_list(nodes.General, nodes.Element):
    """An object's typed links and back links, drawn by the writers.

    ``items``: ``[(name, link type, [((id, docname), [(note, docname), ...]), ...]), ...]``;
    a docname of None is a link whose target is gone (reported elsewhere)."""


def credit(witness, place: str, prefix: str = "", classes: tuple[str, ...] = ("ed-witness",)) -> nodes.paragraph:
    """"<prefix>BP, “place”": the witness siglum (its full name on hover) and
    the place in it."""
    para = block_line("", "", classes=list(classes))
    if prefix:
        para += nodes.Text(prefix)
    para += nodes.abbreviation(witness.siglum, witness.siglum,
                               explanation=f"{witness.short}, {witness.title}")
    if place:
        para += nodes.Text(f", {place}")
    return para


def close_block(block: para_block, body: nodes.Element, need_id: str) -> None:
    """End a block the same way everywhere: its links (filled in once needs
    are final), then its ID as a permalink."""
    body += pending_links(need_id=need_id)
    idline = block_line("", "", classes=["ed-id"])
    idline += nodes.reference("", need_id, refid=need_id, classes=["ed-permalink"])
    body += idline
    block += body


# -- HTML ------------------------------------------------------------------


def _html_div(self, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", ""))


def _html_div_end(self, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def _html_number(self, node: para_number) -> None:
    self.body.append(
        self.starttag(node, "a", "", href=f"#{node['target']}", CLASS="ed-num", title=node["target"])
    )


def _html_number_end(self, node: para_number) -> None:
    self.body.append("</a>")


def _html_wording(self, node: wording) -> None:
    self.body.append(self.starttag(node, "blockquote", "", CLASS="ed-wording"))


def _html_wording_end(self, node: wording) -> None:
    self.body.append("</blockquote>\n")


def link_lines(node: link_list, ref) -> list[tuple[str, str, str]]:
    """``(name, link type, links)`` for each line of a link list, every ID
    drawn by ``ref((id, docname))``; a writer decides the markup around them."""
    out = []
    for name, link_type, links in node["items"]:
        parts = [ref(target) + (" (per " + ", ".join(ref(n) for n in notes) + ")" if notes else "")
                 for target, notes in links]
        out.append((name, link_type, ", ".join(parts)))
    return out


def _html_links(self, node: link_list) -> None:
    fromdoc = self.builder.current_docname

    def ref(place: tuple[str, str | None]) -> str:
        obj_id, docname = place
        label = f'<span class="ed-ref">{self.encode(obj_id)}</span>'
        if docname is None:
            return f'<span class="ed-dead">{label}</span>'
        uri = "" if docname == fromdoc else self.builder.get_relative_uri(fromdoc, docname)
        return (f'<a class="reference internal" href="{self.attval(uri + "#" + obj_id)}" '
                f'title="{self.attval(obj_id)}">{label}</a>')

    out = ['<ul class="ed-links no-search simple">\n']
    for name, link_type, joined in link_lines(node, ref):
        out.append(f'<li><p><span class="ed-linktype ed-{self.attval(link_type)}">'
                   f'{self.encode(name)}</span> {joined}</p></li>\n')
    out.append("</ul>\n")
    self.body.append("".join(out))
    raise nodes.SkipNode


def _text_links(self, node: link_list) -> None:
    raise nodes.SkipNode


# -- everything else: children only ------------------------------------------


def _skip(self, node: nodes.Element) -> None:
    pass


def _paragraph(self, node: nodes.Element) -> None:
    self.visit_paragraph(node)


def _paragraph_end(self, node: nodes.Element) -> None:
    self.depart_paragraph(node)


def register(app) -> None:
    from . import latex

    plain = {b: (_skip, _skip) for b in ("text", "man", "texinfo")}
    app.add_node(para_block, html=(_html_div, _html_div_end),
                 latex=(latex.visit_block, latex.depart_block), **plain)
    app.add_node(para_number, html=(_html_number, _html_number_end),
                 latex=(latex.visit_number, None), **plain)
    app.add_node(wording, html=(_html_wording, _html_wording_end),
                 latex=(latex.visit_wording, None), **plain)
    app.add_node(block_line, html=(_paragraph, _paragraph_end),
                 latex=(latex.visit_line, latex.depart_line),
                 **{b: (_paragraph, _paragraph_end) for b in ("text", "man", "texinfo")})
    app.add_node(link_list, html=(_html_links, None), latex=(latex.visit_links, None),
                 **{b: (_text_links, None) for b in ("text", "man", "texinfo")})
    # never reaches a writer: the post-transform replaces it
    app.add_node(pending_links)
