"""Drafts a translator can read: a fuzzy entry shows its unreviewed translation (shaded
blue), an untranslated one its source text (shaded yellow), in the DOCX and the HTML."""

from __future__ import annotations

from pathlib import Path

import html5lib
from typer.testing import CliRunner

from tests.docx_inspect import NS, read_docx
from tests.test_content_catalog import SMALL, _translate_small, set_msgstr
from toolkit.cli.main import app
from toolkit.i18n.merge import update_catalogue

runner = CliRunner()
YELLOW, BLUE = "FFF2CC", "DDEBF7"


def _submission(make_submission) -> Path:
    """a/two fuzzy (its translation fits), a/rec/r untranslated, b/three translated
    before its source was edited, a/one fuzzy but dropping its citation."""
    root = make_submission(SMALL)
    update_catalogue(root, "ru")
    _translate_small(root, skip=("a/rec/r",))
    set_msgstr(root, "a/two", "Пять шесть^[семь восемь] девять.", fuzzy=True)
    set_msgstr(root, "a/one", "Раз два три четыре.", fuzzy=True)  # drops [@rep]
    path = root / "sections" / "20-b.yaml"
    path.write_text(path.read_text().replace("Ten eleven.", "Ten eleven twelve."))
    return root


def _fills(docx: Path) -> dict[str, str | None]:
    """Numbered paragraphs' and recommendations' text (after the number) → shading fill."""
    found = {}
    for para in read_docx(docx).paragraphs():
        if para.style not in ("BodyNumbered", "Recommendation"):
            continue
        shd = para.element.find("w:pPr/w:shd", NS)
        found[para.text.split("\t", 1)[-1]] = (shd.get(f"{{{NS['w']}}}fill")
                                               if shd is not None else None)
    return found


def _starting(found: dict, start: str):
    hits = [value for key, value in found.items() if key.startswith(start)]
    assert len(hits) == 1, (start, list(found))
    return hits[0]


def test_draft_shows_fuzzy_translation_shaded_apart(make_submission, tmp_path: Path) -> None:
    root = _submission(make_submission)
    result = runner.invoke(app, ["build", str(root), "--out", str(tmp_path), "--lang", "ru",
                                 "--draft", "--format", "docx,html"])
    assert result.exit_code == 0, result.output
    assert "shaded blue" in result.output and "shaded yellow" in result.output
    fills = _fills(tmp_path / "sub-ru-draft.docx")
    assert _starting(fills, "Пять шесть") == BLUE  # fuzzy: its translation, blue
    assert _starting(fills, "Десять одинн") == BLUE  # source edited: old translation
    assert _starting(fills, "Do this now,") == YELLOW  # untranslated: the source, yellow
    assert _starting(fills, "One two thre") == YELLOW  # fuzzy that drops a citation: the source
    assert not any(key.startswith("Раз два") for key in fills)

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    page = parser.parse((tmp_path / "sub-ru-draft.html").read_bytes())
    by_text = {"".join(div.itertext()).split(".", 1)[-1].strip(): div
               for div in page.iter("div") if div.get("class", "").split()[0]
               in ("para", "recommendation")}
    fuzzy = _starting(by_text, "Пять шесть")
    assert "fuzzy" in fuzzy.get("class").split() and fuzzy.get("lang") is None
    assert "fuzzy" in _starting(by_text, "Десять одинн").get("class").split()
    untranslated = _starting(by_text, "Do this now,")
    assert "untranslated" in untranslated.get("class").split()
    assert untranslated.get("lang") == "en-GB"
    assert "#ddebf7" in (page.find(".//style").text or "")


def test_final_build_still_refuses_fuzzy(make_submission, tmp_path: Path) -> None:
    root = _submission(make_submission)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(root), "--out", str(out), "--lang", "ru"])
    assert result.exit_code == 1
    assert "a/two: fuzzy" in result.output and "ru.po:" in result.output
    assert not out.exists()
