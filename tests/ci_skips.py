"""In CI (``CI=true``) a skipped test is a failure, unless the skip is explicitly allowed.

The README promises tests that read the output back with real readers: the ECMA-376 schema
validator in ../shared, pandoc, LibreOffice with its UNO bridge, pdftotext and msgfmt.
On a developer's machine without them those tests skip, with the reason; in CI a missing
reader must turn the run red, or a green CI would hide what it never ran.

A skip stays allowed in CI when the test carries ``@pytest.mark.skip_allowed("why")``, or
when its reason starts with one of ``ALLOWED_SKIP_REASONS`` (skips that are right on any
machine, e.g. a chmod-000 case when running as root).
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

# Reason prefixes of skips that are legitimate in CI, each with why.
ALLOWED_SKIP_REASONS: dict[str, str] = {
    "running as root: chmod 000": "root reads a file whatever its mode; CI runs as root",
    "this interpreter can import uno": "the test covers an interpreter without uno",
}


def in_ci() -> bool:
    """True when the environment says CI (GitHub Actions, GitLab, … set CI=true)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def skip_is_allowed(item: pytest.Item, reason: str) -> bool:
    if item.get_closest_marker("skip_allowed") is not None:
        return True
    return any(reason.startswith(prefix) for prefix in ALLOWED_SKIP_REASONS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "skip_allowed(why): a skip of this test is legitimate even in CI")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not (report.skipped and in_ci()) or hasattr(report, "wasxfail"):
        return
    reason = skip_reason(report)
    if skip_is_allowed(item, reason):
        return
    report.outcome = "failed"
    report.longrepr = (
        f"skipped in CI (CI=true), where nothing the README promises may be skipped: {reason}\n"
        "Install what it needs (.ci/run does), or, if the skip is right on every machine, "
        "mark the test @pytest.mark.skip_allowed(\"why\").")
