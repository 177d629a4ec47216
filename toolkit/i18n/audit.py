"""Whether a catalogue can be used: its header, unknown and stale entries, and every
reviewed translation's markup and tokens (footnotes, citations, cross-references, links).
``toolkit check`` and ``toolkit build`` both audit through here, so they agree."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.i18n.files import Catalogues, load_catalogue, update_hint
from toolkit.i18n.plurals import PLURAL_FORMS, plural_forms_ok
from toolkit.i18n.po import PoFile, get_header_field
from toolkit.i18n.units import Unit, extract_units
from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import Document, SourcePos
from toolkit.model.languages import SOURCE_LANGUAGES, catalogue_language
from toolkit.read.markup import MarkupError, parse_inline, tokens
from toolkit.read.submission import Origin

__all__ = [
    "Audit",
    "audit_catalogue",
    "check_translation",
    "integrity_problems",
    "require_translation",
    "translation_problems",
]


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


def _line_break_problems(msgid: str, msgstr: str) -> list[str]:
    """gettext (msgfmt, and so Weblate) refuses a reviewed entry whose translation begins
    or ends with a line break where the source does not, or the other way round."""
    problems = []
    for edge, test in (("begins", str.startswith), ("ends", str.endswith)):
        if test(msgstr, "\n") and not test(msgid, "\n"):
            problems.append(f"the translation {edge} with a line break (\\n) and the source "
                            "does not: delete it (gettext tools refuse such an entry)")
        elif test(msgid, "\n") and not test(msgstr, "\n"):
            problems.append(f"the source {edge} with a line break (\\n) and the translation "
                            "does not: add one (gettext tools refuse such an entry)")
    return problems


def translation_problems(msgid: str, msgstr: str) -> list[str]:
    """Everything that keeps a reviewed translation out of a build (line breaks, markup,
    footnotes, citations, cross-references, links); what an XLIFF import checks too."""
    return _line_break_problems(msgid, msgstr) + integrity_problems(msgid, msgstr)


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
        if entry.msgid_plural is not None:
            diags.error(SourcePos(shown, entry.plural_line or entry.line),
                        f"{entry.msgctxt}: a content entry is never plural: delete the "
                        "msgid_plural line and write the translation as msgstr \"…\" "
                        f"({hint} turns msgstr[0] into msgstr)")
            audit.broken.add(entry.msgctxt)
            continue
        if not entry.translation or entry.fuzzy:
            continue
        problems = translation_problems(entry.msgid, entry.msgstr)
        if problems:
            diags.error(where, f"{entry.msgctxt}: " + "; ".join(problems))
            audit.broken.add(entry.msgctxt)
    return audit


def check_translation(root: Path, lang: str, document: Document,
                      origins: dict[str, Origin] | None = None, *,
                      catalogues: Catalogues | None = None) -> Diagnostics:
    """Integrity of one catalogue against the document: every problem, with PO lines."""
    root = Path(root)
    if lang not in SOURCE_LANGUAGES:
        diags = Diagnostics()
        diags.error(SourcePos("submission.yaml"), f"unknown catalogue language '{lang}': "
                    f"choose one of {', '.join(SOURCE_LANGUAGES)}")
        return diags
    hint = update_hint(root, lang)
    try:
        po, shown = load_catalogue(root, lang, catalogues)
    except UserError as exc:
        return exc.diagnostics
    if po is None:  # like an empty catalogue: nothing translated yet, which is no error
        diags = Diagnostics()
        diags.warning(SourcePos(shown), f"no catalogue: {hint}")
        return diags
    units = extract_units(document, origins, root)
    return audit_catalogue(po, shown, lang, units, hint).diagnostics


def require_translation(root: Path, lang: str, document: Document,
                        origins: dict[str, Origin] | None = None, *,
                        catalogues: Catalogues | None = None) -> Diagnostics:
    """What keeps ``lang`` from being built in final mode (``toolkit check --lang``):
    exactly the errors ``toolkit build --lang`` would give, so the two always agree."""
    from toolkit.i18n.translate import translate_document

    base = catalogue_language(lang)
    if base == document.meta.source_language:
        return Diagnostics()
    return translate_document(document, Path(root), base, draft=False, origins=origins,
                              catalogues=catalogues)[1]
