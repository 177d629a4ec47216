"""A redline: two layout trees of one submission merged into one that marks the changes.

Both revisions are built through the whole pipeline to the layout tree, so what is
compared is what a reader sees, in the build language. Blocks are aligned first by their
own ids (paragraph, recommendation, earlier recommendation), then by sequence matching of
their texts with digits masked; inside aligned blocks the words are compared
(:mod:`difflib` on word tokens, formatting kept). Numbers are computed, not content: a
paragraph renumbered by an insertion before it is not a change (the new number is shown),
and an internal link is compared by what it points at, not by the number it shows. A
moved block is a deletion where it was and an insertion where it is.

The result is the ``to`` tree with :class:`~toolkit.layout.blocks.Changed` inlines,
:class:`~toolkit.layout.blocks.ChangedBlock` blocks and revisions of whole list items and
table rows: any writer can show them.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from toolkit.layout import blocks as lb

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

Style = tuple[tuple[str, str], ...]  # wrappers from the outside in: ("em", ""), ("link", url)
#: The revisions (inserted, deleted) to mark a pair of blocks with (old or new may be None).
Who = Callable[[lb.Block | None, lb.Block | None], tuple[lb.Revision, lb.Revision]]


@dataclass
class _Token:
    key: tuple[Any, ...]
    style: Style
    text: str = ""
    node: lb.Inline | None = None  # a footnote or an internal link: one token


class Redliner:
    """Merges two layout trees; ``inserted``/``deleted`` are the revisions to mark with."""

    def __init__(self, inserted: lb.Revision, deleted: lb.Revision,
                 who: Who | None = None) -> None:
        self.ins = inserted
        self.dele = deleted
        self.who = who
        self.anchors: dict[str, str] = {}  # anchor in the old tree → the same in the new
        self.owned: set[str] = set()  # anchors the old tree's blocks define

    # ------------------------------------------------------------------ documents
    def merge(self, old: lb.LayoutDocument, new: lb.LayoutDocument) -> lb.LayoutDocument:
        """The new document with every change since the old one marked (the trees are
        spent: their blocks and footnotes, renumbered, are the result's)."""
        pairs = self._align(old.blocks, new.blocks)
        new_keys = {b.key: b for b in new.blocks if getattr(b, "key", None)}  # type: ignore[union-attr]
        for a, b in pairs:
            if a is not None and b is None and getattr(a, "key", None) in new_keys:
                b = new_keys[a.key]  # type: ignore[union-attr]  # moved: a link still points at it
            if a is not None and b is not None:
                self._map_anchors(a, b)
        self.owned = {anchor for block in old.blocks for anchor in _anchors(block)}
        merged: list[lb.Block] = []
        default = self.ins, self.dele
        for a, b in pairs:
            self.ins, self.dele = self.who(a, b) if self.who else default
            if a is None:
                assert b is not None
                merged.append(lb.ChangedBlock(self.ins, b))
            elif b is None:
                merged.append(lb.ChangedBlock(self.dele, _without_anchors(a)))
            else:
                merged.extend(self._merge_block(a, b))
        for number, note in enumerate(lb.notes(merged), start=1):  # gone ones counted too
            note.number = number
        return dataclasses.replace(new, blocks=merged)

    # ------------------------------------------------------------------ alignment
    def _align(self, old: list[lb.Block], new: list[lb.Block]
               ) -> list[tuple[lb.Block | None, lb.Block | None]]:
        """(old, new) pairs in the new order, a deleted block just before what followed it."""
        sig_a = [_signature(b) for b in old]
        sig_b = [_signature(b) for b in new]
        out: list[tuple[lb.Block | None, lb.Block | None]] = []
        matcher = SequenceMatcher(None, sig_a, sig_b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out += list(zip(old[i1:i2], new[j1:j2], strict=True))
                continue
            out += self._pair_unkeyed(old[i1:i2], new[j1:j2])
        return out

    @staticmethod
    def _pair_unkeyed(old: list[lb.Block], new: list[lb.Block]
                      ) -> list[tuple[lb.Block | None, lb.Block | None]]:
        """Blocks without an id of their own, of the same type, are the same block edited;
        a block with an id that did not match is gone (or moved), never another's edit."""
        kinds_a = [_pairable(b) for b in old]
        kinds_b = [_pairable(b) for b in new]
        out: list[tuple[lb.Block | None, lb.Block | None]] = []
        matcher = SequenceMatcher(None, kinds_a, kinds_b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal" and all(kinds_a[i] is not None for i in range(i1, i2)):
                out += list(zip(old[i1:i2], new[j1:j2], strict=True))
            else:
                out += [(a, None) for a in old[i1:i2]] + [(None, b) for b in new[j1:j2]]
        return out

    def _map_anchors(self, a: lb.Block, b: lb.Block) -> None:
        old, new = getattr(a, "anchor", None), getattr(b, "anchor", None)
        if old and new:
            self.anchors[old] = new
        if isinstance(a, lb.Table) and isinstance(b, lb.Table):
            for x, y in self._pair_runs(_row_runs(a), _row_runs(b)):
                if x is not None and y is not None:
                    for cx, cy in zip(_cell_anchors(x), _cell_anchors(y), strict=False):
                        self.anchors[cx] = cy

    # ------------------------------------------------------------------ blocks
    def _merge_block(self, a: lb.Block, b: lb.Block) -> list[lb.Block]:
        """The new block with its changes marked, or a deletion and an insertion when
        what is not text (a heading's level, an assessment) differs."""
        if isinstance(b, lb.TableOfContents):  # LibreOffice and Word rebuild it anyway
            return [b]
        if _frame(a) != _frame(b):
            return [lb.ChangedBlock(self.dele, _without_anchors(a)), lb.ChangedBlock(self.ins, b)]
        merged = copy.copy(b)
        if isinstance(b, (lb.Heading, lb.BodyText, lb.NumberedParagraph, lb.Recommendation,
                          lb.PreviousQuote)):
            merged.inlines = self.inlines(a.inlines, b.inlines)  # type: ignore[union-attr]
        if isinstance(b, lb.Recommendation):
            assert isinstance(a, lb.Recommendation)
            merged.follows_up = self.inlines(a.follows_up, b.follows_up)  # type: ignore[union-attr]
        if isinstance(b, (lb.NumberedParagraph, lb.Recommendation, lb.PreviousQuote)):
            merged.list = self._merge_list(a.list, b.list)  # type: ignore[union-attr]
        elif isinstance(b, lb.ListBlock):
            assert isinstance(a, lb.ListBlock)
            return [self._merge_list(a, b) or b]
        elif isinstance(b, lb.Cover):
            assert isinstance(a, lb.Cover)
            lines = [lb.CoverLine(y.role, self.inlines(x.inlines, y.inlines))
                     for x, y in zip(a.lines, b.lines, strict=True)]
            return [lb.Cover(lines)]
        elif isinstance(b, lb.Table):
            assert isinstance(a, lb.Table)
            return self._merge_table(a, b)
        return [merged]

    def _merge_list(self, a: lb.ListBlock | None, b: lb.ListBlock | None) -> lb.ListBlock | None:
        if a is None and b is None:
            return None
        kind = (b or a).kind  # type: ignore[union-attr]
        items: list[list[lb.Inline]] = []
        revisions: list[lb.Revision | None] = []
        for x, y in self._pair_runs(a.items if a else [], b.items if b else []):
            if x is None:
                items.append([lb.Changed(self.ins, y)] if y else [])
                revisions.append(self.ins)
            elif y is None:
                items.append([lb.Changed(self.dele, x)] if x else [])
                revisions.append(self.dele)
            else:
                items.append(self.inlines(x, y))
                revisions.append(None)
        return lb.ListBlock(kind, items, revisions)

    def _pair_runs(self, old: list[list[lb.Inline]], new: list[list[lb.Inline]]
                   ) -> list[tuple[list[lb.Inline] | None, list[lb.Inline] | None]]:
        """Runs (list items, rows) aligned by their text; edited ones paired in place."""
        sig_a = [_sig(run) for run in old]
        sig_b = [_sig(run) for run in new]
        out: list[tuple[list[lb.Inline] | None, list[lb.Inline] | None]] = []
        matcher = SequenceMatcher(None, sig_a, sig_b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
                out += list(zip(old[i1:i2], new[j1:j2], strict=True))
            else:
                out += [(x, None) for x in old[i1:i2]] + [(None, y) for y in new[j1:j2]]
        return out

    def _merge_table(self, a: lb.Table, b: lb.Table) -> list[lb.Block]:
        if len(a.header) != len(b.header):  # another shape: a new table
            return [lb.ChangedBlock(self.dele, _without_anchors(a)), lb.ChangedBlock(self.ins, b)]
        header = [dataclasses.replace(y, inlines=self.inlines(x.inlines, y.inlines))
                  for x, y in zip(a.header, b.header, strict=True)]
        rows: list[list[lb.Cell] | lb.GroupRow] = []
        revisions: list[lb.Revision | None] = []

        runs_a = _row_runs(a)
        runs_b = _row_runs(b)
        row_of = {id(run): row for run, row in zip(runs_a, a.rows, strict=True)}
        row_of.update({id(run): row for run, row in zip(runs_b, b.rows, strict=True)})
        for x, y in self._pair_runs(runs_a, runs_b):
            old = row_of[id(x)] if x is not None else None
            new = row_of[id(y)] if y is not None else None
            if old is not None and new is not None and not (
                    isinstance(old, lb.GroupRow) or isinstance(new, lb.GroupRow)):
                rows.append([dataclasses.replace(cn, inlines=self.inlines(co.inlines, cn.inlines))
                             for co, cn in zip(old, new, strict=True)])
                revisions.append(None)
                continue
            if old is not None and new is not None:  # group rows: equal, or gone and new
                if old == new:
                    rows.append(new)
                    revisions.append(None)
                    continue
            if old is not None:
                rows.append(self._whole_row(old, self.dele))
                revisions.append(self.dele)
            if new is not None:
                rows.append(self._whole_row(new, self.ins))
                revisions.append(self.ins)
        caption = self.inlines(a.caption or [], b.caption or []) if (a.caption or b.caption) \
            else b.caption
        note = self.inlines(a.note or [], b.note or []) if (a.note or b.note) else None
        return [dataclasses.replace(b, header=header, rows=rows, row_revisions=revisions,
                                    caption=caption, note=note)]

    def _whole_row(self, row: list[lb.Cell] | lb.GroupRow, revision: lb.Revision
                   ) -> list[lb.Cell] | lb.GroupRow:
        if isinstance(row, lb.GroupRow):
            return row
        kept = revision.kind == "ins"  # a gone row's bookmarks belong to the new rows
        return [lb.Cell([lb.Changed(revision, c.inlines)], c.anchor if kept else None,
                        untranslated=c.untranslated) for c in row]

    # ------------------------------------------------------------------ words
    def inlines(self, old: list[lb.Inline], new: list[lb.Inline]) -> list[lb.Inline]:
        """``new`` with the words changed since ``old`` marked (footnotes diffed inside)."""
        a = self._tokens(old, (), self._mapped)
        b = self._tokens(new, (), lambda anchor: anchor)
        marked: list[tuple[_Token, lb.Revision | None]] = []
        matcher = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                    if isinstance(y.node, lb.Note) and isinstance(x.node, lb.Note):
                        note = lb.Note(y.node.number, self.inlines(x.node.children,
                                                                   y.node.children),
                                       y.node.label, y.node.back_label)
                        y = dataclasses.replace(y, node=note)
                    marked.append((y, None))
                continue
            marked += [(x, self.dele) for x in a[i1:i2]]
            marked += [(y, self.ins) for y in b[j1:j2]]
        return _rebuild(marked)

    def _mapped(self, anchor: str) -> str:
        """The new tree's name of what an old link points at (a fixed anchor keeps its
        name; a target that is gone points at nothing new)."""
        if anchor in self.anchors:
            return self.anchors[anchor]
        return "\x00old:" + anchor if anchor in self.owned else anchor

    def _tokens(self, nodes: list[lb.Inline], style: Style,
                anchor_of: Callable[[str], str]) -> list[_Token]:
        out: list[_Token] = []
        for node in nodes:
            if isinstance(node, lb.Text):
                out += [_Token(("t", piece, style), style, piece)
                        for piece in _TOKEN.findall(node.text)]
            elif isinstance(node, lb.Emph):
                out += self._tokens(node.children, (*style, ("em", "")), anchor_of)
            elif isinstance(node, lb.Strong):
                out += self._tokens(node.children, (*style, ("strong", "")), anchor_of)
            elif isinstance(node, lb.Link) and node.url is not None:
                out += self._tokens(node.children, (*style, ("link", node.url)), anchor_of)
            elif isinstance(node, lb.Link):  # a cross-reference: what it points at counts
                out.append(_Token(("ref", anchor_of(node.anchor or ""), style), style,
                                  node=node))
            elif isinstance(node, lb.Note):
                out.append(_Token(("note", style), style, node=node))
            elif isinstance(node, lb.Changed):
                out += self._tokens(node.children, style, anchor_of)
        return out


def _rebuild(marked: list[tuple[_Token, lb.Revision | None]]) -> list[lb.Inline]:
    """Inline nodes again: consecutive tokens of one style and revision share a node."""
    out: list[lb.Inline] = []
    index = 0
    while index < len(marked):
        token, revision = marked[index]
        group = [token]
        index += 1
        while (index < len(marked) and marked[index][1] == revision
               and marked[index][0].style == token.style):
            group.append(marked[index][0])
            index += 1
        nodes: list[lb.Inline] = []
        for item in group:
            if item.node is not None:
                nodes.append(item.node)
            elif nodes and isinstance(nodes[-1], lb.Text):
                nodes[-1] = lb.Text(nodes[-1].text + item.text)
            else:
                nodes.append(lb.Text(item.text))
        for kind, value in reversed(token.style):
            if kind == "em":
                nodes = [lb.Emph(nodes)]
            elif kind == "strong":
                nodes = [lb.Strong(nodes)]
            else:
                nodes = [lb.Link(nodes, url=value)]
        out += [lb.Changed(revision, nodes)] if revision is not None else nodes
    return out


def _sig(nodes: list[lb.Inline]) -> str:
    """The text of inlines with each cross-reference as one mark: its number is computed."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, lb.Text):
            out.append(node.text)
        elif isinstance(node, lb.Link) and node.url is None:
            out.append("\x01")
        elif isinstance(node, lb.Note):
            out.append("\x02" + _sig(node.children) + "\x03")
        else:
            out.append(_sig(node.children))
    return "".join(out)


def _row_runs(table: lb.Table) -> list[list[lb.Inline]]:
    """One run per row: cell anchors as Links (so rows pair up and their anchors map)."""
    runs: list[list[lb.Inline]] = []
    for row in table.rows:
        if isinstance(row, lb.GroupRow):
            runs.append([lb.Text("\x00" + row.text)])
            continue
        run: list[lb.Inline] = []
        for cell in row:
            run += [*cell.inlines, lb.Text("\x00")]
        for cell in row:
            if cell.anchor:
                run.append(lb.Link([], anchor=cell.anchor))
        runs.append(run)
    return runs


def _cell_anchors(run: list[lb.Inline]) -> list[str]:
    return [node.anchor for node in run
            if isinstance(node, lb.Link) and not node.children and node.anchor]


def _anchors(block: lb.Block) -> list[str]:
    """Every anchor a block (and its table cells) defines."""
    found = [getattr(block, "anchor", None)]
    if isinstance(block, lb.Table):
        found += [cell.anchor for cell in block.header]
        found += [cell.anchor for row in block.rows if isinstance(row, list) for cell in row]
    return [anchor for anchor in found if anchor]


def _signature(block: lb.Block) -> tuple[str, ...]:
    """What makes two blocks the same: their id, else their type and text (digits masked:
    numbers are computed)."""
    key = getattr(block, "key", None)
    if key:
        return ("key", key)
    return (type(block).__name__, _text(block))


def _pairable(block: lb.Block) -> str | None:
    """The type of a block that may be paired with an edited one; None for blocks with an
    id of their own and for blocks whose only text is fixed wording."""
    if getattr(block, "key", None):
        return None
    if isinstance(block, (lb.Heading, lb.BodyText, lb.NumberedParagraph, lb.Recommendation,
                          lb.PreviousQuote, lb.ListBlock, lb.Cover, lb.Table)):
        return type(block).__name__
    return None


def _text(block: lb.Block) -> str:
    parts = [_sig(run) for run in lb.block_inlines(block)]
    for name in ("text", "title", "reference", "assessment", "level"):
        value = getattr(block, name, None)
        if value is not None:
            parts.append(str(value))
    if isinstance(block, lb.TableOfContents):
        parts += [entry.text for entry in block.entries]
    return "\x00".join(parts)


def _frame(block: lb.Block) -> tuple[Any, ...]:
    """What is not running text: when it differs, the block is replaced, not edited."""
    if isinstance(block, lb.Heading):
        return ("heading", block.level)
    if isinstance(block, lb.PreviousQuote):
        return ("previous", block.reference, block.assessment_label, block.assessment)
    if isinstance(block, lb.Cover):
        return ("cover", tuple(line.role for line in block.lines))
    if isinstance(block, lb.ListBlock):
        return ("list", block.kind)
    if isinstance(block, (lb.BodyText, lb.Table, lb.NumberedParagraph, lb.Recommendation)):
        return (type(block).__name__,)
    return (type(block).__name__, _text(block))


def _without_anchors(block: lb.Block) -> lb.Block:
    """A deleted block: its bookmarks belong to the new document's blocks now."""
    block = copy.copy(block)
    if hasattr(block, "anchor"):
        block.anchor = None  # type: ignore[union-attr]
    if isinstance(block, lb.Table):
        block.header = [dataclasses.replace(c, anchor=None) for c in block.header]
        block.rows = [row if isinstance(row, lb.GroupRow)
                      else [dataclasses.replace(c, anchor=None) for c in row]
                      for row in block.rows]
    return block


def redline(old: lb.LayoutDocument, new: lb.LayoutDocument, *, inserted: lb.Revision,
            deleted: lb.Revision, who: Who | None = None) -> lb.LayoutDocument:
    """``new`` with every change since ``old`` marked as ``inserted``/``deleted`` (or, per
    pair of blocks, as ``who`` says: the author of the file each came from)."""
    return Redliner(inserted, deleted, who).merge(old, new)
