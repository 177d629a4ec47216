"""Translation progress (``toolkit i18n status``): entries and words per language and
section, measured against the current source text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from toolkit.i18n.files import load_catalogue, read_checked, target_languages
from toolkit.i18n.po import PoEntry, PoFile
from toolkit.i18n.units import Unit, extract_units, word_count, written_in_sources
from toolkit.model.languages import SOURCE_LANGUAGES

__all__ = [
    "State",
    "StatusRow",
    "catalogue_status",
    "entries_by_unit",
    "status_totals",
    "unit_state",
]

State = Literal["translated", "fuzzy", "untranslated"]


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
    result = read_checked(root)
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
        given = written_in_sources(document, lang)
        groups: dict[str, StatusRow] = {}
        for unit in units:
            group = unit.msgctxt.split("/", 1)[0]
            row = groups.setdefault(group, StatusRow(lang, group))
            state = "translated" if unit.msgctxt in given \
                else unit_state(unit, index.get(unit.msgctxt))
            row.add(state, words[unit.msgctxt])
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
