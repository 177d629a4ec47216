"""YAML syntax errors are reported at the line where the mistake was made, with the fix.

Each case breaks one thing in a copy of a real section file of the bundled example (long
``text: >`` blocks, quoted texts over several lines) and states the line and column the
user must be sent to: the place of the mistake, not where the parser gave up.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE
from toolkit.cli.main import app

runner = CliRunner()


@dataclass(frozen=True)
class Mistake:
    name: str
    file: str
    old: str
    new: str
    marker: str  # the text the reported column points at; its line is the expected line
    message: str


MISTAKES = [
    Mistake("missing colon after a paragraph id", "30-art07.yaml",
            "  - id: investigating-agency", "  - id investigating-agency",
            "investigating-agency", "missing ':' after 'id': write 'id: investigating-agency'"),
    Mistake("missing colon before a folded block", "30-art07.yaml",
            "  - id: investigating-agency\n    text: >", "  - id: investigating-agency\n"
            "    text >", "text >\n", "missing ':' after 'text': write 'text: >'"),
    Mistake("missing colon after a top-level key", "30-art07.yaml",
            "contributors: [kibhr", "contributors [kibhr", "contributors [kibhr",
            "missing ':' after 'contributors'"),
    Mistake("missing colon after paragraphs", "00-introduction.yaml",
            "paragraphs:\n", "paragraphs\n", "paragraphs\n", "missing ':' after 'paragraphs'"),
    Mistake("unclosed quote in a heading", "90-annex-cases.yaml",
            "heading: Methodology and cases referred to",
            'heading: "Methodology and cases referred to', '"Methodology',
            'the quote " opened here is never closed'),
    Mistake("unclosed quote in a quoted multi-line text", "30-art07.yaml",
            "    text: >\n      Torture cases are still investigated by",
            '    text: "Torture cases are still investigated by', '"Torture cases',
            'the quote " opened here is never closed'),
    Mistake("colon inside plain text", "90-annex-cases.yaml",
            "heading: Methodology and cases referred to",
            "heading: Annex: methodology and cases referred to", ": methodology",
            "write the text as a block ('text: >'"),
    Mistake("colon inside a plain text over several lines", "30-art07.yaml",
            "    text: >\n      Torture cases are still investigated by the internal affairs "
            "bodies or the financial\n      police,",
            "    text: Torture cases are still investigated by the internal affairs bodies or "
            "the financial\n      police: ", ":  as long", "or put it in double quotes"),
]


def _break(tmp_path: Path, mistake: Mistake) -> tuple[Path, int, int]:
    root = tmp_path / "sub"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    path = root / "sections" / mistake.file
    text = path.read_text(encoding="utf-8")
    assert text.count(mistake.old) == 1, mistake.old
    text = text.replace(mistake.old, mistake.new)
    path.write_text(text, encoding="utf-8")
    at = text.index(mistake.marker, text.index(mistake.new))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return root, line, column


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_reported_where_the_mistake_is(tmp_path: Path, mistake: Mistake) -> None:
    root, line, column = _break(tmp_path, mistake)
    result = runner.invoke(app, ["check", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1, result.output
    errors = [o for o in result.output.splitlines() if ": " in o and "sections/" in o]
    assert len(errors) == 1, result.output
    assert f"sections/{mistake.file}:{line}:" in errors[0], result.output
    if mistake.marker not in ("paragraphs\n",):  # a missing ':' is pointed at after the key
        assert (f"sections/{mistake.file}:{line}:{column}:" in errors[0]
                or "missing ':'" in errors[0]), result.output
    assert mistake.message in errors[0], result.output


@pytest.mark.parametrize("mistake", MISTAKES[:1] + MISTAKES[4:5], ids=["colon", "quote"])
def test_build_writes_nothing(tmp_path: Path, mistake: Mistake) -> None:
    root, _line, _column = _break(tmp_path, mistake)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(root), "--lang", "en", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("style, text, line, column", [
    ("folded", "text: >\n      One two three\n      four ^[five six", 6, 12),
    ("folded, keep", "text: >-\n      One two three\n      four ^[five six", 6, 12),
    ("literal", "text: |\n      One two\n      three ^[five", 6, 13),
    ("plain", "text: One two three\n      four ^[five six", 5, 12),
    ("quoted", 'text: "One two three\n      four ^[five six"', 5, 12),
    ("single line", "text: One two ^[three", 4, 19),
])
def test_unclosed_footnote_is_reported_where_it_starts(
        tmp_path: Path, style: str, text: str, line: int, column: int) -> None:
    root = tmp_path / "sub"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    (root / "sections" / "95-extra.yaml").write_text(
        f"id: extra\nkind: annex\nparagraphs:\n  - {text}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1, result.output
    assert f"sections/95-extra.yaml:{line}:{column}: unterminated footnote" in result.output


@pytest.mark.parametrize("text, warned", [
    ("text: Torture is the #1 problem", True),
    ("text: 'Torture is the #1 problem'", False),
    ("text: >\n      Torture is the #1 problem", False),
    ("text: Torture is the problem#1", False),  # '#' inside a word is text
])
def test_comment_that_cuts_a_text_is_warned(tmp_path: Path, text: str, warned: bool) -> None:
    root = tmp_path / "sub"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    (root / "sections" / "95-extra.yaml").write_text(
        f"id: extra\nkind: annex\nheading: null  # the toolkit's title\nparagraphs:\n"
        f"  - {text}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 0, result.output
    column = len("  - text: Torture is the ") + 1
    warning = f"sections/95-extra.yaml:5:{column}: warning: ' #' starts a YAML comment"
    assert (warning in result.output) is warned, result.output
    assert "95-extra.yaml:3" not in result.output  # a comment after a non-text is fine
