"""The edition's doctree nodes and how each builder writes them.

A block's doctree holds only what is its own text and what search and the
PDF need: the wording (a text node, indexed for search), the summary, the
apparatus, the official text. Everything drawn around it comes from the
``ed`` domain when the page is written (:mod:`.render`): the number in the
margin, the lacuna note, the witness credits, the typed links, the ID with
its permalink and, in HTML, the "Cite" control. So a paragraph is a handful
of nodes instead of a few dozen, which every transform and the writer walk,
and which Sphinx keeps in memory until its page is written. HTML and LaTeX
draw the same structure; the markup is theirs (:mod:`..outputs.html`,
:mod:`..outputs.latex`), which register these nodes with their visitors.
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
