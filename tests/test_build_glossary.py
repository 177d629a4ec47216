"""``toolkit build`` checks the translations it builds against the glossary, as ``check``
does: a forbidden variant refuses the build (nothing written, the PO file and line named),
a missing term is a warning and the file is written, ``--strict`` makes it an error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from docx import Document as DocxDocument

from tests.conftest import EXAMPLE, ROOT
from tests.test_glossary import HEADING, glossary_lines, invoke, set_translation
from toolkit.check.terms import term_diagnostics
from toolkit.pipeline import load

FORBIDDEN_KK = "2011 жылғы қорытынды ескертулердің орындалуы"
MISSING_RU = "Выполнение итоговых замечаний 2011 года"


def written(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def assert_one_glossary_line(output: str, lang: str, line: int, term: str, *,
                             warning: bool) -> None:
    """The output names exactly one glossary problem: at the catalogue's line, an error
    (or a warning), about ``term``."""
    found = glossary_lines(output)
    assert len(found) == 1, output
    severity = "warning: " if warning else "(?!warning)"
    assert re.search(rf"locales/{lang}\.po:{line}:\d+: {severity}.*{term}", found[0]), found[0]


def test_build_refuses_a_forbidden_variant_and_writes_nothing(example_copy: Path,
                                                              tmp_path: Path) -> None:
    line = set_translation(example_copy, "kk", HEADING, FORBIDDEN_KK)
    for lang in ("kk", "kk-Latn"):  # kk-Latn is built from the Kazakh catalogue
        out = tmp_path / f"out-{lang}"
        code, output = invoke("build", example_copy, "--lang", lang, "--out", out)
        assert code == 1, output
        assert_one_glossary_line(output, "kk", line, "қорытынды ескертулер", warning=False)
        assert written(out) == []


def test_build_strict_refuses_a_missing_term(example_copy: Path, tmp_path: Path) -> None:
    line = set_translation(example_copy, "ru", HEADING, MISSING_RU)
    out = tmp_path / "out"
    code, output = invoke("build", example_copy, "--lang", "ru", "--out", out, "--strict")
    assert code == 1, output
    assert_one_glossary_line(output, "ru", line, "заключительные замечания", warning=False)
    assert written(out) == []


def test_build_warns_of_a_missing_term_and_writes(example_copy: Path, tmp_path: Path) -> None:
    line = set_translation(example_copy, "ru", HEADING, MISSING_RU)
    out = tmp_path / "out"
    code, output = invoke("build", example_copy, "--lang", "ru", "--out", out)
    assert code == 0, output
    assert_one_glossary_line(output, "ru", line, "заключительные замечания", warning=True)
    [docx] = [p for p in written(out) if p.suffix == ".docx"]
    texts = [p.text for p in DocxDocument(str(docx)).paragraphs]
    assert any(MISSING_RU in text.replace("\u00a0", " ") for text in texts)  # typeset: nbsp


def test_only_the_languages_built_are_checked(example_copy: Path) -> None:
    """A forbidden Kazakh variant is no concern of a Russian or English build."""
    set_translation(example_copy, "kk", HEADING, FORBIDDEN_KK)
    loaded = load(example_copy)
    assert loaded.document is not None
    origins = loaded.result.origins
    assert term_diagnostics(example_copy, loaded.document, origins, langs=["kk-Latn"]).errors
    for langs in (["ru"], ["en"], []):
        assert not term_diagnostics(example_copy, loaded.document, origins,
                                    langs=langs).errors


def test_an_english_build_loads_no_lexicon(tmp_path: Path) -> None:
    """The glossary check costs nothing where no catalogue is built from."""
    code = ("import sys\nfrom toolkit.cli.main import main\n"
            f"sys.argv = ['toolkit', 'build', {str(EXAMPLE)!r}, '--lang', 'en', "
            f"'--out', {str(tmp_path)!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "assert not {'lemminflect', 'pymorphy3', 'toolkit.i18n.english'} & set(sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in written(tmp_path)] == ["kaz-iccpr-2016-en.docx"]
