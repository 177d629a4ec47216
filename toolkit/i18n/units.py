"""Units: the translatable texts of a document as a catalogue sees them.

Every translatable text of the document model (a *unit*, see :mod:`toolkit.model.walk`)
becomes one catalogue entry: msgctxt = the stable unit id, msgid = the source text in
normalised markup, with "#." comments that tell the translator what and where it is.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from toolkit.model.diagnostics import Diagnostics
from toolkit.model.document import Document, Inline, Section, Source, SourcePos, plain_text
from toolkit.model.walk import TextSlot, text_slots
from toolkit.model.words import count_words, translatable_words
from toolkit.read.markup import MarkupError, parse_inline, to_markup
from toolkit.read.submission import Origin

__all__ = [
    "Unit", "duplicate_ids", "extract_units", "section_name", "unit_comments", "word_count",
    "written_in_sources",
]


@dataclass(frozen=True)
class Unit:
    """One translatable text as a catalogue sees it."""

    msgctxt: str  # the model's stable unit id
    msgid: str  # normalised source markup
    comments: tuple[str, ...]  # "#." lines for translators
    reference: str  # "#:" — file relative to the submission folder, and line
    pos: SourcePos  # where the text is, as every other message shows it


def section_name(section: Section) -> str:
    """What translators and coordinators call a section: its heading, label or articles."""
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
        about = f"Section: {section_name(section)}"
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
    if isinstance(slot.owner, Source) and slot.owner.citations:
        given = ", ".join(slot.owner.citations)
        return (*_DOCUMENT_COMMENTS["source"],
                f"sources.yaml gives this citation in {given} itself: the {given} build "
                "uses that text, not this entry")
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


def duplicate_ids(units: list[Unit]) -> Diagnostics:
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


def written_in_sources(document: Document, lang: str) -> dict[str, list[Inline]]:
    """Source citations that sources.yaml gives in ``lang`` itself, by unit: they need no
    catalogue entry in that language."""
    return {source.unit: source.citations[lang] for source in document.sources.values()
            if lang in source.citations and source.unit}
