"""The edition's data: documents, witnesses, need types and link types.

Read once per build from TOML files in the content tree (``edition/_data``).
Everything here is plain data; nothing imports Sphinx. A mistake in the data is
a :class:`DataError` naming file and line.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ids import SIGLUM_RE, STYLES

DOCUMENTS_FILE = "documents.toml"
MODEL_FILE = "model.toml"
SOURCES_FILE = "sources.toml"

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
    #: e.g. "paragraphs 1–120"; said in error messages
    extent: str | None = None
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


@dataclass(frozen=True)
class Edition:
    root: Path
    documents: dict[str, Document]
    witnesses: dict[str, Witness]
    need_types: dict[str, NeedType]
    link_types: dict[str, LinkType]
    #: changes whenever any data file changes (drives re-reading)
    digest: str

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


def _line_of(text: str, table: str, key: str | None = None) -> int | None:
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


class _Table:
    """Typed access to one TOML table, with located errors."""

    def __init__(self, path: Path, text: str, name: str, data: Any) -> None:
        self.path, self.text, self.name = path, text, name
        if not isinstance(data, dict):
            self.fail(None, "must be a table")
        self.data: dict[str, Any] = data

    def fail(self, key: str | None, message: str) -> None:
        raise DataError(self.path, _line_of(self.text, self.name, key), f"[{self.name}] {message}")

    def str(self, key: str, *, required: bool = True, choices: tuple[str, ...] = ()) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(None, f"missing {key!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"{key!r} must be a non-empty string")
        if choices and value not in choices:
            self.fail(key, f"{key!r} is {value!r}; expected one of {', '.join(choices)}")
        return value

    def strs(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"{key!r} must be a list of strings")
        return tuple(value)

    def only(self, *keys: str) -> None:
        for key in self.data:
            if key not in keys:
                self.fail(key, f"unknown key {key!r}; allowed: {', '.join(keys)}")


def load(root: Path) -> Edition:
    """Load and cross-check the data in ``root``; raise :class:`DataError`."""
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

    need_types: dict[str, NeedType] = {}
    for name, raw in model.get("types", {}).items():
        t = _Table(model_path, model_text, f"types.{name}", raw)
        t.only("title", "description")
        need_types[name] = NeedType(name, t.str("title"), t.str("description"))
    for required in (*KIND_TYPES.values(), "commentary", "division"):
        if required not in need_types:
            raise DataError(model_path, None, f"need type [types.{required}] is missing")

    link_types: dict[str, LinkType] = {}
    for name, raw in model.get("links", {}).items():
        t = _Table(model_path, model_text, f"links.{name}", raw)
        t.only("outgoing", "incoming", "description", "from", "to", "automatic", "hide_back_on")
        if not re.fullmatch(r"[a-z][a-z_]*", name):
            t.fail(None, "link type names are lowercase words joined by _")
        ends = {}
        for key in ("from", "to", "hide_back_on"):
            ends[key] = t.strs(key)
            if not ends[key] and key != "hide_back_on":
                t.fail(key, f"{key!r} must name at least one need type")
            for nt in ends[key]:
                if nt not in need_types:
                    t.fail(key, f"{key!r} names unknown need type {nt!r}")
        automatic = t.data.get("automatic", False)
        if not isinstance(automatic, bool):
            t.fail("automatic", "'automatic' must be true or false")
        link_types[name] = LinkType(
            name,
            t.str("outgoing"),
            t.str("incoming"),
            t.str("description"),
            ends["from"],
            ends["to"],
            automatic,
            ends["hide_back_on"],
        )
    for required in ("part_of", "discusses"):
        if required not in link_types:
            raise DataError(model_path, None, f"link type [links.{required}] is missing")

    documents: dict[str, Document] = {}
    for siglum, raw in docs.items():
        t = _Table(docs_path, docs_text, siglum, raw)
        if not SIGLUM_RE.match(siglum):
            t.fail(None, "a siglum is capitals and digits, starting with a capital")
        t.only("title", "kind", "style", "bibkey", "date", "symbol", "extent", "note")
        documents[siglum] = Document(
            siglum=siglum,
            title=t.str("title"),
            kind=t.str("kind", choices=tuple(KIND_TYPES)),
            style=t.str("style", choices=STYLES),
            bibkey=t.str("bibkey", required=False),
            date=t.str("date", required=False),
            symbol=t.str("symbol", required=False),
            extent=t.str("extent", required=False),
            note=t.str("note", required=False),
        )

    witnesses: dict[str, Witness] = {}
    for siglum, raw in srcs.items():
        t = _Table(src_path, src_text, siglum, raw)
        if not SIGLUM_RE.match(siglum):
            t.fail(None, "a witness siglum is capitals and digits, starting with a capital")
        if siglum in documents:
            t.fail(None, f"{siglum!r} is already a document siglum")
        t.only("title", "short", "bibkey", "labels")
        labels = t.data.get("labels", {})
        if not isinstance(labels, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
        ):
            t.fail("labels", "'labels' must be a table of label = \"bibkey\"")
        witnesses[siglum] = Witness(
            siglum, t.str("title"), t.str("short"), t.str("bibkey", required=False), dict(labels)
        )

    return Edition(root, documents, witnesses, need_types, link_types, digest.hexdigest()[:16])
