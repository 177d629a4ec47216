"""UN names of States (not CLDR's) on the cover, in the running header and for the UPR's
recommending States; ``state_name:`` overrides; no «ё» in the toolkit's Russian strings."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import docx
import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.docx_inspect import read_docx
from toolkit.cli.main import app
from toolkit.i18n.messages import get_translator
from toolkit.model.mechanisms import load_mechanism
from toolkit.model.states import STATES_FILE, StateTable
from toolkit.transform.labels import Labels
from toolkit.transform.translit import transliterate

runner = CliRunner()
KGZ = ROOT / "tests" / "fixtures" / "kgz-ccpr-ru"
UPR = ROOT / "submissions" / "kaz-upr-2024"


def labels(lang: str) -> Labels:
    return Labels(get_translator(lang), load_mechanism("upr"))


# --------------------------------------------------------------------------- the table


def test_table_holds_the_193_members_and_the_two_observer_states() -> None:
    text = STATES_FILE.read_text(encoding="utf-8")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    status = [row["status"] for row in rows]
    assert status.count("member") == 193
    assert sorted(row["code"] for row in rows if row["status"] == "observer") == ["PSE", "VAT"]
    assert len({row["code"] for row in rows}) == len(rows)
    for row in rows:
        for lang in ("en", "ru", "kk"):
            assert row[f"{lang}_short"].strip() and row[f"{lang}_formal"].strip(), row["code"]
        assert "ё" not in (row["ru_short"] + row["ru_formal"]).casefold(), row["code"]
    header = "".join(line for line in text.splitlines() if line.startswith("#"))
    assert re.search(r"hdx-python-country \d+\.\d+", header)  # the source and its version


@pytest.mark.parametrize(("lang", "short", "formal"), [
    ("en", "Kyrgyzstan", "Kyrgyz Republic"),
    ("ru", "Кыргызстан", "Кыргызская Республика"),
    ("kk", "Қырғызстан", "Қырғыз Республикасы"),
])
def test_state_names_short_and_formal(lang: str, short: str, formal: str) -> None:
    assert labels(lang).state_name("KGZ") == short
    assert labels(lang).state_formal_name("KGZ") == formal


@pytest.mark.parametrize(("code", "lang", "short"), [
    ("GBR", "ru", "Соединенное Королевство Великобритании и Северной Ирландии"),
    ("KOR", "ru", "Республика Корея"),
    ("IRN", "ru", "Иран (Исламская Республика)"),
    ("MDA", "ru", "Республика Молдова"),
    ("USA", "ru", "Соединенные Штаты Америки"),
    ("AUS", "kk", "Австралия"),
    ("KOR", "kk", "Корея Республикасы"),
    ("GBR", "en", "United Kingdom of Great Britain and Northern Ireland"),
])
def test_un_short_names(code: str, lang: str, short: str) -> None:
    assert labels(lang).state_name(code) == short


@pytest.mark.parametrize(("written", "code"), [
    ("United Kingdom", "GBR"), ("UK", "GBR"), ("Great Britain", "GBR"), ("gbr", "GBR"),
    ("GB", "GBR"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Turkiye", "TUR"),
    ("Iran", "IRN"), ("Iran (Islamic Republic of)", "IRN"), ("Republic of Korea", "KOR"),
    ("South Korea", "KOR"), ("the Republic of Moldova", "MDA"), ("Moldova", "MDA"),
    ("Czech Republic", "CZE"), ("Swaziland", "SWZ"), ("Côte d’Ivoire", "CIV"),
    ("Cote d'Ivoire", "CIV"), ("Германия", "DEU"), ("Объединённые Арабские Эмираты", "ARE"),
    ("Киргизия", "KGZ"), ("Ұлыбритания", "GBR"), ("United States", "USA"),
    ("Holy See", "VAT"), ("State of Palestine", "PSE"), ("Netherlands", "NLD"),
])
def test_recommending_states_written_by_users_are_found(written: str, code: str) -> None:
    found = StateTable.load().find(written)
    assert found is not None and found.code == code


def test_unknown_recommending_state_is_kept_as_written_not_guessed() -> None:
    assert labels("ru").country_name("Narnia") == "Narnia"
    assert StateTable.load().suggest("Untied Kingdom") == (
        "United Kingdom of Great Britain and Northern Ireland")
    assert StateTable.load().suggest("Qwertyland") is None


# --------------------------------------------------------------------------- «ё»


def test_no_yo_in_any_russian_string_of_the_toolkit_catalogue() -> None:
    """UN Russian writes «Объединенных Наций», «Соединенное Королевство»: no «ё»."""
    with (ROOT / "locales" / "ru" / "LC_MESSAGES" / "toolkit.po").open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    strings = []
    for message in catalog:
        if message.id:
            value = message.string
            strings += list(value) if isinstance(value, tuple) else [value]
    assert strings and all(strings)
    offending = [s for s in strings if "ё" in s.casefold()]
    assert offending == []
    assert get_translator("ru")._("United Nations") == "Организация Объединенных Наций"


# --------------------------------------------------------------------------- DOCX


def _header_texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for s in document.sections for p in s.header.paragraphs if p.text]


@pytest.fixture(scope="module")
def kgz_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kgz")
    result = runner.invoke(app, ["build", str(KGZ), "--out", str(out), "--lang", "ru",
                                 "--lang", "en", "--lang", "kk", "--lang", "kk-Latn"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("lang", "short", "formal", "banned"), [
    ("ru", "Кыргызстан", "Кыргызская Республика", "Киргизия"),
    ("en", "Kyrgyzstan", "Kyrgyz Republic", "Kirghizia"),
    ("kk", "Қырғызстан", "Қырғыз Республикасы", "Киргизия"),
    ("kk-Latn", transliterate("Қырғызстан"), transliterate("Қырғыз Республикасы"), "Kirgiz"),
])
def test_cover_and_running_header_name_the_state_as_the_un_does(
        kgz_build: Path, lang: str, short: str, formal: str, banned: str) -> None:
    """The cover gives the formal name (as the UN does on a title page), the running header
    the short one."""
    path = kgz_build / f"kgz-ccpr-ru-{lang}.docx"
    cover = [p.text for p in read_docx(path).paragraphs()][:8]
    assert formal in cover
    headers = _header_texts(path)
    assert headers and all(h.startswith(short) for h in headers)
    assert not any(banned in text for text in cover + headers)


@pytest.fixture(scope="module")
def upr_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The UPR example, with recommending States written as users write them."""
    root = tmp_path_factory.mktemp("upr") / "kaz-upr-2024"
    shutil.copytree(UPR, root, ignore=shutil.ignore_patterns("build"))
    previous = root / "previous.yaml"
    text = previous.read_text(encoding="utf-8")
    text = text.replace("recommending_state: United Kingdom of Great Britain and Northern "
                        "Ireland", "recommending_state: United Kingdom")
    text = text.replace("recommending_state: Czechia", "recommending_state: Czech Republic")
    text = text.replace("recommending_state: Germany", "recommending_state: DEU")
    previous.write_text(text, encoding="utf-8")
    out = root / "out"
    result = runner.invoke(app, ["build", str(root), "--out", str(out), "--lang", "ru",
                                 "--lang", "kk", "--lang", "kk-Latn", "--lang", "en"])
    assert result.exit_code == 0, result.output
    return out


