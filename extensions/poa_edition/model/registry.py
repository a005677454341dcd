"""The edition's data: documents, witnesses, need types and link types.

Read once per build from TOML files in the content tree (``edition/_data``).
Everything here is plain data; nothing imports Sphinx. A mistake in the data is
a :class:`DataError` naming file and line.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from typing import Protocol


class KnownGood(Protocol):
    """What passed its checks in the last build (:class:`..speed.knowngood.KnownGood`
    keeps it beside the environment); checks are skipped for what it knows."""

    def known(self, key: str) -> bool: ...

    def passed(self, key: str) -> None: ...


def check_key(*parts: str | bytes) -> str:
    """The digest of what a check reads: its code, its inputs."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@cache
def code_digest(*modules: ModuleType, extra: str = "") -> str:
    """The digest of these modules' source and ``extra`` (a library's
    version): what a check, memo or kept file made by that code is keyed
    by, so a change to the code makes it again. Read once per process."""
    return check_key(*(Path(m.__file__).read_bytes() for m in modules), extra)


DOCUMENTS_FILE = "documents.toml"
MODEL_FILE = "model.toml"
SOURCES_FILE = "sources.toml"
#: official texts established by ``edition import``: ``texts/<SIGLUM>.toml``
TEXTS_DIR = "texts"
#: what each note was last reviewed against (``edition review``); optional
REVIEWS_FILE = "reviews.toml"

#: the kinds of paragraph-bearing document, and the need type of their paragraphs
KIND_TYPES = {"outcome": "outcome", "instrument": "commitment"}


