"""toolkit import docx: a Word report becomes a submission that passes check, and a
build → import → build round trip keeps paragraphs, recommendations and footnotes."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree
from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit.model.document import ListItem, Text

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def _styles(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(p.style.style_id, p.text) for p in document.paragraphs]


def _footnotes(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    texts = []
    for note in root.iter(f"{W}footnote"):
        if note.get(f"{W}type") in (None, "normal"):
            texts.append(" ".join("".join(t.text or "" for t in note.iter(f"{W}t")).split()))
    return texts


def _italic_runs(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return sum(1 for r in root.iter(f"{W}r") if r.find(f"{W}rPr/{W}i") is not None)


LIST_AND_TABLE = """\
  - id: channels
    text: |
      Complaints reach the coalition through:
      - hotlines;^[Open *24* hours.]
      - lawyers.
  - id: cases-table
    table:
      caption: Complaints, 2012–2015
      header: [Year, Registered]
      rows:
        - ["2012", "1 024"]
        - ["2015", "700"]
      note: "Source: GPO.^[Form 1-M.]"
  - text: |
      Three steps:
      (a) register;
      (b) investigate.
"""


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The CCPR example, with a list and a table added to its article 7 section."""
    tmp = tmp_path_factory.mktemp("roundtrip")
    example = tmp / "kaz-iccpr-2016"
    shutil.copytree(ROOT / "submissions/kaz-iccpr-2016", example)
    art7 = example / "sections/30-art07.yaml"
    text = art7.read_text(encoding="utf-8")
    art7.write_text(text.replace("\nrecommendations:", "\n" + LIST_AND_TABLE
                                 + "recommendations:", 1), encoding="utf-8")
    code, out = _run("build", example, "--lang", "en", "--out", tmp / "a")
    assert code == 0, out
    first = tmp / "a/kaz-iccpr-2016-en.docx"
    _import_and_check(first, tmp / "imported")
    code, out = _run("build", tmp / "imported", "--lang", "en", "--out", tmp / "b")
    assert code == 0, out
    return first, tmp / "b/imported-en.docx", tmp / "imported"


def _import_and_check(path: Path, out: Path) -> None:
    """Import ``path`` as a CCPR report on Kazakhstan into ``out``; the result passes check."""
    code, output = _run("import", "docx", path, "--mechanism", "ccpr", "--state", "KAZ",
                        "--out", out)
    assert code == 0, output
    code, output = _run("check", out)
    assert code == 0, output

def test_round_trip_keeps_paragraphs_recommendations_and_articles(round_trip) -> None:
    first, second, _ = round_trip
    a, b = _styles(first), _styles(second)
    for style in ("BodyNumbered", "Recommendation", "PreviousRecommendation"):
        assert sum(s == style for s, _ in a) == sum(s == style for s, _ in b) > 0, style
    headings = [t for s, t in a if s == "Heading2" and t.startswith("Article")]
    assert headings and headings == [t for s, t in b if s == "Heading2"
                                     and t.startswith("Article")]
    body = [re.sub(r"\s+", " ", t) for s, t in a if s in ("BodyNumbered", "Recommendation")]
    assert body == [re.sub(r"\s+", " ", t) for s, t in b
                    if s in ("BodyNumbered", "Recommendation")]


def test_round_trip_keeps_footnotes_and_italics(round_trip) -> None:
    first, second, _ = round_trip
    assert _footnotes(first) == _footnotes(second)
    assert len(_footnotes(first)) > 40
    assert _italic_runs(second) >= _italic_runs(first) > 0


def test_round_trip_keeps_cross_references(round_trip) -> None:
    _, _, folder = round_trip
    text = "".join(p.read_text(encoding="utf-8") for p in (folder / "sections").iterdir())
    assert "@para:" in text and "@sec:art7" in text and "@prev:co1-13" in text
    assert "kind: article" in text and "- '2.3'" in text


