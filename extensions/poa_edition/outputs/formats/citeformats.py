"""How to cite one paragraph, section or note of the edition: pure data to text.

From an :class:`Item` (what the model knows of the object: its document, how
its wording is attested) and the :class:`EditionInfo` (title, editors,
version, release date, published address) this makes

- a reference in Chicago author-date style (:func:`chicago`, as styled
  segments, and the in-text form :func:`chicago_in_text`),
- a BibTeX entry (:func:`bibtex`), a CSL-JSON item (:func:`csl_json`) and a
  RIS record (:func:`ris`), with the same parts in the fields each format's
  readers (CSL processors, BibTeX and biblatex, Zotero's RIS import) print
  or keep as fields.

The reference form (the conventions page gives it, with Chicago's rules):
a paragraph is the UN document's, cited as a part of an edited work, the
document in this edition. Its author is the UN body and its date the
document's (2016); the edition, its version and release date, and its
editors are the container; the item is the paragraph, so its number is part
of the title (``Outcome of the Sixth Biennial Meeting of States, Paragraph
38``) and two paragraphs are two distinct entries; the in-text citation
gives the paragraph as Chicago's locator (``(UNGA 2016, para. 38)``). How
the wording is known (reconstructed from witnesses, a lacuna, the official
text) is part of the entry in every format. A note is the editors' own
text, dated by the release.

Names: a name written ``Family, Given`` is a person; any other name is kept
as written (an institution).

Nothing here imports Sphinx; :mod:`.citethis` feeds it from the model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

#: per kind of object: the word in an item's title, the short form of the
#: locator Chicago (and CSL's en-US terms) print, CSL's locator label
LOCATOR_LABELS = {"paragraph": ("Paragraph", "para.", "paragraph"),
                  "section": ("Section", "sec.", "section"),
                  "note": ("Note", "n.", "note")}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
#: biblatex's ``langid`` for the edition's language
_LANGIDS = {"en": "english", "fr": "french", "es": "spanish"}


@dataclass(frozen=True, slots=True)
class EditionInfo:
    """The edition as a publication."""

    title: str
    editors: tuple[str, ...]
    version: str
    date: str  # the release date of this version, ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    base_url: str = ""  # html_baseurl; "" when not published
    #: the PDF edition's file name, published beside the HTML ("" none)
    pdf: str = ""
    #: who publishes the edition, when not its editors ("" = the editors)
    publisher: str = ""
    language: str = "en"

    def url(self, obj_id: str) -> str:
        """The short URL of an object (``p/<ID>.html``), or "" without a base."""
        return f"{self.base_url.rstrip('/')}/p/{obj_id}.html" if self.base_url else ""

    def pdf_url(self, obj_id: str = "") -> str:
        """The PDF edition's address, at the object's destination (``#ID``)."""
        if not (self.base_url and self.pdf):
            return ""
        return f"{self.base_url.rstrip('/')}/{self.pdf}" + (f"#{obj_id}" if obj_id else "")


@dataclass(frozen=True, slots=True)
class Item:
    """One paragraph, section or note, as the model knows it."""

    id: str  # "BMS6-38"
    kind: str  # "paragraph" | "section" | "note"
    locator: str  # "38", "II.18", "III.B" (sections without the S), "N12"
    #: the document (or, for a note, what the note comments on)
    doc_title: str
    doc_authors: tuple[str, ...] = ()
    doc_date: str = ""  # ISO 8601, "" unknown
    doc_symbol: str = ""
    #: official | whole | fragmentary | joint | lacuna ("" for notes)
    attestation: str = ""
    #: the witnesses that quote the wording: (siglum, name), e.g. ("BP", "Briefing Paper")
    witnesses: tuple[tuple[str, str], ...] = ()
    withdrawn: str = ""


def _year(date: str) -> str:
    return date[:4] if re.match(r"\d{4}", date or "") else ""


def _date_parts(date: str) -> list[int]:
    return [int(p) for p in re.findall(r"\d+", date or "")[:3]]


def long_date(date: str) -> str:
    """``2026-11-29`` as Chicago writes it: ``November 29, 2026`` (``November
    2026``, ``2026``)."""
    parts = _date_parts(date)
    if len(parts) >= 3 and 1 <= parts[1] <= 12:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2 and 1 <= parts[1] <= 12:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0]) if parts else ""


