"""DOCX writer: maps the blocks of a layout tree to WordprocessingML.

It decides nothing about structure: every word, number, letter and anchor comes from the
layout tree (``toolkit.layout.build``). What is Word's own lives here: the style id of
every role (one table, :data:`STYLES`), twips, runs, footnote parts. The body is written
straight into lxml elements (python-docx's proxy objects are far slower for thousands of
paragraphs); python-docx keeps the package, the styles and the parts, and the raw OOXML
python-docx lacks comes from ``toolkit.write.oxml``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx

from toolkit.layout import blocks as lb
from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos
from toolkit.write import oxml
from toolkit.write.oxml import qn

Element = Any  # an lxml element (w:p, w:hyperlink, w:tbl …)

#: Paragraph style id of every role of the layout tree (the reference document defines
#: them; see toolkit.read.submission.REFERENCE_STYLES).
STYLES: dict[str, str] = {
    "cover.mechanism": "CoverMechanism",
    "cover.meta": "CoverMeta",
    "cover.title": "CoverTitle",
    "cover.coalition": "CoverCoalition",
    "part": "Heading1",
    "heading.1": "Heading1",
    "heading.2": "Heading2",
    "heading.3": "Heading3",
    "group": "Heading3",
    "annex": "Heading2",
    "body": "BodyText",
    "numbered": "BodyNumbered",
    "recommendations": "RecommendationsHeading",
    "recommendation": "Recommendation",
    "previous": "PreviousRecommendation",
    "assessment": "Assessment",
    "list.bullet": "ListBullet",
    "list.lettered": "ListNumber",
    "caption": "Caption",
    "table.heading": "TableHeading",
    "table.text": "TableText",
    "table.style": "TableGrid",
    "plain": "Normal",
    "link": "Hyperlink",  # character style
}

_UNTRANSLATED_FILL = "FFF2CC"
_CELL_MARGINS = 2 * 108  # twips: Word's default left + right cell margin
_EM_PER_CHAR = 0.6  # a generous average advance of a bold Latin or Cyrillic letter


def _w(tag: str) -> str:
    return qn(f"w:{tag}")


_W_P, _W_PPR, _W_PSTYLE, _W_VAL = _w("p"), _w("pPr"), _w("pStyle"), _w("val")
_W_R, _W_BR, _W_TYPE = _w("r"), _w("br"), _w("type")


class DocxWriter:
    """Writes one layout document into a copy of the reference document."""

    def __init__(self, layout: lb.LayoutDocument, *, template: Path, word_lang: str):
        self.layout = layout
        self.lang = word_lang
        try:
            self.document = docx.Document(str(template))
        except Exception as exc:  # python-docx raises several types for a bad package
            raise UserError(
                f"cannot open the reference document: {exc}. Use a .docx saved by Word "
                "or LibreOffice (toolkit template export PATH writes the default one)",
                SourcePos(str(template)),
            ) from None
        self.part = self.document.part
        self.body = self.document.element.body
        self._sect_pr = self.body.find(_w("sectPr"))
        self._footnotes: Any = None
        self._styles = {s.get(_w("styleId")) for s in
                        self.document.styles.element.iterchildren(_w("style"))}

    # ------------------------------------------------------------------ entry point
    def render(self) -> bytes:
        for child in list(self.body):
            if child is not self._sect_pr:
                self.body.remove(child)
        self._properties()
        for block in self.layout.blocks:
            self._block(block)
        oxml.set_page_number_footer(
            self.document, self.layout.running_header, lang=self.lang,
            different_first_page=True, mark=self.layout.draft_mark,
        )
        oxml.set_document_language(self.document, self.lang)
        oxml.fix_settings(self.document)
        date = dt.date.fromisoformat(self.layout.properties.date)
        return oxml.docx_bytes(self.document, modified=dt.datetime.combine(date, dt.time(12)))

    def _properties(self) -> None:
        given = self.layout.properties
        props = self.document.core_properties
        props.title = _clip(given.title)
        props.author = _clip(given.author)
        # Word knows no Latin-script Kazakh proofing language (w:lang stays kk-KZ), but
        # the document says what it is in its properties: the BCP 47 tag (kk-Latn-KZ).
        props.language = self.layout.tag
        props.subject = _clip(given.subject)
        props.keywords = _clip(given.keywords)
        props.comments = ""

    # ------------------------------------------------------------------ paragraphs
    def _p(self, role: str, parent: Element | None = None) -> Element:
        """A new paragraph of ``role``, appended to the body (before its sectPr) or to
        ``parent`` (a table cell)."""
        p = (parent if parent is not None else self.body).makeelement(_W_P, {})
        if parent is not None:
            parent.append(p)
        elif self._sect_pr is not None:
            self._sect_pr.addprevious(p)
        else:
            self.body.append(p)
        style = STYLES[role]
        if style != "Normal":
            ppr = oxml._sub(p, _W_PPR)
            oxml._sub(ppr, _W_PSTYLE, {_W_VAL: style})
        return p

    def _run(self, container: Element, text: str, **fmt: Any) -> None:
        oxml.append_run(container, text, lang=self.lang, **fmt)

    def _block(self, block: lb.Block) -> None:
        if isinstance(block, lb.NumberedParagraph):
            p = self._p("numbered")
            self._run(p, f"{block.number}.\t")
            self._inlines(p, block.inlines)
            self._finish(p, block.anchor, block.untranslated)
            self._list(block.list, block.untranslated)
        elif isinstance(block, lb.Recommendation):
            p = self._p("recommendation")
            self._run(p, f"{block.number}.\t")
            self._inlines(p, block.inlines)
            if block.follows_up:
                self._run(p, " (")
                self._inlines(p, block.follows_up, italic=True)
                self._run(p, ")")
            self._finish(p, block.anchor, block.untranslated)
            self._list(block.list, block.untranslated,
                       indent=oxml.LIST_INDENT + oxml.LIST_HANGING)
        elif isinstance(block, lb.PreviousQuote):
            p = self._p("previous")
            self._run(p, f"{block.reference}: ", bold=True)
            self._inlines(p, block.inlines)
            self._finish(p, block.anchor)
            self._list(block.list, indent=oxml.LIST_INDENT + oxml.LIST_HANGING)
            a = self._p("assessment")
            self._run(a, f"{block.assessment_label}: ")
            self._run(a, block.assessment, bold=True)
        elif isinstance(block, lb.Heading):
            p = self._p(f"heading.{min(max(block.level, 1), 3)}")
            self._inlines(p, block.inlines)
            self._finish(p, block.anchor)
        elif isinstance(block, lb.BodyText):
            self._inlines(self._p("body"), block.inlines)
        elif isinstance(block, lb.RecommendationsHeading):
            self._run(self._p("recommendations"), block.text)
        elif isinstance(block, lb.GroupHeading):
            self._run(self._p("group"), block.text)
        elif isinstance(block, lb.PartHeading):
            p = self._p("part")
            self._run(p, f"{block.numeral}.\t{block.title}" if block.numeral else block.title)
            self._finish(p, block.anchor)
        elif isinstance(block, lb.AnnexHeading):
            p = self._p("annex")
            self._run(p, block.title)
            self._finish(p, block.anchor)
        elif isinstance(block, lb.Table):
            self._table(block)
        elif isinstance(block, lb.ListBlock):
            self._list(block)
        elif isinstance(block, lb.PageBreak):
            oxml._sub(oxml._sub(self._p("plain"), _W_R), _W_BR, {_W_TYPE: "page"})
        elif isinstance(block, lb.Cover):
            for line in block.lines:
                self._inlines(self._p(f"cover.{line.role}"), line.inlines)
        elif isinstance(block, lb.TableOfContents):
            entries = [oxml.TocEntry(min(e.level, 3), e.text, e.anchor) for e in block.entries]
            oxml.insert_toc(self.document, entries, title=block.title, lang=self.lang)
        else:  # pragma: no cover - a new block type needs its mapping here
            raise TypeError(f"no DOCX mapping for {type(block).__name__}")

    def _list(self, block: lb.ListBlock | None, untranslated: bool = False,
              indent: int = oxml.LIST_INDENT) -> None:
        """A list's items as Word list paragraphs, indented under the text of the
        paragraph before (``indent`` twips)."""
        if block is None:
            return
        num_id = oxml.add_list_numbering(self.document, block.kind)
        for item in block.items:
            p = self._p(f"list.{block.kind}")
            oxml.set_numbering(p, num_id, indent=indent)
            self._inlines(p, item)
            self._finish(p, None, untranslated)

    def _finish(self, p: Element, anchor: str | None, untranslated: bool = False) -> None:
        if anchor:
            oxml.add_bookmark(p, anchor)
        if untranslated:
            oxml.shade_paragraph(p, _UNTRANSLATED_FILL)

    # ------------------------------------------------------------------ inlines
    def _inlines(self, container: Element, nodes: list[lb.Inline], *, part: Any = None,
                 bold: bool = False, italic: bool = False, style: str | None = None) -> None:
        """Runs, links and footnote references into a w:p (or a w:hyperlink)."""
        for node in nodes:
            kind = type(node)
            if kind is lb.Text:
                oxml.append_run(container, node.text, bold=bold, italic=italic,  # type: ignore[union-attr]
                                lang=self.lang, style=style)
            elif kind is lb.Emph:
                self._inlines(container, node.children, part=part, bold=bold,  # type: ignore[union-attr]
                              italic=not italic, style=style)
            elif kind is lb.Strong:
                self._inlines(container, node.children, part=part, bold=True,  # type: ignore[union-attr]
                              italic=italic, style=style)
            elif kind is lb.Link:
                assert isinstance(node, lb.Link)
                link = oxml.append_hyperlink(container, part=part or self.part, url=node.url,
                                             anchor=node.anchor)
                self._inlines(link, node.children, part=part, bold=bold, italic=italic,
                              style=STYLES["link"] if node.url else style)
            elif kind is lb.Note:
                assert isinstance(node, lb.Note)
                footnote_id, fp = self._add_footnote()
                self._inlines(fp, node.children, part=self._footnotes)
                oxml.append_footnote_reference(container, footnote_id)

    def _add_footnote(self) -> tuple[int, Element]:
        if self._footnotes is None:
            self._footnotes = oxml.get_or_add_footnotes_part(self.document)
        return oxml.add_footnote(self.document, lang=self.lang, part=self._footnotes)

    # ------------------------------------------------------------------ tables
    def _table(self, table: lb.Table) -> None:
        if table.label or table.caption:
            p = self._p("caption")
            if table.label:
                self._run(p, f"{table.label}. " if table.caption else table.label, bold=True)
            self._inlines(p, table.caption or [])
            self._finish(p, table.anchor)
        widths = self._column_widths(table)
        tbl = self.body.makeelement(_w("tbl"), {})
        if self._sect_pr is not None:
            self._sect_pr.addprevious(tbl)
        else:
            self.body.append(tbl)
        sub = oxml._sub
        tbl_pr = sub(tbl, _w("tblPr"))
        if STYLES["table.style"] in self._styles:
            sub(tbl_pr, _w("tblStyle"), {_W_VAL: STYLES["table.style"]})
        sub(tbl_pr, _w("tblW"), {_w("w"): str(sum(widths)), _W_TYPE: "dxa"})
        sub(tbl_pr, _w("tblLayout"), {_W_TYPE: "fixed"})
        sub(tbl_pr, _w("tblLook"), {_W_VAL: "04A0", _w("firstRow"): "1", _w("lastRow"): "0",
                                    _w("firstColumn"): "1", _w("lastColumn"): "0",
                                    _w("noHBand"): "0", _w("noVBand"): "1"})
        grid = sub(tbl, _w("tblGrid"))
        for width in widths:
            sub(grid, _w("gridCol"), {_w("w"): str(width)})
        header = sub(tbl, _w("tr"))
        sub(sub(header, _w("trPr")), _w("tblHeader"))
        for width, head in zip(widths, table.header, strict=True):
            p = self._cell(header, width, "table.heading")
            self._inlines(p, head.inlines)
            self._finish(p, head.anchor, head.untranslated)
        for row in table.rows:
            tr = sub(tbl, _w("tr"))
            if isinstance(row, lb.GroupRow):
                p = self._cell(tr, sum(widths), "table.heading", span=len(widths))
                self._run(p, row.text)
                continue
            for width, cell in zip(widths, row, strict=True):
                p = self._cell(tr, width, "table.text")
                self._inlines(p, cell.inlines)
                self._finish(p, cell.anchor, cell.untranslated)
        if table.note:
            self._inlines(self._p("table.text"), table.note)

    def _cell(self, tr: Element, width: int, role: str, span: int = 1) -> Element:
        tc = oxml._sub(tr, _w("tc"))
        tc_pr = oxml._sub(tc, _w("tcPr"))
        oxml._sub(tc_pr, _w("tcW"), {_w("w"): str(width), _W_TYPE: "dxa"})
        if span > 1:
            oxml._sub(tc_pr, _w("gridSpan"), {_W_VAL: str(span)})
        return self._p(role, tc)

    def _text_width(self) -> int:
        """The width between the page margins, in twips (A4 with 2.5 cm if unknown)."""
        section = self.document.sections[0]
        try:
            width = section.page_width - section.left_margin - section.right_margin
            return max(int(width.twips), 1440)
        except (TypeError, AttributeError):
            return 9070

    def _column_widths(self, table: lb.Table) -> list[int]:
        """Twips per column: the relative widths scaled to the page, every column at
        least as wide as the longest word of its header (and of its short cells), so no
        word breaks inside ("Implementatio|n"); the others give up the difference."""
        total = self._text_width()
        size = self._font_size_pt(STYLES["table.heading"])
        minimum = []
        for index, head in enumerate(table.header):
            words = lb.plain(head.inlines).split()
            for row in table.rows:
                if isinstance(row, list) and index < len(row):
                    text = lb.plain(row[index].inlines)
                    if len(text) <= 40:  # labels and names, not prose
                        words += text.split()
            longest = max((len(w) for w in words), default=1)
            need = int(longest * _EM_PER_CHAR * size * 20) + _CELL_MARGINS
            minimum.append(min(need, total * 45 // 100))
        share = sum(table.widths) or 1
        widths = [int(total * w / share) for w in table.widths]
        for _ in range(len(widths)):
            short = [i for i, w in enumerate(widths) if w < minimum[i]]
            if not short:
                break
            missing = sum(minimum[i] - widths[i] for i in short)
            for i in short:
                widths[i] = minimum[i]
            slack = {i: widths[i] - minimum[i] for i in range(len(widths)) if i not in short}
            room = sum(slack.values())
            if room <= 0:
                break
            for i, free in slack.items():
                widths[i] -= min(free, missing * free // room + 1)
        return widths

    def _font_size_pt(self, style_id: str) -> float:
        """The font size a paragraph style resolves to (its basedOn chain, then the
        document defaults)."""
        styles = self.document.styles.element
        by_id = {s.get(_w("styleId")): s for s in styles.iterchildren(_w("style"))}
        seen: set[str] = set()
        current = by_id.get(style_id)
        while current is not None and style_id not in seen:
            seen.add(style_id)
            sz = current.find(f"{_w('rPr')}/{_w('sz')}")
            if sz is not None and (sz.get(_W_VAL) or "").isdigit():
                return int(sz.get(_W_VAL)) / 2
            based = current.find(_w("basedOn"))
            style_id = based.get(_W_VAL) if based is not None else ""
            current = by_id.get(style_id)
        sz = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('sz')}")
        if sz is not None and (sz.get(_W_VAL) or "").isdigit():
            return int(sz.get(_W_VAL)) / 2
        return 10.0


def _clip(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"

