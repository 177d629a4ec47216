"""Lists inside paragraphs and tables among them: read, translated, counted, built, read back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE
from tests.docx_inspect import NS, q, read_docx, schema_errors, text_of
from toolkit.cli.main import app
from toolkit.i18n.po import parse_po, write_po

runner = CliRunner()

LIST_PARAGRAPH = """\
  - id: complaint-channels
    text: |
      Complaints reach the coalition through three channels:
      - hotlines run by member organisations;^[Open 24 hours a day.]
      - visits of the national preventive mechanism, counted in @table:complaints-table;
      - lawyers acting for detainees.[@cpc-2014, art. 187]
  - id: complaints-table
    table:
      caption: Complaints of torture registered, 2012–2015
      header: [Year, Registered, Sent to court]
      rows:
        - ["2012", 1024, "12"]
        - ["2015", "700", "14^[Form 1-M of the Prosecutor General's Office.]"]
      note: "Source: *Prosecutor General's Office*."
"""

LETTERED_RECOMMENDATION = """\
  - id: lettered-recommendation
    text: |
      Reform the investigation of torture allegations:
      (a) create an investigative body independent of the police;
      (b) give investigating judges the power to order forensic examinations.
"""

RU = {
    "art7/complaint-channels":
        "Жалобы поступают в коалицию по трем каналам:\n"
        "- через горячие линии организаций — членов коалиции;^[Круглосуточно.]\n"
        "- в ходе посещений национального превентивного механизма, см. "
        "@table:complaints-table;\n"
        "- через адвокатов задержанных.[@cpc-2014, ст. 187]",
    "art7/complaints-table": "Жалобы на пытки, зарегистрированные в 2012–2015 гг.",
    "art7/complaints-table/h1": "Год",
    "art7/complaints-table/h2": "Зарегистрировано",
    "art7/complaints-table/h3": "Направлено в суд",
    "art7/complaints-table/r1c1": "2012",
    "art7/complaints-table/r1c2": "1024",
    "art7/complaints-table/r1c3": "12",
    "art7/complaints-table/r2c1": "2015",
    "art7/complaints-table/r2c2": "700",
    "art7/complaints-table/r2c3": "14^[Форма 1-М Генеральной прокуратуры.]",
    "art7/complaints-table/note": "Источник: *Генеральная прокуратура*.",
    "art7/rec/lettered-recommendation":
        "Реформировать расследование заявлений о пытках:\n"
        "(a) создать следственный орган, независимый от полиции;\n"
        "(b) наделить следственных судей правом назначать судебно-медицинские экспертизы.",
}


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    root = tmp_path / "kaz-iccpr-2016"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    art7 = root / "sections" / "30-art07.yaml"
    text = art7.read_text(encoding="utf-8")
    text = text.replace("  - id: investigating-agency\n",
                        LIST_PARAGRAPH + "  - id: investigating-agency\n", 1)
    text = text.replace("recommendations:\n", "recommendations:\n" + LETTERED_RECOMMENDATION, 1)
    art7.write_text(text, encoding="utf-8")
    return root


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _translate(root: Path) -> None:
    """Update the Russian catalogue and translate the new entries, as a translator would."""
    _invoke("i18n", "update", str(root), "--lang", "ru")
    path = root / "locales" / "ru.po"
    po = parse_po(path.read_bytes())
    found = set()
    for entry in po.entries:
        if entry.msgctxt in RU:
            entry.msgstr = RU[entry.msgctxt]
            entry.fuzzy = False
            found.add(entry.msgctxt)
    assert found == set(RU), set(RU) - found
    path.write_text(write_po(po), encoding="utf-8")


def _paragraph_after(doc: docx.document.Document, start: str) -> list:
    paras = doc.paragraphs
    index = next(i for i, p in enumerate(paras) if start in p.text)
    return paras[index:]


def test_list_items_are_word_list_paragraphs_under_their_paragraph(submission: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    _invoke("build", str(submission), "--lang", "en", "--out", str(out))
    path = out / "kaz-iccpr-2016-en.docx"
    assert not schema_errors(path)
    doc = docx.Document(str(path))
    following = _paragraph_after(doc, "through three channels")
    lead, items = following[0], following[1:4]
    assert lead.style.style_id == "BodyNumbered" and lead.text.split(".\t")[0].isdigit()
    assert [p.text for p in items] == [
        "hotlines run by member organisations;",
        "visits of the national preventive mechanism, counted in table 1;",
        "lawyers acting for detainees.",
    ]
    num_ids = set()
    for item in items:
        num_pr = item._p.find("w:pPr/w:numPr", NS)
        assert num_pr is not None, "a list item is a real Word list paragraph"
        num_ids.add(num_pr.find("w:numId", NS).get(q("w:val")))
        ind = item._p.find("w:pPr/w:ind", NS)
        assert int(ind.get(q("w:left"))) > 567  # indented under the paragraph's text
    assert len(num_ids) == 1
    # the footnotes inside items are real footnotes, numbered in reading order
    built = read_docx(path)
    refs = [r for p in built.paragraphs() for r in p.footnote_refs]
    assert refs == sorted(refs)
    assert any(text == "Open 24 hours a day." for text in built.footnotes.values())


def test_lettered_items_restart_at_a_with_a_lower_letter_format(submission: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "out"
    _invoke("build", str(submission), "--lang", "en", "--out", str(out))
    path = out / "kaz-iccpr-2016-en.docx"
    doc = docx.Document(str(path))
    items = _paragraph_after(doc, "Reform the investigation")[1:3]
    assert items[0].text.startswith("create an investigative body")
    num_id = items[0]._p.find("w:pPr/w:numPr/w:numId", NS).get(q("w:val"))
    numbering = doc.part.numbering_part.element
    num = next(n for n in numbering.findall("w:num", NS) if n.get(q("w:numId")) == num_id)
    abstract_id = num.find("w:abstractNumId", NS).get(q("w:val"))
    assert num.find("w:lvlOverride/w:startOverride", NS).get(q("w:val")) == "1"
    abstract = next(a for a in numbering.findall("w:abstractNum", NS)
                    if a.get(q("w:abstractNumId")) == abstract_id)
    assert abstract.find("w:lvl/w:numFmt", NS).get(q("w:val")) == "lowerLetter"
    assert abstract.find("w:lvl/w:lvlText", NS).get(q("w:val")) == "(%1)"


def test_table_is_numbered_captioned_and_cross_referenced(submission: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "out"
    _invoke("build", str(submission), "--lang", "en", "--out", str(out))
    built = read_docx(out / "kaz-iccpr-2016-en.docx")
    caption = next(p for p in built.paragraphs() if p.text.startswith("Table 1."))
    assert caption.text == "Table 1. Complaints of torture registered, 2012–2015"
    assert caption.bookmarks, "the caption is the target of @table:"
    links = [text for p in built.paragraphs() for anchor, text in p.links
             if anchor in caption.bookmarks]
    assert links == ["table 1"]
    content = next(t for t in built.tables() if t[0] == ["Year", "Registered", "Sent to court"])
    assert content[1:] == [["2012", "1024", "12"], ["2015", "700", "14"]]
    # (typography gives the apostrophe its typographic form)
    assert "Form 1-M of the Prosecutor General’s Office." in built.footnotes.values()
    note = next(p for p in built.paragraphs() if p.text.startswith("Source:"))
    assert note.text == "Source: Prosecutor General’s Office."
    # the header row repeats on every page
    tbl = next(t for t in built.body.iter(q("w:tbl")) if "Year" in text_of(t))
    assert tbl.find("w:tr/w:trPr/w:tblHeader", NS) is not None


def test_lists_and_tables_translate_entry_by_entry(submission: Path, tmp_path: Path) -> None:
    _translate(submission)
    po = (submission / "locales" / "ru.po").read_text(encoding="utf-8")
    assert 'msgctxt "art7/complaints-table/r2c3"' in po
    assert 'msgctxt "art7/complaints-table/note"' in po
    out = tmp_path / "out"
    _invoke("build", str(submission), "--lang", "ru", "--out", str(out))
    path = out / "kaz-iccpr-2016-ru.docx"
    assert not schema_errors(path)
    doc = docx.Document(str(path))
    items = _paragraph_after(doc, "по трем каналам")[1:4]
    assert items[1].text == ("в ходе посещений национального превентивного механизма, "
                             "см. таблица 1;")
    built = read_docx(path)
    assert any(p.text.startswith("Таблица 1. Жалобы на пытки") for p in built.paragraphs())
    assert ["Год", "Зарегистрировано", "Направлено в суд"] in [t[0] for t in built.tables()]


def test_a_translation_must_keep_the_items(submission: Path) -> None:
    _translate(submission)
    path = submission / "locales" / "ru.po"
    po = parse_po(path.read_bytes())
    for entry in po.entries:
        if entry.msgctxt == "art7/complaint-channels":
            entry.msgstr = entry.msgstr.replace("\n- через адвокатов", " и через адвокатов")
    path.write_text(write_po(po), encoding="utf-8")
    result = runner.invoke(app, ["check", str(submission)])
    assert result.exit_code == 1, result.output
    line = next(ln for ln in result.output.splitlines() if "list item" in ln)
    assert "ru.po:" in line


def test_words_of_lists_and_tables_count(submission: Path) -> None:
    before = runner.invoke(app, ["stats", str(EXAMPLE)]).output
    after = runner.invoke(app, ["stats", str(submission)]).output

    def article7(output: str) -> int:
        row = next(ln for ln in output.splitlines() if ln.strip().startswith("Article 7"))
        return int(row.split()[-1])

    # list paragraph 26 words + footnote 4; table: caption 6, header 4, cells 6, note 4,
    # footnote 6; lettered recommendation 22
    assert article7(after) - article7(before) >= 26 + 6 + 4 + 6 + 4 + 22


@pytest.mark.parametrize("text, message", [
    ("Lead.\n\nSecond paragraph.", "blank line"),
    ("Lead:\n- one;\n(a) two.", "one list"),
    ("Lead:\n(a) one;\n(c) two.", "expected (b)"),
])
def test_bad_lists_are_reported_at_their_line(submission: Path, text: str, message: str) -> None:
    art7 = submission / "sections" / "30-art07.yaml"
    body = "\n".join("      " + line if line else "" for line in text.split("\n"))
    art7.write_text(art7.read_text(encoding="utf-8").replace(
        LIST_PARAGRAPH, f"  - id: broken\n    text: |\n{body}\n", 1), encoding="utf-8")
    result = runner.invoke(app, ["check", str(submission)])
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if message in ln]
    assert lines and "30-art07.yaml:" in lines[0], result.output


def test_table_rows_must_match_the_header(submission: Path) -> None:
    art7 = submission / "sections" / "30-art07.yaml"
    art7.write_text(art7.read_text(encoding="utf-8").replace(
        '- ["2012", 1024, "12"]', '- ["2012", 1024]'), encoding="utf-8")
    result = runner.invoke(app, ["check", str(submission)])
    assert result.exit_code == 1
    assert "30-art07.yaml:" in result.output and "as many cells as the header" in result.output


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice not installed")
def test_libreoffice_shows_the_letters_and_the_table(submission: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _invoke("build", str(submission), "--lang", "en", "--out", str(out))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = tmp_path / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path),
                    str(out / "kaz-iccpr-2016-en.docx")], check=True, capture_output=True,
                   timeout=180)
    text = (tmp_path / "kaz-iccpr-2016-en.txt").read_text(encoding="utf-8-sig")
    assert "(a)" in text and "(b)" in text
    assert "create an investigative body independent of the police" in text
    assert "Complaints of torture registered, 2012–2015" in text


@pytest.mark.parametrize("lang", ["kk", "kk-Latn"])
def test_draft_builds_show_untranslated_lists_and_cells_shaded(submission: Path, tmp_path: Path,
                                                              lang: str) -> None:
    out = tmp_path / "out"
    _invoke("build", str(submission), "--lang", lang, "--draft", "--out", str(out))
    path = out / f"kaz-iccpr-2016-{lang}-draft.docx"
    assert not schema_errors(path)
    doc = docx.Document(str(path))
    items = _paragraph_after(doc, "through three channels")[1:4]
    assert all(p._p.find("w:pPr/w:numPr", NS) is not None for p in items)
    assert all(p._p.find("w:pPr/w:shd", NS) is not None for p in items)
    built = read_docx(path)
    table = next(t for t in built.tables() if t[0] == ["Year", "Registered", "Sent to court"])
    assert len(table) == 3
    cell = next(tc for tc in built.body.iter(q("w:tc")) if text_of(tc) == "Year")
    assert cell.find(".//w:pPr/w:shd", NS) is not None
