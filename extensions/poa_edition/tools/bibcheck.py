"""refs.bib against the document registry and the witnesses' label tables: pure.

- every ``siglum`` field names a registered document (documents.toml), and a
  document's ``bibkey`` entry carries that document's siglum;
- every registered ``bibkey`` (documents, witnesses, label tables) is in refs.bib;
- every entry has the fields its type needs;
- every entry is cited: named by a label table, a document or a witness;
- a UN document's ``symbol`` has a symbol's shape, and it and any full
  ``date`` say who gives them: the editors, with the address they took it
  from, or a witness (:mod:`..model.unsymbols`).
Duplicate keys and syntax errors are reported by :func:`.bib.problems`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model.registry import DOCUMENTS_FILE, SOURCES_FILE, Edition, line_of
from ..model.unsymbols import identification_problems

#: fields an entry of each type needs (the rest may be missing: the papers'
#: reference lists are lost, and the edition records only what they give)
REQUIRED = {
    "article": ("title", "journal", "year"),
    "book": ("title", "year"),
    "misc": ("title",),
    "techreport": ("title", "institution", "year"),
    "report": ("title", "year"),
    "inproceedings": ("title", "booktitle", "year"),
    "online": ("title",),
}


@dataclass(frozen=True, slots=True)
class BibProblem:
    line: int | None
    message: str
    #: the file at fault when it is not refs.bib (a data file naming a key)
    file: Path | None = None


def check(path: Path, edition: Edition) -> list[BibProblem]:
    import pybtex.database

    text = path.read_text(encoding="utf-8")
    data = pybtex.database.parse_string(text, bib_format="bibtex")
    lines = {m[1].strip(): text.count("\n", 0, m.start()) + 1
             for m in re.finditer(r"(?m)^[ \t]*@\w+\s*\{\s*([^,\s]+)\s*,", text)}
    out: list[BibProblem] = []
    named: dict[str, tuple[str, Path, int | None]] = {}  # key -> who names it, where
    docs, srcs = edition.root / DOCUMENTS_FILE, edition.root / SOURCES_FILE
    docs_text = docs.read_text(encoding="utf-8") if docs.is_file() else ""
    srcs_text = srcs.read_text(encoding="utf-8") if srcs.is_file() else ""
    for doc in edition.documents.values():
        if doc.bibkey:
            named.setdefault(doc.bibkey, (f"document {doc.siglum}", docs,
                                          line_of(docs_text, doc.siglum, "bibkey")))
    for w in edition.witnesses.values():
        if w.bibkey:
            named.setdefault(w.bibkey, (f"witness {w.siglum}", srcs,
                                        line_of(srcs_text, w.siglum, "bibkey")))
        for label, key in w.labels.items():
            named.setdefault(key, (f"label {label!r} of {w.siglum}", srcs,
                                   line_of(srcs_text, f"{w.siglum}.labels", label)))
    for key, (who, file, line) in sorted(named.items()):
        if key not in data.entries:
            out.append(BibProblem(line, f"{who} names {key!r}, which is not in refs.bib", file))
    for key, entry in data.entries.items():
        line = lines.get(key)
        siglum = entry.fields.get("siglum")
        if siglum and siglum not in edition.documents:
            out.append(BibProblem(line, f"{key}: siglum {siglum!r} is not a registered document "
                                        "(documents.toml)"))
        for doc in edition.documents.values():
            if doc.bibkey == key and siglum != doc.siglum:
                out.append(BibProblem(line, f"{key}: documents.toml gives it to {doc.siglum}, but "
                                            f"its siglum field is {siglum!r}"))
            symbol = entry.fields.get("symbol", "").strip()
            if doc.bibkey == key and doc.symbol and symbol and doc.symbol != symbol:
                out.append(BibProblem(line, f"{key}: symbol {symbol!r}, but documents.toml gives "
                                            f"{doc.siglum} the symbol {doc.symbol!r}"))
        for field in REQUIRED.get(entry.type.lower(), ("title",)):
            if field not in entry.fields and not (field == "year" and "date" in entry.fields):
                out.append(BibProblem(line, f"{key}: a @{entry.type} entry needs {field!r}"))
        if key not in named:
            out.append(BibProblem(line, f"{key}: no witness label, document or witness names "
                                        "this entry; cite it or remove it"))
        fields = {name.lower(): str(value) for name, value in entry.fields.items()}
        out += [BibProblem(line, f"{key}: {message}")
                for message in identification_problems(fields, edition.witnesses)]
    return out
