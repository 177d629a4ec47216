"""DOCX writer: renders a prepared document model into a treaty-body Word file.

It only renders: numbers, labels, bookmark names and citation texts were all decided by
``toolkit.transform.prepare``. Styles come from the reference document (``templates/``), raw
OOXML that python-docx lacks (footnotes, bookmarks, fields, TOC) from ``toolkit.write.oxml``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_BREAK
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from toolkit.layout.wording import Wording
from toolkit.model.diagnostics import UserError
from toolkit.model.document import (
    Cite,
    Document,
    Emph,
    Inline,
    Link,
    Note,
    Ref,
    Section,
    SourcePos,
    Strong,
    Text,
    plain_text,
)
from toolkit.read.markup import MarkupError, parse_inline, to_markup
from toolkit.transform.labels import Labels
from toolkit.write import oxml

Element = Any  # an lxml element (w:p or w:hyperlink)


def _escape(text: str) -> str:
    """Plain text as safe inline markup (so a name with '*' stays a name)."""
    return to_markup([Text(text)])


class DocxWriter:
    """Renders one document in one language."""

    def __init__(
        self,
        doc: Document,
        labels: Labels,
        wording: Wording,
        *,
        template: Path,
        word_lang: str,
        state_name: str,
        draft_units: set[str] | None = None,
        themes: dict[str, str] | None = None,
    ):
        self.doc = doc
        self.labels = labels
        self.wording = wording
        self.word_lang = word_lang
        self.state_name = state_name
        self.draft_units = draft_units or set()
        self.themes = themes or {}
        self.by_theme = labels.mechanism.uses_themes  # UPR: earlier recommendations by theme
        try:
            self.document = docx.Document(template if hasattr(template, "read") else str(template))
        except Exception as exc:  # python-docx raises several types for a bad package
            raise UserError(
                f"cannot open the reference document: {exc}. Use a .docx saved by Word "
                "or LibreOffice (toolkit template export PATH writes the default one)",
                SourcePos(str(template)),
            ) from None
        self.body = self.document.element.body
        self.part = self.document.part
        self._footnotes_part: Any = None

    # ------------------------------------------------------------------ entry point
    def render(self) -> bytes:
        self._clear_body()
        self._properties()
        values = self._values()
        self._cover(values)
        self._toc()
        self._body(values)
        self._annexes(values)
        running = self.wording.render("running_title", values)
        oxml.set_page_number_footer(
            self.document, plain_text(self._inline(running)), lang=self.word_lang,
            different_first_page=True,
        )
        oxml.set_document_language(self.document, self.word_lang)
        oxml.fix_settings(self.document)
        modified = dt.datetime.combine(self.doc.meta.date, dt.time(12, 0))
        return oxml.docx_bytes(self.document, modified=modified)

    # ------------------------------------------------------------------ helpers
    def _clear_body(self) -> None:
        for child in list(self.body):
            if child.tag != oxml.qn("w:sectPr"):
                self.body.remove(child)

    def _properties(self) -> None:
        meta = self.doc.meta
        props = self.document.core_properties
        props.title = _clip(plain_text(meta.title))
        props.author = _clip("; ".join(org.name for org in meta.coalition))
        # Word knows no Latin-script Kazakh proofing language (w:lang stays kk-KZ), but
        # the document says what it is: BCP 47 kk-Latn-KZ in its properties.
        props.language = "kk-Latn-KZ" if self.doc.language == "kk-Latn" else self.word_lang
        props.subject = self.labels.committee
        props.keywords = f"{meta.mechanism.upper()}; {meta.state}; shadow report"
        props.comments = ""

    def _values(self) -> dict[str, Any]:
        meta = self.doc.meta
        return {
            "committee": _escape(self.labels.committee),
            "treaty": _escape(self.labels.treaty),
            "session": meta.review.session,
            "state_report": meta.review.state_report,
            "list_of_issues": meta.review.list_of_issues,
            "previous_outcome": meta.review.previous_outcome or "",
            "title": to_markup(meta.title),
            "state_name": _escape(self.state_name),
            "joint": meta.submission_type == "joint",
            "organisations": [_escape(org.name) for org in meta.coalition],
            "place": _escape(meta.place),
            "date": self.labels.date(meta.date),
            "month_year": self.labels.month_year(meta.date),
            "language": self.doc.language,
        }

    def _inline(self, markup: str) -> list[Inline]:
        try:
            return parse_inline(markup)
        except MarkupError as exc:
            raise UserError(
                f"the template produced invalid markup ({exc.message}) in: {markup[:80]}",
                SourcePos(str(self.wording.path)),
            ) from None

    def paragraph(self, style: str) -> Element:
        return oxml.append_paragraph(self.document, style)

    def _page_break(self) -> None:
        p = self.paragraph("Normal")
        DocxParagraph(p, self.document._body).add_run().add_break(WD_BREAK.PAGE)

    def _footnotes(self) -> Any:
        if self._footnotes_part is None:
            self._footnotes_part = oxml.get_or_add_footnotes_part(self.document)
        return self._footnotes_part

    def inlines(
        self,
        container: Element,
        nodes: list[Inline],
        *,
        part: Any = None,
        bold: bool = False,
        italic: bool = False,
        notes: bool = True,
        links: bool = True,
        style: str | None = None,
    ) -> None:
        """Render inline nodes into a w:p or w:hyperlink (``style``: a character style)."""
        part = part or self.part
        lang = self.word_lang
        for node in nodes:
            if isinstance(node, Text):
                oxml.append_run(container, node.text, bold=bold, italic=italic, lang=lang,
                                style=style)
            elif isinstance(node, Emph):
                self.inlines(container, node.children, part=part, bold=bold, italic=not italic,
                             notes=notes, links=links, style=style)
            elif isinstance(node, Strong):
                self.inlines(container, node.children, part=part, bold=True, italic=italic,
                             notes=notes, links=links, style=style)
            elif isinstance(node, Link):
                if links and container.tag == oxml.qn("w:p"):
                    link = oxml.append_hyperlink(container, part=part, url=node.url)
                    self.inlines(link, node.children, part=part, bold=bold, italic=italic,
                                 notes=False, links=False, style="Hyperlink")
                else:
                    self.inlines(container, node.children, part=part, bold=bold,
                                 italic=italic, notes=notes, links=links, style=style)
            elif isinstance(node, Ref):
                label = node.label or f"@{node.kind}:{node.target}"
                if links and node.anchor and container.tag == oxml.qn("w:p"):
                    link = oxml.append_hyperlink(container, part=part, anchor=node.anchor)
                    oxml.append_run(link, label, bold=bold, italic=italic, lang=lang)
                else:
                    oxml.append_run(container, label, bold=bold, italic=italic, lang=lang)
            elif isinstance(node, Cite):
                rendered = node.rendered if node.rendered is not None else [Text(node.key)]
                self.inlines(container, rendered, part=part, bold=bold, italic=italic,
                             notes=notes, links=links)
            elif isinstance(node, Note):
                if not notes:
                    continue
                footnote_id, fp = oxml.add_footnote(self.document, lang=lang)
                self.inlines(fp, node.children, part=self._footnotes(), notes=False)
                oxml.append_footnote_reference(container, footnote_id)

    def _text_para(self, style: str, nodes: list[Inline], *, anchor: str | None = None,
                   prefix: str | None = None, **kwargs: Any) -> Element:
        p = self.paragraph(style)
        if prefix:
            oxml.append_run(p, prefix, lang=self.word_lang)
        self.inlines(p, nodes, **kwargs)
        if anchor:
            oxml.add_bookmark(p, anchor)
        return p

    # ------------------------------------------------------------------ cover and TOC
    def _cover(self, values: dict[str, Any]) -> None:
        for style, text in self.wording.lines("cover", values):
            self._text_para(style, self._inline(text), notes=False)
        self._page_break()

    def _outline(self) -> list[oxml.TocEntry]:
        entries: list[oxml.TocEntry] = []
        current_part: str | None = None
        for section in self.doc.sections:
            if section.kind == "annex":
                continue
            if section.part != current_part and section.part is not None:
                current_part = section.part
                part = self._part_of(section)
                entries.append(oxml.TocEntry(1, f"{part.numeral}. {part.title}", part.anchor))
            level = 1 if section.part is None else 2
            entries.append(oxml.TocEntry(level, plain_text(section.heading),
                                         section.anchor or ""))
        entries.append(oxml.TocEntry(1, self.labels.annexes, "annexes"))
        for letter, title, anchor in self._annex_titles():
            entries.append(oxml.TocEntry(2, self.labels.annex_heading(letter, title), anchor))
        return entries

    def _annex_titles(self) -> list[tuple[str, str, str]]:
        labels = self.labels
        titles = [("A", labels.annex_recommendations, "annex_A")]
        if self.doc.previous:
            titles.append(("B", labels.annex_previous, "annex_B"))
        titles.append(("C", labels.annex_coalition, "annex_C"))
        for section in self.doc.sections:
            if section.kind == "annex" and section.letter:
                titles.append((section.letter, plain_text(section.heading),
                               section.anchor or ""))
        return titles

    def _part_of(self, section: Section) -> Any:
        for part in self.doc.parts.values():
            if part.numeral == section.part:
                return part
        raise KeyError(section.part)

    def _toc(self) -> None:
        oxml.insert_toc(self.document, self._outline(), title=self.labels.contents,
                        lang=self.word_lang)
        self._page_break()

    # ------------------------------------------------------------------ body
    def _body(self, values: dict[str, Any]) -> None:
        current_part: str | None = None
        for section in self.doc.sections:
            if section.kind == "annex":
                continue
            if section.part is not None and section.part != current_part:
                current_part = section.part
                part = self._part_of(section)
                p = self.paragraph("Heading1")
                oxml.append_run(p, f"{part.numeral}.\t{part.title}", lang=self.word_lang)
                oxml.add_bookmark(p, part.anchor)
                if section.kind == "follow-up" and self.doc.meta.review.previous_outcome:
                    intro = self.wording.render("follow_up_intro", values)
                    self._text_para("BodyText", self._inline(intro))
            style = "Heading1" if section.part is None else "Heading2"
            self._text_para(style, section.heading, anchor=section.anchor, notes=False)
            self._section_content(section)

    def _grouped(self, prev_ids: list[str]) -> list[tuple[str | None, Any]]:
        """Earlier recommendations in order; for the UPR sorted by theme, with group names."""
        prevs = [self.doc.previous[i] for i in prev_ids if i in self.doc.previous]
        if not self.by_theme:
            return [(None, p) for p in prevs]
        order = list(self.themes)
        prevs.sort(key=lambda p: order.index(p.theme) if p.theme in order else len(order))
        out: list[tuple[str | None, Any]] = []
        current = object()
        for prev in prevs:
            if prev.theme != current:
                current = prev.theme
                name = self.labels.theme_name(prev.theme, self.themes) if prev.theme else ""
                out.append((name, None))
            out.append((None, prev))
        return out

    def _section_content(self, section: Section) -> None:
        for group, prev in self._grouped(section.previous):
            if prev is None:
                if group:
                    oxml.append_run(self.paragraph("Heading3"), group, lang=self.word_lang)
                continue
            ref = self.labels.previous_ref(prev.document, prev.paragraph,
                                           prev.recommending_state)
            if prev.response:
                ref += f", {self.labels.response(prev.response).lower()}"
            p = self.paragraph("PreviousRecommendation")
            oxml.append_run(p, f"{ref}: ", bold=True, lang=self.word_lang)
            self.inlines(p, prev.content, notes=False)
            a = self.paragraph("Assessment")
            oxml.append_run(a, f"{self.labels.assessment_label}: ", lang=self.word_lang)
            oxml.append_run(a, self.labels.assessment(prev.assessment), bold=True,
                            lang=self.word_lang)
        for para in section.paragraphs:
            p = self._text_para("BodyNumbered", para.content, anchor=para.anchor,
                                prefix=f"{para.number}.\t")
            if para.unit in self.draft_units:
                oxml.shade_paragraph(p)
        if section.recommendations:
            p = self.paragraph("RecommendationsHeading")
            oxml.append_run(p, self.labels.recommendations, lang=self.word_lang)
            for rec in section.recommendations:
                p = self._text_para("Recommendation", rec.content, prefix=f"{rec.number}.\t")
                if rec.unit in self.draft_units:
                    oxml.shade_paragraph(p)
                if rec.follows_up:
                    oxml.append_run(p, " (", lang=self.word_lang)
                    self._follows_up(p, rec.follows_up, italic=True)
                    oxml.append_run(p, ")", lang=self.word_lang)
                if rec.anchor:
                    oxml.add_bookmark(p, rec.anchor)

    def _follows_up(self, p: Element, prev_ids: list[str], *, italic: bool = False) -> None:
        """"Follows up CCPR/C/KAZ/CO/1, para. 11", each reference linked to annex B."""
        refs = [self.doc.previous[i] for i in prev_ids if i in self.doc.previous]
        placeholder = "\x00"
        template = self.labels.follows_up([placeholder] * len(refs)) if refs else ""
        pieces = template.split(placeholder)
        for index, piece in enumerate(pieces):
            if piece:
                oxml.append_run(p, piece, italic=italic, lang=self.word_lang)
            if index < len(refs):
                prev = refs[index]
                label = self.labels.previous_ref(prev.document, prev.paragraph,
                                                 prev.recommending_state)
                link = oxml.append_hyperlink(p, part=self.part, anchor=prev.anchor)
                oxml.append_run(link, label, italic=italic, lang=self.word_lang)

    # ------------------------------------------------------------------ annexes
    def _annexes(self, values: dict[str, Any]) -> None:
        labels = self.labels
        self._page_break()
        p = self.paragraph("Heading1")
        oxml.append_run(p, labels.annexes, lang=self.word_lang)
        oxml.add_bookmark(p, "annexes")
        titles = {letter: (title, anchor) for letter, title, anchor in self._annex_titles()}

        self._annex_heading("A", titles)
        self._text_para("BodyText", self._inline(
            self.wording.render("recommendations_annex_intro", values)))
        rows = []
        sections = {s.id: s for s in self.doc.sections}
        for rec in self.doc.recommendations():
            rows.append(rec)
        table = self._table(labels.table_headers("recommendations"), len(rows), [1.2, 9, 3.3, 3])
        for row, rec in zip(table.rows[1:], rows, strict=True):
            cells = [c._tc for c in row.cells]
            self._cell_link(cells[0], str(rec.number), rec.anchor)
            self.inlines(_cell_p(cells[1]), rec.content, notes=False)
            cp = _cell_p(cells[2])
            if rec.follows_up:
                for i, prev_id in enumerate(rec.follows_up):
                    prev = self.doc.previous.get(prev_id)
                    if prev is None:
                        continue
                    if i:
                        oxml.append_run(cp, "; ", lang=self.word_lang)
                    label = labels.previous_ref(prev.document, prev.paragraph,
                                                prev.recommending_state)
                    self._link_run(cp, label, prev.anchor)
            section = sections[rec.section_id]
            self._cell_link(cells[3], section.label or section.id, section.anchor)

        if self.doc.previous:
            self._annex_heading("B", titles)
            self._text_para("BodyText", self._inline(
                self.wording.render("previous_annex_intro", values)))
            items = self._grouped(list(self.doc.previous))
            table = self._table(labels.table_headers("previous"), len(items), [3.5, 8, 2.5, 2.5])
            for row, (group, prev) in zip(table.rows[1:], items, strict=True):
                if prev is None:
                    merged = row.cells[0].merge(row.cells[-1])
                    p0 = _cell_p(merged._tc, "TableHeading")
                    oxml.append_run(p0, group or "—", lang=self.word_lang)
                    continue
                cells = [c._tc for c in row.cells]
                p0 = _cell_p(cells[0])
                oxml.append_run(p0, labels.previous_ref(prev.document, prev.paragraph,
                                                        prev.recommending_state),
                                lang=self.word_lang)
                if prev.anchor:
                    oxml.add_bookmark(p0, prev.anchor)
                self.inlines(_cell_p(cells[1]), prev.content, notes=False)
                oxml.append_run(_cell_p(cells[2]), labels.assessment(prev.assessment),
                                lang=self.word_lang)
                p3 = _cell_p(cells[3])
                for i, sid in enumerate(prev.discussed_in):
                    if i:
                        oxml.append_run(p3, "; ", lang=self.word_lang)
                    section = sections[sid]
                    self._link_run(p3, section.label or sid, section.anchor)

        self._annex_heading("C", titles)
        self._text_para("BodyText", self._inline(
            self.wording.render("coalition_annex_intro", values)))
        orgs = self.doc.meta.coalition
        table = self._table(labels.table_headers("coalition"), len(orgs), [9, 7])
        for row, org in zip(table.rows[1:], orgs, strict=True):
            cells = [c._tc for c in row.cells]
            oxml.append_run(_cell_p(cells[0]), org.name, lang=self.word_lang)
            if org.website:
                link = oxml.append_hyperlink(_cell_p(cells[1]), part=self.part, url=org.website)
                oxml.append_run(link, org.website, style="Hyperlink", lang=self.word_lang)

        for section in self.doc.sections:
            if section.kind != "annex":
                continue
            self._text_para("Heading2", [Text(labels.annex_heading(
                section.letter or "", plain_text(section.heading)))], anchor=section.anchor)
            self._section_content(section)

    def _annex_heading(self, letter: str, titles: dict[str, tuple[str, str]]) -> None:
        title, anchor = titles[letter]
        p = self.paragraph("Heading2")
        oxml.append_run(p, self.labels.annex_heading(letter, title), lang=self.word_lang)
        oxml.add_bookmark(p, anchor)

    def _table(self, headers: list[str], rows: int, widths_cm: list[float]) -> Table:
        from docx.shared import Cm

        table = self.document.add_table(rows=rows + 1, cols=len(headers))
        try:
            table.style = self.document.styles["Table Grid"]
        except KeyError:
            pass
        for index, width in enumerate(widths_cm):
            table.columns[index].width = Cm(width)
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            p = _cell_p(cell._tc, "TableHeading")
            oxml.append_run(p, text, lang=self.word_lang)
        oxml.repeat_header_row(table.rows[0]._tr)
        for row in table.rows[1:]:
            for cell in row.cells:
                _cell_p(cell._tc, "TableText")
        return table

    def _cell_link(self, tc: Element, text: str, anchor: str | None) -> None:
        self._link_run(_cell_p(tc), text, anchor)

    def _link_run(self, p: Element, text: str, anchor: str | None) -> None:
        if anchor:
            link = oxml.append_hyperlink(p, part=self.part, anchor=anchor)
            oxml.append_run(link, text, lang=self.word_lang)
        else:
            oxml.append_run(p, text, lang=self.word_lang)


def _clip(text: str, limit: int = 255) -> str:
    """Core properties hold at most 255 characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_p(tc: Element, style: str | None = None) -> Element:
    """The first paragraph of a table cell, optionally restyled."""
    p = tc.find(oxml.qn("w:p"))
    if style is not None:
        oxml.set_paragraph_style(p, style)
    return p
