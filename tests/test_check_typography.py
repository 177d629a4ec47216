"""``check`` warns, with file and line, about typography the build cannot normalise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ART7, FOLLOW_UP, PREVIOUS, ROOT, SOURCES
from toolkit.cli.main import app

runner = CliRunner()

RU_SUBMISSION = """\
title: Доклад
mechanism: ccpr
state: KAZ
review: {previous_outcome: CCPR/C/KAZ/CO/1}
date: 2016-05-15
place: Алматы
source_language: ru
languages: [ru]
coalition:
  - {id: kibhr, name: КМБПЧ}
"""
RU_SECTION = """\
id: art7
kind: article
articles: ["7"]
paragraphs:
  - id: p1
    text: Жалобы поступают регулярно.
  - id: p2
    text: Суд рассмотрел дело—но не вынес решения.
"""


def _check(root: Path) -> str:
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 0, result.output  # warnings only
    return result.output


def test_russian_dash_without_spaces_is_pointed_at(make_submission) -> None:
    root = make_submission({"submission.yaml": RU_SUBMISSION,
                            "sections/10-art7.yaml": RU_SECTION})
    output = _check(root)
    assert re.search(r"sections/10-art7\.yaml:7:\d+: .*дело—но", output), output
    assert "dash between two words without spaces" in output


def _english(make_submission, text: str) -> str:
    section = ART7.replace("Only 2% reached court.", text)
    root = make_submission({"sources.yaml": SOURCES, "previous.yaml": PREVIOUS,
                            "sections/10-follow-up.yaml": FOLLOW_UP,
                            "sections/20-art07.yaml": section})
    return _check(root)


def test_english_dashes_written_two_ways(make_submission) -> None:
    output = _english(make_submission, "Few—very few—reached court, and few - if any - won.")
    assert re.search(r"sections/20-art07\.yaml:\d+:\d+: .*written two ways", output), output
    clean = _english(make_submission, "Few—very few—reached court.")
    assert "two ways" not in clean


@pytest.mark.parametrize(("text", "warned"), [
    ("The «reform» changed nothing.", True),
    ("The „reform“ changed nothing.", True),
    ("The law «О защите прав» changed nothing.", False),  # a Russian title keeps «…»
])
def test_english_quotes_of_another_language(make_submission, text: str, warned: bool) -> None:
    output = _english(make_submission, text)
    assert ("quotation marks of another language" in output) is warned, output
    if warned:
        assert re.search(r"sections/20-art07\.yaml:\d+:\d+: ", output)


@pytest.mark.parametrize("example", ["kaz-iccpr-2016", "kaz-upr-2024"])
def test_examples_have_no_typography_warnings(example: str) -> None:
    output = _check(ROOT / "submissions" / example)
    assert "0 warnings" in output, output
