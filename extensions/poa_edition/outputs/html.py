"""How the HTML, text, man and texinfo builders write the edition's nodes
(:mod:`..sphinxext.nodes`); LaTeX's are in :mod:`.latex`. :func:`setup`
registers every node with all its visitors."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from ..sphinxext.nodes import (LACUNA_NOTE, block_line, credit, credit_nodes, link_lines,
                               para_block, summary, wording)
from . import latex
from .render import block_chrome

#: the edition's style sheet, scripts and icon
STATIC = Path(__file__).parent / "static"


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


def setup(app) -> None:
    app.connect("config-inited", _static, priority=6)
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


def _static(app, config) -> None:
    """``config-inited``: the edition's static files, and its icon unless the
    project sets one."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def assets(app) -> None:
    """The style sheet and the colour-mode line, after every other module's
    scripts (the order of the page's tags)."""
    app.add_css_file("edition.css")
    # a first visit follows the system's colour mode; without this the theme
    # logs "Got invalid theme mode" (html_context's default_mode would do, but
    # its data-theme attribute leaves pages without colours when scripts are off)
    app.add_js_file(None, body='document.documentElement.dataset.mode ||= "auto";')
