"""The HTML edition in a real browser: Debian's headless Chromium driven by Selenium.

Offline: the system chromedriver (no browser download), a fresh profile, background
networking off and every request sent to a closed proxy port. Without chromium and
chromium-driver these tests skip (a failure in CI: tests/ci_skips.py).
"""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE, ROOT
from toolkit.cli.main import app
from toolkit.layout import blocks as lb

EXAMPLES = [EXAMPLE, ROOT / "submissions" / "kaz-upr-2024"]
LANGS = ["en", "ru", "kk", "kk-Latn"]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=http://127.0.0.1:9", "--window-size=1000,1400",
]


def _browser_paths() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip("chromium and chromium-driver not installed: "
                    "apt-get install chromium chromium-driver")
    return browser, driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    browser_path, driver_path = _browser_paths()
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser_path
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    runner = CliRunner()
    found = {}
    for example in EXAMPLES:
        out = tmp_path_factory.mktemp(example.name)
        args = ["build", str(example), "--out", str(out), "--format", "html"]
        for lang in LANGS:
            args += ["--lang", lang]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        for lang in LANGS:
            found[(example.name, lang)] = out / f"{example.name}-{lang}.html"
    return found


def _layout(example: Path, lang: str) -> lb.LayoutDocument:
    from toolkit import pipeline

    loaded = pipeline.load(example)
    prepared = pipeline.prepare_language(loaded, lang)
    return pipeline.layout_language(loaded, prepared, lang)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


CASES = [(e, lang) for e in EXAMPLES for lang in LANGS]


@pytest.mark.parametrize("case", CASES, ids=[f"{e.name}-{lang}" for e, lang in CASES])
def test_every_passage_rendered(browser, pages: dict, case: tuple[Path, str]) -> None:
    example, lang = case
    browser.get(pages[(example.name, lang)].as_uri())
    layout = _layout(example, lang)
    texts = browser.execute_script(
        "const out = {}; for (const e of document.querySelectorAll('[id]')) {"
        " const copy = e.cloneNode(true);"  # the text without the note marks in it
        " for (const mark of copy.querySelectorAll('.noteref')) mark.remove();"
        " out[e.id] = copy.textContent; } return out;")
    body = _norm(browser.execute_script(
        "const copy = document.body.cloneNode(true);"
        " for (const mark of copy.querySelectorAll('.noteref')) mark.remove();"
        " return copy.textContent;"))
    passages = [b for b in layout.blocks
                if isinstance(b, (lb.NumberedParagraph, lb.Recommendation, lb.PreviousQuote))]
    assert len(passages) > 10
    for block in passages:
        where = _norm(texts[block.anchor]) if block.anchor else body  # quotes have no id
        assert _norm(lb.plain(block.inlines)) in where
    notes = lb.notes(layout.blocks)
    assert notes
    for note in notes:
        assert _norm(lb.plain(note.children)) in _norm(texts[f"fn_{note.number}"])
        assert f"fnref_{note.number}" in texts
    # nothing was requested but the page itself (the network is closed anyway)
    assert browser.execute_script(
        "return performance.getEntriesByType('resource').length") == 0


@pytest.mark.parametrize("name", [e.name for e in EXAMPLES])
def test_cross_references_land_on_their_target(browser, pages: dict, name: str) -> None:
    browser.get(pages[(name, "en")].as_uri())
    from selenium.webdriver.common.by import By

    links = browser.find_elements(By.CSS_SELECTOR, "main a[href^='#']:not(.back)")
    links = [a for a in links if not a.get_attribute("href").split("#")[1].startswith("fn")]
    assert links
    for link in links[:8]:
        target = link.get_attribute("href").split("#")[1]
        browser.execute_script("window.scrollTo(0, 0)")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        assert browser.execute_script("return location.hash") == f"#{target}"
        top, height = browser.execute_script(
            "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
            "return [r.top, window.innerHeight];", target)
        assert -1 <= top < height  # the target is in view
    # and a footnote mark leads to its note and back
    mark = browser.find_element(By.ID, "fnref_1")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    assert browser.execute_script("return location.hash") == "#fn_1"
    browser.find_element(By.CSS_SELECTOR, "#fn_1 a.back").click()
    assert browser.execute_script("return location.hash") == "#fnref_1"


def _png_rows(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the decompressed (filtered) scanlines of a PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind = png[pos + 4:pos + 8]
        data = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", data[:8])
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_screenshot_is_not_blank(browser, pages: dict, tmp_path: Path) -> None:
    browser.get(pages[(EXAMPLE.name, "kk-Latn")].as_uri())
    png = browser.get_screenshot_as_png()
    (tmp_path / "page.png").write_bytes(png)
    width, height, raw = _png_rows(png)
    assert width > 500 and height > 500
    assert len(set(raw)) > 16  # many shades: text was drawn, not an empty page


def test_preview_reloads_the_open_page_on_save(browser, example_copy: Path) -> None:
    """The page open in the browser shows an edit without a manual reload."""
    from selenium.webdriver.support.ui import WebDriverWait

    from toolkit.preview.server import start

    server, watcher = start(example_copy, 0, "en")
    try:
        browser.get(server.url)
        assert "Six Kazakhstani" in browser.page_source
        intro = example_copy / "sections" / "00-introduction.yaml"
        text = intro.read_text(encoding="utf-8")
        intro.write_text(text.replace("Six Kazakhstani", "Seven Kazakhstani", 1),
                         encoding="utf-8")
        WebDriverWait(browser, 60).until(
            lambda driver: "Seven Kazakhstani" in driver.find_element("id", "para_1").text)
    finally:
        server.stop()
        watcher.join(timeout=10)
