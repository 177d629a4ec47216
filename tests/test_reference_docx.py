"""A submission's own reference document gives the report its styles and page set-up, nothing else.

A hostile reference is made here from the toolkit's own (macros, an attached template
behind a URL, links, comments, custom XML and properties, company and manager, an embedded
object, embedded fonts, a large unused image, a header saying LEAK, document protection),
then built with ``toolkit build`` the way a user would; the DOCX that comes out is opened
with zipfile/lxml to show that none of it got in, while the reference's changed style and
page size did. A DOCTYPE anywhere in the reference stops the build.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from tests.conftest import VALID_FILES, write_submission
from tests.docx_inspect import NS, R, W, q, read_docx, schema_errors
from toolkit.cli.main import app
from toolkit.pipeline import REFERENCE_DOCX
from toolkit.read.reference_docx import clean_reference

runner = CliRunner()
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WHERE = "submission.yaml:10"  # the reference_doc line that add_reference puts in
IMAGE_BYTES = 3 * 2**20
MARKER = "LEAK"  # in every hostile part's text
EVIL = "evil.example"  # in every hostile URL

# --------------------------------------------------------------------------- a hostile reference

Edit = Callable[[dict[str, bytes]], None]


def _xml(members: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(members[name])


def _put_xml(members: dict[str, bytes], name: str, root: etree._Element) -> None:
    members[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                   standalone=True)


def _add_rel(members: dict[str, bytes], rels_name: str, rid: str, kind: str, target: str,
             external: bool = False) -> None:
    if rels_name in members:
        root = _xml(members, rels_name)
    else:
        root = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    rel = etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rid, Type=kind,
                           Target=target)
    if external:
        rel.set("TargetMode", "External")
    _put_xml(members, rels_name, root)


def _add_type(members: dict[str, bytes], part: str | None, content_type: str,
              extension: str | None = None) -> None:
    root = _xml(members, "[Content_Types].xml")
    if extension:
        etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=extension,
                         ContentType=content_type)
    else:
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=part, ContentType=content_type)
    _put_xml(members, "[Content_Types].xml", root)


def _w(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:x xmlns:w="{W}" xmlns:r="{R}">{xml}</w:x>')[0]


def make_hostile(members: dict[str, bytes]) -> None:
    """Everything a reference document must not pass on, added to a working one."""
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    # macros, in a macro-enabled (.docm) package
    root = _xml(members, "[Content_Types].xml")
    for override in root.iter(f"{{{CT_NS}}}Override"):
        if override.get("PartName") == "/word/document.xml":
            override.set("ContentType", "application/vnd.ms-word.document.macroEnabled.main+xml")
    _put_xml(members, "[Content_Types].xml", root)
    members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 LEAK macro"
    _add_type(members, None, "application/vnd.ms-office.vbaProject", extension="bin")
    rels = "word/_rels/document.xml.rels"
    _add_rel(members, rels, "rIdVba", "http://schemas.microsoft.com/office/2006/relationships/"
             "vbaProject", "vbaProject.bin")
    # external links (a hyperlink, a subdocument, a frame), comments, a header, an embedded
    # object, a large unused image
    _add_rel(members, rels, "rIdLink", OD + "hyperlink", f"http://{EVIL}/track", external=True)
    _add_rel(members, rels, "rIdSub", OD + "subDocument", f"file://{EVIL}/sub.docx",
             external=True)
    web = _xml(members, "word/webSettings.xml")
    web.insert(0, _w('<w:frameset><w:frame><w:name w:val="LEAK frame"/>'
                     '<w:sourceFileName r:id="rIdFrame"/></w:frame></w:frameset>'))
    _put_xml(members, "word/webSettings.xml", web)
    _add_rel(members, "word/_rels/webSettings.xml.rels", "rIdFrame", OD + "frame",
             f"http://{EVIL}/frame.html", external=True)
    members["word/comments.xml"] = (
        f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="LEAK author">'
        '<w:p><w:r><w:t>LEAK comment</w:t></w:r></w:p></w:comment></w:comments>').encode()
    _add_type(members, "/word/comments.xml", wml + "comments+xml")
    _add_rel(members, rels, "rIdCom", OD + "comments", "comments.xml")
    members["word/header1.xml"] = (
        f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>LEAK header</w:t></w:r></w:p></w:hdr>').encode()
    _add_type(members, "/word/header1.xml", wml + "header+xml")
    _add_rel(members, rels, "rIdHdr", OD + "header", "header1.xml")
    members["word/embeddings/oleObject1.bin"] = b"LEAK object" * 100
    _add_rel(members, rels, "rIdOle", OD + "oleObject", "embeddings/oleObject1.bin")
    members["word/media/image1.png"] = b"\x89PNG LEAK" + os.urandom(IMAGE_BYTES)
    _add_type(members, None, "image/png", extension="png")
    _add_rel(members, rels, "rIdImg", OD + "image", "media/image1.png")
    # custom XML, custom and company properties
    members["customXml/item2.xml"] = b"<secret>LEAK custom xml</secret>"
    _add_rel(members, rels, "rIdCx", OD + "customXml", "../customXml/item2.xml")
    members["docProps/custom.xml"] = (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
        b'pid="2" name="Case"><vt:lpwstr>LEAK property</vt:lpwstr></property></Properties>')
    _add_type(members, "/docProps/custom.xml",
              "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    _add_rel(members, "_rels/.rels", "rIdCustom", OD + "custom-properties", "docProps/custom.xml")
    # company properties, as Word writes them (the toolkit's own reference has none)
    members["docProps/app.xml"] = (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties"><Application>Microsoft Office Word</Application>'
        b'<Company>LEAK Company</Company><Manager>LEAK Manager</Manager></Properties>')
    _add_type(members, "/docProps/app.xml",
              "application/vnd.openxmlformats-officedocument.extended-properties+xml")
    _add_rel(members, "_rels/.rels", "rIdApp", OD + "extended-properties", "docProps/app.xml")
    # settings: an attached template behind a URL, protection, variables
    settings = _xml(members, "word/settings.xml")
    settings.find(q("w:proofState")).addnext(_w('<w:attachedTemplate r:id="rIdTpl"/>'))
    settings.find(q("w:defaultTabStop")).addprevious(_w(
        '<w:documentProtection w:edit="readOnly" w:enforcement="1" w:cryptProviderType='
        '"rsaAES" w:cryptAlgorithmClass="hash" w:cryptAlgorithmType="typeAny" '
        'w:cryptAlgorithmSid="14" w:cryptSpinCount="100000" w:hash="TEVBSw==" '
        'w:salt="TEVBSw=="/>'))
    settings.find(q("w:themeFontLang")).addprevious(
        _w('<w:docVars><w:docVar w:name="LEAK" w:val="LEAK variable"/></w:docVars>'))
    _put_xml(members, "word/settings.xml", settings)
    _add_rel(members, "word/_rels/settings.xml.rels", "rIdTpl", OD + "attachedTemplate",
             f"http://{EVIL}/template.dotm", external=True)
    # an embedded font
    fonts = _xml(members, "word/fontTable.xml")
    fonts.find(q("w:font")).append(_w(
        '<w:embedRegular r:id="rIdFont" w:fontKey="{00000000-0000-0000-0000-000000000000}"/>'))
    _put_xml(members, "word/fontTable.xml", fonts)
    members["word/fonts/font1.odttf"] = b"LEAK font" * 100
    _add_type(members, None, "application/vnd.openxmlformats-officedocument.obfuscatedFont",
              extension="odttf")
    _add_rel(members, "word/_rels/fontTable.xml.rels", "rIdFont", OD + "font",
             "fonts/font1.odttf")
    # the body: text, a header reference and a US Letter page in the final section
    document = _xml(members, "word/document.xml")
    body = document.find(q("w:body"))
    body.insert(0, _w("<w:p><w:r><w:t>LEAK body text</w:t></w:r></w:p>"))
    sect = body.find(q("w:sectPr"))
    sect.insert(0, _w('<w:headerReference w:type="default" r:id="rIdHdr"/>'))
    sect.find(q("w:pgSz")).attrib.update({q("w:w"): "12240", q("w:h"): "15840"})
    _put_xml(members, "word/document.xml", document)


def restyle(members: dict[str, bytes]) -> None:
    """What a reference document is for: Body Numbered at 13 pt, and hidden data beside it."""
    styles = _xml(members, "word/styles.xml")
    style = next(s for s in styles.iter(q("w:style")) if s.get(q("w:styleId")) == "BodyNumbered")
    rpr = style.find(q("w:rPr"))
    if rpr is None:
        rpr = etree.SubElement(style, q("w:rPr"))
    rpr.append(_w('<w:sz w:val="26"/>'))
    styles.append(etree.fromstring('<x:secret xmlns:x="urn:example:x">LEAK hidden</x:secret>'))
    _put_xml(members, "word/styles.xml", styles)


def reference(path: Path, *edits: Edit) -> Path:
    """The toolkit's reference.docx with ``edits`` applied, written to ``path``."""
    with zipfile.ZipFile(REFERENCE_DOCX) as z:
        members = {name: z.read(name) for name in z.namelist()}
    for edit in edits:
        edit(members)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def submission(tmp_path: Path, *edits: Edit) -> Path:
    root = write_submission(tmp_path / "sub", VALID_FILES)
    sub = root / "submission.yaml"
    sub.write_text(sub.read_text().replace("coalition:", "reference_doc: styles.docx\ncoalition:",
                                           1))
    assert sub.read_text().splitlines()[9] == "reference_doc: styles.docx"  # WHERE
    reference(root / "styles.docx", *edits)
    return root


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}\n{result.output}"
    return result.exit_code, result.output


