"""toolkit.write.finalize: real page numbers and PDFs through headless LibreOffice.

The end-to-end tests need LibreOffice with its UNO bridge and poppler-utils (CI installs
them: libreoffice-writer-nogui python3-uno fonts-liberation2 poppler-utils) and are
skipped, with that reason, where they are missing. The PDF-text parsing and the
"LibreOffice missing" path are tested everywhere.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import EXAMPLE
from tests.docx_inspect import Docx, q, read_docx, schema_errors, text_of
from toolkit.write import finalize as fin
from toolkit.write.finalize import (
    INSTALL_HINT,
    FinalizeError,
    LibreOfficeMissing,
    finalize,
    heading_pages,
    libreoffice_available,
    toc_page_numbers,
)

needs_libreoffice = pytest.mark.skipif(
    not (libreoffice_available() and shutil.which("pdftotext") and shutil.which("pdffonts")),
    reason="LibreOffice with python3-uno, or poppler-utils, not installed: "
    f"{INSTALL_HINT} poppler-utils",
)

KAZAKH = "Қазақстан Республикасы әділет ұсыныс үкімет һ і; Оңтүстік өңірдегі ағылшын тілі"


def norm(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- reading the DOCX


def toc_entries(docx: Docx) -> list[str]:
    """Texts of the paragraphs in the result of the body's TOC field, in order.

    Follows the field structure (begin/separate/end, nested PAGEREFs) rather than style
    names, because LibreOffice renames TOC1 to Contents1 and wraps the TOC in a w:sdt.
    """
    paragraphs = list(docx.body.iter(q("w:p")))
    starts = [index for index, p in enumerate(paragraphs)
              if any(re.match(r"\s*TOC\b", i.text or "") for i in p.iter(q("w:instrText")))]
    assert len(starts) == 1, "expected exactly one TOC field in the body"
    start = starts[0]
    entries: list[str] = []
    depth = 0
    began = False
    for p in paragraphs[start:]:
        for fld in p.iter(q("w:fldChar")):
            kind = fld.get(q("w:fldCharType"))
            if kind == "begin":
                depth += 1
                began = True
            elif kind == "end":
                depth -= 1
        text = text_of(p)
        if text.strip():
            entries.append(text)
        if began and depth == 0:
            return entries
    raise AssertionError("the TOC field never ends")


def split_entry(entry: str) -> tuple[str, str]:
    """'I.\\tTitle\\t12' → ('I. Title', '12'): the page number follows the last tab."""
    heading, _, page = entry.rpartition("\t")
    return norm(heading), page


def pageref_results(docx: Docx) -> list[str]:
    """Cached results of every PAGEREF field in the body (text between separate and end)."""
    results: list[str] = []
    current: list[str] | None = None
    state = None
    for node in docx.body.iter(q("w:instrText"), q("w:fldChar"), q("w:t")):
        if node.tag == q("w:instrText") and (node.text or "").strip().startswith("PAGEREF"):
            state, current = "instr", []
        elif node.tag == q("w:fldChar") and current is not None:
            kind = node.get(q("w:fldCharType"))
            if kind == "separate" and state == "instr":
                state = "result"
            elif kind == "end":
                results.append("".join(current))
                state = current = None
        elif node.tag == q("w:t") and state == "result" and current is not None:
            current.append(node.text or "")
    return results


def footnote_texts(path: Path, docx: Docx) -> list[str]:
    """Texts of the real footnotes (no separators), in the order the body refers to them."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/footnotes.xml"))
    notes = {fn.get(q("w:id")): norm(text_of(fn)) for fn in root.iter(q("w:footnote"))
             if fn.get(q("w:type")) in (None, "normal")}
    refs = [r.get(q("w:id")) for r in docx.body.iter(q("w:footnoteReference"))]
    assert sorted(refs) == sorted(notes), "every footnote is referenced exactly once"
    return [notes[ref] for ref in refs]


