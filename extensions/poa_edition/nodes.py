"""The edition's doctree nodes and how each builder writes them.

A block's doctree holds only what is its own text and what search and the
PDF need: the wording (a text node, indexed for search), the summary, the
apparatus, the official text. Everything drawn around it comes from the
``ed`` domain when the page is written (:mod:`.render`): the number in the
margin, the lacuna note, the witness credits, the typed links, the ID with
its permalink and, in HTML, the "Cite" control. So a paragraph is a handful
of nodes instead of a few dozen, which every transform and the writer walk,
and which Sphinx keeps in memory until its page is written. HTML and LaTeX
draw the same structure; the markup is theirs (:mod:`.latex` for LaTeX).
"""

from __future__ import annotations

import sys

from docutils import nodes

LACUNA_NOTE = "No source quotes the wording of this {}."


class para_block(nodes.General, nodes.Element):
    """One paragraph, section heading or note: ``ids`` = [its edition ID],
    ``label`` = the number shown in the margin, ``lacuna`` = "paragraph" or
    "section" when no source quotes its wording, ``indexed`` = True for a
    paragraph or section (the PDF's index of IDs). Its children are its text;
    the writers draw the rest (:func:`.render.block_chrome`)."""


class wording(nodes.General, nodes.Element):
    """Attested wording, with ``text``, ``witness``, ``place``, ``extent``:
    its first child is the text itself (a :class:`~docutils.nodes.Text`, so
    search indexes it; never touched by smart quotes), then its :class:`credit`."""


class summary(nodes.Part, nodes.TextElement):
    """The edition's summary of a block: its text, then, if given, a second
    text node, its basis (where the sources describe it). Both are indexed
    for search and get smart quotes as one paragraph; the writers add the
    label and set the basis apart."""


class credit(nodes.Part, nodes.TextElement):
    """Who reports something and where: ``witness`` (siglum), ``explanation``
    (its full name), ``place`` and ``prefix`` ("Fragment quoted in "), drawn
    by the writers; children, if any, follow the place (a joint fragment's
    other paragraphs)."""


class block_line(nodes.paragraph):
    """A line of a block that is not the text: the withdrawal note, the
    official text, a collation. A paragraph to every writer but LaTeX, which
    sets each kind in its own style (:mod:`.latex`)."""


def with_attributes(node: nodes.Element, **attributes) -> nodes.Element:
    """``node`` with ``attributes`` set. docutils' constructor makes a new,
    lowercased copy of every attribute name for every node; set here, the
    names are shared (tens of thousands of strings fewer in the doctrees Sphinx
    keeps until their pages are written). Values that repeat (a witness's
    name, a place, a class) are interned by the callers for the same reason."""
    node.attributes.update(attributes)
    return node


def make_credit(witness, place: str, prefix: str = "",
                classes: tuple[str, ...] = ("ed-witness",)) -> credit:
    """"<prefix>BP, “place”": the witness siglum (its full name on hover) and
    the place in it."""
    node = with_attributes(credit(), witness=witness.siglum,
                           explanation=sys.intern(f"{witness.short}, {witness.title}"),
                           place=sys.intern(place or ""), prefix=prefix)
    node["classes"].extend(classes)
    return node


def credit_nodes(node: credit) -> list[nodes.Node]:
    """The credit's own words as nodes, for writers that walk them (LaTeX,
    text): prefix, the siglum as an abbreviation, the place."""
    out: list[nodes.Node] = []
    if node["prefix"]:
        out.append(nodes.Text(node["prefix"]))
    out.append(nodes.abbreviation(node["witness"], node["witness"],
                                  explanation=node["explanation"]))
    if node["place"]:
        out.append(nodes.Text(f", {node['place']}"))
    return out


def link_lines(items, ref) -> list[tuple[str, str, str]]:
    """``(name, link type, links)`` for each line of a link list
    (:func:`.render.link_items`), every ID drawn by ``ref((id, docname))``;
    a writer decides the markup around them."""
    out = []
    for name, link_type, links in items:
        parts = [ref(target) + (" (per " + ", ".join(ref(n) for n in notes) + ")" if notes else "")
                 for target, notes in links]
        out.append((name, link_type, ", ".join(parts)))
    return out


# -- HTML ------------------------------------------------------------------


