"""From the transformed document model to the layout tree.

Everything a page shows is decided here, for every writer: the fixed wording (rendered
from the template *into* blocks, never parsed back out of text), the parts and their
numerals, the annexes and their letters (:func:`toolkit.transform.prepare.annex_letters`,
the same letters cross-references already carry), the table of contents, the tables of
the annexes, the draft mark. Writers only map blocks to their format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from toolkit.layout import blocks as lb
from toolkit.layout.typeset import TypesetMemo, typeset
from toolkit.layout.wording import Wording
from toolkit.model import document as md
from toolkit.model.diagnostics import UserError
from toolkit.model.document import Document, PreviousRecommendation, Section, SourcePos
from toolkit.read.markup import MarkupError, parse_inline, to_markup
from toolkit.transform.labels import Labels
from toolkit.transform.prepare import (
    RefTarget,
    annex_letters,
    previous_phrase,
    reference_targets,
)

#: Relative column widths of the generated annex tables (a writer widens a column whose
#: longest word would not fit, see toolkit.write.docx).
RECOMMENDATIONS_WIDTHS = [1.2, 9.0, 3.3, 3.0]
PREVIOUS_WIDTHS = [3.5, 7.5, 2.5, 3.0]
COALITION_WIDTHS = [9.0, 7.0]


@dataclass
class LayoutOptions:
    """What the layout needs besides the document: names and the build's mode."""

    language: str  # en, ru, kk, kk-Latn
    tag: str  # BCP 47
    state_name: str
    draft: bool = False
    draft_units: set[str] = field(default_factory=set)  # still in the source language
    fuzzy_units: set[str] = field(default_factory=set)  # unreviewed translation shown
    themes: dict[str, str] = field(default_factory=dict)
    source_tag: str | None = None  # BCP 47 of the source language (untranslated blocks)
    comments: bool = False  # show reviewers' open comments (drafts; never a final build)
    #: paragraphs of this language set by the last render (the live preview keeps one)
    typeset_memo: TypesetMemo | None = None


def convert(nodes: list[md.Inline], *, notes: bool = True, links: bool = True
            ) -> list[lb.Inline]:
    """Model inlines → layout inlines: citations rendered, references as internal links.

    ``notes=False`` leaves footnotes out (headings, table cells, the cover: places Word
    cannot or should not hold a note); ``links=False`` keeps a link's text only (inside a
    link). The model's Note numbers are the numbers prepare gave in reading order.
    """
    out: list[lb.Inline] = []
    for node in nodes:
        if isinstance(node, md.Text):
            if out and isinstance(out[-1], lb.Text):
                out[-1] = lb.Text(out[-1].text + node.text)
            else:
                out.append(lb.Text(node.text))
        elif isinstance(node, md.Emph):
            out.append(lb.Emph(convert(node.children, notes=notes, links=links)))
        elif isinstance(node, md.Strong):
            out.append(lb.Strong(convert(node.children, notes=notes, links=links)))
        elif isinstance(node, md.Link):
            children = convert(node.children, notes=False, links=False)
            out.extend([lb.Link(children, url=node.url)] if links else children)
        elif isinstance(node, md.Ref):
            label = [lb.Text(node.label or f"@{node.kind}:{node.target}")]
            out.extend([lb.Link(label, anchor=node.anchor)] if links and node.anchor
                       else label)
        elif isinstance(node, md.RefGroup):  # its phrase: text and a link for each number
            out.extend(convert(node.rendered if node.rendered is not None else node.refs,
                               notes=notes, links=links))
        elif isinstance(node, md.Cite):
            rendered = node.rendered if node.rendered is not None else [md.Text(node.key)]
            out.extend(convert(rendered, notes=notes, links=links))
        elif isinstance(node, md.Note):
            if notes:
                out.append(lb.Note(node.number or 0, convert(node.children, notes=False)))
        elif isinstance(node, md.ListItem):  # where a list cannot stand (a table cell)
            out.append(lb.Text(f" {lb.item_marker(node.kind, _item_index(nodes, node))} "))
            out.extend(convert(node.children, notes=notes, links=links))
    return out


