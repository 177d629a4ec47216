"""Tests for toolkit.write.oxml and the reference template.

They build a small report through the public API, save it, reopen the saved package
and assert on the real XML, because that is what Word, LibreOffice and pandoc read.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # plain `pytest` puts only tests/ on sys.path
    sys.path.insert(0, str(REPO))

import docx  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from toolkit.write import oxml  # noqa: E402
from toolkit.write.oxml import TocEntry  # noqa: E402
from toolkit.write.reference_doc import (  # noqa: E402
    CHARACTER_STYLES,
    PARAGRAPH_STYLES,
    build_reference_docx,
)

TEMPLATE = REPO / "templates" / "reference.docx"
SHARED = Path(__file__).resolve().parents[2] / "shared"
VALIDATOR_DIR = SHARED / "ooxml-schemas"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
MODIFIED = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

REQUIRED_PARAGRAPH_STYLES = {
    "Normal": "Normal",
    "Title": "Title",
    "Subtitle": "Subtitle",
    "Heading1": "heading 1",
    "Heading2": "heading 2",
    "Heading3": "heading 3",
    "TOCHeading": "TOC Heading",
    "TOC1": "toc 1",
    "TOC2": "toc 2",
    "TOC3": "toc 3",
    "FootnoteText": "footnote text",
    "Header": "header",
    "Footer": "footer",
    "BodyNumbered": "Body Numbered",
    "BodyText": "Body Text",
    "RecommendationsHeading": None,
    "Recommendation": None,
    "PreviousRecommendation": None,
    "Assessment": None,
    "CoverMechanism": None,
    "CoverTitle": None,
    "CoverMeta": None,
    "CoverCoalition": None,
    "TableText": None,
    "TableHeading": None,
}
REQUIRED_CHARACTER_STYLES = {
    "FootnoteReference": "footnote reference",
    "Hyperlink": "Hyperlink",
    "Strong": "Strong",
    "Emphasis": "Emphasis",
}

FOOTNOTE_TEXTS = [
    "Constitution of the Republic of Kazakhstan, art. 20.",
    "CCPR/C/KAZ/CO/1, para. 12, available at UN Treaty Body Database.",
    "Interview with a defence lawyer, Almaty, 2015.",
]
TOC_ENTRIES = [
    TocEntry(1, "I. Introduction", "sec_intro", "2"),
    TocEntry(2, "A. Freedom of expression (art. 19)", "sec_art19", "3"),
    TocEntry(3, "Defamation", "sec_defamation"),
    TocEntry(1, "II. Recommendations", "sec_recs", "5"),
]


# --------------------------------------------------------------------------- helpers


def _validator() -> Callable[[str | Path], list[str]]:
    if not (VALIDATOR_DIR / "validate_docx.py").is_file():
        pytest.skip(f"schema validator not found at {VALIDATOR_DIR} (../shared is absent)")
    if str(VALIDATOR_DIR) not in sys.path:
        sys.path.insert(0, str(VALIDATOR_DIR))
    return importlib.import_module("validate_docx").validate


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def _text(el: etree._Element) -> str:
    """Visible text of an element: w:t, w:tab as tab, fields' instrText excluded."""
    out = []
    for node in el.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab") and node.getparent().tag == qn("w:r"):
            out.append("\t")
        elif node.tag == qn("w:br"):
            out.append("\n")
    return "".join(out)


