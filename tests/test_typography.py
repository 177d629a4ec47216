"""Tests for toolkit.transform.typography: localized quotation marks and numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from toolkit.model.document import (
    Cite,
    Document,
    Emph,
    Link,
    Meta,
    Note,
    Paragraph,
    PreviousRecommendation,
    Recommendation,
    Ref,
    Review,
    Section,
    Source,
    SourcePos,
    Strong,
    Text,
    plain_text,
)
from toolkit.transform.typography import (
    QUOTES,
    QuoteState,
    format_number,
    localize_document,
    smart_quotes,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "He said “no” and left."),
        ("ru", "He said «no» and left."),
        ("kk", "He said «no» and left."),
        ("kk-Latn", "He said «no» and left."),
    ],
)
def test_straight_quotes(lang: str, expected: str) -> None:
    assert smart_quotes('He said "no" and left.', lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Quoted" at the start', "«Quoted» at the start"),
        ('at the end "quoted"', "at the end «quoted»"),
        ('("bracketed"), then', "(«bracketed»), then"),
        ('a "b", "c"; "d"! "e"? "f"…', "a «b», «c»; «d»! «e»? «f»…"),
        ('Закон "О СМИ" — принят', "Закон «О СМИ» — принят"),
        ('— "Да," сказал он', "— «Да,» сказал он"),
        ('"', "«"),  # unbalanced: an opener, nothing invented
    ],
)
def test_contexts_ru(text: str, expected: str) -> None:
    assert smart_quotes(text, "ru") == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "“the law ‘On Mass Media’ was amended”"),
        ("ru", "«the law „On Mass Media“ was amended»"),
        ("kk", "«the law „On Mass Media“ was amended»"),
    ],
)
def test_nesting_alternates(lang: str, expected: str) -> None:
    assert smart_quotes('"the law "On Mass Media" was amended"', lang) == expected


def test_third_level_goes_back_to_primary() -> None:
    text = '"a "b "c" d" e"'
    assert smart_quotes(text, "ru") == "«a „b «c» d“ e»"
    assert smart_quotes(text, "en") == "“a ‘b “c” d’ e”"


def test_single_quotes_nest_by_level() -> None:
    assert smart_quotes("\"the 'Nur Otan' party\"", "en") == "“the ‘Nur Otan’ party”"
    assert smart_quotes("\"the 'Nur Otan' party\"", "ru") == "«the „Nur Otan“ party»"
    assert smart_quotes("'he said \"hi\"'", "en") == "“he said ‘hi’”"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("children's rights", "children’s rights"),
        ("the States' reports", "the States’ reports"),
        ("it's in the '90s", "it’s in the ’90s"),
        ("don't \"can't\" won't", "don’t “can’t” won’t"),
        ("a ' b", "a ' b"),  # a lone quote mark between spaces is left alone
    ],
)
def test_apostrophes_en(text: str, expected: str) -> None:
    assert smart_quotes(text, "en") == expected


def test_apostrophe_ru() -> None:
    assert smart_quotes("Кот-д'Ивуар", "ru") == "Кот-д’Ивуар"


def test_curly_english_quotes_remapped_for_ru_kk() -> None:
    assert smart_quotes("the “Adil Soz” foundation", "ru") == "the «Adil Soz» foundation"
    assert smart_quotes("the “Adil Soz” foundation", "kk") == "the «Adil Soz» foundation"
    assert smart_quotes("“a ‘b’ c”", "ru") == "«a „b“ c»"
    assert smart_quotes("the “Adil Soz” foundation", "en") == "the “Adil Soz” foundation"


def test_russian_marks_are_kept_and_conversion_is_idempotent() -> None:
    text = "«закон „О СМИ“ принят»"
    assert smart_quotes(text, "ru") == text
    once = smart_quotes('"a "b" c" and children\'s', "en")
    assert smart_quotes(once, "en") == once
    once_ru = smart_quotes('"a "b" c"', "ru")
    assert smart_quotes(once_ru, "ru") == once_ru


def test_english_keeps_guillemets() -> None:
    assert smart_quotes("the law «О СМИ»", "en") == "the law «О СМИ»"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_urls_untouched(lang: str) -> None:
    url = "https://en.wikipedia.org/wiki/People's_Republic?q='x'&r=%22y%22"
    assert smart_quotes(f"See {url} now", lang) == f"See {url} now"
    wrapped = smart_quotes('See "https://example.org/a\'b".', lang)
    opening, closing = QUOTES[lang][:2]
    assert wrapped == f"See {opening}https://example.org/a'b{closing}."


def test_state_carries_between_calls() -> None:
    state = QuoteState()
    assert smart_quotes('The law "', "ru", state) == "The law «"
    assert smart_quotes("On Mass Media", "ru", state) == "On Mass Media"
    assert smart_quotes('" was amended', "ru", state) == "» was amended"
    assert state.stack == []


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="fr"):
        smart_quotes('"x"', "fr")
    assert smart_quotes('"x"', "ru-RU") == "«x»"
    assert smart_quotes('"x"', "kk_Latn") == "«x»"


# --------------------------------------------------------------------------- documents

POS = SourcePos("sections/x.yaml", 1)


def _paragraph(content: list) -> Paragraph:
    return Paragraph(id=None, content=content, pos=POS)


def _document(content: list) -> Document:
    meta = Meta(
        slug="kaz",
        title=[Text('Report on "freedom"')],
        mechanism="ccpr",
        state="KAZ",
        submission_type="joint",
        review=Review(),
        date=date(2016, 5, 15),
        place="Almaty",
        source_language="en",
        languages=["en"],
        paragraph_numbering="continuous",
        recommendation_numbering="continuous",
        coalition=[],
    )
    section = Section(
        id="s1",
        kind="article",
        heading=[Text('The "extremism" laws')],
        pos=POS,
        paragraphs=[_paragraph(content)],
        recommendations=[Recommendation(id="r1", content=[Text('Repeal "Article 174"')], pos=POS)],
    )
    sources = {"s": Source("s", [Text('HRC, "Report"')], POS, url="https://x.org/\"a\"")}
    previous = {
        "p": PreviousRecommendation(
            id="p", document="CCPR/C/KAZ/CO/1", paragraph="1",
            content=[Text('Revise "Article 174"')], assessment="not-implemented", pos=POS,
        )
    }  # fmt: skip
    return Document(meta=meta, sections=[section], sources=sources, previous=previous)


def test_quotes_across_emphasis() -> None:
    content = [Text('The law "'), Emph([Text("On Mass Media")]), Text('" was amended.')]
    doc = _document(content)
    localize_document(doc, "ru")
    assert [content[0].text, content[1].children[0].text, content[2].text] == [
        "The law «",
        "On Mass Media",
        "» was amended.",
    ]


def test_quote_closing_inside_strong_and_nested_across_nodes() -> None:
    content = [
        Text('"The law '),
        Strong([Text('"On Mass Media"')]),
        Text(' was amended"'),
    ]
    doc = _document(content)
    localize_document(doc, "ru")
    assert plain_text(content) == "«The law „On Mass Media“ was amended»"
    doc = _document(
        [Text('"The law '), Strong([Text('"On Mass Media"')]), Text(' was amended"')]
    )
    localize_document(doc, "en")
    assert plain_text(doc.sections[0].paragraphs[0].content) == (
        "“The law ‘On Mass Media’ was amended”"
    )


def test_document_everywhere_and_links_notes() -> None:
    url = "https://example.org/it's"
    content = [
        Text('See "'),
        Link("https://adilsoz.kz", [Text('the "Adil Soz" site')]),
        Text('" and '),
        Link(url, [Text(url)]),
        Text(' or "'),
        Ref("rec", "r1", label="recommendation 1"),
        Text('"'),
        Note([Text('Note "inside", '), Cite("s", rendered=[Text('"Cited"')])]),
        Text(" children's"),
    ]
    doc = _document(content)
    localize_document(doc, "en")
    assert plain_text(content, notes=True) == (
        "See “the ‘Adil Soz’ site” and https://example.org/it's or “recommendation 1”"
        " Note “inside”, “Cited” children’s"
    )
    assert content[1].url == "https://adilsoz.kz"
    assert content[3].children[0].text == url
    assert doc.meta.title[0].text == "Report on “freedom”"
    assert doc.sections[0].heading[0].text == "The “extremism” laws"
    assert doc.sections[0].recommendations[0].content[0].text == "Repeal “Article 174”"
    assert doc.sources["s"].citation[0].text == "HRC, “Report”"
    assert doc.sources["s"].url == 'https://x.org/"a"'
    assert doc.previous["p"].content[0].text == "Revise “Article 174”"


def test_note_does_not_break_the_quote() -> None:
    content = [Text('He said "no'), Note([Text('see "x"')]), Text('" then.')]
    localize_document(_document(content), "kk")
    assert content[0].text == "He said «no"
    assert content[1].children[0].text == "see «x»"
    assert content[2].text == "» then."


def test_localize_document_rejects_unknown_language_before_changing() -> None:
    content = [Text('"x"')]
    doc = _document(content)
    with pytest.raises(ValueError):
        localize_document(doc, "de")
    assert content[0].text == '"x"'


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [
        (10000, "en", "10,000"),
        (10000, "ru", f"10{NBSP}000"),
        (10000, "kk", f"10{NBSP}000"),
        (10000, "kk-Latn", f"10{NBSP}000"),
        (1234567, "ru", f"1{NBSP}234{NBSP}567"),
        (999, "ru", "999"),
        (Decimal("2.5"), "en", "2.5"),
        (2.5, "ru", "2,5"),
        (12.75, "kk", "12,75"),
    ],
)
def test_format_number(n: int | float | Decimal, lang: str, expected: str) -> None:
    assert format_number(n, lang) == expected
