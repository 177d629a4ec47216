"""Translation quality warnings of ``toolkit check`` (translate-toolkit's pofilter checks on
the content catalogues): a wrong number, an unbalanced bracket, a double space and an
untranslated copy are one warning each at the catalogue's line, with the source text's
line; the toolkit's markup and Russian and Kazakh number typography give none; the
examples are clean; the warnings never stop a build, not even with ``--strict``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_glossary import invoke, set_translation
from toolkit.i18n.po import parse_po

ROOT = Path(__file__).resolve().parents[1]
ENTRY = "art14/witnesses-and-delays"  # sections/50-art14.yaml:64, a paragraph with a citation
WHERE = "sections/50-art14.yaml:64"
RU = ("Статьи 98 и 217 Уголовно-процессуального кодекса допускают допрос защищаемых "
      "свидетелей в отсутствие подсудимого, без визуального наблюдения и с изменением голоса. "
      "Тем самым обвиняемый лишается гарантированного пунктом 3 e) статьи 14 права допрашивать "
      "свидетелей. Статья 192 Кодекса, в свою очередь, позволяет продлевать досудебное "
      "расследование вплоть до истечения срока давности привлечения к уголовной "
      "ответственности, что несовместимо с правом быть судимым без неоправданной "
      "задержки.[@cpc-2014, ст. 192]")


def quality_lines(output: str, lang: str) -> list[str]:
    """The catalogue's warnings other than the glossary's."""
    return [line for line in output.splitlines()
            if re.search(rf"locales/{lang}\.po:\d+:\d+: warning: ", line)
            and "glossary entry at" not in line]


def one_warning_at(root: Path, lang: str, line: int) -> str:
    code, out = invoke("check", root)
    assert code == 0, out
    found = quality_lines(out, lang)
    assert len(found) == 1, out
    assert re.search(rf"locales/{lang}\.po:{line}:\d+: warning: {re.escape(ENTRY)}: ",
                     found[0]), found[0]
    assert WHERE in found[0], found[0]
    return found[0]


def test_the_examples_have_no_quality_warnings() -> None:
    for name in ("kaz-iccpr-2016", "kaz-upr-2024"):
        code, out = invoke("check", ROOT / "submissions" / name, "--strict")
        assert code == 0, out
        assert quality_lines(out, "ru") == [] and quality_lines(out, "kk") == [], out


def test_the_unchanged_entry_gives_no_warning(example_copy: Path) -> None:
    set_translation(example_copy, "ru", ENTRY, RU)
    code, out = invoke("check", example_copy)
    assert code == 0 and quality_lines(out, "ru") == [], out


def test_a_wrong_number_is_one_warning_at_the_po_line(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", ENTRY, RU.replace("Статья 192", "Статья 129"))
    assert "192" in one_warning_at(example_copy, "ru", line)


def test_a_dropped_second_occurrence_of_a_number_is_found(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", ENTRY,
                           RU.replace("Статья 192 Кодекса", "Статья Кодекса"))
    assert "192" in one_warning_at(example_copy, "ru", line)


def test_an_unbalanced_bracket_is_one_warning(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", ENTRY,
                           RU.replace("Уголовно-процессуального кодекса",
                                      "Уголовно-процессуального кодекса (УПК"))
    one_warning_at(example_copy, "ru", line)


def test_a_double_space_is_one_warning(example_copy: Path) -> None:
    line = set_translation(example_copy, "kk", ENTRY,
                           RU.replace("допускают допрос", "допускают  допрос"))
    # a Russian text in the Kazakh catalogue: the quality checks look at form, not language
    one_warning_at(example_copy, "kk", line)


def test_an_untranslated_copy_is_one_warning(example_copy: Path) -> None:
    source = next(e for e in parse_po((example_copy / "locales" / "kk.po").read_bytes()).entries
                  if e.msgctxt == ENTRY).msgid
    line = set_translation(example_copy, "kk", ENTRY, source)
    one_warning_at(example_copy, "kk", line)


def test_names_and_symbols_may_stay_the_same(example_copy: Path) -> None:
    po = parse_po((example_copy / "locales" / "kk.po").read_bytes())
    source = next(e for e in po.entries if e.msgctxt == "coalition/adilsoz").msgid
    set_translation(example_copy, "kk", "coalition/adilsoz", source)
    code, out = invoke("check", example_copy)
    assert code == 0 and quality_lines(out, "kk") == [], out


def test_fuzzy_entries_are_not_checked(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", ENTRY, RU.replace("Статья 192", "Статья 129"))
    path = example_copy / "locales" / "ru.po"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgctxt "{ENTRY}"')
    lines.insert(start, "#, fuzzy")
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out = invoke("check", example_copy)
    assert code == 0 and quality_lines(out, "ru") == [], (line, out)


def test_strict_keeps_quality_warnings_warnings(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", ENTRY, RU.replace("Статья 192", "Статья 129"))
    code, out = invoke("check", example_copy, "--strict")
    assert code == 0, out
    found = quality_lines(out, "ru")
    assert len(found) == 1 and f"ru.po:{line}:" in found[0], out


# A source paragraph full of markup and numbers, and translations that keep every number in
# their language's typography. The source replaces the paragraph in the YAML file and in
# the catalogues' msgid (kept current, so the entries are checked).
SOURCE = ("In 2019 the courts heard 12,345 cases under articles 98 and 217, 12.5 per cent more "
          "than in 2018, in the 41st year of records; paragraph 3 (e) of article 14 "
          "applies.^[See the report for 2019 (table 3), p. 7.] The figures are in "
          "[the 2019 statistics](https://stat.gov.kz/2019/report-12) and *Bulletin No. 4* "
          "[@cpc-2014, art. 192], as @sec:follow-up recalls [@loi, para. 1]. The Committee "
          "asked for them on 3 July 2014 (CCPR/C/KAZ/CO/2, para. 12).")
TRANSLATIONS = {
    "ru": ("В 2019 году суды рассмотрели 12\u00a0345 дел по статьям 98 и 217, на 12,5 "
           "процента больше, чем в 2018 году, в сорок первый год учета; применяется пункт "
           "3 e) статьи 14.^[См. отчет за 2019 год (таблица 3), с. 7.] Данные приведены в "
           "[статистике за 2019 год](https://stat.gov.kz/2019/report-12) и в *Бюллетене "
           "№ 4* [@cpc-2014, ст. 192], о чем напоминает раздел @sec:follow-up [@loi, п. 1]. "
           "Комитет запросил их 3 июля 2014 г. (CCPR/C/KAZ/CO/2, п. 12)."),
    "kk": ("2019 жылы соттар 98 және 217-баптар бойынша 12 345 істі қарады, бұл 2018 "
           "жылғыдан 12,5 пайызға көп, есепке алудың 41-ші жылы; 14-баптың 3-тармағының e) "
           "тармақшасы қолданылады.^[2019 жылғы есепті қараңыз (3-кесте), 7-б.] Деректер "
           "[2019 жылғы статистикада](https://stat.gov.kz/2019/report-12) және *№ 4 "
           "бюллетеньде* [@cpc-2014, 192-бап] берілген, бұл туралы @sec:follow-up бөлімі "
           "еске салады [@loi, 1-тармақ]. Комитет оларды 2014 жылғы 3 шілдеде сұраған "
           "(CCPR/C/KAZ/CO/2, 12-тармақ)."),
}


def set_source(root: Path, text: str) -> None:
    """Replace the paragraph's text in its YAML file and its msgid in every catalogue."""
    path = root / "sections" / "50-art14.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("  - id: witnesses-and-delays") + 1
    end = next(i for i in range(start + 1, len(lines))
               if not lines[i].startswith("      "))
    lines[start:end] = ["    text: " + json.dumps(text, ensure_ascii=False)]
    path.write_text("\n".join(lines), encoding="utf-8")
    for lang in ("ru", "kk"):
        po = root / "locales" / f"{lang}.po"
        lines = po.read_text(encoding="utf-8").split("\n")
        at = lines.index(f'msgctxt "{ENTRY}"') + 1
        assert lines[at].startswith("msgid ")
        lines[at] = "msgid " + json.dumps(text, ensure_ascii=False)
        po.write_text("\n".join(lines), encoding="utf-8")


