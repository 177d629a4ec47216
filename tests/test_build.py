"""The bundled example, built through the CLI and read back from the DOCX itself."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import EXAMPLE, count_footnotes_in_markup, example_sections
from tests.docx_inspect import NS, NUMBER_PREFIX, Docx, q, read_docx, schema_errors
from toolkit.cli.main import app

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Docx:
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["build", str(EXAMPLE), "--lang", "en", "--out", str(out)])
    assert result.exit_code == 0, result.output
    path = out / "kaz-iccpr-2016-en.docx"
    assert path.exists()
    return read_docx(path)


@pytest.fixture(scope="module")
def sections() -> list[dict]:
    return example_sections()


def _all_texts(sections: list[dict]) -> list[str]:
    texts = []
    for section in sections:
        texts += [p["text"] for p in section.get("paragraphs", [])]
        texts += [r["text"] for r in section.get("recommendations", [])]
    return texts


def test_schema_valid(built: Docx) -> None:
    errors = schema_errors(built.path)
    if errors is None:
        pytest.skip("../shared/ooxml-schemas not present: schema validation not run")
    assert errors == []


def test_footnotes_count_and_order(built: Docx, sections: list[dict]) -> None:
    expected = sum(count_footnotes_in_markup(t) for t in _all_texts(sections))
    assert expected >= 20
    assert len(built.footnotes) == expected
    refs = [fid for p in built.paragraphs() for fid in p.footnote_refs]
    assert refs == list(range(1, expected + 1))  # numbered in document order, each used once


def test_footnote_texts(built: Docx) -> None:
    sources = yaml.safe_load((EXAMPLE / "sources.yaml").read_text(encoding="utf-8"))
    first = built.footnotes[1]
    # the introduction's first citation is the State report
    assert "Second periodic report submitted under article 40 of the Covenant" in first
    assert "Available at: https://undocs.org/CCPR/C/KAZ/2" in first
    ibids = [fid for fid, text in built.footnotes.items() if text.startswith("Ibid")]
    assert ibids, "consecutive citations of one source must give Ibid."
    for fid in ibids:
        previous = built.footnotes[fid - 1]
        assert any(_first_words(s["citation"]) in previous for s in sources.values()) or \
            previous.startswith("Ibid"), previous
    # free notes keep their text, links inside footnotes are real hyperlinks
    assert any("Regulatory Resolution of the Constitutional Council No.\u00a02" in t
               for t in built.footnotes.values())
    with __import__("zipfile").ZipFile(built.path) as z:
        rels = z.read("word/_rels/footnotes.xml.rels").decode()
    assert "https://undocs.org/CCPR/C/KAZ/2" in rels


def _first_words(citation: str) -> str:
    plain = re.sub(r"[*]", "", " ".join(citation.split()))
    return " ".join(plain.split()[:3])


def test_paragraph_numbering(built: Docx, sections: list[dict]) -> None:
    numbers = [int(NUMBER_PREFIX.match(p.text).group(1)) for p in built.styled("BodyNumbered")]
    total = sum(len(s.get("paragraphs", [])) for s in sections)
    assert numbers == list(range(1, total + 1))


def test_recommendation_numbering_and_bookmarks(built: Docx, sections: list[dict]) -> None:
    recs = built.styled("Recommendation")
    total = sum(len(s.get("recommendations", [])) for s in sections)
    assert [int(NUMBER_PREFIX.match(p.text).group(1)) for p in recs] == list(range(1, total + 1))
    assert all(len(p.bookmarks) == 1 for p in recs)
    follow = [p for p in recs if re.search(r"Follows up CCPR/C/KAZ/CO/1, paras?\.\u00a0", p.text)]
    expected = sum(1 for s in sections for r in s.get("recommendations", []) if r.get("follows_up"))
    assert len(follow) == expected


def test_cross_references(built: Docx, sections: list[dict]) -> None:
    """Every @kind:id of the source renders with the right text, linked to its target."""
    rec_numbers, para_numbers, section_heads = {}, {}, {}
    n_rec = n_para = 0
    for s in sections:
        section_heads[s["id"]] = s
        for p in s.get("paragraphs", []):
            n_para += 1
            if p.get("id"):
                para_numbers[p["id"]] = n_para
        for r in s.get("recommendations", []):
            n_rec += 1
            if r.get("id"):
                rec_numbers[r["id"]] = n_rec
    previous = {p["id"]: p for p in
                yaml.safe_load((EXAMPLE / "previous.yaml").read_text(encoding="utf-8"))}
    bookmarks = built.bookmarks()
    links = [link for p in built.paragraphs() for link in p.links] + built.footnote_links
    seen = {"rec": 0, "para": 0, "sec": 0, "prev": 0}
    ref_re = r"@(rec|para|sec|prev):([A-Za-z0-9_.-]*[A-Za-z0-9_-])"
    for text in _all_texts(sections):
        # inside a group [@rec:a; @rec:b] each number is linked, not the whole label
        grouped = {m for g in re.findall(r"\[[-+]?@(?:rec|para|sec|prev|table):[^\]]*\]", text)
                   for m in re.findall(ref_re, g)}
        for kind, target in re.findall(ref_re, text):
            seen[kind] += 1
            if kind == "rec":
                label = f"recommendation {rec_numbers[target]}"
                check = f"{rec_numbers[target]}.\t"
            elif kind == "para":
                label = f"para.\u00a0{para_numbers[target]}"
                check = f"{para_numbers[target]}.\t"
            elif kind == "prev":
                prev = previous[target]
                label = f"{prev['document']}, para.\u00a0{prev['paragraph']}"
                check = label
            else:
                sec = section_heads[target]
                annexes = [x["id"] for x in sections if x["kind"] == "annex"]
                label = f"section “{sec.get('heading')}”"
                check = sec.get("heading")
                if sec.get("articles"):
                    label = check = "article " + sec["articles"][0]
                if "." in sec["articles"][0] if sec.get("articles") else False:
                    art, par = sec["articles"][0].split(".")
                    label = check = f"article {art}, paragraph {par}"
                if sec["kind"] == "annex":
                    label = f"annex {'DEFGH'[annexes.index(target)]}"
                    check = label.replace("annex", "Annex")
                check = check[:1].upper() + check[1:]
            if (kind, target) in grouped:  # the number alone is the link
                label = re.findall(r"\d+(?:\.\d+)?", label)[-1]
            # a reference that opens a sentence opens with a capital
            matching = [anchor for anchor, text in links
                        if text in (label, label[:1].upper() + label[1:])]
            assert matching, f"no link with text {label!r}"
            assert all(anchor in bookmarks for anchor in matching), matching
            hits = [bookmarks[a].text.startswith(check) or check in bookmarks[a].text
                    for a in matching]
            # a bare number ("7" of a group) may also be another group's link: one is ours
            assert any(hits) if (kind, target) in grouped else all(hits), (label, matching)
    assert all(count >= 2 for count in seen.values()), seen


def test_toc_lists_every_heading(built: Docx) -> None:
    paras = built.paragraphs()
    toc = [p for p in paras if p.style.startswith("TOC") and p.style != "TOCHeading"]
    headings = [p for p in paras if p.style in ("Heading1", "Heading2")]
    assert len(toc) == len(headings)
    bookmarks = built.bookmarks()
    for entry, heading in zip(toc, headings, strict=True):
        anchor, text = entry.links[0]
        assert text.split("\t")[0] == heading.text.replace("\t", " ")
        assert bookmarks[anchor] is not None and anchor in heading.bookmarks
    instructions = built.instructions()
    assert instructions[0].startswith("TOC \\o")
    assert sum(i.startswith("PAGEREF") for i in instructions) == len(toc)
    assert [h.text for h in headings[:3]] == [
        "Introduction", "I.\tFollow-up to the previous recommendations",
        "Follow-up to the concluding observations of 2011"]


def test_annex_tables(built: Docx, sections: list[dict]) -> None:
    tables = built.tables()
    recs = [r for s in sections for r in s.get("recommendations", [])]
    previous = yaml.safe_load((EXAMPLE / "previous.yaml").read_text(encoding="utf-8"))
    submission = yaml.safe_load((EXAMPLE / "submission.yaml").read_text(encoding="utf-8"))
    annex_a, annex_b, annex_c = tables
    assert annex_a[0] == ["No.", "Recommendation", "Follows up", "Section"]
    assert [row[0] for row in annex_a[1:]] == [str(i) for i in range(1, len(recs) + 1)]
    assert annex_a[1][1].startswith(" ".join(recs[0]["text"].split()[:6]))
    assert len(annex_b) == len(previous) + 1
    for row, prev in zip(annex_b[1:], previous, strict=True):
        assert row[0] == f"{prev['document']}, para.\u00a0{prev['paragraph']}"
        assert row[2] == prev["assessment"].replace("-", " ").capitalize()
    assert [row[0] for row in annex_c[1:]] == [o["name"] for o in submission["coalition"]]


def test_cover_properties_language(built: Docx) -> None:
    cover = [p.text for p in built.paragraphs()[:16]]
    assert "Human Rights Committee" in cover
    assert "117th session" in cover
    assert "Almaty, 30 May 2016" in cover
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert built.core.find(f"{dc}title").text.startswith("Comments of human rights NGOs")
    assert "Kazakhstan International Bureau" in built.core.find(f"{dc}creator").text
    lang = built.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(q("w:val")) == "en-GB"


def test_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = runner.invoke(app, ["build", str(EXAMPLE), "--lang", "en",
                                     "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    a = (tmp_path / "a" / "kaz-iccpr-2016-en.docx").read_bytes()
    b = (tmp_path / "b" / "kaz-iccpr-2016-en.docx").read_bytes()
    assert a == b


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_pandoc_reads_every_paragraph(built: Docx, sections: list[dict]) -> None:
    plain = subprocess.run(["pandoc", "-t", "plain", "--wrap=none", str(built.path)],
                           capture_output=True, text=True, check=True).stdout
    words = set(re.findall(r"\w+", plain))
    for text in _all_texts(sections):
        visible = re.sub(r"\^\[.*?\]|\[@[^\]]*\]|@\w+:[\w.-]+|<[^>]+>|\(http[^)]*\)", " ", text)
        missing = set(re.findall(r"[A-Za-z]{4,}", visible)) - words
        assert not missing, (missing, text[:60])
    for note in read_docx(built.path).footnotes.values():
        assert note.split()[0] in plain
