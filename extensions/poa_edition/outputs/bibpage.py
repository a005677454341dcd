"""The bibliography page: an author-date list, sorted as author-date styles
sort, each entry followed by the notes that cite it.

- :class:`EditionStyle`, the pybtex style ``edition`` (``bibtex_default_style``
  in conf.py): each entry reads author, year (``n.d.`` when undated), title,
  then the rest, as Chicago's author-date reference list does, and the list
  is sorted by author (a work without one by its title), then year (undated
  last), then title; accents, case, editorial square brackets and a leading
  article do not count.
- A UN document's ``symbol`` is printed with a link to the document at the
  UN's resolver (``edition_un_resolver`` in conf.py, default
  ``https://docs.un.org/en/{symbol}``: the address is made from the symbol),
  and who identified it: "the editors' identification, from <source>" or the
  witness that gives it (:mod:`..model.unsymbols`). ``make check``'s link
  check checks those addresses.
- :class:`CitedIn`: after each entry, "Cited in BP-N3, BP-N12": links to the
  commentary notes whose citations name the work, from the ``ed`` domain's
  records (every builder).
- :func:`changed_docs`: the page is written again whenever which notes cite
  which work changes, so an incremental build gives what a clean one does.
- Reuse of formatted entries: sphinxcontrib-bibtex formats every entry of
  every bibliography on every build (twice with tooltips), and formatting
  (LaTeX decoding) is most of what a bibliography costs. :class:`EditionStyle`
  keeps what it formatted in the ``ed`` domain's data, keyed by everything the
  result is made from (the label, the entry's type, fields and names, this
  module's code and pybtex's version), and gives it back when asked again with
  the same; anything else is formatted afresh, so a rebuild equals a clean one.
  A process that builds more than once (the tests, any in-process use of
  Sphinx) also keeps what it formatted in memory (:data:`_memo`), under the
  same keys, so a fresh project with the same entries formats none again.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from docutils import nodes
from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels.number import LabelStyle as NumberLabels
from pybtex.style.names.plain import NameStyle as PlainNames
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import field, href, join, optional, optional_field, sentence, tag
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..model import unsymbols
from ..model.registry import code_digest

from ..speed.processmemo import ProcessMemo
from ..sphinxext import bib, diagnostics
from ..sphinxext.roles import xref

STYLE = "edition"
#: ed domain data: digest of the work -> citing notes map when last written
DIGEST = "bib_citers"
#: ed domain data: the entries EditionStyle formatted in the last build, by _fingerprint
FORMATTED = "bib_formatted"

#: formatted entries to give back (from the last build) and those given this build
_reuse: dict[tuple, Any] = {}
_given: dict[tuple, Any] = {}
#: formatted entries of every build this process has run, by _fingerprint (the
#: key is everything the result is made from, so any build may take them)
_memo = ProcessMemo(20_000)


def fold(text: str) -> str:
    """A sort key for a name or title: no accents (in LaTeX or Unicode),
    braces or editorial brackets, lower case, without a leading article."""
    text = bib.latex_text(text)
    text = unicodedata.normalize("NFKD", text.replace("{", "").replace("}", ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"^[\s\[(\"'“‘]+", "", text)
    return re.sub(r"^(the|a|an)\s+", "", text).strip()


def _who(entry: Any) -> str:
    persons = entry.persons.get("author") or entry.persons.get("editor") or ()
    return "  ".join(fold(" ".join(p.prelast_names + p.last_names + p.first_names
                                   + p.middle_names)) for p in persons)


class AuthorYearTitle(BaseSortingStyle):
    """Author (or, without one, title), year (undated last), title."""

    def sorting_key(self, entry: Any) -> tuple:
        title = fold(entry.fields.get("title", ""))
        year = entry.fields.get("year", "")
        return (_who(entry) or title, year == "", year, title)


def year_suffixes(entries: list[Any]) -> dict[str, str]:
    """Author-date's letters: works of one author and one year (or both
    undated) get a, b, c … in the list's order (by title), so that each
    entry is told apart (``Jamaica. 2016a.``); a work alone in its year gets
    none. The witnesses' own letters stay in their citations' labels and in
    each entry's note (``BP: Jamaica, 2016e``)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        who = _who(entry)
        if who:
            groups.setdefault((who, entry.fields.get("year", "")), []).append(entry.key)
    out = {}
    for keys in groups.values():
        if len(keys) > 1:
            for i, key in enumerate(keys):
                out[key] = "abcdefghijklmnopqrstuvwxyz"[i] if i < 26 else f"-{i + 1}"
    return out


