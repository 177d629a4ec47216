"""An introduction, follow-up or annex section may leave out ``heading``.

docs/format.md says the heading is optional; the section then gets the toolkit's own title
in each language (from locales/*/toolkit.po), which is not a content translation unit.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from tests.docx_inspect import read_docx
from toolkit.cli.main import app

runner = CliRunner()
LANGS = ["en", "ru", "kk", "kk-Latn"]
EXPECTED = {  # introduction, follow-up, annex
    "en": ("Introduction", "Assessment of implementation", "Additional information"),
    "ru": ("Введение", "Оценка выполнения", "Дополнительная информация"),
    "kk": ("Кіріспе", "Орындалуын бағалау", "Қосымша ақпарат"),
}
FILES = ("00-introduction.yaml", "10-follow-up.yaml", "90-annex-cases.yaml")


def _drop_headings(root: Path) -> None:
    for name in FILES:
        path = root / "sections" / name
        text = path.read_text(encoding="utf-8")
        text, count = re.subn(r"^heading: .*\n", "", text, count=1, flags=re.MULTILINE)
        assert count == 1, name
        path.write_text(text, encoding="utf-8")


def test_sections_without_heading_pass_check(example_copy: Path) -> None:
    _drop_headings(example_copy)
    result = runner.invoke(app, ["check", str(example_copy)])
    assert result.exit_code == 0, result.output
    assert "needs a heading" not in result.output


def test_default_headings_in_every_language(example_copy: Path, tmp_path: Path) -> None:
    _drop_headings(example_copy)
    out = tmp_path / "out"
    args = ["build", str(example_copy), "--out", str(out)]
    for lang in LANGS:
        args += ["--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    headings: dict[str, list[str]] = {}
    for lang in LANGS:
        doc = read_docx(out / f"kaz-iccpr-2016-{lang}.docx")
        headings[lang] = [p.text for p in doc.paragraphs()
                          if p.style and p.style.startswith("Heading")]
    for lang, titles in EXPECTED.items():
        for title in titles:
            assert any(title in h for h in headings[lang]), (lang, title, headings[lang])
    latin = " ".join(headings["kk-Latn"])
    assert "Kırıspe" in latin or "Kirispe" in latin, headings["kk-Latn"]
    assert not re.search("[а-яәғқңөұүһі]", latin, re.IGNORECASE), latin


def test_default_heading_is_not_a_translation_unit(example_copy: Path) -> None:
    _drop_headings(example_copy)
    result = runner.invoke(app, ["i18n", "update", str(example_copy)])
    assert result.exit_code == 0, result.output
    for lang in ("ru", "kk"):
        po = (example_copy / "locales" / f"{lang}.po").read_text(encoding="utf-8")
        for section in ("introduction", "follow-up", "annex-cases"):
            assert re.search(f'^msgctxt "{section}/heading"', po, re.MULTILINE) is None, \
                (lang, section)  # only an obsolete "#~ msgctxt" may remain