class DataError(Exception):
    """Bad edition data; ``str()`` is ``path:line: message``."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Document:
    siglum: str
    title: str
    kind: str  # "outcome" | "instrument"
    style: str  # locator style, see ids.py
    bibkey: str | None = None
    date: str | None = None
    symbol: str | None = None
    #: e.g. "paragraphs 1–120": the paragraphs the edition gives; said in error messages
    extent: str | None = None
    #: a source states the extent; when not (the default), ``extent`` is a
    #: lower bound, the highest paragraph the witnesses cite, and an official
    #: text may have more paragraphs
    extent_attested: bool = False
    #: its paragraphs are commitments that an outcome can take up (the
    #: concordance counts them); false for a document the witnesses cite for
    #: what it records (a meeting report, a report, a mandate)
    commitments: bool = True
    note: str | None = None

    @property
    def need_type(self) -> str:
        return KIND_TYPES[self.kind]


@dataclass(frozen=True, slots=True)
class Witness:
    """A commentary source that is also a witness of the text (``BP``, ``IB``)."""

    siglum: str
    title: str
    short: str
    bibkey: str | None = None
    #: author-date label as the source writes it -> refs.bib key
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LinkType:
    name: str
    outgoing: str
    incoming: str
    description: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    #: set by the extension, never written in content
    automatic: bool = False
    #: need types that do not list their back links of this type
    hide_back_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NeedType:
    name: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class OfficialUnit:
    """A paragraph or section heading of an official text (``texts/*.toml``)."""

    id: str
    kind: str  # "paragraph" | "section"
    label: str
    text: str
    #: the section a paragraph stands in, officially
    section: str | None = None
    #: a subparagraph with no item of its own is shown in this one
    shown_in: str | None = None


@dataclass(frozen=True)
class OfficialText:
    siglum: str
    path: Path
    file: str  # the file it was imported from
    imported: str
    symbol: str | None
    date: str | None
    units: dict[str, OfficialUnit]

    @cached_property
    def _paragraphs(self) -> dict[str, str]:
        return {u.id: u.text for u in self.units.values() if u.kind == "paragraph"}

    @cached_property
    def _shown(self) -> dict[str, list[OfficialUnit]]:
        out: dict[str, list[OfficialUnit]] = {}
        for u in self.units.values():
            if u.shown_in:
                out.setdefault(u.shown_in, []).append(u)
        return out

    def paragraphs(self) -> dict[str, str]:
        """Paragraph ID -> its words (made once; read it, do not change it)."""
        return self._paragraphs

    def shown_in(self, obj_id: str) -> list[OfficialUnit]:
        return self._shown.get(obj_id, [])

    def text_of(self, obj_id: str) -> str | None:
        """A paragraph's words with those of the subparagraphs shown in it; a
        section's heading and the words of every paragraph in it."""
        unit = self.units.get(obj_id)
        if unit is None:
            return None
        if unit.kind == "section":
            inside = [u.text for u in self.units.values() if u.kind == "paragraph" and u.section
                      and (u.section == obj_id or u.section.startswith(f"{obj_id}."))]
            return " ".join([unit.text, *inside])
        return " ".join([unit.text, *(u.text for u in self.shown_in(obj_id))])

    def wording_of(self, obj_id: str) -> str | None:
        """What the edition prints as an item's official text: a paragraph's
        words, then each subparagraph shown in it with its label; a section's
        label and heading ("" for the unnumbered part before the first)."""
        unit = self.units.get(obj_id)
        if unit is None:
            return None
        if unit.kind == "section":
            return f"{unit.label}. {unit.text}" if unit.text else ""
        return " ".join([unit.text, *(f"{u.label} {u.text}" for u in self.shown_in(obj_id))])


@dataclass(frozen=True)
class Edition:
    root: Path
    documents: dict[str, Document]
    witnesses: dict[str, Witness]
    need_types: dict[str, NeedType]
    link_types: dict[str, LinkType]
    #: changes whenever any data file changes (drives re-reading)
    digest: str
    #: official texts by siglum (``edition import``)
    texts: dict[str, OfficialText] = field(default_factory=dict)
    #: note ID -> target ID -> fingerprint it was last reviewed against
    reviews: dict[str, dict[str, str]] = field(default_factory=dict)
    reviews_path: Path | None = None

    def official(self, obj_id: str) -> OfficialUnit | None:
        siglum = obj_id.partition("-")[0]
        text = self.texts.get(siglum)
        return text.units.get(obj_id) if text else None

    def document(self, siglum: str) -> Document | None:
        return self.documents.get(siglum)

    @classmethod
    def empty(cls, root: Path) -> Edition:
        """An edition with no data (its data failed to load)."""
        return cls(Path(root), {}, {}, {}, {}, "")

    def need_type_of(self, obj_id: str) -> str | None:
        """The need type an object with this ID has, by its shape alone
        (``BMS6-SIII`` a division, ``BP-N3`` commentary); None if unknown."""
        siglum, _, locator = obj_id.partition("-")
        if siglum in self.witnesses and re.fullmatch(r"N[1-9][0-9]*", locator):
            return "commentary"
        doc = self.documents.get(siglum)
        if doc is None or not locator:
            return None
        return "division" if re.fullmatch(r"S[0-9A-Z.]+", locator) else doc.need_type


# -- loading ---------------------------------------------------------------


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, "file is missing") from None
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        raise DataError(path, line, f"not UTF-8: byte {err.object[err.start]:#x} cannot be "
                        "read; save the file as UTF-8") from None
    except OSError as err:
        raise DataError(path, None, f"cannot be read: {err.strerror}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"\(at line (\d+)", str(err))
        raise DataError(path, int(m[1]) if m else None, f"not valid TOML: {err}") from None


def line_of(text: str, table: str, key: str | None = None) -> int | None:
    """The line of ``[table]`` (or of ``key =`` inside it) in ``text``."""
    header = re.compile(rf"^\s*\[\s*\"?{re.escape(table)}\"?\s*\]\s*(#.*)?$")
    start = None
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        if start is None and header.match(line):
            start = n
            if key is None:
                return n
        elif start is not None:
            if line.lstrip().startswith("["):
                break
            if re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", line):
                return n
    return start


SCHEMAS = Path(__file__).parent / "schemas"


def _validate(path: Path, text: str, data: dict[str, Any], schema_name: str,
              known: KnownGood | None = None) -> None:
    """Check ``data`` against ``schemas/<schema_name>.schema.json``; the first
    error (in file order) becomes a :class:`DataError` at its line.

    JSON Schema (the ``jsonschema`` library): the schemas are data, published
    with the package and readable by other tools (an export, an editor), and
    each error carries the path to the value at fault, which is mapped back
    to the TOML line. Skipped when ``known`` says the same file passed the
    same schema in the last build."""
    schema_text = (SCHEMAS / f"{schema_name}.schema.json").read_text(encoding="utf-8")
    key = check_key(code_digest(sys.modules[__name__]), schema_text, text)
    if known is not None and known.known(key):
        return

    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(schema_text))
    errors = list(validator.iter_errors(data))
    if not errors:
        if known is not None:
            known.passed(key)
        return

    def where(err: jsonschema.ValidationError) -> tuple[int, str]:
        table, key = _table_and_key(err)
        return line_of(text, table, key) or 0, table

    # an unknown key first: a misspelt key explains the "missing" one
    err = min(errors, key=lambda e: (e.validator != "additionalProperties", where(e)[0],
                                     list(map(str, e.absolute_path))))
    path_ = list(err.absolute_path)
    if len(path_) >= 2 and isinstance(path_[1], int):  # an array of tables: [[units]]
        key = (next(k for k in err.instance if k not in err.schema.get("properties", {}))
               if err.validator == "additionalProperties" else
               (str(path_[2]) if len(path_) > 2 else None))
        raise DataError(path, _array_line(text, str(path_[0]), path_[1], key),
                        f"[[{path_[0]}]] number {path_[1] + 1}: {_message(err, key)}")
    table, key = _table_and_key(err)
    message = _message(err, key)
    if table and "propertyNames" not in err.schema_path:
        message = f"[{table}] {message}"
    raise DataError(path, line_of(text, table, key), message)


def _table_and_key(err: Any) -> tuple[str, str | None]:
    """``['links', 'develops', 'from']`` -> ``('links.develops', 'from')``."""
    parts = [str(p) for p in err.absolute_path]
    if "propertyNames" in err.schema_path:  # a table's own name is at fault
        return ".".join([*parts, str(err.instance)]), None
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = err.schema.get("properties", {})
        return ".".join(parts), next(k for k in err.instance if k not in allowed)
    if err.validator in ("required", "minItems") and isinstance(err.instance, dict | list):
        table, key = parts, None
    else:
        table, key = parts[:-1], (parts[-1] if parts else None)
    # tables nest one level in model.toml (types.X, links.X), none elsewhere
    if table and table[0] in ("types", "links") and len(table) > 2:
        table, key = table[:2], table[2]
    elif table and table[0] not in ("types", "links") and len(table) > 1:
        table, key = table[:1], table[1]
    return ".".join(table), key


def _message(err: Any, key: str | None) -> str:
    name = repr(key) if key else "the table"
    match err.validator:
        case "enum":
            return f"{name} is {err.instance!r}; expected one of {', '.join(err.validator_value)}"
        case "required":
            missing = [k for k in err.validator_value if k not in err.instance]
            return f"missing {missing[0]!r}" if missing else err.message
        case "additionalProperties":
            allowed = sorted(err.schema.get("properties", {}))
            extra = [k for k in err.instance if k not in allowed]
            return f"unknown key {extra[0]!r}; allowed: {', '.join(allowed)}"
        case "type":
            what = {"string": "a string", "array": "a list", "boolean": "true or false",
                    "object": "a table"}.get(err.validator_value, err.validator_value)
            return f"{name} must be {what}"
        case "minLength" | "pattern" if err.schema.get("minLength"):
            return f"{name} must be a non-empty string"
        case "minItems":
            return f"{name} must name at least one need type"
        case _ if "propertyNames" in err.schema_path:
            return (f"{err.instance!r} is not a valid name: sigla are capitals and digits "
                    "starting with a capital; link types lowercase words joined by _")
        case "pattern":
            return f"{name} is {err.instance!r}, which does not match {err.validator_value}"
    return err.message


def load(root: Path, known: KnownGood | None = None) -> Edition:
    """Load and cross-check the data in ``root``; raise :class:`DataError`.

    ``known``: the data files that passed their schema in the last build (a
    build keeps them beside its environment): those are not checked again."""
    root = Path(root)
    digest = hashlib.sha256()
    model_path = root / MODEL_FILE
    model, model_text = _read(model_path)
    docs_path = root / DOCUMENTS_FILE
    docs, docs_text = _read(docs_path)
    src_path = root / SOURCES_FILE
    srcs, src_text = _read(src_path)
    for text in (model_text, docs_text, src_text):
        digest.update(text.encode())

    _validate(model_path, model_text, model, "model", known)
    _validate(docs_path, docs_text, docs, "documents", known)
    _validate(src_path, src_text, srcs, "sources", known)

    need_types = {name: NeedType(name, raw["title"], raw["description"])
                  for name, raw in model["types"].items()}
    for required in (*KIND_TYPES.values(), "commentary", "division"):
        if required not in need_types:
            raise DataError(model_path, None, f"need type [types.{required}] is missing")

    link_types: dict[str, LinkType] = {}
    for name, raw in model["links"].items():
        for key in ("from", "to", "hide_back_on"):
            for nt in raw.get(key, []):
                if nt not in need_types:
                    raise DataError(model_path, line_of(model_text, f"links.{name}", key),
                                    f"[links.{name}] {key!r} names unknown need type {nt!r}")
        link_types[name] = LinkType(
            name, raw["outgoing"], raw["incoming"], raw["description"], tuple(raw["from"]),
            tuple(raw["to"]), raw.get("automatic", False), tuple(raw.get("hide_back_on", ())))
    for required in ("part_of", "discusses"):
        if required not in link_types:
            raise DataError(model_path, None, f"link type [links.{required}] is missing")

    documents = {siglum: Document(siglum=siglum, **raw) for siglum, raw in docs.items()}

    witnesses: dict[str, Witness] = {}
    for siglum, raw in srcs.items():
        if siglum in documents:
            raise DataError(src_path, line_of(src_text, siglum),
                            f"[{siglum}] {siglum!r} is already a document siglum")
        witnesses[siglum] = Witness(siglum, raw["title"], raw["short"], raw.get("bibkey"),
                                    dict(raw.get("labels", {})))

    texts: dict[str, OfficialText] = {}
    for path in sorted((root / TEXTS_DIR).glob("*.toml")):
        raw, text = _read(path)
        digest.update(text.encode())
        _validate(path, text, raw, "text", known)
        texts[path.stem] = _official(path, text, raw, documents)

    reviews: dict[str, dict[str, str]] = {}
    reviews_path = root / REVIEWS_FILE
    if reviews_path.is_file():  # not in the digest: a review rewrites pages, re-reads nothing
        raw, text = _read(reviews_path)
        _validate(reviews_path, text, raw, "reviews", known)
        reviews = {note: dict(targets) for note, targets in raw.items()}

    return Edition(root, documents, witnesses, need_types, link_types, digest.hexdigest()[:16],
                   texts, reviews, reviews_path)


def _official(path: Path, text: str, raw: dict[str, Any],
              documents: dict[str, Document]) -> OfficialText:
    source = raw["source"]
    siglum = path.stem
    if source["siglum"] != siglum or siglum not in documents:
        raise DataError(path, line_of(text, "source", "siglum"),
                        f"[source] siglum {source['siglum']!r} must be the file's name and a "
                        "registered document (documents.toml)")
    units: dict[str, OfficialUnit] = {}
    for n, u in enumerate(raw["units"]):
        if u["id"] in units or not u["id"].startswith(f"{siglum}-"):
            line = _nth_line(text, "id = ", n)
            raise DataError(path, line, f"unit {u['id']!r} is "
                            + ("listed twice" if u["id"] in units else f"not of {siglum}"))
        units[u["id"]] = OfficialUnit(u["id"], u["kind"], u["label"], u["text"],
                                      u.get("section"), u.get("shown_in"))
    # what a unit names is a unit of this text: a paragraph stands in a section
    # of it, a subparagraph is shown in a paragraph of it
    sections = [i for i, u in units.items() if u.kind == "section"]
    for n, u in enumerate(units.values()):
        if u.section is not None and (u.kind != "paragraph" or u.section not in sections):
            why = (f"a {u.kind} stands in no section" if u.kind != "paragraph" else
                   f"{u.section!r} is no section of this text (its sections: "
                   f"{', '.join(sections) or 'none'})")
            raise DataError(path, _array_line(text, "units", n, "section"),
                            f"unit {u.id!r}: section = {u.section!r}: {why}")
        if u.shown_in is not None and (u.shown_in == u.id or u.shown_in not in units
                                       or units[u.shown_in].kind != "paragraph"):
            raise DataError(path, _array_line(text, "units", n, "shown_in"),
                            f"unit {u.id!r}: shown_in = {u.shown_in!r} is no other paragraph "
                            "of this text")
    return OfficialText(siglum, path, source["file"], source["imported"], source.get("symbol"),
                        source.get("date"), units)


def _array_line(text: str, table: str, n: int, key: str | None) -> int | None:
    """The line of ``key`` in the ``n``-th ``[[table]]`` (or of its header)."""
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if line.strip() == f"[[{table}]]"]
    if n >= len(headers):
        return None
    start = headers[n]
    if key:
        for i in range(start + 1, len(lines)):
            if lines[i].lstrip().startswith("["):
                break
            if re.match(rf"^\s*{re.escape(key)}\s*=", lines[i]):
                return i + 1
    return start + 1


def _nth_line(text: str, prefix: str, n: int) -> int | None:
    found = [i for i, line in enumerate(text.splitlines(), 1) if line.startswith(prefix)]
    return found[n] if n < len(found) else None
