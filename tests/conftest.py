"""Shared fixtures: the bundled example, and small submissions written on the fly."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.ci_skips import pytest_configure, pytest_runtest_makereport  # noqa: F401  (hooks)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "submissions" / "kaz-iccpr-2016"

BASE_SUBMISSION = """\
title: Test submission
mechanism: ccpr
state: KAZ
submission_type: joint
review: {state_report: CCPR/C/KAZ/2, session: 117, previous_outcome: CCPR/C/KAZ/CO/1}
date: 2016-05-15
place: Almaty
source_language: en
languages: [en]
coalition:
  - {id: kibhr, name: Kazakhstan International Bureau for Human Rights, website: https://example.org}
  - {id: adilsoz, name: Adil Soz}
"""


# A small valid submission (on top of BASE_SUBMISSION) that tests break one thing in.
SOURCES = """\
kibhr-2015:
  citation: KIBHR, *Annual report* (2015)
  url: https://example.org/report
ombudsman:
  citation: Ombudsman, Annual report (2015)
"""

PREVIOUS = """\
- id: co1-11
  document: CCPR/C/KAZ/CO/1
  paragraph: 11
  text: The State party should investigate all allegations of torture.
  assessment: not-implemented
"""

FOLLOW_UP = """\
id: follow
kind: follow-up
heading: Follow-up
previous: [co1-11]
paragraphs:
  - id: status
    text: Nothing changed since @prev:co1-11 was made.[@ombudsman]
"""

ART7 = """\
id: art7
kind: article
articles: ["7"]
contributors: [kibhr]
paragraphs:
  - id: complaints
    text: >
      In 2015 prosecutors registered 700 complaints of torture.[@kibhr-2015, p. 4]
      Only 2% reached court.^[Figures from form 1-M.] See @rec:investigate and @sec:follow.
recommendations:
  - id: investigate
    text: Create an independent investigative body (see @para:complaints).
    follows_up: [co1-11]
"""


VALID_FILES = {
    "sources.yaml": SOURCES,
    "previous.yaml": PREVIOUS,
    "sections/10-follow-up.yaml": FOLLOW_UP,
    "sections/20-art07.yaml": ART7,
}


def write_submission(root: Path, files: dict[str, str]) -> Path:
    """Write a submission folder; ``files`` maps relative paths to (dedented) YAML text."""
    files = {"submission.yaml": BASE_SUBMISSION, **files}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "sections").mkdir(exist_ok=True)
    return root


@pytest.fixture
def make_submission(tmp_path: Path):
    def make(files: dict[str, str], name: str = "sub") -> Path:
        return write_submission(tmp_path / name, files)

    return make


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled example (tests may edit it)."""
    target = tmp_path / "kaz-iccpr-2016"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


def count_footnotes_in_markup(text: str) -> int:
    """Footnotes a text should produce: ``^[…]`` notes plus citations outside notes.

    Deliberately independent of toolkit.read.markup so that tests do not grade the parser
    with itself.
    """
    i = notes = depth = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if depth == 0 and text.startswith("^[", i):
            notes += 1
            depth = 1
            i += 2
            continue
        if depth == 0 and text.startswith("[@", i) and not re.match(
                r"\[@(?:rec|para|sec|prev|table):", text[i:]):  # a reference group
            notes += 1
        elif depth and char == "[":
            depth += 1
        elif depth and char == "]":
            depth -= 1
        i += 1
    return notes


def example_sections(root: Path = EXAMPLE) -> list[dict]:
    """The example's section files as plain data, in build order (intro, I, II, annexes)."""
    rank = {"introduction": 0, "follow-up": 1, "article": 2, "theme": 2, "annex": 3}
    sections = [yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in sorted((root / "sections").glob("*.yaml"))]
    return sorted(sections, key=lambda s: rank[s["kind"]])


@pytest.fixture
def untranslated_example(tmp_path: Path) -> Path:
    """A copy of the example without its translation catalogues."""
    target = tmp_path / "kaz-iccpr-2016"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build", "locales"))
    return target
