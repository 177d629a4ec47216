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
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(xml, parser)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError,
            EOFError, NotImplementedError, RuntimeError):
        raise fail(display, "not a readable Word document (.docx): open it in Word or "
                   "LibreOffice and save it again as .docx") from None
    body = root.find(f"{W}body")
    if body is None:
        raise fail(display, "not a Word document: it has no body")
    numbering = _Numbering()
    blocks: list[Block] = []
    for element in _flatten(body):
        if element.tag == f"{W}p":
            blocks.append(Para(numbering.prefix(element) + _para_text(element),
                               _style(element)))
        else:
            blocks.append(_table_rows(element))
    return blocks


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
    """Automatic numbers (w:numPr) as the text a reader sees: level 0 "12. ", level 1 "(a) ".

    The exact formats live in numbering.xml; UN documents number paragraphs 1, 2, 3 and
    sub-paragraphs (a), (b), which is all an importer needs.
    """

    def __init__(self) -> None:
        self.counters: dict[str, list[int]] = {}

    def prefix(self, p: object) -> str:
        num = p.find(f"{W}pPr/{W}numPr")  # type: ignore[attr-defined]
        if num is None:
            return ""
        num_id = num.find(f"{W}numId")
        level_el = num.find(f"{W}ilvl")
        ident = num_id.get(f"{W}val", "") if num_id is not None else ""
        if ident in ("", "0"):
            return ""
        level_text = level_el.get(f"{W}val", "0") if level_el is not None else "0"
        level = min(int(level_text), 8) if level_text.isdigit() else 0
        counts = self.counters.setdefault(ident, [0] * 9)
        counts[level] += 1
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        if level == 0:
            return f"{counts[0]}. "
        letters = "abcdefghijklmnopqrstuvwxyz"
        n = counts[level] - 1
        return f"({letters[n % 26] * (n // 26 + 1)}) "
