"""`toolkit import recommendations` on OHCHR UPR matrices of the 2nd, 3rd and 4th cycles,
and the acceptance case: the UPR example's previous.yaml rebuilt from its own matrix."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from tests.recommendation_fixtures import (
    EXAMPLE_PREVIOUS,
    KAZ_MATRIX,
    MatrixRow,
    build_matrix,
)
from toolkit.cli.main import app

runner = CliRunner()
PEACE = "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"


def run_import(*args: str) -> object:
    return runner.invoke(app, ["import", "recommendations", *map(str, args)])


def entries(folder: Path) -> list[dict]:
    return yaml.safe_load((folder / "previous.yaml").read_text(encoding="utf-8"))


def by_paragraph(folder: Path) -> dict[str, dict]:
    return {e["paragraph"]: e for e in entries(folder)}


def test_example_previous_rebuilt_from_its_3rd_cycle_matrix(tmp_path: Path) -> None:
    result = run_import(KAZ_MATRIX, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    expected = yaml.safe_load(EXAMPLE_PREVIOUS.read_text(encoding="utf-8"))
    got = entries(tmp_path)
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        assert have["document"] == want["document"]
        assert have["paragraph"] == want["paragraph"]
        assert " ".join(have["text"].split()) == " ".join(want["text"].split())
        assert have["recommending_state"] == want["recommending_state"]
        assert have["response"] == want["response"]
        assert have["themes"] == [want["theme"]]
        # every field the import owns is exactly what the example holds: the example's
        # previous.yaml is this import plus the coalition's ids and assessments
        for name in ("text", "recommending_state", "response", "response_source", "themes",
                     "groups", "sdg", "follow_up_priority"):
            got_value, want_value = have.get(name), want.get(name)
            if name == "text":  # folded (>) in the example, plain from the import
                got_value, want_value = " ".join(got_value.split()), " ".join(want_value.split())
            assert got_value == want_value, (want["id"], name)
        assert have["assessment"] == "no-information"
    assert by_paragraph(tmp_path)["136.12"]["response_source"] == "A/HRC/43/10/Add.1, para. 3"
    assert by_paragraph(tmp_path)["136.47"]["response_source"] == "A/HRC/43/10, para. 136"


def test_import_into_the_example_keeps_ids_assessments_and_comments(tmp_path: Path) -> None:
    folder = tmp_path / "upr"
    shutil.copytree(EXAMPLE_PREVIOUS.parent, folder)
    before = (folder / "previous.yaml").read_text(encoding="utf-8")
    result = run_import(KAZ_MATRIX, "--into", folder)
    assert result.exit_code == 0, result.output
    after = (folder / "previous.yaml").read_text(encoding="utf-8")
    # the example was rebuilt by this very import: nothing to add or update, nothing written
    assert "0 new, 0 updated, 11 unchanged" in result.output
    assert after == before
    assert not (folder / "previous.yaml.bak").exists()
    old = {e["id"]: e for e in yaml.safe_load(before)}
    for entry in entries(folder):
        assert entry["assessment"] == old[entry["id"]]["assessment"]
        assert entry["text"] == old[entry["id"]]["text"]
    check = runner.invoke(app, ["check", str(folder)])
    assert check.exit_code == 0, check.output
    # importing again changes nothing, byte for byte
    again = run_import(KAZ_MATRIX, "--into", folder)
    assert again.exit_code == 0 and "0 new, 0 updated, 11 unchanged" in again.output
    assert (folder / "previous.yaml").read_text(encoding="utf-8") == after


def test_changed_text_updates_the_entry_in_place_and_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "upr"
    shutil.copytree(EXAMPLE_PREVIOUS.parent, folder)
    path = folder / "previous.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("in particular its independence and resources.",
                                 "in particular its independence.")
                    .replace("recommending_state: Czechia", "recommending_state: Czech Rep."),
                    encoding="utf-8")
    result = run_import(KAZ_MATRIX, "--into", folder)
    assert result.exit_code == 0, result.output
    assert "updated p-nhri: text, recommending_state" in result.output
    entry = {e["id"]: e for e in entries(folder)}["p-nhri"]
    assert entry["recommending_state"] == "Czechia"
    assert entry["text"].endswith("in particular its independence and resources.")
    assert [e["id"] for e in entries(folder)] == [e["id"] for e in yaml.safe_load(text)]


def _cycle4_rows() -> list[tuple[str, list[MatrixRow]]]:
    return [
        ("Acceptance of international norms", [
            MatrixRow("140.7", [("Ratify the Optional Protocol to the Convention against "
                                 "Torture (OP-CAT) without delay", "(Maldives) (Portugal)")],
                      "A/HRC/59/15/Add.1 - Para.3", "Supported",
                      themes=["Acceptance of international norms"],
                      sdgs=[PEACE]),
        ]),
        ("Death penalty", [
            MatrixRow("140.21", [("Abolish the death penalty for all crimes",
                                  "(Bolivia (Plurinational State of))")],
                      "A/HRC/59/15/Add.1 - Para.5", "Noted",
                      themes=["Death penalty", "Right to life"], groups=["General"],
                      sdgs=[PEACE], soft_breaks=False),
        ]),
        ("Women's rights", [
            MatrixRow("140.88", [("Adopt a law on domestic violence that criminalises it as "
                                  "a separate offence", "(Iceland)")],
                      "A/HRC/59/15/Add.1 - Para.3", "Supported",
                      themes=["Domestic violence", "Some theme of 2025"],
                      groups=["Women & girls", "Persons with disabilities"],
                      sdgs=["5 - GENDER EQUALITY", PEACE]),
        ]),
    ]


def test_cycle4_layout(tmp_path: Path) -> None:
    matrix = build_matrix(tmp_path / "m4.docx", "cycle4", _cycle4_rows())
    result = run_import(matrix, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    recs = by_paragraph(tmp_path)
    assert recs["140.7"]["recommending_state"] == ["Maldives", "Portugal"]
    assert recs["140.7"]["text"] == ("Ratify the Optional Protocol to the Convention against "
                                     "Torture (OP-CAT) without delay.")
    assert recs["140.7"]["document"] == "A/HRC/59/15"
    assert recs["140.7"]["response_source"] == "A/HRC/59/15/Add.1, para. 3"
    assert recs["140.7"]["themes"] == ["international-instruments"]
    assert recs["140.7"]["sdg"] == ["16"]
    assert recs["140.21"]["recommending_state"] == "Bolivia (Plurinational State of)"
    assert recs["140.21"]["response"] == "noted"
    assert recs["140.21"]["themes"] == ["death-penalty", "right-to-life"]
    assert recs["140.21"]["groups"] == ["general"]
    assert recs["140.88"]["themes"] == ["domestic-violence", "Some theme of 2025"]
    assert recs["140.88"]["groups"] == ["women", "persons-with-disabilities"]
    assert recs["140.88"]["sdg"] == ["5", "16"]
    assert "Some theme of 2025" in result.output  # what could not be matched is said
    check = runner.invoke(app, ["schema", "--out", str(tmp_path / "schema")])
    assert check.exit_code == 0


def test_cycle3_merged_recommendations_of_one_number(tmp_path: Path) -> None:
    rows = [("", [
        MatrixRow("121.2", [("Complete the ratification of the Convention on the Rights of "
                             "Persons with Disabilities' Optional Protocol", "(Ukraine)"),
                            ("Increase efforts to ratify the Optional Protocol", "(Slovakia)")],
                  "A/HRC/43/15 - Para 121", "Supported",
                  themes=["Acceptance of international norms", "Persons with disabilities"],
                  groups=["Persons with disabilities"], sdgs=["10 - REDUCED INEQUALITIES"]),
        MatrixRow("121.3", [("Consider ratifying the Convention (ILO No. 189); and "
                             "implement it", "(Philippines)")],
                  "A/HRC/43/15/Add.1 - Para 4", "Noted",
                  themes=["Labour rights"], groups=["Domestic workers"]),
    ])]
    matrix = build_matrix(tmp_path / "m3.docx", "cycle3", rows)
    result = run_import(matrix, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    recs = by_paragraph(tmp_path)
    assert recs["121.2"]["recommending_state"] == ["Ukraine", "Slovakia"]
    assert recs["121.2"]["text"].startswith("Complete the ratification")
    assert "; Increase efforts to ratify the Optional Protocol." in recs["121.2"]["text"]
    assert recs["121.2"]["sdg"] == ["10"]
    assert recs["121.2"]["document"] == "A/HRC/43/15"
    assert recs["121.3"]["text"] == ("Consider ratifying the Convention (ILO No. 189); and "
                                     "implement it.")
    assert recs["121.3"]["recommending_state"] == "Philippines"
    assert "share this number" in result.output


def test_cycle2_codes_and_several_states_in_one_bracket(tmp_path: Path) -> None:
    rows = [("A12 Acceptance of international norms", [
        MatrixRow("128.3", [("Ratify the International Convention on the Protection of the "
                             "Rights of All Migrant Workers", "(Portugal, Slovakia)")],
                  "A/HRC/28/15/Add.1 - Para. 3", "Noted",
                  themes=["A12 Acceptance of international norms", "G4 Migrants"],
                  groups=["migrants"]),
    ])]
    matrix = build_matrix(tmp_path / "m2.docx", "cycle2", rows)
    result = run_import(matrix, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    rec = by_paragraph(tmp_path)["128.3"]
    assert rec["recommending_state"] == ["Portugal", "Slovakia"]
    assert rec["document"] == "A/HRC/28/15"
    assert rec["response_source"] == "A/HRC/28/15/Add.1, para. 3"
    assert rec["themes"] == ["international-instruments", "migrants"]
    assert rec["groups"] == ["migrants"]
    assert "sdg" not in rec


def test_a_second_matrix_appends_after_the_users_lines(tmp_path: Path) -> None:
    matrix = build_matrix(tmp_path / "m4.docx", "cycle4", _cycle4_rows())
    own = "# our notes\n- id: mine\n  document: A/HRC/59/15\n  paragraph: '140.1'\n" \
          "  text: Something.\n  assessment: implemented  # checked by KIBHR\n"
    (tmp_path / "previous.yaml").write_text(own, encoding="utf-8")
    assert run_import(matrix, "--into", tmp_path).exit_code == 0
    text = (tmp_path / "previous.yaml").read_text(encoding="utf-8")
    assert text.startswith(own)
    assert [e["id"] for e in entries(tmp_path)] == ["mine", "r140.7", "r140.21", "r140.88"]


def test_new_ids_never_collide_with_the_users(tmp_path: Path) -> None:
    matrix = build_matrix(tmp_path / "m4.docx", "cycle4", _cycle4_rows())
    (tmp_path / "previous.yaml").write_text(
        "- id: r140.7\n  document: CCPR/C/KAZ/CO/2\n  paragraph: '140.7'\n  text: Other.\n"
        "  assessment: implemented\n", encoding="utf-8")
    assert run_import(matrix, "--into", tmp_path).exit_code == 0
    ids = [e["id"] for e in entries(tmp_path)]
    assert len(ids) == len(set(ids)) == 4
    assert "a-hrc-59-15-140.7" in ids


def test_previous_ref_names_several_states() -> None:
    from toolkit.i18n.messages import get_translator
    from toolkit.model.mechanisms import load_mechanism
    from toolkit.transform.labels import Labels

    upr = load_mechanism("upr")
    en = Labels(get_translator("en"), upr)
    assert en.previous_ref("A/HRC/59/15", "140.7", ["Maldives", "Portugal"]) == \
        "A/HRC/59/15, para.\u00a0140.7 (Maldives, Portugal)"
    assert en.previous_ref("A/HRC/59/15", "140.7", "Maldives") == \
        "A/HRC/59/15, para.\u00a0140.7 (Maldives)"
    ru = Labels(get_translator("ru"), upr)
    assert ru.previous_ref("A/HRC/59/15", "140.7", ["Maldives", "Portugal"]).endswith(
        "(Мальдивские Острова, Португалия)")  # UN Russian short names


@pytest.mark.parametrize("make", ["other-table", "no-table", "not-docx", "broken-zip"])
def test_bad_matrix_input_is_one_message_exit_1_nothing_written(tmp_path: Path,
                                                                 make: str) -> None:
    path = tmp_path / "in.docx"
    if make == "other-table":
        document = docx.Document()
        table = document.add_table(rows=2, cols=3)
        for cell, text in zip(table.rows[0].cells, ["Recommendation", "Status", "Notes"],
                              strict=True):
            cell.text = text
        document.save(str(path))
    elif make == "no-table":
        document = docx.Document()
        document.add_paragraph("Nothing to see.")
        document.save(str(path))
    elif make == "not-docx":
        path.write_text("plain words", encoding="utf-8")
    else:
        path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    result = run_import(path, "--into", tmp_path, "--format", "upr-matrix")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert str(path) in result.output
    assert not (tmp_path / "previous.yaml").exists()


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run_import(KAZ_MATRIX, "--into", tmp_path, "--format", "pdf")
    assert result.exit_code == 2
    assert not (tmp_path / "previous.yaml").exists()


def test_broken_previous_yaml_is_not_touched(tmp_path: Path) -> None:
    (tmp_path / "previous.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    result = run_import(KAZ_MATRIX, "--into", tmp_path)
    assert result.exit_code == 1
    assert "previous.yaml:" in result.output
    assert (tmp_path / "previous.yaml").read_text(encoding="utf-8") == "- id: [unclosed\n"
    assert not (tmp_path / "previous.yaml.bak").exists()


def test_title_rows_before_the_header_and_a_table_split_in_two(tmp_path: Path) -> None:
    matrix = build_matrix(tmp_path / "m4.docx", "cycle4", _cycle4_rows()[:1])
    document = docx.Document(str(matrix))
    table = document.tables[0]
    title = table.rows[0]._tr
    extra = docx.Document().add_table(rows=1, cols=4)._tbl.tr_lst[0]
    title.addprevious(extra)  # a title row above the header, as some files have
    document.tables[0].rows[0].cells[0].text = "UPR of Kazakhstan – 4th cycle"
    document.add_paragraph("")
    second = document.add_table(rows=1, cols=4)  # the rest of the table, no header
    cells = second.rows[0].cells
    cells[0].text = "140.9 Adopt a national action plan on business and human rights " \
                    "(Kenya);\nSource of Position: A/HRC/59/15/Add.1 - Para.3"
    cells[1].text = "Supported"
    cells[2].text = "- Business and human rights"
    cells[3].text = "- 8 - DECENT WORK AND ECONOMIC GROWTH"
    document.save(str(matrix))
    result = run_import(matrix, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    recs = by_paragraph(tmp_path)
    assert set(recs) == {"140.7", "140.9"}
    assert recs["140.9"]["themes"] == ["business-human-rights"]
    assert recs["140.9"]["sdg"] == ["8"]


@pytest.mark.parametrize("existing", [
    "# ours\n[]\n",
    "# ours\n[{id: mine, document: A/HRC/59/15, paragraph: '140.7', text: Old.,\n"
    "  assessment: implemented}]\n",
])
def test_flow_style_previous_yaml_is_rewritten_as_valid_yaml(tmp_path: Path,
                                                             existing: str) -> None:
    matrix = build_matrix(tmp_path / "m4.docx", "cycle4", _cycle4_rows())
    (tmp_path / "previous.yaml").write_text(existing, encoding="utf-8")
    result = run_import(matrix, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "previous.yaml").read_text(encoding="utf-8")
    assert text.startswith("# ours\n")
    got = {e["paragraph"]: e for e in yaml.safe_load(text)}
    assert set(got) == {"140.7", "140.21", "140.88"}
    if "mine" in existing:
        assert got["140.7"]["id"] == "mine" and got["140.7"]["assessment"] == "implemented"
    assert (tmp_path / "previous.yaml.bak").read_text(encoding="utf-8") == existing


def test_several_recommending_states_are_named_in_the_built_report(tmp_path: Path) -> None:
    from tests.docx_inspect import read_docx

    folder = tmp_path / "upr"
    shutil.copytree(EXAMPLE_PREVIOUS.parent, folder, ignore=shutil.ignore_patterns("build"))
    path = folder / "previous.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "recommending_state: Czechia", "recommending_state: [Czechia, Portugal]"),
        encoding="utf-8")
    result = runner.invoke(app, ["build", str(folder), "--lang", "en"])
    assert result.exit_code == 0, result.output
    built = read_docx(next((folder / "build").glob("*-en.docx")))
    texts = [p.text for p in built.paragraphs()] + \
        [cell for table in built.tables() for row in table for cell in row]
    assert any("A/HRC/43/10, para.\u00a0136.47 (Czechia, Portugal)" in t for t in texts)
    assert not any("['Czechia'" in t for t in texts)


def test_an_odd_row_is_reported_and_skipped(tmp_path: Path) -> None:
    matrix = build_matrix(tmp_path / "m4.docx", "cycle4", _cycle4_rows())
    document = docx.Document(str(matrix))
    row = document.tables[0].add_row()
    row.cells[1].merge(row.cells[2]).text = "see annex"
    row.cells[0].text = "Note by the secretariat"
    document.save(str(matrix))
    result = run_import(matrix, "--into", tmp_path)
    assert result.exit_code == 0, result.output
    assert "skipped (3 cells instead of 4)" in result.output
    assert len(by_paragraph(tmp_path)) == 3