def external_links(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    # LibreOffice normalises "http://host" to "http://host/": the same address
    return sorted(r.get("Target").rstrip("/") for r in rels if r.get("TargetMode") == "External")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def finalized(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built with the pipeline, then finalized to PDF and DOCX once."""
    if not libreoffice_available() or not shutil.which("pdftotext"):
        pytest.skip(f"LibreOffice/UNO or poppler-utils missing: {INSTALL_HINT} poppler-utils")
    from toolkit.pipeline import build

    out = tmp_path_factory.mktemp("finalize")
    (docx,) = build(EXAMPLE, ["en"], out)[0]  # build returns (paths, loaded, ...)
    final_docx = out / "final.docx"
    pdf = out / "final.pdf"
    finalize(docx, docx_out=final_docx, pdf_out=pdf)
    return {"built": docx, "docx": final_docx, "pdf": pdf}


@pytest.fixture(scope="module")
def headings(finalized: dict[str, Path]) -> list[str]:
    """The headings listed in the built DOCX's TOC (written by toolkit, no page numbers)."""
    entries = [split_entry(e) for e in toc_entries(read_docx(finalized["built"]))]
    assert all(page == "" for _, page in entries)  # python-docx cannot paginate
    assert len(entries) >= 10
    return [heading for heading, _ in entries]


# --------------------------------------------------------------------------- end to end


@needs_libreoffice
def test_pdf_toc_pages_match_heading_pages(finalized: dict[str, Path], headings: list[str]) -> None:
    toc = toc_page_numbers(finalized["pdf"])
    assert set(toc) == set(headings)
    real = heading_pages(finalized["pdf"], headings)
    assert set(real) == set(headings), f"headings not found in the PDF: {set(headings) - set(real)}"
    assert {h: toc[h] for h in headings} == {h: real[h] for h in headings}
    pages = [toc[h] for h in headings]
    assert pages == sorted(pages)  # in document order
    assert pages[0] > 1  # the TOC is not on the cover; headings come after it
    assert pages[-1] > pages[0]


@needs_libreoffice
def test_pdf_has_embedded_fonts_and_bookmarks(finalized: dict[str, Path]) -> None:
    info = subprocess.run(["pdfinfo", str(finalized["pdf"])], capture_output=True,
                          text=True, check=True).stdout
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1]) > 5
    fonts = pdffonts(finalized["pdf"])
    assert fonts and all(emb == "yes" for _, emb in fonts)
    assert b"/Outlines" in finalized["pdf"].read_bytes()  # headings become PDF bookmarks


@needs_libreoffice
def test_finalized_docx_toc_has_page_numbers(
    finalized: dict[str, Path], headings: list[str]
) -> None:
    entries = [split_entry(e) for e in toc_entries(read_docx(finalized["docx"]))]
    assert [heading for heading, _ in entries] == headings
    assert all(page.isdigit() for _, page in entries), entries
    # the same page numbers as the PDF rendered from the same layout
    toc = toc_page_numbers(finalized["pdf"])
    assert {heading: int(page) for heading, page in entries} == toc
    # LibreOffice writes page numbers as text; any PAGEREF left must have a result too
    assert all(r.strip().isdigit() for r in pageref_results(read_docx(finalized["docx"])))


@needs_libreoffice
def test_finalized_docx_keeps_content(finalized: dict[str, Path]) -> None:
    before, after = read_docx(finalized["built"]), read_docx(finalized["docx"])
    # LibreOffice renumbers footnotes (separators become 0 and 1, notes start at 2), so
    # compare the notes' texts in the order the body refers to them
    notes_before = footnote_texts(finalized["built"], before)
    notes_after = footnote_texts(finalized["docx"], after)
    assert len(notes_before) > 20
    assert notes_after == notes_before
    assert set(before.bookmarks()) <= set(after.bookmarks())
    assert external_links(finalized["docx"]) == external_links(finalized["built"])
    # every internal hyperlink (TOC, cross-references) still lands on a bookmark
    marks = set(after.bookmarks())
    anchors = {a for p in after.paragraphs() for a, _ in p.links}
    assert anchors and anchors <= marks
    # body text unchanged outside the TOC
    toc = {norm(e) for e in toc_entries(before)} | {norm(e) for e in toc_entries(after)}

    def body(doc: Docx) -> list[str]:
        return [t for p in doc.paragraphs() if (t := norm(p.text)) and t not in toc]

    assert body(after) == body(before)


