"""Mechanism rules (word limits, SMART phrasing, symbols) and the recommendations matrix."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import ROOT
from toolkit.check.smart import starts_with_action
from toolkit.cli.main import app
from toolkit.model.words import count_words
from toolkit.write.matrix import FIELDS

runner = CliRunner()
UPR = ROOT / "submissions" / "kaz-upr-2024"


@pytest.fixture
def upr_copy(tmp_path: Path) -> Path:
    target = tmp_path / "kaz-upr-2024"
    shutil.copytree(UPR, target, ignore=shutil.ignore_patterns("build"))
    return target


def _pad(root: Path, words: int) -> None:
    """Add a paragraph of ``words`` words to the introduction."""
    path = root / "sections" / "00-introduction.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["paragraphs"].append({"text": " ".join(["monitoring"] * words)})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_examples_within_limits() -> None:
    for root in (ROOT / "submissions" / "kaz-iccpr-2016", UPR):
        result = runner.invoke(app, ["check", str(root)])
        assert result.exit_code == 0, result.output
        assert "over the limit" not in result.output


def test_over_limit_is_an_error_of_check_not_of_build(upr_copy: Path, tmp_path: Path) -> None:
    _pad(upr_copy, 3000)
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "over the limit" in x)
    assert "of 5630 by" in line and "heaviest sections: Introduction" in line
    counted = int(line.split("] ")[1].split()[0])
    assert counted > 5630
    built = runner.invoke(app, ["build", str(upr_copy), "--lang", "en", "--out",
                                str(tmp_path / "o")])
    assert built.exit_code == 0, built.output
    assert "over the limit" in built.output and "built anyway" in built.output
    assert (tmp_path / "o" / "kaz-upr-2024-en.docx").exists()


def test_individual_submission_has_the_smaller_limit(upr_copy: Path) -> None:
    sub = upr_copy / "submission.yaml"
    sub.write_text(sub.read_text().replace("submission_type: joint",
                                           "submission_type: individual"))
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert result.exit_code == 1
    assert "over the limit of 2815" in result.output


def test_near_limit_warns_and_limits_override(upr_copy: Path) -> None:
    stats = runner.invoke(app, ["stats", str(upr_copy)]).output
    total = int(stats.split("words counted: ")[1].split()[0])
    sub = upr_copy / "submission.yaml"
    sub.write_text(sub.read_text() + f"limits: {{words: {int(total / 0.97)}}}\n")
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert result.exit_code == 0, result.output
    assert "within 5% of the limit" in result.output
    sub.write_text(sub.read_text().replace(f"words: {int(total / 0.97)}",
                                           f"words: {int(total / 0.97)}, footnotes_count: false"))
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert "within 5%" not in result.output


def test_stats_counts_footnotes_and_excludes_annexes() -> None:
    out = runner.invoke(app, ["stats", str(UPR)]).output
    out = out.split("\n[ru]")[0]  # the English block
    assert "(annex)" in out
    rows = [x for x in out.splitlines() if x.startswith("  ") and x.split()[-1] != "counted"
            and " — " not in x]  # not the lines of the limit's rules and sources
    assert any(x.rstrip().endswith("(annex)") and " 0  (annex)" in x for x in rows)
    total = int(out.split("words counted: ")[1].split()[0])
    counted = [int(x.split()[-1]) for x in rows if not x.rstrip().endswith("(annex)")]
    assert total == sum(counted)


def test_word_counting_and_smart_rule() -> None:
    assert count_words("The State's 2% rate — low-level, e.g. CCPR/C/KAZ/CO/1.") == 7
    assert starts_with_action("Repeal article 174 of the Criminal Code.", "en")
    assert not starts_with_action("The State should repeal article 174.", "en")
    assert starts_with_action("Отменить статью 174 Уголовного кодекса.", "ru")
    assert not starts_with_action("Государство должно отменить статью 174.", "ru")


def test_smart_warning_and_bad_symbols(upr_copy: Path) -> None:
    path = upr_copy / "sections" / "40-expression.yaml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["recommendations"][0]["text"] = "The Government should do better."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert "does not start with a verb ('The …')" in result.output
    assert result.exit_code == 0
    prev = upr_copy / "previous.yaml"
    prev.write_text(prev.read_text().replace("document: A/HRC/43/10", "document: A-HRC-43-10", 1))
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert "'A-HRC-43-10' is not a well-formed UN document symbol" in result.output
    assert result.exit_code == 0  # a warning, in check and build alike


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_matrix_exports(tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(app, ["export", "recommendations", str(UPR), "--format", fmt,
                                 "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    sections = [yaml.safe_load(p.read_text()) for p in sorted((UPR / "sections").glob("*.yaml"))]
    recs = [r for s in sections for r in s.get("recommendations", [])]
    previous = yaml.safe_load((UPR / "previous.yaml").read_text())
    by_id = {p["id"]: p for p in previous}
    if fmt == "xlsx":
        book = openpyxl.load_workbook(tmp_path / "kaz-upr-2024-recommendations-en.xlsx")
        sheet = book["Recommendations"]
        assert sheet.freeze_panes == "A2"
        assert sheet.cell(1, 1).font.bold
        assert sheet.cell(2, 3).alignment.wrap_text
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        prev_rows = list(book["Earlier recommendations"].iter_rows(min_row=2, values_only=True))
    elif fmt == "csv":
        with open(tmp_path / "kaz-upr-2024-recommendations-en.csv", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))[1:]
        with open(tmp_path / "kaz-upr-2024-previous-en.csv", encoding="utf-8-sig") as f:
            prev_rows = list(csv.reader(f))[1:]
    else:
        data = json.loads((tmp_path / "kaz-upr-2024-recommendations-en.json").read_text())
        rows = [[r[f] for f in FIELDS] for r in data["recommendations"]]
        prev_rows = [list(r.values()) for r in data["earlier_recommendations"]]
    number, text = FIELDS.index("number"), FIELDS.index("text")
    follows = FIELDS.index("follows_up_refs")
    assert len(rows) == len(recs)
    assert [int(r[number]) for r in rows] == list(range(1, len(recs) + 1))
    assert rows[1][text] == " ".join(recs[1]["text"].split())
    for row, rec in zip(rows, recs, strict=True):
        for prev_id in rec.get("follows_up", []):
            p = by_id[prev_id]
            ref = f"{p['document']}, para.\u00a0{p['paragraph']} ({p['recommending_state']})"
            assert ref in (row[follows] if isinstance(row[follows], list) else [row[follows]]) \
                or ref in str(row[follows])
    assert len(prev_rows) == len(previous)


def test_own_themes_beside_the_submission(upr_copy: Path) -> None:
    path = upr_copy / "sections" / "40-expression.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["themes"] = ["land-rights"]
    data["heading"] = None
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert result.exit_code == 1 and "unknown theme 'land-rights'" in result.output
    (upr_copy / "themes.yaml").write_text("land-rights: Land rights and evictions\n")
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert "unknown theme" not in result.output
    out = upr_copy / "out"
    result = runner.invoke(app, ["build", str(upr_copy), "--lang", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    from tests.docx_inspect import read_docx

    headings = [p.text for p in read_docx(out / "kaz-upr-2024-en.docx").styled("Heading2")]
    assert "Land rights and evictions" in headings
