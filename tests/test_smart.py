"""The SMART phrasing rule of ``toolkit check``: real recommendation openings, en and ru.

Accepted: the action first, the actor implied, as in the recommendations of UPR Working
Group reports ("Ratify …", "Closely monitor …", «Принять …»). Flagged: an opening that
names the actor or a noun ("The State party should …", "Government to ensure …",
«Государству следует …») — the treaty bodies' own voice, not a proposed action.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import ROOT
from toolkit.check.smart import ActionLexicon, recommendation_diagnostics, starts_with_action
from toolkit.cli.main import app
from toolkit.model.document import Text
from toolkit.pipeline import load

runner = CliRunner()
UPR = ROOT / "submissions" / "kaz-upr-2024"

ACCEPTED_EN = [
    "Ratify the Optional Protocol to the Convention against Torture.",
    "Delete article 174 from the Criminal Code.",
    "Decrease the maximum term of pretrial detention.",
    "Toughen penalties for domestic violence.",
    "Lay down clear criteria for registering associations.",
    "Closely monitor the implementation of the law on peaceful assemblies.",
    "Clearly define 'extremism' in the law.",
    "Urgently adopt a comprehensive anti-discrimination law.",
    "Promptly, thoroughly and impartially investigate all allegations of torture.",
    "Also consider acceding to the Convention on statelessness.",
    "Further strengthen the independence of the Commissioner for Human Rights.",
    "Continue its efforts to combat trafficking in persons.",
    "Take all necessary measures to prevent torture.",
    "Consider ratifying the Second Optional Protocol.",
    "Step up efforts to eliminate violence against women.",
    "Redouble its efforts to protect human rights defenders.",
    "Bring its legislation into line with article 19 of the Covenant.",
    "Criminalize domestic violence as a separate offence.",
    "Decriminalise defamation.",
    "Disaggregate data on violence against women by age and ethnicity.",
    "Fast-track the adoption of the law.",
    "Re-establish the moratorium on the death penalty.",
    "Ensure that journalists can work without fear of reprisals.",
    "Review the law on public associations.",
    "Report on progress at the next review.",
]

FLAGGED_EN = [
    "The State party should repeal article 174.",
    "Government to ensure the independence of the judiciary.",
    "Kazakhstan should abolish the death penalty.",
    "State party to ratify the Optional Protocol.",
    "Access to justice should be guaranteed to all.",
    "Review of the Criminal Code is needed.",
    "Adopting a law on domestic violence.",
    "Measures to combat torture.",
    "It is recommended that the Government adopt a law.",
    "We recommend that the Government adopt a law.",
    "Should the State adopt a law, it would help.",
    "Legislation on public associations.",
    "Closely the Government should monitor.",
    "",
]

ACCEPTED_RU = [
    "Ратифицировать Факультативный протокол к Конвенции против пыток.",
    "Принять всеобъемлющий антидискриминационный закон.",
    "Обеспечить независимость судебной власти.",
    "Обеспечьте независимость судебной власти.",
    "Воздерживаться от преследования журналистов.",
    "Воздерживайтесь от преследования журналистов.",
    "Добиться полного осуществления закона.",
    "Незамедлительно принять закон о бытовом насилии.",
    "Безотлагательно и беспристрастно расследовать все заявления о пытках.",
    "Не допускать задержания мирных демонстрантов.",
    "Продолжать усилия по борьбе с торговлей людьми.",
    "Рассмотреть возможность ратификации второго Факультативного протокола.",
    "Декриминализировать клевету.",
    "Привести законодательство в соответствие со статьей 19 Пакта.",
    "Отменить смертную казнь.",
]

FLAGGED_RU = [
    "Государство-участник должно отменить статью 174.",
    "Правительству следует обеспечить независимость судов.",
    "Казахстану следует отменить смертную казнь.",
    "Рекомендуется принять закон.",
    "Необходимо обеспечить независимость судов.",
    "Меры по борьбе с пытками.",
    "Принятие закона о бытовом насилии.",
    "Принимая во внимание рекомендации, принять закон.",
]


@pytest.fixture(scope="module")
def lexicon() -> ActionLexicon:
    return ActionLexicon()


@pytest.mark.parametrize("text", ACCEPTED_EN)
def test_english_actions_accepted(text: str, lexicon: ActionLexicon) -> None:
    assert starts_with_action(text, "en", lexicon)


@pytest.mark.parametrize("text", FLAGGED_EN)
def test_english_non_actions_flagged(text: str, lexicon: ActionLexicon) -> None:
    assert not starts_with_action(text, "en", lexicon)


@pytest.mark.parametrize("text", ACCEPTED_RU)
def test_russian_actions_accepted(text: str, lexicon: ActionLexicon) -> None:
    assert starts_with_action(text, "ru", lexicon)


@pytest.mark.parametrize("text", FLAGGED_RU)
def test_russian_non_actions_flagged(text: str, lexicon: ActionLexicon) -> None:
    assert not starts_with_action(text, "ru", lexicon)


def test_kazakh_is_not_checked(lexicon: ActionLexicon) -> None:
    """Kazakh puts the verb last and no Kazakh lexicon is used: never a warning."""
    assert starts_with_action("Азаптауға қарсы факультативтік хаттаманы ратификациялау.",
                              "kk", lexicon)
    assert starts_with_action("Мемлекет соттардың тәуелсіздігін қамтамасыз етуі тиіс.",
                              "kk", lexicon)


def test_lexicons_load_only_when_the_rule_runs() -> None:
    """Importing the CLI and the rule costs nothing; the lexicons load on first use."""
    code = ("import sys, toolkit.cli.main, toolkit.check.smart as s\n"
            "assert 'lemminflect' not in sys.modules and 'pymorphy3' not in sys.modules\n"
            "assert s.starts_with_action('Toughen penalties.', 'en')\n"
            "assert 'pymorphy3' not in sys.modules and 'numpy' not in sys.modules\n"
            "assert s.starts_with_action('Ужесточить наказание.', 'ru')\n"
            "assert 'pymorphy3' in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def upr_copy(tmp_path: Path) -> Path:
    target = tmp_path / "kaz-upr-2024"
    shutil.copytree(UPR, target, ignore=shutil.ignore_patterns("build"))
    return target


def _set_recommendations(root: Path, texts: list[str]) -> None:
    path = root / "sections" / "40-expression.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rec, text in zip(data["recommendations"], texts, strict=False):
        rec["text"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_check_accepts_verbs_the_old_list_missed(upr_copy: Path) -> None:
    _set_recommendations(upr_copy, ["Toughen penalties for attacks on journalists.",
                                    "Closely monitor prosecutions for 'false information'."])
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert result.exit_code == 0, result.output
    assert "does not start with a verb" not in result.output


def test_check_warns_with_file_and_line(upr_copy: Path) -> None:
    _set_recommendations(upr_copy, ["Government to ensure that journalists are safe."])
    result = runner.invoke(app, ["check", str(upr_copy)])
    assert result.exit_code == 0, result.output  # a warning, not an error
    line = next(x for x in result.output.splitlines() if "does not start with a verb" in x)
    assert "40-expression.yaml:" in line and "('Government …')" in line


def test_russian_source_document_is_checked_in_russian(upr_copy: Path) -> None:
    loaded = load(upr_copy)
    document = loaded.document
    assert document is not None
    document.meta.source_language = "ru"
    recs = list(document.recommendations())
    recs[0].content = [Text("Незамедлительно принять закон о защите журналистов.")]
    recs[1].content = [Text("Государству следует обеспечить безопасность журналистов.")]
    recs[2].content = [Text("Воздерживаться от преследования журналистов.")]
    warned = [d.pos for d in recommendation_diagnostics(document).items]
    assert recs[1].pos in warned
    assert recs[0].pos not in warned and recs[2].pos not in warned


def test_english_lookup_answers_as_lemminflect_does() -> None:
    """The bisection over lemminflect's lemma file gives getAllLemmas' answers: words with
    several readings, an apostrophe after the word (sorted apart from it), overrides,
    capitals, hyphens and words it does not know — and every thousandth word of the file,
    and every overridden one, in three capitalisations."""
    import gzip
    import importlib.util
    from pathlib import Path

    from lemminflect import getAllLemmas

    from toolkit.i18n.english import _from_files

    lookup = _from_files()
    assert lookup is not None, "lemminflect's data files were not read: the slow path is used"
    words = ["delete", "decrease", "toughen", "lay", "closely", "clearly", "ensure", "state",
             "review", "book", "ellis's", "ellis", "o.k.'d", "ok", "'d", "was", "be", "better",
             "Ensure", "Fast-track", "fast-track", "xyzzy", "criminalize", "a", ""]
    spec = importlib.util.find_spec("lemminflect")
    assert spec is not None and spec.submodule_search_locations
    resources = Path(next(iter(spec.submodule_search_locations))) / "resources"
    lines = gzip.open(resources / "lemma_lu.csv.gz", "rb").read().decode().splitlines()
    words += [line.split(",")[0] for line in lines[::1000]]
    words += [line.split(",")[0] for line in
              (resources / "lemma_overrides.csv").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    words += [w.capitalize() for w in words] + [w.upper() for w in words]
    assert [lookup(w) for w in words] == [getAllLemmas(w) for w in words]


def test_english_lookup_imports_neither_lemminflect_nor_numpy() -> None:
    """The point of reading the files: lemminflect's package imports numpy (0.15 s and
    more), which no check needs."""
    import subprocess
    import sys

    code = ("import sys; from toolkit.i18n.english import english_lemmas; "
            "english_lemmas()('states'); "
            "print(sorted(m for m in ('lemminflect', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
