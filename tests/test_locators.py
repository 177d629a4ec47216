"""Citation locators written in any language, rendered in the build language, with a
no-break space between the abbreviation and its number; "Ibid." forms per language."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.docx_inspect import read_docx
from toolkit.cli.main import app
from toolkit.i18n.messages import get_translator
from toolkit.model.mechanisms import load_mechanism
from toolkit.transform.labels import Labels
from toolkit.transform.locators import Locator, parse_locator
from toolkit.transform.translit import transliterate

runner = CliRunner()
NB = "\u00a0"
KGZ = ROOT / "tests" / "fixtures" / "kgz-ccpr-ru"


@pytest.mark.parametrize(("written", "kind", "items"), [
    ("p. 12", "page", ("12",)), ("pp. 12-15", "page", ("12–15",)),
    ("page 4", "page", ("4",)), ("с. 12", "page", ("12",)), ("С.12", "page", ("12",)),
    ("сс. 14—15", "page", ("14–15",)), ("стр. 3", "page", ("3",)),
    ("12-б.", "page", ("12",)), ("12–15-бб.", "page", ("12–15",)), ("б. 5", "page", ("5",)),
    ("para. 18", "paragraph", ("18",)), ("paras. 18–21", "paragraph", ("18–21",)),
    ("paras. 18 and 19", "paragraph", ("18", "19")), ("пп. 7, 9", "paragraph", ("7", "9")),
    ("п. 128.45", "paragraph", ("128.45",)), ("18-тармақ", "paragraph", ("18",)),
    ("18-т.", "paragraph", ("18",)), ("art. 7", "article", ("7",)),
    ("ст. 7", "article", ("7",)), ("бап 7", "article", ("7",)), ("7-бап", "article", ("7",)),
    ("art. 2(3)", "article", ("2(3)",)), ("vol. 2", "volume", ("2",)),
    ("т. 2", "volume", ("2",)),
])
def test_locators_are_read_in_any_language(written: str, kind: str,
                                          items: tuple[str, ...]) -> None:
    assert parse_locator(written) == Locator(kind, items)


def test_kazakh_t_is_a_paragraph_in_kazakh_text() -> None:
    assert parse_locator("т. 5", kazakh=True) == Locator("paragraph", ("5",))


@pytest.mark.parametrize("written", ["note 3", "p. 12, table 2", "chapter IV", "passim", "",
                                     "12"])
def test_unknown_locators_are_not_read(written: str) -> None:
    assert parse_locator(written) is None


@pytest.mark.parametrize(("written", "lang", "rendered"), [
    ("p. 12", "en", f"p.{NB}12"), ("p. 12", "ru", f"с.{NB}12"), ("p. 12", "kk", "12-б."),
    ("с. 12", "en", f"p.{NB}12"), ("12-б.", "ru", f"с.{NB}12"),
    ("pp. 12–15", "en", f"pp.{NB}12–15"), ("pp. 12–15", "kk", "12–15-бб."),
    ("paras. 18–21", "ru", f"пп.{NB}18–21"), ("paras. 18–21", "kk", "18–21-тармақтар"),
    ("para. 37", "ru", f"п.{NB}37"), ("paras. 18 and 19", "ru", f"пп.{NB}18 и 19"),
    ("paras. 18 and 19", "kk", "18 және 19-тармақтар"),
    ("art. 7", "ru", f"ст.{NB}7"), ("art. 7", "kk", "7-бап"), ("ст. 7", "en", f"art.{NB}7"),
    ("pp. 3, 5", "ru", f"с.{NB}3, 5"), ("pp. 3, 5", "kk", "3, 5-бб."),
    ("note 3", "ru", "note 3"), ("p. 5", "kk-Latn", transliterate("5-б.")),
])
def test_locators_render_in_the_build_language(written: str, lang: str,
                                               rendered: str) -> None:
    labels = Labels(get_translator(lang), load_mechanism("ccpr"))
    assert labels.locator(written) == rendered


@pytest.mark.parametrize(("lang", "ibid"), [
    ("en", f"Ibid., p.{NB}5."), ("ru", f"Там же, с.{NB}5."), ("kk", "Сонда, 5-б."),
])
def test_ibid_with_a_locator_ends_with_one_full_stop(lang: str, ibid: str) -> None:
    labels = Labels(get_translator(lang), load_mechanism("ccpr"))
    assert labels.ibid_at(labels.locator("p. 5")) == ibid


# Footnotes of the Russian-source fixture: locators written in Russian (and, in the
# catalogues, in English or Kazakh), read back from the built DOCX.
EXPECTED_NOTES = {
    "ru": [f"с.{NB}12.", f"Там же, с.{NB}14–15.", f"(CCPR/C/KGZ/CO/2), пп.{NB}13–14.",
           "Там же.", f"Там же, п.{NB}13.", f"«О некоммерческих организациях», ст.{NB}7.",
           "Там же."],
    "en": [f"p.{NB}12.", f"Ibid., pp.{NB}14–15.", f"(CCPR/C/KGZ/CO/2), paras.{NB}13–14.",
           "Ibid.", f"Ibid., para.{NB}13.", f"Non-Profit Organizations, art.{NB}7.", "Ibid."],
    "kk": ["12-б.", "Сонда, 14–15-бб.", "(CCPR/C/KGZ/CO/2), 13–14-тармақтар.", "Сонда.",
           "Сонда, 13-тармақ.", "Заңы, 7-бап.", "Сонда."],
}
EXPECTED_NOTES["kk-Latn"] = [transliterate(t) for t in EXPECTED_NOTES["kk"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kgz-notes")
    result = runner.invoke(app, ["build", str(KGZ), "--out", str(out), "--lang", "ru",
                                 "--lang", "en", "--lang", "kk", "--lang", "kk-Latn"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("lang", ["ru", "en", "kk", "kk-Latn"])
def test_footnote_locators_and_ibid_in_the_built_document(built: Path, lang: str) -> None:
    notes = list(read_docx(built / f"kgz-ccpr-ru-{lang}.docx").footnotes.values())
    assert len(notes) == len(EXPECTED_NOTES[lang])
    for note, ending in zip(notes, EXPECTED_NOTES[lang], strict=True):
        assert note.endswith(ending), (note, ending)


@pytest.mark.parametrize(("lang", "reference"), [
    ("en", f"CCPR/C/KGZ/CO/2, para.{NB}13"), ("ru", f"CCPR/C/KGZ/CO/2, п.{NB}13"),
    ("kk", "CCPR/C/KGZ/CO/2, 13-тармақ"),
])
def test_references_to_earlier_recommendations_keep_para_and_number_together(
        built: Path, lang: str, reference: str) -> None:
    texts = [p.text for p in read_docx(built / f"kgz-ccpr-ru-{lang}.docx").paragraphs()]
    assert any(reference in text for text in texts)
