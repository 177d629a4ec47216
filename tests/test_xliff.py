"""XLIFF 2.1 exchange with CAT tools: ``toolkit i18n export --format xliff`` and
``toolkit i18n import``, on the example submissions' real catalogues. The PO files are read
back with translate-toolkit's reader and msgfmt; the XLIFF with lxml, the XLIFF 2.1 schema
subset and translate-toolkit's XLIFF 2 store."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import pypo
from typer.testing import CliRunner

from tests.conftest import ROOT
from toolkit.cli.main import app
from toolkit.i18n.xliff import decode_id, encode_id

runner = CliRunner()
CCPR = ROOT / "submissions" / "kaz-iccpr-2016"
UPR = ROOT / "submissions" / "kaz-upr-2024"
NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
PH, PC = f"{{{NS['x']}}}ph", f"{{{NS['x']}}}pc"


@pytest.fixture
def ccpr(tmp_path: Path) -> Path:
    root = tmp_path / "kaz-iccpr-2016"
    shutil.copytree(CCPR, root)
    return root


def export(root: Path, lang: str, out: Path) -> etree._Element:
    result = runner.invoke(app, ["i18n", "export", str(root), "--lang", lang,
                                 "--format", "xliff", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return etree.parse(str(out)).getroot()


def import_(root: Path, xlf: Path) -> object:
    return runner.invoke(app, ["i18n", "import", str(root), str(xlf)])


def po_units(path: Path) -> dict[str, pypo.pounit]:
    store = pypo.pofile.parsefile(str(path))
    return {u.getcontext(): u for u in store.units if not u.isheader() and not u.isobsolete()}


def unit(doc: etree._Element, ctx: str) -> etree._Element:
    [found] = doc.xpath("//x:unit[@name=$n]", namespaces=NS, n=ctx)
    return found


@pytest.mark.parametrize("example,lang", [(CCPR, "ru"), (CCPR, "kk"), (UPR, "ru"), (UPR, "kk")])
def test_round_trip_without_edits_is_byte_identical(tmp_path: Path, example: Path,
                                                    lang: str) -> None:
    root = tmp_path / example.name
    shutil.copytree(example, root)
    before = (root / "locales" / f"{lang}.po").read_bytes()
    xlf = tmp_path / "out.xlf"
    doc = export(root, lang, xlf)
    assert doc.get("version") == "2.1" and doc.get("trgLang") == lang
    result = import_(root, xlf)
    assert result.exit_code == 0, result.output
    assert "0 changed" in result.output
    assert (root / "locales" / f"{lang}.po").read_bytes() == before


def test_import_rebuilds_every_translation_from_the_xliff(tmp_path: Path, ccpr: Path) -> None:
    """The translations travel through the XLIFF alone: imported into an untranslated
    catalogue of the same report, they give the shipped catalogue back, entry for entry."""
    xlf = tmp_path / "ru.xlf"
    export(ccpr, "ru", xlf)
    (ccpr / "locales" / "ru.po").unlink()
    assert runner.invoke(app, ["i18n", "update", str(ccpr), "--lang", "ru"]).exit_code == 0
    assert not any(u.target for u in po_units(ccpr / "locales" / "ru.po").values())
    result = import_(ccpr, xlf)
    assert result.exit_code == 0, result.output
    header = re.compile(r'\A.*?\n\n', re.DOTALL)  # the header (its creation date) differs
    got = header.sub("", (ccpr / "locales" / "ru.po").read_text(encoding="utf-8"))
    want = header.sub("", (CCPR / "locales" / "ru.po").read_text(encoding="utf-8"))
    assert got == want
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", ccpr / "locales" / "ru.po"], check=True)


def test_units_notes_and_protected_inline_codes(tmp_path: Path, ccpr: Path) -> None:
    doc = export(ccpr, "ru", tmp_path / "ru.xlf")
    units = doc.xpath("//x:unit", namespaces=NS)
    po = po_units(ccpr / "locales" / "ru.po")
    assert [u.get("name") for u in units] == list(po)
    for u in units:
        assert re.fullmatch(r"[A-Za-z0-9._\-:]+", u.get("id"))  # an NMTOKEN
        assert decode_id(u.get("id")) == u.get("name")

    coalition = unit(doc, "introduction/coalition")
    notes = {n.get("category"): n.text for n in coalition.iterfind("x:notes/x:note", NS)}
    assert notes["location"] == "sections/00-introduction.yaml:7"
    assert notes["contributors"] == "kibhr, charter, lprc, adilsoz, kadir-kassiet, ili"
    data = {d.get("id"): d.text for d in coalition.iterfind("x:originalData/x:data", NS)}
    source = coalition.find("x:segment/x:source", NS)
    [cite] = source.iterfind("x:ph", NS)
    assert data[cite.get("dataRef")] == "[@state-report]"
    [note] = source.iterfind("x:pc", NS)  # the footnote: its text is translatable
    assert (data[note.get("dataRefStart")], data[note.get("dataRefEnd")]) == ("^[", "]")
    assert note.text.startswith("Kazakhstan ratified the Covenant")
    for code in source.iter(PH, PC):
        assert code.get("canDelete") == "no" and code.get("canCopy") == "no"
    # the source text of every code is the code's data, never visible text
    assert "[@state-report]" not in "".join(source.itertext())
    target = coalition.find("x:segment/x:target", NS)
    assert {c.get("id") for c in target.iter(PH, PC)} == \
        {c.get("id") for c in source.iter(PH, PC)}

    method = unit(doc, "introduction/method")  # a cross-reference ending the sentence
    [ref] = method.find("x:segment/x:source", NS).iterfind("x:ph", NS)
    assert ref.get("disp") == "@sec:annex-cases" and ref.tail == "."


def test_states_follow_the_catalogue(tmp_path: Path, ccpr: Path) -> None:
    po = ccpr / "locales" / "ru.po"
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgctxt "place"', '#, fuzzy\nmsgctxt "place"')
    text = re.sub(r'(msgctxt "title"\nmsgid "[^"]*"\nmsgstr )"[^"]*"', r'\1""', text)
    po.write_text(text, encoding="utf-8")
    doc = export(ccpr, "ru", tmp_path / "ru.xlf")
    assert unit(doc, "title").find("x:segment", NS).get("state") == "initial"
    assert unit(doc, "title").find("x:segment/x:target", NS) is None
    assert unit(doc, "place").find("x:segment", NS).get("state") == "initial"
    assert unit(doc, "place").findtext("x:segment/x:target", namespaces=NS) == "Алматы"
    assert unit(doc, "coalition/lprc").find("x:segment", NS).get("state") == "translated"


def test_import_of_edited_translations(tmp_path: Path, ccpr: Path) -> None:
    xlf = tmp_path / "ru.xlf"
    doc = export(ccpr, "ru", xlf)
    lprc = unit(doc, "coalition/lprc").find("x:segment", NS)
    lprc.find("x:target", NS).text = "Центр исследований правовой политики"
    lprc.set("state", "final")
    place = unit(doc, "place").find("x:segment", NS)
    place.find("x:target", NS).text = "г. Алматы"
    place.set("state", "initial")  # a draft: fuzzy
    xlf.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    result = import_(ccpr, xlf)
    assert result.exit_code == 0, result.output
    units = po_units(ccpr / "locales" / "ru.po")
    assert units["coalition/lprc"].target == "Центр исследований правовой политики"
    assert not units["coalition/lprc"].isfuzzy()
    assert units["place"].target == "г. Алматы" and units["place"].isfuzzy()
    old = (CCPR / "locales" / "ru.po").read_text(encoding="utf-8").split("\n")
    new = (ccpr / "locales" / "ru.po").read_text(encoding="utf-8").split("\n")
    changed = [line for line in new if line not in old]
    assert sorted(changed) == sorted(['msgstr "Центр исследований правовой политики"',
                                      "#, fuzzy", 'msgstr "г. Алматы"'])


def _broken(doc: etree._Element, xlf: Path) -> int:
    """Drop the citation from one target, as a careless CAT-tool edit would; its line."""
    target = unit(doc, "introduction/coalition").find("x:segment/x:target", NS)
    ph = target.find("x:ph", NS)
    ph.getparent().remove(ph)  # the tail text goes too: fine for this test
    xlf.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    reread = etree.parse(str(xlf)).getroot()
    return unit(reread, "introduction/coalition").find("x:segment/x:target", NS).sourceline


def test_a_broken_placeholder_is_an_error_at_its_line(tmp_path: Path, ccpr: Path) -> None:
    xlf = tmp_path / "ru.xlf"
    doc = export(ccpr, "ru", xlf)
    line = _broken(doc, xlf)
    before = (ccpr / "locales" / "ru.po").read_bytes()
    result = import_(ccpr, xlf)
    assert result.exit_code == 1
    assert f"{xlf}:{line}" in result.output or f"ru.xlf:{line}:" in result.output
    assert "introduction/coalition" in result.output and "[@state-report]" in result.output
    assert "Traceback" not in result.output
    assert (ccpr / "locales" / "ru.po").read_bytes() == before


def test_an_invented_tag_and_a_changed_source_are_errors(tmp_path: Path, ccpr: Path) -> None:
    xlf = tmp_path / "ru.xlf"
    doc = export(ccpr, "ru", xlf)
    target = unit(doc, "introduction/purpose").find("x:segment/x:target", NS)
    target.find("x:ph", NS).set("dataRef", "d99")
    source = unit(doc, "coalition/lprc").find("x:segment/x:source", NS)
    source.text = "Legal Policy Research Center"
    xlf.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    before = (ccpr / "locales" / "ru.po").read_bytes()
    result = import_(ccpr, xlf)
    assert result.exit_code == 1
    assert "introduction/purpose" in result.output and "coalition/lprc" in result.output
    assert "2 errors" in result.output
    assert (ccpr / "locales" / "ru.po").read_bytes() == before


def test_an_external_entity_is_never_read(tmp_path: Path, ccpr: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    xlf = tmp_path / "evil.xlf"
    xlf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY x SYSTEM "file://{secret}">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ru">
<file id="f1"><unit id="place" name="place"><segment state="translated">
<source>Almaty</source><target>&x;</target></segment></unit></file></xliff>""",
                   encoding="utf-8")
    before = (ccpr / "locales" / "ru.po").read_bytes()
    result = import_(ccpr, xlf)
    assert result.exit_code == 1
    assert "TOP-SECRET" not in result.output
    assert (ccpr / "locales" / "ru.po").read_bytes() == before
    assert "TOP-SECRET" not in (ccpr / "locales" / "ru.po").read_text(encoding="utf-8")