class EditionStyle(PlainStyle):
    """pybtex's ``plain`` with the year after the author, sorted author-date."""

    # the classes, not their names: pybtex finds a named style among the
    # installed distributions' entry points (a scan of all of them, each time
    # a style is made: at least once per build)
    default_sorting_style = AuthorYearTitle
    default_name_style = PlainNames  # pybtex's default, "plain"
    default_label_style = NumberLabels  # pybtex's default, "number"
    #: where a symbol links to (``edition_un_resolver``, set when the config is read)
    resolver = unsymbols.RESOLVER

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: key -> the year's letter, set by :meth:`sort` for the list it sorts
        self.suffixes: dict[str, str] = {}
        self._sort = self.sort  # pybtex sets the sorting style's method on the instance
        self.sort = self.sort_with_letters

    def sort_with_letters(self, entries: Any) -> list[Any]:
        """The list in author-date order, and each work's year letter."""
        ordered = list(self._sort(entries))
        self.suffixes = year_suffixes(ordered)
        return ordered

    def get_misc_template(self, e: Any) -> Any:
        letter = self.suffixes.get(e.key, "")
        dated = e.fields.get("year", "")
        year = sentence[f"{dated}{letter}" if dated else ("n.d." + (f"-{letter}" if letter else ""))]
        # a work's own title in italics (without an author, it leads the
        # entry and must not read as one); the editors' description of an
        # untitled work, in brackets, roman
        raw = e.fields.get("title", "")
        own = bool(raw) and not bib.latex_text(raw).lstrip("{").startswith("[")
        title = optional[sentence[tag("em")[self.format_title(e, "title", as_sentence=False)]]
                         if own else self.format_title(e, "title")]
        # an anonymous work is listed by its title, which then comes first
        head = ([sentence[self.format_names("author")], year, title] if e.persons.get("author")
                else [title, year])
        return toplevel[
            *head,
            sentence[optional[field("howpublished")], optional[field("month")]],
            sentence[optional_field("note")],
            *self.format_symbol(e),
            self.format_web_refs(e),
        ]

    def format_symbol(self, e: Any) -> list[Any]:
        """"UN document A/RES/70/1" (linked to the resolver), then who
        identified it; nothing without a valid symbol (refs.bib's check
        reports a wrong one)."""
        symbol = e.fields.get("symbol", "").strip()
        if not unsymbols.is_symbol(symbol):
            return []
        url = unsymbols.resolver_url(symbol, self.resolver)
        by = e.fields.get("symbolby", "").strip()
        source = e.fields.get("symbolsource", "").strip()
        if by == unsymbols.EDITORS:
            who = join["The symbol is the editors' identification",
                       *([", from ", source] if source else [])]
        elif by:
            who = join["The symbol as ", by, " gives it"]
        else:
            return [sentence[join["UN document ", href(url)[symbol]]]]
        return [sentence[join["UN document ", href(url)[symbol]]], sentence[who]]

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
        key = (None if bib_data is not None else
               _fingerprint(label, entry, self.suffixes.get(entry.key, "")))
        if key is None:
            return super().format_entry(label, entry, bib_data)
        done = _given.get(key)
        if done is None:
            done = _reuse.get(key)
        if done is None:
            done = _memo.get(key)
        if done is None:  # an entry that cannot be formatted raises (and is reported) every time
            done = super().format_entry(label, entry, bib_data)
            _memo.put(key, done)
        _given[key] = done
        return done


def _code() -> str:
    """What formatting depends on besides the entry: this module and pybtex."""
    import pybtex

    return code_digest(sys.modules[__name__], extra=pybtex.__version__)


def _fingerprint(label: str, entry: Any, letter: str = "") -> tuple | None:
    """Everything ``format_entry(label, entry)`` is made from; None when the
    entry also draws on another (a ``crossref``)."""
    fields = entry.fields
    if "crossref" in fields:
        return None
    persons = tuple((role, tuple((tuple(p.first_names), tuple(p.middle_names),
                                  tuple(p.prelast_names), tuple(p.last_names),
                                  tuple(p.lineage_names)) for p in people))
                    for role, people in entry.persons.items())
    key = (_code(), label, entry.key, entry.type, tuple(fields.items()), persons, letter,
           EditionStyle.resolver)
    try:
        hash(key)
    except TypeError:  # a field that is not text: not kept
        return None
    return key


