"""Keeping a content catalogue in step with the YAML (``toolkit i18n update``).

Updates are keyed by the unit id and by the exact text (dictionary look-ups, never
pairwise similarity), keep every translation that could still help (edited text → fuzzy
with the old msgid as ``#|``; an id changed on its own → the entry as it was; deleted text
→ obsolete ``#~``), and write nothing when nothing changed, so a catalogue in git only
changes when the report does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from toolkit.fsutil import write_files
from toolkit.i18n.files import (
    catalogue_path,
    read_catalogue,
    read_checked,
    remove_stale_temporaries,
    target_language,
    target_languages,
    update_lock,
    with_line_ends,
)
from toolkit.i18n.glossary import with_glossary_comments
from toolkit.i18n.memory import MemoryReport, MemorySource, fill_from_memory, keep_memory_notes
from toolkit.i18n.plurals import PLURAL_FORMS, plural_forms_ok
from toolkit.i18n.po import PoEntry, PoFile, get_header_field, set_header_field, write_po
from toolkit.i18n.units import Unit, duplicate_ids, extract_units
from toolkit.model.diagnostics import UserError
from toolkit.model.languages import language_name
from toolkit.read.glossary import load_glossary

__all__ = ["UpdateReport", "merge_catalogue", "update_catalogue", "update_catalogues"]

GENERATOR = "shadow-report-toolkit"


@dataclass
class UpdateReport:
    """What an update did to one catalogue (entry counts)."""

    lang: str
    path: Path | None = None
    created: bool = False
    written: bool = False
    new: int = 0  # no translation to start from
    renamed: int = 0  # only the id changed: the entry moved with its translation and state
    moved: int = 0  # same text found under another id: translation reused, fuzzy
    changed: int = 0  # text edited: old translation kept, fuzzy (if there was one)
    unchanged: int = 0
    revived: int = 0  # came back from obsolete: fuzzy
    obsolete: int = 0  # newly obsolete (#~) this time
    memory: MemoryReport | None = None  # translations taken from --memory

    def summary(self) -> str:
        text = (f"{self.new} new, {self.changed} changed (fuzzy), {self.renamed} renamed, "
                f"{self.moved} moved (fuzzy), "
                f"{self.revived} revived (fuzzy), {self.unchanged} unchanged, "
                f"{self.obsolete} now obsolete")
        if self.memory is not None:
            text += (f"; from memory: {self.memory.exact} exact, "
                     f"{self.memory.near} near (fuzzy)")
        return text


def _new_header(lang: str, slug: str) -> PoEntry:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    fields = [
        ("Project-Id-Version", slug),
        ("POT-Creation-Date", now),
        ("Language", lang),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", PLURAL_FORMS[lang]),
        ("X-Generator", GENERATOR),
    ]
    return PoEntry(
        msgid="",
        msgstr="".join(f"{k}: {v}\n" for k, v in fields),
        comments=[
            f"{language_name(lang)} translation of the submission {slug}.",
            "Translate msgstr only. Keep every footnote ^[…], citation [@key], "
            "cross-reference @rec:id and link.",
        ],
    )


def _fix_header(header: PoEntry, lang: str) -> None:
    """Make the fields the toolkit relies on right; leave every other line as it is."""
    text = header.msgstr
    if get_header_field(text, "Language") != lang:
        text = set_header_field(text, "Language", lang)
    if get_header_field(text, "Content-Type") is None:
        text = set_header_field(text, "Content-Type", "text/plain; charset=UTF-8")
    if not plural_forms_ok(get_header_field(text, "Plural-Forms"), lang):
        text = set_header_field(text, "Plural-Forms", PLURAL_FORMS[lang])
    header.msgstr = text


def _fresh(unit: Unit, comments: list[str] | None = None) -> PoEntry:
    return PoEntry(msgid=unit.msgid, msgctxt=unit.msgctxt, comments=list(comments or []),
                   extracted=list(unit.comments), references=[unit.reference])


def _take_translation(entry: PoEntry, source: PoEntry) -> None:
    entry.msgstr = source.translation
    entry.flags = [f for f in source.flags if f != "fuzzy"]


def _carry_over(unit: Unit, old: PoEntry) -> PoEntry:
    """The entry for a text whose source changed: the old translation, fuzzy, and the
    text it was made for as ``#| msgid`` (kept across several edits before review)."""
    entry = _fresh(unit, old.comments)
    _take_translation(entry, old)
    if entry.msgstr:
        entry.fuzzy = True
        entry.previous_msgid = (old.previous_msgid if old.fuzzy and old.previous_msgid
                                is not None else old.msgid)
    return entry


