"""What the user typed is what the document shows: no YAML 1.1 guessing of types.

YAML 1.1 (PyYAML's default) reads ``136.10`` as the number 136.1, ``010`` as octal 8,
``1:30`` as 90 (base 60), ``yes``/``on`` as true and ``null:`` as no key at all. The reader
keeps every scalar as the text written; the schema types whole numbers, dates and
true/false where a field means one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import BASE_SUBMISSION, VALID_FILES, write_submission
from tests.docx_inspect import read_docx
from toolkit.cli.main import app
from toolkit.read.submission import read_submission
from toolkit.transform.labels import Labels

runner = CliRunner()
EXTRA = "sections/30-extra.yaml"


def _read(tmp_path: Path, files: dict[str, str]):
    root = write_submission(tmp_path / "sub", {**VALID_FILES, **files})
    result = read_submission(root)
    assert not result.diagnostics.errors, [str(e) for e in result.diagnostics.errors]
    assert result.document is not None
    return result.document


def _previous(paragraph: str, text: str = "Investigate.") -> str:
    return (f"- id: co1-11\n  document: CCPR/C/KAZ/CO/1\n  paragraph: {paragraph}\n"
            f"  text: {text}\n  assessment: not-implemented\n")


@pytest.mark.parametrize("written", ["136.10", "010", "1:30", "0x10", "1e3", "7.0"])
def test_previous_paragraph_keeps_its_spelling(tmp_path: Path, written: str) -> None:
    doc = _read(tmp_path, {"previous.yaml": _previous(written)})
    assert doc.previous["co1-11"].paragraph == written


@pytest.mark.parametrize("written", ["yes", "No", "on", "off", "TRUE", "1:30", "010", "0o17",
                                     "2016-05-15", ".inf", "1_000"])
def test_texts_keep_their_spelling(tmp_path: Path, written: str) -> None:
    section = (f"id: extra\nkind: article\narticles: ['9']\nheading: {written}\n"
               f"paragraphs:\n  - text: {written}\n")
    doc = _read(tmp_path, {EXTRA: section})
    extra = next(s for s in doc.sections if s.id == "extra")
    assert extra.paragraphs[0].content[0].text == written  # type: ignore[union-attr]
    assert extra.heading[0].text == written  # type: ignore[union-attr]


def test_heading_null_means_no_heading(tmp_path: Path) -> None:
    doc = _read(tmp_path, {EXTRA: "id: extra\nkind: article\narticles: ['9']\nheading: null\n"
                                  "paragraphs:\n  - text: Body.\n"})
    assert next(s for s in doc.sections if s.id == "extra").heading == []


@pytest.mark.parametrize("written, articles, heading", [
    ("[010]", ["10"], "Article 10"),
    ("['010']", ["10"], "Article 10"),
    ("[7, 010]", ["7", "10"], "Articles 7 and 10"),
    ("[2.3]", ["2.3"], "Article 2, paragraph 3"),
    ("[2.10]", ["2.10"], "Article 2, paragraph 10"),
])
def test_article_numbers_are_read_as_written(tmp_path: Path, written: str,
                                             articles: list[str], heading: str) -> None:
    from toolkit.i18n.messages import get_translator
    from toolkit.model.mechanisms import load_mechanism

    doc = _read(tmp_path, {EXTRA: f"id: extra\nkind: article\narticles: {written}\n"
                                  "paragraphs:\n  - text: Body.\n"})
    extra = next(s for s in doc.sections if s.id == "extra")
    assert extra.articles == articles
    labels = Labels(get_translator("en"), load_mechanism("ccpr"))
    assert labels.article_heading(extra.articles) == heading


def test_article_paragraph_zero_is_refused(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", {
        **VALID_FILES, EXTRA: "id: extra\nkind: article\narticles: [7.0]\n"
                              "paragraphs:\n  - text: Body.\n"})
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1, result.output
    assert "sections/30-extra.yaml:3" in result.output
    assert "'7.0' names paragraph 0" in result.output


def test_session_with_leading_zero_is_the_number_written(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", {
        **VALID_FILES, "submission.yaml": BASE_SUBMISSION.replace("session: 117",
                                                                  "session: 0117")})
    result = read_submission(root)
    assert result.document is not None
    assert result.document.meta.review.session == 117


def test_session_that_is_not_a_number_quotes_the_user(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", {
        **VALID_FILES, "submission.yaml": BASE_SUBMISSION.replace("session: 117",
                                                                  "session: 117th")})
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert "submission.yaml:5" in result.output and "'117th'" in result.output


@pytest.mark.parametrize("key", ["on", "null", "0x10", "yes", "off", "010"])
def test_source_keys_keep_their_spelling(tmp_path: Path, key: str) -> None:
    sources = f"{key}:\n  citation: Ombudsman, Annual report (2015)\n"
    section = ("id: extra\nkind: article\narticles: ['9']\n"
               f"paragraphs:\n  - text: Torture persists.[@{key}]\n")
    doc = _read(tmp_path, {"sources.yaml": VALID_FILES["sources.yaml"] + sources,
                           EXTRA: section})
    assert key in doc.sources


def test_yes_key_is_reported_as_written(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", {
        **VALID_FILES, EXTRA: "id: extra\nkind: article\narticles: ['9']\nyes: 1\n"
                              "paragraphs:\n  - text: Body.\n"})
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert "sections/30-extra.yaml:4" in result.output
    assert "unknown field 'yes'" in result.output and "True" not in result.output


def test_limits_still_read_true_and_false(tmp_path: Path) -> None:
    text = BASE_SUBMISSION + "limits: {words: 0500, footnotes_count: yes, cover_counts: off}\n"
    doc = _read(tmp_path, {"submission.yaml": text})
    assert doc.meta.limits == {"words": 500, "footnotes_count": True, "cover_counts": False}


def test_document_shows_what_was_typed(tmp_path: Path) -> None:
    """The built DOCX: 136.10 and 1:30 as written, Article 10 for [010]."""
    section = ("id: extra\nkind: article\narticles: [010]\n"
               "paragraphs:\n  - text: Hearings last 1:30 at most; yes means yes.\n")
    previous = _previous("136.10")
    root = write_submission(tmp_path / "sub", {**VALID_FILES, EXTRA: section,
                                               "previous.yaml": previous})
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(root), "--lang", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    doc = read_docx(out / "sub-en.docx")
    body = "\n".join(p.text for p in doc.paragraphs())
    tables = "\n".join(cell for table in doc.tables() for row in table for cell in row)
    assert "Hearings last 1:30 at most; yes means yes." in body
    assert "Article 10" in body and "Article 8" not in body
    assert "136.10" in body + tables
