"""What the edition reads from refs.bib, through sphinxcontrib-bibtex.

refs.bib is parsed by sphinxcontrib-bibtex when the builder starts; each
entry may carry a ``siglum`` field naming the registered document it is. The
values here are computed once per build (:func:`.state.per_build`), never
pickled: refs.bib may change between builds.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from sphinx.environment import BuildEnvironment

from ..model.registry import KnownGood, check_key, code_digest
from .state import per_build


def bib_entries(env: BuildEnvironment) -> Any:
    """refs.bib's entries (pybtex ``Entry`` objects by key), as
    sphinxcontrib-bibtex parsed them (its domain's documented ``bibdata``)."""
    return env.get_domain("cite").bibdata.data.entries


def entries(env: BuildEnvironment) -> dict[str, str | None]:
    """refs.bib key -> its ``siglum`` field (None without one)."""
    def read() -> dict[str, str | None]:
        return {key: entry.fields.get("siglum") or None
                for key, entry in bib_entries(env).items()}

    return per_build(env, "bib_entries", read)


def person_names(entry: Any, role: str = "author") -> tuple[str, ...]:
    """An entry's persons in one role, each ``Family, Given`` (or ``Family``)
    as plain text."""
    names = []
    for person in entry.persons.get(role, ()):
        family = latex_text(" ".join(person.prelast_names + person.last_names))
        given = latex_text(" ".join(person.first_names + person.middle_names))
        names.append(f"{family}, {given}" if given else family)
    return tuple(names)


def siglum_digest(env: BuildEnvironment) -> str:
    """Changes whenever refs.bib routes any key to another document."""
    pairs = sorted((k, s or "") for k, s in entries(env).items())
    return hashlib.sha256(repr(pairs).encode()).hexdigest()[:16]


def entry_targets(env: BuildEnvironment) -> dict[str, tuple[str, str]]:
    """refs.bib key -> (docname, anchor) of its entry in a ``bibliography`` directive."""
    def read() -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        domain = env.get_domain("cite")
        for bib_key, bib in sorted(domain.bibliographies.items(), key=lambda kv: kv[0].docname):
            for key, node in bib.citation_nodes.items():
                out.setdefault(key, (bib_key.docname, node["ids"][0]))
        return out

    return per_build(env, "bib_targets", read)


def problems(path: Path, known: KnownGood | None = None) -> list[tuple[int | None, str]]:
    """What stops ``path`` (a .bib file) from being read: ``(line, message)``
    pairs; empty when sphinxcontrib-bibtex can read it. Checked before the
    bibliography is loaded, so a mistake is a located error, not a traceback;
    not again when ``known`` says the same text passed in the last build."""
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    key = check_key(_code(), data) if data is not None else None
    if key is not None and known is not None and known.known(key):
        return []
    found = _problems(path)
    if not found and key is not None and known is not None:
        known.passed(key)
    return found


def _code() -> str:
    import pybtex

    return code_digest(sys.modules[__name__], extra=pybtex.__version__)


def _problems(path: Path) -> list[tuple[int | None, str]]:
    import pybtex.database
    import pybtex.errors
    from pybtex.scanner import PybtexSyntaxError

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [(None, "file is missing (bibtex_bibfiles in conf.py)")]
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        return [(line, f"not UTF-8: byte {err.object[err.start]:#x} cannot be read; save the file as UTF-8")]
    except OSError as err:
        return [(None, f"cannot be read: {err.strerror}")]
    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    try:
        pybtex.database.parse_string(text, bib_format="bibtex")
    except PybtexSyntaxError as err:
        if "premature end of file" in str(err):
            # unbalanced: name the entry that never closes, not the end of the file
            starts = [n for n, ln in enumerate(text.splitlines(), 1) if ln.lstrip().startswith("@")]
            opened = [n for n in starts if n <= (err.lineno or 0)]
            if opened:
                return [(opened[-1], "BibTeX syntax error: this entry is never closed "
                                     "(a brace or quotation mark is missing)")]
        return [(err.lineno, f"BibTeX syntax error: {err}")]
    except pybtex.database.BibliographyDataError as err:
        key = str(err).rpartition(": ")[2]
        lines = [n for n, ln in enumerate(text.splitlines(), 1)
                 if ln.lstrip().startswith("@") and ln.split("{", 1)[-1].split(",")[0].strip() == key]
        return [(lines[-1] if lines else None, f"{err}; every key must be unique")]
    finally:
        pybtex.errors.set_strict_mode(strict)
    return []


@lru_cache(maxsize=4096)
def latex_text(value: str) -> str:
    """A refs.bib field (LaTeX) as plain text; as written if it cannot be read.

    Renders with pybtex's plain-text backend directly: ``render_as("text")``
    looks the backend up among the installed distributions' entry points on
    every call (about 30 ms each, seconds for a bibliography). Remembered: the
    same titles and names are sorted, cited and tabulated (LaTeX decoding is
    slow)."""
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    try:
        return Text.from_latex(value).render(Backend())
    except Exception:  # noqa: BLE001 - shown as written rather than fail a page
        return value.replace("{", "").replace("}", "")
