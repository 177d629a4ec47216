"""One generic walk over the document: every text it holds, and every node of a text.

Every stage that visits text (translation, typography, transliteration, checks, word
counts, numbering) goes through :func:`text_slots` and the inline walks below, so a new kind
of text (a list item, a table cell) is added here once and every stage sees it. No other
module lists the document's texts by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from toolkit.model.document import (
    URL_RE,
    Cite,
    Document,
    Emph,
    Inline,
    Link,
    ListItem,
    Note,
    Ref,
    RefGroup,
    Section,
    SourcePos,
    Strong,
    Table,
    Text,
    plain_text,
)

SlotRole = Literal[
    "title", "place", "organisation", "heading", "paragraph", "recommendation", "source",
    "previous", "table-caption", "table-cell", "table-note",
]

TABLE_ROLES: frozenset[str] = frozenset({"table-caption", "table-cell", "table-note"})
BODY_ROLES: frozenset[str] = frozenset({"paragraph", "recommendation"}) | TABLE_ROLES
"""Texts of the running body: where citations become footnotes, numbered in this order."""

BLOCK_ROLES: frozenset[str] = frozenset({"paragraph", "recommendation", "previous"})
"""Texts that may hold a list (a lead sentence, then ``- `` or ``(a) `` lines)."""


@dataclass(slots=True)
class TextSlot:
    """Where one text of the document lives: the object and attribute holding its nodes.

    Not frozen: a frozen dataclass is about five times slower to make, and a build makes
    thousands of slots per pass over the document (nothing changes one after it is made).

    ``unit`` is the stable translation id (msgctxt; empty for a text the toolkit made, which
    is not translated); ``role`` says what the text is;
    ``section`` is the section it belongs to (None for the title, names, sources and the
    earlier recommendations, which belong to the whole document).
    """

    unit: str
    role: SlotRole
    owner: Any
    attr: str
    pos: SourcePos
    section: Section | None = None
    plain: bool = False  # the attribute holds a plain string (a name), not inline nodes

    def get(self) -> list[Inline]:
        value = getattr(self.owner, self.attr)
        return [Text(value)] if self.plain else value

    def set(self, nodes: list[Inline]) -> None:
        setattr(self.owner, self.attr, plain_text(nodes) if self.plain else nodes)


def text_slots(document: Document, roles: Iterable[str] | None = None) -> Iterator[TextSlot]:
    """Every text of ``document`` in reading order (title, names, sections, sources,
    earlier recommendations), optionally only those of the given ``roles``."""
    wanted = None if roles is None else frozenset(roles)
    for slot in _all_slots(document):
        if wanted is None or slot.role in wanted:
            yield slot


def _all_slots(document: Document) -> Iterator[TextSlot]:
    meta = document.meta
    submission = SourcePos("submission.yaml")
    yield TextSlot(meta.title_unit, "title", meta, "title", submission)
    yield TextSlot("place", "place", meta, "place", submission, plain=True)
    for org in meta.coalition:
        yield TextSlot(f"coalition/{org.id}", "organisation", org, "name", org.pos or submission,
                       plain=True)
    for section in document.sections:
        # A heading the toolkit made (article titles) has no unit: it is not translated.
        yield TextSlot(section.heading_unit, "heading", section, "heading", section.pos,
                       section)
        tables = sorted(section.tables, key=lambda t: t.after)
        for index, para in enumerate(section.paragraphs):
            while tables and tables[0].after <= index:
                yield from _table_slots(tables.pop(0), section)
            yield TextSlot(para.unit, "paragraph", para, "content", para.pos, section)
        for table in tables:
            yield from _table_slots(table, section)
        for rec in section.recommendations:
            yield TextSlot(rec.unit, "recommendation", rec, "content", rec.pos, section)
    for source in document.sources.values():
        yield TextSlot(source.unit, "source", source, "citation", source.pos)
    for prev in document.previous.values():
        yield TextSlot(prev.unit, "previous", prev, "content", prev.pos)


def _table_slots(table: Table, section: Section) -> Iterator[TextSlot]:
    yield TextSlot(table.unit, "table-caption", table, "caption", table.pos, section)
    for cell in [*table.header, *(cell for row in table.rows for cell in row)]:
        yield TextSlot(cell.unit, "table-cell", cell, "content", table.pos, section)
    if table.note:
        yield TextSlot(f"{table.unit}/note", "table-note", table, "note", table.pos, section)


# --------------------------------------------------------------------------- inline nodes


def children(node: Inline) -> list[Inline]:
    """The nodes inside ``node``: a rendered citation's text, or a container's children."""
    if isinstance(node, _LEAVES):
        return []
    if isinstance(node, Cite):
        return node.rendered or []
    if isinstance(node, RefGroup):  # its references, or (once resolved) its phrase
        return node.rendered if node.rendered is not None else list(node.refs)
    return node.children


_LEAVES = (Text, Ref)


def walk_inlines(nodes: list[Inline]) -> Iterator[Inline]:
    """Every inline node, depth first, in document order (notes and rendered citations
    included).

    A node's children are looked up after the node was handed out, so a caller may fill
    them in (a citation's rendered text) and the walk goes on inside. One loop with a
    stack of iterators, not nested generators: texts are walked many times per build.
    """
    stack = [iter(nodes)]
    while stack:
        for node in stack[-1]:
            yield node
            if isinstance(node, _LEAVES):
                continue
            inner = children(node)
            if inner:
                stack.append(iter(inner))
                break
        else:
            stack.pop()


def is_url_link(node: Link) -> bool:
    """``<https://…>``: the link shows its own address, which no transformation may touch."""
    shown = plain_text(node.children).strip()
    return shown == node.url or URL_RE.fullmatch(shown) is not None


def visible_strings(nodes: list[Inline]) -> Iterator[tuple[Any, str]]:
    """Every string a reader sees, as (node, attribute) pairs in reading order: text,
    reference labels and citation locators — but not the address shown by a URL link."""
    for node in nodes:
        if isinstance(node, Text):
            yield node, "text"
        elif isinstance(node, Ref):
            if node.label is not None:
                yield node, "label"
        elif isinstance(node, Link):
            if not is_url_link(node):
                yield from visible_strings(node.children)
        elif isinstance(node, Cite):
            if node.locator is not None:
                yield node, "locator"
            yield from visible_strings(node.rendered or [])
        elif isinstance(node, RefGroup):
            yield from visible_strings(node.rendered or [])
        else:
            yield from visible_strings(node.children)


def map_strings(nodes: list[Inline], change: Callable[[str], str]) -> None:
    """Apply ``change`` to every string a reader sees (see :func:`visible_strings`)."""
    for node, attr in visible_strings(nodes):
        setattr(node, attr, change(getattr(node, attr)))


def map_inlines(nodes: list[Inline], change: Callable[[Inline], list[Inline] | None]
                ) -> list[Inline]:
    """Rebuild a list of nodes bottom-up: ``change`` returns replacement nodes, or None to
    keep a node (whose children were already rebuilt)."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Emph | Strong | Link | Note | ListItem):
            node.children = map_inlines(node.children, change)
        replaced = change(node)
        out.extend([node] if replaced is None else replaced)
    return out


def notes(nodes: list[Inline]) -> Iterator[Note]:
    """The footnotes inside ``nodes``, in order."""
    return (node for node in walk_inlines(nodes) if isinstance(node, Note))


__all__ = [
    "BLOCK_ROLES", "BODY_ROLES", "TABLE_ROLES", "SlotRole", "TextSlot", "children",
    "is_url_link", "map_inlines", "map_strings", "notes", "text_slots", "visible_strings",
    "walk_inlines",
]
