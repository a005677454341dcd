"""UN document symbols in refs.bib, and where each came from: pure.

A UN document is found by its symbol (``A/RES/70/1``) at the UN's document
resolver, ``https://docs.un.org/en/<symbol>``; the bibliography links each
symbol there (the address is made from the symbol, never written by hand).
The witnesses' reference lists are lost and their texts give no symbols, so
a symbol is nearly always the editors' identification; refs.bib says so
for each, with the source it was taken from:

.. code-block:: bibtex

   symbol = {A/RES/70/1},
   symbolby = {editors},          % or the siglum of a witness that gives it
   symbolsource = {https://...},  % where the editors found it (with editors)

A full ``date`` that the witnesses do not give is marked the same way
(``dateby``, ``datesource``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from urllib.parse import quote

#: the UN's document resolver; ``{symbol}`` is replaced by the symbol
RESOLVER = "https://docs.un.org/en/{symbol}"
#: the editors, as ``symbolby`` / ``dateby`` names them
EDITORS = "editors"
#: the fields that may be the editors' identification
IDENTIFIED = ("symbol", "date")

#: a UN document symbol: an organ's letters, then parts joined by "/"
#: (A/RES/70/1, A/CONF.192/BMS/2016/WP.1/Rev.3, S/2015/289, A/71/438)
SYMBOL = re.compile(r"[A-Z]{1,4}(?:/[A-Za-z0-9.()\-]+)+")


def is_symbol(text: str) -> bool:
    return bool(SYMBOL.fullmatch(text))


def resolver_url(symbol: str, resolver: str = RESOLVER) -> str:
    """The document's address at ``resolver`` (default: docs.un.org)."""
    if not is_symbol(symbol):
        raise ValueError(f"not a UN document symbol: {symbol!r}")
    return resolver.replace("{symbol}", quote(symbol, safe="/.()-"))


def resolver_problem(resolver: str) -> str | None:
    """What is wrong with a resolver setting (None: nothing)."""
    if "{symbol}" not in resolver:
        return f"{resolver!r} has no {{symbol}} to put the document's symbol in"
    if not re.match(r"https?://[^/{}]+/", resolver):
        return f"{resolver!r} is not an http(s) address"
    return None


def identification_problems(fields: Mapping[str, str], witnesses: Collection[str]) -> list[str]:
    """What is wrong with an entry's symbol and its provenance: the symbol's
    shape, and for a symbol or date, who gives it (``editors`` or a
    witness's siglum) and, for the editors, the source (an http(s) address)."""
    out = []
    symbol = fields.get("symbol", "").strip()
    if symbol and not is_symbol(symbol):
        out.append(f"symbol {symbol!r} is not a UN document symbol (like A/RES/70/1)")
    for name in IDENTIFIED:
        value = fields.get(name, "").strip()
        by = fields.get(f"{name}by", "").strip()
        source = fields.get(f"{name}source", "").strip()
        if not value:
            if by or source:
                out.append(f"{name}by/{name}source without a {name}")
            continue
        if name == "date" and not by:
            continue  # a date the witnesses give needs no mark (the note says which)
        if not by:
            out.append(f"{name} {value!r}: say who gives it: {name}by = {{{EDITORS}}} with "
                       f"{name}source = {{<address>}}, or the siglum of the witness that does")
        elif by == EDITORS:
            if not re.match(r"https?://\S+$", source):
                out.append(f"{name} {value!r} is the editors' identification: {name}source must "
                           f"give the address it was taken from")
        elif by not in witnesses:
            out.append(f"{name}by {by!r} is neither {EDITORS!r} nor a witness's siglum "
                       f"({', '.join(sorted(witnesses))})")
    return out
