"""Reviewers' comments: read with file:line, shown as real Word comments in drafts (read
back by python-docx and by LibreOffice), never in a final build, never translated."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from tests.conftest import ART7, BASE_SUBMISSION, VALID_FILES, write_submission
from tests.docx_inspect import SHARED, q, schema_errors
from toolkit.cli.main import app
from toolkit.i18n.units import extract_units
from toolkit.model.walk import text_slots
from toolkit.read.submission import read_submission

runner = CliRunner()
KIBHR = "Kazakhstan International Bureau for Human Rights"

# art7 with a comment on the section, on its paragraph, on its recommendation (one of
# them resolved), and a table paragraph with a comment of its own.
ART7_COMMENTED = """\
id: art7
kind: article
articles: ["7"]
contributors: [kibhr]
status: review
comments:
  - {by: adilsoz, text: "Section: add the 2016 figures"}
paragraphs:
  - id: complaints
    text: >
      In 2015 prosecutors registered 700 complaints of torture.[@kibhr-2015, p. 4]
      Only 2% reached court.^[Figures from form 1-M.] See @rec:investigate and @sec:follow.
    comments:
      - by: kibhr
        text: Check the 2015 figure
      - by: adilsoz
        text: Already fixed
        resolved: true
  - id: figures
    table:
      caption: Complaints of torture, 2015
      header: [Year, Registered]
      rows: [["2015", "700"]]
    comments:
      - {by: adilsoz, text: "Source of the table?"}
recommendations:
  - id: investigate
    text: Create an independent investigative body (see @para:complaints).
    follows_up: [co1-11]
    comments:
      - {by: kibhr, text: "Say which ministry"}
