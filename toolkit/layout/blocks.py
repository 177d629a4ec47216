"""The layout tree: what a page shows, decided once, for every writer.

Between the transformed document model and the writers (pandoc's shape: readers → model
→ transforms → layout → writers). Every word is already in the target language, every
number, annex letter and anchor assigned, every citation rendered and every
cross-reference turned into a labelled internal link. Blocks carry *semantic roles*, never
Word style ids, twips or HTML classes: the DOCX writer maps roles to styles in one table,
an HTML writer will map them to elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# --------------------------------------------------------------------------- inlines


@dataclass
class Text:
    text: str


@dataclass
class Emph:
    children: list[Inline]


@dataclass
class Strong:
    children: list[Inline]


@dataclass
class Link:
    """An external link (``url``) or an internal one (``anchor``): exactly one is set."""

    children: list[Inline]
    url: str | None = None
    anchor: str | None = None


@dataclass
class Note:
    """A footnote: its number (document order, from 1) and its content (no notes inside)."""

    number: int
    children: list[Inline]


Inline = Text | Emph | Strong | Link | Note


def plain(nodes: list[Inline]) -> str:
    """The text a reader sees (footnotes left out)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif not isinstance(node, Note):
            out.append(plain(node.children))
    return "".join(out)


# --------------------------------------------------------------------------- blocks

CoverRole = Literal["mechanism", "meta", "title", "coalition"]
COVER_ROLES: tuple[str, ...] = ("mechanism", "meta", "title", "coalition")


@dataclass
class CoverLine:
    role: CoverRole
    inlines: list[Inline]


@dataclass
class Cover:
    """The cover page: one line per paragraph, each with its role."""

    lines: list[CoverLine]


@dataclass
class TocEntry:
    level: int  # 1 = part or top heading, 2 = section or annex, 3 = group
    text: str
    anchor: str


@dataclass
class TableOfContents:
    title: str
    entries: list[TocEntry]


@dataclass
class PartHeading:
    """"I. Follow-up to the previous recommendations", "Annexes" (numeral None)."""

    numeral: str | None
    title: str
    anchor: str


@dataclass
class Heading:
    """A section heading: level 1 outside any part, 2 inside one, 3 for a group."""

    level: int
    inlines: list[Inline]
    anchor: str | None = None


@dataclass
class BodyText:
    """An unnumbered paragraph of running text (fixed wording, introductions)."""

    inlines: list[Inline]


@dataclass
class NumberedParagraph:
    number: str  # the label as shown: "12"
    inlines: list[Inline]
    anchor: str | None = None
    untranslated: bool = False  # draft build: still in the source language


@dataclass
class RecommendationsHeading:
    text: str


@dataclass
class Recommendation:
    number: str
    inlines: list[Inline]
    follows_up: list[Inline] = field(default_factory=list)  # "Follows up …", linked
    anchor: str | None = None
    untranslated: bool = False


@dataclass
class PreviousQuote:
    """An earlier recommendation quoted in a follow-up section, with the assessment."""

    reference: str  # "CCPR/C/KAZ/CO/1, para. 11"
    inlines: list[Inline]
    assessment_label: str
    assessment: str
    anchor: str | None = None


@dataclass
class GroupHeading:
    """A group inside a section or table (UPR: the theme of earlier recommendations)."""

    text: str


@dataclass
class AnnexHeading:
    letter: str
    title: str  # the full heading as shown: "Annex A. Summary of recommendations"
    anchor: str


@dataclass
class List:
    """A list: bullet or lettered ("(a)", "(b)" … as UN documents letter sub-items)."""

    kind: Literal["bullet", "lettered"]
    items: list[list[Inline]]


@dataclass
class Cell:
    inlines: list[Inline]
    anchor: str | None = None


@dataclass
class GroupRow:
    """A full-width row of a table that names a group of the rows below it."""

    text: str


@dataclass
class Table:
    """A table: relative column widths (a writer scales them to the page), one header
    row repeated on every page, rows of cells or full-width group rows."""

    widths: list[float]
    header: list[str]
    rows: list[list[Cell] | GroupRow]
    caption: str | None = None
    note: list[Inline] | None = None


@dataclass
class PageBreak:
    pass


Block = (Cover | TableOfContents | PartHeading | Heading | BodyText | NumberedParagraph
         | RecommendationsHeading | Recommendation | PreviousQuote | GroupHeading
         | AnnexHeading | List | Table | PageBreak)


@dataclass
class Properties:
    title: str
    author: str
    subject: str
    keywords: str
    date: str  # ISO date of the submission


@dataclass
class LayoutDocument:
    """One language of a submission, laid out."""

    language: str  # the toolkit's language code: en, ru, kk, kk-Latn
    tag: str  # BCP 47: en-GB, ru-RU, kk-KZ, kk-Latn-KZ
    properties: Properties
    running_header: str
    running_footer: str  # text beside the page number; may be empty
    draft_mark: str | None
    blocks: list[Block]
