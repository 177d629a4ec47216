"""A submission's content catalogues: ``locales/<lang>.po``, one per target language.

Translators work in Poedit or Weblate on these files; the toolkit keeps them in step with
the YAML. Every translatable text of the document model (a *unit*, see the ``unit`` fields
of :mod:`toolkit.model.document`) becomes one entry: msgctxt = the stable unit id, msgid = the
source text in normalised markup. Updates are keyed by that id and by the exact text
(dictionary look-ups, never pairwise similarity), keep every translation that could still
help (edited text → fuzzy with the old msgid as ``#|``; deleted text → obsolete ``#~``),
and write nothing when nothing changed, so a catalogue in git only changes when the
report does.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from toolkit.fsutil import atomic_write_text
from toolkit.i18n.po import (
    PoEntry,
    PoError,
    PoFile,
    get_header_field,
    parse_po,
    set_header_field,
    write_po,
)
from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import (
    Document,
    Section,
    SourcePos,
    plain_text,
)
from toolkit.model.languages import SOURCE_LANGUAGES, catalogue_language, language_name
from toolkit.model.walk import TextSlot, text_slots
from toolkit.model.words import count_words, translatable_words
from toolkit.read.markup import MarkupError, parse_inline, to_markup, tokens
from toolkit.read.submission import Origin, ReadResult, read_submission

__all__ = [
    "PLURAL_FORMS",
    "Audit",
    "StatusRow",
    "Unit",
    "UpdateReport",
    "catalogue_path",
    "audit_catalogue",
    "catalogue_status",
    "check_translation",
    "display_path",
    "entries_by_unit",
    "extract_units",
    "integrity_problems",
    "load_catalogue",
    "merge_catalogue",
    "plural_forms_ok",
    "status_totals",
    "target_languages",
    "unit_comments",
    "unit_state",
    "update_catalogue",
    "update_catalogues",
    "update_hint",
    "word_count",
]

#: Languages a content catalogue can be written in (kk-Latn is built from kk).
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n != 1);",
}
GENERATOR = "shadow-report-toolkit"

State = Literal["translated", "fuzzy", "untranslated"]


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    """One translatable text as a catalogue sees it."""

    msgctxt: str  # the model's stable unit id
    msgid: str  # normalised source markup
    comments: tuple[str, ...]  # "#." lines for translators
    reference: str  # "#:" — file relative to the submission folder, and line
    pos: SourcePos  # where the text is, as every other message shows it


def _section_name(section: Section) -> str:
    if section.heading:
        return plain_text(section.heading)
    if section.label:
        return section.label
    if section.kind == "article" and section.articles:
        arts = section.articles
        if len(arts) == 1:
            return f"Article {arts[0]}"
        return "Articles " + ", ".join(arts[:-1]) + f" and {arts[-1]}"
    if section.kind == "theme" and section.themes:
        return "Theme: " + ", ".join(section.themes)
    return section.id


def unit_comments(slot: TextSlot) -> tuple[str, ...]:
    """The "#." lines a translator sees above one unit: what the text is and where it is."""
    if slot.section is not None:
        section = slot.section
        about = f"Section: {_section_name(section)}"
        if section.contributors:
            about += " — contributors: " + ", ".join(section.contributors)
        return {"heading": (about, "Section heading"),
                "recommendation": (about, "Recommendation"),
                "table-caption": (about, "Table caption"),
                "table-cell": (about, "Table cell"),
                "table-note": (about, "Note under a table")}.get(slot.role, (about,))
    if slot.role == "previous":
        prev = slot.owner
        said = f"Recommendation received earlier: {prev.document}, paragraph {prev.paragraph}"
        if prev.recommending_state:
            states = prev.recommending_state
            said += f" (from {states if isinstance(states, str) else ', '.join(states)})"
        return (said, "Quote the official UN translation if there is one")
    return _DOCUMENT_COMMENTS[slot.role]


_DOCUMENT_COMMENTS: dict[str, tuple[str, ...]] = {
    "title": ("Title of the report",),
    "place": ("Place of signature, on the cover page",),
    "organisation": ("Name of a coalition member (cover page, annex C)",),
    "source": ("Source citation (footnotes and list of sources)",),
}


def _relative_names(root: Path | None) -> Callable[[str], str]:
    """file as shown in messages → file relative to the submission folder, in / form
    (memoised: one look-up per file, not per unit)."""
    base = os.path.abspath(root) if root is not None else None
    cache: dict[str, str] = {}

    def name(file: str) -> str:
        found = cache.get(file)
        if found is None:
            found = file
            if base is not None:
                rel = os.path.relpath(os.path.abspath(file), base)
                if not rel.startswith(".."):
                    found = rel
            found = cache[file] = found.replace(os.sep, "/")
        return found

    return name


def _root_of(origins: dict[str, Origin]) -> Path | None:
    origin = origins.get("title")
    return Path(os.path.dirname(origin.yfile.file) or ".") if origin else None


def extract_units(document: Document, origins: dict[str, Origin] | None = None,
                  root: Path | None = None) -> list[Unit]:
    """One unit per non-empty translatable text, in document order.

    ``origins`` (from the reader) gives each text's own line; without it the position of
    the enclosing item is used. ``root`` defaults to the folder of submission.yaml.
    """
    origins = origins or {}
    root = Path(root) if root is not None else _root_of(origins)
    relative = _relative_names(root)
    units: list[Unit] = []
    for slot in text_slots(document):
        msgid = to_markup(slot.get())
        if not slot.unit or not msgid:
            continue  # nothing to translate (and msgid "" is the header's)
        origin = origins.get(slot.unit)
        pos = origin.yfile.pos(origin.path) if origin else slot.pos
        reference = f"{relative(pos.file)}:{pos.line}" if pos.line else relative(pos.file)
        units.append(Unit(slot.unit, msgid, unit_comments(slot), reference, pos))
    return units


def _duplicates(units: list[Unit]) -> Diagnostics:
    diags = Diagnostics()
    seen: dict[str, Unit] = {}
    for unit in units:
        if unit.msgctxt in seen:
            diags.error(unit.pos, f"two texts have the translation id '{unit.msgctxt}' "
                        f"(the other at {seen[unit.msgctxt].pos}): give them different ids")
        seen.setdefault(unit.msgctxt, unit)
    return diags


def word_count(markup: str) -> int:
    """Words a translator has to translate in one entry (see
    :func:`toolkit.model.words.translatable_words`)."""
    try:
        nodes = parse_inline(markup, block=True)
    except MarkupError:
        return count_words(markup)
    return translatable_words(nodes)


# --------------------------------------------------------------------------- files


def display_path(path: Path) -> str:
    """A path as the reader shows files: relative to the working folder when possible."""
    if path.is_absolute():
        try:
            return os.path.relpath(path, Path.cwd())
        except ValueError:  # another drive on Windows
            return str(path)
    return str(path)


def catalogue_path(root: Path, lang: str) -> Path:
    return Path(root) / "locales" / f"{lang}.po"


def load_catalogue(root: Path, lang: str) -> tuple[PoFile | None, str]:
    """The parsed catalogue (None if there is none) and its path for messages.

    A malformed file raises :class:`UserError` with ``file:line: message``.
    """
    path = catalogue_path(root, lang)
    shown = display_path(path)
    if not path.exists():
        return None, shown
    try:
        return parse_po(path.read_bytes()), shown
    except PoError as exc:
        raise UserError(exc.message, SourcePos(shown, exc.line)) from None
    except OSError as exc:
        raise UserError(f"cannot read the catalogue: {exc.strerror or exc}",
                        SourcePos(shown)) from None


def _read(root: Path) -> ReadResult:
    """Read the submission; a catalogue cannot follow text the reader could not parse."""
    result = read_submission(Path(root))
    if result.diagnostics.errors or result.document is None:
        raise UserError(result.diagnostics)
    return result


def _target_language(lang: str, source: str) -> str:
    if lang == "kk-Latn":
        raise UserError("kk-Latn is built from the Kazakh catalogue: use --lang kk")
    if lang not in SOURCE_LANGUAGES:
        raise UserError(f"unknown language '{lang}': choose one of {', '.join(SOURCE_LANGUAGES)}")
    if lang == source:
        raise UserError(f"'{lang}' is the source language of this submission: "
                        "it needs no catalogue")
    return lang


def target_languages(document: Document) -> list[str]:
    """The languages of submission.yaml that need a catalogue, in order."""
    out: list[str] = []
    for lang in document.meta.languages:
        base = catalogue_language(lang)
        if base != document.meta.source_language and base in SOURCE_LANGUAGES \
                and base not in out:
            out.append(base)
    return out


# --------------------------------------------------------------------------- plural forms


def _plural_function(value: str | None) -> tuple[int, Callable[[int], int]] | None:
    if not value:
        return None
    parts = dict(
        (k.strip(), v.strip()) for k, _, v in
        (p.partition("=") for p in value.split(";") if "=" in p)
    )
    try:
        nplurals = int(parts["nplurals"])
        return nplurals, gettext.c2py(parts["plural"])
    except (KeyError, ValueError, SyntaxError):
        return None


def plural_forms_ok(value: str | None, lang: str) -> bool:
    """Same number of forms and same form for every n (spelling may differ, e.g. Weblate's)."""
    ours = _plural_function(PLURAL_FORMS[lang])
    theirs = _plural_function(value)
    if ours is None or theirs is None or ours[0] != theirs[0]:
        return False
    try:
        return all(ours[1](n) == theirs[1](n) for n in (*range(0, 230), 1001, 1011, 1021))
    except (ValueError, ZeroDivisionError, RecursionError):
        return False


# --------------------------------------------------------------------------- update


@dataclass
class UpdateReport:
    """What an update did to one catalogue (entry counts)."""

    lang: str
    path: Path | None = None
    created: bool = False
    written: bool = False
    new: int = 0  # no translation to start from
    moved: int = 0  # same text found under another id: translation reused, fuzzy
    changed: int = 0  # text edited: old translation kept, fuzzy (if there was one)
    unchanged: int = 0
    revived: int = 0  # came back from obsolete: fuzzy
    obsolete: int = 0  # newly obsolete (#~) this time

    def summary(self) -> str:
        return (f"{self.new} new, {self.changed} changed (fuzzy), {self.moved} moved (fuzzy), "
                f"{self.revived} revived (fuzzy), {self.unchanged} unchanged, "
                f"{self.obsolete} now obsolete")


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


def merge_catalogue(units: list[Unit], old: PoFile | None, lang: str, *,
                    slug: str = "") -> tuple[PoFile, UpdateReport]:
    """The updated catalogue for ``units``; linear in the number of entries.

    Per unit, first match wins: same id and text (kept as is) → same id and text among
    obsolete entries (revived, fuzzy) → same text under another id (moved, fuzzy, ``#|
    msgctxt``) → same id, other text (changed: fuzzy, ``#| msgid`` = the text the
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
            entry = _fresh(unit, None)
            _take_translation(entry, twin)
            entry.fuzzy = True
            entry.previous_msgctxt = twin.msgctxt
            if twin.fuzzy and twin.previous_msgid is not None:
                entry.previous_msgid = twin.previous_msgid
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


def update_catalogues(root: Path, langs: list[str] | None = None) -> list[UpdateReport]:
    """Create or update ``root/locales/<lang>.po`` for each language (default: every
    target language of submission.yaml). Writes atomically, and only when bytes change."""
    root = Path(root)
    result = _read(root)
    document = result.document
    assert document is not None
    source = document.meta.source_language
    langs = [_target_language(lang, source) for lang in (langs or target_languages(document))]
    units = extract_units(document, result.origins, root)
    dup = _duplicates(units)
    if dup:
        raise UserError(dup)
    reports = []
    for lang in dict.fromkeys(langs):
        old, _ = load_catalogue(root, lang)
        po, report = merge_catalogue(units, old, lang, slug=document.meta.slug)
        path = catalogue_path(root, lang)
        text = write_po(po)
        report.path = path
        report.created = old is None
        before = path.read_text(encoding="utf-8") if old is not None else None
        if text != before:
            atomic_write_text(path, text)
            report.written = True
        reports.append(report)
    return reports


def update_catalogue(root: Path, lang: str) -> UpdateReport:
    """Create or update one language's catalogue (see :func:`update_catalogues`)."""
    return update_catalogues(root, [lang])[0]


# --------------------------------------------------------------------------- status


@dataclass
class StatusRow:
    """Progress of one language in one group (section id, ``source``, ``previous``, ``title``)."""

    lang: str
    group: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def entries(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Share of words translated (100 when there is nothing to translate)."""
        return 100.0 * self.translated_words / self.words if self.words else 100.0

    def add(self, state: State, words: int) -> None:
        setattr(self, state, getattr(self, state) + 1)
        setattr(self, f"{state}_words", getattr(self, f"{state}_words") + words)


def entries_by_unit(po: PoFile | None) -> dict[str, PoEntry]:
    """Active entries by msgctxt (entries without msgctxt are not ours)."""
    if po is None:
        return {}
    return {e.msgctxt: e for e in po.entries if not e.obsolete and e.msgctxt is not None}


def unit_state(unit: Unit, entry: PoEntry | None) -> State:
    """Translated only if reviewed and made for the current source text."""
    if entry is None or not entry.translation:
        return "untranslated"
    if entry.fuzzy or entry.msgid != unit.msgid:
        return "fuzzy"
    return "translated"


def catalogue_status(root: Path) -> list[StatusRow]:
    """Rows per target language and group, measured against the current source text.

    Languages: those of submission.yaml, then any other ``locales/*.po``. A missing
    catalogue counts as all untranslated; an entry whose source changed since the last
    update counts as fuzzy.
    """
    root = Path(root)
    result = _read(root)
    document = result.document
    assert document is not None
    units = extract_units(document, result.origins, root)
    langs = target_languages(document)
    folder = root / "locales"
    if folder.is_dir():
        for path in sorted(folder.glob("*.po")):
            if path.stem in SOURCE_LANGUAGES and path.stem not in langs \
                    and path.stem != document.meta.source_language:
                langs.append(path.stem)
    words = {u.msgctxt: word_count(u.msgid) for u in units}
    rows: list[StatusRow] = []
    for lang in langs:
        po, _ = load_catalogue(root, lang)
        index = entries_by_unit(po)
        groups: dict[str, StatusRow] = {}
        for unit in units:
            group = unit.msgctxt.split("/", 1)[0]
            row = groups.setdefault(group, StatusRow(lang, group))
            row.add(unit_state(unit, index.get(unit.msgctxt)), words[unit.msgctxt])
        rows.extend(groups.values())
    return rows


def status_totals(rows: list[StatusRow]) -> dict[str, StatusRow]:
    """One ``total`` row per language."""
    totals: dict[str, StatusRow] = {}
    for row in rows:
        t = totals.setdefault(row.lang, StatusRow(row.lang, "total"))
        for name in ("translated", "fuzzy", "untranslated", "translated_words",
                     "fuzzy_words", "untranslated_words"):
            setattr(t, name, getattr(t, name) + getattr(row, name))
    return totals


# --------------------------------------------------------------------------- integrity


def _show(token: tuple[str, ...]) -> str:
    kind = token[0]
    if kind == "note":
        return "^[…]"
    if kind == "cite":
        return f"[@{token[1]}]"
    if kind == "ref":
        return f"@{token[1]}:{token[2]}"
    if kind == "item":
        return "a list item '- '" if token[1] == "bullet" else "a lettered list item '(a) '"
    return f"<{token[1]}>"


def _tokens_diff(source: str, translation: str) -> list[str]:
    """What the translation loses or adds compared with the source (order is free)."""
    want = tokens(parse_inline(source, block=True))
    have = tokens(parse_inline(translation, block=True))
    missing, extra = want - have, have - want
    problems: list[str] = []
    lost, added = missing.pop(("note",), 0), extra.pop(("note",), 0)
    if lost:
        problems.append(f"translation drops {lost} footnote{'s' if lost > 1 else ''} ^[…]")
    if added:
        problems.append(f"translation adds {added} footnote{'s' if added > 1 else ''} ^[…]")

    def family(token: tuple[str, ...]) -> tuple[str, ...]:
        return token[:2] if token[0] == "ref" else token[:1]

    def expand(counter: Any) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
        out: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for token in sorted(counter):
            out.setdefault(family(token), []).extend([token] * counter[token])
        return out

    gone, new = expand(missing), expand(extra)
    for fam in sorted(set(gone) | set(new)):
        a, b = gone.get(fam, []), new.get(fam, [])
        for src, got in zip(a, b, strict=False):
            problems.append(f"translation has {_show(got)}, source has {_show(src)}")
        for src in a[len(b):]:
            problems.append(f"translation drops {_show(src)}")
        for got in b[len(a):]:
            problems.append(f"translation adds {_show(got)}, which the source does not have")
    return problems


def integrity_problems(msgid: str, msgstr: str) -> list[str]:
    """Why a translation cannot be used: broken markup, or lost/added footnotes,
    citations, cross-references or links. Empty when it is fine."""
    return list(_integrity_problems(msgid, msgstr))


@functools.lru_cache(maxsize=8192)
def _integrity_problems(msgid: str, msgstr: str) -> tuple[str, ...]:
    """Memoised: check and build audit the same catalogue more than once per run."""
    return tuple(_integrity_problems_uncached(msgid, msgstr))


def _integrity_problems_uncached(msgid: str, msgstr: str) -> list[str]:
    try:
        parse_inline(msgstr, block=True)
    except MarkupError as exc:
        near = msgstr[exc.offset:exc.offset + 20].replace("\n", " ")
        return [f"the translation's markup is broken: {exc.message} (at «{near}»)"]
    try:
        return _tokens_diff(msgid, msgstr)
    except MarkupError as exc:  # msgid edited by hand in the catalogue
        return [f"the msgid's markup is broken ({exc.message}): run toolkit i18n update"]


@dataclass
class Audit:
    """An integrity audit: what to report, and which units must not use their msgstr."""

    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    broken: set[str] = field(default_factory=set)  # msgctxt of unusable translations


def audit_catalogue(po: PoFile, shown: str, lang: str, units: list[Unit], hint: str, *,
                    stale: bool = True) -> Audit:
    """Header, unknown (and with ``stale``, out-of-date) entries, and every reviewed
    translation's markup and tokens."""
    audit = Audit()
    diags = audit.diagnostics
    header = po.header
    forms = get_header_field(header.msgstr, "Plural-Forms") if header else None
    if not plural_forms_ok(forms, lang):
        diags.error(SourcePos(shown, header.msgstr_line if header else 1),
                    f"Plural-Forms is {forms!r} but for {lang} it must be "
                    f"{PLURAL_FORMS[lang]!r} ({hint} to fix it)")
    known = {u.msgctxt: u.msgid for u in units}
    for entry in po.entries:
        if entry.obsolete:
            continue
        where = SourcePos(shown, entry.msgstr_line or entry.line)
        if entry.msgctxt is None or entry.msgctxt not in known:
            name = entry.msgctxt if entry.msgctxt is not None else entry.msgid[:40]
            diags.warning(SourcePos(shown, entry.line),
                          f"unknown entry '{name}': {hint}")
            continue
        if stale and entry.msgid != known[entry.msgctxt]:
            diags.warning(SourcePos(shown, entry.line),
                          f"{entry.msgctxt}: the source text changed after the last update: "
                          f"{hint}")
        if not entry.translation or entry.fuzzy or entry.msgid_plural is not None:
            continue
        problems = integrity_problems(entry.msgid, entry.msgstr)
        if problems:
            diags.error(where, f"{entry.msgctxt}: " + "; ".join(problems))
            audit.broken.add(entry.msgctxt)
    return audit


def update_hint(root: Path, lang: str) -> str:
    """The command that fixes a stale or missing catalogue, for messages."""
    return f"run toolkit i18n update {display_path(Path(root))} --lang {lang}"


def check_translation(root: Path, lang: str, document: Document,
                      origins: dict[str, Origin] | None = None) -> Diagnostics:
    """Integrity of one catalogue against the document: every problem, with PO lines."""
    root = Path(root)
    if lang not in SOURCE_LANGUAGES:
        diags = Diagnostics()
        diags.error(SourcePos("submission.yaml"), f"unknown catalogue language '{lang}': "
                    f"choose one of {', '.join(SOURCE_LANGUAGES)}")
        return diags
    hint = update_hint(root, lang)
    try:
        po, shown = load_catalogue(root, lang)
    except UserError as exc:
        return exc.diagnostics
    if po is None:
        diags = Diagnostics()
        diags.error(SourcePos(shown), f"no catalogue: {hint}")
        return diags
    units = extract_units(document, origins, root)
    return audit_catalogue(po, shown, lang, units, hint).diagnostics