"""

OPEN = {"Section: add the 2016 figures": "Adil Soz", "Check the 2015 figure": KIBHR,
        "Source of the table?": "Adil Soz", "Say which ministry": KIBHR}


def commented(tmp_path: Path, name: str = "sub", art7: str = ART7_COMMENTED,
              submission: str = BASE_SUBMISSION) -> Path:
    return write_submission(tmp_path / name, {**VALID_FILES, "submission.yaml": submission,
                                              "sections/20-art07.yaml": art7})


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def line_of(root: Path, file: str, needle: str) -> int:
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(q("w:t")))


def anchored_comments(path: Path) -> dict[str, str]:
    """comment id → text of the paragraph holding its range start, range end and
    reference (all three in one paragraph)."""
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    found = {}
    for p in body.iter(q("w:p")):
        starts = {e.get(q("w:id")) for e in p.iter(q("w:commentRangeStart"))}
        ends = {e.get(q("w:id")) for e in p.iter(q("w:commentRangeEnd"))}
        refs = {e.get(q("w:id")) for e in p.iter(q("w:commentReference"))}
        assert starts == ends == refs
        for cid in starts:
            found[cid] = paragraph_text(p)
    return found


def comments_part_errors(path: Path) -> list[str] | None:
    """word/comments.xml against the same ECMA-376 schema validate_docx.py uses for the
    other parts (None when ../shared is absent)."""
    import sys

    validator_dir = SHARED / "ooxml-schemas"
    if schema_errors(path) is None:
        return None
    if str(validator_dir) not in sys.path:
        sys.path.insert(0, str(validator_dir))
    import validate_docx  # type: ignore[import-not-found]

    schema = validate_docx._schema()
    with zipfile.ZipFile(path) as z:
        root = validate_docx._strip_ignorable(etree.fromstring(z.read("word/comments.xml")))
    assert etree.QName(root).localname == "comments"
    if schema.validate(root):
        return []
    return [f"comments.xml:{e.line}: {e.message}" for e in schema.error_log]


@pytest.fixture(scope="module")
def draft_and_final(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    tmp = tmp_path_factory.mktemp("review")
    root = commented(tmp)
    out = tmp / "out"
    code, output = invoke("build", str(root), "--draft", "--out", str(out),
                          "--format", "docx,html")
    assert code == 0, output
    code, final_output = invoke("build", str(root), "--out", str(out), "--format", "docx,html")
    assert code == 0, final_output
    return out / "sub-en-draft.docx", out / "sub-en.docx", final_output


def test_draft_has_real_word_comments_with_authors(draft_and_final) -> None:
    draft, _, _ = draft_and_final
    document = docx.Document(str(draft))
    comments = {c.text: (c.author, c.initials) for c in document.comments}
    assert {text: author for text, (author, _) in comments.items()} == OPEN  # not resolved
    assert comments["Check the 2015 figure"][1] == "KIBHR"
    assert comments["Source of the table?"][1] == "AS"
    by_id = {str(c.comment_id): c.text for c in document.comments}
    anchors = {by_id[cid]: text for cid, text in anchored_comments(draft).items()}
    assert set(anchors) == set(OPEN)
    assert "700 complaints of torture" in anchors["Check the 2015 figure"]
    assert "independent investigative body" in anchors["Say which ministry"]
    assert anchors["Source of the table?"].startswith("Table 1")
    assert "Article 7" in anchors["Section: add the 2016 figures"]  # the section's heading
    errors = schema_errors(draft)
    assert not errors, errors
    errors = comments_part_errors(draft)  # validate_docx.py leaves word/comments.xml out
    assert errors == [], errors


def test_final_build_has_no_comments_and_warns(draft_and_final) -> None:
    _, final, output = draft_and_final
    with zipfile.ZipFile(final) as z:
        names = z.namelist()
        xml = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "word/comments.xml" not in names and "comments" not in rels
    assert "commentReference" not in xml and "commentRangeStart" not in xml
    assert not list(docx.Document(str(final)).comments)
    for text in OPEN:
        assert text in output
    assert "Already fixed" not in output  # resolved: not open
    line = line_of(final.parent.parent / "sub", "sections/20-art07.yaml", "- by: kibhr")
    assert re.search(rf"sections/20-art07\.yaml:{line}:\d+: warning: open comment by kibhr",
                     output)


def test_html_draft_shows_comments_as_asides(draft_and_final) -> None:
    draft, final, _ = draft_and_final
    page = draft.with_suffix(".html").read_text(encoding="utf-8")
    asides = re.findall(r'<aside class="comments">(.*?)</aside>', page)
    assert len(asides) == 4
    assert any(KIBHR in a and "Check the 2015 figure" in a for a in asides)
    assert "Already fixed" not in page
    final_page = final.with_suffix(".html").read_text(encoding="utf-8")
    assert "<aside" not in final_page and "Check the 2015 figure" not in final_page


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_reads_the_comments_with_their_authors(draft_and_final,
                                                           tmp_path: Path) -> None:
    """LibreOffice's own DOCX import: converted to ODF, every comment is an annotation
    with its author and initials, inside the paragraph it is anchored to."""
    draft, _, _ = draft_and_final
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "odt", "--outdir", str(tmp_path),
                    str(draft)], check=True, capture_output=True, timeout=300)
    with zipfile.ZipFile(tmp_path / "sub-en-draft.odt") as z:
        content = etree.fromstring(z.read("content.xml"))
    ns = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "dc": "http://purl.org/dc/elements/1.1/",
          "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    seen = {}
    for note in content.iterfind(".//office:annotation", ns):
        body = "".join(p.xpath("string()") for p in note.iterfind("text:p", ns))
        author = note.findtext("dc:creator", namespaces=ns)
        initials = note.findtext("meta:creator-initials", namespaces=ns)
        paragraph = note.getparent()
        while etree.QName(paragraph).localname not in ("p", "h"):
            paragraph = paragraph.getparent()
        outside = "".join(paragraph.xpath("string()")).replace(body, "")
        seen[body] = (author, initials, outside)
    assert {text: author for text, (author, _, _) in seen.items()} == OPEN
    assert seen["Check the 2015 figure"][1] == "KIBHR"
    assert "700 complaints of torture" in seen["Check the 2015 figure"][2]


def test_check_warns_about_open_comments_at_their_line(tmp_path: Path) -> None:
    root = commented(tmp_path)
    code, output = invoke("check", str(root))
    assert code == 0, output
    for text, needle in (("Check the 2015 figure", "- by: kibhr"),
                         ("Say which ministry", "Say which ministry")):
        line = line_of(root, "sections/20-art07.yaml", needle)
        assert re.search(rf"20-art07\.yaml:{line}:\d+: warning: open comment .*{text}", output)
    assert "Already fixed" not in output
    assert "4 warnings" in output


def test_comment_by_someone_outside_the_coalition_is_an_error(tmp_path: Path) -> None:
    root = commented(tmp_path, art7=ART7_COMMENTED.replace("- by: kibhr", "- by: kibrh"))
    line = line_of(root, "sections/20-art07.yaml", "- by: kibrh")
    code, output = invoke("check", str(root))
    assert code == 1, output
    assert re.search(rf"20-art07\.yaml:{line}:\d+: comment by 'kibrh'.*'kibhr'", output)
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--draft", "--out", str(out))
    assert code == 1 and not out.exists()


@pytest.mark.parametrize("bad, needle, message", [
    ("        text: Check the 2015 figure\n", "        txt: Check the 2015 figure\n",
     "unknown field 'txt'"),
    ("        text: Already fixed\n        resolved: true\n",
     "        text: Already fixed\n        resolved: maybe\n", "expected true or false"),
    ("        text: Check the 2015 figure\n", '        text: "  "\n', "only spaces"),
])
def test_malformed_comments_are_errors_at_their_line(tmp_path: Path, bad: str, needle: str,
                                                     message: str) -> None:
    assert bad in ART7_COMMENTED
    root = commented(tmp_path, art7=ART7_COMMENTED.replace(bad, needle))
    line = line_of(root, "sections/20-art07.yaml", needle.strip().splitlines()[-1].strip())
    code, output = invoke("check", str(root))
    assert code == 1, output
    assert re.search(rf"20-art07\.yaml:{line}:\d+: .*{message}", output), output
    assert "1 error," in output


def test_comments_are_not_translated_content(tmp_path: Path) -> None:
    """No text slot, no translation unit, no PO entry holds a comment."""
    submission = BASE_SUBMISSION.replace("languages: [en]", "languages: [en, ru]")
    root = commented(tmp_path, submission=submission)
    result = read_submission(root)
    assert result.document is not None, result.diagnostics
    slots = " ".join(str(slot.get()) for slot in text_slots(result.document))
    units = " ".join(u.msgid for u in extract_units(result.document, result.origins, root))
    assert "700 complaints" in units  # the paragraph itself is there
    code, output = invoke("i18n", "update", str(root))
    assert code == 0, output
    po = (root / "locales" / "ru.po").read_text(encoding="utf-8")
    assert "700 complaints" in po
    for text in [*OPEN, "Already fixed"]:
        assert text not in slots and text not in units and text not in po
    # a draft in another language still carries them, as written
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--draft", "--lang", "ru", "--out", str(out))
    assert code == 0, output
    comments = docx.Document(str(out / "sub-ru-draft.docx")).comments
    assert {c.text: c.author for c in comments} == OPEN


def test_a_plain_section_still_builds_without_comments(tmp_path: Path) -> None:
    root = commented(tmp_path, art7=ART7)
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--draft", "--out", str(out))
    assert code == 0, output
    with zipfile.ZipFile(out / "sub-en-draft.docx") as z:
        assert "word/comments.xml" not in z.namelist()
        assert b"commentRangeStart" not in z.read("word/document.xml")


def test_a_draft_with_comments_is_not_finalized(tmp_path: Path) -> None:
    """LibreOffice would drop the comments: refused before anything is written."""
    root = commented(tmp_path)
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--draft", "--finalize", "--out", str(out))
    assert code == 1, output
    assert re.search(r"sections/20-art07\.yaml:\d+:\d+: a draft with reviewers' comments", output)
    assert not out.exists()


def test_a_draft_with_comments_still_gets_its_pdf(tmp_path: Path) -> None:
    from toolkit.write.finalize import libreoffice_available

    if not libreoffice_available():
        pytest.skip("LibreOffice with python3-uno not installed")
    root = commented(tmp_path)
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--draft", "--pdf", "--out", str(out))
    assert code == 0, output
    assert (out / "sub-en-draft.pdf").stat().st_size > 0
    assert len(docx.Document(str(out / "sub-en-draft.docx")).comments) == len(OPEN)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "sub-en-draft.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "700 complaints" in text and "Check the 2015 figure" not in text


# --------------------------------------------------------------------------- review status

FOLLOW_UP_FINAL = VALID_FILES["sections/10-follow-up.yaml"].replace(
    "heading: Follow-up\n", "heading: Follow-up\nstatus: final\n")


def test_require_final_refuses_unfinished_sections_and_writes_nothing(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", {**VALID_FILES,
                                               "sections/10-follow-up.yaml": FOLLOW_UP_FINAL,
                                               "sections/20-art07.yaml": ART7_COMMENTED})
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--require-final", "--out", str(out))
    assert code == 1, output
    line = line_of(root, "sections/20-art07.yaml", "status: review")
    assert re.search(rf"sections/20-art07\.yaml:{line}:\d+: section 'art7' is review, not final",
                     output), output
    assert "'follow'" not in output  # final
    assert "nothing was written" in output and not out.exists()
    # without status: the default is draft, pointed at by the section's id
    root2 = write_submission(tmp_path / "sub2", VALID_FILES)
    code, output = invoke("build", str(root2), "--require-final", "--out", str(out))
    assert code == 1 and not out.exists()
    assert re.search(r"10-follow-up\.yaml:1:\d+: section 'follow' is draft, not final", output)
    assert re.search(r"20-art07\.yaml:1:\d+: section 'art7' is draft, not final", output)
    # a plain build builds everything
    code, output = invoke("build", str(root2), "--out", str(out))
    assert code == 0, output
    assert (out / "sub2-en.docx").is_file()


def test_require_final_builds_when_every_section_is_final(tmp_path: Path) -> None:
    art7 = ART7_COMMENTED.replace("status: review", "status: final")
    root = write_submission(tmp_path / "sub", {**VALID_FILES,
                                               "sections/10-follow-up.yaml": FOLLOW_UP_FINAL,
                                               "sections/20-art07.yaml": art7})
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--require-final", "--out", str(out))
    assert code == 0, output
    assert (out / "sub-en.docx").is_file()
    assert "open comment by kibhr" in output  # comments still open: said, not refused


def test_unknown_status_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = commented(tmp_path, art7=ART7_COMMENTED.replace("status: review", "status: done"))
    line = line_of(root, "sections/20-art07.yaml", "status: done")
    code, output = invoke("check", str(root))
    assert code == 1
    assert re.search(rf"20-art07\.yaml:{line}:\d+: status: 'done' is not one of", output), output


def test_stats_per_section_and_contributor(tmp_path: Path) -> None:
    import json

    submission = BASE_SUBMISSION.replace("languages: [en]", "languages: [en, ru]")
    root = write_submission(tmp_path / "sub", {**VALID_FILES, "submission.yaml": submission,
                                               "sections/10-follow-up.yaml": FOLLOW_UP_FINAL,
                                               "sections/20-art07.yaml": ART7_COMMENTED})
    assert invoke("i18n", "update", str(root))[0] == 0
    # translate the follow-up section's paragraph only
    po = root / "locales" / "ru.po"
    text = po.read_text(encoding="utf-8")
    text = re.sub(r'(msgctxt "follow/status"\nmsgid "[^"]*"\n)msgstr ""',
                  r'\1msgstr "Ничего не изменилось с момента @prev:co1-11.[@ombudsman]"', text)
    po.write_text(text, encoding="utf-8")
    code, output = invoke("stats", str(root), "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    sections = {s["id"]: s for s in data["sections"]}
    assert sections["follow"]["status"] == "final" and sections["art7"]["status"] == "review"
    assert sections["art7"]["recommendations"] == 1 and sections["follow"]["recommendations"] == 0
    assert sections["art7"]["footnotes"] == 2 and sections["follow"]["footnotes"] == 1
    assert sections["art7"]["open_comments"] == 4
    assert sections["art7"]["file"].endswith("sections/20-art07.yaml:1:1")
    assert sections["art7"]["translation"]["ru"]["percent"] == 0.0
    follow_ru = sections["follow"]["translation"]["ru"]
    assert 0 < follow_ru["translated_words"] < follow_ru["words"]  # heading not translated
    english = {s["section_id"]: s for s in data["languages"][0]["sections"]}
    assert sections["art7"]["words"] == english["art7"]["body"] + english["art7"]["footnotes"]
    members = {c["id"]: c for c in data["contributors"]}
    assert members["kibhr"]["sections"] == ["art7"]
    assert members["kibhr"]["status"] == {"review": 1}
    assert members["kibhr"]["words"] == sections["art7"]["words"]
    assert members["adilsoz"]["sections"] == []
    code, text_output = invoke("stats", str(root))
    assert code == 0, text_output
    row = next(ln.split() for ln in text_output.splitlines() if ln.strip().startswith("art7 "))
    assert row[:6] == ["art7", "review", str(sections["art7"]["words"]), "1", "2", "4"]
    assert row[6] == "0.0%"
    assert re.search(r"kibhr \(Kazakhstan International Bureau for Human Rights\): 1 sections "
                     r"\(1 review\)", text_output)
    assert invoke("stats", str(root), "--format", "xml")[0] == 2


def test_the_documented_section_example_is_valid() -> None:
    """docs/format.md's section example, with its comments and status, reads as written."""
    import yaml

    from tests.conftest import ROOT
    from toolkit.read.schema import SectionIn

    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    block = text.split("## sections/NN-name.yaml", 1)[1].split("```yaml\n", 1)[1]
    section = SectionIn.model_validate(yaml.safe_load(block.split("```", 1)[0]))
    assert section.status == "review"
    assert [c.by for c in section.comments] == ["adilsoz"]
    assert section.paragraphs[0].comments[0].text == "Check the 2015 figure"