def _html_block(self, node: para_block) -> None:
    obj_id = node["ids"][0] if node["ids"] else ""
    att = self.attval(obj_id)
    out = [self.starttag(node, "div", ""),
           f'<a class="ed-num" href="#{att}" title="{att}">{self.encode(node["label"])}</a>'
           '<div class="ed-body docutils container">\n']
    if node.get("lacuna"):
        out.append(f'<p class="ed-lacuna-note">{LACUNA_NOTE.format(node["lacuna"])}</p>\n')
    self.body.append("".join(out))


def _html_block_end(self, node: para_block) -> None:
    from .render import block_chrome

    chrome = block_chrome(self.builder, self.builder.current_docname, node)
    if chrome is not None:
        if chrome.links:
            self.body.append(_html_links(self, chrome.links))
        for line in chrome.lines:
            line.walkabout(self)
        obj_id = self.attval(chrome.obj_id)
        idline = (f'<p class="ed-id"><a class="ed-permalink reference internal" href="#{obj_id}">'
                  f'{self.encode(chrome.obj_id)}</a></p>\n')
        extras = "".join(make(self, chrome.obj_id) for make in chrome.html_id_extras)
        self.body.append(f'<div class="ed-idrow docutils container">\n{idline}{extras}</div>\n'
                         if extras else idline)
    self.body.append("</div>\n</div>\n")


def _html_links(self, items) -> str:
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
    for name, link_type, joined in link_lines(items, ref):
        out.append(f'<li><p><span class="ed-linktype ed-{self.attval(link_type)}">'
                   f'{self.encode(name)}</span> {joined}</p></li>\n')
    out.append("</ul>\n")
    return "".join(out)


def _html_wording(self, node: wording) -> None:
    self.body.append(self.starttag(node, "blockquote", "", CLASS="ed-wording")
                     + f'<p class="ed-quote">{self.encode(node["text"])}</p>\n')
    for child in node.children:
        if not isinstance(child, nodes.Text):
            child.walkabout(self)
    self.body.append("</blockquote>\n")
    raise nodes.SkipNode


def _html_summary(self, node: summary) -> None:
    text, *basis = (self.encode(child.astext()) for child in node.children)
    self.body.append(self.starttag(node, "p", "", CLASS="ed-summary")
                     + f'<span class="ed-label">Content: </span>{text}'
                     + "".join(f'<span class="ed-basis">{b}</span>' for b in basis) + "</p>\n")
    raise nodes.SkipNode


def _html_credit(self, node: credit) -> None:
    out = [self.starttag(node, "p", "")]
    if node["prefix"]:
        out.append(self.encode(node["prefix"]))
    out.append(f'<abbr title="{self.attval(node["explanation"])}">{self.encode(node["witness"])}</abbr>')
    if node["place"]:
        out.append(self.encode(f", {node['place']}"))
    self.body.append("".join(out))


def _html_p_end(self, node: nodes.Element) -> None:
    self.body.append("</p>\n")


# -- everything else: children only ------------------------------------------


def _skip(self, node: nodes.Element) -> None:
    pass


def _paragraph(self, node: nodes.Element) -> None:
    self.visit_paragraph(node)


def _paragraph_end(self, node: nodes.Element) -> None:
    self.depart_paragraph(node)


def _text_credit(self, node: credit) -> None:
    line = nodes.paragraph("", "", *credit_nodes(node))
    line.extend(c.deepcopy() for c in node.children)
    line.walkabout(self)
    raise nodes.SkipNode


def register(app) -> None:
    from . import latex

    plain = {b: (_skip, _skip) for b in ("text", "man", "texinfo")}
    paragraph = {b: (_paragraph, _paragraph_end) for b in ("text", "man", "texinfo")}
    app.add_node(para_block, html=(_html_block, _html_block_end),
                 latex=(latex.visit_block, latex.depart_block), **plain)
    app.add_node(wording, html=(_html_wording, None),
                 latex=(latex.visit_wording, None), **plain)
    app.add_node(summary, html=(_html_summary, None),
                 latex=(latex.visit_summary, None), **paragraph)
    app.add_node(credit, html=(_html_credit, _html_p_end),
                 latex=(latex.visit_credit, latex.depart_line),
                 **{b: (_text_credit, None) for b in ("text", "man", "texinfo")})
    app.add_node(block_line, html=(_paragraph, _paragraph_end),
                 latex=(latex.visit_line, latex.depart_line), **paragraph)