def _at(path: Path, line: int) -> str:
    """``file:line`` as the toolkit shows it (relative to the working folder if it can)."""
    from toolkit.i18n.files import display_path

    return f"{display_path(path)}:{line}"


def test_wrong_files_are_user_errors(tmp_path: Path, ccpr: Path) -> None:
    xliff12 = tmp_path / "old.xlf"
    xliff12.write_text('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                       "<file/></xliff>", encoding="utf-8")
    result = import_(ccpr, xliff12)
    assert result.exit_code == 1 and _at(xliff12, 1) in result.output
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff>\n<file>\n</xliff>\n", encoding="utf-8")
    result = import_(ccpr, broken)
    assert result.exit_code == 1 and _at(broken, 3) in result.output
    result = runner.invoke(app, ["i18n", "export", str(ccpr), "--lang", "ru",
                                 "--format", "docx"])
    assert result.exit_code == 2


@pytest.mark.parametrize("ctx", ["title", "coalition/kibhr", "art7/rec/a_b", "x:y z_1f_",
                                 "раздел/1"])
def test_unit_ids_encode_reversibly(ctx: str) -> None:
    assert decode_id(encode_id(ctx)) == ctx
    assert re.fullmatch(r"[A-Za-z0-9._\-]+", encode_id(ctx))


SCHEMA = Path(__file__).parent / "fixtures" / "xliff" / "core-2.1-subset.xsd"


@pytest.mark.parametrize("example,lang", [(CCPR, "ru"), (CCPR, "kk"), (UPR, "ru"), (UPR, "kk")])
def test_the_export_is_valid_xliff_2_1(tmp_path: Path, example: Path, lang: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    xlf = tmp_path / "out.xlf"
    doc = export(example, lang, xlf)
    assert schema.validate(etree.parse(str(xlf))), schema.error_log
    # constraints of the specification that a schema cannot say
    ids = [u.get("id") for u in doc.iterfind(".//x:unit", NS)]
    assert len(ids) == len(set(ids))
    for u in doc.iterfind(".//x:unit", NS):
        data = {d.get("id") for d in u.iterfind("x:originalData/x:data", NS)}
        for part in ("source", "target"):
            for text in u.iterfind(f"x:segment/x:{part}", NS):
                codes = list(text.iter(PH, PC))
                assert len({c.get("id") for c in codes}) == len(codes)
                for code in codes:
                    refs = [code.get(a) for a in ("dataRef", "dataRefStart", "dataRefEnd")
                            if code.get(a) is not None]
                    assert refs and set(refs) <= data


def test_the_schema_refuses_what_xliff_forbids() -> None:
    """The schema has teeth: an id that is no XML name and an unknown state fail."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))

    def doc(unit_id: str, state: str) -> etree._ElementTree:
        return etree.ElementTree(etree.fromstring(
            f'<xliff xmlns="{NS["x"]}" version="2.1" srcLang="en" trgLang="ru">'
            f'<file id="f1"><unit id="{unit_id}"><segment state="{state}"><source>a</source>'
            "</segment></unit></file></xliff>"))

    assert schema.validate(doc("coalition_2f_kibhr", "translated"))
    assert not schema.validate(doc("coalition/kibhr", "translated"))
    assert not schema.validate(doc("coalition_2f_kibhr", "fuzzy"))


def test_segments_and_annotations_of_a_cat_tool_are_joined_back(tmp_path: Path,
                                                                 ccpr: Path) -> None:
    xlf = tmp_path / "ru.xlf"
    export(ccpr, "ru", xlf)
    text = xlf.read_text(encoding="utf-8")
    start = text.index('<unit id="coalition_2f_lprc"')
    seg_start = text.index("<segment", start)
    seg_end = text.index("</segment>", seg_start) + len("</segment>")
    text = text[:seg_start] + (
        '<segment id="s1" state="reviewed"><source>Legal Policy </source>'
        "<target>Центр исследований </target></segment>"
        '<segment id="s2" state="final"><source>Research Centre</source>'
        '<target><mrk id="m1" type="term">правовой</mrk> <sm id="c1" type="comment"/>'
        "политики</target></segment>") + text[seg_end:]
    xlf.write_text(text, encoding="utf-8")
    result = import_(ccpr, xlf)
    assert result.exit_code == 0, result.output
    lprc = po_units(ccpr / "locales" / "ru.po")["coalition/lprc"]
    assert lprc.target == "Центр исследований правовой политики" and not lprc.isfuzzy()


def test_a_unit_left_without_target_keeps_its_translation(tmp_path: Path, ccpr: Path) -> None:
    xlf = tmp_path / "ru.xlf"
    doc = export(ccpr, "ru", xlf)
    for ctx in ("title", "coalition/lprc"):
        segment = unit(doc, ctx).find("x:segment", NS)
        segment.remove(segment.find("x:target", NS))
        segment.set("state", "initial")
    empty = unit(doc, "place").find("x:segment/x:target", NS)
    empty.text = ""
    xlf.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    before = (ccpr / "locales" / "ru.po").read_bytes()
    result = import_(ccpr, xlf)
    assert result.exit_code == 0, result.output
    assert (ccpr / "locales" / "ru.po").read_bytes() == before


# --------------------------------------------------------------------------- translate-toolkit

def rendered(pieces: list) -> str:
    """A text as translate-toolkit renders an XLIFF 2 text: a placeholder (``<ph>``) shows
    nothing, a pair of codes (``<pc>``, a footnote or a link's text) shows its content."""
    return "".join(p if isinstance(p, str) else rendered(p.inner) for p in pieces)


@pytest.mark.parametrize("example,lang", [(CCPR, "ru"), (CCPR, "kk"), (UPR, "ru"), (UPR, "kk")])
def test_translate_toolkit_reads_every_unit_of_the_export(tmp_path: Path, example: Path,
                                                          lang: str) -> None:
    from translate.storage.xliff2 import Xliff2File

    from toolkit.i18n.xliff import _pieces

    xlf = tmp_path / "out.xlf"
    export(example, lang, xlf)
    store = Xliff2File.parsefile(str(xlf))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", lang)
    po = po_units(example / "locales" / f"{lang}.po")
    found = {decode_id(u.getid()): u for u in store.units}
    assert list(found) == list(po)
    codes = 0
    for ctx, entry in po.items():
        unit_ = found[ctx]
        pieces = _pieces(entry.source)
        codes += sum(not isinstance(p, str) for p in pieces)
        assert unit_.source == rendered(pieces), ctx
        if entry.target:
            assert unit_.target == rendered(_pieces(entry.target)), ctx
            assert unit_.isfuzzy() == entry.isfuzzy(), ctx
        else:
            assert not unit_.target, ctx
    assert codes > 10  # the examples' footnotes, citations and cross-references


def test_a_file_translate_toolkit_wrote_is_imported(tmp_path: Path, ccpr: Path) -> None:
    """A CAT tool built on translate-toolkit (Weblate, Pootle) reads the export, sets a
    target and writes the file: the import takes the new translation and nothing else;
    a file it wrote without edits changes nothing."""
    from translate.storage.xliff2 import Xliff2File

    xlf = tmp_path / "ru.xlf"
    export(ccpr, "ru", xlf)
    before = (ccpr / "locales" / "ru.po").read_bytes()

    untouched = tmp_path / "untouched.xlf"
    untouched.write_bytes(bytes(Xliff2File.parsefile(str(xlf))))
    result = import_(ccpr, untouched)
    assert result.exit_code == 0, result.output
    assert (ccpr / "locales" / "ru.po").read_bytes() == before

    store = Xliff2File.parsefile(str(xlf))
    [lprc] = [u for u in store.units if decode_id(u.getid()) == "coalition/lprc"]
    lprc.target = "Центр правовой политики"
    edited = tmp_path / "edited.xlf"
    edited.write_bytes(bytes(store))
    result = import_(ccpr, edited)
    assert result.exit_code == 0, result.output
    after = po_units(ccpr / "locales" / "ru.po")
    shipped = po_units(CCPR / "locales" / "ru.po")
    assert after["coalition/lprc"].target == "Центр правовой политики"
    assert not after["coalition/lprc"].isfuzzy()
    assert {c: u.target for c, u in after.items() if c != "coalition/lprc"} == \
        {c: u.target for c, u in shipped.items() if c != "coalition/lprc"}
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", ccpr / "locales" / "ru.po"], check=True)

