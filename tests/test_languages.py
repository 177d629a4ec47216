"""Every language of both examples, built and read back by real readers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.docx_inspect import NS, Docx, q, read_docx, schema_errors
from toolkit.cli.main import app
from toolkit.model.document import plain_text
from toolkit.pipeline import load, prepare_language

runner = CliRunner()
LANGS = ["en", "ru", "kk", "kk-Latn"]
EXAMPLES = ["kaz-iccpr-2016", "kaz-upr-2024"]
KAZAKH_LETTERS = set("әғқңөұүһі")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Docx]:
    out = tmp_path_factory.mktemp("langs")
    docs = {}
    for example in EXAMPLES:
        args = ["build", str(ROOT / "submissions" / example), "--out", str(out)]
        for lang in LANGS:
            args += ["--lang", lang]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        for lang in LANGS:
            docs[(example, lang)] = read_docx(out / f"{example}-{lang}.docx")
    return docs


def _shape(doc: Docx) -> tuple[int, int, int, int]:
    paras = doc.paragraphs()
    links = sum(len(p.links) for p in paras) + len(doc.footnote_links)
    return (len(doc.styled("BodyNumbered")), len(doc.footnotes),
            len(doc.styled("Recommendation")), links)


@pytest.mark.parametrize("example", EXAMPLES)
def test_same_shape_in_every_language(built, example: str) -> None:
    shapes = {lang: _shape(built[(example, lang)]) for lang in LANGS}
    assert len(set(shapes.values())) == 1, shapes
    assert shapes["en"][1] >= 20


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize("lang", LANGS)
def test_each_document_is_in_its_language(built, example: str, lang: str) -> None:
    doc = built[(example, lang)]
    errors = schema_errors(doc.path)
    assert errors in (None, [])
    body = " ".join(p.text for p in doc.styled("BodyNumbered"))
    letters = [c for c in body if c.isalpha()]
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)
    if lang in ("ru", "kk"):
        assert cyrillic > 0.9
    else:
        assert cyrillic < 0.01
    if lang == "kk":
        assert KAZAKH_LETTERS & set(body)
    if lang == "kk-Latn":
        assert set("äğqñöūüış") & set(body)
    word_lang = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ", "kk-Latn": "kk-Latn-KZ"}[lang]
    default = doc.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert default.get(q("w:val")) == word_lang
    run_langs = {el.get(q("w:val")) for el in doc.body.iter(q("w:lang"))}
    assert run_langs == {word_lang}
    # UN document symbols are never translated or transliterated
    symbol = "CCPR/C/KAZ/CO/1" if example == "kaz-iccpr-2016" else "A/HRC/43/10"
    assert symbol in " ".join(p.text for p in doc.paragraphs())


def test_localised_labels(built) -> None:
    expect = {
        "en": ("Almaty, 30 May 2016", "Recommendations", "Ibid.", "recommendations 19 and 23"),
        "ru": ("Алматы, 30 мая 2016\u00a0года", "Рекомендации", "Там же", "рекомендации 19 и 23"),
        "kk": ("Алматы, 2016\u00a0жылғы 30 мамыр", "Ұсынымдар", "Сонда", "19 және 23-ұсынымдар"),
        "kk-Latn": ("Almaty, 2016\u00a0jylğy 30 mamyr", "Ūsynymdar", "Sonda", "23-ūsynymdar"),
    }
    for lang, (dateline, recs, ibid, rec_label) in expect.items():
        doc = built[("kaz-iccpr-2016", lang)]
        texts = [p.text for p in doc.paragraphs()]
        assert dateline in texts, (lang, texts[:16])
        assert recs in texts
        assert any(t.startswith(ibid) for t in doc.footnotes.values())
        if lang != "en":  # "Ibid., p. 5" in English, but «Там же, с. 5» — no stray full stop
            assert not any(".," in t[:12] for t in doc.footnotes.values() if t.startswith(ibid))
        assert any(rec_label in t for t in texts), lang  # a group of recommendations
        links = [text for p in doc.paragraphs() for _, text in p.links]
        assert "19" in links and "23" in links, lang  # each number linked


def test_quotes_are_localised(built) -> None:
    ru = " ".join(p.text for p in built[("kaz-iccpr-2016", "ru")].styled("BodyNumbered"))
    en = " ".join(p.text for p in built[("kaz-iccpr-2016", "en")].styled("BodyNumbered"))
    assert "«" in ru and '"' not in ru
    assert "“" in en and '"' not in en


def _untranslate(po: Path, msgctxt: str) -> None:
    """Empty one entry's translation, as a translator who has not got to it yet."""
    text = po.read_text(encoding="utf-8")
    block = text.split(f'msgctxt "{msgctxt}"')[1]
    msgstr = re.search(r'\nmsgstr "(.*)"\n', block).group(1)
    po.write_text(text.replace(f'msgstr "{msgstr}"', 'msgstr ""', 1), encoding="utf-8")


