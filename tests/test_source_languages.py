"""Per-language sources: a ``url`` or ``citation`` in sources.yaml written per language
reaches the built DOCX (its relationships) and HTML (its links) in that language only."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tests.conftest import EXAMPLE
from tests.docx_inspect import read_docx
from tests.test_content_catalog import SMALL, set_msgstr
from toolkit.cli.main import app
from toolkit.i18n.merge import update_catalogue
from toolkit.i18n.status import catalogue_status, status_totals
from toolkit.model.document import plain_text
from toolkit.read.schema import json_schemas

runner = CliRunner()
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RUS = "https://adilet.zan.kz/rus/docs/K1400000226"
KAZ = "https://adilet.zan.kz/kaz/docs/K1400000226"


def hyperlink_targets(path: Path) -> set[str]:
    """Every external hyperlink of a DOCX, read from its parts' relationships."""
    found: set[str] = set()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".rels"):
                for rel in etree.fromstring(z.read(name)).iter(f"{{{PKG_REL}}}Relationship"):
                    if rel.get("Type") == HYPERLINK:
                        found.add(rel.get("Target"))
    return found


def html_links(path: Path) -> set[str]:
    return set(re.findall(r'href="(https?://[^"]+)"', path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def example_builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = runner.invoke(app, ["build", str(EXAMPLE), "--out", str(out), "--format",
                                 "docx,html", "--lang", "en", "--lang", "ru", "--lang", "kk",
                                 "--lang", "kk-Latn"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("lang", "want", "not_want"), [
    ("ru", RUS, KAZ), ("kk", KAZ, RUS), ("kk-Latn", KAZ, RUS),
    ("en", RUS, KAZ),  # no English page written: the first one written
])
def test_example_links_each_language_to_its_own_page(example_builds: Path, lang: str,
                                                     want: str, not_want: str) -> None:
    docx = example_builds / f"{EXAMPLE.name}-{lang}.docx"
    targets = hyperlink_targets(docx)
    assert want in targets and not_want not in targets
    assert "https://undocs.org/CCPR/C/KAZ/CO/1" in targets  # one address for every language
    # the address is shown in the footnote that cites the code, too
    assert any(want in text for text in read_docx(docx).footnotes.values())
    links = html_links(example_builds / f"{EXAMPLE.name}-{lang}.html")
    assert want in links and not_want not in links


PER_LANGUAGE = {
    **SMALL,
    "submission.yaml": SMALL["submission.yaml"].replace("languages: [en, ru]",
                                                        "languages: [en, ru, kk]"),
    "sources.yaml": """\
        rep:
          citation:
            en: Annual report, 2015
            ru: Ежегодный доклад за 2015 год
          url:
            en: https://example.org/en/report
            kk: https://example.org/kk/report
    """,
}


def _build(root: Path, out: Path, *args: str) -> str:
    result = runner.invoke(app, ["build", str(root), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_citation_per_language_wins_over_the_catalogue(make_submission, tmp_path: Path) -> None:
    root = make_submission(PER_LANGUAGE)
    update_catalogue(root, "ru")
    set_msgstr(root, "source/rep", "Перевод из каталога")  # sources.yaml's own text wins
    _build(root, tmp_path, "--lang", "ru", "--lang", "kk", "--lang", "en", "--draft",
           "--format", "docx,html")
    notes = read_docx(tmp_path / "sub-ru-draft.docx").footnotes.values()
    assert any("Ежегодный доклад за 2015 год" in n for n in notes)
    assert not any("Перевод из каталога" in n for n in notes)
    # ru has no address of its own: the source language's
    assert hyperlink_targets(tmp_path / "sub-ru-draft.docx") >= {"https://example.org/en/report"}
    assert "https://example.org/kk/report" not in hyperlink_targets(tmp_path / "sub-ru-draft.docx")
    assert "https://example.org/kk/report" in hyperlink_targets(tmp_path / "sub-kk-draft.docx")
    assert "https://example.org/kk/report" in html_links(tmp_path / "sub-kk-draft.html")
    # kk has no citation of its own: the catalogue (untranslated here), so the source text
    kk_notes = read_docx(tmp_path / "sub-kk-draft.docx").footnotes.values()
    assert any("Annual report, 2015" in n for n in kk_notes)
    en_notes = read_docx(tmp_path / "sub-en.docx" if (tmp_path / "sub-en.docx").exists()
                         else tmp_path / "sub-en-draft.docx").footnotes.values()
    assert any("Annual report, 2015" in n for n in en_notes)


def test_citation_written_per_language_needs_no_translation(make_submission) -> None:
    root = make_submission(PER_LANGUAGE)
    update_catalogue(root, "ru")
    po = (root / "locales" / "ru.po").read_text(encoding="utf-8")
    entry = next(block for block in po.split("\n\n") if 'msgctxt "source/rep"' in block)
    assert 'msgid "Annual report, 2015"' in entry  # the source language's text
    assert "#. sources.yaml gives this citation in ru itself" in entry
    source = next(r for r in catalogue_status(root) if r.group == "source" and r.lang == "ru")
    assert (source.translated, source.untranslated) == (1, 0)
    result = runner.invoke(app, ["i18n", "status", str(root)])
    assert result.exit_code == 0, result.output
    assert status_totals(catalogue_status(root))["kk"].translated == 0


@pytest.mark.parametrize(("entry", "line", "words"), [
    ("rep:\n  citation: Report\n  url:\n    ru: https://example.org/ru\n    fr: https://x.org\n",
     5, ("'fr'",)),
    ("rep:\n  citation: Report\n  url:\n    kk: ftp://example.org/kk\n", 4, ("http",)),
    ("rep:\n  citation:\n    en: Report\n    ru: ''\n", 4, ("ru",)),
    ("rep:\n  citation: Report\n  url: {}\n", 3, ("url",)),
    ("rep:\n  citation:\n    en: Report\n    kz: Есеп\n", 4, ("'kz'", "'kk'")),
])
def test_wrong_per_language_value_is_reported_at_its_line(
        make_submission, tmp_path: Path, entry: str, line: int, words: tuple[str, ...]) -> None:
    root = make_submission({**SMALL, "sources.yaml": entry})
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(root), "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    hit = [m for m in result.output.splitlines() if f"sources.yaml:{line}:" in m]
    assert hit, result.output
    assert all(word in hit[0] for word in words), hit[0]
    assert not out.exists()


def test_schema_describes_both_forms() -> None:
    props = json_schemas()["sources.yaml"]["$defs"]["SourceIn"]["properties"]
    for name in ("url", "citation"):
        forms = props[name]["anyOf"]
        assert any(f.get("type") == "string" for f in forms)
        mapping = next(f for f in forms if f.get("type") == "object")
        assert set(mapping["propertyNames"]["enum"]) == {"en", "ru", "kk", "kk-Latn"}
    url_forms = props["url"]["anyOf"]
    assert all(f.get("pattern") == "^https?://" for f in url_forms if f.get("type") == "string")



def test_address_fallback_order() -> None:
    from toolkit.model.document import Source, SourcePos, Text

    def source(urls: dict[str, str]) -> Source:
        return Source("s", [Text("S")], SourcePos("sources.yaml", 1), urls=urls)

    both = source({"kk": "https://k", "kk-Latn": "https://l"})
    assert both.url_for("kk-Latn", "en") == "https://l"  # its own
    assert source({"kk": "https://k"}).url_for("kk-Latn", "en") == "https://k"  # kk's
    assert source({"en": "https://e", "ru": "https://r"}).url_for("kk", "ru") == "https://r"
    assert source({"ru": "https://r", "kk": "https://k"}).url_for("en", "en") == "https://r"
    plain = Source("p", [Text("P")], SourcePos("sources.yaml", 1), url="https://p")
    assert plain.url_for("kk", "en") == "https://p"



def test_kk_latn_citation_written_by_hand(make_submission) -> None:
    from toolkit.i18n.translate import choose_source_language
    from toolkit.read.submission import read_submission

    root = make_submission({**SMALL, "sources.yaml": """\
        rep:
          citation: {en: Report, kk: Баяндама, kk-Latn: Bayandama 2015}
    """})
    document = read_submission(root).document
    assert document is not None
    choose_source_language(document, "kk-Latn", "en")
    assert plain_text(document.sources["rep"].citation) == "Bayandama 2015"
    document = read_submission(root).document
    assert document is not None
    choose_source_language(document, "kk", "en")  # kk's own comes from translation
    assert plain_text(document.sources["rep"].citation) == "Report"


def test_citation_per_language_without_any_catalogue(make_submission, tmp_path: Path) -> None:
    root = make_submission(PER_LANGUAGE)  # no locales/ at all
    output = _build(root, tmp_path, "--lang", "ru", "--draft")
    assert "no catalogue" in output
    notes = read_docx(tmp_path / "sub-ru-draft.docx").footnotes.values()
    assert any("Ежегодный доклад за 2015 год" in n for n in notes)
