"""The text of a published .docx, read straight from word/document.xml.

Only what an importer needs: the body in document order as paragraphs and tables, a
cell's text with its paragraphs and soft line breaks as lines, merged cells resolved
(a horizontal span counts once; a vertical continuation repeats the cell above), and
automatic paragraph numbering turned into the "12." / "(a)" a reader would see.
Tracked deletions are skipped, insertions kept. The zip is vetted before it is read.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from toolkit.read.recommendations.common import check_zip, fail

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Cell:
    text: str  # lines joined with "\n"
    span: int = 1


@dataclass
class Para:
    text: str
    style: str = ""


Row = list[Cell]
Block = Para | list[Row]  # a paragraph, or a table as its rows


def read_blocks(data: bytes, display: str) -> list[Block]:
    """Paragraphs and tables of the document body, in order."""
    from lxml import etree

    check_zip(data, display, ".docx")
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml")
            names = set(package.namelist())
            styles = etree.fromstring(package.read("word/styles.xml"), parser) \
                if "word/styles.xml" in names else None
            numbering_xml = etree.fromstring(package.read("word/numbering.xml"), parser) \
                if "word/numbering.xml" in names else None
        root = etree.fromstring(xml, parser)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError,
            EOFError, NotImplementedError, RuntimeError):
        raise fail(display, "not a readable Word document (.docx): open it in Word or "
                   "LibreOffice and save it again as .docx") from None
    body = root.find(f"{W}body")
    if body is None:
        raise fail(display, "not a Word document: it has no body")
    numbering = _Numbering(styles, numbering_xml)
    blocks: list[Block] = []
    for element in _flatten(body):
        if element.tag == f"{W}p":
            blocks.append(Para(numbering.prefix(element) + _para_text(element),
                               _style(element)))
        else:
            blocks.append(_table_rows(element))
    return blocks


def header_text(data: bytes) -> str:
    """The text of the page headers and footers, where UN documents print their symbol."""
    import re

    out: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                if re.fullmatch(r"word/(?:header|footer)\d*\.xml", info.filename) and \
                        info.file_size < 2**20:
                    xml = package.read(info).decode("utf-8", "replace")
                    out.append(re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", xml)))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
            RuntimeError):
        return ""
    return "\n".join(out)


def _flatten(parent: object) -> list[object]:
    """Paragraphs and tables, looking through content controls (w:sdt) around them."""
    out: list[object] = []
    for child in parent:  # type: ignore[attr-defined]
        if child.tag in (f"{W}p", f"{W}tbl"):
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            out.extend(_flatten(child))
    return out


def _style(p: object) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")  # type: ignore[attr-defined]
    return style.get(f"{W}val", "") if style is not None else ""


def _para_text(p: object) -> str:
    parts: list[str] = []
    for node in p.iter():  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{W}t":
            if not any(a.tag == f"{W}del" for a in node.iterancestors()):
                parts.append(node.text or "")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}tab":
            if node.getparent() is not None and node.getparent().tag == f"{W}r":
                parts.append(" ")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _cell_text(tc: object) -> str:
    lines: list[str] = []
    for p in tc.iter(f"{W}p"):  # type: ignore[attr-defined]
        # a table nested in the cell is read as lines too
        lines.append(_para_text(p))
    return "\n".join(lines)


def _table_rows(tbl: object) -> list[Row]:
    rows: list[Row] = []
    above: dict[int, str] = {}  # grid column → text of the cell that starts a vertical merge
    for tr in tbl.iterfind(f"{W}tr"):  # type: ignore[attr-defined]
        row: Row = []
        column = 0
        for tc in [c for c in tr if c.tag == f"{W}tc"] + [
                c for sdt in tr.iterfind(f"{W}sdt") for c in sdt.iter(f"{W}tc")]:
            span_el = tc.find(f"{W}tcPr/{W}gridSpan")
            span = int(span_el.get(f"{W}val", "1")) if span_el is not None and \
                (span_el.get(f"{W}val", "1") or "1").isdigit() else 1
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            text = _cell_text(tc)
            if merge is not None and merge.get(f"{W}val") != "restart":
                text = above.get(column, text)
            else:
                above[column] = text
            row.append(Cell(text, max(1, min(span, 64))))
            column += span
        rows.append(row)
    return rows


class _Numbering:
    """Automatic numbers as the text a reader sees: "12. " for decimal levels, "(a) " for
    letters, "- " for bullets.

    A paragraph is numbered by its own w:numPr or by its style's (UN documents number
    paragraphs through the style). Counting is per abstract list, so a list restarted
    under a new w:numId that shares the definition continues, as Word shows it.
    """

    def __init__(self, styles: object | None, numbering: object | None) -> None:
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.formats: dict[tuple[str, int], str] = {}
        if styles is not None:
            based: dict[str, str] = {}
            for style in styles.iter(f"{W}style"):  # type: ignore[attr-defined]
                ident = style.get(f"{W}styleId", "")
                parent = style.find(f"{W}basedOn")
                if parent is not None:
                    based[ident] = parent.get(f"{W}val", "")
                num = style.find(f"{W}pPr/{W}numPr")
                if num is not None:
                    num_id, level = _num_pr(num)
                    if num_id:
                        self.style_num[ident] = (num_id, level)
            for ident, parent in based.items():  # one level of inheritance is what Word uses
                if ident not in self.style_num and parent in self.style_num:
                    self.style_num[ident] = self.style_num[parent]
        if numbering is not None:
            for abstract in numbering.iter(f"{W}abstractNum"):  # type: ignore[attr-defined]
                aid = abstract.get(f"{W}abstractNumId", "")
                for lvl in abstract.iter(f"{W}lvl"):
                    fmt = lvl.find(f"{W}numFmt")
                    level = lvl.get(f"{W}ilvl", "0")
                    if fmt is not None and level.isdigit():
                        self.formats[(aid, int(level))] = fmt.get(f"{W}val", "")
            for num in numbering.iter(f"{W}num"):  # type: ignore[attr-defined]
                ref = num.find(f"{W}abstractNumId")
                if ref is not None:
                    self.abstract_of[num.get(f"{W}numId", "")] = ref.get(f"{W}val", "")

    def prefix(self, p: object) -> str:
        num = p.find(f"{W}pPr/{W}numPr")  # type: ignore[attr-defined]
        if num is not None:
            ident, level = _num_pr(num)
            style_level = self.style_num.get(_style(p))
            if num.find(f"{W}ilvl") is None and style_level:
                level = style_level[1]
        else:
            ident, level = self.style_num.get(_style(p), ("", 0))
        if ident in ("", "0"):
            return ""
        key = self.abstract_of.get(ident, "n" + ident)
        fmt = self.formats.get((key, level), "decimal" if level == 0 else "lowerLetter")
        if fmt in ("bullet", "none"):
            return "- " if fmt == "bullet" else ""
        counts = self.counters.setdefault(key, [0] * 9)
        counts[level] += 1
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        n = counts[level]
        if fmt in ("lowerLetter", "upperLetter"):
            letters = "abcdefghijklmnopqrstuvwxyz"
            letter = letters[(n - 1) % 26] * ((n - 1) // 26 + 1)
            return f"({letter.upper() if fmt == 'upperLetter' else letter}) "
        if fmt in ("lowerRoman", "upperRoman"):
            return f"({_roman(n)}) "
        return f"{n}. "


def _num_pr(num: object) -> tuple[str, int]:
    num_id = num.find(f"{W}numId")  # type: ignore[attr-defined]
    level_el = num.find(f"{W}ilvl")  # type: ignore[attr-defined]
    ident = num_id.get(f"{W}val", "") if num_id is not None else ""
    text = level_el.get(f"{W}val", "0") if level_el is not None else "0"
    return ident, min(int(text), 8) if text.isdigit() else 0


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += digits
            n -= value
    return out