def build_sample(template: Path = TEMPLATE) -> bytes:
    """A miniature shadow report exercising every helper of toolkit.oxml."""
    document = docx.Document(str(template))
    cover = oxml.append_paragraph(document, "CoverTitle")
    oxml.append_run(cover, "Joint NGO submission\non Kazakhstan")
    oxml.insert_toc(document, TOC_ENTRIES, title="Contents")

    h1 = oxml.append_paragraph(document, "Heading1")
    oxml.append_run(h1, "I. Introduction")
    oxml.add_bookmark(h1, "sec_intro")

    p1 = oxml.append_paragraph(document, "BodyNumbered")
    oxml.append_run(p1, "1.\tThe coalition notes the  reform ", lang="en-GB")
    oxml.append_run(p1, "of 2014", italic=True)
    fid, fp = oxml.add_footnote(document, lang="en-GB")
    oxml.append_run(fp, FOOTNOTE_TEXTS[0])
    oxml.append_footnote_reference(p1, fid)
    oxml.add_bookmark(p1, "para_1")

    h2 = oxml.append_paragraph(document, "Heading2")
    oxml.append_run(h2, "A. Freedom of expression (art. 19)")
    oxml.add_bookmark(h2, "sec_art19")
    h3 = oxml.append_paragraph(document, "Heading3")
    oxml.append_run(h3, "Defamation")
    oxml.add_bookmark(h3, "sec_defamation")

    p2 = oxml.append_paragraph(document, "BodyNumbered")
    oxml.append_run(p2, "2.\tSee paragraph ")
    link = oxml.append_hyperlink(p2, part=document.part, anchor="para_1")
    oxml.append_run(link, "1", style="Hyperlink")
    oxml.append_run(p2, " on page ")
    oxml.append_field(p2, "PAGEREF para_1 \\h", "2")
    oxml.append_run(p2, ".")
    fid, fp = oxml.add_footnote(document)
    oxml.append_run(fp, "CCPR/C/KAZ/CO/1, para. 12, available at ")
    web = oxml.append_hyperlink(
        fp, part=oxml.footnotes_part(document), url="https://tbinternet.ohchr.org/"
    )
    oxml.append_run(web, "UN Treaty Body Database", style="Hyperlink")
    oxml.append_run(fp, ".")
    oxml.append_footnote_reference(p2, fid)

    h4 = oxml.append_paragraph(document, "Heading1")
    oxml.append_run(h4, "II. Recommendations")
    oxml.add_bookmark(h4, "sec_recs")
    rec = oxml.append_paragraph(document, "Recommendation")
    oxml.append_run(rec, "1.\tDecriminalise defamation.", bold=True)
    fid, fp = oxml.add_footnote(document)
    oxml.append_run(fp, FOOTNOTE_TEXTS[2])
    oxml.append_footnote_reference(rec, fid)
    oxml.add_bookmark(rec, "rec_1")

    oxml.set_page_number_footer(document, "Kazakhstan: joint NGO submission")
    oxml.set_document_language(document, "en-GB")
    oxml.fix_settings(document)
    oxml.fix_settings(document)  # idempotent
    return oxml.docx_bytes(document, modified=MODIFIED)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("oxml") / "sample.docx"
    path.write_bytes(build_sample())
    return path


# --------------------------------------------------------------------------- reference template


def test_reference_template_defines_all_styles() -> None:
    styles = _part(TEMPLATE, "word/styles.xml")
    found = {
        s.get(qn("w:styleId")): (s.get(qn("w:type")), s.find("w:name", NS).get(qn("w:val")))
        for s in styles.iterfind("w:style", NS)
    }
    for style_id, name in REQUIRED_PARAGRAPH_STYLES.items():
        assert found.get(style_id, (None,))[0] == "paragraph", style_id
        if name:
            assert found[style_id][1] == name
    for style_id, name in REQUIRED_CHARACTER_STYLES.items():
        assert found.get(style_id) == ("character", name), style_id
    assert found["TableGrid"][0] == "table"
    assert set(PARAGRAPH_STYLES) >= set(REQUIRED_PARAGRAPH_STYLES)
    assert set(CHARACTER_STYLES) >= set(REQUIRED_CHARACTER_STYLES)
    ids = [s.get(qn("w:styleId")) for s in styles.iterfind("w:style", NS)]
    assert len(ids) == len(set(ids)), "duplicate style ids"


