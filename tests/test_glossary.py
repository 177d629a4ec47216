"""The glossary as translators and coordinators meet it: ``toolkit check`` finds a required
term in any inflected form (Russian by lemma, Kazakh by stem and suffixes), warns with the
catalogue's line and the source text's line when it is missing, and stops the build on a
forbidden variant; ``--strict`` makes the warnings errors; a broken glossary.yaml is one
message at its line."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from toolkit.cli.main import app
from toolkit.i18n.po import parse_po

runner = CliRunner()
HEADING = "follow-up/heading"  # msgid "Follow-up to the concluding observations of 2011"


def invoke(*args: object) -> tuple[int, str]:
    """Run the CLI as a user would; a traceback fails the test whatever the exit code."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def set_translation(root: Path, lang: str, msgctxt: str, text: str) -> int:
    """Give one entry of locales/<lang>.po a new one-line translation; its msgstr line."""
    path = root / "locales" / f"{lang}.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{msgctxt}"')
    at = next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr "))
    end = at + 1
    while end < len(lines) and lines[end].startswith('"'):
        end += 1
    lines[at:end] = [f'msgstr "{text}"']
    path.write_text("\n".join(lines), encoding="utf-8")
    entry = next(e for e in parse_po(path.read_bytes()).entries if e.msgctxt == msgctxt)
    assert entry.msgstr == text
    return entry.msgstr_line


def glossary_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "glossary entry at" in line]


def test_the_examples_follow_the_base_glossary() -> None:
    root = Path(__file__).resolve().parents[1] / "submissions"
    for name in ("kaz-iccpr-2016", "kaz-upr-2024"):
        code, out = invoke("check", root / name, "--strict")
        assert code == 0, out
        assert glossary_lines(out) == [], out


def test_russian_term_found_through_inflection(example_copy: Path) -> None:
    set_translation(example_copy, "ru", HEADING, "Выполнение заключительных замечаний 2011 года")
    code, out = invoke("check", example_copy)
    assert code == 0 and glossary_lines(out) == [], out


def test_missing_russian_term_warns_with_po_and_source_lines(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", HEADING, "Выполнение итоговых замечаний 2011 года")
    code, out = invoke("check", example_copy)
    assert code == 0, out
    found = glossary_lines(out)
    assert len(found) == 1, out
    assert re.search(rf"locales/ru\.po:{line}:\d+: warning: ", found[0]), found[0]
    assert "sections/10-follow-up.yaml:3" in found[0]
    assert "заключительные замечания" in found[0]


def test_strict_makes_the_warning_an_error(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", HEADING, "Выполнение итоговых замечаний 2011 года")
    code, out = invoke("check", example_copy, "--strict")
    assert code == 1, out
    found = glossary_lines(out)
    assert len(found) == 1 and re.search(rf"locales/ru\.po:{line}:\d+: (?!warning)", found[0])


def test_kazakh_term_found_through_suffixes(example_copy: Path) -> None:
    set_translation(example_copy, "kk", HEADING,
                    "2011 жылғы қорытынды ескертпелерде айтылған шаралар")
    code, out = invoke("check", example_copy, "--strict")
    assert code == 0 and glossary_lines(out) == [], out


def test_forbidden_kazakh_variant_inflected_is_an_error(example_copy: Path) -> None:
    line = set_translation(example_copy, "kk", HEADING,
                           "2011 жылғы қорытынды ескертулердің орындалуы")
    code, out = invoke("check", example_copy)
    assert code == 1, out
    found = glossary_lines(out)
    assert len(found) == 1, out
    assert re.search(rf"locales/kk\.po:{line}:\d+: (?!warning).*қорытынды ескертулер.*"
                     "қорытынды ескертпелер", found[0]), found[0]


def test_submission_glossary_overrides_the_base(example_copy: Path) -> None:
    set_translation(example_copy, "ru", HEADING, "Выполнение итоговых замечаний 2011 года")
    (example_copy / "glossary.yaml").write_text(
        "- en: concluding observations\n  ru: [заключительные замечания, итоговые замечания]\n"
        "- en: follow-up\n  ru: последующие меры\n", encoding="utf-8")
    code, out = invoke("check", example_copy)
    found = glossary_lines(out)
    assert code == 0 and found, out  # the added entry is checked; the overridden one is met
    assert all("последующие меры" in line and "glossary.yaml:3:" in line for line in found), out


def test_bad_glossary_is_one_message_at_its_line(example_copy: Path) -> None:
    (example_copy / "glossary.yaml").write_text(
        "- en: concluding observations\n  ru: заключительные замечания\n"
        "- en: list of issues\n  rus: перечень вопросов\n", encoding="utf-8")
    code, out = invoke("check", example_copy)
    assert code == 1
    errors = [line for line in out.splitlines() if re.search(r"glossary\.yaml:\d", line)]
    assert len(errors) == 1 and re.match(r"\S*glossary\.yaml:4:3: ", errors[0]), out