def _renamed(unit: Unit, old: PoEntry) -> PoEntry:
    """The entry of a text whose id changed but not its words: everything the translator
    wrote (translation, notes, flags, review state) moves with it."""
    entry = _fresh(unit, old.comments)
    entry.msgstr = old.translation
    entry.flags = list(old.flags)
    entry.previous_msgctxt = old.previous_msgctxt
    entry.previous_msgid = old.previous_msgid
    return entry


def merge_catalogue(units: list[Unit], old: PoFile | None, lang: str, *,
                    slug: str = "") -> tuple[PoFile, UpdateReport]:
    """The updated catalogue for ``units``; linear in the number of entries.

    Per unit, first match wins: same id and text (kept as is) → same id and text among
    obsolete entries (revived, fuzzy) → same text under an id no unit has any more (renamed:
    kept as it was) → same text under another id (moved, fuzzy, ``#| msgctxt``) → same
    id, other text (changed: fuzzy, ``#| msgid`` = the text the
    translation was made for) → same id among obsolete (revived, fuzzy) → new.
    """
    report = UpdateReport(lang)
    old = old or PoFile()
    active: dict[tuple[str | None, str], PoEntry] = {}
    by_ctx: dict[str | None, PoEntry] = {}
    for e in old.entries:
        if not e.obsolete:
            active[e.key] = e
            by_ctx.setdefault(e.msgctxt, e)
    dead: dict[tuple[str | None, str], PoEntry] = {e.key: e for e in old.obsolete}
    dead_ctx: dict[str | None, PoEntry] = {}
    for e in old.obsolete:
        dead_ctx.setdefault(e.msgctxt, e)
    # translations by exact text, best first: reviewed before fuzzy, active before obsolete
    by_text: dict[str, PoEntry] = {}
    for group in (
        [e for e in old.entries if not e.obsolete and not e.fuzzy],
        [e for e in old.entries if e.obsolete and not e.fuzzy],
        [e for e in old.entries if not e.obsolete and e.fuzzy],
        [e for e in old.entries if e.obsolete and e.fuzzy],
    ):
        for e in group:
            if e.translation and e.msgid_plural is None:
                by_text.setdefault(e.msgid, e)

    used: set[int] = set()  # id() of old entries whose place a unit took
    live_ids = {unit.msgctxt for unit in units}
    entries: list[PoEntry] = []
    for unit in units:
        key = (unit.msgctxt, unit.msgid)
        same = active.get(key)
        if same is not None:
            entry = _fresh(unit, same.comments)
            _take_translation(entry, same)
            if same.fuzzy:
                entry.fuzzy = True
                entry.previous_msgctxt = same.previous_msgctxt
                entry.previous_msgid = same.previous_msgid
            used.add(id(same))
            report.unchanged += 1
        elif (back := dead.get(key)) is not None:
            entry = _fresh(unit, back.comments)
            _take_translation(entry, back)
            entry.fuzzy = bool(entry.msgstr)
            if back.fuzzy:
                entry.previous_msgctxt = back.previous_msgctxt
                entry.previous_msgid = back.previous_msgid
            used.add(id(back))
            report.revived += 1
        elif (twin := by_text.get(unit.msgid)) is not None:
            if (not twin.obsolete and twin.msgctxt is not None
                    and twin.msgctxt not in live_ids and id(twin) not in used):
                entry = _renamed(unit, twin)
                used.add(id(twin))
                report.renamed += 1
            else:  # a copy of a text that is still elsewhere, or one back from obsolete
                entry = _fresh(unit, None)
                _take_translation(entry, twin)
                entry.fuzzy = True
                entry.previous_msgctxt = twin.msgctxt
                entry.previous_msgid = (twin.previous_msgid if twin.fuzzy and
                                        twin.previous_msgid is not None else twin.msgid)
                report.moved += 1
        elif (was := by_ctx.get(unit.msgctxt)) is not None and id(was) not in used:
            entry = _carry_over(unit, was)
            used.add(id(was))
            report.changed += 1
        elif (back := dead_ctx.get(unit.msgctxt)) is not None and id(back) not in used:
            entry = _carry_over(unit, back)
            used.add(id(back))
            report.revived += 1
        else:
            entry = _fresh(unit)
            report.new += 1
        entries.append(entry)

    live = {e.key for e in entries}
    graveyard: dict[tuple[str | None, str], PoEntry] = {}
    for e in old.obsolete:
        if id(e) not in used and e.key not in live:
            graveyard[e.key] = e
    for e in old.entries:
        if e.obsolete or id(e) in used or e.key in live:
            continue
        if not e.translation and not e.comments:
            continue  # nothing worth keeping: no translation, no translator note
        e.obsolete = True
        e.references = []
        graveyard[e.key] = e  # replaces an older obsolete twin
        report.obsolete += 1
    header = old.header
    if header is None:
        header = _new_header(lang, slug)
    _fix_header(header, lang)
    return PoFile(header, entries + list(graveyard.values())), report