def style_size(styles: etree._Element, style_id: str) -> str | None:
    style = next(s for s in styles.iter(q("w:style")) if s.get(q("w:styleId")) == style_id)
    sz = style.find("w:rPr/w:sz", NS)
    return None if sz is None else sz.get(q("w:val"))


# --------------------------------------------------------------------------- the hostile build

DROPPED = ("macros (word/vbaProject.bin)", "1 embedded object", "the attached template",
           "3 external links", "comments", "custom XML data", "custom document properties",
           "document variables", "document protection and its password", "headers and footers",
           "embedded fonts", "1 image (3.0 MB)")
TAIL = "the report takes only styles, numbering, theme, fonts and page set-up"


def _the_warning(output: str) -> str:
    lines = [line for line in output.splitlines() if "reference_doc 'styles.docx'" in line]
    assert len(lines) == 1, output
    line = lines[0]
    assert re.match(rf"\S*{re.escape(WHERE)}:\d+: warning: reference_doc 'styles.docx': "
                    "dropped ", line), line
    assert line.endswith(TAIL), line
    return line


def test_check_lists_what_the_reference_loses_in_one_warning(tmp_path: Path) -> None:
    root = submission(tmp_path, make_hostile, restyle)
    code, output = invoke("check", str(root))
    assert code == 0, output
    line = _the_warning(output)
    for item in DROPPED:
        assert item in line, (item, line)
    assert "Company" not in line and MARKER not in line