def reuse_formatted(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``, before sphinxcontrib-bibtex formats the bibliographies:
    offer the entries formatted in the last build."""
    _given.clear()
    _reuse.clear()
    _reuse.update(env.get_domain("ed").data.get(FORMATTED) or {})


def keep_formatted(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``, after sphinxcontrib-bibtex: keep what was formatted
    in this build (only that: entries no longer listed are dropped)."""
    env.get_domain("ed").data[FORMATTED] = dict(_given)
    _reuse.clear()


register_plugin("pybtex.style.sorting", STYLE, AuthorYearTitle, force=True)
register_plugin("pybtex.style.formatting", STYLE, EditionStyle, force=True)


def _note_order(note_id: str) -> tuple[str, int]:
    witness, _, num = note_id.partition("-N")
    return (witness, int(num) if num.isdigit() else 0)


def citers(env: BuildEnvironment) -> dict[str, list[str]]:
    """refs.bib key -> the notes that cite it, in note order."""
    out: dict[str, set[str]] = {}
    for recs in env.get_domain("ed").docs.values():
        for cite in recs.cites:
            if cite.note:
                out.setdefault(cite.bibkey, set()).add(cite.note)
    return {key: sorted(notes, key=_note_order) for key, notes in sorted(out.items())}


class CitedIn(SphinxPostTransform):
    """Append "Cited in <notes>" to each bibliography entry on this page."""

    default_priority = 6  # after sphinxcontrib-bibtex lists the entries (5), before resolving (10)

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        anchors = {anchor: key for key, (doc, anchor) in bib.entry_targets(self.env).items()
                   if doc == docname}
        if not anchors:
            return
        cited = citers(self.env)
        for node in list(self.document.findall(nodes.Element)):
            key = next((anchors[i] for i in node.get("ids", ()) if i in anchors), None)
            if key is None or not cited.get(key):
                continue
            holder = next((c for c in node.children if isinstance(c, nodes.paragraph)), node)
            line = nodes.inline("", "", classes=["ed-citedby"])
            line += nodes.Text(" Cited in ")
            for i, note in enumerate(cited[key]):
                if i:
                    line += nodes.Text(", ")
                line += xref(note, "p", note, classes=["ed-ref"])
            line += nodes.Text(".")
            holder += line


def changed_docs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the bibliography pages, when the notes citing
    any work changed."""
    domain = env.get_domain("ed")
    digest = hashlib.sha256(repr(citers(env)).encode()).hexdigest()
    if domain.data.get(DIGEST) == digest:
        return []
    first = DIGEST not in domain.data
    domain.data[DIGEST] = digest
    if first:
        return []
    return sorted({key.docname for key in env.get_domain("cite").bibliographies})


def use_resolver(app: Sphinx, config: Config) -> None:
    """``config-inited``: the resolver the symbols link to. A wrong setting
    is one located error (conf.py and its line), the build's exit status 2,
    and the default resolver for the rest of the build."""
    problem = unsymbols.resolver_problem(config.edition_un_resolver)
    if problem is None:
        EditionStyle.resolver = config.edition_un_resolver
        return
    EditionStyle.resolver = unsymbols.RESOLVER
    conf = Path(app.confdir, "conf.py")
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    line = next((n for n, text in reversed(list(enumerate(lines, 1)))
                 if re.match(r"edition_un_resolver\s*=", text)), None)
    diagnostics.data_error(app, f"edition_un_resolver = {problem}",
                           f"{conf}:{line}" if line else str(conf))


def setup(app: Sphinx) -> None:
    app.add_config_value("edition_un_resolver", unsymbols.RESOLVER, "env", types=(str,))
    app.connect("config-inited", use_resolver)
    app.add_post_transform(CitedIn)
    app.connect("env-get-updated", changed_docs)
    # sphinxcontrib-bibtex formats the bibliographies at env-updated, priority 500
    app.connect("env-updated", reuse_formatted, priority=400)
    app.connect("env-updated", keep_formatted, priority=600)