@needs_libreoffice
def test_finalized_docx_schema(finalized: dict[str, Path]) -> None:
    errors = schema_errors(finalized["docx"])
    if errors is None:
        pytest.skip("../shared/ooxml-schemas not present: schema validation not run")
    assert errors == []


def pdffonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) per font in ``pdf``."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    rows = []
    for line in out:
        cols = line.split()
        # name type... encoding emb sub uni object-id generation: emb is 5th from the end
        rows.append((cols[0], cols[-5]))
    return rows


@needs_libreoffice
def test_kazakh_text_embeds_fonts_and_extracts(tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(12)
    document.add_paragraph(KAZAKH).runs[0].font.name = "Times New Roman"
    source = tmp_path / "kk.docx"
    document.save(source)
    pdf = tmp_path / "kk.pdf"
    finalize(source, pdf_out=pdf)
    fonts = pdffonts(pdf)
    assert fonts and all(emb == "yes" for _, emb in fonts), fonts
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    assert KAZAKH in norm(text)
    for letter in "әғқңөұүһі":
        assert letter in text


@needs_libreoffice
def test_finalize_in_place(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Hello")
    path = tmp_path / "same.docx"
    document.save(path)
    original = path.read_bytes()
    finalize(path, docx_out=path)
    assert path.read_bytes() != original
    assert "Hello" in [p.text for p in read_docx(path).paragraphs()]
    assert [p.name for p in tmp_path.iterdir()] == ["same.docx"]  # no temp files left


# --------------------------------------------------------------------------- failures


@needs_libreoffice
def test_failed_conversion_keeps_previous_outputs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a zip archive")
    docx_out, pdf_out = tmp_path / "out.docx", tmp_path / "out.pdf"
    docx_out.write_bytes(b"previous docx")
    pdf_out.write_bytes(b"previous pdf")
    with pytest.raises(FinalizeError, match="could not"):
        finalize(bad, docx_out=docx_out, pdf_out=pdf_out)
    assert docx_out.read_bytes() == b"previous docx"
    assert pdf_out.read_bytes() == b"previous pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx", "out.docx", "out.pdf"]


def _small_docx(path: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph("Hello")
    document.save(path)
    return path


@needs_libreoffice
def test_timeout_kills_and_keeps_previous_output(tmp_path: Path) -> None:
    source = _small_docx(tmp_path / "in.docx")
    pdf_out = tmp_path / "out.pdf"
    pdf_out.write_bytes(b"previous pdf")
    # no LibreOffice starts within a millisecond: this always times out
    with pytest.raises(FinalizeError, match="did not finish"):
        finalize(source, pdf_out=pdf_out, timeout=0.001)
    assert pdf_out.read_bytes() == b"previous pdf"


@needs_libreoffice
def test_interrupted_conversion_kills_helper_and_keeps_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _small_docx(tmp_path / "in.docx")
    docx_out = tmp_path / "out.docx"
    docx_out.write_bytes(b"previous docx")
    started: list[subprocess.Popen[bytes]] = []

    def interrupted(self: subprocess.Popen[bytes], *args: object, **kwargs: object) -> None:
        started.append(self)
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        finalize(source, docx_out=docx_out)
    monkeypatch.undo()
    assert started and started[0].poll() is not None  # the helper was killed
    assert docx_out.read_bytes() == b"previous docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.docx", "out.docx"]


@pytest.mark.parametrize("missing", ["_find_soffice", "_find_uno_python"])
def test_missing_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setattr(fin, "_find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(fin, "_find_uno_python", lambda soffice=None: "/usr/bin/python3")
    monkeypatch.setattr(fin, missing, lambda *args: None)
    assert not libreoffice_available()
    source = _small_docx(tmp_path / "in.docx")
    out = tmp_path / "out.pdf"
    out.write_bytes(b"previous")
    with pytest.raises(LibreOfficeMissing) as info:
        finalize(source, pdf_out=out)
    assert "apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2" in str(
        info.value
    )
    assert out.read_bytes() == b"previous"


def test_interpreter_without_uno_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    # our own venv python cannot import uno: an explicit override to it finds nothing
    import sys

    monkeypatch.setenv("TOOLKIT_UNO_PYTHON", sys.executable)
    try:
        import uno  # noqa: F401
    except ImportError:
        assert fin._find_uno_python("/usr/bin/soffice") is None
    else:  # pragma: no cover - a venv with uno
        pytest.skip("this interpreter can import uno")


def test_needs_an_output(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        finalize(_small_docx(tmp_path / "in.docx"))


# --------------------------------------------------------------------------- PDF text parsing

FAKE_PAGES = [
    "                     United Nations\n\n  Cover page\n",
    "Header · line\n\n\nContents\n"
    "Introduction.............................................3\n"
    "I.  Follow-up to the previous recommendations............4\n"
    "    A very long heading that wraps onto a second line of the table of\n"
    "    contents because it is long...........................5\n"
    "    Article 14...........................................12\n\n"
    "                           2\n",
    "Introduction\n1.   Text of the first paragraph.\n",
    "I.    Follow-up to the previous\n      recommendations\n",
    "Body text mentions Article 14 in a sentence.\n  A very long heading that wraps onto a"
    " second line of the table of contents because it is long\n",
]


def test_toc_page_numbers_parses_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fin, "_pdf_pages", lambda pdf: FAKE_PAGES)
    assert toc_page_numbers(Path("x.pdf")) == {
        "Introduction": 3,
        "I. Follow-up to the previous recommendations": 4,
        "A very long heading that wraps onto a second line of the table of contents because "
        "it is long": 5,
        "Article 14": 12,
    }


def test_heading_pages_skips_toc_and_joins_wrapped_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fin, "_pdf_pages", lambda pdf: FAKE_PAGES)
    wanted = ["Introduction", "I.\tFollow-up to the previous recommendations", "Article 14",
              "A very long heading that wraps onto a second line of the table of contents "
              "because it is long"]
    assert heading_pages(Path("x.pdf"), wanted) == {
        "Introduction": 3,  # not 2: the TOC page is skipped
        "I.\tFollow-up to the previous recommendations": 4,
        wanted[3]: 5,
        # "Article 14" only occurs inside a sentence: not a heading line, not found
    }


def test_a_failed_finalize_names_the_files_it_wrote(example_copy: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice failing after the DOCX files are written: the user is told which files
    are there (and that they lack the page numbers / PDF), never "nothing was written"."""
    from typer.testing import CliRunner

    from toolkit.cli.main import app

    calls: list[Path] = []

    def failing(path: Path, **_: object) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise FinalizeError("LibreOffice stopped (exit 1)")

    monkeypatch.setattr(fin, "libreoffice_available", lambda: True)
    monkeypatch.setattr(fin, "finalize", failing)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(example_copy), "--lang", "en",
                                      "--lang", "ru", "--finalize", "--out", str(out)])
    assert result.exit_code == 1
    assert "nothing was written" not in result.output
    written = sorted(out.glob("*.docx"))
    assert [p.name for p in written] == ["kaz-iccpr-2016-en.docx", "kaz-iccpr-2016-ru.docx"]
    for path in written:
        assert f"wrote {path}" in result.output
    assert "LibreOffice stopped" in result.output
    assert "kaz-iccpr-2016-ru.docx" in result.output.split("LibreOffice stopped")[1]
    assert "Traceback" not in result.output
