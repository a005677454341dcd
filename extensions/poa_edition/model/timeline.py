"""The timeline of the PoA process: its data, and its picture as DOT: pure.

The events are data, ``edition/_data/timeline.toml``: each with what the
witnesses say of it and, as evidence, their words with witness and place (the
tests check every quotation against the witness texts, as they check the
wording of paragraphs). :func:`load` reads and checks the file and raises
:class:`~.registry.DataError` with the file and line; :func:`to_dot` draws the
events along a line of years. Nothing here imports Sphinx.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .lineage import FONT, quote
from .registry import DataError

FILE = "timeline.toml"
KINDS = ("meeting", "instrument", "context")
FIRST_YEAR, LAST_YEAR = 2001, 2018


@dataclass(frozen=True, slots=True)
class Evidence:
    witness: str
    place: str
    quote: str


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    name: str
    kind: str
    when: str
    facts: str
    evidence: tuple[Evidence, ...]
    year: int | None = None  # None: the witnesses give none
    after: str | None = None  # for an event without a year: the one it follows
    page: str | None = None  # the edition's page for its outcome (a docname)
    line: int = 0  # where it stands in the file


def anchor(event_id: str) -> str:
    return f"timeline-{event_id}"


def _line(text: str, event_id: str) -> int | None:
    m = re.search(rf'^\s*id\s*=\s*"{re.escape(event_id)}"', text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _key_line(text: str, line: int | None, key: str) -> int | None:
    """The line of ``key = ...`` in the event whose ``id`` stands at ``line``
    (before the next ``[[event]]``), or ``line`` itself."""
    if line is None:
        return None
    lines = text.splitlines()
    start = line - 1
    while start > 0 and not lines[start].strip().startswith("[[event]]"):
        start -= 1
    for n in range(start + 1, len(lines)):
        stripped = lines[n].strip()
        if stripped.startswith("[[event]]"):
            break
        if re.match(rf"{re.escape(key)}\s*=", stripped):
            return n + 1
    return line


#: a year named in ``when``
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def page_line(text: str, event: Event) -> int | None:
    """The line of the event's ``page`` key (for messages about it)."""
    return _key_line(text, event.line or None, "page")


