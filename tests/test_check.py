"""`toolkit check`: every error kind is reported with its file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE, PREVIOUS, VALID_FILES
from toolkit.cli.main import app

runner = CliRunner()

def valid_files() -> dict[str, str]:
    return dict(VALID_FILES)


def run_check(root: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}"
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_valid_submission_passes(make_submission) -> None:
    code, out = run_check(make_submission(valid_files()))
    assert code == 0, out
    assert "0 errors, 0 warnings" in out


def test_bundled_example_passes() -> None:
    code, out = run_check(EXAMPLE)
    assert code == 0, out
    assert "0 errors, 0 warnings" in out


# (description, file to change, old text, new text, expected file:line, expected message part)
CASES = [
    ("yaml syntax", "sections/20-art07.yaml", 'articles: ["7"]', 'articles: ["7"',
     "sections/20-art07.yaml:4", "invalid YAML"),
    ("tab indentation", "sections/20-art07.yaml", "  - id: complaints", "\t- id: complaints",
     "sections/20-art07.yaml:6", "tabs"),
    ("duplicate key", "sections/20-art07.yaml", "kind: article", "kind: article\nkind: theme",
     "sections/20-art07.yaml:3", "duplicate key 'kind'"),
    ("unknown field", "sections/20-art07.yaml", "contributors:", "contributers:",
     "sections/20-art07.yaml:4", "did you mean 'contributors'"),
    ("missing field", "previous.yaml", "  assessment: not-implemented\n", "",
     "previous.yaml:1", "missing required field 'assessment'"),
    ("wrong type", "sections/20-art07.yaml", "follows_up: [co1-11]", "follows_up: 5",
     "sections/20-art07.yaml:13", "follows_up"),
    ("bad value", "previous.yaml", "not-implemented", "done",
     "previous.yaml:5", "assessment"),
    ("duplicate paragraph id", "sections/10-follow-up.yaml", "id: status", "id: complaints",
     "sections/", "duplicate paragraph id 'complaints'"),
    ("dangling rec", "sections/20-art07.yaml", "@rec:investigate", "@rec:investigation",
     "sections/20-art07.yaml:9", "@rec:investigation points nowhere"),
    ("dangling para", "sections/20-art07.yaml", "@para:complaints", "@para:complaint",
     "sections/20-art07.yaml:12", "@para:complaint points nowhere"),
    ("dangling sec", "sections/20-art07.yaml", "@sec:follow", "@sec:art9",
     "sections/20-art07.yaml:9", "@sec:art9 points nowhere"),
    ("dangling prev", "sections/10-follow-up.yaml", "@prev:co1-11", "@prev:co1-12",
     "sections/10-follow-up.yaml:7", "@prev:co1-12 points nowhere"),
    ("unknown citation", "sections/20-art07.yaml", "[@kibhr-2015, p. 4]", "[@kibhr-2016, p. 4]",
     "sections/20-art07.yaml:8", "citation [@kibhr-2016] has no entry in sources.yaml"),
    ("unknown contributor", "sections/20-art07.yaml", "contributors: [kibhr]",
     "contributors: [kibhr, iphr]", "sections/20-art07.yaml:4", "contributor 'iphr'"),
    ("follows_up nowhere", "sections/20-art07.yaml", "follows_up: [co1-11]",
     "follows_up: [co1-11, co1-99]", "sections/20-art07.yaml:13", "follows_up 'co1-99'"),
    ("unterminated note", "sections/20-art07.yaml", "^[Figures from form 1-M.]",
     "^[Figures from form 1-M.", "sections/20-art07.yaml:9", "unterminated footnote"),
    ("unterminated bold", "sections/20-art07.yaml", "Only 2%", "Only **2%",
     "sections/20-art07.yaml:9", "unterminated **bold**"),
    ("unknown article", "sections/20-art07.yaml", 'articles: ["7"]', 'articles: ["7", "64"]',
     "sections/20-art07.yaml:3", "article '64' does not exist"),
    ("illegal character", "sections/20-art07.yaml", "Only 2%", "Only \\u000b2%",
     "sections/20-art07.yaml:", "not allowed"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_error_kinds(make_submission, case) -> None:
    _, name, old, new, where, message = case
    files = valid_files()
    assert old in files[name], f"fixture text {old!r} not found"
    files[name] = files[name].replace(old, new, 1)
    if "\\u000b" in new:  # a vertical tab inside a double-quoted YAML string
        files[name] = files[name].replace("text: >\n      In 2015", 'text: "In 2015').replace(
            "See @rec:investigate and @sec:follow.", 'See @rec:investigate and @sec:follow."')
    code, out = run_check(make_submission(files))
    assert code == 1, out
    error_lines = [line for line in out.splitlines() if message in line]
    assert error_lines, out
    assert any(line.startswith(where) or f"/{where}" in line for line in error_lines), out


def test_all_errors_reported_not_just_first(make_submission) -> None:
    files = valid_files()
    files["sections/20-art07.yaml"] = files["sections/20-art07.yaml"].replace(
        "@rec:investigate", "@rec:nothing").replace("contributors: [kibhr]",
                                                    "contributors: [nobody]")
    files["sections/10-follow-up.yaml"] = files["sections/10-follow-up.yaml"].replace(
        "@prev:co1-11", "@prev:zzz")
    code, out = run_check(make_submission(files))
    assert code == 1
    assert "@rec:nothing" in out and "'nobody'" in out and "@prev:zzz" in out
    assert "3 errors" in out


def test_warnings_are_separate(make_submission) -> None:
    files = valid_files()
    files["previous.yaml"] += PREVIOUS.replace("co1-11", "co1-12").replace("11", "12")
    files["sources.yaml"] += "unused:\n  citation: Never cited\n"
    code, out = run_check(make_submission(files))
    assert code == 0, out
    assert "warning: earlier recommendation 'co1-12' is not discussed" in out
    assert "warning: source 'unused' is never cited" in out
    assert "0 errors, 2 warnings" in out


def test_missing_submission_yaml(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out = run_check(tmp_path / "empty")
    assert code == 1
    assert "submission.yaml is missing" in out