def _is_person(name: str) -> bool:
    return "," in name


def _split(name: str) -> tuple[str, str]:
    family, _, given = name.partition(",")
    return family.strip(), given.strip()


def _names_inverted_first(names: tuple[str, ...]) -> str:
    """Chicago's reference-list order: the first name inverted, the rest not
    (``Doe, Jane, and Richard Roe``)."""
    out = []
    for i, name in enumerate(names):
        if _is_person(name):
            family, given = _split(name)
            out.append(f"{family}, {given}" if i == 0 and given else
                       f"{given} {family}".strip())
        else:
            out.append(name)
    if len(out) == 2 and _is_person(names[0]) and _split(names[0])[1]:
        return f"{out[0]}, and {out[1]}"
    return _and(out)


def _names_natural(names: tuple[str, ...]) -> str:
    out = []
    for name in names:
        family, given = _split(name) if _is_person(name) else (name, "")
        out.append(f"{given} {family}".strip())
    return _and(out)


def _family_names(names: tuple[str, ...]) -> str:
    return _and([_split(n)[0] if _is_person(n) else n for n in names])


def _and(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def _end(text: str) -> str:
    """``text`` ending with a full stop (not doubled)."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."


def headline(title: str) -> str:
    """Chicago's headline style where the edition's titles need it: the first
    word, and the first word after a colon, capitalized (the rest as written)."""
    def cap(match: re.Match[str]) -> str:
        return match[1] + match[2].upper()

    return re.sub(r"(^|:\s+)([a-z])", cap, title)


def _witness_names(item: Item) -> str:
    return _and([f"the {name} ({siglum})" for siglum, name in item.witnesses])


def status_note(item: Item) -> str:
    """What a reader must know of the wording behind this citation: how the
    edition knows it (or that it does not). One sentence, with its full stop."""
    if item.kind == "note":
        return "Commentary in the editors' words."
    what = "section heading" if item.kind == "section" else "paragraph"
    if item.withdrawn:
        return _end(f"Withdrawn from the edition: {item.withdrawn}")
    if item.attestation == "official":
        return f"Wording of the {what} from the official text, as imported into the edition."
    if item.attestation == "whole":
        return (f"Wording of the {what} as quoted whole in {_witness_names(item)}; the "
                "edition does not reproduce the UN's official text.")
    if item.attestation in ("fragmentary", "joint"):
        return (f"Wording reconstructed from witnesses: only the fragments of the {what} "
                f"quoted in {_witness_names(item)} are given; the rest is not known to the "
                "edition.")
    return (f"Lacuna: no witness quotes the wording of this {what}; the edition does not "
            "give its text.")


def unit(item: Item) -> str:
    """The object's place in its document, as its title names it
    (``Paragraph 38``, ``Section III.B``; ``Note BP-N12``)."""
    if item.kind == "note":
        return f"Note {item.id}"
    if item.kind == "section" and item.locator in ("0", "S0", ""):
        return "Unnumbered Introductory Part"
    return f"{LOCATOR_LABELS[item.kind][0]} {item.locator}"


def title(item: Item) -> str:
    """The item's title in every format: the document (with its UN symbol
    when known) and the paragraph or section; a note's own title."""
    if item.kind == "note":
        return f"Note {item.id} on the {item.doc_title}" if item.doc_title else f"Note {item.id}"
    doc = item.doc_title + (f" ({item.doc_symbol})" if item.doc_symbol else "")
    return f"{doc}, {unit(item)}"


def _locator_text(item: Item) -> str:
    return f"{LOCATOR_LABELS[item.kind][1]} {item.locator}"


def _authors(item: Item, edition: EditionInfo) -> tuple[str, ...]:
    return edition.editors if item.kind == "note" else item.doc_authors


def _date(item: Item, edition: EditionInfo) -> str:
    """The item's date: the document's (a paragraph is the UN's text of
    2016); a note's is the release it appears in."""
    return edition.date if item.kind == "note" else item.doc_date


def version_statement(item: Item, edition: EditionInfo) -> str:
    """``version 0.1.0, released November 29, 2026`` (a note, dated by the
    release, gives the version alone)."""
    text = f"version {edition.version}" if edition.version else ""
    released = long_date(edition.date)
    if released and item.kind != "note":
        text = f"{text}, released {released}" if text else f"released {released}"
    return text