def update_catalogues(root: Path, langs: list[str] | None = None, *,
                      memory: MemorySource | None = None) -> list[UpdateReport]:
    """Create or update ``root/locales/<lang>.po`` for each language (default: every
    target language of submission.yaml). Writes atomically, and only when bytes change.
    With ``memory`` (see :mod:`toolkit.i18n.memory`), untranslated entries it knows are
    filled from it."""
    root = Path(root)
    result = read_checked(root)
    document = result.document
    assert document is not None
    source = document.meta.source_language
    langs = [target_language(lang, source) for lang in (langs or target_languages(document))]
    units = extract_units(document, result.origins, root)
    dup = duplicate_ids(units)
    if dup:
        raise UserError(dup)
    glossary = load_glossary(root)
    reports = []
    folder = root / "locales"
    outputs: list[tuple[Path, bytes]] = []
    with update_lock(folder):
        for lang in dict.fromkeys(langs):
            remove_stale_temporaries(folder, lang)
            old, _, before = read_catalogue(root, lang)
            po, report = merge_catalogue(with_glossary_comments(units, glossary, source, lang),
                                         old, lang, slug=document.meta.slug)
            keep_memory_notes(old, po)
            if memory is not None:
                report.memory = fill_from_memory(po, memory, source, lang)
            path = catalogue_path(root, lang)
            report.path = path
            report.created = old is None
            data = with_line_ends(write_po(po), before).encode("utf-8")
            if data != before and not _only_wrapped_apart(before, data):
                outputs.append((path, data))
                report.written = True
            reports.append(report)
        write_files(outputs)  # every language or none: a full disk never splits an update
    return reports


_CONTINUATION = re.compile(r'"(?:\r\n|\n)(?:#~ |#\| |#~\| )?"')


def _only_wrapped_apart(before: bytes | None, after: bytes) -> bool:
    """Whether two catalogues differ only in where their strings and ``#:`` lines are
    wrapped (Poedit, Weblate and msgcat each wrap their own way): such a file is not
    written again, so an update after another tool's save leaves git nothing to show.
    Anything else (a line end gettext cannot read, an escape, a header field) is a change."""
    if before is None:
        return False
    try:
        old = before.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _unwrapped(old) == _unwrapped(after.decode("utf-8"))


def _unwrapped(text: str) -> str:
    """Every string on one line, every entry's references on one ``#:`` line."""
    lines: list[str] = []
    for line in _CONTINUATION.sub("", text).splitlines(keepends=True):
        if line.startswith("#: ") and lines and lines[-1].startswith("#: "):
            lines[-1] = lines[-1].rstrip("\r\n") + " " + line[3:]
        else:
            lines.append(line)
    return "".join(lines)


def update_catalogue(root: Path, lang: str) -> UpdateReport:
    """Create or update one language's catalogue (see :func:`update_catalogues`)."""
    return update_catalogues(root, [lang])[0]
