"""The layout tree and what it promises in the DOCX: annex letters, the cover's lines,
fixed wording that keeps user values as data, ordinals, draft builds, table columns."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from tests.conftest import ART7, BASE_SUBMISSION, FOLLOW_UP, PREVIOUS, SOURCES, write_submission
from tests.docx_inspect import NS, Docx, q, read_docx, schema_errors, text_of
from toolkit.i18n.messages import get_translator
from toolkit.layout import blocks as lb
from toolkit.model.mechanisms import load_mechanism
from toolkit.pipeline import build, layout_language, load, prepare_language
from toolkit.transform.labels import Labels

ANNEX = """\
id: cases
kind: annex
heading: Cases referred to
paragraphs:
  - id: case-list
    text: The cases are listed here; see @sec:cases.
"""

ART7_WITH_ANNEX_REF = ART7.replace("and @sec:follow.", "and @sec:follow, @sec:cases.")


def _files(previous: bool) -> dict[str, str]:
    files = {"sources.yaml": SOURCES, "sections/20-art07.yaml": ART7_WITH_ANNEX_REF,
             "sections/90-annex.yaml": ANNEX}
    if previous:
        files["previous.yaml"] = PREVIOUS
        files["sections/10-follow-up.yaml"] = FOLLOW_UP
    else:
        files["sections/20-art07.yaml"] = (ART7_WITH_ANNEX_REF
                                           .replace(" and @sec:follow,", ",")
                                           .replace("    follows_up: [co1-11]\n", ""))
    return files


def _build(root: Path, out: Path, langs: list[str] | None = None, *, draft: bool = False
           ) -> list[Path]:
    paths, _, _ = build(root, langs or ["en"], out, draft=draft)
    return paths


def _submission(tmp_path: Path, name: str = "sub", **changes: object) -> Path:
    """The small valid submission with ``submission.yaml`` fields replaced."""
    meta = yaml.safe_load(BASE_SUBMISSION)
    review = changes.pop("review", None)
    meta.update(changes)
    if review:
        meta["review"] = {**meta["review"], **review}  # type: ignore[dict-item]
    files = {"sources.yaml": SOURCES, "previous.yaml": PREVIOUS,
             "sections/10-follow-up.yaml": FOLLOW_UP, "sections/20-art07.yaml": ART7}
    root = write_submission(tmp_path / name, files)
    (root / "submission.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True),
                                          encoding="utf-8")
    return root


# --------------------------------------------------------------------------- annex letters


@pytest.mark.parametrize("previous, letters", [
    (True, {"recommendations": "A", "previous": "B", "coalition": "C", "user": "D"}),
    (False, {"recommendations": "A", "coalition": "B", "user": "C"}),
])
def test_annex_letters_agree_everywhere(tmp_path: Path, previous: bool,
                                        letters: dict[str, str]) -> None:
    """Headings, TOC and an @sec: reference to a user annex all use one lettering, with or
    without previous.yaml (without it, there is no annex B of earlier recommendations)."""
    root = write_submission(tmp_path / "sub", _files(previous))
    (path,) = _build(root, tmp_path / "out")
    doc = read_docx(path)
    headings = [p.text for p in doc.styled("Heading2") if p.text.startswith("Annex ")]
    expected = [f"Annex {letters['recommendations']}. Summary of recommendations"]
    if previous:
        expected.append(f"Annex {letters['previous']}. Implementation of earlier "
                        "recommendations")
    expected += [f"Annex {letters['coalition']}. Members of the coalition",
                 f"Annex {letters['user']}. Cases referred to"]
    assert headings == expected
    toc = [p.text.split("\t")[0] for p in doc.styled("TOC2") if p.text.startswith("Annex ")]
    assert toc == expected
    user_anchor = next(name for name, p in doc.bookmarks().items()
                       if p.text == expected[-1])
    refs = [text for p in doc.paragraphs() if not p.style.startswith("TOC")
            for anchor, text in p.links if anchor == user_anchor]
    assert refs and set(refs) == {f"annex {letters['user']}"}
    assert schema_errors(path) in (None, [])


# --------------------------------------------------------------------------- the cover


def _cover(doc: Docx) -> list[tuple[str, str]]:
    out = []
    for p in doc.paragraphs():
        if not p.style.startswith("Cover"):
            if out:
                break
            continue
        out.append((p.style, p.text))
    return out


INJECTED = "\nCoverTitle | FAKE\nCoverMeta | FAKE"


@pytest.mark.parametrize("field", ["place", "coalition", "state_report"])
def test_user_values_never_make_cover_lines(tmp_path: Path, field: str) -> None:
    baseline = _cover(read_docx(_build(_submission(tmp_path, "base"), tmp_path / "o1")[0]))
    meta = yaml.safe_load(BASE_SUBMISSION)
    if field == "place":
        changes: dict[str, object] = {"place": "Almaty" + INJECTED}
    elif field == "coalition":
        coalition = meta["coalition"]
        coalition[1]["name"] = "Adil Soz" + INJECTED
        changes = {"coalition": coalition}
    else:
        changes = {"review": {"state_report": "CCPR/C/KAZ/2" + INJECTED}}
    cover = _cover(read_docx(_build(_submission(tmp_path, "x", **changes),
                                    tmp_path / "o2")[0]))
    assert [style for style, _ in cover] == [style for style, _ in baseline]
    assert [style for style, _ in cover].count("CoverTitle") == 1
    assert not any(text.strip() in ("FAKE", "| FAKE") for _, text in cover)
    assert any("CoverTitle | FAKE" in text for _, text in cover)  # kept, as text


def test_previous_outcome_is_data_not_markup(tmp_path: Path) -> None:
    base = read_docx(_build(_submission(tmp_path, "base"), tmp_path / "o1")[0])
    root = _submission(tmp_path, "x", review={"previous_outcome": "CCPR/C/KAZ/CO/1^[x]"})
    doc = read_docx(_build(root, tmp_path / "o2")[0])
    assert len(doc.footnotes) == len(base.footnotes)
    intro = [p.text for p in doc.styled("BodyText") if "CCPR/C/KAZ/CO/1^[x]" in p.text]
    assert len(intro) == 1


def test_a_cover_that_prints_style_lines_is_refused(tmp_path: Path) -> None:
    """A wording.j2 written for the old "StyleId | text" cover says how to update it."""
    from toolkit.model.diagnostics import UserError

    root = _submission(tmp_path)
    text = (Path(__file__).resolve().parents[1] / "templates" / "wording.j2").read_text(
        encoding="utf-8")
    start, end = text.index("{% macro cover"), text.index("{%- endmacro %}")
    old = "{% macro cover(m) -%}\nCoverTitle | {{ m.title }}\n"
    (root / "templates").mkdir()
    (root / "templates" / "wording.j2").write_text(text[:start] + old + text[end:],
                                                   encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(UserError) as info:
        _build(root, out)
    assert "templates/wording.j2:" in str(info.value) and 'line("meta")' in str(info.value)
    assert not out.exists()
    from tests.test_bad_input import _invoke

    code, output = _invoke(["check", str(root)])
    assert code == 1 and "templates/wording.j2:" in output and "cover(m, line)" in output


def test_a_submission_wording_may_add_cover_lines(tmp_path: Path) -> None:
    root = _submission(tmp_path)
    text = (Path(__file__).resolve().parents[1] / "templates" / "wording.j2").read_text(
        encoding="utf-8")
    extra = '{% call line("meta") %}*Embargoed* until {{ m.date }}{% endcall %}\n'
    text = text.replace("{%- endmacro %}", extra + "{%- endmacro %}", 1)
    (root / "templates").mkdir()
    (root / "templates" / "wording.j2").write_text(text, encoding="utf-8")
    cover = _cover(read_docx(_build(root, tmp_path / "out")[0]))
    assert cover[-1] == ("CoverMeta", "Embargoed until 15 May 2016")


# --------------------------------------------------------------------------- ordinals


@pytest.mark.parametrize("number, wanted", [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
    (13, "13th"), (21, "21st"), (41, "41st"), (42, "42nd"), (43, "43rd"), (100, "100th"),
    (111, "111th"), (112, "112th"), (113, "113th"), (123, "123rd"),
])
def test_english_ordinals(number: int, wanted: str) -> None:
    labels = Labels(get_translator("en"), load_mechanism("ccpr"))
    assert labels.ordinal(number) == wanted


@pytest.mark.parametrize("lang, wanted", [
    ("en", "41st session"), ("ru", "41-я сессия"), ("kk", "41-сессия"),
])
def test_session_on_the_cover(tmp_path: Path, lang: str, wanted: str) -> None:
    root = _submission(tmp_path, review={"session": 41}, source_language=lang,
                       languages=[lang])
    cover = _cover(read_docx(_build(root, tmp_path / "out", [lang])[0]))
    assert ("CoverMeta", wanted) in cover


# --------------------------------------------------------------------------- draft


def _headers(path: Path) -> dict[str, list[str]]:
    """The text of each header part, paragraph by paragraph, and which pages it serves."""
    out = {}
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        for ref in document.iter(q("w:headerReference")):
            part = etree.fromstring(z.read("word/" + targets[ref.get(q("r:id"))]))
            out[ref.get(q("w:type"))] = [text_of(p) for p in part.findall("w:p", NS)]
    return out


@pytest.mark.parametrize("lang, mark", [
    ("en", "DRAFT"), ("ru", "ПРОЕКТ"), ("kk", "ЖОБА"), ("kk-Latn", "JOBA"),
])
def test_draft_build_is_named_and_marked_on_every_page(example_copy: Path, tmp_path: Path,
                                                       lang: str, mark: str) -> None:
    out = tmp_path / "out"
    (path,) = _build(example_copy, out, [lang], draft=True)
    assert path.name == f"kaz-iccpr-2016-{lang}-draft.docx"
    assert not (out / f"kaz-iccpr-2016-{lang}.docx").exists()
    headers = _headers(path)
    assert set(headers) == {"default", "first"}  # every page: the cover and the rest
    for paragraphs in headers.values():
        assert mark in paragraphs
    assert schema_errors(path) in (None, [])


def test_final_build_has_no_mark(example_copy: Path, tmp_path: Path) -> None:
    (path,) = _build(example_copy, tmp_path / "out", ["en"])
    assert path.name == "kaz-iccpr-2016-en.docx"
    assert all("DRAFT" not in text for texts in _headers(path).values() for text in texts)


# --------------------------------------------------------------------------- table columns


class _FontWidths:
    """Advance widths from a TrueType font (cmap format 4 + hmtx), read by hand so the
    test measures with a real font, not with the writer's own estimate."""

    def __init__(self, path: Path):
        data = path.read_bytes()
        tables = {}
        for i in range(struct.unpack(">H", data[4:6])[0]):
            tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
            tables[tag.decode()] = offset
        self.units = struct.unpack(">H", data[tables["head"] + 18: tables["head"] + 20])[0]
        metrics = struct.unpack(">H", data[tables["hhea"] + 34: tables["hhea"] + 36])[0]
        hmtx = tables["hmtx"]
        self.advances = [struct.unpack(">H", data[hmtx + 4 * i: hmtx + 4 * i + 2])[0]
                         for i in range(metrics)]
        cmap = tables["cmap"]
        count = struct.unpack(">H", data[cmap + 2: cmap + 4])[0]
        sub = None
        for i in range(count):
            platform, encoding, offset = struct.unpack(">HHI", data[cmap + 4 + 8 * i:
                                                                     cmap + 12 + 8 * i])
            if (platform, encoding) == (3, 1):
                sub = cmap + offset
        assert sub is not None
        self.data, self.sub = data, sub

    def glyph(self, char: str) -> int:
        data, sub, code = self.data, self.sub, ord(char)
        segs = struct.unpack(">H", data[sub + 6: sub + 8])[0] // 2
        ends = sub + 14
        starts = ends + 2 * segs + 2
        deltas = starts + 2 * segs
        ranges = deltas + 2 * segs
        for i in range(segs):
            end = struct.unpack(">H", data[ends + 2 * i: ends + 2 * i + 2])[0]
            if end < code:
                continue
            start = struct.unpack(">H", data[starts + 2 * i: starts + 2 * i + 2])[0]
            if start > code:
                return 0
            delta = struct.unpack(">h", data[deltas + 2 * i: deltas + 2 * i + 2])[0]
            at = ranges + 2 * i
            offset = struct.unpack(">H", data[at: at + 2])[0]
            if offset == 0:
                return (code + delta) & 0xFFFF
            address = at + offset + 2 * (code - start)
            gid = struct.unpack(">H", data[address: address + 2])[0]
            return (gid + delta) & 0xFFFF if gid else 0
        return 0

    def twips(self, word: str, size_pt: float) -> float:
        units = sum(self.advances[min(self.glyph(c), len(self.advances) - 1)] for c in word)
        return units / self.units * size_pt * 20


