"""The input format (v1): pydantic models of the YAML files a coalition writes.

These models only check *shape* (fields, types, allowed values). Whether a reference
points somewhere is checked later on the document model (``toolkit.check.references``). The same
models produce the JSON Schema that editors use to complete and check the files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from toolkit.read import fields
from toolkit.read.ids import ID_PATTERN

# Characters that show nothing: Unicode white space, format characters (zero-width space,
# joiners, BOM, soft hyphen) and the "blank" letters some keyboards produce.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def is_blank(text: str) -> bool:
    """Whether ``text`` would print as nothing at all."""
    return all(char.isspace() or char in _INVISIBLE_LETTERS
               or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")
               for char in text)


def _not_blank(text: str) -> str:
    if text and is_blank(text):
        raise ValueError("holds only spaces or invisible characters: write the text, or "
                         "delete the entry")
    return text


NonBlank = Annotated[str, AfterValidator(_not_blank)]

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(description="An identifier: a Latin letter, then Latin letters, digits, '-', '_' "
                      "or '.', e.g. pytki (not пытки)."),
]
Lang = Literal["en", "ru", "kk"]
MECHANISMS = ("ccpr", "cescr", "cat", "cedaw", "crc", "cerd", "crpd", "upr")
Mechanism = Literal["ccpr", "cescr", "cat", "cedaw", "crc", "cerd", "crpd", "upr"]
AssessmentIn = Literal["implemented", "partially-implemented", "not-implemented", "no-information"]


def _text(kind: fields.TextKind, *, min_length: int = 0) -> Any:
    """A text field of ``kind``: described (with an example) from toolkit.read.fields."""
    return Annotated[str, StringConstraints(min_length=min_length), AfterValidator(_not_blank),
                     Field(description=kind.description(), examples=[kind.example])]


BodyText = _text(fields.BODY)
HeadingText = _text(fields.HEADING)
QuotedText = _text(fields.QUOTED)
CitationText = _text(fields.CITATION)
CellText = _text(fields.CELL)


_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_ZERO_PART = re.compile(r"[.(]\s*0+\s*\)?$|[.(]\s*0+[.(\s)]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class OrganisationIn(_Strict):
    id: Id
    name: NonBlank = Field(min_length=1)
    website: str | None = None


class ReviewIn(_Strict):
    state_report: str | None = None
    session: int | None = None
    list_of_issues: str | None = None
    previous_outcome: str | None = None


class NumberingIn(_Strict):
    paragraphs: Literal["continuous", "per-section"] = "continuous"
    recommendations: Literal["continuous", "per-section"] = "continuous"


class LimitsIn(_Strict):
    """Overrides of the mechanism's word limit (OHCHR changes them)."""

    words: int | None = Field(default=None, ge=1)
    footnotes_count: bool | None = None
    annexes_count: bool | None = None
    cover_counts: bool | None = None


class StateNameIn(_Strict):
    """The State's name in one language: ``short`` for running text and headers,
    ``formal`` for the cover (the short name when omitted)."""

    short: str = Field(min_length=1)
    formal: str | None = Field(default=None, min_length=1)


