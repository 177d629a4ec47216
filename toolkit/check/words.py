"""Word counts against OHCHR limits, and the mechanism's rules on document symbols.

Counted the way the limit is defined (see docs/format.md, "Word limits"): headings,
numbered paragraphs, recommendations and the earlier recommendations quoted in follow-up
sections always count; footnotes count when the mechanism (or ``limits:`` in
submission.yaml) says so — by default they do for treaty bodies and the UPR, as in the UN
editorial rules; the cover page and the annexes never count unless configured.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.model.diagnostics import Diagnostics
from toolkit.model.document import Document, Inline, SourcePos, plain_text
from toolkit.model.mechanisms import Limits, Mechanism, load_mechanism
from toolkit.model.walk import notes, text_slots
from toolkit.model.words import count_words

NEAR_LIMIT = 0.95


def _note_words(nodes: list[Inline]) -> int:
    return sum(count_words(plain_text(note.children)) for note in notes(nodes))


@dataclass
class SectionCount:
    section_id: str
    heading: str
    body: int = 0
    footnotes: int = 0
    counted: int = 0
    annex: bool = False


@dataclass
class WordCount:
    """Counts of one language of a prepared document."""

    language: str
    sections: list[SectionCount] = field(default_factory=list)
    cover: int = 0
    limit: int | None = None
    footnotes_count: bool = True
    annexes_count: bool = False
    cover_counts: bool = False
    limit_source: str | None = None
    #: Where the rules come from (see :class:`toolkit.model.mechanisms.Limits`); a rule
    #: the submission's own ``limits:`` sets is reported as set there.
    limits: Limits | None = None
    limit_overridden: bool = False
    footnotes_overridden: bool = False

    @property
    def total(self) -> int:
        return sum(s.counted for s in self.sections) + (self.cover if self.cover_counts else 0)


def effective_limits(doc: Document, mechanism: Mechanism) -> tuple[int | None, bool, bool, bool]:
    """The word limit and what counts, after the submission's own ``limits:``."""
    limits = mechanism.limits
    override = doc.meta.limits
    limit = override.get("words") or limits.word_limit(doc.meta.submission_type)
    footnotes = override.get("footnotes_count", limits.footnotes_count)
    annexes = override.get("annexes_count", limits.annexes_count)
    cover = override.get("cover_counts", limits.cover_counts)
    return limit, bool(footnotes), bool(annexes), bool(cover)  # type: ignore[return-value]


def word_count(doc: Document, mechanism: Mechanism | None = None) -> WordCount:
    """Count a *prepared* document (citations already turned into footnotes)."""
    mechanism = mechanism or load_mechanism(doc.meta.mechanism)
    limit, footnotes, annexes, cover = effective_limits(doc, mechanism)
    result = WordCount(doc.language, limit=limit, footnotes_count=footnotes,
                       annexes_count=annexes, cover_counts=cover,
                       limit_source=mechanism.limits.source, limits=mechanism.limits,
                       limit_overridden=bool(doc.meta.limits.get("words")),
                       footnotes_overridden="footnotes_count" in doc.meta.limits)
    result.cover = sum(count_words(plain_text(slot.get()))
                       for slot in text_slots(doc, ("title", "organisation")))
    rows: dict[str, SectionCount] = {}
    for section in doc.sections:
        rows[section.id] = SectionCount(section.id, plain_text(section.heading),
                                        annex=section.kind == "annex")
    for slot in text_slots(doc):
        section = slot.section
        if section is None:
            continue
        quoted = [doc.previous[p].content for p in section.previous if p in doc.previous]
        # The earlier recommendations a section quotes count in it, after its heading.
        for nodes in [slot.get(), *(quoted if slot.role == "heading" else [])]:
            rows[section.id].body += count_words(plain_text(nodes))
            rows[section.id].footnotes += _note_words(nodes)
    for row in rows.values():
        counts = not row.annex or annexes
        row.counted = (row.body + (row.footnotes if footnotes else 0)) if counts else 0
        result.sections.append(row)
    return result


def limit_diagnostics(count: WordCount, pos: SourcePos) -> Diagnostics:
    """Over the limit: an error with the figures and the heaviest sections; near it: a warning."""
    diags = Diagnostics()
    if count.limit is None:
        return diags
    total = count.total
    heavy = sorted(count.sections, key=lambda s: s.counted, reverse=True)[:3]
    heaviest = ", ".join(f"{s.heading} ({s.counted})" for s in heavy)
    what = "body and footnotes" if count.footnotes_count else "body text"
    if total > count.limit:
        diags.error(pos, f"[{count.language}] {total} words counted ({what}) — over the limit "
                    f"of {count.limit} by {total - count.limit}; heaviest sections: {heaviest}")
    elif total >= NEAR_LIMIT * count.limit:
        diags.warning(pos, f"[{count.language}] {total} words counted ({what}), within 5% of "
                      f"the limit of {count.limit}")
    return diags


# document symbols and UPR recommendation numbers: toolkit.check.references (check and
# build run them alike)
