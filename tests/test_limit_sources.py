"""Every mechanism's limits come with where they were read; `toolkit stats` shows it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import ROOT
from toolkit.check.words import WordCount
from toolkit.cli.main import app, limit_rules
from toolkit.model.mechanisms import (
    MECHANISM_CODES,
    MECHANISMS_DIR,
    CatalogueError,
    load_mechanism,
)

runner = CliRunner()
WORD_FIELDS = ("words", "words_individual", "words_joint", "words_thematic")


@pytest.mark.parametrize("code", MECHANISM_CODES)
def test_every_limit_has_a_source(code: str) -> None:
    raw = yaml.safe_load((MECHANISMS_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
    limits = raw["limits"]
    # read from the file as written: the rule and its status are explicit, not defaults
    assert limits["status"] in ("confirmed", "unconfirmed")
    assert limits["footnotes_status"] in ("confirmed", "unconfirmed")
    assert isinstance(limits["footnotes_count"], bool)
    assert limits["sources"], f"{code}: no source for its limits"
    for source in limits["sources"]:
        assert source["title"].strip() and source["url"].startswith(("https://", "http://"))
        assert isinstance(source["read"], dt.date)
    if limits["footnotes_status"] == "confirmed":
        assert limits["footnotes_source"]["url"]
    else:
        assert limits["footnotes_note"].strip()
    parsed = load_mechanism(code).limits
    if any(getattr(parsed, name) is not None for name in WORD_FIELDS) and \
            parsed.status == "unconfirmed":
        # a limit that is enforced but not confirmed says so in what the source says
        assert any("confirm" in (s.says or "") for s in parsed.sources), code


def test_the_known_limits() -> None:
    ccpr = load_mechanism("ccpr").limits
    assert (ccpr.words, ccpr.status) == (10000, "confirmed")
    assert "ohchr.org" in ccpr.sources[0].url
    upr = load_mechanism("upr").limits
    assert (upr.words_individual, upr.words_joint) == (2815, 5630)
    assert upr.status == "confirmed"  # third cycle (UPR Info on OHCHR's guidelines)
    assert any("upr-info.org" in source.url for source in upr.sources)
    crc = load_mechanism("crc").limits
    assert (crc.words, crc.words_thematic, crc.annexes_count) == (10000, 3000, False)
    assert "childrightsconnect" in crc.sources[0].url
    cedaw = load_mechanism("cedaw").limits
    assert cedaw.words is None and cedaw.status == "unconfirmed"
    assert "10 pages" in (cedaw.sources[0].says or "")


def test_a_confirmed_limit_without_a_source_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((MECHANISMS_DIR / "ccpr.yaml").read_text(encoding="utf-8"))
    data["limits"].pop("sources")
    (tmp_path / "ccpr.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_mechanism("ccpr", [tmp_path])
    assert "ccpr.yaml" in str(error.value) and "sources" in str(error.value)


def test_stats_shows_the_limit_and_the_footnote_rule_with_their_sources() -> None:
    result = runner.invoke(app, ["stats", str(ROOT / "submissions" / "kaz-iccpr-2016")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    ccpr = load_mechanism("ccpr").limits.sources[0]
    assert any(line.strip().startswith("word limit: 10000 — source: " + ccpr.title)
               and ccpr.url in line and f"(read {ccpr.read.isoformat()})" in line for line in lines)
    assert any(line.strip().startswith("footnotes counted: yes — unconfirmed, not stated in: "
                                       + ccpr.title) for line in lines)


def test_stats_shows_the_rules_in_the_build_language() -> None:
    result = runner.invoke(app, ["stats", str(ROOT / "submissions" / "kaz-upr-2024")])
    assert result.exit_code == 0, result.output
    ru = result.output.split("[ru]")[1].split("[kk]")[0]
    assert "сноски учитываются: да — не подтверждено" in ru
    assert "предельный объем: 5630 слов — источник: UPR Info" in ru
    kk = result.output.split("[kk]")[1]
    assert "сілтемелер есептеледі: иә" in kk


def test_a_rule_set_in_submission_yaml_is_reported_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "upr"
    shutil.copytree(ROOT / "submissions" / "kaz-upr-2024", folder,
                    ignore=shutil.ignore_patterns("build"))
    path = folder / "submission.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "limits: {footnotes_count: false}\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["stats", str(folder)])
    assert result.exit_code == 0, result.output
    assert "footnotes counted: no — set in submission.yaml" in result.output


def test_no_known_limit_and_thematic_limit_are_shown() -> None:
    cedaw = WordCount("en", limit=None, limits=load_mechanism("cedaw").limits)
    lines = limit_rules(cedaw)
    assert lines[0].startswith("no word limit known — unconfirmed — source read: OHCHR")
    crc = WordCount("en", limit=10000, limits=load_mechanism("crc").limits)
    assert "thematic inputs: 3000 words (not enforced)" in limit_rules(crc)


def test_stats_json_carries_the_limits_and_their_sources() -> None:
    import json

    result = runner.invoke(app, ["stats", str(ROOT / "submissions" / "kaz-upr-2024"),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    english = next(row for row in data["languages"] if row["language"] == "en")
    assert english["limits"]["status"] in {"confirmed", "unconfirmed"}
    assert all(source["url"].startswith("http") for source in english["limits"]["sources"])
    assert english["limit_rules"] and str(english["limit"]) in english["limit_rules"][0]