class SubmissionIn(_Strict):
    """``submission.yaml``."""

    title: HeadingText = Field(min_length=1)
    mechanism: Mechanism
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 3166-1 alpha-3 code, e.g. KAZ"
    )
    state_name: dict[Lang, Annotated[str, Field(min_length=1)] | StateNameIn] | None = Field(
        default=None,
        description="Override the UN name of the State per language, e.g. "
                    "{ru: Кыргызстан} or {kk: {short: …, formal: …}}.",
    )
    submission_type: Literal["joint", "individual"] = "joint"
    review: ReviewIn = Field(default_factory=ReviewIn)
    date: dt.date
    place: NonBlank = Field(min_length=1)
    source_language: Lang = "en"
    languages: list[Lang] = Field(default_factory=lambda: ["en"])
    numbering: NumberingIn = Field(default_factory=NumberingIn)
    coalition: list[OrganisationIn] = Field(min_length=1)
    limits: LimitsIn | None = None
    reference_doc: str | None = Field(
        default=None, description="A .docx inside the submission whose styles to use."
    )

    @field_validator("review", "numbering", mode="before")
    @classmethod
    def _empty_mapping(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a language is listed twice")
        return value


class CommentIn(_Strict):
    """A reviewer's comment on a section, paragraph or recommendation: shown as a Word
    comment in draft builds only, never in a final build, never translated."""

    by: Id = Field(description="Who wrote it: a coalition id of submission.yaml, e.g. kibhr.")
    text: NonBlank = Field(min_length=1, examples=["Check the 2015 figure"],
                           description="The comment, as plain text (shown as written).")
    resolved: bool = Field(default=False, description=(
        "true once dealt with: a resolved comment is no longer shown in drafts, and no "
        "longer counts as open."))


Comments = Annotated[list[CommentIn], Field(
    default_factory=list, description="Reviewers' comments (draft builds only).")]
SectionStatus = Literal["draft", "review", "final"]


class TableIn(_Strict):
    """A statistical table among the paragraphs: numbered "Table 1", cross-referenced with
    ``@table:ID``. Caption, cells and note are texts like a paragraph's (footnotes too)."""

    caption: CellText = Field(min_length=1,
                              examples=["Complaints of torture registered, 2012–2015"])
    header: list[CellText] = Field(min_length=1,
                                   examples=[["Year", "Registered", "Sent to court"]])
    rows: list[list[CellText]] = Field(min_length=1, examples=[[["2012", "1 024", "12"]]])
    note: CellText | None = Field(default=None,
                              examples=["Source: Prosecutor General's Office.^[Form 1-M.]"])

    @field_validator("header", "rows", mode="before")
    @classmethod
    def _cells_as_text(cls, value: Any) -> Any:
        def text(cell: Any) -> Any:
            return str(cell) if isinstance(cell, int | float) and not isinstance(cell, bool) \
                else cell

        if isinstance(value, list):
            return [[text(c) for c in v] if isinstance(v, list) else text(v) for v in value]
        return value


class ParagraphIn(_Strict):
    """A numbered paragraph (``text``; lines starting ``- `` or ``(a) `` after a lead
    sentence form a list inside it) — or, instead of text, a ``table``."""

    id: Id | None = None
    text: _text(fields.BODY, min_length=1) | None = None  # type: ignore[valid-type]
    table: TableIn | None = None
    comments: Comments

    @model_validator(mode="after")
    def _text_or_table(self) -> ParagraphIn:
        if (self.text is None) == (self.table is None):
            raise ValueError("a paragraph has either 'text' or 'table' (one of them)")
        return self


SdgRef = Annotated[str, StringConstraints(pattern=r"^\d{1,2}(\.[0-9a-z]{1,2})?$"), Field(
    description="An SDG goal ('16') or target ('16.3', '5.a'); checked against "
                "toolkit/data/sdg.yaml.")]


def _sdg_as_text(value: Any) -> Any:
    """``sdg: [16]`` (a number in YAML) means the goal '16'."""
    if isinstance(value, list):
        return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    return value


class RecommendationIn(_Strict):
    id: Id | None = None
    text: BodyText = Field(min_length=1)
    follows_up: list[str] = Field(default_factory=list)
    sdg: list[SdgRef] = Field(default_factory=list)
    comments: Comments

    _sdg_text = field_validator("sdg", mode="before")(_sdg_as_text)


class SectionIn(_Strict):
    """``sections/NN-name.yaml``."""

    id: Id
    kind: Literal["introduction", "follow-up", "article", "theme", "annex"]
    articles: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    heading: HeadingText | None = Field(
        default=None, description=fields.HEADING.description(
            "Optional: without it an article section is titled from its articles, a theme "
            "section from its themes, and an introduction, follow-up or annex section gets "
            "the toolkit's own title in each language."),
        examples=[fields.HEADING.example])
    contributors: list[str] = Field(default_factory=list)
    status: SectionStatus = Field(default="draft", description=(
        "Where the section stands: draft, review or final. build --require-final refuses "
        "any section that is not final."))
    comments: Comments
    previous: list[str] = Field(default_factory=list)
    paragraphs: list[ParagraphIn] = Field(default_factory=list)
    recommendations: list[RecommendationIn] = Field(default_factory=list)

    @field_validator("articles", mode="before")
    @classmethod
    def _articles_as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(v) if isinstance(v, int | float) else v for v in value]
        return value

    @field_validator("articles")
    @classmethod
    def _article_numbers(cls, value: list[str]) -> list[str]:
        """``010`` is article 10 (a leading zero is not octal); ``7.0`` names no paragraph."""
        numbers = []
        for article in value:
            number = _LEADING_ZEROS.sub("", article.strip())
            if _ZERO_PART.search(number):
                whole = re.match(r"[0-9]*", number).group()  # type: ignore[union-attr]
                raise ValueError(f"'{article}' names paragraph 0, which no article has: write "
                                 f"'{whole}' for the whole article or '{whole}.1' for its "
                                 "first paragraph")
            numbers.append(number)
        return numbers


