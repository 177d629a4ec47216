"""Tests for the mechanism catalogue: the shipped data is right, and bad user data is reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from toolkit.model.mechanisms import (
    MECHANISM_CODES,
    MECHANISMS_DIR,
    THEMES_FILE,
    CatalogueError,
    Limits,
    load_mechanism,
    load_themes,
    mechanism_codes,
    msgids,
)

EXPECTED_ARTICLES = {
    "ccpr": [str(n) for n in range(1, 28)],
    "cescr": [str(n) for n in range(1, 16)],
    "cat": [str(n) for n in range(1, 17)] + ["20", "22"],
    "cedaw": [str(n) for n in range(1, 17)],
    "crc": [str(n) for n in range(1, 42)],
    "cerd": [str(n) for n in range(1, 8)],
    "crpd": [str(n) for n in range(1, 34)],
    "upr": [],
}


def _write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _minimal(code: str) -> dict[str, object]:
    return {
        "code": code,
        "treaty": "Convention on the Rights of Testers",
        "treaty_short": "the Convention",
        "treaty_abbreviation": "CRT",
        "committee": "Committee on the Rights of Testers",
        "symbol_prefix": "CRT/C",
        "symbol_pattern": r"^CRT/C/[A-Z]{3}/CO/\d+$",
        "part_title": "The Convention article by article",
        "limits": {"words": 5000},
        "articles": {"1": "Definition of a tester"},
    }


# --------------------------------------------------------------------------- shipped data


def test_data_files_are_exactly_the_builtin_codes() -> None:
    assert sorted(p.stem for p in MECHANISMS_DIR.glob("*.yaml")) == sorted(MECHANISM_CODES)


@pytest.mark.parametrize("code", MECHANISM_CODES)
def test_every_mechanism_loads_with_expected_articles(code: str) -> None:
    mech = load_mechanism(code)
    assert mech.code == code
    assert [a.number for a in mech.article_list()] == EXPECTED_ARTICLES[code]
    assert all(title and title == title.strip() for title in mech.articles.values())
    # Titles within a treaty are distinct (a copy-paste slip would duplicate one).
    assert len(set(mech.articles.values())) == len(mech.articles)


@pytest.mark.parametrize("code", MECHANISM_CODES)
def test_symbol_pattern_is_anchored_and_uses_prefix(code: str) -> None:
    mech = load_mechanism(code)
    assert mech.symbol_pattern.startswith("^") and mech.symbol_pattern.endswith("$")
    assert mech.symbol_pattern.startswith("^" + re.escape(mech.symbol_prefix.split("/")[0]))


def test_spot_check_titles() -> None:
    ccpr = load_mechanism("ccpr")
    assert "torture" in ccpr.article_title("7").lower()
    assert ccpr.article_title("19") == "Freedom of opinion and expression"
    assert ccpr.article_title("6") == "Right to life"
    assert ccpr.treaty == "International Covenant on Civil and Political Rights"
    assert ccpr.committee == "Human Rights Committee"
    assert ccpr.treaty_short == "the Covenant"
    assert load_mechanism("crc").article_title("3") == "Best interests of the child"
    assert load_mechanism("crc").article_title("12") == "Respect for the views of the child"
    cedaw16 = load_mechanism("cedaw").article_title("16").lower()
    assert "marriage" in cedaw16 and "family" in cedaw16
    assert load_mechanism("cat").article_title("3") == "Non-refoulement"
    assert load_mechanism("crpd").article_title("12") == "Equal recognition before the law"
    assert load_mechanism("crpd").article_title("19") == (
        "Living independently and being included in the community"
    )
    assert load_mechanism("cescr").article_title("11") == "Right to an adequate standard of living"
    assert "racial discrimination" in load_mechanism("cerd").article_title("1").lower()
    assert load_mechanism("cescr").symbol_prefix == "E/C.12"
    assert load_mechanism("upr").part_title == "Thematic issues"


def test_has_article_and_paragraph_references() -> None:
    ccpr = load_mechanism("ccpr")
    for ref in ("7", "2.3", "2(3)", "2 (3)", "14.3(d)", "14 (3) (d)", " 9 "):
        assert ccpr.has_article(ref), ref
    for ref in ("99", "0", "28", "", "art. 7", "2.", "2(3", "2.3.1", "7a"):
        assert not ccpr.has_article(ref), ref
    assert ccpr.article_title("2.3") == ccpr.article_title("2")
    assert ccpr.article_title("99") is None
    assert ccpr.article("7.1") is not None and ccpr.article("7.1").number == "7"
    assert not load_mechanism("upr").has_article("1")


@pytest.mark.parametrize(
    ("code", "symbol"),
    [
        ("ccpr", "CCPR/C/KAZ/CO/1"),
        ("ccpr", "CCPR/C/KAZ/CO/2/Add.1"),
        ("ccpr", "CCPR/C/KAZ/2"),
        ("ccpr", "CCPR/C/KAZ/Q/2"),
        ("ccpr", "CCPR/C/KAZ/Q/2/Add.1"),
        ("ccpr", "CCPR/C/KAZ/QPR/3"),
        ("ccpr", "CCPR/C/CHN-HKG/CO/4"),
        ("ccpr", "CCPR/CO/79/RUS"),
        ("ccpr", "CCPR/C/79/Add.113"),
        ("ccpr", "CCPR/C/KAZ/CO/1/Corr.1"),
        ("cescr", "E/C.12/KAZ/CO/2"),
        ("cescr", "E/C.12/KAZ/2"),
        ("cescr", "E/C.12/KAZ/Q/2"),
        ("cescr", "E/C.12/1/Add.105"),
        ("cat", "CAT/C/KAZ/CO/3"),
        ("cat", "CAT/C/KAZ/QPR/4"),
        ("cedaw", "CEDAW/C/KAZ/CO/5"),
        ("cedaw", "CEDAW/C/KAZ/Q/5/Add.1"),
        ("crc", "CRC/C/KAZ/CO/4"),
        ("crc", "CRC/C/KAZ/CO/5-6"),
        ("crc", "CRC/C/OPSC/KAZ/CO/1"),
        ("crc", "CRC/C/15/Add.213"),
        ("cerd", "CERD/C/KAZ/CO/8-10"),
        ("cerd", "CERD/C/65/CO/3"),
        ("crpd", "CRPD/C/KAZ/1"),
        ("crpd", "CRPD/C/KAZ/CO/1"),
        ("crpd", "CRPD/C/EU/CO/1"),
        ("upr", "A/HRC/43/10"),
        ("upr", "A/HRC/43/10/Add.1"),
        ("upr", "A/HRC/WG.6/34/KAZ/1"),
        ("upr", "A/HRC/WG.6/34/KAZ/3"),
    ],
)
def test_symbol_ok(code: str, symbol: str) -> None:
    assert load_mechanism(code).symbol_ok(symbol)


@pytest.mark.parametrize(
    ("code", "symbol"),
    [
        ("ccpr", "CCPR-C-KAZ"),
        ("ccpr", "CCPR/C/KAZ"),
        ("ccpr", "CCPR/C/kaz/CO/1"),
        ("ccpr", "CCPR/C/KAZ/CO/1 "),
        ("ccpr", "CCPR/C/KAZ/CO/1\n"),
        ("ccpr", "E/C.12/KAZ/CO/2"),
        ("ccpr", "CCPR/C/KAZ/XX/1"),
        ("cescr", "CCPR/C/KAZ/CO/1"),
        ("cescr", "E/C12/KAZ/CO/2"),
        ("crc", "CRC/C/KAZ/CO/"),
        ("upr", "A/HRC/43"),
        ("upr", "A/HRC/43/10/Add"),
        ("upr", "CCPR/C/KAZ/CO/1"),
    ],
)
def test_symbol_rejected(code: str, symbol: str) -> None:
    assert not load_mechanism(code).symbol_ok(symbol)


def test_recommendation_refs() -> None:
    upr = load_mechanism("upr")
    assert upr.recommendation_ref_ok("128.45")
    assert not upr.recommendation_ref_ok("128")
    ccpr = load_mechanism("ccpr")
    assert ccpr.recommendation_ref_ok("23") and ccpr.recommendation_ref_ok("23 (a)")
    assert not ccpr.recommendation_ref_ok("128.45")


def test_limits() -> None:
    upr = load_mechanism("upr").limits
    assert upr.word_limit("individual") == 2815
    assert upr.word_limit("joint") == 5630
    ccpr = load_mechanism("ccpr").limits
    assert ccpr.word_limit("joint") == ccpr.word_limit("individual") == 10000
    assert ccpr.footnotes_count is True and ccpr.annexes_count is False
    assert load_mechanism("crc").limits.word_limit("joint") == 10000  # Child Rights Connect
    for code in ("cescr", "cat", "cedaw", "cerd", "crpd"):
        assert load_mechanism(code).limits.word_limit("joint") is None
    both = Limits(words=100, words_joint=200)
    assert (both.word_limit("individual"), both.word_limit("joint")) == (100, 200)
    with pytest.raises(ValueError):
        both.word_limit("group")  # type: ignore[arg-type]


def test_themes() -> None:
    upr = load_mechanism("upr")
    assert upr.uses_themes and upr.themes == THEMES_FILE.resolve()
    assert not load_mechanism("ccpr").uses_themes
    themes = load_themes()
    assert len(themes) >= 30
    for theme_id in (
        "freedom-of-expression",
        "torture",
        "womens-rights",
        "rights-of-the-child",
        "fair-trial",
        "freedom-of-assembly",
        "freedom-of-association",
        "freedom-of-religion",
        "human-rights-defenders",
        "death-penalty",
        "nhri",
        "migrants",
        "persons-with-disabilities",
        "minorities",
        "lgbti",
        "labour-rights",
        "right-to-health",
        "right-to-education",
        "environment",
        "corruption",
        "elections",
        "judiciary",
        "detention",
        "domestic-violence",
        "trafficking",
        "counter-terrorism",
        "civil-society-space",
        "internet-freedom",
        "statelessness",
        "international-instruments",
    ):
        assert theme_id in themes, theme_id
    assert themes["freedom-of-expression"] == "Freedom of opinion and expression"
    themes["torture"] = "changed"
    assert load_themes()["torture"] != "changed"  # callers get a copy, not the cache


def test_user_theme_file_adds_and_renames(tmp_path: Path) -> None:
    extra = _write(tmp_path / "themes.yaml", {"water-rights": "Water", "torture": "Torture"})
    themes = load_themes([extra])
    assert themes["water-rights"] == "Water" and themes["torture"] == "Torture"
    bad = _write(tmp_path / "bad.yaml", {"Not An Id": "x"})
    with pytest.raises(CatalogueError, match="bad.yaml"):
        load_themes([bad])


def test_msgids() -> None:
    ids = list(msgids())
    assert len(ids) == len(set(ids))
    assert "International Covenant on Civil and Political Rights" in ids
    assert "Human Rights Committee" in ids
    assert "Best interests of the child" in ids
    assert "Thematic issues" in ids
    assert "Freedom of opinion and expression" in ids
    assert "CCPR/C" not in ids


# --------------------------------------------------------------------------- user data


def test_user_dir_adds_a_mechanism(tmp_path: Path) -> None:
    _write(tmp_path / "mechanisms" / "crt.yaml", _minimal("crt"))
    assert "crt" in mechanism_codes([tmp_path])
    mech = load_mechanism("crt", [tmp_path])
    assert mech.article_title("1") == "Definition of a tester"
    assert mech.symbol_ok("CRT/C/KAZ/CO/1")
    assert mech.limits.word_limit("joint") == 5000
    assert "Definition of a tester" in list(msgids([tmp_path]))
    with pytest.raises(CatalogueError, match="unknown mechanism"):
        load_mechanism("crt")  # not without the user directory


def test_user_dir_overrides_builtin_and_edits_are_seen(tmp_path: Path) -> None:
    data = _minimal("ccpr")
    path = _write(tmp_path / "ccpr.yaml", data)
    assert load_mechanism("ccpr", [tmp_path]).treaty == "Convention on the Rights of Testers"
    assert load_mechanism("ccpr").treaty == "International Covenant on Civil and Political Rights"
    data["treaty"] = "Edited treaty name, longer than before"
    _write(path, data)
    assert load_mechanism("ccpr", [tmp_path]).treaty == "Edited treaty name, longer than before"


def test_user_mechanism_with_own_themes(tmp_path: Path) -> None:
    data = _minimal("xr")
    del data["articles"]
    data["themes"] = "my-themes.yaml"
    _write(tmp_path / "xr.yaml", data)
    _write(tmp_path / "my-themes.yaml", {"water": "Water"})
    mech = load_mechanism("xr", [tmp_path])
    assert mech.uses_themes and mech.themes == (tmp_path / "my-themes.yaml").resolve()
    assert load_themes([mech.themes])["water"] == "Water"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"limits": {"words": "many"}}, r"limits\.words"),
        ({"limits": {"words": -5}}, r"limits\.words"),
        ({"treaty": ""}, r"treaty:"),
        ({"colour": "blue"}, r"colour: unknown field"),
        ({"code": "other"}, r"does not match the file name"),
        ({"symbol_pattern": "^CRT/("}, r"symbol_pattern: invalid regular expression"),
        ({"articles": {"one": "Purpose"}}, r"articles: article numbers"),
        ({"articles": {}}, r"needs 'articles' or 'themes'"),
        ({"themes": "missing.yaml"}, r"themes: file not found"),
        ({"limits": {"footnotes_count": "yes"}}, r"limits\.footnotes_count"),
    ],
)
def test_broken_user_file_names_file_and_field(
    tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    data = {**_minimal("crt"), **change}
    _write(tmp_path / "crt.yaml", data)
    with pytest.raises(CatalogueError) as info:
        load_mechanism("crt", [tmp_path])
    message = str(info.value)
    assert "crt.yaml" in message
    assert re.search(expected, message), message
    assert "Traceback" not in message and "pydantic" not in message


def test_missing_field_is_reported(tmp_path: Path) -> None:
    data = _minimal("crt")
    del data["committee"]
    _write(tmp_path / "crt.yaml", data)
    with pytest.raises(CatalogueError, match=r"crt\.yaml: committee: Field required"):
        load_mechanism("crt", [tmp_path])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("code: crt\ntreaty: [unclosed\n", r"crt\.yaml: line \d+, column \d+: invalid YAML"),
        ("- just\n- a list\n", r"crt\.yaml: expected a mapping"),
        ('code: crt\narticles:\n  "7": A\n  "7": B\n', r"duplicate key '7'"),
    ],
)
def test_unparsable_user_file(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "crt.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=expected):
        load_mechanism("crt", [tmp_path])


def test_unquoted_article_numbers_are_accepted(tmp_path: Path) -> None:
    text = yaml.safe_dump(_minimal("crt")).replace("'1':", "1:")
    assert "\n  1:" in text
    (tmp_path / "crt.yaml").write_text(text, encoding="utf-8")
    assert load_mechanism("crt", [tmp_path]).has_article("1")


def test_bad_codes_and_dirs(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="unknown mechanism"):
        load_mechanism("ccprx")
    with pytest.raises(CatalogueError, match="invalid mechanism code"):
        load_mechanism("../ccpr")
    with pytest.raises(CatalogueError, match="data directory not found"):
        load_mechanism("ccpr", [tmp_path / "nope"])
    assert load_mechanism(" CCPR ").code == "ccpr"
