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
    label: str = ""  # "Note 3": what the mark is, out of context (HTML aria-label)
    back_label: str = ""  # "Back to the text of note 3": the link from the note back


@dataclass(frozen=True)
class Revision:
    """Who changed something and when (a redline between two revisions of a submission)."""

    kind: Literal["ins", "del"]
    author: str
    date: str  # ISO 8601 date and time, UTC: 2026-11-30T09:00:00Z


@dataclass
class Changed:
    """Inline content inserted or deleted since an earlier revision (a redline): a DOCX
    writer makes tracked changes of it, an HTML writer <ins>/<del>."""

    revision: Revision
    children: list[Inline]


Inline = Text | Emph | Strong | Link | Note | Changed


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


@dataclass
class Comment:
    """A reviewer's comment attached to a block (draft builds only: the layout decides).

    ``author`` is the coalition member's name, ``initials`` its short form; ``text`` is
    plain, in the language the reviewer wrote it in.
    """

    author: str
    initials: str
    text: str


def _no_comments() -> list[Comment]:
    """A fresh empty list (blocks with a ``list`` attribute shadow the builtin)."""
    return []


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
    comments: list[Comment] = field(default_factory=_no_comments)  # the section's own


@dataclass
class BodyText:
    """An unnumbered paragraph of running text (fixed wording, introductions)."""

    inlines: list[Inline]


@dataclass
class ListBlock:
    """A list: bullet or lettered ("(a)", "(b)" … as UN documents letter sub-items)."""

    kind: Literal["bullet", "lettered"]
    items: list[list[Inline]]
    item_revisions: list[Revision | None] = field(default_factory=list)  # whole items (redline)

    def labels(self) -> list[str]:
        """The marker of each item as shown: "•" or "(a)", "(b)" … (aa, bb after z)."""
        return [item_marker(self.kind, i) for i in range(len(self.items))]


def item_marker(kind: str, index: int) -> str:
    """The marker of the ``index``-th item (from 0) of a list of ``kind``."""
    if kind == "bullet":
        return "•"
    return f"({chr(ord('a') + index % 26) * (index // 26 + 1)})"


@dataclass
class NumberedParagraph:
    number: str  # the label as shown: "12"
    inlines: list[Inline]
    anchor: str | None = None
    untranslated: bool = False  # draft build: still in the source language
    list: ListBlock | None = None  # items that belong to this paragraph, after its lead
    comments: list[Comment] = field(default_factory=_no_comments)
    key: str | None = None  # the paragraph's own id: the same paragraph in another revision
    fuzzy: bool = False  # draft build: an unreviewed (fuzzy) translation


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
    list: ListBlock | None = None
    comments: list[Comment] = field(default_factory=_no_comments)
    key: str | None = None  # the recommendation's own id, across revisions
    fuzzy: bool = False  # draft build: an unreviewed (fuzzy) translation


@dataclass
class PreviousQuote:
    """An earlier recommendation quoted in a follow-up section, with the assessment."""

    reference: str  # "CCPR/C/KAZ/CO/1, para. 11"
    inlines: list[Inline]
    assessment_label: str
    assessment: str
    anchor: str | None = None
    list: ListBlock | None = None  # the quoted text's sub-paragraphs, before the assessment
    key: str | None = None  # the earlier recommendation's id, across revisions


@dataclass
class GroupHeading:
    """A group inside a section or table (UPR: the theme of earlier recommendations)."""

    text: str


@dataclass
class AnnexHeading:
    letter: str
    title: str  # the full heading as shown: "Annex A. Summary of recommendations"
    anchor: str
    comments: list[Comment] = field(default_factory=_no_comments)  # an annex section's own


@dataclass
class Cell:
    inlines: list[Inline]
    anchor: str | None = None
    untranslated: bool = False  # draft build: still in the source language
    fuzzy: bool = False  # draft build: an unreviewed (fuzzy) translation


@dataclass
class GroupRow:
    """A full-width row of a table that names a group of the rows below it."""

    text: str


@dataclass
class Table:
    """A table: relative column widths (a writer scales them to the page), one header
    row repeated on every page, rows of cells or full-width group rows. A table of the
    content has a label ("Table 1"), a caption, an anchor and maybe a note below it."""

    widths: list[float]
    header: list[Cell]
    rows: list[list[Cell] | GroupRow]
    label: str | None = None
    caption: list[Inline] | None = None
    note: list[Inline] | None = None
    anchor: str | None = None
    comments: list[Comment] = field(default_factory=_no_comments)  # anchored to the caption
    row_revisions: list[Revision | None] = field(default_factory=list)  # whole rows (redline)


@dataclass
class PageBreak:
    pass


@dataclass
class ChangedBlock:
    """A whole block inserted or deleted since an earlier revision (a redline)."""

    revision: Revision
    block: Block


Block = (Cover | TableOfContents | PartHeading | Heading | BodyText | NumberedParagraph
         | RecommendationsHeading | Recommendation | PreviousQuote | GroupHeading
         | AnnexHeading | ListBlock | Table | PageBreak | ChangedBlock)


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
    notes_title: str = ""  # heading of the notes where a format gathers them (HTML)
    source_tag: str | None = None  # BCP 47 of untranslated (draft) blocks, if any


def block_inlines(block: Block) -> list[list[Inline]]:
    """Every run of inlines a block holds, in reading order (lists and cells included)."""
    def items(lst: ListBlock | None) -> list[list[Inline]]:
        return list(lst.items) if lst is not None else []

    if isinstance(block, ChangedBlock):
        return block_inlines(block.block)
    if isinstance(block, Cover):
        return [line.inlines for line in block.lines]
    if isinstance(block, (Heading, BodyText)):
        return [block.inlines]
    if isinstance(block, NumberedParagraph):
        return [block.inlines, *items(block.list)]
    if isinstance(block, Recommendation):
        return [block.inlines, block.follows_up, *items(block.list)]
    if isinstance(block, PreviousQuote):
        return [block.inlines, *items(block.list)]
    if isinstance(block, ListBlock):
        return items(block)
    if isinstance(block, Table):
        runs = [block.caption or [], *(cell.inlines for cell in block.header)]
        for row in block.rows:
            if isinstance(row, list):
                runs += [cell.inlines for cell in row]
        return [*runs, block.note or []]
    return []


def block_comments(block: Block) -> list[Comment]:
    """The reviewers' comments attached to a block (none for most kinds)."""
    return list(getattr(block, "comments", []) or [])


def notes(blocks: list[Block]) -> list[Note]:
    """Every footnote of the blocks, in reading order."""
    found: list[Note] = []

    def visit(nodes: list[Inline]) -> None:
        for node in nodes:
            if isinstance(node, Note):
                found.append(node)
            elif not isinstance(node, Text):
                visit(node.children)

    for block in blocks:
        for run in block_inlines(block):
            visit(run)
    return found