def publisher(edition: EditionInfo) -> str:
    """Who publishes the edition: its publisher, or else its editors."""
    return edition.publisher or _names_natural(edition.editors)


# -- Chicago author-date -------------------------------------------------------


def chicago(item: Item, edition: EditionInfo) -> list[tuple[str, bool]]:
    """The reference-list entry as ``(text, italic)`` segments; a writer
    decides how italics are marked. ``Author. Year. “Title, Paragraph N.”
    In *Edition*, version V, released DATE, edited by EDITORS. Publisher.
    How the wording is known. URL.`` (the publisher only when it is not
    the editors, as Chicago omits a publisher that repeats the editors)."""
    authors = _authors(item, edition)
    head = _end(_names_inverted_first(authors)) if authors else ""
    year = _year(_date(item, edition)) or "n.d."
    # quotation marks inside the title become single ones; the full stop
    # goes inside the closing quotation mark
    inner = headline(title(item)).replace("“", "‘").replace("”", "’")
    part = "“" + (inner[:-1] + ".’" if inner.endswith("’") else _end(inner)) + "”"
    lead = " ".join(s for s in (head, f"{year}.", part) if s)
    segs: list[tuple[str, bool]] = [(lead + " In ", False), (headline(edition.title), True)]
    tail = ""
    if statement := version_statement(item, edition):
        tail += f", {statement}"
    if authors != edition.editors and edition.editors:
        tail += f", edited by {_names_natural(edition.editors)}"
    tail += "."
    if edition.publisher and edition.publisher != _names_natural(edition.editors):
        tail += f" {_end(edition.publisher)}"
    tail += " " + status_note(item)
    if url := edition.url(item.id):
        tail += f" {url}."
    segs.append((tail, False))
    return segs


def chicago_text(item: Item, edition: EditionInfo) -> str:
    return "".join(text for text, _ in chicago(item, edition))


def chicago_in_text(item: Item, edition: EditionInfo) -> str:
    """``(UNGA 2016, para. 38)``; a note, itself the item, ``(Doe and Roe 2026)``."""
    authors = _authors(item, edition)
    year = _year(_date(item, edition)) or "n.d."
    who = _family_names(authors)
    lead = " ".join(p for p in (who, year) if p)
    return f"({lead})" if item.kind == "note" else f"({lead}, {_locator_text(item)})"


# -- BibTeX -------------------------------------------------------------------

