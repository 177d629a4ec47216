"""Where the report stands, per section and per contributor (``toolkit stats``): review
status, words, recommendations, footnotes, open comments and translation progress.

Figures are of the source text after preparation (citations are footnotes by then), so
they match what a build shows; translation progress is ``toolkit i18n status``'s share of
words translated, per target language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.check.words import word_count
from toolkit.model.document import Document, plain_text
from toolkit.model.walk import notes, text_slots


@dataclass
class SectionProgress:
    id: str
    heading: str
    file: str  # where the section is written (file:line)
    status: str
    contributors: list[str]
    words: int = 0  # source language, footnotes and quoted earlier recommendations included
    recommendations: int = 0
    footnotes: int = 0
    open_comments: int = 0
    #: language → (words translated, words to translate)
    translation: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class ContributorProgress:
    id: str
    name: str
    sections: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    words: int = 0
    recommendations: int = 0
    footnotes: int = 0
    open_comments: int = 0
    translation: dict[str, tuple[int, int]] = field(default_factory=dict)


def percent(done: int, total: int) -> float:
    """Share done, 100 when there is nothing to do."""
    return round(100.0 * done / total, 1) if total else 100.0


def section_progress(prepared: Document, source: Document,
                     translation: dict[tuple[str, str], tuple[int, int]]) -> list[SectionProgress]:
    """One row per section. ``prepared`` is the source language after preparation (for
    words and footnotes), ``source`` the document as read (status, comments, positions);
    ``translation`` maps (language, section id) to (words translated, words)."""
    read = {s.id: s for s in source.sections}
    rows: dict[str, SectionProgress] = {}
    for section in prepared.sections:
        own = read.get(section.id, section)
        rows[section.id] = SectionProgress(
            id=section.id, heading=plain_text(section.heading), file=str(own.pos),
            status=own.status, contributors=list(own.contributors),
            recommendations=len(section.recommendations),
            open_comments=sum(1 for c in own.all_comments() if not c.resolved))
    for counted in word_count(prepared).sections:  # as the limit counts them, annex or not
        if counted.section_id in rows:
            rows[counted.section_id].words = counted.body + counted.footnotes
    for slot in text_slots(prepared):
        if slot.section is not None and slot.section.id in rows:
            rows[slot.section.id].footnotes += sum(1 for _ in notes(slot.get()))
    for (lang, section_id), figures in translation.items():
        if section_id in rows:
            rows[section_id].translation[lang] = figures
    langs = sorted({lang for lang, _ in translation})
    for row in rows.values():  # a section with nothing to translate is done
        for lang in langs:
            row.translation.setdefault(lang, (0, 0))
    return list(rows.values())


def contributor_progress(document: Document, sections: list[SectionProgress]
                         ) -> list[ContributorProgress]:
    """The sections of each coalition member (``contributors:``) added up."""
    out = {org.id: ContributorProgress(org.id, org.name) for org in document.meta.coalition}
    for row in sections:
        for who in row.contributors:
            member = out.get(who)
            if member is None:
                continue
            member.sections.append(row.id)
            member.statuses[row.status] = member.statuses.get(row.status, 0) + 1
            member.words += row.words
            member.recommendations += row.recommendations
            member.footnotes += row.footnotes
            member.open_comments += row.open_comments
            for lang, (done, total) in row.translation.items():
                before = member.translation.get(lang, (0, 0))
                member.translation[lang] = (before[0] + done, before[1] + total)
    return list(out.values())


def as_json(sections: list[SectionProgress], contributors: list[ContributorProgress]
            ) -> dict[str, Any]:
    """Plain data for ``stats --format json``: translation as percentages and words."""
    def translation(figures: dict[str, tuple[int, int]]) -> dict[str, Any]:
        return {lang: {"percent": percent(done, total), "translated_words": done,
                       "words": total} for lang, (done, total) in sorted(figures.items())}

    return {
        "sections": [{
            "id": s.id, "heading": s.heading, "file": s.file, "status": s.status,
            "contributors": s.contributors, "words": s.words,
            "recommendations": s.recommendations, "footnotes": s.footnotes,
            "open_comments": s.open_comments, "translation": translation(s.translation),
        } for s in sections],
        "contributors": [{
            "id": c.id, "name": c.name, "sections": c.sections, "status": c.statuses,
            "words": c.words, "recommendations": c.recommendations, "footnotes": c.footnotes,
            "open_comments": c.open_comments, "translation": translation(c.translation),
        } for c in contributors],
    }
