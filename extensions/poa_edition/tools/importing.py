"""``edition import SIGLUM FILE``: establish a document's official text.

Reads the official text (a PDF through ``pdftotext -layout``, or that plain
text itself) with :mod:`.officialtext`, checks it against the edition, and
writes

- ``<edition_data>/texts/<SIGLUM>.toml``: every paragraph, subparagraph and
  section heading under the edition's ID (a reviewable diff in git);
- the pages, when the official section boundaries differ from the inferred
  ones: ``para`` blocks move, unchanged, under their official section;
  a section the witnesses could not place (``:unplaced:``) is placed; the
  page heading's ``(paragraphs N–M)`` follows.

Refused, with nothing written (exit 2): a siglum not registered, a text whose
numbering has gaps or repeats or disagrees with the registered extent, a text
that lacks a paragraph the edition has. Exit 1: imported, with warnings the
maintainer must read (printed): notes reviewed against texts that have now
changed (suspect), subparagraphs shown in their parent, sections the edition
does not have. Exit 0: imported, nothing to read.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..model import officialtext
from ..sources import pages as sources
from ..model.consistency import extent_bounds
from ..model.ids import sort_key, split_id
from ..model.registry import TEXTS_DIR, DataError, OfficialText, OfficialUnit, load
from ..model.suspects import fingerprint, natural
from .safewrite import JournalError, Transaction, recover


class Refused(Exception):
    """Nothing imported; the message says why."""


@dataclass
class Plan:
    siglum: str
    text: officialtext.OfficialText
    data_path: Path
    data: str  # the new texts/<SIGLUM>.toml
    pages: dict[Path, str] = field(default_factory=dict)  # changed pages: new content
    old: dict[Path, str] = field(default_factory=dict)
    report: list[str] = field(default_factory=list)  # what was done
    warnings: list[str] = field(default_factory=list)  # what the maintainer must read

    def diff(self, root: Path) -> str:
        out = []
        for path in [self.data_path, *self.pages]:
            new = self.data if path == self.data_path else self.pages[path]
            old = self.old.get(path, "")
            rel = _rel(path, root)
            out.extend(difflib.unified_diff(old.splitlines(keepends=True),
                                            new.splitlines(keepends=True),
                                            f"a/{rel}", f"b/{rel}"))
        return "".join(out)

    def write(self, root: Path) -> None:
        """All files or none (:class:`.safewrite.Transaction`)."""
        tx = Transaction(root)
        tx.add(self.data_path, self.data)
        for path, content in self.pages.items():
            tx.add(path, content)
        tx.apply()


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def read_source(path: Path) -> str:
    """The text of ``path``: a PDF through ``pdftotext -layout``, else UTF-8 text."""
    try:
        head = path.read_bytes()[:5]
    except OSError as err:
        raise Refused(f"{path}: cannot be read: {err.strerror}") from None
    if head == b"%PDF-":
        exe = shutil.which("pdftotext")
        if exe is None:
            raise Refused(f"{path} is a PDF and pdftotext is not installed (Debian: "
                          "apt-get install poppler-utils); or give the text `pdftotext -layout` "
                          "makes of it")
        done = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, text=True, encoding="utf-8")
        if done.returncode != 0:
            raise Refused(f"{path}: pdftotext failed: {done.stderr.strip()}")
        return done.stdout
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        raise Refused(f"{path}:{line}: not UTF-8 text (byte {err.object[err.start]:#x}); give "
                      "the PDF or the UTF-8 text `pdftotext -layout` makes of it") from None


def plan(siglum: str, path: Path, src: Path, data: Path,
         extensions: tuple[str, ...] = sources.DEFAULT_EXTENSIONS) -> Plan:
    """What importing ``path`` as ``siglum`` would change; raise :class:`Refused`."""
    try:
        edition = load(data)
    except DataError as err:
        raise Refused(f"edition data: {err}") from None
    doc = edition.document(siglum)
    if doc is None:
        raise Refused(f"{siglum!r} is not a registered document; registered: "
                      f"{', '.join(sorted(edition.documents))} (edition/_data/documents.toml)")
    if doc.style != "numbered":
        raise Refused(f"{siglum} is numbered in the {doc.style!r} style; edition import reads "
                      "documents numbered 1., (a), (i)")
    raw = read_source(path)
    try:
        text = officialtext.parse(raw, siglum)
    except officialtext.ParseError as err:
        raise Refused("\n".join(f"{path}:{n}: {m}" for n, m in err.problems)) from None

    # the document symbol printed in the text against the registry's
    if text.symbol and doc.symbol and text.symbol != doc.symbol:
        raise Refused(f"{path}: the text is {text.symbol}, but {siglum} is {doc.symbol} "
                      f"(documents.toml): is this {siglum}'s text?")
    same = sorted(other for other, t in edition.texts.items()
                  if other != siglum and text.symbol and t.symbol == text.symbol)
    if same:
        raise Refused(f"{path}: the text is {text.symbol}, which is already imported as "
                      f"{same[0]} (texts/{same[0]}.toml): is this {siglum}'s text, or "
                      f"{same[0]}'s?")
    numbers = [int(u.label) for u in text.paragraphs() if u.label.isdigit()]
    bounds = extent_bounds(doc.extent or "")
    # an extent no source states is a lower bound (the highest paragraph the
    # witnesses cite): the official text may go further, not stop short
    if bounds and ((min(numbers), max(numbers)) != bounds if doc.extent_attested
                   else min(numbers) != bounds[0] or max(numbers) < bounds[1]):
        raise Refused(f"{path}: paragraphs {min(numbers)}–{max(numbers)}, but {siglum}'s "
                      f"registered extent is {doc.extent}"
                      f"{'' if doc.extent_attested else ' at least'} (documents.toml): "
                      "is this the right document, or is the extent wrong?")

    pages = sources.read_tree(src, extensions)
    blocks = {b.id: (page, b) for page in pages for b in page.blocks
              if b.id.startswith(f"{siglum}-")}
    official_ids = {u.id for u in text.units}
    lost = sorted((i for i, (_, b) in blocks.items()
                   if i not in official_ids and not b.withdrawn and b.kind == "para"),
                  key=lambda i: sort_key(split_id(i)[1]))
    if lost:
        where = ", ".join(f"{i} ({_rel(blocks[i][0].path, src.parent)}:{blocks[i][1].line})"
                          for i in lost)
        raise Refused(f"{path}: the official text has no {', '.join(lost)}, which the edition "
                      f"has: {where}. Withdraw them first (:withdrawn: with the reason) or "
                      "correct the IDs; no ID is ever dropped")

    result = Plan(siglum, text, data / TEXTS_DIR / f"{siglum}.toml", "")
    if text.symbol and not doc.symbol:
        result.warnings.append(
            f"documents.toml gives no symbol for {siglum}, so the text's, {text.symbol}, was "
            f"not checked: if it is {siglum}'s, add symbol = \"{text.symbol}\" to [{siglum}] "
            "(the editors' identification, from this text), and later imports are checked")
    old_text = edition.texts.get(siglum)

    # subparagraphs with no item of their own are shown in their nearest ancestor
    shown_in: dict[str, str] = {}
    for u in text.paragraphs():
        if u.id in blocks:
            continue
        anc = u.id
        while anc not in blocks:
            parent = re.sub(r"(\.[ivxl]+|[a-z]+)$", "", anc.split("-", 1)[1])
            if parent == anc.split("-", 1)[1]:
                break
            anc = f"{siglum}-{parent}"
        if anc in blocks:
            shown_in[u.id] = anc
        else:
            result.warnings.append(f"{u.id}: the edition has no item for it nor for its "
                                   "paragraph; add a para block for it")
    if shown_in:
        result.warnings.append(
            f"{len(shown_in)} subparagraph(s) have no item of their own and are shown in their "
            f"paragraph: {', '.join(f'{k} in {v}' for k, v in shown_in.items())}")

    # sections
    edition_sections = {i for i, (_, b) in blocks.items() if b.kind == "section"}
    for u in text.sections():
        if u.id not in edition_sections:
            result.warnings.append(f"{u.id} ({u.label}. {u.text}): the edition has no section "
                                   "block for it; its paragraphs stay in the enclosing section")

    result.data = _render(text, path, raw, shown_in)
    result.old[result.data_path] = (result.data_path.read_text(encoding="utf-8")
                                    if result.data_path.is_file() else "")
    _restructure(result, pages, blocks, edition_sections, src)

    # what changes for the reader
    lacunae = [i for i, (_, b) in blocks.items() if b.kind == "para" and not b.quotations
               and i in official_ids]
    quoted = sum(len(b.quotations) for _, b in blocks.values())
    verb = "re-imported" if old_text else "imported"
    result.report.insert(0, f"{siglum}: {verb} {len(text.paragraphs())} paragraphs and "
                            f"{len(text.sections())} section headings from {path.name}"
                            + (f" ({text.symbol}" + (f", {text.date})" if text.date else ")")
                               if text.symbol else ""))
    result.report.insert(1, f"  {len(lacunae)} former lacunae now show the official text; "
                            f"{quoted} witness quotations become its apparatus "
                            f"(edition collate {siglum} compares them)")
    result.report.insert(2, f"  page furniture dropped: {text.dropped} line(s); line-end "
                            f"hyphens: {len(text.hyphenation)} "
                            f"({sum(1 for *_, w in text.hyphenation if '-' in w)} kept)")
    for n, broken, word in text.hyphenation:
        result.report.append(f"    line {n}: {broken} -> {word}")

    # notes reviewed against texts that now change
    # the texts as the build will show them (registry.OfficialText.text_of)
    new_text = OfficialText(siglum, result.data_path, path.name, "", text.symbol, text.date, {
        u.id: OfficialUnit(u.id, u.kind, u.label, u.text, u.section if u.kind == "paragraph"
                           else None, shown_in.get(u.id)) for u in text.units})
    changed = {}
    for u in text.units:
        if u.id in shown_in:
            continue  # its words are part of the item it is shown in
        old = old_text.text_of(u.id) if old_text else None
        new = new_text.text_of(u.id)
        if old != new:
            changed[u.id] = fingerprint(new)
    suspect = natural({note for note, targets in edition.reviews.items()
                       for t, fp in targets.items() if t in changed and fp != changed[t]})
    if suspect:
        result.warnings.append(
            f"{len(suspect)} note(s) were reviewed against an earlier text of paragraphs whose "
            f"text this import establishes or changes, and are now suspect: "
            f"{', '.join(suspect)}. Read each, then `edition review NOTE-ID`")
    return result


def _toml(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL, which TOML
    forbids raw and JSON leaves alone, is escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")


def _render(text: officialtext.OfficialText, path: Path, raw: str, shown_in: dict[str, str]) -> str:
    out = [
        f"# The official text of {text.siglum}, established by `edition import` from",
        f"# {path.name}. Do not edit by hand: import the document again. Each",
        "# paragraph, subparagraph and section heading stands under its edition ID.",
        "",
        "[source]",
        f"siglum = {_toml(text.siglum)}",
        f"file = {_toml(path.name)}",
        f"sha256 = {_toml(hashlib.sha256(raw.encode()).hexdigest())}",
        f"imported = {_toml(date.today().isoformat())}",
    ]
    if text.symbol:
        out.append(f"symbol = {_toml(text.symbol)}")
    if text.date:
        out.append(f"date = {_toml(text.date)}")
    for u in text.units:
        out += ["", "[[units]]", f"id = {_toml(u.id)}", f"kind = {_toml(u.kind)}",
                f"label = {_toml(u.label)}"]
        if u.kind == "paragraph" and u.section:
            out.append(f"section = {_toml(u.section)}")
        if u.id in shown_in:
            out.append(f"shown_in = {_toml(shown_in[u.id])}")
        out.append(f"text = {_toml(u.text)}")
    return "\n".join(out) + "\n"


def _restructure(result: Plan, pages: list[sources.Page],
                 blocks: dict[str, tuple[sources.Page, sources.Block]],
                 edition_sections: set[str], src: Path) -> None:
    """Move ``para`` blocks under their official sections; place sections."""
    text = result.text
    order = {u.id: k for k, u in enumerate(text.units)}
    siglum = result.siglum

    def official_section(pid: str) -> str | None:
        unit = text.get(pid)
        sec = unit.section if unit else None
        while sec and sec not in edition_sections:
            sec = sec.rsplit(".", 1)[0] if "." in sec.split("-", 1)[1] else None
        return sec

    # where each section block stands now
    section_page = {sid: page for sid, (page, b) in blocks.items() if b.kind == "section"}
    current = {}
    for page in pages:
        current.update(sources.sections_in_order(page))

    moves: dict[str, tuple[str | None, str]] = {}
    for pid, (page, b) in blocks.items():
        if b.kind != "para" or pid not in order:
            continue
        unit = text.get(pid)
        if unit is None or not unit.label.isdigit():
            continue  # subparagraph items follow their paragraph
        target = official_section(pid)
        if target and target != current.get(pid):
            moves[pid] = (current.get(pid), target)

    placed = [sid for sid in edition_sections
              if blocks[sid][1].unplaced and any(u.section == sid for u in text.paragraphs())]
    for sid in placed:
        result.warnings.append(f"{sid} is now placed by the official text: read its summary, "
                               "which may say the witnesses do not place it")
    if not moves and not placed:
        return

    # every block of the document goes to the page of its section, in official order
    new_pages: dict[Path, list[sources.Block]] = {}
    keep: dict[Path, sources.Page] = {}
    footer: dict[Path, str] = {}  # the editors' prose after a page's last block stays there
    for page in pages:
        if any(b.id.startswith(f"{siglum}-") for b in page.blocks):
            keep[page.path] = page
            new_pages[page.path] = []
            last = page.blocks[-1]
            if last.trailer.strip():
                nl = page.newline
                lead = len(last.trailer) - len(last.trailer.lstrip("\r\n"))
                footer[page.path] = last.trailer[lead:]
                last.trailer = nl if lead else ""
    for page in keep.values():
        for k, b in enumerate(page.blocks):
            if not b.id.startswith(f"{siglum}-"):
                new_pages[page.path].append(b)
                continue
            if b.kind == "section":
                if b.id in placed:
                    b.text = re.sub(r"^:unplaced:\s*\n", "", b.text, flags=re.M)
                new_pages[page.path].append(b)
                continue
            head = re.sub(r"[a-z]+(\.[ivxl]+)?$", "", b.id.split("-", 1)[1])
            para = f"{siglum}-{head}"
            target = moves.get(para, (None, None))[1]
            dest = section_page[target].path if target else page.path
            new_pages.setdefault(dest, []).append(b)

    def key(b: sources.Block, fallback: float) -> float:
        if b.id in order:
            return order[b.id]
        return fallback

    for path, blist in new_pages.items():
        page = keep[path]
        # unknown blocks (not in the official text) keep their place after their predecessor
        keyed: list[tuple[float, int, sources.Block]] = []
        last = -1.0
        for k, b in enumerate(blist):
            if b.id in order:
                last = float(order[b.id])
                # a section block: before its first paragraph
                keyed.append((last - 0.5 if b.kind == "section" else last, k, b))
            else:
                keyed.append((last + 0.25, k, b))
        keyed.sort(key=lambda t: (t[0], t[1]))
        ordered = [b for *_, b in keyed]
        nl = page.newline  # a CRLF page stays CRLF
        for b in ordered:  # one blank line between blocks, as the pages have it
            b.trailer = b.trailer if b.trailer.strip() else nl
        if ordered:
            last = ordered[-1]
            last.trailer = (last.trailer.rstrip("\r\n") + nl if last.trailer.strip() else "")
            if path in footer:
                last.trailer += nl
        header = _heading_range(page.header, ordered, text)
        new = header + "".join(b.text + b.trailer for b in ordered) + footer.get(path, "")
        old = sources.read_text(path)
        if new != old:
            result.pages[path] = new
            result.old[path] = old
    for pid, (was, now) in sorted(moves.items(), key=lambda kv: order[kv[0]]):
        result.report.append(f"  {pid}: section {was or '(none)'} -> {now} (official)")
    for sid in placed:
        members = [u.label for u in text.paragraphs() if u.section == sid and u.label.isdigit()]
        result.report.append(f"  {sid}: placed by the official text (paragraphs "
                             f"{members[0]}–{members[-1]})" if members else f"  {sid}: placed")


def _heading_range(header: str, blocks: list[sources.Block], text: officialtext.OfficialText) -> str:
    """The page heading's range of paragraphs, from the official text: ``# I. …
    (paragraphs 8–63)`` gets the page's numbers; an inferred range, in the
    editors' brackets (``# I. [The Programme of Action, paragraphs 8–63]``),
    is attested now and leaves them: ``# I. [The Programme of Action]
    (paragraphs 7–63)`` (the title stays the editors')."""
    numbers = [int(u.label) for b in blocks if b.kind == "para"
               for u in [text.get(b.id)] if u and u.label.isdigit()]
    if not numbers:
        return header
    attested = f"(paragraphs {min(numbers)}–{max(numbers)})"
    header, n = re.subn(r"\[([^\]\n]*?),\s*paragraphs \d+[–-]\d+\]",
                        lambda m: f"[{m[1]}] {attested}", header, count=1)
    if n:
        return header
    return re.sub(r"\(paragraphs \d+[–-]\d+\)", attested, header, count=1)


def run(siglum: str, path: Path, src: Path, data: Path, dry_run: bool = False,
        extensions: tuple[str, ...] = sources.DEFAULT_EXTENSIONS) -> int:
    root = src.parent
    try:
        done = recover(root)
    except JournalError as err:
        print(f"edition import: nothing imported: {err}")
        return 2
    if done:
        print(f"edition import: {done}")
    try:
        result = plan(siglum, path, src, data, extensions)
    except Refused as err:
        print(f"edition import: nothing imported: {err}")
        return 2
    print("\n".join(result.report))
    changed = [result.data_path, *result.pages] if (
        result.data != result.old[result.data_path] or result.pages) else []
    if dry_run:
        print("\n--dry-run: nothing written; these files would change:")
        print("\n".join(f"  {_rel(p, root)}" for p in changed) or "  (none)")
        diff = result.diff(root)
        if diff:
            print()
            print(diff, end="")
    else:
        try:
            result.write(root)
        except OSError as err:
            print(f"edition import: nothing imported: {err.filename or root}: "
                  f"{err.strerror or err}; the tree is as it was before")
            return 2
        except KeyboardInterrupt:
            print("edition import: interrupted; the next `edition import` finishes or undoes "
                  "the write (see .edition-journal.json)")
            return 2
        print("written:")
        print("\n".join(f"  {_rel(p, root)}" for p in changed) or "  (nothing changed)")
    if result.warnings:
        print("\nto read:")
        for w in result.warnings:
            print(f"  - {w}")
        return 1
    return 0
