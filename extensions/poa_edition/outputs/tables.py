"""Directives that print the edition's data as tables, so pages never drift
from ``edition/_data``: ``{edition-sigla}``, ``{edition-witnesses}``,
``{edition-links}``, ``{edition-labels}``, ``{edition-coverage}`` and
``{edition-concordance}``."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..sphinxext.state import builder_of, edition_of


#: a table of more rows than this is a longtable in the PDF: a tabular that
#: does not fit under its heading overfills the page (the labels of IB, once
#: the table of contents grew by a line)
LONG = 20


def _table(header: list[str], rows: list[list], widths: list[int]) -> nodes.table:
    # the widths are given: the LaTeX writer then sets each column to its
    # share of the line (tabulary's own guess clips sigla such as UNGA2008B)
    table = nodes.table(classes=["ed-data-table", "colwidths-given"])
    if len(rows) > LONG:  # in the PDF it may break across pages, its head repeated
        table["classes"].append("longtable")
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    body = nodes.tbody()
    group += body
    for target, cells in ((head, header), *((body, r) for r in rows)):
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += (nodes.paragraph("", "", cell) if isinstance(cell, nodes.Node)
                      else nodes.paragraph(text=cell))
            row += entry
        target += row
    return table


class SiglaTable(SphinxDirective):
    """The document registry: siglum, document, date, symbol."""

    def run(self) -> list[nodes.Node]:
        docs = edition_of(self.env).documents.values()
        rows = [
            [d.siglum, d.title + (f" ({d.note})" if d.note else ""), d.date or "", d.symbol or ""]
            for d in docs
        ]
        return [_table(["Siglum", "Document", "Date", "UN symbol"], rows, [19, 51, 14, 16])]


class WitnessTable(SphinxDirective):
    """The witnesses and commentary sources."""

    def run(self) -> list[nodes.Node]:
        wits = edition_of(self.env).witnesses.values()
        rows = [[w.siglum, w.short, w.title] for w in wits]
        return [_table(["Siglum", "Source", "Title"], rows, [10, 20, 70])]


class LinkTable(SphinxDirective):
    """The vocabulary of typed links."""

    def run(self) -> list[nodes.Node]:
        ed = edition_of(self.env)
        title = {name: t.title.lower() for name, t in ed.need_types.items()}
        rows = [
            [
                lt.outgoing,
                lt.incoming,
                " / ".join(title[t] for t in lt.sources),
                " / ".join(title[t] for t in lt.targets),
                lt.description + (" (automatic)" if lt.automatic else ""),
            ]
            for lt in ed.link_types.values()
        ]
        return [_table(["Link", "Back link", "From", "To", "Meaning"], rows, [12, 14, 16, 18, 40])]


class LabelTable(SphinxDirective):
    """Each witness's author-date labels and the works they name (the
    bibliography entry's title, linked to it: no refs.bib key on the page)."""

    def run(self) -> list[nodes.Node]:
        from ..sphinxext import bib
        from ..sphinxext.roles import xref

        ed = edition_of(self.env)
        by_key = {d.bibkey: d.siglum for d in ed.documents.values() if d.bibkey}
        entries = bib.bib_entries(self.env)
        for name in self.config.bibtex_bibfiles or ():  # titles come from refs.bib
            self.env.note_dependency(str(Path(builder_of(self.env).confdir, name)))

        def work(key: str) -> nodes.Node:
            entry = entries.get(key)
            title = bib.latex_text(entry.fields.get("title", "")) if entry else ""
            return xref(title or "(untitled)", "work", key)

        out: list[nodes.Node] = []
        for w in ed.witnesses.values():
            rows = [[label, work(key), by_key.get(key, "")] for label, key in w.labels.items()]
            out.append(nodes.rubric(text=f"{w.siglum}: {w.short}"))
            out.append(_table(["Label", "Work (bibliography entry)", "Siglum"], rows, [25, 55, 20]))
        return out


class pending_coverage(nodes.General, nodes.Element):
    """Replaced at writing by the coverage table (the model is complete then)."""


class CoverageTable(SphinxDirective):
    """``{edition-coverage}``: per document, how many paragraphs are attested
    whole, as fragments, in group fragments only, or not at all, and how many the commentary
    discusses. Counted from the whole edition when the page is written."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("ed").records(self.env.docname).tables.append("coverage")
        return [pending_coverage()]


class FillCoverage(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs) -> None:
        from ..model.linkgraph import coverage

        holders = list(self.document.findall(pending_coverage))
        if not holders:
            return
        rows = [[siglum, *(str(c[k]) for k in ("paragraphs", "official", "whole", "fragmentary",
                                                 "joint", "lacuna", "with commentary"))]
                for siglum, c in coverage(self.env.get_domain("ed").graph)]
        header = ["Document", "Paragraphs given", "Official text", "Whole", "Fragments",
                  "Group fragments only",
                  "Lacunae", "Discussed"]
        for holder in holders:
            holder.replace_self(_table(header, rows, [19, 11, 11, 10, 12, 13, 12, 12]))


class pending_concordance(nodes.General, nodes.Element):
    """Replaced at writing by the concordance tables (the model is complete then)."""


class ConcordanceTable(SphinxDirective):
    """``{edition-concordance}``: the figures, then every BMS6 paragraph with
    the earlier commitments it takes up and the notes that discuss it, then
    every earlier commitment with the BMS5 and BMS6 paragraphs that take it
    up (:mod:`.concordance`). Counted from the whole edition when the page is
    written."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("ed").records(self.env.docname).tables.append("concordance")
        return [pending_concordance()]