def test_build_takes_styles_and_page_set_up_and_nothing_else(tmp_path: Path) -> None:
    root = submission(tmp_path, make_hostile, restyle)
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--out", str(out))
    assert code == 0, output
    line = _the_warning(output)
    assert all(item in line for item in DROPPED), line
    path = out / "sub-en.docx"

    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        members = {name: z.read(name) for name in names}
    # no part of the reference's other than the kept ones, and nothing of theirs inside
    assert not {n for n in names if re.search(
        r"vba|comments|custom|embeddings|media|fonts/|app\.xml|\.bin$", n, re.I)}, names
    for name, data in members.items():
        assert MARKER.encode() not in data, name
        assert EVIL.encode() not in data, name
        assert b"<!DOCTYPE" not in data, name
    assert path.stat().st_size < IMAGE_BYTES // 10
    types = members["[Content_Types].xml"].decode()
    assert "macroEnabled" not in types and "vbaProject" not in types
    assert ('PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"') in types
    for name in (n for n in names if n.endswith(".rels")):
        for rel in etree.fromstring(members[name]).iter(f"{{{RELS_NS}}}Relationship"):
            target = rel.get("Target")
            assert rel.get("TargetMode") == "External" or target.lstrip("/") in names or (
                posixpath_join(name, target) in names), (name, target)
    settings = etree.fromstring(members["word/settings.xml"])
    for tag in ("attachedTemplate", "documentProtection", "docVars", "rsids"):
        assert settings.find(q(f"w:{tag}")) is None, tag
    fonts = etree.fromstring(members["word/fontTable.xml"])
    assert not [el for el in fonts.iter() if etree.QName(el).localname.startswith("embed")]

    built = read_docx(path)
    assert style_size(built.styles, "BodyNumbered") == "26"  # the reference's own style
    sect = built.body.find(q("w:sectPr"))
    page = sect.find(q("w:pgSz"))
    assert (page.get(q("w:w")), page.get(q("w:h"))) == ("12240", "15840")  # its page size
    assert "LEAK" not in "".join(p.text for p in built.paragraphs())
    headers = [n for n in names if re.fullmatch(r"word/header\d+\.xml", n)]
    assert headers  # the toolkit's own running title, not the reference's
    errors = schema_errors(path)
    assert not errors, errors


def posixpath_join(rels_name: str, target: str) -> str:
    """Where a relative relationship target of ``rels_name``'s part lies in the package."""
    folder = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(folder, target))


@pytest.mark.skipif(not shutil.which("soffice") and not shutil.which("libreoffice"),
                    reason="LibreOffice not installed")
