"""How to cite one paragraph, section or note of the edition: pure data to text.

From an :class:`Item` (what the model knows of the object: its document, how
its wording is attested) and the :class:`EditionInfo` (title, editors,
version, date, published address) this makes

- a reference in Chicago author-date style (:func:`chicago`, as styled
  segments, and the in-text form :func:`chicago_in_text`),
- a BibTeX entry (:func:`bibtex`), a CSL-JSON item (:func:`csl_json`, with
  CSL's ``locator`` and ``label``) and a RIS record (:func:`ris`).

A paragraph is cited as a document in a modern edition of it, Chicago's form
for a reprint: the document's author and date first, then the edition, its
editors, version and date (``UNGA. (2016) 2026. “Outcome …,” para. 38. In
*The BMS6 Outcome …*, edited by …``). A note is the editors' own text. Where
the wording is reconstructed from what witnesses quote, or not known at all,
every format says so (the ``note``).

Names: a name written ``Family, Given`` is a person; any other name is kept
as written (an institution, or "The editors").

Nothing here imports Sphinx; :mod:`.citethis` feeds it from the model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

#: CSL locator label, and the short form Chicago prints, per kind of object
LOCATOR_LABELS = {"paragraph": ("paragraph", "para."), "section": ("section", "s."),
                  "note": ("note", "note")}


@dataclass(frozen=True, slots=True)
class EditionInfo:
    """The edition as a publication."""

    title: str
    editors: tuple[str, ...]
    version: str
    date: str  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD
    base_url: str = ""  # html_baseurl; "" when not published

    def url(self, obj_id: str) -> str:
        """The short URL of an object (``p/<ID>.html``), or "" without a base."""
        return f"{self.base_url.rstrip('/')}/p/{obj_id}.html" if self.base_url else ""


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


def _witness_names(item: Item) -> str:
    return _and([f"the {name} ({siglum})" for siglum, name in item.witnesses])


def status_note(item: Item) -> str:
    """What a reader must know of the wording behind this citation: how the
    edition knows it (or that it does not)."""
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


def _part_title(item: Item) -> str:
    if item.kind == "note":
        return f"Note {item.id} on the {item.doc_title}" if item.doc_title else f"Note {item.id}"
    return item.doc_title


def _locator_text(item: Item) -> str:
    label = LOCATOR_LABELS[item.kind][1]
    return f"{label} {item.locator}"


def _authors(item: Item, edition: EditionInfo) -> tuple[str, ...]:
    return edition.editors if item.kind == "note" else item.doc_authors


# -- Chicago author-date -------------------------------------------------------


def chicago(item: Item, edition: EditionInfo) -> list[tuple[str, bool]]:
    """The reference-list entry as ``(text, italic)`` segments; a writer
    decides how italics are marked."""
    authors = _authors(item, edition)
    year, orig = _year(edition.date), _year(item.doc_date)
    if authors:
        head = _end(_names_inverted_first(authors))
    else:
        head = ""
    dated = f"({orig}) {year}." if orig and orig != year and item.kind != "note" else f"{year}."
    if item.kind == "note":  # quotation marks inside the title become single ones
        part = "“" + _part_title(item).replace("“", "‘").replace("”", "’") + ".”"
    else:
        part = f"“{item.doc_title},” {_locator_text(item)}."
    segs: list[tuple[str, bool]] = []
    lead = " ".join(s for s in (head, dated, part) if s)
    segs.append((lead + " In ", False))
    segs.append((edition.title, True))
    tail = ""
    if authors != edition.editors and edition.editors:
        tail += f", edited by {_names_natural(edition.editors)}"
    tail += f". Version {edition.version}."
    if url := edition.url(item.id):
        tail += f" {url}."
    tail += " " + status_note(item)
    segs.append((tail, False))
    return segs


def chicago_text(item: Item, edition: EditionInfo) -> str:
    return "".join(text for text, _ in chicago(item, edition))


def chicago_in_text(item: Item, edition: EditionInfo) -> str:
    """``(UNGA [2016] 2026, para. 38)``."""
    authors = _authors(item, edition)
    year, orig = _year(edition.date), _year(item.doc_date)
    date = f"[{orig}] {year}" if orig and orig != year and item.kind != "note" else year
    who = _family_names(authors)
    where = item.id if item.kind == "note" else _locator_text(item)
    return f"({' '.join(p for p in (who, date) if p)}, {where})"


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
    """An ``@incollection`` entry keyed by the ID (biblatex reads ``version``,
    ``origdate`` and ``url``; classic BibTeX ignores what it does not know)."""
    authors = _authors(item, edition)
    fields: list[tuple[str, str]] = []
    if authors:
        fields.append(("author", " and ".join(_bib_name(a) for a in authors)))
    if item.kind == "note":
        title = _part_title(item)
    else:
        title = f"{item.doc_title}, {_locator_text(item)}"
    fields.append(("title", "{" + bibtex_escape(title) + "}"))
    fields.append(("booktitle", "{" + bibtex_escape(edition.title) + "}"))
    if edition.editors:
        fields.append(("editor", " and ".join(_bib_name(e) for e in edition.editors)))
    if year := _year(edition.date):
        fields.append(("year", year))
    if len(edition.date) >= 7:
        fields.append(("date", bibtex_escape(edition.date)))
    if item.kind != "note" and item.doc_date:
        fields.append(("origdate", bibtex_escape(item.doc_date)))
    fields.append(("version", bibtex_escape(edition.version)))
    if url := edition.url(item.id):
        fields.append(("url", _bib_url(url)))
    note = f"{LOCATOR_LABELS[item.kind][0].capitalize()} {item.id}. {status_note(item)}"
    if item.doc_symbol and item.kind != "note":
        note = f"{item.doc_symbol}. " + note
    fields.append(("note", bibtex_escape(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@incollection{{{_bib_key(item.id)},\n{body}\n}}\n"


# -- CSL-JSON -----------------------------------------------------------------


def _csl_name(name: str) -> dict[str, str]:
    if _is_person(name):
        family, given = _split(name)
        return {"family": family, "given": given} if given else {"family": family}
    return {"literal": name}


def csl_item(item: Item, edition: EditionInfo) -> dict:
    """One CSL-JSON item. ``locator`` and ``label`` are CSL's cite-item
    fields, given with the item so a reference manager that imports it can
    cite the paragraph (``label: "paragraph"``)."""
    authors = _authors(item, edition)
    out: dict = {"id": item.id, "type": "chapter", "title": _part_title(item),
                 "container-title": edition.title}
    if authors:
        out["author"] = [_csl_name(a) for a in authors]
    if edition.editors:
        out["editor"] = [_csl_name(e) for e in edition.editors]
    if parts := _date_parts(edition.date):
        out["issued"] = {"date-parts": [parts]}
    if item.kind != "note" and (parts := _date_parts(item.doc_date)):
        out["original-date"] = {"date-parts": [parts]}
    out["version"] = edition.version
    if url := edition.url(item.id):
        out["URL"] = url
    if item.doc_symbol and item.kind != "note":
        out["number"] = item.doc_symbol
    out["locator"] = item.id if item.kind == "note" else item.locator
    out["label"] = LOCATOR_LABELS[item.kind][0]
    out["note"] = status_note(item)
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
    format specifies."""
    authors = _authors(item, edition)
    lines: list[tuple[str, str]] = [("TY", "CHAP"), ("ID", item.id)]
    lines += [("AU", a) for a in authors]
    if item.kind == "note":
        lines.append(("TI", _part_title(item)))
    else:
        lines.append(("TI", f"{item.doc_title}, {_locator_text(item)}"))
    lines.append(("T2", edition.title))
    lines += [("A2", e) for e in edition.editors]
    if year := _year(edition.date):
        lines.append(("PY", year))
    if parts := _date_parts(edition.date):
        lines.append(("DA", "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    if item.kind != "note" and (orig := _year(item.doc_date)):
        lines.append(("OP", orig))
    lines.append(("ET", f"Version {edition.version}"))
    lines.append(("SE", item.id if item.kind == "note" else _locator_text(item)))
    if url := edition.url(item.id):
        lines.append(("UR", url))
    if item.doc_symbol and item.kind != "note":
        lines.append(("M1", item.doc_symbol))
    lines.append(("N1", status_note(item)))
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