_BIB_SPECIAL = {
    # BibTeX counts braces even after a backslash: \{ would unbalance the entry
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "#": r"\#", "$": r"\$", "%": r"\%",
    "&": r"\&", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIB_RE = re.compile("[" + re.escape("".join(_BIB_SPECIAL)) + "]")


def _bib_special(match: re.Match[str]) -> str:
    return _BIB_SPECIAL[match[0]]


def bibtex_escape(text: str) -> str:
    """``text`` as a BibTeX field value: LaTeX's special characters escaped,
    braces balanced by construction; other Unicode kept (the file is UTF-8)."""
    text = " ".join(text.split())
    # most values have none: a search is cheaper than a substitution
    return _BIB_RE.sub(_bib_special, text) if _BIB_RE.search(text) else text


def _bib_name(name: str) -> str:
    if _is_person(name):
        family, given = _split(name)
        return f"{bibtex_escape(family)}, {bibtex_escape(given)}" if given else bibtex_escape(family)
    return "{" + bibtex_escape(name) + "}"  # kept as written: not split into first/last


def _bib_key(obj_id: str) -> str:
    """The entry key: the ID, with anything BibTeX cannot take in a key replaced."""
    return re.sub(r"[^A-Za-z0-9_.:+/-]", "-", obj_id)


def _bib_url(url: str) -> str:
    # a URL is written raw (url/hyperref read it verbatim); only what would
    # unbalance the entry is percent-encoded
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex(item: Item, edition: EditionInfo) -> str:
    """An ``@incollection`` entry keyed by the ID, read alike by classic
    BibTeX and by biblatex: ``year`` the document's year (a note's: the
    release's), which author-date styles print; the version and release date, then how the wording
    is known, in ``note``, which both print; ``publisher`` the edition's
    (its editors when it has no other: classic BibTeX requires one)."""
    authors = _authors(item, edition)
    fields: list[tuple[str, str]] = []
    if authors:
        fields.append(("author", " and ".join(_bib_name(a) for a in authors)))
    fields.append(("title", "{" + bibtex_escape(headline(title(item))) + "}"))
    fields.append(("booktitle", "{" + bibtex_escape(headline(edition.title)) + "}"))
    if edition.editors and authors != edition.editors:
        fields.append(("editor", " and ".join(_bib_name(e) for e in edition.editors)))
    if who := publisher(edition):
        fields.append(("publisher", bibtex_escape(who)))
    if year := _year(_date(item, edition)):
        fields.append(("year", year))
    note = " ".join(s for s in (_end(_capital(version_statement(item, edition))),
                                status_note(item)) if s != ".")
    fields.append(("note", bibtex_escape(note)))
    if url := edition.url(item.id):
        fields.append(("url", _bib_url(url)))
    if edition.language in _LANGIDS:  # biblatex's hyphenation, not printed
        fields.append(("langid", _LANGIDS[edition.language]))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@incollection{{{_bib_key(item.id)},\n{body}\n}}\n"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- CSL-JSON -----------------------------------------------------------------


def _csl_name(name: str) -> dict[str, str]:
    if _is_person(name):
        family, given = _split(name)
        return {"family": family, "given": given} if given else {"family": family}
    return {"literal": name}


def csl_item(item: Item, edition: EditionInfo) -> dict:
    """One CSL-JSON item, valid against CSL's ``csl-data.json`` schema: a
    ``chapter`` whose title names the paragraph; ``issued`` the document's
    date; ``edition`` the version and release date, which Chicago
    author-date prints after the container; how the wording is known in
    ``medium``, which the style prints, and in ``abstract``, which Zotero
    keeps as a field; a UN symbol, when known, in the title. The paragraph as a locator is the citing author's, at
    each citation (CSL's cite-item ``locator`` and ``label``), not the item's."""
    authors = _authors(item, edition)
    out: dict = {"id": item.id, "type": "chapter", "title": title(item),
                 "container-title": edition.title}
    if authors:
        out["author"] = [_csl_name(a) for a in authors]
    if edition.editors and authors != edition.editors:
        out["editor"] = [_csl_name(e) for e in edition.editors]
    if edition.publisher and edition.publisher != _names_natural(edition.editors):
        out["publisher"] = edition.publisher
    if parts := _date_parts(_date(item, edition)):
        out["issued"] = {"date-parts": [parts]}
    if statement := version_statement(item, edition):
        out["edition"] = statement
    if parts := _date_parts(edition.date):
        out["available-date"] = {"date-parts": [parts]}
    note = status_note(item)
    out["medium"] = note.rstrip(".")
    out["abstract"] = note
    if url := edition.url(item.id):
        out["URL"] = url
    if edition.language:
        out["language"] = edition.language
    return out


#: ``json.dumps(key)`` and ``json.dumps(value, ensure_ascii=False)``, made
#: once: ``json.dumps`` with an argument makes a new encoder each call
_json_key = json.JSONEncoder().encode
_json_value = json.JSONEncoder(ensure_ascii=False).encode


def csl_json(item: Item, edition: EditionInfo) -> str:
    """A CSL-JSON file: an array holding the one item, a field to a line."""
    fields = [f"    {_json_key(key)}: {_json_value(value)}"
              for key, value in csl_item(item, edition).items()]
    return "[\n  {\n" + ",\n".join(fields) + "\n  }\n]\n"


# -- RIS ----------------------------------------------------------------------


def ris_value(text: str) -> str:
    """One line of RIS: no line breaks (a record is one tag per line)."""
    return " ".join(text.split())


def ris(item: Item, edition: EditionInfo) -> str:
    """A RIS record (``TY  - CHAP`` … ``ER  - ``), CRLF line ends as the
    format specifies, with only tags Zotero's RIS import reads into fields
    of a book section (no ``OP``, ``SE`` or ``N1``, which it makes notes):
    ``PY``/``DA`` the document's date, ``ET`` (edition) the version and
    release date, ``AB`` (abstract) how the wording is known."""
    authors = _authors(item, edition)
    lines: list[tuple[str, str]] = [("TY", "CHAP"), ("ID", item.id)]
    lines += [("AU", a) for a in authors]
    lines.append(("TI", title(item)))
    lines.append(("T2", edition.title))
    if authors != edition.editors:
        lines += [("A2", e) for e in edition.editors]
    parts = _date_parts(_date(item, edition))
    if parts:
        lines.append(("PY", str(parts[0])))
    if len(parts) >= 2:
        lines.append(("DA", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    if statement := version_statement(item, edition):
        lines.append(("ET", statement))
    if edition.publisher and edition.publisher != _names_natural(edition.editors):
        lines.append(("PB", edition.publisher))
    lines.append(("AB", status_note(item)))
    if url := edition.url(item.id):
        lines.append(("UR", url))
    if edition.language:
        lines.append(("LA", edition.language))
    out = [f"{tag}  - {ris_value(value)}" for tag, value in lines]
    out.append("ER  - ")
    return "\r\n".join(out) + "\r\n"


#: the downloadable formats: key, name shown, file suffix, MIME type, maker
FORMATS = (
    ("bibtex", "BibTeX", "bib", "application/x-bibtex", bibtex),
    ("csl", "CSL-JSON", "json", "application/vnd.citationstyles.csl+json", csl_json),
    ("ris", "RIS", "ris", "application/x-research-info-systems", ris),
)


def all_formats(item: Item, edition: EditionInfo) -> dict[str, str]:
    """Every downloadable format of ``item``, by key."""
    return {key: make(item, edition) for key, _name, _suffix, _mime, make in FORMATS}


# -- embedded metadata (Highwire Press and Dublin Core) -----------------------------


def _scholar_date(date: str) -> str:
    """Google Scholar's ``citation_publication_date`` form: ``2016/06/10``."""
    return "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(_date_parts(date)))


def _meta_name(name: str) -> str:
    """A name as ``citation_author`` takes it: ``Family, Given`` for a person
    (Zotero and Scholar split at the comma), an institution as written."""
    family, given = _split(name) if _is_person(name) else (name, "")
    return f"{family}, {given}" if given else family


def metadata(item: Item, edition: EditionInfo, url: str | None = None) -> list[tuple[str, str]]:
    """The ``<meta>`` tags (name, content) that describe ``item`` as one
    work: Highwire Press ``citation_*`` (what Google Scholar and Zotero's
    Embedded Metadata translator read: a book section, since it has
    ``citation_book_title``) and Dublin Core ``DC.*``, with the same parts as
    the other formats. ``url`` is the page's own address (default: the
    object's short URL; "" none)."""
    url = edition.url(item.id) if url is None else url
    authors = _authors(item, edition)
    date = _date(item, edition)
    tags: list[tuple[str, str]] = [("citation_title", title(item))]
    tags += [("citation_author", _meta_name(a)) for a in authors]
    if date:
        tags.append(("citation_publication_date", _scholar_date(date)))
    tags.append(("citation_book_title", edition.title))
    if authors != edition.editors:
        tags += [("citation_editor", _meta_name(e)) for e in edition.editors]
    if edition.publisher and edition.publisher != _names_natural(edition.editors):
        tags.append(("citation_publisher", edition.publisher))
    # the version and its release date, as the BibTeX note gives them (Zotero
    # keeps the abstract; Google Scholar reads citation_online_date)
    abstract = " ".join(s for s in (_end(_capital(version_statement(item, edition))),
                                    status_note(item)) if s != ".")
    tags.append(("citation_abstract", abstract))
    if edition.date:
        tags.append(("citation_online_date", _scholar_date(edition.date)))
    if edition.language:
        tags.append(("citation_language", edition.language))
    if url:
        tags.append(("citation_public_url", url))
    if pdf := edition.pdf_url(item.id):
        tags.append(("citation_pdf_url", pdf))
    tags.append(("DC.title", title(item)))
    tags += [("DC.creator", _meta_name(a)) for a in authors]
    if authors != edition.editors:
        tags += [("DC.contributor", _meta_name(e)) for e in edition.editors]
    if date:
        tags.append(("DC.date", date))
    tags.append(("DC.relation.isPartOf", edition.title))
    tags.append(("DC.description", abstract))
    if edition.date:
        tags.append(("DCTERMS.issued", edition.date))
    tags.append(("DC.type", "Text"))
    if edition.language:
        tags.append(("DC.language", edition.language))
    if url:
        tags.append(("DC.identifier", url))
    return tags
