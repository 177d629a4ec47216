"""`toolkit import recommendations` on concluding observations (English and Russian; .txt,
.docx with typed or automatic numbers, pasted text) and on CSV/XLSX database exports."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from tests.recommendation_fixtures import build_paragraphs
from toolkit.cli.main import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "recommendations"
CO_EN = FIXTURES / "ccpr-co-en.txt"
CO_RU = FIXTURES / "ccpr-co-ru.txt"


def run_import(*args: str, stdin: str | None = None) -> object:
    return runner.invoke(app, ["import", "recommendations", *map(str, args)], input=stdin)


def by_paragraph(folder: Path) -> dict[str, dict]:
    data = yaml.safe_load((folder / "previous.yaml").read_text(encoding="utf-8"))
    return {e["paragraph"]: e for e in data}


def test_english_concluding_observations(tmp_path: Path) -> None:
    result = run_import(CO_EN, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    recs = by_paragraph(tmp_path)
    assert sorted(recs, key=int) == ["5", "6", "8", "9", "10"]  # concerns and follow-up out
    assert {e["document"] for e in recs.values()} == {"CCPR/C/KAZ/CO/2"}
    assert recs["6"]["text"].startswith("The State party should consider abolishing")
    assert recs["8"]["text"].splitlines()[1].startswith("(a) Ensure that every allegation")
    assert recs["8"]["text"].splitlines()[1].endswith("by an independent body;")
    assert [p for p, e in recs.items() if e.get("follow_up_priority")] == ["5", "8", "9"]
    assert all(e["assessment"] == "no-information" for e in recs.values())


def test_russian_concluding_observations(tmp_path: Path) -> None:
    result = run_import(CO_RU, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    recs = by_paragraph(tmp_path)
    assert sorted(recs, key=int) == ["3", "4", "5"]
    assert recs["3"]["text"].startswith("Государству-участнику следует привести")
    assert recs["4"]["text"].startswith("Комитет настоятельно призывает")
    assert recs["4"]["text"].splitlines()[2].startswith("б) привлекать")
    assert [p for p, e in recs.items() if e.get("follow_up_priority")] == ["3", "5"]


def test_docx_with_automatic_numbering_and_given_symbol(tmp_path: Path) -> None:
    lines = [line for line in CO_EN.read_text(encoding="utf-8").split("\n\n")]
    paragraphs = [" ".join(block.split("\n")) if not block.startswith("8.") else block
                  for block in lines]
    flat: list[str] = []
    for block in paragraphs:
        flat.extend(block.split("\n"))
    path = build_paragraphs(tmp_path / "co.docx", [p.replace("CCPR/C/KAZ/CO/2", "")
                                                    for p in flat], numbering=True)
    result = run_import(path, "--into", tmp_path, "--document", "CCPR/C/KAZ/CO/2")
    assert result.exit_code == 0, result.output
    recs = by_paragraph(tmp_path)
    assert sorted(recs, key=int) == ["5", "6", "8", "9", "10"]
    assert recs["8"]["text"].splitlines()[3].startswith("(c) Provide victims")
    assert recs["9"]["follow_up_priority"] is True


def test_pasted_text_on_stdin(tmp_path: Path) -> None:
    result = run_import("-", "--into", tmp_path, stdin=CO_RU.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert set(by_paragraph(tmp_path)) == {"3", "4", "5"}


def test_reimport_is_idempotent(tmp_path: Path) -> None:
    assert run_import(CO_EN, "--into", tmp_path).exit_code == 0
    first = (tmp_path / "previous.yaml").read_bytes()
    again = run_import(CO_EN, "--into", tmp_path)
    assert again.exit_code == 0 and "0 new, 0 updated, 5 unchanged" in again.output
    assert (tmp_path / "previous.yaml").read_bytes() == first
    assert not (tmp_path / "previous.yaml.bak").exists()


@pytest.mark.parametrize("text", ["Just some words.\nNo numbers here.\n",
                                  "1. The Committee met.\n2. It adopted this.\n"])
def test_text_without_recommendations_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "co.txt"
    path.write_text(text, encoding="utf-8")
    result = run_import(path, "--into", tmp_path, "--document", "CAT/C/KAZ/CO/4")
    assert result.exit_code == 1
    assert f"{path}:" in result.output
    assert not (tmp_path / "previous.yaml").exists()


def test_missing_symbol_asks_for_document(tmp_path: Path) -> None:
    path = tmp_path / "co.txt"
    path.write_text(CO_EN.read_text(encoding="utf-8").replace("CCPR/C/KAZ/CO/2", ""),
                    encoding="utf-8")
    result = run_import(path, "--into", tmp_path)
    assert result.exit_code == 1 and "--document" in result.output
    assert not (tmp_path / "previous.yaml").exists()


# ---- CSV / XLSX through the shipped mappings ----------------------------------------------

UHRI_HEADER = ["Recommendation", "Document symbol", "Paragraph", "Recommending State",
               "State under review", "Cycle", "Position", "Themes", "Affected persons", "SDGs"]
UHRI_ROWS = [
    ["Abolish the death penalty (France);", "A/HRC/43/10", "136.12", "France", "Kazakhstan",
     "3", "Noted", "Death penalty; Right to life", "General", "16"],
    ["Protect journalists from attacks", "A/HRC/43/10", "136.125", "Canada; Norway",
     "Kazakhstan", "3", "Supported", "Freedom of opinion and expression", "Media",
     "16.10; 16"],
]


def test_uhri_csv_export(tmp_path: Path) -> None:
    path = tmp_path / "uhri.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(UHRI_HEADER)
        writer.writerows(UHRI_ROWS)
    result = run_import(path, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    assert "mapping 'uhri'" in result.output
    recs = by_paragraph(tmp_path)
    assert recs["136.12"]["text"] == "Abolish the death penalty."
    assert recs["136.12"]["response"] == "noted"
    assert recs["136.12"]["themes"] == ["death-penalty", "right-to-life"]
    assert recs["136.125"]["recommending_state"] == ["Canada", "Norway"]
    assert recs["136.125"]["groups"] == ["journalists"]
    assert recs["136.125"]["sdg"] == ["16.10", "16"]


def test_upr_info_xlsx_with_document_given(tmp_path: Path) -> None:
    path = tmp_path / "upr-info.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["State under Review", "Recommendation", "Recommending State", "Response",
                  "Issues", "Session", "Cycle"])
    sheet.append(["Kazakhstan", "136.47 Bring the Commissioner into line with the Paris "
                  "Principles", "Czechia", "Supported", "National Human Rights Institution "
                  "(NHRI)", 34, 3])
    book.save(path)
    result = run_import(path, "--into", tmp_path, "--document", "A/HRC/43/10")
    assert result.exit_code == 0, result.output
    rec = by_paragraph(tmp_path)["136.47"]
    assert rec["document"] == "A/HRC/43/10"
    assert rec["themes"] == ["nhri"]
    assert rec["recommending_state"] == "Czechia"


def test_users_own_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "mine.yaml"
    mapping.write_text("columns:\n  text: [Empfehlung]\n  paragraph: [Absatz]\n"
                       "  document: [Dokument]\n  response: [Antwort]\n  themes: [Thema]\n"
                       "theme_aliases:\n  Folterverbot: torture\n", encoding="utf-8")
    path = tmp_path / "export.csv"
    path.write_text("Empfehlung;Absatz;Dokument;Antwort;Thema\nRatify OP-CAT;128.3;"
                    "A/HRC/28/15/Add.1;Accepted;Folterverbot\n", encoding="utf-8")
    result = run_import(path, "--into", tmp_path, "--mapping", mapping)
    assert result.exit_code == 0, result.output
    rec = by_paragraph(tmp_path)["128.3"]
    assert (rec["document"], rec["response"], rec["text"]) == \
        ("A/HRC/28/15", "supported", "Ratify OP-CAT.")
    assert rec["themes"] == ["torture"]


def test_table_with_other_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Name,Amount\nA,1\n", encoding="utf-8")
    result = run_import(path, "--into", tmp_path)
    assert result.exit_code == 1
    assert "--mapping" in result.output
    assert not (tmp_path / "previous.yaml").exists()


def _zip_without_document() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("co.docx", b"PK\x03\x04garbage"),
    ("co.docx", None),  # a zip without word/document.xml
    ("export.xlsx", b"PK\x03\x04" + bytes(range(256))),
    ("export.xlsx", None),
    ("export.csv", b"a,b\x00,c\n"),
    ("co.txt", b"\xff\xfe\x00binary"),
    ("co.pdf", b"%PDF-1.7"),
    ("matrix.doc", b"\xd0\xcf\x11\xe0"),
])
def test_unreadable_files_give_one_message(tmp_path: Path, name: str,
                                           content: bytes | None) -> None:
    path = tmp_path / name
    path.write_bytes(_zip_without_document() if content is None else content)
    result = run_import(path, "--into", tmp_path)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}:" in result.output
    assert not (tmp_path / "previous.yaml").exists()


def test_docx_numbered_through_its_paragraph_style(tmp_path: Path) -> None:
    """UN documents number paragraphs through the style (numbering.xml), not in the text;
    a list restarted under another w:numId of the same definition keeps counting."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/></w:lvl>'
        '</w:abstractNum>'))
    for num_id in ("91", "92"):
        numbering.append(parse_xml(f'<w:num {w} w:numId="{num_id}">'
                                   '<w:abstractNumId w:val="90"/></w:num>'))
    style = document.styles.add_style("SingleTxtG", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {w}><w:numId w:val="91"/></w:numPr>'))

    def para(text: str, *, num_id: str | None = None, level: int = 0) -> None:
        paragraph = document.add_paragraph(text, style="SingleTxtG")
        if num_id:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    document.add_paragraph("CAT/C/KAZ/CO/4")
    para("The Committee considered the fourth periodic report.")
    document.add_paragraph("Torture", style="Heading 2")
    para("The Committee is concerned at reports of torture in custody.")
    para("The State party should:", num_id="92")
    para("Investigate all allegations promptly;", num_id="92", level=1)
    para("Prosecute those responsible.", num_id="92", level=1)
    para("The Committee requests the State party to provide, within one year, information on "
         "the follow-up to the recommendations in paragraph 3 above.", num_id="92")
    path = tmp_path / "cat.docx"
    document.save(str(path))
    result = run_import(path, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    recs = by_paragraph(tmp_path)
    assert list(recs) == ["3"]
    assert recs["3"]["document"] == "CAT/C/KAZ/CO/4"
    assert recs["3"]["text"].splitlines() == ["The State party should:",
                                              "(a) Investigate all allegations promptly;",
                                              "(b) Prosecute those responsible."]
    assert recs["3"]["follow_up_priority"] is True


def test_symbol_printed_in_the_page_header_of_a_docx(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "CRC/C/KAZ/CO/5-6"
    document.add_paragraph("1. The Committee considered the combined reports.")
    document.add_paragraph("2. The Committee recommends that the State party end corporal "
                           "punishment in all settings.")
    path = tmp_path / "crc.docx"
    document.save(str(path))
    result = run_import(path, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    assert by_paragraph(tmp_path)["2"]["document"] == "CRC/C/KAZ/CO/5-6"
