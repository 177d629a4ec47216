"""The document model: what a submission *is*, independent of YAML and of DOCX.

The reader builds it, transformations (citation → footnote, numbering, translation)
rewrite it, and writers only render it. Inline nodes are small dataclasses so that a
transformation can walk and replace them without knowing about any file format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from toolkit.model.languages import catalogue_language

# URLs are never changed by a transformation (quotes, transliteration): a changed URL would
# stop working. A URL has no raw quotation marks or angle brackets; trailing sentence
# punctuation is not part of it.
URL_RE = re.compile(
    r"""(?:https?://|ftp://|mailto:|www\.)[^\s"<>«»“”„]*[^\s"<>«»“”„.,;:!?)\]'’]"""
)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a URL (:data:`URL_RE`); most texts hold none, which three
    substring tests tell far sooner than the pattern's search."""
    if "://" not in text and "mailto:" not in text and "www." not in text:
        return []
    return [match.span() for match in URL_RE.finditer(text)]

# --------------------------------------------------------------------------- inline nodes


@dataclass
class Text:
    """Plain text. May contain any character except XML-illegal ones (the reader rejects those)."""

    text: str


@dataclass
class Emph:
    """``*italic*``."""

    children: list[Inline]


@dataclass
class Strong:
    """``**bold**``."""

    children: list[Inline]


@dataclass
class Link:
    """``<https://…>`` (children = the URL as text) or ``[text](https://…)``."""

    url: str
    children: list[Inline]


@dataclass
class Note:
    """``^[…]`` — a footnote. Never nested (the parser rejects a note inside a note).

    ``number`` is filled in by the numbering transformation (document order, from 1).
    """

    children: list[Inline]
    number: int | None = None


@dataclass
class Cite:
    """``[@key]`` or ``[@key, p. 12]`` — a reference to an entry of ``sources.yaml``.

    Outside a note the citation *becomes* a footnote (the transformation wraps it in a
    :class:`Note`); inside a note it renders in place. ``rendered`` is filled by the
    citation transformation with the formatted citation (or "Ibid.").
    """

    key: str
    locator: str | None = None
    rendered: list[Inline] | None = None
    joined: bool = False  # continues the citation before it: [@a, p. 3; @b] is one footnote


@dataclass
class ListItem:
    """One item of a list inside a paragraph: a line starting ``- `` (bulleted) or ``(a) ``
    (lettered). The only inline node that starts a new line; items follow the paragraph's
    lead text, so a translator translates the paragraph and its list as one sentence."""

    kind: Literal["bullet", "lettered"]
    children: list[Inline]


RefKind = Literal["rec", "para", "sec", "prev", "table"]


@dataclass
class Ref:
    """``@rec:ID`` / ``@para:ID`` / ``@sec:ID`` / ``@prev:ID`` / ``@table:ID`` — an internal
    cross-reference.

    ``label`` (e.g. "recommendation 12") and ``anchor`` (bookmark name) are filled in by
    the numbering transformation; writers render ``label`` linked to ``anchor``.
    """

    kind: RefKind
    target: str
    label: str | None = None
    anchor: str | None = None


@dataclass
class RefGroup:
    """``[@rec:a; @rec:b]``, ``[-@rec:a]``, ``[+@sec:art7]`` — cross-references written as
    one phrase (pandoc-crossref's brackets): "recommendations 7 and 8", «пп. 18–21».

    Every item is of one kind (the parser says so). ``number_only`` (``-@``) leaves the
    noun to the writer — «в рекомендациях [-@rec:a; -@rec:b]» — and ``capital`` (``+@``)
    capitalises the label. ``rendered`` is filled by the reference transformation: text
    and resolved :class:`Ref` nodes (each linked to its target), sorted by number, runs
    compressed. The items stay in the order written (so the markup round-trips).
    """

    refs: list[Ref]
    number_only: bool = False
    capital: bool = False
    rendered: list[Inline] | None = None


Inline = Text | Emph | Strong | Link | Note | Cite | Ref | RefGroup | ListItem

# --------------------------------------------------------------------------- positions