def test_markup_and_number_typography_give_no_warning(example_copy: Path) -> None:
    set_source(example_copy, SOURCE)
    for lang, text in TRANSLATIONS.items():
        set_translation(example_copy, lang, ENTRY, text)
    code, out = invoke("check", example_copy)
    assert code == 0, out
    assert f"{ENTRY}: translation" not in out  # the entry is current and its markup kept
    assert quality_lines(out, "ru") == [] and quality_lines(out, "kk") == [], out


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_wrong_number_in_a_footnote_is_found(example_copy: Path, lang: str) -> None:
    set_source(example_copy, SOURCE)
    for other, text in TRANSLATIONS.items():
        line = set_translation(example_copy, other, ENTRY,
                               text.replace("7", "8") if other == lang else text)
        if other == lang:
            wrong = line
    code, out = invoke("check", example_copy)
    assert code == 0, out
    found = quality_lines(out, "ru") + quality_lines(out, "kk")
    assert len(found) == 1 and f"{lang}.po:{wrong}:" in found[0], out


def test_a_small_first_letter_is_one_warning(example_copy: Path) -> None:
    line = set_translation(example_copy, "ru", ENTRY, "с" + RU[1:])
    one_warning_at(example_copy, "ru", line)


def test_translate_toolkit_is_loaded_only_for_a_catalogue(example_copy: Path) -> None:
    """``check`` on a submission without catalogues does not pay for the library."""
    for po in (example_copy / "locales").glob("*.po"):
        po.unlink()
    probe = ("import sys\nfrom toolkit.cli.main import main\nsys.argv = ['toolkit', 'check', "
             f"{str(example_copy)!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('translate' in sys.modules)")
    without = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             timeout=300, cwd=ROOT)
    assert without.stdout.splitlines()[-1] == "False", without.stdout + without.stderr
