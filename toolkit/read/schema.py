"""The input format (v1): pydantic models of the YAML files a coalition writes.

These models only check *shape* (fields, types, allowed values). Whether a reference
points somewhere is checked later on the document model (``toolkit.check.references``). The same
models produce the JSON Schema that editors use to complete and check the files.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=80),
    Field(description="An identifier: a letter, then letters, digits, '-', '_' or '.'."),
]
Lang = Literal["en", "ru", "kk"]
MECHANISMS = ("ccpr", "cescr", "cat", "cedaw", "crc", "cerd", "crpd", "upr")
Mechanism = Literal["ccpr", "cescr", "cat", "cedaw", "crc", "cerd", "crpd", "upr"]
AssessmentIn = Literal["implemented", "partially-implemented", "not-implemented", "no-information"]
Text = Annotated[str, Field(description="Text with inline markup: *italic*, **bold**, ^[note], "
                                        "[@source, p. 4], @rec:ID, <https://…>.")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class OrganisationIn(_Strict):
    id: Id
    name: str = Field(min_length=1)
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

    title: Text = Field(min_length=1)
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
    place: str = Field(min_length=1)
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


class TableIn(_Strict):
    """A statistical table among the paragraphs: numbered "Table 1", cross-referenced with
    ``@table:ID``. Caption, cells and note accept inline markup, footnotes included."""

    caption: Text = Field(min_length=1, examples=["Complaints of torture registered, 2012–2015"])
    header: list[Text] = Field(min_length=1, examples=[["Year", "Registered", "Sent to court"]])
    rows: list[list[Text]] = Field(min_length=1, examples=[[["2012", "1 024", "12"]]])
    note: Text | None = Field(default=None,
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
    text: Text | None = Field(default=None, min_length=1)
    table: TableIn | None = None

    @model_validator(mode="after")
    def _text_or_table(self) -> ParagraphIn:
        if (self.text is None) == (self.table is None):
            raise ValueError("a paragraph has either 'text' or 'table' (one of them)")
        return self


class RecommendationIn(_Strict):
    id: Id | None = None
    text: Text = Field(min_length=1)
    follows_up: list[str] = Field(default_factory=list)
    sdg: list[Annotated[str, StringConstraints(pattern=r"^\d{1,2}\.[0-9a-z]{1,2}$")]] = Field(
        default_factory=list
    )


class SectionIn(_Strict):
    """``sections/NN-name.yaml``."""

    id: Id
    kind: Literal["introduction", "follow-up", "article", "theme", "annex"]
    articles: list[str] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    heading: Text | None = None
    contributors: list[str] = Field(default_factory=list)
    previous: list[str] = Field(default_factory=list)
    paragraphs: list[ParagraphIn] = Field(default_factory=list)
    recommendations: list[RecommendationIn] = Field(default_factory=list)

    @field_validator("articles", mode="before")
    @classmethod
    def _articles_as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [str(v) if isinstance(v, int | float) else v for v in value]
        return value


class SourceIn(_Strict):
    citation: Text = Field(min_length=1)
    url: str | None = None


class PreviousIn(_Strict):
    """An entry of ``previous.yaml``."""

    id: Id
    document: str = Field(min_length=1)
    paragraph: str
    text: Text = Field(min_length=1)
    recommending_state: str | None = None
    response: Literal["supported", "noted"] | None = None
    assessment: AssessmentIn
    theme: str | None = None

    @field_validator("paragraph", mode="before")
    @classmethod
    def _paragraph_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas for every file of a submission, keyed by file pattern."""
    from pydantic import TypeAdapter

    return {
        "submission.yaml": SubmissionIn.model_json_schema(),
        "sections/*.yaml": SectionIn.model_json_schema(),
        "sources.yaml": TypeAdapter(dict[str, SourceIn]).json_schema(),
        "previous.yaml": TypeAdapter(list[PreviousIn]).json_schema(),
    }
