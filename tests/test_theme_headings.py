"""The heading of a UPR section with several themes: one phrase in the language's list pattern.

"Right of peaceful assembly, civic space and human rights defenders" — never "…; Civic
space; Human rights defenders". Read back from the built DOCX in every language.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import ROOT
from toolkit.cli.main import app
from toolkit.i18n.messages import get_translator
from toolkit.model.mechanisms import load_mechanism
from toolkit.transform.labels import Labels
from toolkit.transform.prepare import keeps_capital, theme_heading

runner = CliRunner()
UPR = ROOT / "submissions" / "kaz-upr-2024"

# 40-expression: two themes; 50-assembly-civic-space: three after the fixture adds one
EXPECTED = {
    "en": ["Freedom of opinion and expression and safety of journalists and media freedom",
           "Right of peaceful assembly, civic space and human rights defenders"],
    "ru": ["Свобода мнений и их выражения и безопасность журналистов и свобода средств "
           "массовой информации",
           "Право на мирные собрания, гражданское пространство и правозащитники"],
    "kk": ["Пікір ұстану және оны еркін білдіру бостандығы және журналистердің "
           "қауіпсіздігі және бұқаралық ақпарат құралдарының бостандығы",
           "Бейбіт жиналыстар өткізу құқығы, азаматтық кеңістік және құқық қорғаушылар"],
    "kk-Latn": ["Pıkır ūstanu jäne ony erkın bıldıru bostandyğy jäne jurnalisterdıñ "
                "qauıpsızdıgı jäne būqaralyq aqparat qūraldarynyñ bostandyğy",
                "Beibıt jinalystar ötkızu qūqyğy, azamattyq keñıstık jäne qūqyq qorğauşylar"],
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("themes") / "kaz-upr-2024"
    shutil.copytree(UPR, root, ignore=shutil.ignore_patterns("build"))
    path = root / "sections" / "50-assembly-civic-space.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["themes"].append("human-rights-defenders")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = root / "out"
    args = ["build", str(root), "--out", str(out)]
    for lang in EXPECTED:
        args += ["--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("lang", list(EXPECTED))
def test_theme_headings_in_the_built_document(built: Path, lang: str) -> None:
    document = docx.Document(str(built / f"kaz-upr-2024-{lang}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for expected in EXPECTED[lang]:
        assert expected in headings, headings
    assert not any("; " in h for h in headings)


@pytest.mark.parametrize(("name", "kept"), [
    ("HIV/AIDS prevention", True),
    ("LGBTI persons", True),
    ("ВИЧ/СПИД", True),
    ("АИТВ/ЖИТС-пен өмір сүретін адамдар", True),
    ("COVID-19 response", True),
    ("Sustainable Development Goals", True),
    ("Istanbul Convention", True),
    ("Persons living with HIV/AIDS", False),
    ("Civic space", False),
    ("Women's rights", False),
    ("Право на жизнь", False),
    ("A", False),
    ("", False),
])
def test_which_names_keep_their_capital(name: str, kept: bool) -> None:
    assert keeps_capital(name) is kept


def test_theme_heading_keeps_abbreviations_and_uses_each_conjunction() -> None:
    upr = load_mechanism("upr")
    names = ["Women's rights", "HIV/AIDS prevention", "Persons with disabilities"]
    en = theme_heading(names, Labels(get_translator("en"), upr))
    assert en == "Women's rights, HIV/AIDS prevention and persons with disabilities"
    ru = theme_heading(["Права женщин", "ВИЧ/СПИД"], Labels(get_translator("ru"), upr))
    assert ru == "Права женщин и ВИЧ/СПИД"
    kk = theme_heading(["Әйелдердің құқықтары", "Баланың құқықтары", "Мигранттар"],
                       Labels(get_translator("kk"), upr))
    assert kk == "Әйелдердің құқықтары, баланың құқықтары және мигранттар"
    assert theme_heading(["Civic space"], Labels(get_translator("en"), upr)) == "Civic space"
