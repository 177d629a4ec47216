"""``toolkit i18n status --by contributor``: whose findings still wait for translation,
measured on a real catalogue edited as a translator's tool would."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from tests.test_content_catalog import SMALL, set_msgstr
from toolkit.cli.main import app
from toolkit.i18n.merge import update_catalogue

runner = CliRunner()

SHARED = {**SMALL, "sections/20-b.yaml": SMALL["sections/20-b.yaml"].replace(
    "articles: [\"7\"]\n", "articles: [\"7\"]\n        contributors: [kibhr, adilsoz]\n")}


def _half_translated(make_submission) -> Path:
    root = make_submission(SHARED)
    update_catalogue(root, "ru")
    set_msgstr(root, "title", "Тестовое представление")
    set_msgstr(root, "a/one", "Раз два три четыре.[@rep]")
    set_msgstr(root, "b/three", "Десять одиннадцать.")
    set_msgstr(root, "a/two", "Пять шесть^[семь восемь] девять.", fuzzy=True)
    return root


def _counts(row: dict) -> tuple[int, ...]:
    return tuple(row[state][unit] for state in ("translated", "fuzzy", "untranslated")
                 for unit in ("entries", "words"))


def test_status_by_contributor_as_json(make_submission) -> None:
    root = _half_translated(make_submission)
    result = runner.invoke(app, ["i18n", "status", str(root), "--by", "contributor",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["by"] == "contributor" and list(report["languages"]) == ["ru"]
    rows = {row["group"]: row for row in report["languages"]["ru"]["rows"]}
    assert list(rows) == ["kibhr", "adilsoz", "(no contributor)"]
    # kibhr wrote section a (heading, one, two, rec) and, with adilsoz, section b (three)
    assert _counts(rows["kibhr"]) == (2, 6, 1, 5, 2, 6)
    assert _counts(rows["adilsoz"]) == (1, 2, 0, 0, 0, 0)
    # title, place, two coalition names, one source
    assert _counts(rows["(no contributor)"]) == (1, 2, 0, 0, 4, 12)
    assert rows["adilsoz"]["name"] == "Adil Soz"
    total = report["languages"]["ru"]["total"]  # b/three counted once
    assert _counts(total) == (3, 8, 1, 5, 6, 18)
    assert total["percent_words_translated"] == 25.8


def test_status_by_section_as_json_names_sections(make_submission) -> None:
    root = _half_translated(make_submission)
    result = runner.invoke(app, ["i18n", "status", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["group"]: row for row in json.loads(result.output)["languages"]["ru"]["rows"]}
    assert list(rows) == ["title", "place", "coalition", "a", "b", "source"]
    assert rows["a"]["name"] == "Opening words"
    assert _counts(rows["a"]) == (1, 4, 1, 5, 2, 6)


def test_status_by_contributor_table_and_fail_under(make_submission) -> None:
    root = _half_translated(make_submission)
    result = runner.invoke(app, ["i18n", "status", str(root), "--by", "contributor",
                                 "--fail-under", "20"])
    assert result.exit_code == 0, result.output
    assert re.search(r"kibhr\s+5\s+2\s+1\s+2\s+17\s+6\s+5\s+6\s+35\.3%", result.output), \
        result.output
    assert re.search(r"total\s+10\s+3\s+1\s+6\s+31\s+8\s+5\s+18\s+25\.8%", result.output)
    result = runner.invoke(app, ["i18n", "status", str(root), "--by", "contributor",
                                 "--format", "json", "--fail-under", "30"])
    assert result.exit_code == 1 and "below --fail-under 30%" in result.output


def test_status_wrong_breakdown_or_format_is_usage(make_submission) -> None:
    root = make_submission(SHARED)
    for args in (["--by", "author"], ["--format", "xml"]):
        result = runner.invoke(app, ["i18n", "status", str(root), *args])
        assert result.exit_code == 2, result.output


def test_a_translation_the_build_refuses_is_not_counted_as_translated(make_submission
                                                                       ) -> None:
    """A reviewed translation that lost its footnote (build refuses it) counts as needing
    work (fuzzy, 'refused'), so --fail-under 100 cannot pass while build would fail."""
    root = make_submission(SHARED)
    update_catalogue(root, "ru")
    set_msgstr(root, "title", "Тестовое представление")
    set_msgstr(root, "a/one", "Раз два три четыре.[@rep]")
    set_msgstr(root, "b/three", "Десять одиннадцать.")
    set_msgstr(root, "a/two", "Пять шесть семь восемь девять.")  # its footnote is lost
    result = runner.invoke(app, ["i18n", "status", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    total = json.loads(result.output)["languages"]["ru"]["total"]
    assert total["fuzzy"]["entries"] >= 1 and total["fuzzy"]["refused"] == 1
    table = runner.invoke(app, ["i18n", "status", str(root)])
    assert "a build refuses" in table.output
    gate = runner.invoke(app, ["i18n", "status", str(root), "--fail-under", "100"])
    assert gate.exit_code == 1
    build = runner.invoke(app, ["build", str(root), "--lang", "ru", "--out",
                                str(root.parent / "out")])
    assert build.exit_code == 1  # what status now agrees with