def test_stats_goes_on_when_a_catalogue_is_broken(tmp_path: Path) -> None:
    import json

    submission = BASE_SUBMISSION.replace("languages: [en]", "languages: [en, ru]")
    root = commented(tmp_path, submission=submission)
    (root / "locales").mkdir()
    (root / "locales" / "ru.po").write_text('msgid "a\nmsgstr x\n', encoding="utf-8")
    code, output = invoke("stats", str(root), "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    assert "ru.po:1:" in data["translation_not_shown"] and "ru" in data["not_counted"]
    assert {s["id"] for s in data["sections"]} == {"follow", "art7"}
    code, output = invoke("stats", str(root))
    assert code == 0 and "translation progress not shown: " in output, output


ART7_LIST = ART7.replace("""recommendations:
  - id: investigate
    text: Create an independent investigative body (see @para:complaints).
""", """  - id: channels
    text: |-
      Complaints reach the coalition through:
      - lawyers;
      - relatives.
    comments:
      - {by: adilsoz, text: "Which channel is the largest?"}
recommendations:
  - id: investigate
    text: |-
      Create an independent investigative body that:
      (a) is separate from the police;
      (b) reports every year.
    comments:
      - {by: kibhr, text: "Add a deadline"}
""")


def test_a_comment_covers_the_list_of_its_paragraph(tmp_path: Path) -> None:
    """The range starts in the lead sentence and ends (with the reference mark) after the
    last item: Word highlights the whole paragraph, list included."""
    root = commented(tmp_path, art7=ART7_LIST)
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--draft", "--out", str(out))
    assert code == 0, output
    path = out / "sub-en-draft.docx"
    by_id = {str(c.comment_id): c.text for c in docx.Document(str(path)).comments}
    assert sorted(by_id.values()) == ["Add a deadline", "Which channel is the largest?"]
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    where: dict[tuple[str, str], str] = {}
    for p in body.iter(q("w:p")):
        for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            for mark in p.iter(q(f"w:{tag}")):
                where[(by_id[mark.get(q("w:id"))], tag)] = paragraph_text(p)
    channel = "Which channel is the largest?"
    assert "Complaints reach the coalition through" in where[(channel, "commentRangeStart")]
    assert where[(channel, "commentRangeEnd")] == "relatives."
    assert where[(channel, "commentReference")] == "relatives."
    assert "independent investigative body" in where[("Add a deadline", "commentRangeStart")]
    assert where[("Add a deadline", "commentRangeEnd")] == "reports every year."
    errors = schema_errors(path)
    assert not errors, errors
