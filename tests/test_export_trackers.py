"""`toolkit export recommendations` for trackers: the fields, the shipped JSON Schema,
headers in the build language, and the round trip export → import → same previous.yaml."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

import toolkit
from tests.recommendation_fixtures import EXAMPLE_PREVIOUS, KAZ_MATRIX
from toolkit.cli.main import app
from toolkit.i18n.messages import get_translator
from toolkit.write.matrix import FIELDS, SCHEMA_FILE, column_headers

runner = CliRunner()
UPR = EXAMPLE_PREVIOUS.parent
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def export(submission: Path, out: Path, fmt: str, lang: str = "en") -> None:
    result = runner.invoke(app, ["export", "recommendations", str(submission), "--format", fmt,
                                 "--lang", lang, "--out", str(out)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def imported_upr(tmp_path: Path) -> Path:
    """The UPR example with previous.yaml (re)imported from its 3rd-cycle matrix."""
    folder = tmp_path / "upr"
    shutil.copytree(UPR, folder, ignore=shutil.ignore_patterns("build"))
    result = runner.invoke(app, ["import", "recommendations", str(KAZ_MATRIX), "--into",
                                 str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_json_export_is_valid_against_the_shipped_schema(imported_upr: Path,
                                                         tmp_path: Path) -> None:
    assert SCHEMA_FILE.is_relative_to(Path(toolkit.__file__).parent / "data")  # shipped
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    export(imported_upr, tmp_path / "out", "json")
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    # the schema describes every field the export writes, and requires each
    assert list(schema["$defs"]["row"]["properties"]) == list(FIELDS)
    earlier = {r["id"]: r for r in data["earlier_recommendations"]}
    row = earlier["p-civil-society"]
    assert row["state_under_review"] == "KAZ" and row["state_under_review_name"] == "Kazakhstan"
    assert (row["mechanism"], row["cycle"], row["kind"]) == ("upr", 3, "earlier")
    assert (row["document"], row["paragraph"]) == ("A/HRC/43/10", "136.140")
    assert row["recommending_state_codes"] == ["GBR"]
    assert row["response"] == "noted" and row["response_source"] == "A/HRC/43/10/Add.1, para. 3"
    assert row["themes"] == ["civil-society-space"] and row["groups"] == ["civil-society"]
    assert row["sdg_goals"] == ["16"] and row["sdg_titles"][0].startswith("16 ")
    assert row["assessment"] == "not-implemented"
    followers = [r for r in data["recommendations"] if "p-civil-society" in r["follows_up"]]
    assert followers and sorted(r["number"] for r in followers) == row["followed_up_by"]
    coalition = data["recommendations"][0]
    assert (coalition["kind"], coalition["cycle"], coalition["session"]) == ("coalition", 4, 48)
    # a broken export is caught by the schema: the test would fail on a wrong field
    bad = dict(data, earlier_recommendations=[dict(row, response="accepted")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(bad)


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_of_an_imported_matrix_reimported_gives_the_same_previous_yaml(
        imported_upr: Path, tmp_path: Path, fmt: str) -> None:
    export(imported_upr, tmp_path / "out", fmt)
    exported = next((tmp_path / "out").glob({"csv": "*-previous-en.csv", "json": "*.json",
                                              "xlsx": "*.xlsx"}[fmt]))
    # into an empty folder: the same entries, ids and assessments included
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["import", "recommendations", str(exported), "--into",
                                 str(empty)])
    assert result.exit_code == 0, result.output
    assert "toolkit export" in result.output
    original = yaml.safe_load((imported_upr / "previous.yaml").read_text(encoding="utf-8"))
    again = yaml.safe_load((empty / "previous.yaml").read_text(encoding="utf-8"))
    for entry in original:
        entry.pop("theme", None)  # the hand-written single theme: not part of an import
        entry["text"] = " ".join(entry["text"].split())
    assert again == original
    # into the submission it came from: nothing changes, nothing is written
    before = (imported_upr / "previous.yaml").read_bytes()
    result = runner.invoke(app, ["import", "recommendations", str(exported), "--into",
                                 str(imported_upr)])
    assert result.exit_code == 0, result.output
    assert "0 new, 0 updated, 11 unchanged" in result.output
    assert (imported_upr / "previous.yaml").read_bytes() == before


def test_headers_are_in_the_build_language(tmp_path: Path) -> None:
    export(UPR, tmp_path, "csv", "ru")
    export(UPR, tmp_path, "xlsx", "ru")
    ru = column_headers(get_translator("ru"))
    with open(tmp_path / "kaz-upr-2024-previous-ru.csv", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    assert header == [ru[f] for f in FIELDS]
    book = openpyxl.load_workbook(tmp_path / "kaz-upr-2024-recommendations-ru.xlsx")
    assert [s.title for s in book.worksheets] == ["Рекомендации", "Ранее вынесенные рекомендации"]
    assert [c.value for c in book.worksheets[0][1]] == header
    # every header is translated, none left as the English msgid ("No." is "№")
    en = column_headers(get_translator("en"))
    for lang in ("ru", "kk"):
        translated = column_headers(get_translator(lang))
        assert all(translated[f] != en[f] for f in FIELDS), lang
        assert all(CYRILLIC.search(h) for f, h in translated.items() if f != "number"), lang
    assert len(set(ru.values())) == len(FIELDS)  # no two columns share a header


def test_russian_csv_export_is_read_back(tmp_path: Path) -> None:
    export(UPR, tmp_path / "out", "csv", "ru")
    folder = tmp_path / "into"
    folder.mkdir()
    result = runner.invoke(app, ["import", "recommendations",
                                 str(tmp_path / "out" / "kaz-upr-2024-previous-ru.csv"),
                                 "--into", str(folder)])
    assert result.exit_code == 0, result.output
    entries = {e["id"]: e for e in yaml.safe_load((folder / "previous.yaml").read_text("utf-8"))}
    assert len(entries) == 11
    # States come back as their English UN names (from the codes), not «Франция»
    assert entries["p-death-penalty"]["recommending_state"] == "France"
    assert entries["p-death-penalty"]["assessment"] == "implemented"


def test_the_coalitions_own_file_is_refused_with_a_pointer(tmp_path: Path) -> None:
    export(UPR, tmp_path / "out", "csv")
    folder = tmp_path / "into"
    folder.mkdir()
    source = tmp_path / "out" / "kaz-upr-2024-recommendations-en.csv"
    result = runner.invoke(app, ["import", "recommendations", str(source), "--into",
                                 str(folder)])
    assert result.exit_code == 1
    assert str(source) in result.output and "-previous-" in result.output
    assert not (folder / "previous.yaml").exists()


def test_every_field_is_documented() -> None:
    text = (Path(toolkit.__file__).parents[1] / "docs" / "export.md").read_text("utf-8")
    assert [f for f in FIELDS if f"| `{f}` |" not in text] == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_round_trip_of_a_4th_cycle_matrix_with_several_states_and_unmatched_names(
        tmp_path: Path, fmt: str) -> None:
    from tests.recommendation_fixtures import build_matrix
    from tests.test_import_matrix import _cycle4_rows

    made = runner.invoke(app, ["new", "kaz-upr", "--mechanism", "upr", "--state", "KAZ",
                               "--place", "Almaty", "--dir", str(tmp_path)])
    assert made.exit_code == 0, made.output
    folder = tmp_path / "kaz-upr"
    matrix = build_matrix(tmp_path / "m4.docx", "cycle4", _cycle4_rows())
    imported = runner.invoke(app, ["import", "recommendations", str(matrix), "--into",
                                   str(folder)])
    assert imported.exit_code == 0, imported.output
    export(folder, tmp_path / "out", fmt)
    exported = next((tmp_path / "out").glob("*-previous-en.csv" if fmt == "csv" else "*.json"))
    empty = tmp_path / "empty"
    empty.mkdir()
    again = runner.invoke(app, ["import", "recommendations", str(exported), "--into",
                                str(empty)])
    assert again.exit_code == 0, again.output
    original = yaml.safe_load((folder / "previous.yaml").read_text(encoding="utf-8"))
    got = yaml.safe_load((empty / "previous.yaml").read_text(encoding="utf-8"))
    assert [e["id"] for e in got] == [e["id"] for e in original]
    # the entries imported from the matrix come back exactly
    from_matrix = [e for e in original if e["document"] == "A/HRC/59/15"]
    assert len(from_matrix) == 3
    assert [e for e in got if e["document"] == "A/HRC/59/15"] == from_matrix
    # the scaffold's hand-written entries: a single `theme:` comes back as `themes: [it]`
    for mine, back in zip(original, got, strict=True):
        if "theme" in mine:
            assert back["themes"] == [mine["theme"]]
    by_paragraph = {e["paragraph"]: e for e in got}
    assert by_paragraph["140.7"]["recommending_state"] == ["Maldives", "Portugal"]
    assert by_paragraph["140.21"]["recommending_state"] == "Bolivia (Plurinational State of)"
    assert by_paragraph["140.88"]["themes"] == ["domestic-violence", "Some theme of 2025"]


@pytest.mark.parametrize("content", [
    b"{not json", b"[" * 200_000 + b"]" * 200_000, b'{"format": "other"}',
    b'{"format": "shadow-report-toolkit/recommendations-export", "earlier_recommendations": '
    b'[{"kind": "earlier", "text": "T.", "document": "A/HRC/1/1", "paragraph": "1.1", '
    b'"response": "accepted"}]}',
])
def test_a_broken_or_foreign_json_is_one_message_and_nothing_written(
        tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "export.json"
    source.write_bytes(content)
    folder = tmp_path / "into"
    folder.mkdir()
    result = runner.invoke(app, ["import", "recommendations", str(source), "--into",
                                 str(folder)])
    assert result.exit_code == 1
    assert str(source) in result.output and "Traceback" not in result.output
    assert not (folder / "previous.yaml").exists()


def test_treaty_body_export_is_valid_and_tells_the_reporting_cycle(tmp_path: Path) -> None:
    iccpr = UPR.parent / "kaz-iccpr-2016"
    export(iccpr, tmp_path, "json")
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    submission = yaml.safe_load((iccpr / "submission.yaml").read_text(encoding="utf-8"))
    coalition = data["recommendations"][0]
    assert coalition["session"] == submission["review"]["session"]
    assert coalition["cycle"] == int(submission["review"]["state_report"].rsplit("/", 1)[1])
    earlier = data["earlier_recommendations"][0]
    assert earlier["cycle"] == int(earlier["document"].rsplit("/", 1)[1])  # CO/1 → 1
    assert earlier["mechanism_name"] == "Human Rights Committee"


def test_format_toolkit_export_reads_the_xlsx_and_refuses_other_files(tmp_path: Path) -> None:
    export(UPR, tmp_path / "out", "xlsx")
    workbook = next((tmp_path / "out").glob("*.xlsx"))
    folder = tmp_path / "into"
    folder.mkdir()
    result = runner.invoke(app, ["import", "recommendations", str(workbook), "--into",
                                 str(folder), "--format", "toolkit-export"])
    assert result.exit_code == 0, result.output
    assert "toolkit export (XLSX), 11 recommendations" in result.output
    other = tmp_path / "other.csv"
    other.write_text("Recommendation,Paragraph\nRatify it.,1.1\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "recommendations", str(other), "--into",
                                 str(tmp_path), "--format", "toolkit-export"])
    assert result.exit_code == 1 and str(other) in result.output
    assert not (tmp_path / "previous.yaml").exists()