def _all_text(path: Path) -> str:
    built = read_docx(path)
    cells = [c for table in built.tables() for row in table for c in row]
    return "\n".join([p.text for p in built.paragraphs()] + cells)


@pytest.mark.parametrize(("lang", "wanted", "banned"), [
    ("ru", ["(Соединенное Королевство Великобритании и Северной Ирландии)", "(Австралия)",
            "(Чехия)", "(Германия)"], ["(Великобритания)", "Аустралия", "(DEU)"]),
    ("kk", ["(Ұлыбритания және Солтүстік Ирландия Құрама Корольдігі)", "(Австралия)",
            "(Чехия)", "(Германия)"], ["Аустралия", "(Ұлыбритания)", "(DEU)"]),
    ("kk-Latn", [transliterate("(Австралия)"), transliterate("(Германия)"),
                 transliterate("(Ұлыбритания және Солтүстік Ирландия Құрама Корольдігі)")],
     [transliterate("Аустралия"), "(DEU)"]),
    ("en", ["(United Kingdom of Great Britain and Northern Ireland)", "(Czechia)",
            "(Germany)"], ["(United Kingdom)", "(DEU)"]),
])
def test_upr_recommending_states_in_un_names(upr_build: Path, lang: str,
                                             wanted: list[str], banned: list[str]) -> None:
    text = _all_text(upr_build / f"kaz-upr-2024-{lang}.docx")
    for name in wanted:
        assert name in text, name
    for name in banned:
        assert name not in text, name


# --------------------------------------------------------------------------- overrides