def load(path: Path, witnesses: tuple[str, ...] = ("BP", "IB")) -> list[Event]:
    """The events, in the order of the file (which is the order of time)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(path, None, f"cannot be read: {err.strerror or err}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"\(at line (\d+)", str(err))
        raise DataError(path, int(m[1]) if m else None, f"not valid TOML: {err}") from None
    events: list[Event] = []
    seen: dict[str, Event] = {}
    for n, ev in enumerate(raw.get("event", []), 1):
        eid = ev.get("id")
        line = _line(text, eid) if isinstance(eid, str) else None

        def fail(message: str, key: str | None = None) -> DataError:
            at = _key_line(text, line, key) if key else line
            return DataError(path, at, f"event {eid or n}: {message}")

        if not isinstance(eid, str) or not re.fullmatch(r"[a-z][a-z0-9]*", eid):
            raise fail("`id` is a short lowercase name (letters and digits)")
        if eid in seen:
            raise fail(f"duplicate id {eid!r}")
        for key in ("name", "kind", "when", "facts"):
            if not isinstance(ev.get(key), str) or not ev[key].strip():
                raise fail(f"`{key}` is missing or empty")
        unknown = set(ev) - {"id", "name", "kind", "when", "facts", "year", "after", "page",
                             "evidence"}
        if unknown:
            raise fail(f"unknown key(s) {', '.join(sorted(unknown))}")
        if ev["kind"] not in KINDS:
            raise fail(f"`kind` is one of {', '.join(KINDS)}, not {ev['kind']!r}")
        year, after = ev.get("year"), ev.get("after")
        if year is None:
            if after not in seen:
                raise fail("an event without `year` names in `after` an earlier event it follows")
        elif isinstance(year, bool) or not isinstance(year, int):
            if isinstance(year, str) and year.strip().isdigit():
                raise fail(f'`year` must be an integer, not the string "{year}": write '
                           f"year = {int(year)}, without quotes", "year")
            raise fail(f"`year` must be an integer, a year from {FIRST_YEAR} to {LAST_YEAR}, "
                       f"not {year!r}", "year")
        elif not FIRST_YEAR <= year <= LAST_YEAR:
            raise fail(f"`year` is a year from {FIRST_YEAR} to {LAST_YEAR}, not {year}", "year")
        named = sorted(set(int(y) for y in _YEAR.findall(ev["when"])))
        if year is not None and named and year not in named:
            raise fail(f"`when` ({ev['when']!r}) names {', '.join(map(str, named))}, but `year` is "
                       f"{year}: correct one of them", "when")
        if year is None and named:
            raise fail(f"`when` ({ev['when']!r}) names {', '.join(map(str, named))}, but the event "
                       f"has no `year`: give `year = {named[0]}`, or leave the year out of `when`",
                       "when")
        page = ev.get("page")
        if page is not None and (not isinstance(page, str) or not page.strip()):
            raise fail("`page` is the edition's page (a document name such as "
                       "\"instruments/poa\")", "page")
        if events and year is not None:
            last = next((e.year for e in reversed(events) if e.year is not None), None)
            if last is not None and year < last:
                raise fail(f"out of order: {year} after {last} (the file is in the order of time)")
        evidence = []
        for e in ev.get("evidence", []):
            if e.get("witness") not in witnesses:
                raise fail(f"evidence names witness {e.get('witness')!r}; "
                           f"witnesses: {', '.join(witnesses)}")
            if not (e.get("place") or "").strip() or not (e.get("quote") or "").strip():
                raise fail("each evidence gives `place` and `quote`")
            evidence.append(Evidence(e["witness"], e["place"].strip(),
                                     " ".join(e["quote"].split())))
        if not evidence:
            raise fail("an event needs evidence: the witnesses' words that bear it out")
        event = Event(eid, ev["name"], ev["kind"], ev["when"], ev["facts"], tuple(evidence),
                      year, after if year is None else None, ev.get("page"), line or 0)
        events.append(event)
        seen[eid] = event
    return events


#: how each kind of event is drawn
STYLE = {
    "meeting": dict(shape="box", style="rounded,filled", fillcolor="#e8f0fa", color="#4a6a8a"),
    "instrument": dict(shape="box", style="filled", fillcolor="#fbf0dc", color="#8a6a2a"),
    "context": dict(shape="box", style="rounded,dashed", fillcolor="white", color="#888888"),
}


def _attrs(**attrs: str | None) -> str:
    items = [f"{k}={quote(v)}" for k, v in attrs.items() if v is not None]
    return " [" + ", ".join(items) + "]" if items else ""


def _label(event: Event) -> str:
    """The short name and the date (its first clause: the rest is for the page)."""
    when = event.when.split(";")[0]
    return f"{event.name.split(',')[0]}\n{when}" + ("" if event.year else "\n(year not given)")


def to_dot(events: list[Event], url: Callable[[str], str | None] = lambda _id: None,
           graph_id: str = "timeline") -> str:
    """The years from the first to the last event along a line, top to
    bottom, each event beside its year; an event the witnesses give no year
    drawn dashed between its neighbours. Every event links to ``url(id)``."""
    years = [e.year for e in events if e.year is not None]
    lo, hi = min(years, default=FIRST_YEAR), max(years, default=LAST_YEAR)
    out = [
        f"digraph {quote(graph_id)} {{",
        f"  graph{_attrs(id=graph_id, rankdir='TB', fontname=FONT, nodesep='0.3', ranksep='0.06', bgcolor='transparent')};",
        f"  node{_attrs(fontname=FONT, fontsize='10', margin='0.1,0.04')};",
        f"  edge{_attrs(arrowhead='none', color='#999999')};",
    ]
    for y in range(lo, hi + 1):
        out.append(f"  {quote(f'y{y}')}{_attrs(id=f'{graph_id}--y{y}', label=str(y), shape='plaintext', fontsize='11', group='years')};")
    if hi > lo:
        chain = " -> ".join(quote(f"y{y}") for y in range(lo, hi + 1))
        out.append(f"  {chain}{_attrs(penwidth='2', color='#4a6a8a', weight='100', minlen='2')};")
    by_year: dict[int, list[Event]] = {}
    for e in events:
        if e.year is not None:
            by_year.setdefault(e.year, []).append(e)
    for e in events:
        style = dict(STYLE[e.kind])
        if e.year is None:
            style["style"] = "rounded,dashed,filled"
        link = url(e.id)
        out.append(f"  {quote(e.id)}{_attrs(id=f'{graph_id}--{e.id}', label=_label(e), URL=link, tooltip=e.name + ': ' + e.facts, **style)};")
    for year, evs in sorted(by_year.items()):
        out.append("  { rank=same; " + "; ".join(quote(x) for x in [f"y{year}", *(e.id for e in evs)]) + "; }")
        # the year's column, then its events to the right, in the order of the file
        for a, b in zip([f"y{year}", *(e.id for e in evs)], [e.id for e in evs]):
            out.append(f"  {quote(a)} -> {quote(b)}{_attrs(style='dotted' if a.startswith('y') else 'invis')};")
    for e in events:
        if e.year is None:  # half-way between its neighbours' years, on no year's row
            before = next((x.year for x in events if x.id == e.after), None)
            nxt = next((x.year for x in events[events.index(e) + 1:] if x.year), None)
            if before is None or nxt is None:
                continue
            mid = (before + nxt - 1) // 2
            out.append(f"  {quote(f'y{mid}')} -> {quote(e.id)}{_attrs(style='invis')};")
            out.append(f"  {quote(e.id)} -> {quote(f'y{mid + 1}')}{_attrs(style='invis')};")
            for year in (before, nxt):
                out.append(f"  {quote(f'y{year}')} -> {quote(e.id)}{_attrs(style='dashed', constraint='false')};")
    out.append("}")
    return "\n".join(out) + "\n"
