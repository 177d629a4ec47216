"""The HTML edition (``build --format html``), read back with html5lib's strict parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE, ROOT, VALID_FILES
from tests.docx_inspect import read_docx
from toolkit.cli.main import app

runner = CliRunner()
EXAMPLES = [EXAMPLE, ROOT / "submissions" / "kaz-upr-2024"]
TAGS = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ", "kk-Latn": "kk-Latn-KZ"}


def parse(path: Path) -> ET.Element:
    """The page as a tree; html5lib raises on any parse error (strict HTML5 parsing)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes())


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def build(root: Path, out: Path, *args: str) -> list[str]:
    result = runner.invoke(app, ["build", str(root), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Both examples in every language, DOCX and HTML from one build."""
    found = {}
    for example in EXAMPLES:
        out = tmp_path_factory.mktemp(example.name)
        build(example, out, "--format", "docx,html", "--lang", "en", "--lang", "ru",
              "--lang", "kk", "--lang", "kk-Latn")
        for lang in TAGS:
            found[(example.name, lang)] = out / f"{example.name}-{lang}.html"
    return found


CASES = [(e.name, lang) for e in EXAMPLES for lang in TAGS]


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_valid_self_contained_and_tagged(editions: dict, case: tuple[str, str]) -> None:
    path = editions[case]
    page = parse(path)
    assert page.get("lang") == TAGS[case[1]]
    assert page.find(".//script") is None and page.find(".//link") is None
    for element in page.iter():
        assert "src" not in element.attrib  # no image, frame or script fetched from anywhere
        assert not any(name.startswith("on") for name in element.attrib)
    assert page.find(".//style") is not None
    assert page.find(".//nav") is not None and page.find(".//main") is not None


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_links_land_and_ids_are_the_docx_bookmarks(editions: dict, case: tuple[str, str]
                                                  ) -> None:
    path = editions[case]
    page = parse(path)
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    internal = [a.get("href")[1:] for a in page.iter("a") if a.get("href", "").startswith("#")]
    assert internal and set(internal) <= set(ids)
    toc = page.find(".//nav")
    assert toc is not None and len(toc.findall(".//a")) >= 5
    bookmarks = {name for name in read_docx(path.with_suffix(".docx")).bookmarks()
                 if not name.startswith("_")}
    assert bookmarks and bookmarks <= set(ids)
    assert {"para_1", "rec_1", "sec_1"} <= set(ids)


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_notes_match_the_docx_footnotes(editions: dict, case: tuple[str, str]) -> None:
    path = editions[case]
    page = parse(path)
    notes = page.findall(".//section[@class='notes']/ol/li")
    docx = read_docx(path.with_suffix(".docx"))
    assert len(notes) == len(docx.footnotes) > 0
    for number, note in enumerate(notes, start=1):
        assert note.get("id") == f"fn_{number}" and note.get("value") == str(number)
        back = note.find("a[@class='back']")
        assert back is not None and back.get("href") == f"#fnref_{number}"
        assert back.get("aria-label") and str(number) in back.get("aria-label")
        ref = page.find(f".//a[@id='fnref_{number}']")
        assert ref is not None and ref.get("href") == f"#fn_{number}"
        assert text_of(ref) == str(number) and ref.get("aria-label")


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_outline_has_no_gaps(editions: dict, case: tuple[str, str]) -> None:
    page = parse(editions[case])
    levels = [int(e.tag[1]) for e in page.iter() if re.fullmatch(r"h[1-6]", str(e.tag))]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1
    for th in page.iter("th"):
        assert th.get("scope") in {"col", "colgroup"}


def test_paragraphs_numbered_and_tables_captioned(editions: dict) -> None:
    page = parse(editions[(EXAMPLE.name, "en")])
    first = page.find(".//div[@id='para_1']")
    assert first is not None
    assert text_of(first.find(".//span[@class='num']")) == "1."
    recs = [d for d in page.iter("div") if re.fullmatch(r"rec_\d+", d.get("id") or "")]
    assert len(recs) >= 10
    tables = page.findall(".//table")
    assert tables and all(t.find("caption") is not None or t.find("thead") is not None
                          for t in tables)
    assert all(t.find("thead/tr/th") is not None for t in tables)
    quotes = page.findall(".//div[@class='previous']")
    assert quotes and all(q.find("blockquote") is not None
                          and q.find("p[@class='assessment']/strong") is not None
                          for q in quotes)


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    build(EXAMPLE, tmp_path / "a", "--format", "html", "--lang", "ru")
    build(EXAMPLE, tmp_path / "b", "--format", "html", "--lang", "ru")
    name = f"{EXAMPLE.name}-ru.html"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert not list((tmp_path / "a").glob("*.docx"))  # html only: no DOCX written


def test_draft_is_marked_and_shaded(untranslated_example: Path, tmp_path: Path) -> None:
    build(untranslated_example, tmp_path, "--format", "html", "--lang", "ru", "--draft")
    path = tmp_path / f"{untranslated_example.name}-ru-draft.html"
    page = parse(path)
    mark = page.find(".//p[@class='draft-mark']")
    assert mark is not None and text_of(mark) == "ПРОЕКТ"
    shaded = [e for e in page.iter() if "untranslated" in (e.get("class") or "").split()]
    assert shaded and all(e.get("lang") == "en-GB" for e in shaded)
    assert page.get("lang") == "ru-RU"


def test_unknown_format_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(EXAMPLE), "--out", str(tmp_path),
                                 "--format", "docx,pdf"])
    assert result.exit_code == 2
    assert "'docx'" in result.output and "'html'" in result.output
    assert not list(tmp_path.iterdir())


def test_errors_as_for_docx(make_submission, tmp_path: Path) -> None:
    files = dict(VALID_FILES)
    files["sections/20-art07.yaml"] = files["sections/20-art07.yaml"].replace(
        "@para:complaints", "@para:missing")
    root = make_submission(files)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(root), "--out", str(out), "--format", "html"])
    assert result.exit_code == 1
    assert re.search(r"20-art07\.yaml:\d+:\d+", result.output)
    assert not out.exists() or not list(out.iterdir())


HOSTILE = '<script>alert(1)</script> "onerror=alert(2) x=\''


def test_user_text_is_escaped(make_submission, tmp_path: Path) -> None:
    files = dict(VALID_FILES)
    files["submission.yaml"] = (
        "title: 'Title " + HOSTILE.replace("'", "''") + "'\n"
        "mechanism: ccpr\nstate: KAZ\nsubmission_type: joint\n"
        "review: {state_report: CCPR/C/KAZ/2, session: 117, previous_outcome: CCPR/C/KAZ/CO/1}\n"
        "date: 2016-05-15\nplace: Almaty\nsource_language: en\nlanguages: [en]\n"
        "coalition:\n"
        "  - {id: kibhr, name: 'Bureau " + HOSTILE.replace("'", "''") + "', "
        "website: 'https://example.org/?a=1&b=2'}\n"
        "  - {id: adilsoz, name: Adil Soz}\n")
    files["sections/20-art07.yaml"] = files["sections/20-art07.yaml"].replace(
        "Only 2% reached court.",
        "Only 2% reached court. " + HOSTILE.replace("'", "") + " [odd](https://example.org/a\"onerror=alert(5))")
    root = make_submission(files)
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path), "--format", "html"])
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("*.html")
    page = parse(path)
    assert page.find(".//script") is None
    for element in page.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.attrib
        assert not (element.get("href") or "").lower().startswith("javascript")
    text = text_of(page)
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    assert "Title <script>" in text_of(page.find(".//title"))


def test_writer_drops_unsafe_links() -> None:
    """The reader refuses such URLs already; the writer does not rely on it."""
    from toolkit.layout import blocks as lb
    from toolkit.write.html import HtmlWriter

    layout = lb.LayoutDocument(
        language="en", tag="en-GB", properties=lb.Properties("t", "a", "s", "k", "2020-01-01"),
        running_header="", running_footer="", draft_mark=None,
        blocks=[lb.BodyText([lb.Link([lb.Text("x")], url="javascript:alert(1)"),
                             lb.Link([lb.Text("y")], url="data:text/html,<script>"),
                             lb.Link([lb.Text("z")], url="https://example.org/?a=1&b=\"")])])
    page = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        HtmlWriter(layout).render())
    hrefs = [a.get("href") for a in page.iter("a")]
    assert hrefs == ['https://example.org/?a=1&b="']
    assert text_of(page.find(".//main")).strip() == "xyz"