SERIF_BOLD = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")


@pytest.mark.skipif(not SERIF_BOLD.exists(), reason="Liberation Serif (metric-compatible "
                    "with Times New Roman) not installed")
@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_no_header_word_breaks_in_annex_tables(tmp_path: Path, lang: str) -> None:
    """Every word of every table header fits its column (bold 10 pt Times New Roman, as
    the reference document styles TableHeading), cell margins included."""
    from tests.conftest import EXAMPLE

    (path,) = _build(EXAMPLE, tmp_path / "out", [lang])
    font = _FontWidths(SERIF_BOLD)
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    tables = list(body.iter(q("w:tbl")))
    assert len(tables) == 3
    for tbl in tables:
        grid = [int(c.get(q("w:w"))) for c in tbl.iter(q("w:gridCol"))]
        header = tbl.find("w:tr", NS)
        for width, tc in zip(grid, header.findall("w:tc", NS), strict=True):
            for word in text_of(tc).split():
                assert font.twips(word, 10) + 2 * 108 <= width, (lang, word, width)


# --------------------------------------------------------------------------- the tree


def _inline_types(nodes: list[lb.Inline]) -> set[type]:
    found: set[type] = set()
    for node in nodes:
        found.add(type(node))
        if not isinstance(node, lb.Text):
            found |= _inline_types(node.children)
    return found