# --------------------------------------------------------------------------- Word-like file


def _bookmark(paragraph, name: str) -> None:
    paragraph._p.insert(1, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="7" '
                                     f'w:name="{name}"/>'))
    paragraph._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="7"/>'))


def _link(paragraph, text: str, *, url: str | None = None, anchor: str | None = None) -> None:
    if url:
        rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        target = f'r:id="{rid}"'
    else:
        target = f'w:anchor="{anchor}"'
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} {target}><w:r><w:t xml:space="preserve">{text}'
        "</w:t></w:r></w:hyperlink>"))


def word_like(path: Path) -> Path:
    """A report as a coalition writes it in Word: typed numbers, auto-numbered lists,
    Russian headings, a table, links and a bookmark."""
    document = docx.Document()
    document.core_properties.author = "Бюро по правам человека"
    document.core_properties.title = "Альтернативный доклад"
    document.add_heading("Введение", level=1)
    document.add_paragraph("1. Доклад подготовлен коалицией НПО *звёздочки* и [скобки].")
    document.add_heading("Статья 7", level=1)
    p = document.add_paragraph("12. В 2015 году зарегистрировано 700 жалоб на ")
    p.add_run("пытки").italic = True
    p.add_run(", см. ")
    _link(p, "сайт", url="https://example.org/report")
    p.add_run(".")
    target = document.add_paragraph("13) Жертвы редко получают защиту.")
    _bookmark(target, "_Ref123")
    document.add_paragraph("Жалобы поступают по каналам:")
    document.add_paragraph("горячие линии;", style="List Bullet")
    document.add_paragraph("визиты НПМ.", style="List Bullet")
    caption = document.add_paragraph("Таблица 1. Жалобы")
    del caption
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Год", "Жалобы"
    table.cell(1, 0).text, table.cell(1, 1).text = "2015", "700"
    back = document.add_paragraph("Как сказано в ")
    _link(back, "пункте 13", anchor="_Ref123")
    back.add_run(", защиты нет.")
    document.add_heading("Рекомендации", level=2)
    document.add_paragraph("Создать независимый орган расследования.", style="List Number")
    document.add_paragraph("Обеспечить защиту жертв.", style="List Number")
    document.add_heading("Пункт 3 статьи 2", level=1)
    document.add_paragraph("Решения Комитета не исполняются.")
    document.add_heading("Приложение. Методология", level=1)
    document.add_paragraph("Мы опирались на собственные данные.")
    document.save(str(path))
    return path


