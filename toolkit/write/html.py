"""HTML writer: maps the blocks of a layout tree to one self-contained HTML5 file.

Like the DOCX writer it decides nothing about wording or numbering: every word, number and
anchor comes from the layout tree (``toolkit.layout.build``). What is HTML's own lives here:
the element of every role, the inline CSS (screen and A4 print), the ids of the notes.
The page needs no JavaScript and makes no request: no fonts, images or scripts from
anywhere. Every text and attribute is escaped (all of it comes from users); a link to
anything but http(s) or mailto is written as its text only.

Footnotes are gathered, numbered as in the DOCX, at the end of the document under one
heading ("Notes"), each linked both ways with its mark. Internal links point at the ids the
DOCX bookmarks carry (``para_3``, ``rec_12``, ``sec_2``, ``annex_A``, ``table_1``), so a
link to a paragraph is the same in every language and every build.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from toolkit.layout import blocks as lb

#: Schemes an external link may use; anything else (javascript:, data:) is shown as text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

#: Inline style sheet. Colours meet WCAG AA contrast (text #1a1a1a, links #0b4f9c on white
#: and on the draft shadings #fff2cc, untranslated, and #ddebf7, fuzzy); print gives A4
#: pages with 9pt notes.
CSS = """
:root { color-scheme: light; }
html { font-family: "Liberation Serif", "Times New Roman", Times, serif; font-size: 112.5%;
  line-height: 1.5; color: #1a1a1a; background: #fff; }
body { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
a { color: #0b4f9c; }
a:focus-visible { outline: 2px solid #0b4f9c; outline-offset: 2px; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.6em; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; } h3 { font-size: 1.12rem; }
h4, h5, h6 { font-size: 1rem; }
.cover { text-align: center; margin: 2rem 0 3rem; }
.cover p { margin: 0.4rem 0; }
.cover-mechanism { font-weight: bold; }
.cover-title { font-size: 1.8rem; margin: 2rem 0; }
.toc ul { list-style: none; padding: 0; }
.toc li { margin: 0.25em 0; }
.toc .toc-2 { padding-left: 1.5em; } .toc .toc-3 { padding-left: 3em; }
.para, .recommendation { margin: 0.8em 0; }
.para > p, .recommendation > p { margin: 0; padding-left: 2.5em; text-indent: -2.5em; }
.num { display: inline-block; min-width: 2.5em; text-indent: 0; }
.recommendation > p { font-weight: bold; }
.follows-up { font-style: italic; font-weight: normal; }
.recommendations-heading { font-weight: bold; font-style: italic; margin-top: 1.2em; }
ul.items { margin: 0.4em 0 0.4em 2.5em; padding-left: 1.5em; }
ul.lettered { list-style: none; padding-left: 0; }
ul.lettered > li { padding-left: 2.5em; text-indent: -2.5em; }
.marker { display: inline-block; min-width: 2.5em; text-indent: 0; }
.recommendation ul.items { font-weight: bold; }
.previous { margin: 1em 0; }
.previous blockquote { margin: 0 0 0 2.5em; padding-left: 1em; border-left: 3px solid #767676; }
.assessment { margin: 0.3em 0 0 2.5em; }
em em { font-style: normal; }
.untranslated { background: #fff2cc; }
ins, tr.ins td { background: #e6f4ea; text-decoration: underline; }
del, tr.del td { background: #fce8e6; text-decoration: line-through; }
ins.block, del.block { display: block; }
.fuzzy { background: #ddebf7; }
.table-wrap { overflow-x: auto; margin: 1.2em 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; caption-side: top; margin-bottom: 0.4em; }
th, td { border: 1px solid #767676; padding: 0.3em 0.45em; vertical-align: top; text-align: left; }
thead th { background: #eaeaea; }
tr.group th { background: #f4f4f4; }
.table-note { font-size: 0.9rem; margin-top: 0.3em; }
.noteref { font-size: 0.75em; line-height: 0; vertical-align: super; }
.notes { border-top: 1px solid #767676; margin-top: 3rem; font-size: 0.9rem; }
.notes ol { padding-left: 2.5em; }
.notes li { margin: 0.3em 0; }
.notes li:target, .para:target, .recommendation:target { background: #e8f0fb; }
.back { text-decoration: none; }
.draft-mark { position: fixed; top: 0.5rem; right: 0.5rem; margin: 0; padding: 0.2em 0.6em;
  border: 2px solid #a40000; color: #a40000; background: #fff; font-weight: bold;
  letter-spacing: 0.1em; }
.page-break { display: none; }
.comments { margin: 0.3em 0 0.8em 2.5em; padding: 0.3em 0.8em; border-left: 4px solid #a40000;
  background: #fbeeee; font-size: 0.9rem; }
.comments ul { margin: 0; padding-left: 1em; }
@media print {
  @page { size: A4; margin: 2.5cm 2cm 2cm; }
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; }
  .page-break { display: block; break-after: page; }
  h1, h2, h3, h4 { break-after: avoid; }
  tr, .previous, .notes li { break-inside: avoid; }
  thead { display: table-header-group; }
  .notes { font-size: 9pt; break-before: page; }
  .back { display: none; }
  .draft-mark { position: fixed; top: 0; right: 0; }
  .untranslated, .fuzzy { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def _e(text: str) -> str:
    """Text or attribute value, escaped (quotes too: it may sit inside an attribute)."""
    return escape(text, quote=True)


class HtmlWriter:
    """Writes one layout document as a self-contained HTML5 page (bytes, UTF-8)."""

    def __init__(self, layout: lb.LayoutDocument):
        self.layout = layout
        self._out: list[str] = []
        self._notes: list[lb.Note] = []
        self._ids: set[str] = set()
        self._level = 0  # the last heading level written (no gaps: h1 → h2 → h3)

    # ------------------------------------------------------------------ entry point
    def render(self) -> bytes:
        layout = self.layout
        props = layout.properties
        head = [
            "<!DOCTYPE html>",
            f'<html lang="{_e(layout.tag)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(props.title)}</title>",
            f'<meta name="author" content="{_e(props.author)}">',
            f'<meta name="description" content="{_e(props.subject)}">',
            f'<meta name="keywords" content="{_e(props.keywords)}">',
            f'<meta name="dcterms.date" content="{_e(props.date)}">',
            f"<style>{CSS}</style>",
            "</head>",
            '<body class="draft">' if layout.draft_mark else "<body>",
        ]
        if layout.draft_mark:
            head.append(f'<p class="draft-mark">{_e(layout.draft_mark)}</p>')
        self._out = []
        main_started = False
        for block in layout.blocks:
            if not main_started and not isinstance(block, (lb.Cover, lb.TableOfContents,
                                                           lb.PageBreak)):
                self._out.append("<main>")
                main_started = True
            self._block(block)
        if not main_started:
            self._out.append("<main>")
        self._out.append("</main>")
        self._notes_section()
        tail = ["</body>", "</html>", ""]
        return "\n".join([*head, *self._out, *tail]).encode("utf-8")

    # ------------------------------------------------------------------ helpers
    def _id(self, anchor: str | None) -> str:
        """` id="…"` for the first use of an anchor; nothing for none or a repeat."""
        if not anchor or anchor in self._ids:
            return ""
        self._ids.add(anchor)
        return f' id="{_e(anchor)}"'

    def _heading(self, wanted: int) -> int:
        """The h-level for a heading that wants ``wanted``: never more than one below the
        last heading, so the outline has no gaps whatever the layout nests."""
        level = max(1, min(wanted, self._level + 1, 6))
        self._level = level
        return level

    def _shade(self, untranslated: bool, base: str, fuzzy: bool = False) -> str:
        """class (and lang, if known) of a block that may still be in the source language,
        or (draft) show an unreviewed translation."""
        if not untranslated:
            return f' class="{base} fuzzy"' if fuzzy else f' class="{base}"'
        lang = self.layout.source_tag
        return f' class="{base} untranslated"' + (f' lang="{_e(lang)}"' if lang else "")

    # ------------------------------------------------------------------ blocks
    def _block(self, block: lb.Block) -> None:
        self._block_itself(block)
        comments = lb.block_comments(block)
        if comments:  # the layout gives comments to drafts only
            items = "".join(f'<li><strong class="comment-author">{_e(c.author)}</strong>: '
                            f"{_e(c.text)}</li>" for c in comments)
            self._out.append(f'<aside class="comments"><ul>{items}</ul></aside>')

    def _block_itself(self, block: lb.Block) -> None:
        out = self._out
        if isinstance(block, lb.ChangedBlock):  # a redline: a whole block added or removed
            tag = block.revision.kind
            out.append(f'<{tag} class="block"{_revision_attrs(block.revision)}>')
            self._block(block.block)
            out.append(f"</{tag}>")
        elif isinstance(block, lb.NumberedParagraph):
            shade = self._shade(block.untranslated, "para", block.fuzzy)
            out.append(f"<div{self._id(block.anchor)}{shade}>"
                       f'<p><span class="num">{_e(block.number)}.</span>'
                       f"{self._inlines(block.inlines)}</p>{self._list(block.list)}</div>")
        elif isinstance(block, lb.Recommendation):
            follows = ""
            if block.follows_up:
                follows = (f' <span class="follows-up">({self._inlines(block.follows_up)})'
                           "</span>")
            out.append(f"<div{self._id(block.anchor)}"
                       f"{self._shade(block.untranslated, 'recommendation', block.fuzzy)}>"
                       f'<p><span class="num">{_e(block.number)}.</span>'
                       f"{self._inlines(block.inlines)}{follows}</p>"
                       f"{self._list(block.list)}</div>")
        elif isinstance(block, lb.PreviousQuote):
            out.append(f'<div{self._id(block.anchor)} class="previous"><blockquote>'
                       f"<p><strong>{_e(block.reference)}:</strong> "
                       f"{self._inlines(block.inlines)}</p>{self._list(block.list)}"
                       f'</blockquote><p class="assessment">{_e(block.assessment_label)}: '
                       f"<strong>{_e(block.assessment)}</strong></p></div>")
        elif isinstance(block, lb.Heading):
            level = self._heading(block.level + 1)
            out.append(f"<h{level}{self._id(block.anchor)}>{self._inlines(block.inlines)}"
                       f"</h{level}>")
        elif isinstance(block, lb.PartHeading):
            level = self._heading(2)
            text = f"{block.numeral}. {block.title}" if block.numeral else block.title
            out.append(f"<h{level}{self._id(block.anchor)}>{_e(text)}</h{level}>")
        elif isinstance(block, lb.AnnexHeading):
            level = self._heading(3)
            out.append(f"<h{level}{self._id(block.anchor)}>{_e(block.title)}</h{level}>")
        elif isinstance(block, lb.GroupHeading):
            level = self._heading(4)
            out.append(f"<h{level}>{_e(block.text)}</h{level}>")
        elif isinstance(block, lb.BodyText):
            out.append(f'<p class="body">{self._inlines(block.inlines)}</p>')
        elif isinstance(block, lb.RecommendationsHeading):
            out.append(f'<p class="recommendations-heading">{_e(block.text)}</p>')
        elif isinstance(block, lb.Table):
            self._table(block)
        elif isinstance(block, lb.ListBlock):
            out.append(self._list(block))
        elif isinstance(block, lb.PageBreak):
            out.append('<div class="page-break"></div>')
        elif isinstance(block, lb.Cover):
            lines = []
            for line in block.lines:
                if line.role == "title":
                    level = self._heading(1)
                    lines.append(f'<h{level} class="cover-title">{self._inlines(line.inlines)}'
                                 f"</h{level}>")
                else:
                    lines.append(f'<p class="cover-{_e(line.role)}">'
                                 f"{self._inlines(line.inlines)}</p>")
            out.append(f'<header class="cover">{"".join(lines)}</header>')
        elif isinstance(block, lb.TableOfContents):
            level = self._heading(2)
            items = "".join(f'<li class="toc-{min(max(e.level, 1), 3)}">'
                            f'<a href="#{_e(e.anchor)}">{_e(e.text)}</a></li>'
                            for e in block.entries)
            out.append(f'<nav class="toc" aria-labelledby="toc">'
                       f'<h{level} id="toc">{_e(block.title)}</h{level}><ul>{items}</ul></nav>')
        else:  # pragma: no cover - a new block type needs its mapping here
            raise TypeError(f"no HTML mapping for {type(block).__name__}")

    def _list(self, block: lb.ListBlock | None) -> str:
        if block is None or not block.items:
            return ""
        if block.kind == "bullet":
            items = "".join(f"<li{self._revision_class(block.item_revisions, i)}>"
                            f"{self._inlines(item)}</li>" for i, item in enumerate(block.items))
            return f'<ul class="items">{items}</ul>'
        items = "".join(f'<li{self._revision_class(block.item_revisions, i)}>'
                        f'<span class="marker">{_e(label)}</span>{self._inlines(item)}</li>'
                        for i, (label, item) in enumerate(zip(block.labels(), block.items,
                                                              strict=True)))
        return f'<ul class="items lettered">{items}</ul>'

    def _table(self, table: lb.Table) -> None:
        out = self._out
        caption = ""
        if table.label or table.caption:
            label = ""
            if table.label:
                label = f"<strong>{_e(table.label)}{'.' if table.caption else ''}</strong>"
                label += " " if table.caption else ""
            caption = f"<caption>{label}{self._inlines(table.caption or [])}</caption>"
        share = sum(table.widths) or 1
        cols = "".join(f'<col style="width:{100 * w / share:.1f}%">' for w in table.widths)
        out.append(f'<div class="table-wrap"><table{self._id(table.anchor)}>{caption}'
                   f"<colgroup>{cols}</colgroup><thead><tr>")
        for head in table.header:
            out.append(f'<th scope="col"{self._id(head.anchor)}'
                       f"{self._cell_class(head)}>{self._inlines(head.inlines)}</th>")
        out.append("</tr></thead><tbody>")
        for index, row in enumerate(table.rows):
            if isinstance(row, lb.GroupRow):
                out.append(f'<tr class="group"><th scope="colgroup" colspan="{len(table.widths)}">'
                           f"{_e(row.text)}</th></tr>")
                continue
            cells = "".join(f"<td{self._id(cell.anchor)}{self._cell_class(cell)}>"
                            f"{self._inlines(cell.inlines)}</td>" for cell in row)
            out.append(f"<tr{self._revision_class(table.row_revisions, index)}>{cells}</tr>")
        out.append("</tbody></table></div>")
        if table.note:
            out.append(f'<p class="table-note">{self._inlines(table.note)}</p>')

    @staticmethod
    def _revision_class(revisions: list[lb.Revision | None], index: int) -> str:
        """` class="ins"` or "del" for a list item or table row added or removed (redline)."""
        revision = revisions[index] if index < len(revisions) else None
        return f' class="{revision.kind}"' if revision else ""

    def _cell_class(self, cell: lb.Cell) -> str:
        if cell.untranslated or cell.fuzzy:
            return self._shade(cell.untranslated, "cell", cell.fuzzy)
        return ""

    # ------------------------------------------------------------------ inlines
    def _inlines(self, nodes: list[lb.Inline]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, lb.Text):
                out.append(_e(node.text))
            elif isinstance(node, lb.Emph):
                out.append(f"<em>{self._inlines(node.children)}</em>")
            elif isinstance(node, lb.Strong):
                out.append(f"<strong>{self._inlines(node.children)}</strong>")
            elif isinstance(node, lb.Link):
                inner = self._inlines(node.children)
                if node.url is not None:
                    if _safe_url(node.url):
                        out.append(f'<a href="{_e(node.url)}">{inner}</a>')
                    else:
                        out.append(inner)
                elif node.anchor:
                    out.append(f'<a href="#{_e(node.anchor)}">{inner}</a>')
                else:
                    out.append(inner)
            elif isinstance(node, lb.Note):
                out.append(self._note_ref(node))
            elif isinstance(node, lb.Changed):
                tag = node.revision.kind
                out.append(f"<{tag}{_revision_attrs(node.revision)}>"
                           f"{self._inlines(node.children)}</{tag}>")
        return "".join(out)

    def _note_ref(self, note: lb.Note) -> str:
        self._notes.append(note)
        number = str(note.number)
        label = f' aria-label="{_e(note.label)}"' if note.label else ""
        ref_id = self._id(f"fnref_{number}")
        return (f'<sup class="noteref"><a{ref_id} href="#fn_{number}"{label}>{number}</a>'
                "</sup>")

    def _notes_section(self) -> None:
        if not self._notes:
            return
        title = self.layout.notes_title or "Notes"
        level = max(1, min(2, self._level + 1))
        items = []
        for note in self._notes:
            number = str(note.number)
            label = f' aria-label="{_e(note.back_label)}"' if note.back_label else ""
            items.append(f'<li{self._id(f"fn_{number}")} value="{number}">'
                         f"{self._inlines(note.children)} "
                         f'<a class="back" href="#fnref_{number}"{label}>↩</a></li>')
        self._out.append(f'<section class="notes" aria-labelledby="notes">'
                         f'<h{level} id="notes">{_e(title)}</h{level}>'
                         f'<ol>{"".join(items)}</ol></section>')


def _revision_attrs(revision: lb.Revision) -> str:
    """datetime and title (who) of an <ins> or <del>."""
    return f' datetime="{_e(revision.date)}" title="{_e(revision.author)}"'


def _safe_url(url: str) -> bool:
    """An absolute http(s) or mailto URL (no javascript:, data:, or relative paths)."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES
