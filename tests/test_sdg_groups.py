"""SDG goals and targets, and groups of persons, as validated data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import ART7, VALID_FILES
from toolkit.cli.main import app
from toolkit.read.catalogues import GROUPS_FILE, SDG_FILE, load_groups, load_sdg

runner = CliRunner()


def test_sdg_catalogue_has_17_goals_and_169_targets_with_titles() -> None:
    sdg = load_sdg()
    goals = [e for e in sdg.values() if e.is_goal]
    targets = [e for e in sdg.values() if not e.is_goal]
    assert [g.code for g in goals] == [str(n) for n in range(1, 18)]
    assert len(targets) == 169
    assert all(t.titles.get(lang) for t in targets for lang in ("en", "ru", "kk"))
    assert all(g.titles.get(lang) for g in goals for lang in ("en", "ru", "kk"))
    assert sdg["16.10"].titles["en"] and sdg["5.a"].titles["ru"]
    raw = yaml.safe_load(SDG_FILE.read_text(encoding="utf-8"))
    assert raw["source"]["document"] == "A/RES/70/1"
    assert all(goal.get("kk_unconfirmed") is True for goal in raw["goals"].values())
    assert all(target.get("kk_unconfirmed") is True for goal in raw["goals"].values()
               for target in goal["targets"].values())


def test_groups_catalogue_in_three_languages_and_extensible(tmp_path: Path) -> None:
    groups = load_groups()
    for ident in ("women", "children", "persons-with-disabilities", "migrants",
                  "refugees-asylum-seekers", "human-rights-defenders", "lgbti-persons",
                  "minorities", "indigenous-peoples", "persons-deprived-of-liberty"):
        assert set(groups[ident]) >= {"en", "ru", "kk"}
    own = tmp_path / "groups.yaml"
    own.write_text("sex-workers: {en: Sex workers, ru: Секс-работники}\n"
                   "women: {en: Women, ru: Женщины, kk: Әйелдер}\n", encoding="utf-8")
    extended = load_groups(own)
    assert extended["sex-workers"]["en"] == "Sex workers"
    assert extended["women"]["en"] == "Women"
    assert len(extended) == len(yaml.safe_load(GROUPS_FILE.read_text(encoding="utf-8"))) + 1


def _check(make_submission, art7: str, previous: str | None = None) -> object:
    files = {**VALID_FILES, "sections/20-art07.yaml": art7}
    if previous is not None:
        files["previous.yaml"] = previous
    root = make_submission(files)
    return runner.invoke(app, ["check", str(root)]), root


@pytest.mark.parametrize("code", ["16", "16.3", "5.a", "16.10"])
def test_known_goals_and_targets_pass(make_submission, code: str) -> None:
    art7 = ART7.replace("    follows_up: [co1-11]",
                        f"    follows_up: [co1-11]\n    sdg: [\"{code}\"]")
    result, _ = _check(make_submission, art7)
    assert result.exit_code == 0, result.output


def test_unknown_target_is_an_error_with_line_and_suggestion(make_submission) -> None:
    art7 = ART7.replace("    follows_up: [co1-11]", "    follows_up: [co1-11]\n"
                        "    sdg: [\"16.3\", \"16.13\"]")
    result, root = _check(make_submission, art7)
    assert result.exit_code == 1
    lines = (root / "sections" / "20-art07.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "16.13" in text)
    assert f"20-art07.yaml:{line}:" in result.output
    assert "16.13" in result.output and "did you mean '16." in result.output


def test_unknown_goal_is_an_error(make_submission) -> None:
    art7 = ART7.replace("    follows_up: [co1-11]", "    follows_up: [co1-11]\n"
                        "    sdg: [\"18\"]")
    result, _ = _check(make_submission, art7)
    assert result.exit_code == 1 and "'18'" in result.output


def test_previous_entries_sdg_checked_and_unknown_groups_warned(make_submission) -> None:
    previous = """\
- id: co1-11
  document: CCPR/C/KAZ/CO/1
  paragraph: 11
  text: The State party should investigate all allegations of torture.
  assessment: not-implemented
  recommending_state: [Maldives, Portugal]
  groups: [women, persons-deprived-of-libery]
  sdg: [16, "16.99"]
"""
    result, _ = _check(make_submission, ART7, previous)
    assert result.exit_code == 1
    assert "previous.yaml:8:" in result.output and "16.99" in result.output
    assert "previous.yaml:7:" in result.output
    assert "did you mean 'persons-deprived-of-liberty'" in result.output


def test_a_submissions_groups_file_is_read_as_written_and_guarded(make_submission) -> None:
    """groups.yaml beside submission.yaml: keys stay the text written (``yes`` is no
    boolean), and a pipe in its place is refused at once with the file named."""
    import os

    root = make_submission(dict(VALID_FILES))
    (root / "groups.yaml").write_text("yes: {en: People who said yes}\n", encoding="utf-8")
    assert "yes" in load_groups(root / "groups.yaml")
    (root / "groups.yaml").unlink()
    os.mkfifo(root / "groups.yaml")
    result = runner.invoke(app, ["check", str(root)])
    assert result.exit_code == 1
    assert "groups.yaml" in result.output and "Traceback" not in result.output