def test_reference_template_look() -> None:
    styles = _part(TEMPLATE, "word/styles.xml")
    rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert fonts.get(qn(f"w:{attr}")) == "Times New Roman"
    assert rpr.find("w:sz", NS).get(qn("w:val")) == "24"
    assert rpr.find("w:lang", NS).get(qn("w:val")) == "en-GB"

    def style(style_id: str) -> etree._Element:
        return styles.find(f"w:style[@w:styleId='{style_id}']", NS)

    h1 = style("Heading1")
    assert h1.find("w:pPr/w:keepNext", NS) is not None
    assert h1.find("w:pPr/w:outlineLvl", NS).get(qn("w:val")) == "0"
    assert h1.find("w:rPr/w:b", NS) is not None
    assert style("Heading2").find("w:pPr/w:outlineLvl", NS).get(qn("w:val")) == "1"
    assert style("Heading3").find("w:rPr/w:i", NS) is not None
    assert style("TOCHeading").find("w:pPr/w:outlineLvl", NS).get(qn("w:val")) == "9"
    assert style("FootnoteText").find("w:rPr/w:sz", NS).get(qn("w:val")) == "20"
    sup = style("FootnoteReference").find("w:rPr/w:vertAlign", NS)
    assert sup.get(qn("w:val")) == "superscript"
    numbered = style("BodyNumbered").find("w:pPr", NS)
    assert numbered.find("w:ind", NS).get(qn("w:hanging")) == "567"
    assert numbered.find("w:tabs/w:tab", NS).get(qn("w:pos")) == "567"
    assert numbered.find("w:jc", NS).get(qn("w:val")) == "both"
    assert numbered.find("w:spacing", NS).get(qn("w:after")) == "120"
    assert style("RecommendationsHeading").find("w:pPr/w:keepNext", NS) is not None

    body = _part(TEMPLATE, "word/document.xml").find("w:body", NS)
    assert [c.tag for c in body] == [qn("w:sectPr")], "template body must be empty"
    pg = body.find("w:sectPr/w:pgSz", NS)
    assert (pg.get(qn("w:w")), pg.get(qn("w:h"))) == ("11906", "16838")
    mar = body.find("w:sectPr/w:pgMar", NS)
    assert {mar.get(qn(f"w:{s}")) for s in ("top", "bottom", "left", "right")} == {"1418"}
    zoom = _part(TEMPLATE, "word/settings.xml").find("w:zoom", NS)
    assert zoom.get(qn("w:percent")) == "100"


def test_reference_template_validates() -> None:
    assert _validator()(TEMPLATE) == []


def test_reference_template_is_deterministic_and_current(tmp_path: Path) -> None:
    a = build_reference_docx(tmp_path / "a.docx").read_bytes()
    b = build_reference_docx(tmp_path / "b.docx").read_bytes()
    assert a == b
    # Compare contents, not bytes, so a different zlib build cannot fail the test.
    with zipfile.ZipFile(tmp_path / "a.docx") as fresh, zipfile.ZipFile(TEMPLATE) as committed:
        assert fresh.namelist() == committed.namelist()
        for name in fresh.namelist():
            assert fresh.read(name) == committed.read(name), (
                f"{name} differs: run `python -m toolkit.write.reference_doc "
                "templates/reference.docx`"
            )


# --------------------------------------------------------------------------- the sample report


def test_sample_validates(sample: Path) -> None:
    errors = _validator()(sample)
    assert errors == []
    with zipfile.ZipFile(sample) as z:
        names = set(z.namelist())
    assert {"word/footnotes.xml", "word/header1.xml", "word/footer1.xml"} <= names


def test_footnotes(sample: Path) -> None:
    footnotes = _part(sample, "word/footnotes.xml")
    notes = footnotes.findall("w:footnote", NS)
    assert [n.get(qn("w:id")) for n in notes] == ["-1", "0", "1", "2", "3"]
    assert [n.get(qn("w:type")) for n in notes[:2]] == ["separator", "continuationSeparator"]
    for note, expected in zip(notes[2:], FOOTNOTE_TEXTS, strict=True):
        (p,) = note.findall("w:p", NS)
        assert p.find("w:pPr/w:pStyle", NS).get(qn("w:val")) == "FootnoteText"
        first_run = p.find("w:r", NS)
        assert first_run.find("w:footnoteRef", NS) is not None
        assert first_run.find("w:rPr/w:rStyle", NS).get(qn("w:val")) == "FootnoteReference"
        assert _text(p) == " " + expected
    assert notes[2].find("w:p/w:r[2]/w:rPr/w:lang", NS).get(qn("w:val")) == "en-GB"

    document = _part(sample, "word/document.xml")
    refs = document.findall(".//w:footnoteReference", NS)
    assert [r.get(qn("w:id")) for r in refs] == ["1", "2", "3"]
    for ref in refs:
        style = ref.getparent().find("w:rPr/w:rStyle", NS)
        assert style.get(qn("w:val")) == "FootnoteReference"

    settings = _part(sample, "word/settings.xml")
    ids = [f.get(qn("w:id")) for f in settings.findall("w:footnotePr/w:footnote", NS)]
    assert ids == ["-1", "0"]
    assert len(settings.findall("w:footnotePr", NS)) == 1


