"""No raw HTML (or any raw markup) in the edition's content.

MyST passes HTML written in a page straight to the output, and HTML at the
start of a line swallows the rest of the line, roles and citations included,
unchecked. Content is never markup: each raw node is refused with its file
and line (``edition.html``) and printed as the text it is.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .diagnostics import warn


class RefuseRaw(SphinxTransform):
    default_priority = 200  # early, while reading

    def apply(self, **kwargs: Any) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            text = raw.astext()
            shown = " ".join(text.split())
            warn(f"raw {raw.get('format', '') or 'markup'} is not allowed in the edition's content: "
                 f"{shown[:80]!r}; write the text as text (escape a literal '<' as '&lt;')",
                 "html", raw)
            replacement = nodes.literal_block(text, text) if "\n" in text.strip() \
                else nodes.inline(text, text, classes=["ed-refused"])
            if isinstance(raw.parent, nodes.TextElement) or not isinstance(replacement, nodes.Body):
                raw.replace_self(replacement)
            else:
                raw.replace_self(nodes.paragraph("", "", replacement))


def setup(app) -> None:
    app.add_transform(RefuseRaw)
