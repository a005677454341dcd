"""Pictures drawn with Graphviz: the lineage of BMS6 paragraphs and the
timeline of the PoA process (Sphinx glue; the DOT is written by the pure
modules :mod:`.lineage` and :mod:`.timeline`).

- ``{edition-lineage}`` draws, for every BMS6 paragraph that takes up an
  earlier commitment, that commitment and what it takes up in turn, each
  edge labelled with its link type and the note that argues it; every
  paragraph with a lineage links to its picture.
- ``{edition-timeline}`` draws the meetings of ``edition/_data/timeline.toml``
  and lists what the witnesses say of each, with their words as evidence.

Graphviz's ``dot`` (the setting ``edition_dot``, default ``dot`` on the PATH)
draws each picture while the page is written: for HTML an SVG inlined in the
page (its nodes and labels are links; nothing is fetched from anywhere), for
LaTeX a PDF beside the sources, included in the PDF edition. Every picture has
a text list of the same links beside it. Without ``dot`` the build reports
``edition.graphviz`` once (which fails a strict build) and leaves the
pictures out, keeping the lists. The drawings a build used are kept for the
next build (beside the environment, ``edition-drawings.pickle``, by the
digest of the program, its size and time, the format and the DOT) and for the
process's next build: the pages with pictures are written on every build, and
``dot`` runs only for a picture that changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from . import render
from .render import id_reference

from ..model import lineage as lin
from ..sphinxext import nodes as ed
from ..sphinxext.diagnostics import warn
from ..speed.filesync import keep, read_kept, write_if_changed
from ..speed.processmemo import ProcessMemo
from .formats.pieces import Memo
from ..model.registry import DataError, code_digest
from ..sphinxext.state import builder_of, cached, edition_of, per_build, remember

if TYPE_CHECKING:
    from ..model import timeline as tl

LINEAGE, TIMELINE = "lineage", "timeline"


class graph_figure(nodes.General, nodes.Element):
    """A picture: ``dot`` (DOT with links, for HTML), ``dot_print`` (without,
    for LaTeX), ``name`` (for files) and ``caption``. :class:`DrawPictures`
    adds ``svg`` or ``pdf`` when the page is written."""


class pending_lineage(nodes.General, nodes.Element):
    """Replaced at writing by every lineage (the link graph is complete then)."""


# -- the directives -------------------------------------------------------------


class LineageDirective(SphinxDirective):
    """``{edition-lineage}``: the lineage of every BMS6 paragraph that has one."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("ed").records(self.env.docname).tables.append(LINEAGE)
        node = pending_lineage()
        self.set_source_info(node)
        return [node]


class TimelineDirective(SphinxDirective):
    """``{edition-timeline}``: the picture and the list of events."""

    def run(self) -> list[nodes.Node]:
        from ..model import timeline as tl  # only when the timeline's page is read

        edition = edition_of(self.env)
        path = Path(self.env.srcdir, self.config.edition_data, tl.FILE)
        self.env.note_dependency(str(path))
        try:
            events = tl.load(path, tuple(edition.witnesses) or ("BP", "IB"))
        except DataError as err:
            warn(err.message, "data", f"{err.path}:{err.line}" if err.line else self.get_location())
            return []
        self.env.get_domain("ed").records(self.env.docname).tables.append(TIMELINE)
        figure = graph_figure(
            dot=tl.to_dot(events, url=lambda e: f"#{tl.anchor(e)}"), dot_print=tl.to_dot(events),
            name="timeline",
            caption="The PoA process, 2001–2018, as the witnesses date it: meetings in blue, "
                    "instruments adopted in yellow, related events outside the process dashed. "
                    "Each links to what the witnesses say of it, below.")
        self.set_source_info(figure)
        out: list[nodes.Node] = [figure]
        for event in events:
            out.append(self._entry(event, edition))
        return out

    def _entry(self, event: tl.Event, edition) -> nodes.Element:
        from ..model import timeline as tl

        box = nodes.container(classes=["ed-event", f"ed-{event.kind}"])
        box += nodes.target("", "", ids=[tl.anchor(event.id)])  # a label in LaTeX too
        box += nodes.rubric(text=f"{event.when.split(';')[0]}: {event.name}")
        facts = nodes.paragraph(text=event.facts)
        box += facts
        if ";" in event.when:
            box += nodes.paragraph(text=f"Date: {event.when}.", classes=["ed-event-date"])
        if event.page:
            # resolved when the page is written (the ``ed`` domain: the page's
            # title); a page that does not exist is reported at its line in
            # timeline.toml on every build (EditionDomain.data_problems)
            para = nodes.paragraph(classes=["ed-event-page"])
            ref = addnodes.pending_xref("", refdomain="ed", reftype="page",
                                        reftarget=event.page, refexplicit=False,
                                        refdoc=self.env.docname, refwarn=False)
            ref += nodes.inline(text=event.page)
            para += nodes.Text("In this edition: ")
            para += ref
            box += para
        items = nodes.bullet_list(classes=["ed-evidence"])
        for e in event.evidence:
            item = nodes.list_item()
            para = nodes.paragraph()
            para += nodes.Text(f"“{e.quote}” — ")
            witness = edition.witnesses.get(e.witness)
            if witness is not None:
                para += nodes.abbreviation(e.witness, e.witness,
                                           explanation=f"{witness.short}, {witness.title}")
            else:
                para += nodes.Text(e.witness)
            para += nodes.Text(f", “{e.place}”")
            item += para
            items += item
        box += items
        return box