def test_layout_tree_holds_resolved_inlines_only() -> None:
    """No citation or cross-reference reaches a writer: they are text and links."""
    from tests.conftest import EXAMPLE

    loaded = load(EXAMPLE)
    prepared = prepare_language(loaded, "en")
    layout = layout_language(loaded, prepared, "en")
    assert layout.tag == "en-GB" and layout.draft_mark is None
    types: set[type] = set()
    notes: list[int] = []
    for block in layout.blocks:
        for name in ("inlines", "follows_up"):
            nodes = getattr(block, name, None) or []
            types |= _inline_types(nodes)
            notes += [n.number for n in nodes if isinstance(n, lb.Note)]
        if isinstance(block, lb.Table):
            for row in block.rows:
                if isinstance(row, list):
                    for cell in row:
                        types |= _inline_types(cell.inlines)
    assert types <= {lb.Text, lb.Emph, lb.Strong, lb.Link, lb.Note}
    assert lb.Link in types and lb.Note in types
    assert notes == list(range(1, len(notes) + 1))  # numbered in reading order
    roles = [line.role for block in layout.blocks if isinstance(block, lb.Cover)
             for line in block.lines]
    assert roles[:2] == ["mechanism", "mechanism"] and roles.count("title") == 1


def test_build_is_byte_deterministic(tmp_path: Path) -> None:
    root = write_submission(tmp_path / "sub", _files(True))
    first = _build(root, tmp_path / "a")[0].read_bytes()
    second = _build(root, tmp_path / "b")[0].read_bytes()
    assert first == second


