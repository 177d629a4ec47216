"""Through the real ``toolkit`` command: wrong usage exits 2 and names the valid choices;
``toolkit new`` writes a submission in the chosen source language that passes the checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE
from tests.docx_inspect import read_docx


def toolkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point (``python -m toolkit.cli`` calls the same main())."""
    return subprocess.run([sys.executable, "-m", "toolkit.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


NEW = ("new", "x", "--state", "KAZ", "--place", "Almaty")

# (arguments, a valid choice the message must list, the suggestion if one is close)
MISUSE = [
    (("build", str(EXAMPLE), "--lang", "fr"), "kk-Latn", None),
    (("build", str(EXAMPLE), "--lang", "kk-latn"), "kk-Latn", "kk-Latn"),
    (("build", str(EXAMPLE), "-l", "en", "-l", "rus"), "kk-Latn", "ru"),
    ((*NEW, "--mechanism", "cedw"), "cedaw", "cedaw"),
    ((*NEW, "--mechanism", "iccpr"), "ccpr", "ccpr"),
    (("new", "x", "--mechanism", "ccpr", "--state", "KZX", "--place", "A"), "KAZ", None),
    (("new", "x", "--mechanism", "ccpr", "--state", "Kazakhstan", "--place", "A"), "KAZ", "KAZ"),
    ((*NEW, "--mechanism", "ccpr", "--source-language", "fr"), "kk", None),
    ((*NEW, "--mechanism", "ccpr", "--languages", "ru,de"), "kk", None),
    ((*NEW, "--mechanism", "ccpr", "--languages", "ru,ru"), "ru", None),
    (("export", "recommendations", str(EXAMPLE), "--format", "xls"), "json", "xlsx"),
    (("export", "recommendations", str(EXAMPLE), "--lang", "fr"), "kk-Latn", None),
    (("i18n", "update", str(EXAMPLE), "--lang", "fr"), "kk", None),
    (("i18n", "update", str(EXAMPLE), "--lang", "kk-Latn"), "--lang kk", None),
]


@pytest.mark.parametrize(("args", "listed", "suggested"), MISUSE,
                         ids=[" ".join(a[0][:1] + a[0][-2:]) for a in MISUSE])
def test_wrong_usage_exits_2_listing_the_choices(tmp_path: Path, args: tuple[str, ...],
                                                 listed: str, suggested: str | None) -> None:
    result = toolkit(*args, "--out", str(tmp_path / "out")) if args[0] in ("build", "export") \
        else toolkit(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert listed in result.stderr
    if suggested:
        assert f"did you mean '{suggested}'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "x").exists()
    assert not (EXAMPLE / "build" / "kaz-iccpr-2016-fr.docx").exists()


def test_a_missing_place_is_wrong_usage(tmp_path: Path) -> None:
    result = toolkit("new", "x", "--mechanism", "ccpr", "--state", "KAZ", cwd=tmp_path)
    assert result.returncode == 2 and "--place" in result.stderr
    assert not (tmp_path / "x").exists()


def test_problems_in_the_users_files_stay_exit_1(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    assert toolkit(*NEW, "--mechanism", "ccpr", cwd=tmp_path).returncode == 1
    assert toolkit("check", str(tmp_path / "nothing-here")).returncode == 1


# Words the example text of each source language must contain (its introduction heading).
HEADINGS = {"en": "Introduction", "ru": "Введение", "kk": "Кіріспе"}


@pytest.mark.parametrize("source", ["en", "ru", "kk"])
@pytest.mark.parametrize("mechanism", ["ccpr", "upr"])
def test_new_writes_in_the_source_language(tmp_path: Path, source: str, mechanism: str) -> None:
    created = toolkit("new", "sub", "--mechanism", mechanism, "--state", "kaz",
                      "--place", "Шымкент", "--source-language", source, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    root = tmp_path / "sub"
    meta = yaml.safe_load((root / "submission.yaml").read_text(encoding="utf-8"))
    others = [lang for lang in ("en", "ru", "kk") if lang != source]
    assert meta["source_language"] == source and meta["place"] == "Шымкент"
    assert meta["languages"] == [source, *others]
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt not installed: apt-get install gettext")
    for lang in others:  # the translators' catalogues are there, and msgfmt accepts them
        po = root / "locales" / f"{lang}.po"
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    checked = toolkit("check", str(root))
    assert checked.returncode == 0, checked.stderr
    assert "0 errors, 0 warnings" in checked.stdout

    built = toolkit("build", str(root), "--lang", source, "--out", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    doc = read_docx(tmp_path / "out" / f"sub-{source}.docx")
    texts = [p.text for p in doc.paragraphs()]
    assert HEADINGS[source] in " ".join(texts)
    assert all(HEADINGS[lang] not in " ".join(texts) for lang in others)
    assert len(doc.footnotes) == 2  # one citation, one free note
    assert any("Шымкент" in text for text in texts)  # the place on the cover


def test_languages_put_the_source_first(tmp_path: Path) -> None:
    created = toolkit(*NEW, "--mechanism", "cat", "--source-language", "ru",
                      "--languages", "en,ru", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    meta = yaml.safe_load((tmp_path / "x" / "submission.yaml").read_text(encoding="utf-8"))
    assert meta["languages"] == ["ru", "en"]
    assert sorted(p.name for p in (tmp_path / "x" / "locales").iterdir()) == ["en.po"]