BuildLang = Literal["en", "ru", "kk", "kk-Latn"]
# the keys of a per-language mapping, spelt out for editors (pydantic before 2.9 leaves
# Literal dict keys out of the JSON Schema)
_LANGUAGE_KEYS = {"propertyNames": {"enum": ["en", "ru", "kk", "kk-Latn"]}}
# the reader checks the address itself (toolkit.read.submission._check_url) and says what
# to write; the pattern is for editors that complete the file from the JSON Schema
WebAddress = Annotated[str, Field(min_length=1, json_schema_extra={"pattern": "^https?://"},
                                  examples=["https://adilet.zan.kz/rus/docs/K1400000226"])]


class SourceIn(_Strict):
    """An entry of ``sources.yaml``. ``citation`` and ``url`` are either one value for every
    language or a mapping per language (``{ru: …, kk: …}``); a language the mapping does
    not name falls back to the build language's catalogue (citations) or to the source
    language's value, then to any value (see docs/format.md)."""

    citation: CitationText | Annotated[dict[BuildLang, CitationText], Field(
            json_schema_extra=_LANGUAGE_KEYS)] = Field(
        min_length=1, description=fields.CITATION.description(
            "One text, translated through locales/<lang>.po, or a mapping per language "
            "({en: …, ru: …}): a language's own text there wins over the catalogue."))
    url: WebAddress | Annotated[dict[BuildLang, WebAddress], Field(
            json_schema_extra=_LANGUAGE_KEYS)] | None = Field(
        default=None, description="A web address (http:// or https://), or one per language, "
        "e.g. {ru: https://adilet.zan.kz/rus/docs/…, kk: https://adilet.zan.kz/kaz/docs/…}.")


class PreviousIn(_Strict):
    """An entry of ``previous.yaml``."""

    id: Id
    document: NonBlank = Field(min_length=1)
    paragraph: str
    text: QuotedText = Field(min_length=1)
    recommending_state: str | list[Annotated[str, Field(min_length=1)]] | None = Field(
        default=None, description="The recommending State, or a list when several made it.")
    response: Literal["supported", "noted"] | None = None
    response_source: str | None = Field(
        default=None, description="Where the State gave its position, e.g. "
                                  "'A/HRC/59/15/Add.1, para. 3'.")
    assessment: AssessmentIn
    theme: str | None = None
    themes: list[str] = Field(default_factory=list, description=(
        "Theme ids of toolkit/data/themes.yaml, or names as published where none matches."))
    groups: list[str] = Field(default_factory=list, description=(
        "Groups of persons: ids of toolkit/data/groups.yaml, or names as published."))
    sdg: list[SdgRef] = Field(default_factory=list)
    follow_up_priority: bool = Field(default=False, description=(
        "Named in the concluding observations' follow-up paragraph."))
    quoted: bool = Field(default=False, description=(
        "true when text is the recommendation word for word (a quotation); by default it "
        "is read as the coalition's own rendering, and the report says so."))

    _sdg_text = field_validator("sdg", mode="before")(_sdg_as_text)

    @field_validator("paragraph", mode="before")
    @classmethod
    def _paragraph_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value


MODELS: tuple[type[BaseModel], ...] = (
    SubmissionIn, OrganisationIn, ReviewIn, NumberingIn, LimitsIn, SectionIn, ParagraphIn,
    RecommendationIn, SourceIn, PreviousIn, CommentIn,
)


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas for every file of a submission, keyed by file pattern."""
    from pydantic import TypeAdapter

    return {
        "submission.yaml": SubmissionIn.model_json_schema(),
        "sections/*.yaml": SectionIn.model_json_schema(),
        "sources.yaml": TypeAdapter(dict[str, SourceIn]).json_schema(),
        "previous.yaml": TypeAdapter(list[PreviousIn]).json_schema(),
    }
