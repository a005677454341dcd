"""The ``ed`` domain: cross-references to paragraphs by ID.

``{ed:p}`BMS6-38``` links to the paragraph and shows its ID;
``{ed:p}`paragraph 38 <BMS6-38>``` shows other text. Targets are the needs
the edition defines, so a reference to an ID that does not exist is a
located ``edition.link`` warning, never a silent plain text.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode
from sphinx_needs.data import SphinxNeedsData

from .citing import CiteRole
from .report import warn


class EditionDomain(Domain):
    name = "ed"
    label = "Edition"
    object_types = {"paragraph": ObjType("paragraph", "p")}
    roles = {"p": XRefRole(), "cite": CiteRole()}
    initial_data: dict[str, Any] = {}

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        need = SphinxNeedsData(env).get_needs_view().get(target)
        if need is None or not need["docname"]:
            warn(f"reference to unknown paragraph {target!r}", "link", node)
            # reported: answer with plain text, so Sphinx does not report it again
            return nodes.inline("", "", contnode, classes=["ed-dead"])
        return make_refnode(builder, fromdocname, need["docname"], target, contnode, need["title"])

    def resolve_any_xref(self, *args: Any) -> list:
        return []

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        pass  # the targets are sphinx-needs data, merged by sphinx-needs

    def clear_doc(self, docname: str) -> None:
        pass