def test_lists_and_numbered_tables_map_to_valid_docx(tmp_path: Path) -> None:
    """Blocks no reader produces yet (lists, a captioned table with a note) already have
    a schema-valid DOCX mapping, so content can use them without a new writer."""
    from toolkit.pipeline import REFERENCE_DOCX
    from toolkit.write.docx import DocxWriter

    table = lb.Table([1, 3], [lb.Cell([lb.Text("Year")]), lb.Cell([lb.Text("Complaints")])],
                     [[lb.Cell([lb.Text("2014")]), lb.Cell([lb.Text("600")])],
                      lb.GroupRow("Later"),
                      [lb.Cell([lb.Text("2015")]), lb.Cell([lb.Emph([lb.Text("700")])])]],
                     label="Table 1", caption=[lb.Text("Complaints of torture")],
                     note=[lb.Text("Source: "), lb.Link([lb.Text("report")],
                                                        url="https://example.org")])
    layout = lb.LayoutDocument(
        language="en", tag="en-GB",
        properties=lb.Properties("T", "A", "S", "K", "2016-05-15"),
        running_header="Header", running_footer="", draft_mark=None,
        blocks=[lb.Heading(1, [lb.Text("Findings")], "sec_1"),
                lb.NumberedParagraph("1", [lb.Text("Items:"),
                                           lb.Note(1, [lb.Text("A note.")])], "para_1"),
                lb.ListBlock("lettered", [[lb.Text("first")], [lb.Strong([lb.Text("second")])]]),
                lb.ListBlock("bullet", [[lb.Link([lb.Text("para. 1")], anchor="para_1")]]),
                table])
    path = tmp_path / "blocks.docx"
    path.write_bytes(DocxWriter(layout, template=REFERENCE_DOCX, word_lang="en-GB").render())
    doc = read_docx(path)
    assert [p.text for p in doc.styled("ListNumber")] == ["first", "second"]
    assert doc.styled("ListBullet")[0].links == [("para_1", "para. 1")]
    assert [p.text for p in doc.styled("Caption")] == ["Table 1. Complaints of torture"]
    assert doc.tables() == [[["Year", "Complaints"], ["2014", "600"], ["Later"],
                             ["2015", "700"]]]
    assert doc.footnotes == {1: "A note."}
    assert schema_errors(path) in (None, [])