def test_hyperlink_inside_footnote_uses_footnotes_part_relationship(sample: Path) -> None:
    footnotes = _part(sample, "word/footnotes.xml")
    (link,) = footnotes.findall(".//w:hyperlink", NS)
    rid = link.get(f"{{{R}}}id")
    rels = _part(sample, "word/_rels/footnotes.xml.rels")
    (rel,) = [r for r in rels if r.get("Id") == rid]
    assert rel.get("Target") == "https://tbinternet.ohchr.org/"
    assert rel.get("TargetMode") == "External"
    assert rel.get("Type").endswith("/hyperlink")
    assert link.find("w:r/w:rPr/w:rStyle", NS).get(qn("w:val")) == "Hyperlink"


def test_bookmarks_and_internal_links(sample: Path) -> None:
    body = _part(sample, "word/document.xml").find("w:body", NS)
    starts = body.findall(".//w:bookmarkStart", NS)
    names = [s.get(qn("w:name")) for s in starts]
    assert names == ["sec_intro", "para_1", "sec_art19", "sec_defamation", "sec_recs", "rec_1"]
    ids = [s.get(qn("w:id")) for s in starts]
    assert len(set(ids)) == len(ids)
    for start in starts:
        p = start.getparent()
        assert p.tag == qn("w:p")
        assert p.index(start) == 1 and p[0].tag == qn("w:pPr")
        assert p[-1].tag == qn("w:bookmarkEnd")
        assert p[-1].get(qn("w:id")) == start.get(qn("w:id"))
    ends = body.findall(".//w:bookmarkEnd", NS)
    assert sorted(e.get(qn("w:id")) for e in ends) == sorted(ids)

    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    assert anchors and set(anchors) <= set(names)
    assert "para_1" in anchors
    pagerefs = [i.text for i in body.iter(qn("w:instrText")) if "PAGEREF" in i.text]
    assert " PAGEREF para_1 \\h " in pagerefs
    for instr in pagerefs:
        assert instr.split()[1] in names


def test_fields_are_balanced(sample: Path) -> None:
    for part in ("word/document.xml", "word/footer1.xml"):
        depth = 0
        state: list[str] = []
        for fc in _part(sample, part).iter(qn("w:fldChar")):
            kind = fc.get(qn("w:fldCharType"))
            if kind == "begin":
                depth += 1
                state.append("begin")
            elif kind == "separate":
                assert state and state[-1] == "begin"
                state[-1] = "separate"
            else:
                assert state, f"unbalanced end in {part}"
                state.pop()
                depth -= 1
        assert depth == 0 and not state


def test_toc(sample: Path) -> None:
    body = _part(sample, "word/document.xml").find("w:body", NS)
    paragraphs = body.findall("w:p", NS)
    styles = [p.find("w:pPr/w:pStyle", NS).get(qn("w:val")) for p in paragraphs]
    start = styles.index("TOCHeading")
    assert _text(paragraphs[start]) == "Contents"
    entries = paragraphs[start + 1 : start + 1 + len(TOC_ENTRIES)]
    assert [p.find("w:pPr/w:pStyle", NS).get(qn("w:val")) for p in entries] == [
        f"TOC{e.level}" for e in TOC_ENTRIES
    ]
    first = entries[0]
    runs = first.findall("w:r", NS)
    assert runs[0].find("w:fldChar", NS).get(qn("w:fldCharType")) == "begin"
    assert runs[1].find("w:instrText", NS).text == ' TOC \\o "1-3" \\h \\z \\u '
    assert runs[2].find("w:fldChar", NS).get(qn("w:fldCharType")) == "separate"
    last_child = entries[-1][-1]
    assert last_child.find("w:fldChar", NS).get(qn("w:fldCharType")) == "end"
    for p, entry in zip(entries, TOC_ENTRIES, strict=True):
        (link,) = p.findall("w:hyperlink", NS)
        assert link.get(qn("w:anchor")) == entry.anchor
        assert link.get(qn("w:history")) == "1"
        assert _text(link) == f"{entry.text}\t{entry.page}"
        assert link.find(".//w:instrText", NS).text == f" PAGEREF {entry.anchor} \\h "
    # Every TOC anchor is a real bookmark.
    names = {s.get(qn("w:name")) for s in body.iter(qn("w:bookmarkStart"))}
    assert {e.anchor for e in TOC_ENTRIES} <= names