def test_word_like_report_imports_and_passes_check(tmp_path: Path) -> None:
    source = word_like(tmp_path / "report.docx")
    _import_and_check(source, tmp_path / "imp")
    import yaml

    sections = {p.name: yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in sorted((tmp_path / "imp/sections").iterdir())}
    art7 = next(s for s in sections.values() if s["kind"] == "article" and s["articles"] == ["7"])
    texts = [p.get("text", "") for p in art7["paragraphs"]]
    assert texts[0].startswith("В 2015 году") and "*пытки*" in texts[0]
    assert "[сайт](https://example.org/report)" in texts[0]
    assert texts[1] == "Жертвы редко получают защиту."  # "13)" removed
    assert art7["paragraphs"][1]["id"] == "ref123"
    assert "@para:ref123" in texts[-1]
    assert "\n- горячие линии;\n- визиты НПМ." in texts[2]
    table = next(p["table"] for p in art7["paragraphs"] if "table" in p)
    assert table["header"] == ["Год", "Жалобы"] and table["rows"] == [["2015", "700"]]
    assert [r["text"] for r in art7["recommendations"]] == [
        "Создать независимый орган расследования.", "Обеспечить защиту жертв."]
    intro = next(s for s in sections.values() if s["kind"] == "introduction")
    assert intro["paragraphs"][0]["text"] == \
        "Доклад подготовлен коалицией НПО \\*звёздочки\\* и \\[скобки\\]."
    assert any(s["kind"] == "article" and s["articles"] == ["2.3"] for s in sections.values())
    assert any(s["kind"] == "annex" for s in sections.values())
    meta = yaml.safe_load((tmp_path / "imp/submission.yaml").read_text(encoding="utf-8"))
    assert meta["source_language"] == "ru" and meta["title"] == "Альтернативный доклад"
    assert meta["coalition"][0]["name"] == "Бюро по правам человека"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_saved_copy_imports(tmp_path: Path) -> None:
    source = word_like(tmp_path / "report.docx")
    (tmp_path / "lo").mkdir()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/prof",
                    "--convert-to", "docx", "--outdir", str(tmp_path / "lo"), str(source)],
                   check=True, capture_output=True, timeout=300)
    code, out = _run("import", "docx", tmp_path / "lo/report.docx", "--mechanism", "ccpr",
                     "--state", "KAZ", "--out", tmp_path / "imp")
    assert code == 0, out
    code, out = _run("check", tmp_path / "imp")
    assert code == 0, out
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "imp/sections").iterdir())
    assert "- '7'" in text and "*пытки*" in text


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_pandoc_made_report_imports(tmp_path: Path) -> None:
    markdown = ("# Article 19\n\nJournalists face *criminal* defamation charges.[^1]\n\n"
                "## Recommendations\n\n1. Repeal criminal defamation.\n2. Unblock websites.\n\n"
                "[^1]: See <https://example.org/a>.\n")
    (tmp_path / "r.md").write_text(markdown, encoding="utf-8")
    subprocess.run(["pandoc", "-f", "markdown", "-o", str(tmp_path / "r.docx"),
                    str(tmp_path / "r.md")], check=True, timeout=120)
    code, out = _run("import", "docx", tmp_path / "r.docx", "--mechanism", "ccpr",
                     "--state", "KAZ", "--out", tmp_path / "imp")
    assert code == 0, out
    code, out = _run("check", tmp_path / "imp")
    assert code == 0, out
    import yaml

    (section,) = [yaml.safe_load(p.read_text(encoding="utf-8"))
                  for p in (tmp_path / "imp/sections").iterdir()]
    assert section["articles"] == ["19"]
    assert section["paragraphs"][0]["text"] == ("Journalists face *criminal* defamation "
                                                "charges.^[See <https://example.org/a>.]")
    assert len(section["recommendations"]) == 2


def test_not_a_docx_is_one_message_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "report.docx"
    bad.write_text("not a zip", encoding="utf-8")
    code, out = _run("import", "docx", bad, "--mechanism", "ccpr", "--state", "KAZ",
                     "--out", tmp_path / "imp")
    assert code == 1 and "Traceback" not in out
    assert not (tmp_path / "imp").exists()


def test_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    source = word_like(tmp_path / "report.docx")
    (tmp_path / "imp").mkdir()
    (tmp_path / "imp/submission.yaml").write_text("title: mine\n", encoding="utf-8")
    code, _ = _run("import", "docx", source, "--mechanism", "ccpr", "--state", "KAZ",
                   "--out", tmp_path / "imp")
    assert code == 1
    assert (tmp_path / "imp/submission.yaml").read_text(encoding="utf-8") == "title: mine\n"
    assert list((tmp_path / "imp").iterdir()) == [tmp_path / "imp/submission.yaml"]