def test_libreoffice_opens_a_report_built_with_a_hostile_reference(tmp_path: Path) -> None:
    from toolkit.write.finalize import libreoffice_available

    if not libreoffice_available():
        pytest.skip("LibreOffice with python3-uno not installed")
    root = submission(tmp_path, make_hostile, restyle)
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--pdf", "--out", str(out))
    assert code == 0, output
    pdf = out / "sub-en.pdf"
    assert pdf.is_file()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "independent investigative body" in text
        assert MARKER not in text


# --------------------------------------------------------------------------- refused outright


def _doctype(part: str, subset: str = ' SYSTEM "file:///etc/passwd"') -> Edit:
    """``part`` with a DOCTYPE (an external entity by default) and the entity used in it."""
    def edit(members: dict[str, bytes]) -> None:
        text = members[part].decode()
        declaration, rest = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
        root_name = re.match(r"\s*<([\w:]+)", rest).group(1)
        end_of_start = rest.index(">")
        if rest[end_of_start - 1] == "/":  # <root/>: open it so the entity has a place
            rest = rest[:end_of_start - 1] + ">&xxe;</" + root_name + ">"
        else:
            rest = rest[:end_of_start + 1] + "&xxe;" + rest[end_of_start + 1:]
        head = declaration + "?>" if declaration else ""
        members[part] = f"{head}<!DOCTYPE {root_name}{subset}>{rest}".encode()

    return edit


@pytest.mark.parametrize("part", [
    "word/styles.xml", "word/settings.xml", "docProps/core.xml", "word/_rels/document.xml.rels",
    "[Content_Types].xml",
])
def test_a_doctype_in_any_part_stops_check_and_build(tmp_path: Path, part: str) -> None:
    root = submission(tmp_path, _doctype(part))
    code, output = invoke("check", str(root))
    assert code == 1, output
    message = (f"{WHERE}:1: reference_doc 'styles.docx': its part {part} declares a DOCTYPE")
    assert message in output, output
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--out", str(out))
    assert code == 1, output
    assert message in output and "nothing was written" in output, output
    assert not out.exists()


def test_entity_expansion_in_styles_is_refused(tmp_path: Path) -> None:
    laughs = ' [<!ENTITY a "LEAKLEAKLEAK"><!ENTITY xxe "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]'
    root = submission(tmp_path, _doctype("word/styles.xml", laughs))
    code, output = invoke("build", str(root), "--out", str(tmp_path / "out"))
    assert code == 1, output
    assert "its part word/styles.xml declares a DOCTYPE" in output
    assert not (tmp_path / "out").exists()


def test_an_undefined_entity_without_doctype_is_not_a_word_document(tmp_path: Path) -> None:
    def edit(members: dict[str, bytes]) -> None:
        members["word/settings.xml"] = members["word/settings.xml"].replace(
            b"<w:zoom", b"&xxe;<w:zoom", 1)

    root = submission(tmp_path, edit)
    code, output = invoke("build", str(root), "--out", str(tmp_path / "out"))
    assert code == 1, output
    assert (f"{WHERE}:1: reference_doc 'styles.docx' is not a Word document (.docx)"
            in output), output
    assert "word/settings.xml is not well-formed XML" in output
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- the toolkit's own


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def _without_rsids(root: etree._Element) -> bytes:
    for el in list(root.iter(q("w:rsid"))):
        el.getparent().remove(el)
    return etree.tostring(root, method="c14n")


def test_the_default_reference_loses_nothing_that_matters() -> None:
    clean = clean_reference(REFERENCE_DOCX, "reference.docx")
    assert clean.dropped == () and clean.warning() is None
    original = REFERENCE_DOCX.read_bytes()
    for name in ("word/styles.xml", "word/numbering.xml", "word/theme/theme1.xml",
                 "word/fontTable.xml"):
        assert _without_rsids(_part(clean.data, name)) == _without_rsids(_part(original, name))
    old_sect = _part(original, "word/document.xml").find("w:body/w:sectPr", NS)
    new_sect = _part(clean.data, "word/document.xml").find("w:body/w:sectPr", NS)
    for child in ("pgSz", "pgMar", "cols", "docGrid"):
        assert (etree.tostring(new_sect.find(q(f"w:{child}")))
                == etree.tostring(old_sect.find(q(f"w:{child}")))), child
    kept = {"defaultTabStop", "compat", "themeFontLang", "characterSpacingControl"}
    new_settings = {etree.QName(el).localname for el in _part(clean.data, "word/settings.xml")}
    assert kept <= new_settings