@dataclass(frozen=True)
class SourcePos:
    """Where something came from, for messages: a file (relative to the submission) and line."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file


# --------------------------------------------------------------------------- blocks


@dataclass
class Comment:
    """A reviewer's comment (``comments:`` of a section, paragraph or recommendation).

    Plain text in the language it was written in: not a text of the document (no text
    slot, never translated), shown only in draft builds. ``pos`` is where its ``by`` is.
    """

    by: str  # a coalition id
    text: str
    pos: SourcePos
    resolved: bool = False


@dataclass
class Paragraph:
    """A numbered body paragraph (UN style: every paragraph of findings carries a number)."""

    id: str | None
    content: list[Inline]
    pos: SourcePos
    number: int | None = None
    anchor: str | None = None
    unit: str = ""  # translation unit id (msgctxt)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Recommendation:
    """One recommendation of the coalition to the State."""

    id: str | None
    content: list[Inline]
    pos: SourcePos
    follows_up: list[str] = field(default_factory=list)
    sdg: list[str] = field(default_factory=list)
    number: int | None = None
    anchor: str | None = None
    section_id: str = ""
    unit: str = ""
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Cell:
    """One cell of a table (its own translation unit)."""

    content: list[Inline]
    unit: str = ""


@dataclass
class Table:
    """A statistical table among a section's paragraphs, numbered "Table 1" with its caption.

    It stands after the section's first ``after`` paragraphs. Caption, every cell and the
    note are texts of their own (translated entry by entry; footnotes allowed).
    """

    id: str | None
    caption: list[Inline]
    header: list[Cell]
    rows: list[list[Cell]]
    note: list[Inline]
    pos: SourcePos
    after: int = 0
    number: int | None = None
    anchor: str | None = None
    unit: str = ""  # caption unit; the note's is unit + "/note"
    comments: list[Comment] = field(default_factory=list)


Assessment = Literal["implemented", "partially-implemented", "not-implemented", "no-information"]


@dataclass
class PreviousRecommendation:
    """A recommendation the State received earlier (concluding observations or UPR)."""

    id: str
    document: str
    paragraph: str
    content: list[Inline]
    assessment: Assessment
    pos: SourcePos
    recommending_state: str | list[str] | None = None  # a list when several States made it
    response: str | None = None
    theme: str | None = None
    anchor: str | None = None
    response_source: str | None = None
    themes: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    sdg: list[str] = field(default_factory=list)
    follow_up_priority: bool = False
    quoted: bool = False  # the text is the recommendation word for word, not a rendering
    discussed_in: list[str] = field(default_factory=list)  # section ids
    unit: str = ""


SectionKind = Literal["introduction", "follow-up", "article", "theme", "annex"]
SectionStatus = Literal["draft", "review", "final"]


@dataclass
class Section:
    """One section file: a heading, numbered paragraphs and a recommendations block."""

    id: str
    kind: SectionKind
    heading: list[Inline]
    pos: SourcePos
    articles: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    anchor: str | None = None
    label: str | None = None  # how a cross-reference names it, e.g. "Article 7" or "annex A"
    letter: str | None = None  # annexes: the letters after the generated ones (annex_letters)
    part: str | None = None  # roman numeral of the part the section belongs to
    heading_unit: str = ""
    status: SectionStatus = "draft"
    status_pos: SourcePos | None = None  # where status: is written (None: the default)
    comments: list[Comment] = field(default_factory=list)

    def all_comments(self) -> Iterator[Comment]:
        """The section's own comments, then those of its paragraphs, tables and
        recommendations."""
        yield from self.comments
        for item in [*self.paragraphs, *self.tables, *self.recommendations]:
            yield from item.comments


@dataclass
class Source:
    """An entry of ``sources.yaml``."""

    key: str
    citation: list[Inline]  # in the source language: the catalogue's msgid
    pos: SourcePos
    url: str | None = None  # the address for every language not in ``urls``
    unit: str = ""
    urls: dict[str, str] = field(default_factory=dict)  # per build language, as written
    citations: dict[str, list[Inline]] = field(default_factory=dict)  # per build language

    def url_for(self, lang: str, source_language: str) -> str | None:
        """The address for a build language: its own, else its catalogue language's
        (kk for kk-Latn), else the source language's, else the first one written."""
        if not self.urls:
            return self.url
        for code in (lang, catalogue_language(lang), source_language):
            if code in self.urls:
                return self.urls[code]
        return next(iter(self.urls.values()))


@dataclass
class Organisation:
    id: str
    name: str
    website: str | None = None
    pos: SourcePos | None = None


@dataclass
class Review:
    state_report: str | None = None
    session: int | None = None
    list_of_issues: str | None = None
    previous_outcome: str | None = None


@dataclass
class Meta:
    """Submission metadata (``submission.yaml``)."""

    slug: str
    title: list[Inline]
    mechanism: str
    state: str
    submission_type: Literal["joint", "individual"]
    review: Review
    date: date
    place: str
    source_language: str
    languages: list[str]
    paragraph_numbering: Literal["continuous", "per-section"]
    recommendation_numbering: Literal["continuous", "per-section"]
    coalition: list[Organisation]
    limits: dict[str, int | bool | None] = field(default_factory=dict)
    reference_doc: str | None = None
    title_unit: str = "title"
    #: ``state_name:`` of submission.yaml: language → (short, formal) overriding the UN names
    state_names: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class Part:
    """A numbered part of the report ("I. Follow-up to the previous recommendations")."""

    numeral: str
    title: str
    anchor: str


@dataclass
class Document:
    """A whole submission, ready to be numbered, translated and rendered."""

    meta: Meta
    sections: list[Section]
    sources: dict[str, Source]
    previous: dict[str, PreviousRecommendation]
    language: str = "en"
    footnote_count: int = 0
    parts: dict[str, Part] = field(default_factory=dict)

    def recommendations(self) -> Iterator[Recommendation]:
        for section in self.sections:
            yield from section.recommendations

    def paragraphs(self) -> Iterator[Paragraph]:
        for section in self.sections:
            yield from section.paragraphs


# --------------------------------------------------------------------------- walking


def plain_text(nodes: list[Inline], *, notes: bool = False) -> str:
    """The text a reader sees in the body (footnotes left out unless ``notes``)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Ref):
            out.append(node.label or f"@{node.kind}:{node.target}")
        elif isinstance(node, RefGroup):
            out.append(plain_text(node.rendered) if node.rendered is not None
                       else "; ".join(f"@{r.kind}:{r.target}" for r in node.refs))
        elif isinstance(node, Cite):
            if node.rendered is not None:
                out.append(plain_text(node.rendered, notes=notes))
        elif isinstance(node, Note):
            if notes:
                out.append(" " + plain_text(node.children, notes=notes))
        elif isinstance(node, ListItem):
            out.append(" " + plain_text(node.children, notes=notes))
        else:
            out.append(plain_text(node.children, notes=notes))
    return "".join(out)


def clone(document: Document) -> Document:
    """An independent copy of a document (each language is transformed on its own copy).

    A pickle round trip: the model is plain dataclasses, and this is several times faster
    than ``copy.deepcopy`` on a real-size report. The garbage collector pauses meanwhile:
    a copy makes tens of thousands of objects and no garbage, and the collections their
    number triggers would only scan them (half the time of a copy in a long-lived process
    such as the live preview).
    """
    import gc
    import pickle

    data = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if collecting:
            gc.enable()