def test_upr_round_trip_keeps_counts_and_earlier_recommendations(tmp_path: Path) -> None:
    code, out = _run("build", ROOT / "submissions/kaz-upr-2024", "--lang", "en",
                     "--out", tmp_path / "a")
    assert code == 0, out
    first = tmp_path / "a/kaz-upr-2024-en.docx"
    code, out = _run("import", "docx", first, "--mechanism", "upr", "--state", "KAZ",
                     "--out", tmp_path / "imp")
    assert code == 0, out
    code, out = _run("build", tmp_path / "imp", "--lang", "en", "--out", tmp_path / "b")
    assert code == 0, out
    a, b = _styles(first), _styles(tmp_path / "b/imp-en.docx")
    for style in ("BodyNumbered", "Recommendation", "PreviousRecommendation"):
        assert sum(s == style for s, _ in a) == sum(s == style for s, _ in b) > 0, style
    assert _footnotes(first) == _footnotes(tmp_path / "b/imp-en.docx")
    import yaml

    previous = yaml.safe_load((tmp_path / "imp/previous.yaml").read_text(encoding="utf-8"))
    assert previous[0]["paragraph"] == "136.47"
    assert previous[0]["recommending_state"] == "Czechia"
    assert previous[0]["response"] == "supported"


# --------------------------------------------------------------------------- raw OOXML


_NOTES = ('<w:{kind}s xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
          '<w:{kind} w:id="1"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> '
          '{text}</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>{italic}</w:t></w:r>'
          '<w:hyperlink r:id="rIdX"><w:r><w:t>site</w:t></w:r></w:hyperlink></w:p></w:{kind}>'
          '</w:{kind}s>')