# -- filling in the lineages ----------------------------------------------------------


def lineage_page(domain) -> str | None:
    """The page that shows the lineages (the first, if several do)."""
    return next((d for d in sorted(domain.docs) if LINEAGE in domain.docs[d].tables), None)


class FillLineage(SphinxPostTransform):
    default_priority = 5  # before references are resolved

    def run(self, **kwargs: Any) -> None:
        holders = list(self.document.findall(pending_lineage))
        if not holders:
            return
        domain = self.env.get_domain("ed")
        graph = domain.graph
        documents = edition_of(self.env).documents
        fromdoc = self.env.docname
        builder = builder_of(self.env)
        html = builder.format == "html"

        def url(obj_id: str) -> str | None:
            obj = graph.objects.get(obj_id)
            if obj is None or not html:
                return None
            if obj.docname == fromdoc:
                return f"#{obj_id}"
            return f"{builder.get_relative_uri(fromdoc, obj.docname)}#{obj_id}"

        def ref(obj_id: str) -> nodes.Node:
            return id_reference(self, obj_id)

        lineages = lin.lineages(graph)
        for holder in holders:
            out: list[nodes.Node] = []
            for one in lineages:
                box = nodes.container(classes=["ed-lineage"])
                box += nodes.target("", "", ids=[lin.anchor(one.root)])  # a label in LaTeX too
                root = graph.objects[one.root]
                title = nodes.rubric()
                title += ref(one.root)
                title += nodes.Text(f" ({root.title})")
                box += title
                if root.summary:
                    box += nodes.paragraph(text=root.summary, classes=["ed-summary"])
                figure = graph_figure(
                    dot=lin.to_dot(one, graph, documents, url),
                    dot_print=lin.to_dot(one, graph, documents),
                    name=lin.graph_id(one.root),
                    caption=f"What {one.root} takes up, as the commentary argues it: "
                            "each arrow points to the earlier text and names the note.")
                figure.source, figure.line = holder.source, holder.line
                box += figure
                items = nodes.bullet_list(classes=["ed-lineage-edges"])
                for edge in one.edges:
                    para = nodes.paragraph()
                    para += ref(edge.source)
                    name = graph.link_types[edge.link_type].outgoing
                    para += nodes.Text(f" {name} ")
                    para += ref(edge.target)
                    if edge.notes:
                        para += nodes.Text(", argued in ")
                        for n, note in enumerate(edge.notes):
                            if n:
                                para += nodes.Text(", ")
                            para += ref(note)
                    items += nodes.list_item("", para)
                box += items
                out.append(box)
            if not out:
                out.append(nodes.paragraph(
                    text="No BMS6 paragraph takes up an earlier commitment yet."))
            holder.replace_self(out)


