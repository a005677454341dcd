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
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

STY = Path(__file__).parent / "latex" / "poaedition.sty"


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
    for node_id in node["ids"]:
        # a named destination equal to the ID, and Sphinx's own label for \hyperref
        self.body.append(r"\hypertarget{%s}{}" % dest(node_id))
        self.body.append(self.hypertarget(node_id, anchor=False))
    self.body.append("\n\\begin{edblock}")
    node["ids"] = []  # written above; keep the writer from adding its own


def depart_block(self, node: nodes.Element) -> None:
    self.body.append("\\end{edblock}\n")


def visit_number(self, node: nodes.Element) -> None:
    self.body.append(r"\edparanum{%s}" % self.encode(node.astext()))
    raise nodes.SkipNode


def visit_wording(self, node: nodes.Element) -> None:
    """The quotation exactly as typed (no TeX ligatures turn its quotes or
    dashes into others), in quotation marks, then its witness."""
    self.body.append("\n\\begin{edwording}\\edquote{%s}" % self.encode(node["text"]))
    credit = next((c for c in node.children if "ed-witness" in c.get("classes", ())), None)
    if credit is not None:
        self.body.append("\\edcredit{")
        for child in credit.children:
            child.walkabout(self)
        self.body.append("}")
    self.body.append("\\end{edwording}\n")
    raise nodes.SkipNode


#: paragraph classes of a block and the macro that sets each
LINE_MACROS = {
    "ed-lacuna-note": "edlacuna",
    "ed-summary": "edsummary",
    "ed-withdrawn-note": "edwithdrawn",
    "ed-note-source": "edwitness",
    "ed-witness": "edwitness",
    "ed-official-source": "edwitness",
    "ed-official-text": "edofficial",
    "ed-collation": "edcollation",
    "ed-suspect": "edsuspect",
}


def visit_line(self, node: nodes.Element) -> None:
    macro = next((m for c, m in LINE_MACROS.items() if c in node["classes"]), None)
    if "ed-id" in node["classes"]:
        obj_id = node.astext()
        base = self.config.html_baseurl
        if base:
            url = f"{base.rstrip('/')}/p/{obj_id}.html"
            self.body.append(r"\edid{\href{%s}{%s}}" % (self.encode_uri(url), self.encode(obj_id)))
        else:
            self.body.append(r"\edid{%s}" % self.encode(obj_id))
        raise nodes.SkipNode
    self.body.append("\n\\%s{" % (macro or "edsummary"))


def depart_line(self, node: nodes.Element) -> None:
    self.body.append("}\n")


def visit_links(self, node: nodes.Element) -> None:
    """An object's typed links (:class:`.nodes.link_list`), each ID a link to
    its destination in the PDF."""
    def ref(place: tuple[str, str | None]) -> str:
        obj_id, docname = place
        text = self.encode(obj_id)
        if docname is None:
            return text
        return r"\hyperlink{%s}{%s}" % (dest(obj_id), text)

    from .nodes import link_lines

    lines = [r"\edlinktype{%s} %s" % (self.encode(name), joined)
             for name, _link_type, joined in link_lines(node, ref)]
    self.body.append("\n\\edlinks{%s}\n" % "\\newline ".join(lines))
    raise nodes.SkipNode


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