def _with_notes(path: Path, document_xml: str) -> None:
    """Add a footnotes and an endnotes part the way Word writes them."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = document_xml.encode()
    parts["word/footnotes.xml"] = _NOTES.format(kind="footnote", text="Law of 2015, ",
                                                italic="art. 3").encode()
    parts["word/endnotes.xml"] = _NOTES.format(kind="endnote", text="Survey by ",
                                               italic="KIBHR").encode()
    rel = ('<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/hyperlink" Target="https://example.org/n" TargetMode="External"/>')
    wrap = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">{}</Relationships>')
    parts["word/_rels/footnotes.xml.rels"] = wrap.format(rel).encode()
    parts["word/_rels/endnotes.xml.rels"] = wrap.format(rel).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = rels.replace("</Relationships>",
                        f'<Relationship Id="rIdF" Type="{base}footnotes" Target="footnotes.xml"/>'
                        f'<Relationship Id="rIdE" Type="{base}endnotes" Target="endnotes.xml"/>'
                        "</Relationships>")
    parts["word/_rels/document.xml.rels"] = rels.encode()
    ct = parts["[Content_Types].xml"].decode()
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    ct = ct.replace("</Types>",
                    f'<Override PartName="/word/footnotes.xml" ContentType="{mime}.footnotes+xml"/>'
                    f'<Override PartName="/word/endnotes.xml" ContentType="{mime}.endnotes+xml"/>'
                    "</Types>")
    parts["[Content_Types].xml"] = ct.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_word_footnotes_endnotes_and_tracked_changes(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Article 9", level=1)
    p = document.add_paragraph("5\\. Detention is long.")
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="9" w:author="A"><w:r><w:t '
                          'xml:space="preserve"> Added.</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="10" w:author="A"><w:r><w:delText>'
                          "Gone.</w:delText></w:r></w:del>"))
    q = document.add_paragraph("Most detainees are not told their rights.")
    q._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:endnoteReference w:id="1"/></w:r>'))
    path = tmp_path / "notes.docx"
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    _with_notes(path, xml)
    code, out = _run("import", "docx", path, "--mechanism", "ccpr", "--state", "KAZ",
                     "--out", tmp_path / "imp")
    assert code == 0, out
    assert "2 tracked changes were accepted" in out and "2 footnotes" in out
    code, out = _run("check", tmp_path / "imp")
    assert code == 0, out
    import yaml

    (section,) = [yaml.safe_load(p.read_text(encoding="utf-8"))
                  for p in (tmp_path / "imp/sections").iterdir()]
    texts = [p["text"] for p in section["paragraphs"]]
    assert texts == [
        "Detention is long.^[Law of 2015, *art. 3*[site](https://example.org/n)] Added.",
        "Most detainees are not told their rights.^[Survey by *KIBHR*"
        "[site](https://example.org/n)]"]


def test_doctype_is_refused_and_nothing_written(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Text.")
    path = tmp_path / "evil.docx"
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode()
    evil = xml.replace("?>", '?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
    _with_notes(path, evil)
    code, out = _run("import", "docx", path, "--mechanism", "ccpr", "--state", "KAZ",
                     "--out", tmp_path / "imp")
    assert code == 1 and "DOCTYPE" in out and "Traceback" not in out
    assert not (tmp_path / "imp").exists()


def test_bold_numbered_lines_are_headings_without_styles(tmp_path: Path) -> None:
    document = docx.Document()
    for text, bold in [("I. Введение", True), ("Коалиция объединяет шесть НПО.", False),
                       ("A. 19-бап", True), ("Журналистер қудаланады.", False),
                       ("Біз мемлекетке ұсынамыз:", False), ("(a) заңды өзгерту;", False),
                       ("(b) сайттарды ашу.", False)]:
        document.add_paragraph().add_run(text).bold = bold
    path = tmp_path / "plain.docx"
    document.save(str(path))
    _import_and_check(path, tmp_path / "imp")
    import yaml

    sections = [yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in sorted((tmp_path / "imp/sections").iterdir())]
    assert [s["kind"] for s in sections] == ["introduction", "article"]
    assert sections[1]["articles"] == ["19"]
    assert [r["text"] for r in sections[1]["recommendations"]] == ["заңды өзгерту;",
                                                                    "сайттарды ашу."]
    meta = yaml.safe_load((tmp_path / "imp/submission.yaml").read_text(encoding="utf-8"))
    assert meta["source_language"] == "kk"


@pytest.mark.parametrize(("heading", "articles"), [
    ("Article 7", ["7"]), ("Articles 2, 3 and 26", ["2", "3", "26"]),
    ("Article 2, paragraph 3", ["2.3"]), ("Статья 7", ["7"]),
    ("Статьи 2, 3 и 26", ["2", "3", "26"]), ("Пункт 3 статьи 2", ["2.3"]),
    ("7-бап", ["7"]), ("2, 3 және 26-баптар", ["2", "3", "26"]),
    ("2-баптың 3-тармағы", ["2.3"]), ("B. Article 14", ["14"]), ("Article10", ["10"]),
])
def test_article_headings_in_three_languages(heading: str, articles: list[str]) -> None:
    from toolkit.model.mechanisms import load_mechanism
    from toolkit.read.docx_import.headings import classify

    meaning = classify(heading, load_mechanism("ccpr"))
    assert (meaning.kind, meaning.articles, meaning.heading) == ("article", articles, None)


def test_article_the_treaty_lacks_is_a_theme_with_its_heading() -> None:
    from toolkit.model.mechanisms import load_mechanism
    from toolkit.read.docx_import.headings import classify

    meaning = classify("Article 60", load_mechanism("ccpr"))
    assert (meaning.kind, meaning.heading) == ("theme", "Article 60")


def test_odd_tables_links_and_markup_characters_still_pass_check(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Women", level=1)
    table = document.add_table(rows=2, cols=3)  # empty cells
    table.cell(0, 0).text, table.cell(1, 0).text = "Year", "2015"
    one_row = document.add_table(rows=1, cols=2)  # a header alone is no table
    one_row.cell(0, 0).text, one_row.cell(0, 1).text = "only", "header"
    document.add_table(rows=1, cols=1)  # an empty table
    target = document.add_paragraph("Target paragraph.")
    _bookmark(target, "tgt")
    glued = document.add_paragraph("See ")
    _link(glued, "para 2", anchor="tgt")
    glued.add_run("s and more # not a comment: really")  # "@para:tgts" would be wrong
    document.add_heading("Annex", level=1)
    document.add_paragraph("- dash at start\\ and * star ^ caret @rec:x")
    path = tmp_path / "odd.docx"
    document.save(str(path))
    _import_and_check(path, tmp_path / "imp")
    from toolkit.model.document import plain_text
    from toolkit.pipeline import load

    loaded = load(tmp_path / "imp")
    assert loaded.document is not None
    texts = [plain_text(p.content) for p in loaded.document.paragraphs()]
    assert texts == ["only header", "Target paragraph.",
                     "See para 2s and more # not a comment: really",
                     "- dash at start\\ and * star ^ caret @rec:x"]
    (table,) = [t for s in loaded.document.sections for t in s.tables]
    assert len(table.header) == 3 and len(table.rows) == 1


def test_report_over_the_word_limit_is_imported_and_the_limit_named(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Article 19", level=1)
    for n in range(11):
        document.add_paragraph(f"{n + 1}. " + "word " * 1000)
    path = tmp_path / "long.docx"
    document.save(str(path))
    code, out = _run("import", "docx", path, "--mechanism", "ccpr", "--state", "KAZ",
                     "--out", tmp_path / "imp")
    assert code == 0, out
    assert "found: 1 sections, 11 paragraphs" in out
    assert re.search(r"check: .*submission\.yaml.*10000", out)
    code, _ = _run("check", tmp_path / "imp")
    assert code == 1  # the report is what it is: the user shortens it


def test_outline_level_headings_and_auto_numbered_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    heading = document.add_paragraph("Article 14")
    heading._p.get_or_add_pPr().append(
        parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    document.add_paragraph("Judges depend on the executive.", style="List Number")
    document.add_paragraph("Acquittals are rare.", style="List Number")
    path = tmp_path / "outline.docx"
    document.save(str(path))
    code, out = _run("import", "docx", path, "--mechanism", "ccpr", "--state", "KAZ",
                     "--out", tmp_path / "imp")
    assert code == 0, out
    import yaml

    (section,) = [yaml.safe_load(p.read_text(encoding="utf-8"))
                  for p in (tmp_path / "imp/sections").iterdir()]
    assert section["articles"] == ["14"]
    assert [p["text"] for p in section["paragraphs"]] == ["Judges depend on the executive.",
                                                          "Acquittals are rare."]


def test_round_trip_keeps_lists_tables_and_follows_up(round_trip) -> None:
    from toolkit.pipeline import load

    _, _, folder = round_trip
    original = load(ROOT / "submissions/kaz-iccpr-2016").document
    imported = load(folder).document
    assert original is not None and imported is not None
    assert [r.follows_up for r in original.recommendations()] == \
        [r.follows_up for r in imported.recommendations()]
    art7 = next(s for s in imported.sections if s.articles == ["7"])
    (table,) = art7.tables
    assert [c.content for c in table.header] == [[Text("Year")], [Text("Registered")]]
    assert len(table.rows) == 2 and table.note
    kinds = [[n.kind for n in p.content if isinstance(n, ListItem)] for p in art7.paragraphs]
    assert ["bullet", "bullet"] in kinds and ["lettered", "lettered"] in kinds


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_russian_and_kazakh_builds_import_with_their_sections(tmp_path: Path, lang: str) -> None:
    code, out = _run("build", ROOT / "submissions/kaz-iccpr-2016", "--lang", lang,
                     "--out", tmp_path / "a")
    assert code == 0, out
    code, out = _run("import", "docx", tmp_path / f"a/kaz-iccpr-2016-{lang}.docx",
                     "--mechanism", "ccpr", "--state", "KAZ", "--out", tmp_path / "imp")
    assert code == 0, out
    from toolkit.pipeline import load

    original = load(ROOT / "submissions/kaz-iccpr-2016").document
    imported = load(tmp_path / "imp").document
    assert original is not None and imported is not None and not load(
        tmp_path / "imp").diagnostics.errors
    assert [(s.kind, s.articles) for s in imported.sections] == \
        [(s.kind, s.articles) for s in original.sections]
    assert [p.assessment for p in imported.previous.values()] == \
        [p.assessment for p in original.previous.values()]
    assert imported.meta.source_language == lang
    assert sum(1 for _ in imported.recommendations()) == \
        sum(1 for _ in original.recommendations())


def test_a_folder_or_missing_file_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "dir.docx").mkdir()
    for path in (tmp_path / "dir.docx", tmp_path / "missing.docx"):
        code, out = _run("import", "docx", path, "--mechanism", "ccpr", "--state", "KAZ",
                         "--out", tmp_path / "imp")
        assert code == 1 and "nothing was written" in out, out
        assert not (tmp_path / "imp").exists()


def test_report_written_on_the_toolkit_template_keeps_its_plain_paragraphs(
        tmp_path: Path) -> None:
    """Styles of the toolkit's reference document in a hand-written report are no build."""
    code, out = _run("template", "export", tmp_path / "reference.docx")
    assert code == 0, out
    document = docx.Document(str(tmp_path / "reference.docx"))
    body = document.element.body
    for child in list(body):
        if child.tag != f"{W}sectPr":
            body.remove(child)
    document.add_heading("Article 9", level=1)
    document.add_paragraph("Detention is long.", style="Body Text")
    path = tmp_path / "report.docx"
    document.save(str(path))
    code, out = _run("import", "docx", path, "--mechanism", "ccpr", "--state", "KAZ",
                     "--out", tmp_path / "imp")
    assert code == 0, out
    assert "found: 1 sections, 1 paragraphs" in out


