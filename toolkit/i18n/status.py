"""Translation progress (``toolkit i18n status``): entries and words per language and
section or contributor, measured against the current source text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from toolkit.i18n.files import load_catalogue, read_checked, target_languages
from toolkit.i18n.po import PoEntry, PoFile
from toolkit.i18n.units import (
    Unit,
    extract_units,
    section_name,
    word_count,
    written_in_sources,
)
from toolkit.model.document import Document
from toolkit.model.languages import SOURCE_LANGUAGES
from toolkit.model.walk import text_slots

__all__ = [
    "NO_CONTRIBUTOR",
    "Breakdown",
    "State",
    "StatusReport",
    "StatusRow",
    "catalogue_report",
    "catalogue_status",
    "entries_by_unit",
    "status_totals",
    "unit_state",
]

State = Literal["translated", "fuzzy", "untranslated"]


@dataclass
class StatusRow:
    """Progress of one language in one group (section id, ``source``, ``previous``, ``title``;
    or a contributor's id)."""

    lang: str
    group: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    #: of ``fuzzy``: reviewed translations a build refuses (broken markup, a footnote or
    #: reference lost, a plural entry): counted as needing work, not as translated
    refused: int = 0

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


#: How ``i18n status`` groups its rows: by section (and the other groups of entries:
#: title, coalition, source, previous…) or by the contributors of each section.
Breakdown = Literal["section", "contributor"]
#: The row of entries outside any section, or in a section that names no contributor.
NO_CONTRIBUTOR = "(no contributor)"


@dataclass
class StatusReport:
    """Rows per language and group, and one total per language (a unit of a section with
    two contributors is in both contributors' rows, and once in the total)."""

    by: Breakdown
    rows: list[StatusRow]
    totals: dict[str, StatusRow]
    names: dict[str, str]  # group → what a coordinator calls it (section title, org name)


def catalogue_status(root: Path) -> list[StatusRow]:
    """Rows per target language and section (see :func:`catalogue_report`)."""
    return catalogue_report(root).rows


def catalogue_report(root: Path, by: Breakdown = "section") -> StatusReport:
    """Rows per target language and group, measured against the current source text.

    Languages: those of submission.yaml, then any other ``locales/*.po``. A missing
    catalogue counts as all untranslated; an entry whose source changed since the last
    update counts as fuzzy; so does a reviewed translation that a build refuses (its
    markup broken, a footnote, citation, cross-reference or link lost or added: what
    ``toolkit check`` reports), counted in ``refused`` too; a source citation that
    sources.yaml gives in the language itself counts as translated.
    """
    from toolkit.i18n.audit import translation_problems

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
    groups_of, names = _groups(document, by)
    rows: list[StatusRow] = []
    totals: dict[str, StatusRow] = {}
    for lang in langs:
        po, _ = load_catalogue(root, lang)
        index = entries_by_unit(po)
        given = written_in_sources(document, lang)
        groups: dict[str, StatusRow] = {}
        total = totals[lang] = StatusRow(lang, "total")
        for unit in units:
            entry = index.get(unit.msgctxt)
            state = "translated" if unit.msgctxt in given else unit_state(unit, entry)
            refused = state == "translated" and entry is not None and unit.msgctxt not in given \
                and (entry.msgid_plural is not None
                     or bool(translation_problems(entry.msgid, entry.msgstr)))
            if refused:
                state = "fuzzy"
            rows_of = [total, *(groups.setdefault(group, StatusRow(lang, group))
                                for group in groups_of(unit.msgctxt))]
            for row in rows_of:
                row.add(state, words[unit.msgctxt])
                row.refused += refused
        if by == "contributor":  # in the coalition's order, then the rest
            order = {name: i for i, name in enumerate([*names, NO_CONTRIBUTOR])}
            groups = dict(sorted(groups.items(), key=lambda item: order.get(item[0], 0)))
        rows.extend(groups.values())
    return StatusReport(by, rows, totals, names)


def _groups(document: Document, by: Breakdown
            ) -> tuple[Callable[[str], list[str]], dict[str, str]]:
    """Which rows a unit counts in, and the groups' names."""
    if by == "section":
        names = {s.id: section_name(s) for s in document.sections}

        def by_section(msgctxt: str) -> list[str]:
            return [msgctxt.split("/", 1)[0]]

        return by_section, names
    names = {org.id: org.name for org in document.meta.coalition}
    section_of = {slot.unit: slot.section for slot in text_slots(document)
                  if slot.unit and slot.section is not None}

    def by_contributor(msgctxt: str) -> list[str]:
        section = section_of.get(msgctxt)
        return list(dict.fromkeys(section.contributors)) if section is not None \
            and section.contributors else [NO_CONTRIBUTOR]

    return by_contributor, names


def status_totals(rows: list[StatusRow]) -> dict[str, StatusRow]:
    """One ``total`` row per language."""
    totals: dict[str, StatusRow] = {}
    for row in rows:
        t = totals.setdefault(row.lang, StatusRow(row.lang, "total"))
        for name in ("translated", "fuzzy", "untranslated", "translated_words",
                     "fuzzy_words", "untranslated_words", "refused"):
            setattr(t, name, getattr(t, name) + getattr(row, name))
    return totals