def lineage_line(builder: Any, docname: str, obj_id: str) -> nodes.Node | None:
    """Under each BMS6 paragraph that has a lineage, a link to its picture
    (a line :mod:`.render` draws after the links)."""
    domain = builder.env.get_domain("ed")

    def find() -> tuple[str | None, frozenset[str]]:
        page = lineage_page(domain)
        return page, frozenset(lin.roots(domain.graph)) if page else frozenset()

    page, roots = per_build(builder, "lineage-roots", find)
    if obj_id not in roots:
        return None
    line = ed.block_line("", "", classes=["ed-lineage-link"])
    line += make_refnode(builder, docname, page, lin.anchor(obj_id),
                         nodes.inline(text="Lineage: picture"), f"What {obj_id} takes up, drawn")
    return line


# -- drawing ---------------------------------------------------------------------------


def dot_command(env: BuildEnvironment) -> str | None:
    """The ``dot`` program, or None (reported once per build)."""
    def find() -> str | None:
        return shutil.which(env.config.edition_dot)
    return per_build(env, "dot", find)


class DrawPictures(SphinxPostTransform):
    """Run ``dot`` for every picture of the page being written."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        figures = list(self.document.findall(graph_figure))
        if not figures:
            return
        builder = builder_of(self.env)
        fmt = builder.format
        if fmt not in ("html", "latex"):
            for figure in figures:
                figure.parent.remove(figure)
            return
        dot = dot_command(self.env)
        if dot is None:
            if not per_build(self.env, "dot-reported", lambda: False):
                remember(self.env, "dot-reported", True)
                warn(f"Graphviz's dot was not found ({self.config.edition_dot!r}): the lineage "
                     "and timeline pictures are left out. Install Graphviz (Debian: apt-get "
                     "install graphviz) or set edition_dot in conf.py to the dot program",
                     "graphviz", figures[0])
            for figure in figures:
                figure.parent.remove(figure)
            return
        html = fmt == "html"
        drawings = draw(dot, [(f["dot"] if html else f["dot_print"], "svg" if html else "pdf")
                              for f in figures], _kept(builder))
        for figure, out in zip(figures, drawings):
            if isinstance(out, str):
                self._failed(figure, out)
            elif html:
                figure["svg"] = inline_svg(out.decode("utf-8"))
            else:
                name = "edgraph-" + re.sub(r"[^A-Za-z0-9]+", "-", figure["name"]) + ".pdf"
                write_if_changed(Path(builder.outdir, name), out)  # atomic
                figure["pdf"] = name

    def _failed(self, figure: graph_figure, why: str) -> None:
        warn(f"Graphviz's dot could not draw the picture {figure['name']!r}: {why}",
             "graphviz", figure)
        figure.parent.remove(figure)


#: drawings made by this process, by (the program and its file's size and
#: time, the format, the source): a process that builds more than once (the
#: tests, any in-process use of Sphinx) runs ``dot`` once per picture
_drawn = ProcessMemo(64)
#: beside the environment: the drawings the last build used, by the digest of
#: their key (:class:`.formats.pieces.Memo`, :func:`..speed.filesync.keep`)
DRAWINGS = "edition-drawings.pickle"


def draw(dot: str, jobs: list[tuple[str, str]], kept: Memo | None = None) -> list[bytes | str]:
    """The drawings of ``jobs`` (``(DOT, format)`` pairs, a page's pictures),
    each one or why there is none: from this process's earlier builds, or from
    ``kept`` (the drawings of the last build), or made by ``dot`` (and kept in
    both); those to make are made at once, a ``dot`` process each, as many
    at a time as there are processors. A failure is not kept: it is reported
    every time."""
    try:
        info = os.stat(dot)
    except OSError as err:
        return [str(err)] * len(jobs)
    keys = [(dot, info.st_size, info.st_mtime_ns, fmt, source) for source, fmt in jobs]
    digests = [hashlib.sha256(repr(key).encode("utf-8")).digest() for key in keys]
    out: dict[tuple, bytes | str] = {}
    for key, digest in zip(keys, digests):
        drawn = _drawn.get(key)
        if drawn is None and kept is not None:
            drawn = kept.get(digest)
        if drawn is not None:
            out[key] = drawn
    todo = list(dict.fromkeys(k for k in keys if k not in out))
    if todo:
        with ThreadPoolExecutor(min(len(todo), os.cpu_count() or 1)) as pool:
            out.update(zip(todo, pool.map(_run_dot, todo)))
    for key, digest in zip(keys, digests):
        if isinstance(drawn := out[key], bytes):
            _drawn.put(key, drawn)
            if kept is not None:
                kept.put(digest, drawn)
    return [out[key] for key in keys]


def _run_dot(key: tuple) -> bytes | str:
    """``dot`` run on one picture (``key``: the program, its size and time,
    the format, the DOT): the drawing, or why there is none."""
    dot, _size, _time, fmt, source = key
    try:
        done = subprocess.run([dot, f"-T{fmt}"], input=source.encode("utf-8"),
                              capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as err:
        return str(err)
    if done.returncode != 0:
        return done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
    if fmt == "pdf":  # cairo stamps the time: a fixed date, so builds are byte-identical
        return re.sub(rb"/CreationDate \(D:\d{14}Z?\)", b"/CreationDate (D:20000101000000Z)",
                      done.stdout)
    return done.stdout


def _kept(builder: Any) -> Memo:
    """This build's memo of drawings: those of the last build to take from,
    those used now to keep (:func:`keep_drawings`)."""
    return per_build(builder.env, "drawings", lambda: Memo(
        read_kept(Path(builder.doctreedir, DRAWINGS), _code())))


def keep_drawings(app: Sphinx, exception: Any) -> None:
    """``build-finished``: keep the drawings this build used (only those), if
    it drew any picture and they changed."""
    memo = cached(app, "drawings")
    if memo is not None and memo.now.keys() != memo.before.keys():
        keep(Path(app.doctreedir, DRAWINGS), _code(), memo.now)


def _code() -> str:
    return code_digest(sys.modules[__name__])


def inline_svg(svg: str) -> str:
    """Graphviz's SVG as an element of an HTML page: from ``<svg`` on, without
    comments; it scales down with the page (CSS)."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    return svg.replace("<svg ", '<svg class="ed-graph-svg" ', 1).strip()


def _html_figure(self, node: graph_figure) -> None:
    svg = node.get("svg")
    if svg:
        caption = self.encode(node["caption"])
        # focusable: on a phone the figure scrolls sideways (edition.css), and a
        # region that scrolls must be reachable by the keyboard (WCAG 2.1.1)
        kind = "ed-graph-timeline" if node["name"] == "timeline" else "ed-graph-lineage"
        self.body.append(f'<figure class="ed-graph {kind}" tabindex="0">\n{svg}\n'
                         f'<figcaption>{caption}</figcaption>\n</figure>\n')
    raise nodes.SkipNode


def _latex_figure(self, node: graph_figure) -> None:
    name = node.get("pdf")
    if name:
        base = name.removesuffix(".pdf")
        # a float, scaled to fit the page (\\edpicture): text flows round it,
        # so no page is left mostly blank before a tall picture
        self.body.append("\n\\begin{figure}[htbp]\\centering\\edpicture{{%s}.pdf}\n"
                         "\\par{\\small %s\\par}\\end{figure}\n"
                         % (base, self.encode(node["caption"])))
    raise nodes.SkipNode


def _skip(self, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_config_value("edition_dot", "dot", "html", types=(str,))
    app.add_node(graph_figure, html=(_html_figure, None), latex=(_latex_figure, None),
                 **{b: (_skip, None) for b in ("text", "man", "texinfo")})
    app.add_node(pending_lineage)
    app.add_directive("edition-lineage", LineageDirective)
    app.add_directive("edition-timeline", TimelineDirective)
    render.add_line(app, lineage_line)
    app.add_post_transform(FillLineage)
    app.add_post_transform(DrawPictures)
    app.connect("build-finished", keep_drawings)