def _field(paragraph, instr: str, shown: str) -> None:
    """A complex field the way Word writes its cross-references."""
    ns = nsdecls("w")
    for xml in (f'<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {ns}><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>',
                f'<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {ns}><w:t xml:space="preserve">{shown}</w:t></w:r>',
                f'<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def test_word_cross_reference_fields_become_references(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Article 21", level=1)
    target = document.add_paragraph("Pickets need a permit.")
    _bookmark(target, "_Ref5551")
    p = document.add_paragraph("As shown in para. ")
    _field(p, "REF _Ref5551 \\r \\h", "2")
    p.add_run(" (page ")
    _field(p, "PAGEREF _Ref5551 \\h", "7")
    p.add_run("), see ")
    _field(p, 'HYPERLINK "https://example.org/law"', "the law")
    p.add_run(".")
    path = tmp_path / "fields.docx"
    document.save(str(path))
    _import_and_check(path, tmp_path / "imp")
    import yaml

    (section,) = [yaml.safe_load(p.read_text(encoding="utf-8"))
                  for p in (tmp_path / "imp/sections").iterdir()]
    assert section["paragraphs"][0]["id"] == "ref5551"
    # only the number was the field's result: the author's "para." stays, the number is
    # a number-only reference
    assert section["paragraphs"][1]["text"] == (
        "As shown in para. [-@para:ref5551] (page ), see [the law](https://example.org/law).")


def test_heading_of_a_theme_keeps_its_words_and_loses_its_number(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("C. Women *and* girls [2016]", level=1)
    document.add_paragraph("Shelters are few.")
    path = tmp_path / "theme.docx"
    document.save(str(path))
    code, out = _run("import", "docx", path, "--mechanism", "cedaw", "--state", "KAZ",
                     "--out", tmp_path / "imp")
    assert code == 0, out
    assert "unclassified heading: C. Women *and* girls [2016]" in out
    code, out = _run("check", tmp_path / "imp")
    assert code == 0, out
    from toolkit.model.document import plain_text
    from toolkit.pipeline import load

    (section,) = load(tmp_path / "imp").document.sections
    assert (section.kind, plain_text(section.heading)) == ("theme", "Women *and* girls [2016]")
