"""Typography at render time (issue 11 §3), read back from the built DOCX.

Russian and Kazakh: no-break spaces after «№», «п.», «ст.» …, between initials and the
surname, before «г.»/«года» («ж.»/«жылы») after a number, in numbers of five digits or
more; an em dash with a no-break space before it in prose, an en dash without spaces in
ranges; footnote marks before the full stop or comma; nested quotes «…„…“…». English:
"para. 12", "p. 4", "art. 7" with a no-break space, notes after the punctuation, nested
“…‘…’…”. The user's files are never changed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.docx_inspect import Docx, q, read_docx, text_of
from toolkit.cli.main import app
from toolkit.transform.typography import Typography, group_digits

runner = CliRunner()
NBSP = "\u00a0"

SUBMISSION = """\
    title: {title}
    mechanism: ccpr
    state: KAZ
    review: {{previous_outcome: CCPR/C/KAZ/CO/1}}
    date: 2016-05-15
    place: Almaty
    source_language: {lang}
    languages: [{langs}]
    coalition:
      - {{id: kibhr, name: KIBHR, website: https://example.org/a-12345}}
"""

PREVIOUS = """\
    - id: co1-11
      document: CCPR/C/KAZ/CO/1
      paragraph: 11
      text: {text}
      assessment: partially-implemented
"""

RU_TEXT = (
    "Согласно ст. 7 Закона № 5 и п. 3 Правил, в 2016 г. (с 1 января 2016 года) "
    "Д. А. Полиенко и Е. Жовтис подали 12345 жалоб, а 2345 - нет; "
    "в 2019-2023 гг. - рост, см. с. 12 – 15.[@report] Это важно,[@report] "
    "а http://example.org/12345-a не меняется. См. @sec:fair.")
KK_TEXT = (
    "Заңның 7-бабы мен № 5 бұйрыққа сәйкес 2016 ж. және 2016 жылы Д. А. Полиенко "
    "12345 шағым берді - бұл 2019-2023 жж. өсім.[@report] Қараңыз: @sec:fair.")
EN_TEXT = ("See para. 12, p. 4 and art. 7 of Law No. 5 - 12345 people.[@report] "
           "See @sec:fair.")
HEADINGS = {"ru": "Право на «справедливый» суд", "kk": "«Әділ» сот құқығы",
            "en": 'The right to a "fair" trial'}
TITLES = {"ru": "Доклад", "kk": "Баяндама", "en": "Report"}


def _files(lang: str, text: str, langs: str) -> dict[str, str]:
    return {
        "submission.yaml": SUBMISSION.format(title=TITLES[lang], lang=lang, langs=lang),
        "sources.yaml": "report:\n  citation: KIBHR, Report (2015)\n",
        "previous.yaml": PREVIOUS.format(text="Text."),
        "sections/10-follow.yaml": (
            "id: follow\nkind: follow-up\nheading: " + HEADINGS[lang] + "\n"
            "previous: [co1-11]\nparagraphs:\n  - id: p1\n    text: '" + text + "'\n"),
        "sections/20-fair.yaml": (
            "id: fair\nkind: theme\nheading: '" + HEADINGS[lang] + "'\n"
            "paragraphs:\n  - id: p2\n    text: Text.\n"),
    }


def _build(make_submission, tmp_path: Path, lang: str, text: str, langs: str
           ) -> tuple[Path, dict[str, Docx]]:
    root = make_submission(_files(lang, text, langs), name=f"sub-{lang}")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    out = tmp_path / f"out-{lang}"
    codes = langs.split(", ")
    result = runner.invoke(app, ["build", str(root), "--out", str(out),
                                 *(arg for code in codes for arg in ("--lang", code))])
    assert result.exit_code == 0, result.output
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before  # typography is applied to the output, never to the source
    return root, {code: read_docx(out / f"sub-{lang}-{code}.docx")
                  for code in codes}


def _marked(doc: Docx, needle: str) -> str:
    """The paragraph holding ``needle`` with its footnote marks shown as [^]."""
    for para in doc.paragraphs():
        if needle in para.text:
            out = []
            for run in para.element.iter(q("w:r")):
                out.append("[^]" if run.find(q("w:footnoteReference")) is not None
                           else text_of(run))
            return "".join(out)
    raise AssertionError(needle)


def test_russian_spaces_dashes_numbers_and_marks(make_submission, tmp_path: Path) -> None:
    root, docs = _build(make_submission, tmp_path, "ru", RU_TEXT, "ru")
    text = _marked(docs["ru"], "Полиенко")
    for expected in (f"ст.{NBSP}7", f"№{NBSP}5", f"п.{NBSP}3", f"2016{NBSP}г.",
                     f"2016{NBSP}года", f"Д.{NBSP}А.{NBSP}Полиенко", f"Е.{NBSP}Жовтис",
                     f"12{NBSP}345 жалоб", "а 2345", f"2345{NBSP}— нет",
                     f"2019–2023{NBSP}гг.{NBSP}— рост", f"с.{NBSP}12–15[^].",
                     "Это важно[^],", "http://example.org/12345-a"):
        assert expected in text, (expected, text)
    # nested quotes: the heading's «…» inside the reference's «…»
    assert "раздел «Право на „справедливый“ суд»" in text, text
    assert "«Право на «справедливый» суд»" not in docs["ru"].paragraphs()[0].text
    assert RU_TEXT.split(" [@")[0] in (root / "sections/10-follow.yaml").read_text("utf-8")


def test_running_label_lower_case_table_cell_capital(make_submission, tmp_path: Path) -> None:
    _, docs = _build(make_submission, tmp_path, "ru", RU_TEXT, "ru")
    texts = [p.text for p in docs["ru"].paragraphs()]
    assert "Оценка коалиции: частично выполнена" in texts
    assert "Частично выполнена" in texts  # the annex table's cell


@pytest.mark.parametrize("script", ["kk", "kk-Latn"])
def test_kazakh_typography(make_submission, tmp_path: Path, script: str) -> None:
    _, docs = _build(make_submission, tmp_path, "kk", KK_TEXT, "kk, kk-Latn")
    doc = docs[script]
    needle = "Полиенко" if script == "kk" else "Polienko"
    text = _marked(doc, needle)
    if script == "kk":
        expected = (f"№{NBSP}5", f"2016{NBSP}ж.", f"2016{NBSP}жылы", f"Д.{NBSP}А.{NBSP}Полиенко",
                    f"12{NBSP}345 шағым", f"берді{NBSP}— бұл", f"2019–2023{NBSP}жж.",
                    "өсім[^].", "«Әділ» сот", "„Әділ“")
    else:
        expected = (f"№{NBSP}5", f"2016{NBSP}j.", f"2016{NBSP}jyly", f"D.{NBSP}A.{NBSP}Polienko",
                    f"12{NBSP}345 şağym", f"berdı{NBSP}— būl", f"2019–2023{NBSP}jj.",
                    "ösım[^].", "„Ädıl“")
    for phrase in expected:
        assert phrase in text or any(phrase in p.text for p in doc.paragraphs()), (phrase, text)
    labels = [p.text for p in doc.paragraphs() if p.text.startswith(("Коалиция", "Koalisia"))]
    assert labels and all(": ішінара" in t or ": ışınara" in t for t in labels), labels


def test_english_abbreviations_and_marks(make_submission, tmp_path: Path) -> None:
    _, docs = _build(make_submission, tmp_path, "en", EN_TEXT, "en")
    text = _marked(docs["en"], "people")
    for expected in (f"para.{NBSP}12", f"p.{NBSP}4", f"art.{NBSP}7", f"No.{NBSP}5",
                     "5 - 12345 people.[^]", "section “The right to a ‘fair’ trial”"):
        assert expected in text, (expected, text)


def test_examples_put_russian_and_kazakh_marks_before_the_stop(tmp_path: Path) -> None:
    out = tmp_path / "ex"
    args = ["build", str(ROOT / "submissions" / "kaz-iccpr-2016"), "--out", str(out)]
    for lang in ("en", "ru", "kk"):
        args += ["--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    for lang in ("en", "ru", "kk"):
        doc = read_docx(out / f"kaz-iccpr-2016-{lang}.docx")
        body = [_marked(doc, p.text[3:40]) for p in doc.styled("BodyNumbered") if p.footnote_refs]
        joined = "\n".join(body)
        # a word of three letters or more: «2014 г.¹» keeps the abbreviation's full stop
        before = len(re.findall(r"[^\W\d_]{3}\[\^\][.,]", joined))
        after = len(re.findall(r"[^\W\d_]{3}[.,]\[\^\]", joined))
        if lang == "en":
            assert after > 5 and before == 0, (lang, before, after)
        else:
            assert before > 5 and after == 0, (lang, before, after)


@pytest.mark.parametrize(("digits", "shown"), [
    ("2345", "2345"), ("12345", f"12{NBSP}345"), ("1234567", f"1{NBSP}234{NBSP}567")])
def test_digit_groups(digits: str, shown: str) -> None:
    assert group_digits(digits) == shown


@pytest.mark.parametrize(("text", "kept"), [
    ("Закон № 123456 от 2016 г.", "№\u00a0123456"),  # a law's number is not a quantity
    ("A/HRC/43/10 и CRC/C/KAZ/CO/4-5", "CRC/C/KAZ/CO/4-5"),  # symbols are never changed
    ("индекс 050000", "050000"),
    ("Приложение A. Сводный перечень", "A. Сводный"),  # a Latin annex letter is no initial
    ("сайт https://example.org/2019-2023 - там", "https://example.org/2019-2023"),
])
def test_what_russian_typography_leaves_alone(text: str, kept: str) -> None:
    assert kept in Typography.for_language("ru").text(text)


def _typeset_paragraph(nodes: list, lang: str) -> list[str]:
    from toolkit.layout import blocks as lb
    from toolkit.layout.typeset import typeset

    layout = lb.LayoutDocument.__new__(lb.LayoutDocument)
    layout.language, layout.running_header, layout.running_footer = lang, "", ""
    layout.blocks = [lb.BodyText(nodes)]
    typeset(layout)
    return [node.text if isinstance(node, lb.Text) else lb.plain(node.children) for node in nodes]


@pytest.mark.parametrize(("lang", "texts", "expected"), [
    # a replacement stays in the node where its match starts; the next node keeps the rest
    ("ru", ["см. п.", " 5 и 2019", "-2023 гг."],
     ["см. п.\u00a0", "5 и 2019\u20132023", f"{NBSP}гг."]),
    ("ru", ["Закон ", "№", " 5 - это"], ["Закон ", "№\u00a0", f"5{NBSP}\u2014 это"]),
    ("en", ["see para", ". 12 of ", "No. 3"], ["see para", ".\u00a012 of ", "No.\u00a03"]),
    # a URL is never changed, wherever it starts
    ("ru", ["сайт https://example.org/", "2019-2023 - там"],
     ["сайт https://example.org/", f"2019-2023{NBSP}\u2014 там"]),
])
def test_typeset_keeps_every_node_its_own_text(lang: str, texts: list[str],
                                               expected: list[str]) -> None:
    from toolkit.layout import blocks as lb

    nodes = [lb.Text(text) if i % 2 == 0 else lb.Emph([lb.Text(text)])
             for i, text in enumerate(texts)]
    assert _typeset_paragraph(nodes, lang) == expected


@pytest.mark.parametrize("text", [
    "no address here", "see https://example.org/a-b, then", "mailto:a@b.kz.", "www.gov.kz/x",
    "ftp://x/y and http://z/", "https:// alone", "://", "www.", "http://ex.org/«x»"])
def test_url_spans_agree_with_the_pattern(text: str) -> None:
    from toolkit.model.document import URL_RE, url_spans

    assert url_spans(text) == [m.span() for m in URL_RE.finditer(text)]
