"""The real-size report (bench/synth.py size 1: ~80 pages, ~510 paragraphs, ~180 footnotes)
as an HTML edition in every language: strict HTML5, every internal link lands, and as many
notes as the DOCX has footnotes — read back with html5lib, python-docx and Chromium."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.docx_inspect import read_docx
from tests.test_html import parse
from tests.test_html_browser import browser  # noqa: F401  (the shared Chromium fixture)
from toolkit.cli.main import app

LANGS = ["en", "ru", "kk"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """(html, docx) per language of the generated report, translations pseudo-filled."""
    folder = tmp_path_factory.mktemp("real-size")
    with pytest.MonkeyPatch.context() as patch:  # bench/'s scripts import each other
        patch.syspath_prepend(str(ROOT / "bench"))
        synth, pseudo = importlib.import_module("synth"), importlib.import_module("pseudo")
        root = synth.generate(1, folder).submission
        pseudo.make_catalogues(root, ["ru", "kk"], [sys.executable, "-m", "toolkit.cli"])
    out = folder / "out"
    args = ["build", str(root), "--out", str(out), "--format", "docx,html"]
    for lang in LANGS:
        args += ["--lang", lang]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return {lang: (out / f"{root.name}-{lang}.html", out / f"{root.name}-{lang}.docx")
            for lang in LANGS}


def _ids_and_links(page) -> tuple[set[str], list[str]]:
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    links = [e.get("href")[1:] for e in page.iter("a") if (e.get("href") or "").startswith("#")]
    return ids, links


@pytest.mark.parametrize("lang", LANGS)
def test_real_size_html_is_strict_html5_with_every_note_and_link(built: dict, lang: str) -> None:
    html, docx = built[lang]
    page = parse(html)  # raises on any HTML5 parse error
    assert page.get("lang", "").startswith(lang)
    ids, links = _ids_and_links(page)
    footnotes = len(read_docx(docx).footnotes)
    assert footnotes > 150  # the real-size report, not a toy
    notes = [i for i in ids if i.startswith("fn_")]
    assert len(notes) == footnotes
    assert len(links) > footnotes  # note marks, back links, cross-references, the TOC
    assert [target for target in links if target not in ids] == []


def test_real_size_html_in_the_browser(browser, built: dict) -> None:  # noqa: F811
    html, docx = built["en"]
    browser.get(html.as_uri())
    missing, notes, requests = browser.execute_script(
        "const links = [...document.querySelectorAll(\"a[href^='#']\")];"
        "const missing = links.map(a => a.getAttribute('href').slice(1))"
        "  .filter(id => !document.getElementById(id));"
        "return [missing, document.querySelectorAll(\"[id^='fn_']\").length,"
        "        performance.getEntriesByType('resource').length];")
    assert missing == []
    assert notes == len(read_docx(docx).footnotes)
    assert requests == 0
