"""How the LaTeX (PDF) edition typesets the edition's nodes.

The same doctree as the HTML edition (:mod:`.nodes`); here only markup: the
macros live in ``latex/poaedition.sty``, which :func:`configure` ships with
the LaTeX sources. Every paragraph, section and note is a named PDF
destination equal to its ID (``bms6-edition.pdf#BMS6-38``) as well as a LaTeX
label; its printed ID links to its web permalink (``p/<ID>.html`` under
``html_baseurl``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..sphinxext.nodes import LACUNA_NOTE, credit, credit_nodes, link_lines
from .render import block_chrome

STY = Path(__file__).parent / "tex" / "poaedition.sty"


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: ship the style with the LaTeX sources and load it."""
    if str(STY) not in config.latex_additional_files:
        config.latex_additional_files = [*config.latex_additional_files, str(STY)]
    elements = dict(config.latex_elements)
    preamble = elements.get("preamble", "")
    if "poaedition" not in preamble:
        preamble += "\n\\usepackage{poaedition}\n"
        if config.html_baseurl:  # the title page gives the web address
            preamble += "\\authoraddress{\\url{%s}}\n" % config.html_baseurl
        elements["preamble"] = preamble
    config.latex_elements = elements


def dest(obj_id: str) -> str:
    """A PDF destination name: the ID itself (hyperref takes it as written)."""
    return obj_id


def visit_block(self, node: nodes.Element) -> None:
    if node.get("indexed") and node["ids"]:
        # the PDF's index of IDs: the entry Sphinx's own writer makes of an
        # ``index`` node (escaping and all), without one in the doctree
        obj_id = node["ids"][0]
        try:
            self.visit_index(addnodes.index(entries=[("single", obj_id, obj_id, "", None)]))
        except nodes.SkipNode:
            pass
    for node_id in node["ids"]:
        # a named destination equal to the ID, and Sphinx's own label for
        # \hyperref, whose anchor is that destination (\edanchor sets it):
        # otherwise the label takes the last counter's anchor, the start of
        # the chapter, and every link to the paragraph lands there
        self.body.append(r"\edanchor{%s}" % dest(node_id))
        self.body.append(self.hypertarget(node_id, anchor=False))
    self.body.append("\n\\begin{edblock}\\edparanum{%s}\n\\begin{sphinxuseclass}{ed-body}"
                     % self.encode(node["label"]))
    if node.get("lacuna"):
        self.body.append("\n\\edlacuna{%s}\n" % self.encode(LACUNA_NOTE.format(node["lacuna"])))
    node["_ed_id"] = node["ids"][0] if node["ids"] else ""
    node["ids"] = []  # written above; keep the writer from adding its own


def depart_block(self, node: nodes.Element) -> None:
    # LaTeX links name their target's page, whatever page they are on
    chrome = block_chrome(self.builder, self.config.root_doc, node, node["_ed_id"])
    if chrome is not None:
        if chrome.links:
            _links(self, chrome.links)
        for line in chrome.lines:
            line.walkabout(self)
        obj_id = chrome.obj_id
        base = self.config.html_baseurl
        if base:
            url = f"{base.rstrip('/')}/p/{obj_id}.html"
            self.body.append(r"\edid{\href{%s}{%s}}" % (self.encode_uri(url), self.encode(obj_id)))
        else:
            self.body.append(r"\edid{%s}" % self.encode(obj_id))
    self.body.append("\n\\end{sphinxuseclass}\\end{edblock}\n")


def _credit(self, node: nodes.Element) -> None:
    """A credit's words (prefix, siglum, place) and its children."""
    for part in credit_nodes(node):
        part.walkabout(self)
    for child in node.children:
        child.walkabout(self)


def visit_wording(self, node: nodes.Element) -> None:
    """The quotation exactly as typed (no TeX ligatures turn its quotes or
    dashes into others), in quotation marks, then its witness."""
    self.body.append("\n\\begin{edwording}\\edquote{%s}" % self.encode(node["text"]))
    found = next((c for c in node.children if isinstance(c, credit)), None)
    if found is not None:
        self.body.append("\\edcredit{")
        _credit(self, found)
        self.body.append("}")
    self.body.append("\\end{edwording}\n")
    raise nodes.SkipNode


def visit_credit(self, node: nodes.Element) -> None:
    self.body.append("\n\\edwitness{")
    _credit(self, node)
    self.body.append("}\n")
    raise nodes.SkipNode


def visit_summary(self, node: nodes.Element) -> None:
    text, *basis = (self.encode(child.astext()) for child in node.children)
    self.body.append("\n\\edsummary{\\DUrole{ed-label}{Content: }%s%s}\n"
                     % (text, "".join("\\DUrole{ed-basis}{%s}" % b for b in basis)))
    raise nodes.SkipNode


#: paragraph classes of a block and the macro that sets each
LINE_MACROS = {
    "ed-summary": "edsummary",
    "ed-withdrawn-note": "edwithdrawn",
    "ed-official-source": "edwitness",
    "ed-official-text": "edofficial",
    "ed-collation": "edcollation",
    "ed-suspect": "edsuspect",
}


def visit_line(self, node: nodes.Element) -> None:
    macro = next((m for c, m in LINE_MACROS.items() if c in node["classes"]), None)
    self.body.append("\n\\%s{" % (macro or "edsummary"))


def depart_line(self, node: nodes.Element) -> None:
    self.body.append("}\n")


def _links(self, items) -> None:
    """An object's typed links (:func:`.render.link_items`), each ID a link to
    its destination in the PDF."""
    def ref(place: tuple[str, str | None]) -> str:
        obj_id, docname = place
        text = self.encode(obj_id)
        if docname is None:
            return text
        return r"\hyperlink{%s}{%s}" % (dest(obj_id), text)

    lines = [r"\edlinktype{%s} %s" % (self.encode(name), joined)
             for name, _link_type, joined in link_lines(items, ref)]
    self.body.append("\n\\edlinks{%s}\n" % "\\newline ".join(lines))


class BibliographyTargets(SphinxPostTransform):
    """The LaTeX writer sets no label for a bibliography entry listed as a
    bullet item, so citations of works would point nowhere: give each entry
    (``ref-<key>``) a target of its own."""

    builders = ("latex",)
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        for item in list(self.document.findall(nodes.list_item)):
            ids = [i for i in item["ids"] if i.startswith("ref-")]
            if ids and item.children:
                first = item[0]
                holder = first if isinstance(first, nodes.TextElement) else item
                holder.insert(0, nodes.target("", "", ids=ids))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", configure)
    app.add_post_transform(BibliographyTargets)
