"""Kazakh in Latin script, read back from the two examples built as DOCX (issue 11 §6).

Loanwords follow the draft spelling rules for the Latin alphabet (конституция →
Konstitusia, not Konstitutsiia), every run carries the language tag LibreOffice reads as
Latin Kazakh, and document symbols and URLs are never transliterated.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tests.docx_inspect import Docx, q, read_docx
from toolkit.cli.main import app

runner = CliRunner()
EXAMPLES = ("kaz-iccpr-2016", "kaz-upr-2024")


@pytest.fixture(scope="module")
def latin(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Docx]:
    out = tmp_path_factory.mktemp("kk-latn")
    docs = {}
    for example in EXAMPLES:
        result = runner.invoke(app, ["build", str(ROOT / "submissions" / example),
                                     "--lang", "kk-Latn", "--out", str(out)])
        assert result.exit_code == 0, result.output
        docs[example] = read_docx(out / f"{example}-kk-Latn.docx")
    return docs


def _all_text(doc: Docx) -> str:
    return "\n".join([p.text for p in doc.paragraphs()] + list(doc.footnotes.values()))


@pytest.mark.parametrize("example", EXAMPLES)
def test_loanwords_are_spelled_by_the_rules(latin: dict[str, Docx], example: str) -> None:
    text = _all_text(latin[example])
    assert re.search(r"\bKonstitusia", text) and re.search(r"\b[Kk]oalisia", text)
    assert not re.search(r"[Kk]onstitutsi|[Kk]oalitsi|iia|iiu", text)
    if example == "kaz-upr-2024":
        assert "sessia" in text


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_run_is_tagged_latin_kazakh(latin: dict[str, Docx], example: str) -> None:
    doc = latin[example]
    tags = {el.get(q("w:val")) for el in doc.body.iter(q("w:lang"))}
    assert tags == {"kk-Latn-KZ"}


@pytest.mark.parametrize(("example", "symbol"), [("kaz-iccpr-2016", "CCPR/C/KAZ/CO/1"),
                                                 ("kaz-upr-2024", "A/HRC/43/10")])
def test_symbols_and_urls_are_kept(latin: dict[str, Docx], example: str, symbol: str) -> None:
    text = _all_text(latin[example])
    assert symbol in text
    urls = re.findall(r"https?://\S+", text)
    assert urls and all(re.fullmatch(r"[\x21-\x7e]+", u) for u in urls), urls[:5]