def _cell_table(header: list[str], rows: list[list[nodes.Node | str]], widths: list[int],
                classes: tuple[str, ...] = ()) -> nodes.table:
    """Like :func:`_table`, each cell text or a paragraph of nodes."""
    table = _table(header, [], widths)
    table["classes"] += list(classes)
    body = next(iter(table.findall(nodes.tbody)))
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += cell if isinstance(cell, nodes.paragraph) else nodes.paragraph(text=cell)
            row += entry
        body += row
    return table


class FillConcordance(SphinxPostTransform):
    default_priority = 5  # before references are resolved

    def run(self, **kwargs) -> None:
        from .render import id_reference

        from ..model.concordance import build

        holders = list(self.document.findall(pending_concordance))
        if not holders:
            return
        ed = edition_of(self.env)
        graph = self.env.get_domain("ed").graph
        conc = build(graph, ed.documents)

        def ref(obj_id: str) -> nodes.Node:
            return id_reference(self, obj_id)

        def refs(ids, sep: str = ", ") -> nodes.paragraph:
            para = nodes.paragraph()
            for n, obj_id in enumerate(ids):
                if n:
                    para += nodes.Text(sep)
                para += ref(obj_id)
            if not ids:
                para += nodes.Text("—")
            return para

        def uses(row_uses, name) -> nodes.paragraph:
            para = nodes.paragraph()
            for n, use in enumerate(row_uses):
                if n:
                    para += nodes.Text("; ")
                para += nodes.Text(f"{name(use.link_type)} ")
                para += ref(use.other)
                if use.notes:
                    para += nodes.Text(" (")
                    para += refs(use.notes).children
                    para += nodes.Text(")")
            if not row_uses:
                para += nodes.Text("—")
            return para

        def with_parents(row) -> nodes.paragraph:
            para = refs([row.id])
            if row.folded:  # counted once with the provision it is part of
                para += nodes.Text(" (with ")
                para += refs(row.folded).children
                para += nodes.Text(")")
            return para

        out_name = lambda lt: ed.link_types[lt].outgoing  # noqa: E731
        in_name = lambda lt: ed.link_types[lt].incoming  # noqa: E731
        counts = conc.counts()
        summary = _table(["", "Count"], [[k[0].upper() + k[1:], str(v)] for k, v in counts.items()],
                         [70, 15])
        summary["classes"].append("ed-concordance-counts")
        forward = _cell_table(
            ["BMS6 paragraph", "Takes up (per note)", "Links", "Discussed in", "Notes"],
            [[refs([r.id]), uses(r.uses, out_name), str(len(r.uses)), refs(r.notes),
              str(len(r.notes))] for r in conc.forward],
            [14, 44, 8, 26, 8], ("ed-concordance", "ed-concordance-forward"))
        reverse = _cell_table(
            ["Earlier commitment", "Taken up by BMS5", "Taken up by BMS6", "Paragraphs",
             "Discussed in"],
            [[with_parents(r), uses(r.by("BMS5"), in_name), uses(r.by("BMS6"), in_name),
              str(len({u.other for u in r.uses})), refs(r.notes)] for r in conc.reverse],
            [16, 28, 28, 10, 18], ("ed-concordance", "ed-concordance-reverse"))
        unrelated = refs([r.id for r in conc.unrelated])
        taken = refs([r.id for r in conc.taken_up])
        for n, holder in enumerate(holders):
            # each holder but the last gets copies (copying the tables is most of the cost)
            own = (lambda node: node) if n == len(holders) - 1 else (lambda node: node.deepcopy())
            holder.replace_self([
                nodes.rubric(text="In figures"), own(summary),
                nodes.rubric(text="Taken up by BMS5 or BMS6, as the witnesses read them"),
                own(taken),
                nodes.rubric(text="No relation to a BMS5 or BMS6 paragraph argued by the witnesses"),
                own(unrelated),
                nodes.paragraph(text="The papers state no relation between these and a numbered "
                                     "outcome paragraph; that says nothing of the outcomes "
                                     "themselves, which the edition does not have."),
                nodes.rubric(text="From each BMS6 paragraph to the earlier commitments"),
                own(forward),
                nodes.rubric(text="From each earlier commitment to the BMS5 and BMS6 paragraphs"),
                own(reverse),
            ])


def setup(app) -> None:
    app.add_directive("edition-sigla", SiglaTable)
    app.add_directive("edition-witnesses", WitnessTable)
    app.add_directive("edition-links", LinkTable)
    app.add_directive("edition-labels", LabelTable)
    app.add_directive("edition-coverage", CoverageTable)
    app.add_node(pending_coverage)
    app.add_post_transform(FillCoverage)
    app.add_directive("edition-concordance", ConcordanceTable)
    app.add_node(pending_concordance)
    app.add_post_transform(FillConcordance)