def test_the_shipped_reference_is_already_rebuilt_from_its_safe_parts() -> None:
    """A build uses the toolkit's own reference.docx as shipped, without rebuilding it:
    that is only safe while the shipped file holds nothing the rebuild would drop or
    change."""
    shipped = REFERENCE_DOCX.read_bytes()
    clean = clean_reference(REFERENCE_DOCX, "reference.docx", shipped)
    assert clean.dropped == ()
    with zipfile.ZipFile(io.BytesIO(shipped)) as a, zipfile.ZipFile(io.BytesIO(clean.data)) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def test_a_default_build_stays_schema_valid_and_styled(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", VALID_FILES)
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--out", str(out))
    assert code == 0, output
    assert "reference_doc" not in output
    built = read_docx(out / "sub-en.docx")
    with zipfile.ZipFile(REFERENCE_DOCX) as z:
        reference_styles = etree.fromstring(z.read("word/styles.xml"))
    assert style_size(built.styles, "FootnoteText") == style_size(reference_styles,
                                                                  "FootnoteText") == "20"
    page = built.body.find("w:sectPr/w:pgSz", NS)
    assert (page.get(q("w:w")), page.get(q("w:h"))) == ("11906", "16838")
    errors = schema_errors(out / "sub-en.docx")
    assert not errors, errors


def test_a_corrupt_compressed_part_is_not_a_word_document(tmp_path: Path) -> None:
    """Deflate data that cannot be inflated (zlib's own error) is a message, not a crash."""
    root = submission(tmp_path)
    path = root / "styles.docx"
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("word/styles.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + info.compress_size] = b"\xff" * info.compress_size  # reserved block type
    path.write_bytes(bytes(data))
    code, output = invoke("check", str(root))
    assert code == 1, output
    assert f"{WHERE}:1: reference_doc 'styles.docx' is not a Word document (.docx)" in output


def _macro_enabled(members: dict[str, bytes]) -> None:
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")


def _one_link(members: dict[str, bytes]) -> None:
    _add_rel(members, "word/_rels/document.xml.rels", "rIdLink", OD + "hyperlink",
             f"https://{EVIL}/", external=True)


@pytest.mark.parametrize("edit, dropped", [
    (_macro_enabled, "macros (a macro-enabled document)"),
    (_one_link, "1 external link"),
])
def test_the_warning_names_exactly_what_went(tmp_path: Path, edit: Edit, dropped: str) -> None:
    """A .docm without macro parts becomes a plain document, and the user is told."""
    root = submission(tmp_path, edit)
    out = tmp_path / "out"
    code, output = invoke("build", str(root), "--out", str(out))
    assert code == 0, output
    assert _the_warning(output).endswith(
        f"warning: reference_doc 'styles.docx': dropped {dropped}; {TAIL}")
    with zipfile.ZipFile(out / "sub-en.docx") as z:
        types = z.read("[Content_Types].xml").decode()
        assert "macroEnabled" not in types
        assert not [n for n in z.namelist() if EVIL.encode() in z.read(n)]


def _routine_parts(members: dict[str, bytes]) -> None:
    """What Word and LibreOffice add to any document they save: nothing to warn about."""
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    members["docProps/custom.xml"] = (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties"/>')
    _add_rel(members, "_rels/.rels", "rIdCustom", OD + "custom-properties", "docProps/custom.xml")
    members["docProps/thumbnail.jpeg"] = b"\xff\xd8\xff thumbnail"
    _add_type(members, None, "image/jpeg", extension="jpeg")
    _add_rel(members, "_rels/.rels", "rIdThumb", "http://schemas.openxmlformats.org/package/"
             "2006/relationships/metadata/thumbnail", "docProps/thumbnail.jpeg")
    members["word/people.xml"] = b'<w15:people xmlns:w15="http://schemas.microsoft.com/office/' \
        b'word/2012/wordml"/>'
    _add_type(members, "/word/people.xml", "application/vnd.ms-word.people+xml")
    members["word/footnotes.xml"] = (
        f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
        '<w:separator/></w:r></w:p></w:footnote></w:footnotes>').encode()
    _add_type(members, "/word/footnotes.xml", wml + "footnotes+xml")
    _add_rel(members, "word/_rels/document.xml.rels", "rIdFn", OD + "footnotes",
             "footnotes.xml")


def test_routine_parts_go_without_a_warning(tmp_path: Path) -> None:
    root = submission(tmp_path, _routine_parts)
    code, output = invoke("check", str(root))
    assert code == 0, output
    assert ": warning:" not in output and "(0 errors, 0 warnings)" in output, output
