"""Translation: the document in another language, from the submission's catalogue.

A pipeline stage between checking and transforming: it swaps each unit's nodes for the
parsed msgstr and touches nothing else, so numbering, citations and cross-references are
built afterwards exactly as for the source. Data that is not a unit (document symbols
such as CCPR/C/KAZ/CO/1, ids, URLs) stays as it is.

Final mode refuses anything not ready (untranslated, fuzzy, stale or broken). Draft mode
shows a fuzzy entry's unreviewed translation (when its markup fits the current source),
keeps the source text for the other units, and returns both sets of ids so the writers
can shade each kind in its own colour.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import Document, SourcePos, clone
from toolkit.model.languages import SOURCE_LANGUAGES, catalogue_language
from toolkit.model.walk import BLOCK_ROLES, text_slots
from toolkit.read.markup import parse_inline
from toolkit.read.submission import Origin

if TYPE_CHECKING:
    from toolkit.i18n.files import Catalogues

__all__ = ["choose_source_language", "translate_document"]


def choose_source_language(document: Document, lang: str, source_language: str) -> None:
    """Each source's address for the build language ``lang`` (its own, else its
    catalogue language's, else the source language's, else any), and its citation where
    sources.yaml gives one for exactly ``lang`` (kk-Latn written out by hand)."""
    for source in document.sources.values():
        source.url = source.url_for(lang, source_language)
        if lang != catalogue_language(lang) and lang in source.citations:
            source.citation = source.citations[lang]


def translate_document(
    document: Document,
    root: Path,
    lang: str,
    *,
    draft: bool,
    origins: dict[str, Origin] | None = None,
    catalogues: Catalogues | None = None,
) -> tuple[Document, Diagnostics, set[str], set[str]]:
    """A translated deep copy, the problems found, the units left in the source language,
    and (draft only) the fuzzy units shown in their unreviewed translation.

    ``origins`` (from the reader) makes messages point at each text's own line. In final
    mode every unit that cannot be translated is an error naming the PO entry and the
    source; in draft mode those are warnings (one summary line): a fuzzy unit whose
    translation keeps the source's footnotes, citations, cross-references and links shows
    that translation, any other unit keeps its source text.
    """
    root = Path(root)
    # the catalogue machinery only when a language is translated (a build in the source
    # language imports this module for choose_source_language alone)
    from toolkit.i18n.audit import audit_catalogue, integrity_problems
    from toolkit.i18n.files import load_catalogue, update_hint
    from toolkit.i18n.status import entries_by_unit, unit_state
    from toolkit.i18n.units import extract_units, written_in_sources

    doc = clone(document)
    doc.language = lang
    diags = Diagnostics()
    base = catalogue_language(lang)
    if base == document.meta.source_language:
        return doc, diags, set(), set()
    if base not in SOURCE_LANGUAGES:
        diags.error(SourcePos("submission.yaml"),
                    f"no catalogue can exist for '{lang}': choose one of "
                    f"{', '.join(SOURCE_LANGUAGES)}")
        return doc, diags, set(), set()
    hint = update_hint(root, base)
    units = {u.msgctxt: u for u in extract_units(doc, origins, root)}
    given = written_in_sources(doc, lang)
    for source in doc.sources.values():  # sources.yaml's own text in this language wins
        if source.unit in given:
            source.citation = given[source.unit]
    try:
        po, shown = load_catalogue(root, base, catalogues)
    except UserError as exc:
        diags.extend(exc.diagnostics)
        return doc, diags, set(units) - set(given), set()
    if po is None:
        if draft:
            diags.warning(SourcePos(shown),
                          f"no catalogue: every text stays in the source language ({hint})")
        else:
            diags.error(SourcePos(shown), f"no catalogue: {hint}")
        return doc, diags, set(units) - set(given), set()

    audit = audit_catalogue(po, shown, base, list(units.values()), hint, stale=False)
    for item in audit.diagnostics.items:
        if draft or item.severity == "warning":
            diags.warning(item.pos, item.message)
        else:
            diags.error(item.pos, item.message)

    index = entries_by_unit(po)
    left: set[str] = set()
    fuzzy: set[str] = set()
    counts = {"untranslated": 0, "fuzzy": 0, "broken": 0}
    for slot in text_slots(doc):
        if slot.unit in given:
            continue  # set above
        unit = units.get(slot.unit)
        if unit is None:
            continue  # an empty text: nothing to translate
        entry = index.get(unit.msgctxt)
        state = unit_state(unit, entry)
        if state == "translated" and unit.msgctxt not in audit.broken:
            assert entry is not None
            slot.set(parse_inline(entry.msgstr, block=slot.role in BLOCK_ROLES))
            continue
        if unit.msgctxt in audit.broken:
            left.add(unit.msgctxt)
            counts["broken"] += 1
            continue  # already reported by the audit
        counts[state] += 1
        if draft:
            if state == "fuzzy" and entry is not None \
                    and not integrity_problems(unit.msgid, entry.msgstr):
                slot.set(parse_inline(entry.msgstr, block=slot.role in BLOCK_ROLES))
                fuzzy.add(unit.msgctxt)
            else:
                left.add(unit.msgctxt)
            continue
        left.add(unit.msgctxt)
        src = f"(source: {unit.pos})"
        if entry is None:
            diags.error(SourcePos(shown), f"{unit.msgctxt}: not in the catalogue: {hint} {src}")
        elif state == "untranslated":
            diags.error(SourcePos(shown, entry.msgstr_line), f"{unit.msgctxt}: untranslated {src}")
        elif entry.msgid != unit.msgid:
            diags.error(SourcePos(shown, entry.line),
                        f"{unit.msgctxt}: the source text changed after the last update: "
                        f"{hint} {src}")
        else:
            diags.error(SourcePos(shown, entry.line),
                        f"{unit.msgctxt}: fuzzy: review the translation and clear the fuzzy "
                        f"flag {src}")
    if draft and (left or fuzzy):
        parts = [f"{n} {name}" for name, n in counts.items() if n]
        shade = []
        if left:
            shade.append(f"{len(left)} shown in the source language, shaded yellow")
        if fuzzy:
            shade.append(f"{len(fuzzy)} in their unreviewed (fuzzy) translation, shaded blue")
        diags.warning(SourcePos(shown),
                      f"{len(left) + len(fuzzy)} of {len(units)} texts are not translated yet "
                      f"({', '.join(parts)}): {'; '.join(shade)}")
    return doc, diags, left, fuzzy