def _item_index(nodes: list[md.Inline], item: md.ListItem) -> int:
    return [n for n in nodes if isinstance(n, md.ListItem)].index(item)


def split_list(nodes: list[md.Inline], *, notes: bool = True
               ) -> tuple[list[lb.Inline], lb.ListBlock | None]:
    """A paragraph's lead and the list that ends it (None when it has no list)."""
    items = [n for n in nodes if isinstance(n, md.ListItem)]
    lead = [n for n in nodes if not isinstance(n, md.ListItem)]
    if not items:
        return convert(nodes, notes=notes), None
    return convert(lead, notes=notes), lb.ListBlock(
        items[0].kind, [convert(item.children, notes=notes) for item in items])


def initials(name: str) -> str:
    """Word's short form of an author: the capitals of the name's words
    ("Kazakhstan International Bureau for Human Rights" → "KIBHR"), at most 9."""
    letters = [word[0] for word in name.split() if word[:1].isupper()]
    short = "".join(letters) or name.strip()[:1].upper()
    return short[:9]


def _cells(texts: list[str]) -> list[lb.Cell]:
    return [lb.Cell([lb.Text(text)]) for text in texts]


def _text(text: str) -> list[lb.Inline]:
    return [lb.Text(text)] if text else []


def _escape(text: str | None) -> str:
    """A user's value as inline markup that reads back as exactly that text."""
    return to_markup([md.Text(text)]) if text else ""


