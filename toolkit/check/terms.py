"""Terminology: a translation uses the glossary's term wherever its source has one.

For every reviewed (translated, not fuzzy) entry of a content catalogue whose source holds
a glossary term, the translation must hold the entry's term in its language, in any
inflected form (see :mod:`toolkit.i18n.glossary`): a warning otherwise, an error with
``--strict``. A variant the glossary forbids is always an error. Each message gives the
catalogue's line, the source text's YAML line and the glossary entry's line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from toolkit.i18n.files import Catalogues, load_catalogue, target_languages
from toolkit.i18n.glossary import TermFinder
from toolkit.i18n.units import Unit, extract_units
from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import Document, SourcePos
from toolkit.read.glossary import Glossary, load_glossary
from toolkit.read.submission import Origin

__all__ = ["term_diagnostics"]


def term_diagnostics(root: Path, document: Document, origins: dict[str, Origin] | None = None,
                     *, strict: bool = False, glossary: Glossary | None = None,
                     langs: Iterable[str] | None = None,
                     catalogues: Catalogues | None = None) -> Diagnostics:
    """Glossary problems in every target-language catalogue of the submission at ``root``
    (with ``langs``, in the catalogues those languages are built from: ``kk-Latn`` checks
    ``kk``). A language's lexicons are loaded only if the glossary has terms for it."""
    diags = Diagnostics()
    targets = target_languages(document, langs)
    if not targets:
        return diags
    if glossary is None:
        try:
            glossary = load_glossary(root)
        except UserError as exc:
            return exc.diagnostics
    source = document.meta.source_language
    units: dict[str, Unit] | None = None
    source_finder: TermFinder | None = None
    for lang in targets:
        required = [e for e in glossary.entries if source in e.forms and lang in e.forms]
        forbidden = [e for e in glossary.entries if lang in e.forbidden]
        if not (required or forbidden):
            continue
        try:
            po, shown = load_catalogue(root, lang, catalogues)
        except UserError:
            continue  # the catalogue audit reports it
        if po is None:
            continue
        if units is None or source_finder is None:
            units = {u.msgctxt: u for u in extract_units(document, origins, root)}
            source_finder = TermFinder(source, [t for e in glossary.entries
                                                for t in e.forms.get(source, ())])
        finder = TermFinder(lang, [t for e in required for t in e.forms[lang]]
                            + [t for e in forbidden for t in e.forbidden[lang]])
        for entry in po.entries:
            if entry.obsolete or entry.fuzzy or not entry.translation:
                continue
            unit = units.get(entry.msgctxt or "")
            if unit is None or unit.msgid != entry.msgid:
                continue  # unknown or stale: the catalogue audit says so
            where = SourcePos(shown, entry.msgstr_line or entry.line)
            said = finder.prepare(entry.translation)
            wrong: set[str] = set()
            for term in forbidden:
                hit = finder.find_any(said, term.forbidden[lang])
                if hit is not None:
                    wrong.add(term.key)
                    diags.error(where, f"{entry.msgctxt}: the translation uses «{hit}», which "
                                f"the glossary forbids: write «{term.forms[lang][0]}» instead "
                                f"(source text at {unit.reference}; glossary entry at "
                                f"{term.pos})")
            source_words = source_finder.prepare(entry.msgid)
            for term in required:
                if term.key in wrong:
                    continue  # the error above already names the term to use
                found = source_finder.find_any(source_words, term.forms[source])
                if found is None or finder.find_any(said, term.forms[lang]) is not None:
                    continue
                message = (f"{entry.msgctxt}: the source text ({unit.reference}) has "
                           f"'{found}' but the translation lacks «{term.forms[lang][0]}» in "
                           f"any form: use the glossary's term (glossary entry at {term.pos}; "
                           "a submission overrides it in glossary.yaml)")
                if strict:
                    diags.error(where, message)
                else:
                    diags.warning(where, message)
    return diags
