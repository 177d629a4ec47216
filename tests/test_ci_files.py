"""Collaboration where it happens: the CI files ``toolkit new`` writes (GitHub Actions,
GitLab CI) and the pre-commit hook the project ships. Each file is parsed as YAML, and
the toolkit commands in it are run on the new submission exactly as written."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import ROOT
from toolkit.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def new_submission(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new")
    result = runner.invoke(app, ["new", "kaz-cat-2026", "--mechanism", "cat", "--state", "KAZ",
                                 "--place", "Almaty", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    return folder / "kaz-cat-2026"


def run_toolkit_line(line: str, root: Path, variables: dict[str, str]) -> tuple[int, str]:
    """A shell line of a CI file ("toolkit check "$SUBMISSION"") run through the CLI, with
    the file's variables substituted and the build folder inside the submission."""
    words = shlex.split(line)
    assert words[0] == "toolkit", line
    args = []
    for word in words[1:]:
        for name, value in variables.items():
            word = word.replace(f"${name}", value)
        args.append(word)
    args = [str(root) if a == "." else a for a in args]
    if "--out" in args:
        args[args.index("--out") + 1] = str(root / args[args.index("--out") + 1])
    result = runner.invoke(app, args)
    return result.exit_code, result.output


def test_github_workflow_checks_reports_and_keeps_the_docx(new_submission: Path) -> None:
    workflow = yaml.safe_load((new_submission / ".github/workflows/toolkit.yml").read_text())
    assert set(workflow["jobs"]) == {"check", "build"}
    assert workflow["jobs"]["build"]["needs"] == "check"
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1: on = true
    assert "push" in triggers and "pull_request" in triggers
    variables = {k: str(v) for k, v in workflow["env"].items()}
    check_runs = [s["run"] for s in workflow["jobs"]["check"]["steps"] if "run" in s]
    assert check_runs[0].startswith("pip install")
    assert any(r.startswith("toolkit check ") for r in check_runs)
    assert any("toolkit i18n status" in r and "--fail-under" in r for r in check_runs)
    build_steps = workflow["jobs"]["build"]["steps"]
    upload = next(s for s in build_steps if s.get("uses", "").startswith(
        "actions/upload-artifact@"))
    assert upload["with"]["path"] == "build/*.docx"
    final = next(s for s in build_steps if "--require-final" in s.get("run", ""))
    assert "refs/tags/" in final["if"]
    for line in check_runs[1:] + [s["run"] for s in build_steps if "run" in s][1:]:
        code, output = run_toolkit_line(line, new_submission, variables)
        if "--require-final" in line:  # a new submission is all drafts: refused
            assert code == 1 and "is draft, not final" in output, output
        else:
            assert code == 0, (line, output)
    assert list((new_submission / "build").glob("kaz-cat-2026-*-draft.docx"))


def test_gitlab_ci_has_the_same_jobs(new_submission: Path) -> None:
    ci = yaml.safe_load((new_submission / ".gitlab-ci.yml").read_text())
    assert ci["stages"] == ["check", "build"]
    jobs = {name: job for name, job in ci.items() if isinstance(job, dict) and "script" in job}
    assert set(jobs) == {"check", "drafts", "final"}
    assert ci["default"]["before_script"][0].startswith("pip install")
    assert jobs["check"]["stage"] == "check"
    assert any(line.startswith("toolkit check ") for line in jobs["check"]["script"])
    assert any("--fail-under" in line for line in jobs["check"]["script"])
    for name in ("drafts", "final"):
        assert jobs[name]["stage"] == "build"
        assert jobs[name]["artifacts"]["paths"] == ["build/*.docx"]
    assert jobs["final"]["rules"] == [{"if": "$CI_COMMIT_TAG"}]
    variables = {k: str(v) for k, v in ci["variables"].items()}
    code, output = run_toolkit_line(jobs["check"]["script"][1], new_submission,
                                    {**variables, "TRANSLATED_AT_LEAST": "100"})
    assert code == 1 and "below --fail-under 100%" in output  # the gate really gates


def test_the_new_submission_still_checks_with_its_ci_files(new_submission: Path) -> None:
    result = runner.invoke(app, ["check", str(new_submission)])
    assert result.exit_code == 0, result.output


def test_pre_commit_hook_runs_toolkit_check() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["toolkit-check"]
    hook = hooks[0]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["name"] and hook["entry"] == "toolkit check"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert hook["entry"].split()[0] in scripts  # the console script pip installs
    pattern = re.compile(hook["files"])
    for path in ("submission.yaml", "sections/20-art07.yaml", "kaz/sections/10-intro.yml",
                 "locales/ru.po", "kaz/previous.yaml", "templates/wording.j2"):
        assert pattern.search(path), path
    for path in ("README.md", "build/kaz-en.docx", "sections/notes.txt"):
        assert not pattern.search(path), path