def test_state_name_override_per_language(tmp_path: Path) -> None:
    root = tmp_path / "kgz"
    shutil.copytree(KGZ, root)
    sub = root / "submission.yaml"
    sub.write_text(sub.read_text(encoding="utf-8").replace(
        "state: KGZ\n",
        "state: KGZ\nstate_name:\n  ru: {short: Кыргызская Республика, formal: Кыргызская "
        "Республика}\n  en: Kyrgyz Republic\n"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(root), "--out", str(out), "--lang", "ru",
                                 "--lang", "en", "--lang", "kk"])
    assert result.exit_code == 0, result.output
    assert all(h.startswith("Кыргызская Республика ")
               for h in _header_texts(out / "kgz-ru.docx"))
    assert all(h.startswith("Kyrgyz Republic ") for h in _header_texts(out / "kgz-en.docx"))
    assert all(h.startswith("Қырғызстан ") for h in _header_texts(out / "kgz-kk.docx"))


def test_state_name_override_in_an_unknown_language_is_an_error_at_its_line(
        tmp_path: Path) -> None:
    root = tmp_path / "kgz"
    shutil.copytree(KGZ, root)
    sub = root / "submission.yaml"
    text = sub.read_text(encoding="utf-8").replace("state: KGZ\n",
                                                   "state: KGZ\nstate_name: {de: Kirgisistan}\n")
    sub.write_text(text, encoding="utf-8")
    line = text.splitlines().index("state_name: {de: Kirgisistan}") + 1
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(root), "--out", str(out)])
    assert result.exit_code == 1
    assert f"submission.yaml:{line}:" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


# --------------------------------------------------------------------------- check


def test_check_warns_about_an_unknown_recommending_state_with_line_and_suggestion(
        tmp_path: Path) -> None:
    root = tmp_path / "upr"
    shutil.copytree(UPR, root, ignore=shutil.ignore_patterns("build"))
    previous = root / "previous.yaml"
    text = previous.read_text(encoding="utf-8").replace(
        "recommending_state: United Kingdom of Great Britain and Northern Ireland",
        "recommending_state: Untied Kingdom")
    previous.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  recommending_state: Untied Kingdom") + 1
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 0, result.output  # a warning, not an error
    warning = next(x for x in result.output.splitlines() if "Untied Kingdom" in x)
    assert f"previous.yaml:{line}:" in warning
    assert "United Kingdom of Great Britain and Northern Ireland" in warning


def test_check_warns_about_a_state_code_that_is_no_un_state(tmp_path: Path) -> None:
    root = tmp_path / "kgz"
    shutil.copytree(KGZ, root)
    sub = root / "submission.yaml"
    text = sub.read_text(encoding="utf-8").replace("state: KGZ", "state: KGX")
    sub.write_text(text, encoding="utf-8")
    line = text.splitlines().index("state: KGX") + 1
    result = runner.invoke(app, ["check", str(root)])
    warning = next(x for x in result.output.splitlines() if "KGX" in x and "state" in x)
    assert f"submission.yaml:{line}:" in warning


# --------------------------------------------------------------------------- the script


def _make_states_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_states", ROOT / "toolkit" / "data" / "make_states.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_make_states_derives_formal_names_from_the_taxonomy_rows() -> None:
    """The generator reads OCHA's CSV columns and builds Russian and Kazakh formal names."""
    columns = ["Appears in UNTERM list", "ISO 3166-1 Alpha 2-Codes", "ISO 3166-1 Alpha 3-Codes",
               "English Short", "Russian Short", "English Formal", "Preferred Term",
               "ISO Alt Term", "DGACM Alt Term", "RW Short Name", "M49 English"]
    rows = [
        ["Y", "ES", "ESP", "Spain", "Испания", "the Kingdom of Spain", "Spain", "", "", "", ""],
        ["Y", "KG", "KGZ", "Kyrgyzstan", "Кыргызстан", "the Kyrgyz Republic", "", "", "", "",
         ""],
        ["Y", "KR", "KOR", "Republic of Korea", "Республика Корея", "the Republic of Korea",
         "", "Korea (the Republic of)", "", "", ""],
        ["", "XK", "XKX", "Somewhere", "Где-то", "", "", "", "", "", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([columns, *rows])
    states = {s["code"]: s for s in _make_states_module().build(buffer.getvalue())}
    assert set(states) == {"ESP", "KGZ", "KOR"}  # only rows in the UNTERM list
    assert (states["ESP"]["ru_formal"], states["ESP"]["kk_formal"]) == (
        "Королевство Испания", "Испания Корольдігі")
    assert (states["KGZ"]["ru_formal"], states["KGZ"]["kk_formal"]) == (
        "Кыргызская Республика", "Қырғыз Республикасы")
    assert states["KOR"]["ru_formal"] == "Республика Корея"
    assert "Korea (the Republic of)" in states["KOR"]["aliases"]
