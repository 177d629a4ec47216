"""The smaller commands: new, schema, template export, and a submission's own styles."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from tests.docx_inspect import NS, q, read_docx
from toolkit.cli.main import app

runner = CliRunner()


@pytest.mark.parametrize("mechanism", ["ccpr", "cat", "crc", "upr"])
def test_new_scaffold_checks_and_builds(tmp_path: Path, mechanism: str) -> None:
    result = runner.invoke(app, ["new", "kaz-test", "--mechanism", mechanism, "--state", "KAZ",
                                 "--place", "Almaty", "--languages", "en",
                                 "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    root = tmp_path / "kaz-test"
    assert (root / "submission.yaml").read_text().startswith("# The submission's metadata")
    check = runner.invoke(app, ["check", str(root)])
    assert check.exit_code == 0, check.output
    assert "0 errors, 0 warnings" in check.output
    built = runner.invoke(app, ["build", str(root)])
    assert built.exit_code == 0, built.output
    doc = read_docx(root / "build" / "kaz-test-en.docx")
    assert len(doc.footnotes) == 2  # one citation, one free note


def test_new_refuses_to_overwrite_and_bad_codes(tmp_path: Path) -> None:
    (tmp_path / "exists").mkdir()
    result = runner.invoke(app, ["new", "exists", "--mechanism", "ccpr", "--state", "KAZ",
                                 "--place", "Almaty", "--dir", str(tmp_path)])
    assert result.exit_code == 1 and "already exists" in result.output
    # wrong usage: exit 2 (tests/test_cli_usage.py runs these through the real command)
    result = runner.invoke(app, ["new", "x", "--mechanism", "iccpr", "--state", "KAZ",
                                 "--place", "Almaty", "--dir", str(tmp_path)])
    assert result.exit_code == 2 and "ccpr" in result.output
    result = runner.invoke(app, ["new", "x", "--mechanism", "ccpr", "--state", "KZX",
                                 "--place", "Almaty", "--dir", str(tmp_path)])
    assert result.exit_code == 2 and "KZX" in result.output
    assert not (tmp_path / "x").exists()


def test_schema_command(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    section = json.loads((tmp_path / "section.schema.json").read_text())
    assert set(section["properties"]) >= {"id", "kind", "paragraphs", "recommendations"}
    assert section["additionalProperties"] is False
    submission = json.loads((tmp_path / "submission.schema.json").read_text())
    assert "mechanism" in submission["required"]


def test_template_export_and_custom_reference_doc(tmp_path: Path, example_copy: Path) -> None:
    ref = example_copy / "styles.docx"
    result = runner.invoke(app, ["template", "export", str(ref)])
    assert result.exit_code == 0, result.output
    styled = docx.Document(str(ref))
    styled.styles["Body Numbered"].font.size = docx.shared.Pt(13)
    styled.save(str(ref))
    sub = example_copy / "submission.yaml"
    sub.write_text(sub.read_text() + "reference_doc: styles.docx\n")
    result = runner.invoke(app, ["build", str(example_copy), "--lang", "en",
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    built = read_docx(tmp_path / "o" / "kaz-iccpr-2016-en.docx")
    style = [s for s in built.styles.iter(q("w:style")) if s.get(q("w:styleId")) == "BodyNumbered"]
    assert style[0].find("w:rPr/w:sz", NS).get(q("w:val")) == "26"
    assert len(built.styled("BodyNumbered")) == 54


def test_reference_doc_outside_submission_is_refused(tmp_path: Path, example_copy: Path) -> None:
    sub = example_copy / "submission.yaml"
    sub.write_text(sub.read_text() + "reference_doc: ../../etc/passwd\n")
    result = runner.invoke(app, ["build", str(example_copy), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "outside the submission folder" in result.output
    assert not (tmp_path / "o").exists()


def test_help_documents_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.output


def test_build_pdf_from_the_cli(tmp_path: Path) -> None:
    from toolkit.write.finalize import libreoffice_available

    if not libreoffice_available():
        pytest.skip("LibreOffice with python3-uno not installed")
    from tests.conftest import EXAMPLE

    result = runner.invoke(app, ["build", str(EXAMPLE), "--lang", "en", "--pdf", "--finalize",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "kaz-iccpr-2016-en.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    toc = read_docx(tmp_path / "kaz-iccpr-2016-en.docx").paragraphs()
    entries = [p.text for p in toc if p.text.startswith("Article 7")]
    assert entries and entries[0].rstrip()[-1].isdigit()  # the TOC now has a page number


def test_pdf_without_libreoffice_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    import toolkit.write.finalize
    from tests.conftest import EXAMPLE

    monkeypatch.setattr(toolkit.write.finalize, "libreoffice_available", lambda: False)
    result = runner.invoke(app, ["build", str(EXAMPLE), "--lang", "en", "--pdf",
                                 "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "apt-get install libreoffice-writer-nogui python3-uno" in result.output
    assert not (tmp_path / "o").exists()