def test_final_mode_refuses_an_incomplete_translation(example_copy: Path, tmp_path: Path) -> None:
    _untranslate(example_copy / "locales" / "ru.po", "art7/torture-definition")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(example_copy), "--lang", "ru", "--out", str(out)])
    assert result.exit_code == 1
    assert re.search(r"locales/ru\.po:\d+:\d+: art7/torture-definition: untranslated "
                     r"\(source: \S*sections/30-art07\.yaml:\d+", result.output), result.output
    assert not out.exists()
    result = runner.invoke(app, ["build", str(example_copy), "--lang", "ru", "--draft",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 of 126 texts are not translated yet" in result.output
    assert not (out / "kaz-iccpr-2016-ru.docx").exists()  # a draft never passes for final
    doc = read_docx(out / "kaz-iccpr-2016-ru-draft.docx")
    shaded = [p for p in doc.styled("BodyNumbered")
              if p.element.find("w:pPr/w:shd", NS) is not None]
    assert len(shaded) == 1 and shaded[0].text.split("\t")[1].startswith("Article 146")


def test_integrity_error_names_the_entry(example_copy: Path) -> None:
    po = example_copy / "locales" / "kk.po"
    text = po.read_text(encoding="utf-8")
    broken = re.sub(r"(msgctxt \"art7/torture-definition\"\nmsgid \".*\"\nmsgstr \".*?)\^\[",
                    r"\1(", text, count=1)
    assert broken != text
    po.write_text(broken, encoding="utf-8")
    result = runner.invoke(app, ["check", str(example_copy)])
    assert result.exit_code == 1
    assert re.search(r"locales/kk\.po:\d+:\d+: .*art7/torture-definition.*footnote",
                     result.output), result.output


# ------------------------------------------------------------------ real readers

def _source_words(example: str, lang: str) -> set[str]:
    loaded = load(ROOT / "submissions" / example)
    doc = prepare_language(loaded, lang).document
    words: set[str] = set()
    for section in doc.sections:
        for nodes in [p.content for p in section.paragraphs] + \
                     [r.content for r in section.recommendations]:
            words |= set(re.findall(r"\w{5,}", plain_text(nodes, notes=True)))
    return words


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
@pytest.mark.parametrize("lang", LANGS)
def test_pandoc_reads_every_word(built, lang: str) -> None:
    for example in EXAMPLES:
        plain = subprocess.run(["pandoc", "-t", "plain", "--wrap=none",
                                str(built[(example, lang)].path)],
                               capture_output=True, text=True, check=True).stdout
        missing = _source_words(example, lang) - set(re.findall(r"\w+", plain))
        assert not missing, (example, lang, sorted(missing)[:10])


@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_pdf_has_every_word(built, lang: str, tmp_path: Path) -> None:
    from toolkit.write.finalize import finalize, libreoffice_available

    if not libreoffice_available() or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (python3-uno) or poppler-utils not installed")
    example = "kaz-iccpr-2016"
    pdf = tmp_path / f"{lang}.pdf"
    finalize(built[(example, lang)].path, pdf_out=pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # pdftotext drops the hyphen of a word broken at a line end ("Kazakh-language" →
    # "Kazakhlanguage"): look words up in the text with its line breaks removed
    flat = re.sub(r"-?\n", "", text) + " " + text
    missing = {w for w in _source_words(example, lang) if w not in flat}
    assert not missing, sorted(missing)[:10]
    if lang == "kk":
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        rows = [r.split() for r in fonts.splitlines()[2:] if r.strip()]
        assert rows and all("yes" in r[-5:-3] for r in rows), fonts  # every font embedded
        assert KAZAKH_LETTERS <= set(text)


def test_kazakh_latin_is_labelled(built) -> None:
    doc = built[("kaz-iccpr-2016", "kk-Latn")]
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert doc.core.find(f"{dc}language").text == "kk-Latn-KZ"
    assert built[("kaz-iccpr-2016", "kk")].core.find(f"{dc}language").text == "kk-KZ"


RU_SOURCE = {
    "submission.yaml": """\
        title: Комментарии НПО ко второму периодическому докладу Казахстана
        mechanism: ccpr
        state: KAZ
        review: {previous_outcome: CCPR/C/KAZ/CO/1}
        date: 2016-05-15
        place: Алматы
        source_language: ru
        languages: [ru, en]
        coalition:
          - {id: kibhr, name: Казахстанское международное бюро по правам человека}
    """,
    "sources.yaml": """\
        report:
          citation: КМБПЧ, *Доклад о пытках* (2015)
    """,
    "sections/10-art7.yaml": """\
        id: art7
        kind: article
        articles: ["7"]
        paragraphs:
          - id: complaints
            text: В 2015 году поступило 162 жалобы на пытки.[@report, с. 4] См. @rec:body.
        recommendations:
          - id: body
            text: Создать независимый орган для расследования жалоб на пытки.
    """,
}

EN = {
    "title": "NGO comments on the second periodic report of Kazakhstan",
    "place": "Almaty",
    "coalition/kibhr": "Kazakhstan International Bureau for Human Rights",
    "source/report": "KIBHR, *Report on torture* (2015)",
    "art7/complaints": "In 2015, 162 complaints of torture were received.[@report, p. 4] "
                       "See @rec:body.",
    "art7/rec/body": "Establish an independent body to investigate complaints of torture.",
}


def test_russian_source_builds_english_from_en_po(make_submission, tmp_path: Path) -> None:
    from toolkit.i18n.po import parse_po, write_po

    root = make_submission(RU_SOURCE)
    result = runner.invoke(app, ["i18n", "update", str(root)])
    assert result.exit_code == 0, result.output
    po_path = root / "locales" / "en.po"
    assert not (root / "locales" / "ru.po").exists()  # the source language has no catalogue
    po = parse_po(po_path.read_bytes())
    for entry in po.entries:
        entry.msgstr = EN[entry.msgctxt]
    po_path.write_text(write_po(po), encoding="utf-8")
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    ru = read_docx(tmp_path / "o" / "sub-ru.docx")
    en = read_docx(tmp_path / "o" / "sub-en.docx")
    # a no-break space before «году»: render-time typography
    assert ru.styled("BodyNumbered")[0].text.startswith("1.\tВ 2015\u00a0году")
    assert "рекомендация 1" in ru.styled("BodyNumbered")[0].text
    assert en.styled("BodyNumbered")[0].text == (
        "1.\tIn 2015, 162 complaints of torture were received. See recommendation 1.")
    assert en.footnotes[1] == "KIBHR, Report on torture (2015), p.\u00a04."
    assert "Almaty, 15 May 2016" in [p.text for p in en.paragraphs()]
    assert ru.footnotes[1] == "КМБПЧ, Доклад о пытках (2015), с.\u00a04."


def test_parallel_build_reports_a_language_error_with_its_position(example_copy: Path,
                                                                    tmp_path: Path) -> None:
    """Several languages render in worker processes; their errors come back intact."""
    _untranslate(example_copy / "locales" / "kk.po", "art9/habeas-corpus")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(example_copy), "--lang", "en", "--lang", "ru",
                                 "--lang", "kk", "--out", str(out)])
    assert result.exit_code == 1
    assert re.search(r"locales/kk\.po:\d+:\d+: art9/habeas-corpus: untranslated",
                     result.output), result.output
    assert sorted(p.name for p in out.iterdir()) == [  # the ready languages are built
        "kaz-iccpr-2016-en.docx", "kaz-iccpr-2016-ru.docx"]