class LayoutBuilder:
    """Lays out one language of one document."""

    def __init__(self, doc: Document, labels: Labels, wording: Wording,
                 options: LayoutOptions):
        self.doc = doc
        self.labels = labels
        self.wording = wording
        self.options = options
        self.letters = annex_letters(doc)
        self.sections = {s.id: s for s in doc.sections}
        self.values = self._values()
        self.blocks: list[lb.Block] = []
        self._targets: dict[tuple[str, str], RefTarget] | None = None
        self._members = {org.id: org.name for org in doc.meta.coalition}

    # ------------------------------------------------------------------ entry point
    def build(self) -> lb.LayoutDocument:
        meta = self.doc.meta
        labels = self.labels
        self.blocks = [self._cover(), lb.PageBreak(),
                       lb.TableOfContents(labels.contents, self._toc_entries()),
                       lb.PageBreak()]
        self._body()
        self._annexes()
        props = lb.Properties(
            title=md.plain_text(meta.title),
            author="; ".join(org.name for org in meta.coalition),
            subject=labels.committee,
            keywords=f"{meta.mechanism.upper()}; {meta.state}; shadow report",
            date=meta.date.isoformat(),
        )
        running = lb.plain(self._wording("running_title"))
        for note in lb.notes(self.blocks):
            note.label = labels.note_label(note.number)
            note.back_label = labels.note_back(note.number)
        layout = lb.LayoutDocument(
            language=self.options.language, tag=self.options.tag, properties=props,
            running_header=running, running_footer="",
            draft_mark=labels.draft_mark if self.options.draft else None,
            blocks=self.blocks, notes_title=labels.notes,
            source_tag=self.options.source_tag if self.options.draft_units else None,
        )
        # the language's typography on every word the page shows
        typeset(layout, self.options.typeset_memo)
        return layout

    # ------------------------------------------------------------------ fixed wording
    def _values(self) -> dict[str, Any]:
        """What the wording template may use; every user value escaped, so it is data."""
        meta = self.doc.meta
        labels = self.labels
        session = meta.review.session
        return {
            "committee": _escape(labels.committee),
            # the committee's name in the case each sentence needs (mechanism catalogue)
            "committee_by": _escape(labels.committee_as("by")),
            "committee_of": _escape(labels.committee_as("of")),
            "committee_to": _escape(labels.committee_as("to")),
            "committee_in": _escape(labels.committee_as("in")),
            "upr": labels.mechanism.uses_themes,
            "quoted": self._quoted(),
            "treaty": _escape(labels.treaty),
            "session": session,
            "session_ordinal": labels.ordinal(session) if session else "",
            "state_report": _escape(meta.review.state_report),
            "list_of_issues": _escape(meta.review.list_of_issues),
            "previous_outcome": _escape(meta.review.previous_outcome),
            "title": to_markup(meta.title),
            "state_name": _escape(self.options.state_name),
            "state_formal_name": _escape(labels.state_formal_name(meta.state)),
            "joint": meta.submission_type == "joint",
            "organisations": [_escape(org.name) for org in meta.coalition],
            "place": _escape(meta.place),
            "date": _escape(labels.date(meta.date)),
            "month_year": _escape(labels.month_year(meta.date)),
            "language": self.doc.language,
        }

    def _quoted(self) -> str:
        """"all" when every earlier recommendation the follow-up shows is marked
        ``quoted: true`` in previous.yaml, "none" when none is, "some" otherwise: the
        introduction says they are quoted only when they are."""
        shown = {pid for s in self.doc.sections for pid in s.previous if pid in self.doc.previous}
        flags = {self.doc.previous[pid].quoted for pid in shown or self.doc.previous}
        if flags == {True}:
            return "all"
        return "some" if True in flags else "none"

    def _markup(self, markup: str) -> list[lb.Inline]:
        """The template's own text (which may use *italic* and **bold**); footnotes in
        fixed wording are left out: they would fall outside the document's numbering."""
        try:
            return convert(parse_inline(markup), notes=False)
        except MarkupError as exc:
            raise UserError(
                f"the template produced invalid markup ({exc.message}) in: {markup[:80]}",
                SourcePos(str(self.wording.path)),
            ) from None

    def _wording(self, macro: str) -> list[lb.Inline]:
        return self._markup(self.wording.render(macro, self.values))

    def _cover(self) -> lb.Cover:
        lines = [lb.CoverLine(role, self._markup(text))  # type: ignore[arg-type]
                 for role, text in self.wording.cover_lines(self.values)]
        return lb.Cover(lines)

    # ------------------------------------------------------------------ outline
    def _part_of(self, section: Section) -> md.Part:
        for part in self.doc.parts.values():
            if part.numeral == section.part:
                return part
        raise KeyError(section.part)

    def _annex_titles(self) -> list[tuple[str, str, str]]:
        """(letter, heading as shown, anchor) of every annex, in order."""
        labels = self.labels
        names = {"recommendations": labels.annex_recommendations,
                 "previous": labels.annex_previous, "coalition": labels.annex_coalition}
        out = [(letter, labels.annex_heading(letter, names[kind]), f"annex_{letter}")
               for kind, letter in self.letters.items()]
        for section in self.doc.sections:
            if section.kind == "annex" and section.letter:
                out.append((section.letter, labels.annex_heading(
                    section.letter, md.plain_text(section.heading)), section.anchor or ""))
        return out

    def _outline(self) -> Iterator[tuple[md.Part | None, Section]]:
        """The body's sections in order (annexes come later), each with the part it opens
        (None when it continues the current part or stands outside any)."""
        current: str | None = None
        for section in self.doc.sections:
            if section.kind == "annex":
                continue
            opens = None
            if section.part is not None and section.part != current:
                current = section.part
                opens = self._part_of(section)
            yield opens, section

    def _toc_entries(self) -> list[lb.TocEntry]:
        entries: list[lb.TocEntry] = []
        for part, section in self._outline():
            if part is not None:
                entries.append(lb.TocEntry(1, f"{part.numeral}. {part.title}", part.anchor))
            level = 1 if section.part is None else 2
            entries.append(lb.TocEntry(level, md.plain_text(section.heading),
                                       section.anchor or ""))
        entries.append(lb.TocEntry(1, self.labels.annexes, "annexes"))
        entries += [lb.TocEntry(2, title, anchor) for _, title, anchor in self._annex_titles()]
        return entries

    # ------------------------------------------------------------------ comments
    def _comments(self, comments: list[md.Comment]) -> list[lb.Comment]:
        """The open comments, with the member's name, when this build shows them."""
        if not self.options.comments:
            return []
        out = []
        for comment in comments:
            if comment.resolved:
                continue
            name = self._members.get(comment.by, comment.by)
            out.append(lb.Comment(name, initials(name), comment.text))
        return out

    # ------------------------------------------------------------------ body
    def _body(self) -> None:
        for part, section in self._outline():
            if part is not None:
                self.blocks.append(lb.PartHeading(part.numeral, part.title, part.anchor))
                if section.kind == "follow-up" and self.doc.meta.review.previous_outcome:
                    self.blocks.append(lb.BodyText(self._wording("follow_up_intro")))
            level = 1 if section.part is None else 2
            self.blocks.append(lb.Heading(level, convert(section.heading, notes=False),
                                          section.anchor, self._comments(section.comments)))
            self._section_content(section)

    def _grouped(self, prev_ids: list[str]) -> list[str | PreviousRecommendation]:
        """Earlier recommendations in order; for the UPR sorted by theme, each theme's
        name (a str) before its recommendations."""
        prevs = [self.doc.previous[i] for i in prev_ids if i in self.doc.previous]
        if not self.labels.mechanism.uses_themes:
            return list(prevs)
        order = list(self.options.themes)
        prevs.sort(key=lambda p: order.index(p.theme) if p.theme in order else len(order))
        out: list[str | PreviousRecommendation] = []
        current: object = object()
        for prev in prevs:
            if prev.theme != current:
                current = prev.theme
                out.append(self.labels.theme_name(prev.theme, self.options.themes)
                           if prev.theme else "")
            out.append(prev)
        return out

    def _previous_ref(self, prev: PreviousRecommendation) -> str:
        return self.labels.previous_ref(prev.document, prev.paragraph, prev.recommending_state)

    def _section_content(self, section: Section) -> None:
        labels = self.labels
        draft_units = self.options.draft_units
        fuzzy_units = self.options.fuzzy_units
        for item in self._grouped(section.previous):
            if isinstance(item, str):
                if item:
                    self.blocks.append(lb.GroupHeading(item))
                continue
            ref = self._previous_ref(item)
            if item.response:
                ref += f", {labels.response(item.response).lower()}"
            lead, items = split_list(item.content, notes=False)
            self.blocks.append(lb.PreviousQuote(
                ref, lead, labels.assessment_label, labels.assessment(item.assessment),
                list=items, key=f"prev:{section.id}/{item.id}"))
        tables = sorted(section.tables, key=lambda t: t.after)
        for index, para in enumerate(section.paragraphs):
            while tables and tables[0].after <= index:
                self.blocks.append(self._content_table(tables.pop(0)))
            lead, items = split_list(para.content)
            self.blocks.append(lb.NumberedParagraph(
                str(para.number), lead, para.anchor, untranslated=para.unit in draft_units,
                fuzzy=para.unit in fuzzy_units, list=items,
                comments=self._comments(para.comments),
                key=f"para:{para.id}" if para.id else None))
        self.blocks += [self._content_table(table) for table in tables]
        if section.recommendations:
            self.blocks.append(lb.RecommendationsHeading(labels.recommendations))
            for rec in section.recommendations:
                lead, items = split_list(rec.content)
                self.blocks.append(lb.Recommendation(
                    str(rec.number), lead, self._follows_up(rec.follows_up),
                    rec.anchor, untranslated=rec.unit in draft_units,
                    fuzzy=rec.unit in fuzzy_units, list=items,
                    comments=self._comments(rec.comments),
                    key=f"rec:{rec.id}" if rec.id else None))

    def _content_table(self, table: md.Table) -> lb.Table:
        """A table of the content: "Table 1", its caption, header, rows and note."""
        draft, fuzzy = self.options.draft_units, self.options.fuzzy_units

        def cell(c: md.Cell) -> lb.Cell:
            return lb.Cell(convert(c.content), untranslated=c.unit in draft,
                           fuzzy=c.unit in fuzzy)

        return lb.Table(
            widths=[1.0] * len(table.header), header=[cell(c) for c in table.header],
            rows=[[cell(c) for c in row] for row in table.rows],
            label=self.labels.table_caption(str(table.number)),
            caption=convert(table.caption), note=convert(table.note) or None,
            anchor=table.anchor, comments=self._comments(table.comments))

    def _follows_up(self, prev_ids: list[str]) -> list[lb.Inline]:
        """"Follows up CCPR/C/KAZ/CO/1, paras. 7 and 13": the earlier recommendations merged
        per document, each number linked to its annex row."""
        if self._targets is None:  # every cross-reference target, worked out once
            self._targets = reference_targets(self.doc, self.labels)
        phrase = previous_phrase(self.doc, self.labels, prev_ids, self._targets)
        if not phrase:
            return []
        placeholder = "\x00"
        count = len({i for i in prev_ids if i in self.doc.previous})
        before, _, after = self.labels.follows_up(placeholder, count).partition(placeholder)
        return [*_text(before), *convert(phrase), *_text(after)]

    @staticmethod
    def _link(text: str, anchor: str | None) -> lb.Inline:
        return lb.Link([lb.Text(text)], anchor=anchor) if anchor else lb.Text(text)

    def _joined_links(self, items: list[tuple[str, str | None]]) -> list[lb.Inline]:
        out: list[lb.Inline] = []
        for index, (text, anchor) in enumerate(items):
            if index:
                out.append(lb.Text("; "))
            out.append(self._link(text, anchor))
        return out

    # ------------------------------------------------------------------ annexes
    def _annexes(self) -> None:
        labels = self.labels
        self.blocks += [lb.PageBreak(), lb.PartHeading(None, labels.annexes, "annexes")]
        titles = {letter: (title, anchor) for letter, title, anchor in self._annex_titles()}

        def heading(kind: str) -> None:
            letter = self.letters[kind]
            title, anchor = titles[letter]
            self.blocks.append(lb.AnnexHeading(letter, title, anchor))

        heading("recommendations")
        self.blocks.append(lb.BodyText(self._wording("recommendations_annex_intro")))
        rows: list[list[lb.Cell] | lb.GroupRow] = []
        for rec in self.doc.recommendations():
            follows = [(self._previous_ref(self.doc.previous[i]), self.doc.previous[i].anchor)
                       for i in rec.follows_up if i in self.doc.previous]
            section = self.sections[rec.section_id]
            rows.append([
                lb.Cell([self._link(str(rec.number), rec.anchor)]),
                lb.Cell(convert(rec.content, notes=False)),
                lb.Cell(self._joined_links(follows)),
                lb.Cell([self._link(section.label or section.id, section.anchor)]),
            ])
        self.blocks.append(lb.Table(RECOMMENDATIONS_WIDTHS,
                                    _cells(labels.table_headers("recommendations")), rows))

        if "previous" in self.letters:
            heading("previous")
            self.blocks.append(lb.BodyText(self._wording("previous_annex_intro")))
            rows = []
            for item in self._grouped(list(self.doc.previous)):
                if isinstance(item, str):
                    rows.append(lb.GroupRow(item or "—"))
                    continue
                discussed = [(self.sections[sid].label or sid, self.sections[sid].anchor)
                             for sid in item.discussed_in]
                rows.append([
                    lb.Cell(_text(self._previous_ref(item)), anchor=item.anchor),
                    lb.Cell(convert(item.content, notes=False)),
                    lb.Cell(_text(labels.assessment(item.assessment))),
                    lb.Cell(self._joined_links(discussed)),
                ])
            self.blocks.append(lb.Table(PREVIOUS_WIDTHS, _cells(labels.table_headers("previous")),
                                        rows))

        heading("coalition")
        self.blocks.append(lb.BodyText(self._wording("coalition_annex_intro")))
        rows = []
        for org in self.doc.meta.coalition:
            site: list[lb.Inline] = ([lb.Link([lb.Text(org.website)], url=org.website)]
                                     if org.website else [])
            rows.append([lb.Cell(_text(org.name)), lb.Cell(site)])
        self.blocks.append(lb.Table(COALITION_WIDTHS, _cells(labels.table_headers("coalition")),
                                    rows))

        for section in self.doc.sections:
            if section.kind != "annex":
                continue
            letter = section.letter or ""
            title, anchor = titles[letter]
            self.blocks.append(lb.AnnexHeading(letter, title, anchor,
                                               self._comments(section.comments)))
            self._section_content(section)


def build_layout(doc: Document, labels: Labels, wording: Wording,
                 options: LayoutOptions) -> lb.LayoutDocument:
    """The layout tree of one prepared document in one language."""
    return LayoutBuilder(doc, labels, wording, options).build()
