"""Fixed wording that is true and fits each mechanism (issue 11 §5), read back from DOCX.

The follow-up introduction says "quoted verbatim" only when every earlier recommendation
shown is marked ``quoted: true``; UPR recommendations are made by States (the Working
Group only records them), treaty-body ones by the Committee, named in the case the
sentence needs; Kazakh "Available at" and the running header's month read as Kazakh.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE, ROOT
from tests.docx_inspect import Docx, read_docx
from toolkit.cli.main import app
from toolkit.i18n.po import parse_po
from toolkit.model.mechanisms import COMMITTEE_CASES, MECHANISM_CODES, load_mechanism

runner = CliRunner()

PREVIOUS = """\
- id: co1-11
  document: CCPR/C/KAZ/CO/1
  paragraph: 11
  text: The State party should investigate all allegations of torture.
  assessment: not-implemented{q1}
- id: co1-12
  document: CCPR/C/KAZ/CO/1
  paragraph: 12
  text: The State party should end impunity.
  assessment: not-implemented{q2}
"""
FOLLOW_UP = """\
id: follow
kind: follow-up
heading: Follow-up
previous: [co1-11, co1-12]
paragraphs:
  - id: status
    text: Nothing changed.
"""
QUOTED = "\n  quoted: true"


def _intro(doc: Docx) -> str:
    found = [p.text for p in doc.paragraphs()
             if re.search(r"This part reviews|В настоящей части|Бұл бөлімде", p.text)]
    assert len(found) == 1, found
    return found[0]


def _build(make_submission, tmp_path: Path, q1: str, q2: str, name: str) -> dict[str, Docx]:
    root = make_submission({"previous.yaml": PREVIOUS.format(q1=q1, q2=q2),
                            "sections/10-follow-up.yaml": FOLLOW_UP}, name=name)
    out = tmp_path / f"out-{name}"
    result = runner.invoke(app, ["build", str(root), "--out", str(out), "--draft",
                                 "--lang", "en", "--lang", "ru", "--lang", "kk"])
    assert result.exit_code == 0, result.output
    return {lang: read_docx(out / f"{name}-{lang}-draft.docx") for lang in ("en", "ru", "kk")}


@pytest.mark.parametrize(("q1", "q2", "said", "not_said"), [
    ("", "", {"en": "Each recommendation is summarised,", "ru": "в кратком изложении,",
              "kk": "қысқаша мазмұны бойынша"},
     {"en": "quoted", "ru": "дословно", "kk": "сөзбе-сөз"}),
    (QUOTED, QUOTED, {"en": "Each recommendation is quoted verbatim,", "ru": "дословно,",
                      "kk": "сөзбе-сөз келтіріледі"},
     {"en": "summarised", "ru": "изложении", "kk": "мазмұны"}),
    (QUOTED, "", {"en": "quoted or summarised", "ru": "дословно или в кратком изложении",
                  "kk": "сөзбе-сөз немесе қысқаша мазмұны"}, {}),
])
def test_intro_says_quoted_only_when_it_is(make_submission, tmp_path: Path, q1: str, q2: str,
                                           said: dict[str, str],
                                           not_said: dict[str, str]) -> None:
    docs = _build(make_submission, tmp_path, q1, q2, "sub")
    for lang, doc in docs.items():
        intro = _intro(doc)
        assert said[lang] in intro, (lang, intro)
        if lang in not_said:
            assert not_said[lang] not in intro, (lang, intro)


def test_treaty_body_recommendations_are_the_committees(make_submission,
                                                        tmp_path: Path) -> None:
    docs = _build(make_submission, tmp_path, "", "", "sub")
    assert "made by the Human Rights Committee in CCPR/C/KAZ/CO/1" in _intro(docs["en"])
    assert "вынесенные Комитетом по правам человека в документе CCPR/C/KAZ/CO/1" \
        in _intro(docs["ru"])
    assert "Адам құқықтары жөніндегі комитеттің CCPR/C/KAZ/CO/1 құжатында берген" \
        in _intro(docs["kk"])


@pytest.fixture(scope="module")
def upr(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Docx]:
    out = tmp_path_factory.mktemp("upr")
    args = ["build", str(ROOT / "submissions" / "kaz-upr-2024"), "--out", str(out)]
    for lang in ("en", "ru", "kk", "kk-Latn"):
        args += ["--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return {lang: read_docx(out / f"kaz-upr-2024-{lang}.docx")
            for lang in ("en", "ru", "kk", "kk-Latn")}


def test_upr_recommendations_are_made_by_states(upr: dict[str, Docx]) -> None:
    en = _intro(upr["en"])
    assert "received from other States" in en and "made by the Working Group" not in en
    assert "report of the Working Group on the Universal Periodic Review (A/HRC/43/10)" in en
    assert "with the States that made it" in en
    ru = _intro(upr["ru"])
    assert "от других государств" in ru
    assert "в докладе Рабочей группы по универсальному периодическому обзору " \
           "(A/HRC/43/10)" in ru
    assert "вынесенные Рабочей группой" not in ru
    kk = _intro(upr["kk"])
    assert "басқа мемлекеттерден алған" in kk
    assert "жұмыс тобының баяндамасында (A/HRC/43/10)" in kk
    latin = [p.text for p in upr["kk-Latn"].paragraphs() if "Būl bölımde" in p.text]
    assert latin and "(A/HRC/43/10)" in latin[0] and "jūmys tobynyñ baiandamasynda" in latin[0]


def _header_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return " ".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>",
                                           package.read(name).decode("utf-8")))
                        for name in package.namelist() if name.startswith("word/header"))


@pytest.mark.parametrize(("lang", "month", "available"), [
    ("kk", "2016\u00a0жылғы мамыр", "Мына мекенжай бойынша қолжетімді: https://"),
    ("kk-Latn", "2016\u00a0jylğy mamyr", "Myna mekenjai boiynşa qoljetımdı: https://"),
    ("ru", "май 2016\u00a0г.", "Доступно по адресу: https://"),
])
def test_kazakh_available_at_and_header_month(tmp_path: Path, lang: str, month: str,
                                              available: str) -> None:
    result = runner.invoke(app, ["build", str(EXAMPLE), "--lang", lang, "--out",
                                 str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"kaz-iccpr-2016-{lang}.docx"
    assert month in _header_text(path), _header_text(path)
    assert "ж. мамыр" not in _header_text(path)
    notes = read_docx(path).footnotes.values()
    assert any(available in note for note in notes)
    assert any("https://undocs.org/CCPR/C/KAZ/2" in note for note in notes)


@pytest.mark.parametrize("code", MECHANISM_CODES)
def test_catalogue_gives_every_case_form(code: str) -> None:
    mechanism = load_mechanism(code)
    for lang, cases in COMMITTEE_CASES.items():
        assert set(mechanism.committee_cases[lang]) == set(cases), (code, lang)
    ru = mechanism.committee_cases["ru"]
    tails = {form.split(" ", 1 if ru["genitive"].startswith("Комитет") else 2)[-1]
             for form in ru.values()}
    assert len(tails) == 1, ru  # only the head noun declines


def test_russian_fixed_strings_write_no_yo() -> None:
    """UN Russian writes «е» for «ё» in fixed strings («ребенка», «отраженные»)."""
    po = parse_po((ROOT / "locales" / "ru" / "LC_MESSAGES" / "toolkit.po").read_bytes())
    with_yo = [e.msgid for e in po.entries
               if any("ё" in s or "Ё" in s for s in
                      ([e.msgstr] if isinstance(e.msgstr, str) else list(e.msgstr or [])))]
    assert not with_yo, with_yo[:5]
