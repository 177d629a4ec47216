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
from docx.opc.constants import RELATIONSHIP_TYPE as RT

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

# draft builds: text still in the source language (yellow) and unreviewed, fuzzy
# translations (blue) are shaded apart, so a reader knows which text to trust
_UNTRANSLATED_FILL = "FFF2CC"
_FIRST_REVISION_ID = 100_000  # above any bookmark id: every annotation id stays unique
_FUZZY_FILL = "DDEBF7"


def _fill(block: lb.NumberedParagraph | lb.Recommendation | lb.Cell) -> str | None:
    """The draft shading of a block, if it has one."""
    if block.untranslated:
        return _UNTRANSLATED_FILL
    return _FUZZY_FILL if block.fuzzy else None
_CELL_MARGINS = 2 * 108  # twips: Word's default left + right cell margin
_EM_PER_CHAR = 0.6  # a generous average advance of a bold Latin or Cyrillic letter
_EM_PER_CHAR_TEXT = 0.5  # the same for regular text
_LONG_WORD = 16  # letters: longer words in cells are left to wrap


def _w(tag: str) -> str:
    return qn(f"w:{tag}")


_W_VAL = _w("val")


class DocxWriter:
    """Writes one layout document into a copy of the reference document.

    Body paragraphs and footnotes are written as WordprocessingML text: the body is
    spliced into document.xml as text when the package is serialised
    (:class:`toolkit.write.oxml.BodySplice`), footnotes and comments are parsed in batches
    (:func:`toolkit.write.oxml.parse_fragment`); for a report of thousands of runs that is
    several times faster than building each element through lxml or python-docx.
    """

    def __init__(self, layout: lb.LayoutDocument, *, template: Path, word_lang: str):
        self.layout = layout
        self.lang = word_lang
        try:
            self.document = docx.Document(template if hasattr(template, "read") else str(template))
        except Exception as exc:  # python-docx raises several types for a bad package
            raise UserError(
                f"cannot open the reference document: {exc}. Use a .docx saved by Word "
                "or LibreOffice (toolkit template export PATH writes the default one)",
                SourcePos(str(template)),
            ) from None
        self.part = self.document.part
        self.body = self.document.element.body
        self._sect_pr = self.body.find(_w("sectPr"))
        self._styles = {s.get(_w("styleId")) for s in
                        self.document.styles.element.iterchildren(_w("style"))}
        self._out: list[str] = []  # body XML not placed yet
        self._body = oxml.BodySplice()  # body XML placed, spliced in when serialised
        self._notes: list[str] = []  # w:footnote XML not parsed yet
        self._footnotes: Any = None
        self._bookmarks: set[str] = set()
        self._comments: list[str] = []  # w:comment XML not parsed yet
        self._comments_part: Any = None
        self._comment_count = 0
        self._rpr: dict[tuple[bool, bool, str | None], str] = {}
        # a redline (toolkit.layout.redline): the revision of the runs and of the paragraph
        # marks being written; w:id of tracked changes counts apart from bookmarks' ids
        self._rev: lb.Revision | None = None
        self._mark: lb.Revision | None = None
        self._rev_id = _FIRST_REVISION_ID

    # ------------------------------------------------------------------ entry point
    def render(self) -> bytes:
        for child in list(self.body):
            if child is not self._sect_pr:
                self.body.remove(child)
        self._properties()
        for block in self.layout.blocks:
            self._block(block)
        self._flush()
        oxml.set_page_number_footer(
            self.document, self.layout.running_header, lang=self.lang,
            different_first_page=True, mark=self.layout.draft_mark,
            footer_text=self.layout.running_footer,
        )
        oxml.set_document_language(self.document, self.lang)
        oxml.fix_settings(self.document)
        date = dt.date.fromisoformat(self.layout.properties.date)
        return oxml.docx_bytes(self.document, modified=dt.datetime.combine(date, dt.time(12)),
                               splices=self._body.splices())

    def _flush(self) -> None:
        """Place the body XML written so far (spliced in as text when the package is
        serialised), and parse the footnote and comment XML into their parts."""
        if self._out:
            self._body.place(self.body, self._sect_pr, "".join(self._out))
            self._out = []
        if self._notes:
            root = self._footnotes.element
            for element in oxml.parse_fragment("".join(self._notes)):
                root.append(element)
            self._notes = []
        if self._comments:
            root = self._comments_part.element
            for element in oxml.parse_fragment("".join(self._comments)):
                root.append(element)
            self._comments = []

    def _properties(self) -> None:
        given = self.layout.properties
        props = self.document.core_properties
        props.title = _clip(given.title)
        props.author = _clip(given.author)
        # the document says what it is in its properties too: the BCP 47 tag (kk-Latn-KZ)
        props.language = self.layout.tag
        props.subject = _clip(given.subject)
        props.keywords = _clip(given.keywords)
        props.comments = ""

    # ------------------------------------------------------------------ paragraphs
    def _ppr(self, role: str, *, shade: str | None = None,
             item: tuple[int, int] | None = None) -> str:
        """w:pPr in CT_PPr order: style, list numbering, shading, indentation.
        ``shade``: the fill colour; ``item``: (numId, left indent in twips) of a list item."""
        style = STYLES[role]
        inner = "" if style == "Normal" else f'<w:pStyle w:val="{oxml.xml_escape(style)}"/>'
        if item:
            inner += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{item[0]}"/></w:numPr>'
        if shade:
            inner += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
        if item:
            inner += f'<w:ind w:left="{item[1]}" w:hanging="{oxml.LIST_HANGING}"/>'
        if self._mark is not None:  # the paragraph mark itself inserted or deleted
            inner += f"<w:rPr>{self._track_mark(self._mark)}</w:rPr>"
        return f"<w:pPr>{inner}</w:pPr>" if inner else ""

    def _track_mark(self, revision: lb.Revision) -> str:
        self._rev_id += 1
        return oxml.track_mark_xml(revision.kind, self._rev_id, revision.author, revision.date)

    def _tracked(self, content: str, revision: lb.Revision | None = None) -> str:
        """``content`` (runs) inside a w:ins or w:del when a revision is being written."""
        revision = revision or self._rev
        if revision is None or not content:
            return content
        self._rev_id += 1
        return oxml.tracked_xml(revision.kind, self._rev_id, revision.author, revision.date,
                                content)

    def _para(self, role: str, content: str, anchor: str | None = None, *,
              shade: str | None = None, item: tuple[int, int] | None = None) -> str:
        """A whole w:p: properties, the bookmark around ``content`` if ``anchor``."""
        if anchor:
            start, end = self._bookmark(anchor)
            content = start + content + end
        return f"<w:p>{self._ppr(role, shade=shade, item=item)}{content}</w:p>"

    def _list(self, block: lb.ListBlock | None, *, shade: str | None = None,
              indent: int = oxml.LIST_INDENT, tail: str = "") -> None:
        """A list's items as Word list paragraphs (a w:num of their own, so lettered
        items restart at (a)), indented under the text of the paragraph before. ``tail``
        ends the last item (the end of the comment ranges of the paragraph it belongs to)."""
        if block is None:
            return
        num_id = oxml.add_list_numbering(self.document, block.kind)
        outer = self._mark
        for index, item in enumerate(block.items):
            if index < len(block.item_revisions) and block.item_revisions[index] is not None:
                self._mark = block.item_revisions[index]
            content = self._inlines(item) + (tail if index == len(block.items) - 1 else "")
            self._out.append(self._para(f"list.{block.kind}", content,
                                        shade=shade, item=(num_id, indent)))
            self._mark = outer

    def _bookmark(self, name: str) -> tuple[str, str]:
        oxml.validate_bookmark_name(name)
        if name in self._bookmarks:
            raise ValueError(f"duplicate bookmark name {name!r}")
        self._bookmarks.add(name)
        bm_id = len(self._bookmarks)
        return (f'<w:bookmarkStart w:id="{bm_id}" w:name="{name}"/>',
                f'<w:bookmarkEnd w:id="{bm_id}"/>')

    def _run(self, text: str, *, bold: bool = False, italic: bool = False,
             style: str | None = None) -> str:
        key = (bold, italic, style)
        rpr = self._rpr.get(key)
        if rpr is None:
            rpr = self._rpr[key] = oxml.rpr_xml(bold=bold, italic=italic, style=style,
                                                lang=self.lang)
        if self._rev is None:
            return oxml.run_xml(text, rpr)
        if self._rev.kind == "del":
            return self._tracked(oxml.deleted_run_xml(text, rpr))
        return self._tracked(oxml.run_xml(text, rpr))

    def _commented(self, content: str, comments: list[lb.Comment]) -> str:
        """``content`` (runs of one paragraph) with a Word comment range around it for each
        comment, each written to the comments part. Nothing changes without comments."""
        starts, ends = self._comment_marks(comments)
        return starts + content + ends

    def _comment_marks(self, comments: list[lb.Comment]) -> tuple[str, str]:
        """Where each comment's range starts and where it ends (with the reference mark):
        the comment itself goes to the comments part. ("", "") without comments."""
        if not comments:
            return "", ""
        if self._comments_part is None:
            self._comments_part = oxml.get_or_add_comments_part(self.document)
        starts, ends = [], []
        text_style = ('<w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
                      if "CommentText" in self._styles else "")
        ref_rpr = ('<w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                   if "CommentReference" in self._styles else "")
        for comment in comments:
            comment_id = self._comment_count
            self._comment_count += 1
            starts.append(f'<w:commentRangeStart w:id="{comment_id}"/>')
            ends.append(f'<w:commentRangeEnd w:id="{comment_id}"/><w:r>{ref_rpr}'
                        f'<w:commentReference w:id="{comment_id}"/></w:r>')
            self._comments.append(
                f'<w:comment w:id="{comment_id}" w:author="{oxml.xml_escape(comment.author)}" '
                f'w:initials="{oxml.xml_escape(comment.initials)}"><w:p>{text_style}'
                f"<w:r>{ref_rpr}<w:annotationRef/></w:r>{oxml.run_xml(comment.text)}</w:p>"
                "</w:comment>")
        return "".join(starts), "".join(ends)

    def _with_list(self, role: str, content: str, block: lb.NumberedParagraph
                   | lb.Recommendation, indent: int) -> None:
        """A paragraph and the list that belongs to it; its comments cover both."""
        starts, ends = self._comment_marks(block.comments)
        if block.list is None or not block.list.items:
            content, ends = starts + content + ends, ""
        else:
            content = starts + content
        self._out.append(self._para(role, content, block.anchor, shade=_fill(block)))
        self._list(block.list, shade=_fill(block), indent=indent, tail=ends)

    def _block(self, block: lb.Block) -> None:
        out = self._out
        if isinstance(block, lb.ChangedBlock):  # every run and paragraph mark tracked
            outer = self._rev, self._mark
            self._rev = self._mark = block.revision
            try:
                self._block(block.block)
            finally:
                self._rev, self._mark = outer
        elif isinstance(block, lb.NumberedParagraph):
            content = self._run(f"{block.number}.\t") + self._inlines(block.inlines)
            self._with_list("numbered", content, block, oxml.LIST_INDENT)
        elif isinstance(block, lb.Recommendation):
            content = self._run(f"{block.number}.\t") + self._inlines(block.inlines)
            if block.follows_up:
                content += self._follows_up(block.follows_up)
            self._with_list("recommendation", content, block,
                            oxml.LIST_INDENT + oxml.LIST_HANGING)
        elif isinstance(block, lb.PreviousQuote):
            content = self._run(f"{block.reference}: ", bold=True) + self._inlines(block.inlines)
            out.append(self._para("previous", content, block.anchor))
            self._list(block.list, indent=oxml.LIST_INDENT + oxml.LIST_HANGING)
            out.append(self._para("assessment", self._run(f"{block.assessment_label}: ")
                                  + self._run(block.assessment, bold=True)))
        elif isinstance(block, lb.Heading):
            out.append(self._para(f"heading.{min(max(block.level, 1), 3)}",
                                  self._commented(self._inlines(block.inlines), block.comments),
                                  block.anchor))
        elif isinstance(block, lb.BodyText):
            out.append(self._para("body", self._inlines(block.inlines)))
        elif isinstance(block, lb.RecommendationsHeading):
            out.append(self._para("recommendations", self._run(block.text)))
        elif isinstance(block, lb.GroupHeading):
            out.append(self._para("group", self._run(block.text)))
        elif isinstance(block, lb.PartHeading):
            text = f"{block.numeral}.\t{block.title}" if block.numeral else block.title
            out.append(self._para("part", self._run(text), block.anchor))
        elif isinstance(block, lb.AnnexHeading):
            out.append(self._para("annex", self._commented(self._run(block.title),
                                                           block.comments), block.anchor))
        elif isinstance(block, lb.Table):
            self._table(block)
        elif isinstance(block, lb.ListBlock):
            self._list(block)
        elif isinstance(block, lb.PageBreak):
            out.append(self._para("plain", '<w:r><w:br w:type="page"/></w:r>'))
        elif isinstance(block, lb.Cover):
            for line in block.lines:
                out.append(self._para(f"cover.{line.role}", self._inlines(line.inlines)))
        elif isinstance(block, lb.TableOfContents):
            self._flush()  # the TOC field is built in place, after what came before
            entries = [oxml.TocEntry(min(e.level, 3), e.text, e.anchor) for e in block.entries]
            oxml.insert_toc(self.document, entries, title=block.title, lang=self.lang)
        else:  # pragma: no cover - a new block type needs its mapping here
            raise TypeError(f"no DOCX mapping for {type(block).__name__}")

    def _follows_up(self, follows_up: list[lb.Inline]) -> str:
        """" (Follows up …)": the brackets are as new or as gone as what they hold."""
        whole = follows_up[0] if len(follows_up) == 1 else None
        outer = self._rev
        if isinstance(whole, lb.Changed) and outer is None:
            self._rev = whole.revision
        try:
            return (self._run(" (") + self._inlines(follows_up, italic=True)
                    + self._run(")"))
        finally:
            self._rev = outer

    # ------------------------------------------------------------------ inlines
    def _inlines(self, nodes: list[lb.Inline], *, part: Any = None, bold: bool = False,
                 italic: bool = False, style: str | None = None) -> str:
        """Runs, links and footnote references (inside a w:p or a w:hyperlink)."""
        out: list[str] = []
        for node in nodes:
            if isinstance(node, lb.Text):
                out.append(self._run(node.text, bold=bold, italic=italic, style=style))
            elif isinstance(node, lb.Emph):
                out.append(self._inlines(node.children, part=part, bold=bold,
                                         italic=not italic, style=style))
            elif isinstance(node, lb.Strong):
                out.append(self._inlines(node.children, part=part, bold=True,
                                         italic=italic, style=style))
            elif isinstance(node, lb.Link):
                if node.url is not None:
                    rel = (part or self.part).relate_to(node.url, RT.HYPERLINK,
                                                        is_external=True)
                    target = f'r:id="{oxml.xml_escape(rel)}"'
                else:
                    target = f'w:anchor="{oxml.xml_escape(node.anchor or "")}"'
                inner = self._inlines(node.children, part=part, bold=bold, italic=italic,
                                      style=STYLES["link"] if node.url else style)
                out.append(f'<w:hyperlink {target} w:history="1">{inner}</w:hyperlink>')
            elif isinstance(node, lb.Note):
                out.append(self._note(node))
            elif isinstance(node, lb.Changed):
                outer = self._rev
                self._rev = node.revision
                try:
                    out.append(self._inlines(node.children, part=part, bold=bold,
                                             italic=italic, style=style))
                finally:
                    self._rev = outer
        return "".join(out)

    def _note(self, note: lb.Note) -> str:
        """Write the footnote; return its reference mark."""
        if self._footnotes is None:
            self._footnotes = oxml.get_or_add_footnotes_part(self.document)
        footnote_id = self._footnotes.next_footnote_id()
        revision, self._rev = self._rev, None
        mark = self._run("", style="FootnoteReference")[: -len("</w:r>")]
        self._rev = revision
        self._notes.append(
            f'<w:footnote w:id="{footnote_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/>'
            f"</w:pPr>{self._tracked(mark + '<w:footnoteRef/></w:r>')}{self._run(' ')}"
            f"{self._inlines(note.children, part=self._footnotes)}</w:p></w:footnote>")
        return self._tracked('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                             f'<w:footnoteReference w:id="{footnote_id}"/></w:r>')

    # ------------------------------------------------------------------ tables
    def _table(self, table: lb.Table) -> None:
        out = self._out
        if table.label or table.caption:
            label = ""
            if table.label:
                label = self._run(f"{table.label}. " if table.caption else table.label,
                                  bold=True)
            out.append(self._para("caption", self._commented(
                label + self._inlines(table.caption or []), table.comments), table.anchor))
        widths = self._column_widths(table)
        look = ('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
                'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>')
        style = STYLES["table.style"]
        tbl_style = f'<w:tblStyle w:val="{style}"/>' if style in self._styles else ""
        out.append(f'<w:tbl><w:tblPr>{tbl_style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
                   f'<w:tblLayout w:type="fixed"/>{look}</w:tblPr><w:tblGrid>')
        out += [f'<w:gridCol w:w="{width}"/>' for width in widths]
        whole = self._mark  # a table inserted or deleted as a whole: every row
        self._mark = None  # a cell's paragraph stays as long as its row
        row_mark = self._track_mark(whole) if whole else ""
        out.append(f"</w:tblGrid><w:tr><w:trPr><w:tblHeader/>{row_mark}</w:trPr>")
        out += [self._cell(width, self._para("table.heading", self._inlines(head.inlines),
                                             head.anchor, shade=_fill(head)))
                for width, head in zip(widths, table.header, strict=True)]
        out.append("</w:tr>")
        for index, row in enumerate(table.rows):
            revision = whole or (table.row_revisions[index]
                                 if index < len(table.row_revisions) else None)
            row_rev, self._rev = self._rev, self._rev or (
                revision if isinstance(row, lb.GroupRow) else None)
            out.append(f"<w:tr><w:trPr>{self._track_mark(revision)}</w:trPr>"
                       if revision else "<w:tr>")
            if isinstance(row, lb.GroupRow):
                out.append(self._cell(sum(widths), self._para("table.heading",
                                                              self._run(row.text)),
                                      span=len(widths)))
            else:
                out += [self._cell(width, self._para("table.text", self._inlines(cell.inlines),
                                                     cell.anchor, shade=_fill(cell)))
                        for width, cell in zip(widths, row, strict=True)]
            out.append("</w:tr>")
            self._rev = row_rev
        out.append("</w:tbl>")
        self._mark = whole
        if table.note:
            out.append(self._para("table.text", self._inlines(table.note)))

    @staticmethod
    def _cell(width: int, paragraph: str, span: int = 1) -> str:
        grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}</w:tcPr>'
                f"{paragraph}</w:tc>")

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
        least as wide as the longest word of its header and of its cells, so no
        word breaks inside ("Implementatio|n"); the others give up the difference."""
        total = self._text_width()
        size = self._font_size_pt(STYLES["table.heading"])
        minimum = []
        for index, head in enumerate(table.header):
            longest_head = max((len(w) for w in lb.plain(head.inlines).split()), default=1)
            longest_cell = 0
            for row in table.rows:
                if isinstance(row, list) and index < len(row):
                    words = lb.plain(row[index].inlines).split()
                    # a word longer than _LONG_WORD (a URL, a document symbol) may wrap
                    longest_cell = max([longest_cell, *(min(len(w), _LONG_WORD)
                                                        for w in words)])
            need = max(longest_head * _EM_PER_CHAR, longest_cell * _EM_PER_CHAR_TEXT)
            minimum.append(min(int(need * size * 20) + _CELL_MARGINS, total * 45 // 100))
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

