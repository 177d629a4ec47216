"""Tests for toolkit.transform.translit: Kazakh Cyrillic → Kazakh Latin (2021 alphabet)."""

from __future__ import annotations

from datetime import date

import pytest

from toolkit.model.document import (
    Cite,
    Document,
    Emph,
    Link,
    Meta,
    Note,
    Organisation,
    Paragraph,
    Part,
    PreviousRecommendation,
    Recommendation,
    Ref,
    Review,
    Section,
    Source,
    SourcePos,
    Strong,
    Text,
)
from toolkit.model.walk import walk_inlines
from toolkit.transform.translit import (
    TABLE,
    kk_lower,
    kk_upper,
    transliterate,
    transliterate_document,
)


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Қазақстан Республикасы", "Qazaqstan Respublikasy"),
        ("Адам құқықтары жөніндегі комитет", "Adam qūqyqtary jönındegı komitet"),
        ("ұсыныс", "ūsynys"),
        ("Әділет", "Ädılet"),
        ("Ішкі істер", "Işkı ıster"),
        ("Мәжіліс", "Mäjılıs"),
        ("ҚАЗАҚСТАН", "QAZAQSTAN"),
        ("ИНСТИТУТ", "İNSTİTUT"),
        ("Институт", "İnstitut"),
        ("Бағдат шаһарының үйіне сөйлесіп сый", "Bağdat şaharynyñ üiıne söilesıp syi"),
        ("еңбек, ғалым, өмір, үкімет", "eñbek, ğalym, ömır, ükımet"),
        ("Ұлттық", "Ūlttyq"),
        ("чай, шай", "çai, şai"),
        ("хабар, һәм", "habar, häm"),
        ("вето, фирма", "veto, firma"),
    ],
)
def test_words(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("ащы", "aşşy"),
        ("Щучинск", "Şuçinsk"),
        ("Цой", "Soi"),
        ("Юрий", "İuri"),
        ("ЮНЕСКО", "İUNESKO"),
        ("ЖАЮ", "JAİU"),
        ("Ялта", "İalta"),
        ("ЯЛТА", "İALTA"),
        ("Ёлка", "İolka"),
        ("Эстония", "Estonia"),
        ("съезд, Ильич", "sezd, İliç"),
        ("Ю.", "İu."),  # a lone capital is a capitalised word, not an all-caps one
    ],
)
def test_loan_letters_and_capitals(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [  # the draft spelling rules for the Latin alphabet (see toolkit/transform/translit.py)
        ("сессия", "sessia"),
        ("Конституциялық", "Konstitusialyq"),
        ("КОНСТИТУЦИЯЛЫҚ", "KONSTİTUSİALYQ"),
        ("Австралия", "Avstralia"),
        ("коалиция", "koalisia"),
        ("комиссия", "komissia"),
        ("Азия", "Azia"),
        ("цирк, цемент", "sirk, sement"),
        ("сценарий", "senari"),
        ("актёр", "aktör"),
        ("училище", "uçilişe"),
        ("тұщы, кеще, Ащылау", "tūşşy, keşşe, Aşşylau"),  # the exception list
        ("съезд", "sezd"),
    ],
)
def test_loanwords_follow_the_spelling_rules(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == latin


def test_exception_list_is_data_with_sources() -> None:
    import yaml

    from toolkit.transform.translit import EXCEPTIONS, Transliterator

    data = yaml.safe_load(EXCEPTIONS.read_text(encoding="utf-8"))
    assert data and all(entry.get("source") and entry.get("latin") for entry in data.values())
    assert Transliterator({"коалиция": "koalitsiia"})("Коалиция") == "Koalitsiia"
    assert Transliterator({})("ащы") == "aşy"  # without the list, the letter rule


def test_every_letter_has_both_cases() -> None:
    for small, latin in TABLE.items():
        capital = small.upper()
        assert capital != small
        out = transliterate(capital + capital)  # an all-caps "word"
        assert out == kk_upper(latin) * 2
        assert transliterate(small) == latin
        assert "i\u0307" not in out and "I\u0307" not in out


def test_dotted_and_dotless_i_are_kazakh() -> None:
    assert transliterate("и і И І й Й") == "i ı İ I i İ"
    assert transliterate("ИІ") == "İI"


def test_decomposed_cyrillic_is_composed_first() -> None:
    assert transliterate("и\u0306") == "i"  # й typed as и + combining breve
    assert transliterate("е\u0308") == "io"  # ё typed as е + combining diaeresis
    assert transliterate("акте\u0308р") == "aktör"  # after a consonant


@pytest.mark.parametrize(
    "text",
    [
        "CCPR/C/KAZ/CO/1",
        "A/HRC/WG.6/34/KAZ/1, para. 12",
        "2016-05-15 10 000 № 5 §",
        "Kazakhstan International Bureau for Human Rights",
        "https://adilet.zan.kz/kaz/docs/Z1500000418",
        "«»„“—–…",
        "",
    ],
)
def test_non_cyrillic_is_untouched(text: str) -> None:
    assert transliterate(text) == text


def test_symbols_and_latin_abbreviations_inside_kazakh_text_are_kept() -> None:
    text = "Иванов et al., i.e. сессия (A/HRC/43/10/Add.1, CRC/C/KAZ/CO/4-5, ibid.)"
    assert transliterate(text) == (
        "İvanov et al., i.e. sessia (A/HRC/43/10/Add.1, CRC/C/KAZ/CO/4-5, ibid.)")


def test_urls_inside_kazakh_text_are_untouched() -> None:
    text = "Қараңыз: https://президент.кз/заң?id=5 және www.әділет.kz."
    assert transliterate(text) == "Qarañyz: https://президент.кз/заң?id=5 jäne www.әділет.kz."


def test_mixed_text_keeps_symbols_and_punctuation() -> None:
    text = "«Бұқаралық ақпарат құралдары туралы» Заң (CCPR/C/KAZ/CO/1, 12-тармақ)."
    assert transliterate(text) == (
        "«Būqaralyq aqparat qūraldary turaly» Zañ (CCPR/C/KAZ/CO/1, 12-tarmaq)."
    )


@pytest.mark.parametrize(
    ("text", "upper"),
    [("ısker", "ISKER"), ("içki", "İÇKİ"), ("qazaqstan", "QAZAQSTAN"), ("ädılet", "ÄDILET")],
)
def test_kk_upper(text: str, upper: str) -> None:
    assert kk_upper(text) == upper
    assert kk_lower(upper) == text


def test_kk_casing_differs_from_python() -> None:
    assert "i".upper() == "I" and kk_upper("i") == "İ"
    assert "İ".lower() == "i\u0307" and kk_lower("İ") == "i"
    assert kk_lower("I") == "ı"
    assert kk_upper("i\u0307") == "İ"  # Python's lower-cased İ does not get a second dot
    assert kk_lower("I\u0307") == "i"


# --------------------------------------------------------------------------- documents

POS = SourcePos("sections/x.yaml", 1)


def _document() -> Document:
    meta = Meta(
        slug="kaz",
        title=[Text("Баламалы баяндама "), Emph([Text("Қазақстан")])],
        mechanism="ccpr",
        state="KAZ",
        submission_type="joint",
        review=Review(state_report="CCPR/C/KAZ/2", previous_outcome="CCPR/C/KAZ/CO/1"),
        date=date(2016, 5, 15),
        place="Алматы",
        source_language="kk",
        languages=["kk", "kk-Latn"],
        paragraph_numbering="continuous",
        recommendation_numbering="continuous",
        coalition=[
            Organisation("kibhr", "Kazakhstan International Bureau for Human Rights"),
            Organisation("adilsoz", "Әділ сөз", website="https://adilsoz.kz"),
        ],
    )
    paragraph = Paragraph(
        id="p1",
        pos=POS,
        content=[
            Text("Комитет (CCPR/C/KAZ/CO/1) ұсыныс берді "),
            Link("https://adilet.zan.kz/kaz", [Text("Әділет")]),
            Text(", "),
            Link("https://adilet.zan.kz/kaz/docs/Заң", [Text("https://adilet.zan.kz/kaz/docs/Заң")]),
            Strong([Text("маңызды")]),
            Note([Text("Қараңыз "), Cite("un", "б. 5", rendered=[Text("БҰҰ баяндамасы")])]),
            Ref("rec", "r1", label="12-ұсыныс", anchor="rec_r1"),
        ],
    )
    section = Section(
        id="s1",
        kind="article",
        heading=[Text("Сөз бостандығы")],
        pos=POS,
        paragraphs=[paragraph],
        recommendations=[Recommendation(id="r1", content=[Text("Заңды өзгерту")], pos=POS)],
        label="19-бап",
    )
    sources = {
        "un": Source("un", [Text("БҰҰ, CCPR/C/KAZ/CO/1")], POS, url="https://undocs.org/Заң")
    }
    previous = {
        "co1": PreviousRecommendation(
            id="co1",
            document="CCPR/C/KAZ/CO/1",
            paragraph="12",
            content=[Text("Тәуелсіздікті қамтамасыз ету")],
            assessment="not-implemented",
            pos=POS,
            recommending_state="Germany",
        )
    }
    return Document(
        meta=meta,
        sections=[section],
        sources=sources,
        previous=previous,
        language="kk",
        parts={"articles": Part("II", "Бап бойынша", "part_articles")},
    )


def _all_text(doc: Document) -> list[str]:
    runs = [doc.meta.title]
    for section in doc.sections:
        runs.append(section.heading)
        runs += [p.content for p in section.paragraphs]
        runs += [r.content for r in section.recommendations]
    runs += [s.citation for s in doc.sources.values()]
    runs += [p.content for p in doc.previous.values()]
    return [n.text for run in runs for n in walk_inlines(run) if isinstance(n, Text)]


def test_transliterate_document() -> None:
    original = _document()
    doc = transliterate_document(original)
    assert doc is not original and doc.language == "kk-Latn"
    assert original.language == "kk"
    assert original.sections[0].heading[0].text == "Сөз бостандығы"  # the original is intact

    assert doc.meta.title[0].text == "Balamaly baiandama "
    assert doc.meta.place == "Almaty"
    assert [o.name for o in doc.meta.coalition] == [
        "Kazakhstan International Bureau for Human Rights",
        "Ädıl söz",
    ]
    assert doc.meta.review.previous_outcome == "CCPR/C/KAZ/CO/1"
    section = doc.sections[0]
    assert section.heading[0].text == "Söz bostandyğy"
    assert section.label == "19-bap"
    content = section.paragraphs[0].content
    assert content[0].text == "Komitet (CCPR/C/KAZ/CO/1) ūsynys berdı "
    link, url_link = content[1], content[3]
    assert isinstance(link, Link) and isinstance(url_link, Link)
    assert link.url == "https://adilet.zan.kz/kaz" and link.children[0].text == "Ädılet"
    assert url_link.url == "https://adilet.zan.kz/kaz/docs/Заң"
    assert url_link.children[0].text == "https://adilet.zan.kz/kaz/docs/Заң"
    note = content[5]
    assert isinstance(note, Note)
    cite = note.children[1]
    assert isinstance(cite, Cite) and cite.locator == "b. 5" and cite.key == "un"
    assert cite.rendered is not None and cite.rendered[0].text == "BŪŪ baiandamasy"
    ref = content[6]
    assert isinstance(ref, Ref) and ref.label == "12-ūsynys" and ref.anchor == "rec_r1"
    assert doc.parts["articles"].title == "Bap boiynşa"
    assert doc.sources["un"].url == "https://undocs.org/Заң"
    assert doc.sources["un"].citation[0].text == "BŪŪ, CCPR/C/KAZ/CO/1"
    prev = doc.previous["co1"]
    assert prev.content[0].text == "Täuelsızdıktı qamtamasyz etu"
    assert prev.document == "CCPR/C/KAZ/CO/1" and prev.recommending_state == "Germany"

    # No Cyrillic survives anywhere a reader sees, except inside URLs.
    for text in _all_text(doc):
        if not text.startswith("https://"):
            assert not any("\u0400" <= c <= "\u04ff" for c in text), text
    assert len(_all_text(doc)) == len(_all_text(original))
    unchanged = [a for a, b in zip(_all_text(original), _all_text(doc), strict=True) if a == b]
    assert unchanged == [", ", "https://adilet.zan.kz/kaz/docs/Заң"]  # no Cyrillic / a URL