def test_header_and_footer(sample: Path) -> None:
    header = _part(sample, "word/header1.xml")
    (hp,) = header.findall("w:p", NS)
    assert hp.find("w:pPr/w:pStyle", NS).get(qn("w:val")) == "Header"
    assert _text(hp) == "Kazakhstan: joint NGO submission"
    footer = _part(sample, "word/footer1.xml")
    (fp,) = footer.findall("w:p", NS)
    assert fp.find("w:pPr/w:pStyle", NS).get(qn("w:val")) == "Footer"
    assert fp.find("w:pPr/w:jc", NS).get(qn("w:val")) == "center"
    assert fp.find(".//w:instrText", NS).text == " PAGE "
    sect = _part(sample, "word/document.xml").find("w:body/w:sectPr", NS)
    kinds = {(r.tag, r.get(qn("w:type"))) for r in sect if r.tag.endswith("Reference")}
    assert kinds == {(qn("w:headerReference"), "default"), (qn("w:footerReference"), "default")}


def test_settings_and_language(sample: Path) -> None:
    settings = _part(sample, "word/settings.xml")
    assert settings.find("w:zoom", NS).get(qn("w:percent")) == "100"
    lang = _part(sample, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(qn("w:val")) == "en-GB"


def test_output_is_deterministic(sample: Path) -> None:
    again = build_sample()
    assert again == sample.read_bytes()
    with zipfile.ZipFile(sample) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    core = _part(sample, "docProps/core.xml")
    dc = "{http://purl.org/dc/terms/}"
    assert core.findtext(f"{dc}created") == "2024-03-01T12:00:00Z"
    assert core.findtext(f"{dc}modified") == "2024-03-01T12:00:00Z"
    cp = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
    assert core.findtext(f"{cp}revision") == "1"
    assert not core.findtext(f"{cp}lastModifiedBy")


def test_pandoc_sees_footnotes_and_toc(sample: Path) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    out = subprocess.run(
        [pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(sample)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for text in FOOTNOTE_TEXTS:
        assert text in out
    assert "Decriminalise defamation." in out
    assert "II. Recommendations" in out


def test_reopen_and_continue(sample: Path, tmp_path: Path) -> None:
    """A saved report reopens as a FootnotesPart, and ids carry on where they stopped."""
    document = docx.Document(str(sample))
    part = oxml.get_or_add_footnotes_part(document)
    assert isinstance(part, oxml.FootnotesPart)
    fid, fp = oxml.add_footnote(document)
    assert fid == 4
    oxml.append_run(fp, "Added later.")
    p = oxml.append_paragraph(document, "BodyText")
    oxml.append_run(p, "Late paragraph")
    oxml.append_footnote_reference(p, fid)
    oxml.add_bookmark(p, "late")
    with pytest.raises(ValueError, match="duplicate"):
        oxml.add_bookmark(p, "sec_intro")
    oxml.fix_settings(document)
    out = tmp_path / "again.docx"
    out.write_bytes(oxml.docx_bytes(document, modified=MODIFIED))
    body = _part(out, "word/document.xml")
    ids = [s.get(qn("w:id")) for s in body.iter(qn("w:bookmarkStart"))]
    assert len(ids) == 7 and len(set(ids)) == 7
    settings = _part(out, "word/settings.xml")
    assert len(settings.findall("w:footnotePr/w:footnote", NS)) == 2
    assert _validator()(out) == []


# --------------------------------------------------------------------------- unit behaviour


def _fresh() -> docx.document.Document:
    return docx.Document(str(TEMPLATE))


def test_append_run_text_and_properties() -> None:
    p = oxml.append_paragraph(_fresh(), "BodyText")
    run = oxml.append_run(
        p, " a\tb\nc  d", bold=True, italic=True, style="Strong", lang="ru-RU", superscript=True
    )
    rpr = run.find("w:rPr", NS)
    assert [etree.QName(c).localname for c in rpr] == [
        "rStyle", "b", "bCs", "i", "iCs", "vertAlign", "lang",
    ]  # fmt: skip
    assert rpr.find("w:lang", NS).get(qn("w:val")) == "ru-RU"
    kinds = [etree.QName(c).localname for c in run if c.tag != qn("w:rPr")]
    assert kinds == ["t", "tab", "t", "br", "t"]
    texts = run.findall("w:t", NS)
    assert [t.text for t in texts] == [" a", "b", "c  d"]
    space = "{http://www.w3.org/XML/1998/namespace}space"
    assert [t.get(space) for t in texts] == ["preserve", None, "preserve"]
    plain = oxml.append_run(p, "x")
    assert plain.find("w:rPr", NS) is None


def test_append_hyperlink_needs_one_target() -> None:
    document = _fresh()
    p = oxml.append_paragraph(document)
    with pytest.raises(ValueError):
        oxml.append_hyperlink(p, part=document.part)
    with pytest.raises(ValueError):
        oxml.append_hyperlink(p, part=document.part, url="https://a.org", anchor="x")
    a = oxml.append_hyperlink(p, part=document.part, url="https://a.org")
    b = oxml.append_hyperlink(p, part=document.part, url="https://a.org")
    assert a.get(f"{{{R}}}id") == b.get(f"{{{R}}}id")  # one relationship per URL


@pytest.mark.parametrize(
    "name", ["", "1abc", "_Toc123", "has space", "dash-ed", "x" * 41, "é", "a.b"]
)
def test_bookmark_name_rules(name: str) -> None:
    p = oxml.append_paragraph(_fresh())
    with pytest.raises(ValueError):
        oxml.add_bookmark(p, name)


def test_bookmark_on_detached_paragraph_is_rejected() -> None:
    p = etree.Element(qn("w:p"))
    with pytest.raises(ValueError, match="attach"):
        oxml.add_bookmark(p, "ok")


def test_bookmark_without_ppr_and_max_length() -> None:
    p = oxml.append_paragraph(_fresh())
    oxml.append_run(p, "text")
    oxml.add_bookmark(p, "B" * 40)
    assert p[0].tag == qn("w:bookmarkStart") and p[-1].tag == qn("w:bookmarkEnd")


def test_toc_entry_validation() -> None:
    with pytest.raises(ValueError):
        TocEntry(4, "x", "a")
    with pytest.raises(ValueError):
        TocEntry(1, "x", "9bad")


def test_empty_toc_is_a_valid_field(tmp_path: Path) -> None:
    document = _fresh()
    oxml.insert_toc(document, [], title="Contents")
    body = document.element.body
    toc_p = body.findall("w:p", NS)[1]
    kinds = [fc.get(qn("w:fldCharType")) for fc in toc_p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    out = tmp_path / "empty_toc.docx"
    out.write_bytes(oxml.docx_bytes(document, modified=MODIFIED))
    assert _validator()(out) == []


def test_thousand_footnotes_get_sequential_ids() -> None:
    """Speed is measured in bench/, not here; this checks ids stay sequential at scale."""
    document = _fresh()
    p = oxml.append_paragraph(document, "BodyText")
    for i in range(1000):
        fid, fp = oxml.add_footnote(document)
        oxml.append_run(fp, f"Note {i}.")
        oxml.append_footnote_reference(p, fid)
    assert fid == 1000
    refs = [r.get(qn("w:id")) for r in p.iter(qn("w:footnoteReference"))]
    assert refs == [str(i) for i in range(1, 1001)]


def test_fix_settings_update_fields_in_schema_order(tmp_path: Path) -> None:
    document = _fresh()
    oxml.add_footnote(document)
    oxml.fix_settings(document, update_fields=True)
    oxml.fix_settings(document, update_fields=True)
    settings = document.settings.element
    names = [etree.QName(c).localname for c in settings]
    assert names.count("updateFields") == 1 and names.count("footnotePr") == 1
    assert names.index("updateFields") < names.index("footnotePr") < names.index("compat")
    out = tmp_path / "fields.docx"
    out.write_bytes(oxml.docx_bytes(document, modified=MODIFIED))
    assert _validator()(out) == []


def test_set_document_language_keeps_other_scripts() -> None:
    document = _fresh()
    oxml.set_document_language(document, "kk-KZ")
    lang = document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(qn("w:val")) == "kk-KZ"
    assert lang.get(qn("w:bidi")) == "ar-SA"


def test_docx_bytes_normalises_timezones() -> None:
    plus_five = timezone(timedelta(hours=5))
    a = oxml.docx_bytes(_fresh(), modified=datetime(2024, 3, 1, 17, 0, tzinfo=plus_five))
    b = oxml.docx_bytes(_fresh(), modified=MODIFIED)
    assert a == b


def test_fix_settings_repairs_python_docx_default(tmp_path: Path) -> None:
    """python-docx's own template has w:zoom without the required w:percent."""
    document = docx.Document()
    zoom = document.settings.element.find("w:zoom", NS)
    assert zoom.get(qn("w:percent")) is None
    oxml.fix_settings(document)
    assert zoom.get(qn("w:percent")) == "100"
    assert document.settings.element.find("w:footnotePr", NS) is None  # no footnotes yet
    out = tmp_path / "default.docx"
    out.write_bytes(oxml.docx_bytes(document, modified=MODIFIED))
    assert _validator()(out) == []


def test_importing_the_writer_changes_nothing_in_python_docx() -> None:
    """No import-time side effect: python-docx's shared PartFactory is left as it was."""
    import subprocess
    import sys

    code = ("from docx.opc.part import PartFactory; before = dict(PartFactory.part_type_for); "
            "import toolkit.write.oxml, toolkit.write.docx; "
            "assert dict(PartFactory.part_type_for) == before")
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- body splice


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        return z.read("word/document.xml")


@pytest.mark.parametrize("first, second", [
    ('<w:p><w:r><w:t xml:space="preserve"> Ümit &amp; «Қазақ» &lt;x&gt; "q" </w:t></w:r></w:p>'
     '<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t></w:t></w:r></w:p>',
     '<w:p><w:hyperlink r:id="rId9"><w:r><w:t>a\tb</w:t></w:r></w:hyperlink></w:p>'),
    ("", '<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'),
])
def test_body_spliced_as_text_equals_body_parsed_into_the_tree(first: str, second: str) -> None:
    """The DOCX writer splices body XML into document.xml as text: the part must be
    byte-identical to the one python-docx writes when the same XML is parsed into its tree
    (escapes, empty elements, namespaces, an element placed between two pieces)."""
    when = datetime(2025, 1, 1, 12)

    def fresh() -> tuple[docx.document.Document, etree._Element, etree._Element]:
        document = docx.Document(str(TEMPLATE))
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        return document, body, body.find(qn("w:sectPr"))

    parsed, body, sect = fresh()
    for xml in (first, None, second):
        if xml is None:
            oxml.append_paragraph(parsed, "TOCHeading")
            continue
        for element in oxml.parse_fragment(xml):
            sect.addprevious(element)
    spliced, body, sect = fresh()
    splice = oxml.BodySplice()
    splice.place(body, sect, first)
    oxml.append_paragraph(spliced, "TOCHeading")
    splice.place(body, sect, second)
    expected = _document_xml(oxml.docx_bytes(parsed, modified=when))
    got = _document_xml(oxml.docx_bytes(spliced, modified=when, splices=splice.splices()))
    assert b"toolkit-body" not in got
    assert got == expected
