"""The CI guard of tests/ci_skips.py, run on small test files of its own (pytester)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

TESTS = '''
import os, pytest

def test_needs_a_reader():
    pytest.skip("pandoc not installed")

@pytest.mark.skipif(True, reason="LibreOffice not installed")
def test_marked():
    pass

def test_root_case():
    pytest.skip("running as root: chmod 000 does not stop root")

@pytest.mark.skip_allowed("covers the case without the reader")
def test_allowed():
    pytest.skip("the reader is installed")

def test_runs():
    pass
'''


@pytest.fixture
def run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    def run(ci: str | None) -> pytest.RunResult:
        if ci is None:
            monkeypatch.delenv("CI", raising=False)
        else:
            monkeypatch.setenv("CI", ci)
        pytester.makepyfile(test_guarded=TESTS)
        return pytester.runpytest("-p", "tests.ci_skips", "-rs")

    return run


def test_in_ci_a_promised_reader_that_skips_fails(run) -> None:
    result = run("true")
    result.assert_outcomes(passed=1, skipped=2, failed=1, errors=1)
    result.stdout.fnmatch_lines(["*skipped in CI*pandoc not installed*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize("ci", [None, "false", ""])
def test_outside_ci_skips_stay_skips_with_their_reason(run, ci: str | None) -> None:
    result = run(ci)
    result.assert_outcomes(passed=1, skipped=4)
    result.stdout.fnmatch_lines(["*pandoc not installed*", "*LibreOffice not installed*"])
    assert result.ret == pytest.ExitCode.OK
