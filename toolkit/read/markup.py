"""Inline markup: the small, pandoc-compatible Markdown subset used in every text field.

Syntax::

    *italic*   **bold**   ^[a footnote]   [@key]   [@key, p. 12]
    @rec:ID   @para:ID   @sec:ID   @prev:ID   @table:ID
    [@rec:a; @rec:b]   [-@rec:a]   [+@sec:a]   (reference groups, as in pandoc-crossref)
    <https://example.org>   [link text](https://example.org)   \\* (escapes)

The parser is a linear scanner: one pass matches brackets, a second builds the nodes
(emphasis uses CommonMark's delimiter algorithm with pandoc's whitespace-only flanking
rule). It never raises anything but :class:`MarkupError`; every error carries the offset
of the problem in the *original* string so the reader can turn it into a line and column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import cast

from toolkit.model.document import (
    Cite,
    Emph,
    Inline,
    Link,
    ListItem,
    Note,
    Ref,
    RefGroup,
    RefKind,
    Strong,
    Text,
)

__all__ = [
    "AUTOLINK",
    "DESTINATION",
    "REFERENCE",
    "MarkupError",
    "find_illegal_chars",
    "match_brackets",
    "normalize",
    "parse_inline",
    "parse_inline_all",
    "to_markup",
    "tokens",
]

# --------------------------------------------------------------------------- messages

STRAY_BACKSLASH = "stray backslash: write \\\\ for a literal backslash"
UNTERMINATED_BOLD = "unterminated **bold**"
UNTERMINATED_ITALIC = "unterminated *italic*"
UNTERMINATED_NOTE = "unterminated footnote ^[…]: add the closing ]"
UNTERMINATED_CITE = "unterminated citation [@…]"
NESTED_NOTE = "a footnote cannot contain another footnote"
EMPTY_NOTE = "empty footnote ^[]: write the note text inside the brackets"
BAD_CITE = ("malformed citation: write [@key] or [@key, locator], several sources as "
            "[@a, p. 3; @b]")
MIXED_GROUP = ("a reference group names one kind of target: write [@rec:a; @rec:b] or "
               "[@para:x; @para:y], and the other kind in a bracket of its own")
MIXED_CITE = ("a bracket holds either cross-references [@rec:a; @rec:b] or a citation "
              "[@key, locator]: write them in brackets of their own")
MIXED_NUMBER_ONLY = ("write '-' before every item of a number-only group, e.g. "
                     "[-@rec:a; -@rec:b], or before none")
BAD_SCHEME = "links must use http, https or mailto"
BAD_LINK = "malformed link: write [text](URL) with no spaces in the URL"
LINK_CONTENT = "a link's text can only contain text, *italic* and **bold**"
EMPTY_REF = "a cross-reference needs an id, e.g. @rec:torture"
BLANK_LINE = ("a blank line inside a text: split it into two paragraphs (a new '- id:' entry), "
              "or delete the blank line")
MIXED_LIST = ("a paragraph holds one list: bulleted ('- ') or lettered ('(a) '), not both; "
              "split it into two paragraphs")
EMPTY_ITEM = "an empty list item: write its text after the marker, or delete the line"
NO_LIST_HERE = "a list ('- ' or '(a) ' lines) belongs in a paragraph or recommendation only"


def _letter(index: int) -> str:
    """The letter of the ``index``-th lettered item: a … z, then aa, bb … (UN usage)."""
    return chr(ord("a") + index % 26) * (index // 26 + 1)


class MarkupError(ValueError):
    """A problem in inline markup; ``offset`` indexes the original string."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"MarkupError({self.message!r}, {self.offset})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MarkupError):
            return NotImplemented
        return (self.message, self.offset) == (other.message, other.offset)

    def __hash__(self) -> int:
        return hash((self.message, self.offset))


# --------------------------------------------------------------------------- lexical rules

ESCAPABLE = frozenset("*^[]@<\\_()`{}-")
REF_KINDS: tuple[RefKind, ...] = ("rec", "para", "sec", "prev", "table")

_SPECIAL = re.compile(r"[\\*^\[\]<@]")  # characters that may mean something
_PREPASS = re.compile(r"[\\\[\]<]")
REFERENCE = re.compile(r"(rec|para|sec|prev|table):([A-Za-z0-9_.\-]*)")
_NEXT_SOURCE = re.compile(r";\s*(?=@)")  # [@a, p. 3; @b]: where the next source starts
_GROUP_ITEM = re.compile(r"\s*([-+]?)@(rec|para|sec|prev|table):([A-Za-z0-9_.\-]*)\s*")
_REF_AHEAD = re.compile(r"@(?=(?:rec|para|sec|prev|table):)")
_KEY = re.compile(r"\w[\w.:/\-]*")
AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>", re.IGNORECASE)
_AUTOLINK_AHEAD = re.compile(r"<(?=(?:https?://|mailto:))", re.IGNORECASE)
_AUTOLINK_URL = re.compile(r"(?:https?://|mailto:)[^\s<>]+", re.IGNORECASE)
# a link destination: no whitespace, parentheses balanced to one level (Wikipedia-style)
DESTINATION = re.compile(r"\(((?:[^\s()\\]|\\\S|\((?:[^\s()\\]|\\\S)*\))*)\)")
_DEST_LOOKS_URL = re.compile(r"\((?:https?://|mailto:)", re.IGNORECASE)
_URL_OK = re.compile(r"(?:https?://|mailto:)\S", re.IGNORECASE)
_BACKSLASH = re.compile(r"\\")
_WS = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")  # collapsible (not NBSP, not U+202F)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def find_illegal_chars(text: str) -> list[tuple[int, str]]:
    """Offsets and descriptions of characters that XML 1.0 cannot contain."""
    found: list[tuple[int, str]] = []
    for m in _ILLEGAL.finditer(text):
        ch = m.group()
        code = ord(ch)
        if code < 0x20:
            what = f"the control character U+{code:04X}"
        elif 0xD800 <= code <= 0xDFFF:
            what = f"the unpaired surrogate U+{code:04X}"
        else:
            what = f"the non-character U+{code:04X}"
        found.append((m.start(), what))
    return found


# --------------------------------------------------------------------------- parsing


class _Frame:
    """An open emphasis delimiter run and the content that follows it.

    Content is kept normalised as it grows: text pieces wait in ``buf`` and become one
    collapsed :class:`Text` when a node follows (``flush``).
    """

    __slots__ = ("nodes", "buf", "pos", "count", "orig", "both")

    def __init__(self, pos: int, count: int, orig: int, both: bool) -> None:
        self.nodes: list[Inline] = []
        self.buf: list[str] = []
        self.pos = pos  # offset of the (remaining) opening stars
        self.count = count  # stars still available
        self.orig = orig  # length of the whole run (for the rule of 3)
        self.both = both  # the run could also close (intraword)

    def add(self, node: Inline) -> None:
        if self.buf:
            self.nodes.append(Text(_collapse("".join(self.buf))))
            self.buf = []
        elif type(node) in (Emph, Strong) and self.nodes and type(self.nodes[-1]) is type(node):
            # *a* directly followed by *b* is one italic run (and only so can it be written)
            last = cast(Emph | Strong, self.nodes[-1])
            merged = _Out()
            for kid in (*last.children, *cast(Emph | Strong, node).children):
                merged.add(kid)
            self.nodes[-1] = type(last)(merged.done())
            return
        self.nodes.append(node)

    def splice(self, other: _Frame) -> None:
        """Append another frame's content (its opening stars are the caller's business)."""
        for node in other.nodes:
            if type(node) is Text:
                self.buf.append(cast(Text, node).text)
            else:
                self.add(node)
        self.buf.extend(other.buf)

    def done(self) -> list[Inline]:
        if self.buf:
            self.nodes.append(Text(_collapse("".join(self.buf))))
            self.buf = []
        return self.nodes


def match_brackets(text: str) -> dict[int, int]:
    """Offset of each ``[`` → offset of its ``]``, skipping escapes, autolinks and URLs."""
    matches: dict[int, int] = {}
    if "[" not in text:
        return matches
    stack: list[tuple[int, bool]] = []  # (offset, could start a link)
    escaped = -1
    n = len(text)
    pos = 0
    search = _PREPASS.search
    while (m := search(text, pos)) is not None:
        i = m.start()
        c = text[i]
        if c == "\\":
            escaped = i + 1
            pos = i + 2
        elif c == "<":
            a = AUTOLINK.match(text, i)
            pos = a.end() if a else i + 1
        elif c == "[":
            note = i > 0 and text[i - 1] == "^" and escaped != i - 1
            stack.append((i, not note and text[i + 1 : i + 2] != "@"
                          and text[i + 1 : i + 3] not in ("-@", "+@")))
            pos = i + 1
        else:  # "]"
            pos = i + 1
            if stack:
                o, plain = stack.pop()
                matches[o] = i
                if plain and pos < n and text[pos] == "(":
                    d = DESTINATION.match(text, pos)
                    if d:
                        pos = d.end()
    return matches


class _Parser:
    """One parse of one string; collects errors instead of stopping at the first."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.errors: list[MarkupError] = []
        self.match = match_brackets(text)

    def error(self, message: str, offset: int) -> None:
        self.errors.append(MarkupError(message, offset))

    def unescape(self, start: int, end: int) -> str:
        """The text between ``start`` and ``end`` with backslash escapes resolved."""
        text = self.text
        out: list[str] = []
        pos = start
        while (m := _BACKSLASH.search(text, pos, end)) is not None:
            i = m.start()
            out.append(text[pos:i])
            if i + 1 < end and text[i + 1] in ESCAPABLE:
                out.append(text[i + 1])
                pos = i + 2
            else:
                self.error(STRAY_BACKSLASH, i)
                out.append("\\")
                pos = i + 1
        out.append(text[pos:end])
        return "".join(out)

    def seq(self, start: int, end: int, in_note: bool, in_link: bool) -> list[Inline]:
        """Parse ``text[start:end]`` (one scope for emphasis) into nodes."""
        text = self.text
        stack = [_Frame(start, 0, 0, False)]  # stack[0] is the sequence itself
        bottoms: dict[tuple[int, bool], int] = {}  # CommonMark's openers_bottom
        find = _SPECIAL.search
        i = start
        while i < end:
            m = find(text, i, end)
            if m is None:
                stack[-1].buf.append(text[i:end])
                break
            out = stack[-1]
            if m.start() > i:
                out.buf.append(text[i : m.start()])
                i = m.start()
            c = text[i]
            if c == "*":
                j = i + 1
                while j < end and text[j] == "*":
                    j += 1
                self.stars(stack, bottoms, i, j, start, end)
                i = j
            elif c == "\\":
                if i + 1 < end and text[i + 1] in ESCAPABLE:
                    out.buf.append(text[i + 1])
                    i += 2
                else:
                    self.error(STRAY_BACKSLASH, i)
                    out.buf.append("\\")
                    i += 1
            elif c == "^":
                if i + 1 < end and text[i + 1] == "[":
                    i = self.note(i, out, in_note, in_link)
                else:
                    out.buf.append("^")
                    i += 1
            elif c == "[":
                i = self.bracket(i, end, out, in_note, in_link)
            elif c == "<":
                a = AUTOLINK.match(text, i, end)
                if a is None:
                    out.buf.append("<")
                    i += 1
                else:
                    if in_link:
                        self.error(LINK_CONTENT, i)
                    url = a.group(1)
                    out.add(Link(url, [Text(url)]))
                    i = a.end()
            elif c == "@":
                i = self.ref(i, end, out, in_link)
            else:  # "]" without a "[" (or one the pre-pass paired elsewhere)
                out.buf.append(c)
                i += 1
        return self.finish(stack)

    def stars(
        self,
        stack: list[_Frame],
        bottoms: dict[tuple[int, bool], int],
        i: int,
        j: int,
        start: int,
        end: int,
    ) -> None:
        """Handle the delimiter run ``text[i:j]`` (CommonMark 'process emphasis', inline)."""
        text = self.text
        n = j - i
        before = text[i - 1] if i > start else " "
        after = text[j] if j < end else " "
        can_open = not after.isspace()
        can_close = not before.isspace()
        both = can_open and can_close
        rem = n
        if can_close:
            key = (n % 3, both)
            while rem:
                bottom = bottoms.get(key, 0)
                k = len(stack) - 1
                while k > bottom:
                    f = stack[k]
                    if (both or f.both) and (f.orig + n) % 3 == 0 and (f.orig % 3 or n % 3):
                        k -= 1  # the "rule of 3"
                        continue
                    break
                if k <= bottom:
                    bottoms[key] = len(stack) - 1
                    break
                if k < len(stack) - 1:  # openers in between become literal stars
                    target = stack[k]
                    for f in stack[k + 1 :]:
                        target.buf.append("*" * f.count)
                        target.splice(f)
                    del stack[k + 1 :]
                    _clamp(bottoms, k)
                f = stack[k]
                use = 2 if f.count >= 2 and rem >= 2 else 1
                kids = f.done()
                node: Inline = Strong(kids) if use == 2 else Emph(kids)
                f.count -= use
                rem -= use
                if f.count:
                    f.nodes = []
                    target = f
                else:
                    stack.pop()
                    target = stack[-1]
                    _clamp(bottoms, k - 1)
                if any(type(kid) in (Emph, Strong, Link) for kid in kids):
                    # nested emphasis: normalise now (keeps the tree shallow)
                    for kid in _norm([node], False, False, deep=False):
                        if type(kid) is Text:
                            target.buf.append(cast(Text, kid).text)
                        else:
                            target.add(kid)
                else:
                    target.add(node)
        if rem:
            if can_open:
                stack.append(_Frame(i + n - rem, rem, n, both))
            else:
                stack[-1].buf.append("*" * rem)

    def finish(self, stack: list[_Frame]) -> list[Inline]:
        """Close a sequence: unmatched openers become literal stars (or errors)."""
        out = stack[0]
        for f in stack[1:]:
            if not f.both:
                bold = f.count >= 2 or f.orig == 2
                self.error(UNTERMINATED_BOLD if bold else UNTERMINATED_ITALIC, f.pos)
            out.buf.append("*" * f.count)
            out.splice(f)
        return out.done()

    def note(self, i: int, out: _Frame, in_note: bool, in_link: bool) -> int:
        """``^[…]`` at ``i``; returns the offset after it."""
        m = self.match.get(i + 1)
        if m is None:
            self.error(UNTERMINATED_NOTE, i)
            out.buf.append("^[")
            return i + 2
        if in_note or in_link:  # reported, then read as plain text (no deep recursion)
            self.error(NESTED_NOTE if in_note else LINK_CONTENT, i)
            out.buf.append("^[")
            return i + 2
        if _WS.fullmatch(self.text, i + 2, m) or m == i + 2:
            self.error(EMPTY_NOTE, i)
        out.add(Note(_strip_ends(self.seq(i + 2, m, True, in_link))))
        return m + 1

    def bracket(self, i: int, end: int, out: _Frame, in_note: bool, in_link: bool) -> int:
        """``[`` at ``i``: a citation, a link or a plain bracket."""
        text = self.text
        m = self.match.get(i)
        is_cite = i + 1 < end and (text[i + 1] == "@" or (
            text[i + 1] in "-+" and i + 2 < end and text[i + 2] == "@"))
        if m is None:
            if is_cite:
                self.error(UNTERMINATED_CITE, i)
            out.buf.append("[")
            return i + 1
        if is_cite:
            group = self.ref_group(i, m, out, in_link)
            return group if group is not None else self.cite(i, m, out, in_link)
        d = DESTINATION.match(text, m + 1, end) if m + 1 < end and text[m + 1] == "(" else None
        if d is None:
            if m + 1 < end and _DEST_LOOKS_URL.match(text, m + 1, end):
                self.error(BAD_LINK, m + 1)
            out.buf.append("[")  # a plain bracket: its content is parsed in line, "]" is literal
            return i + 1
        before = len(self.errors)
        url = self.unescape(d.start(1), d.end(1))
        if not _URL_OK.match(url):
            if len(self.errors) == before:
                self.error(BAD_SCHEME, i)
            out.buf.append(text[i : d.end()])  # kept as written
            return d.end()
        if in_link:  # reported, then kept as it was written
            self.error(LINK_CONTENT, i)
            out.buf.append(text[i : d.end()])
            return d.end()
        out.add(Link(url, self.seq(i + 1, m, in_note, True)))
        return d.end()

    def ref_group(self, i: int, m: int, out: _Frame, in_link: bool) -> int | None:
        """``[@rec:a; -@rec:b]`` spanning ``i``..``m``: a bracket whose items all carry a
        cross-reference prefix; None when the bracket is a citation."""
        text = self.text
        items = [_GROUP_ITEM.fullmatch(item) for item in text[i + 1 : m].split(";")]
        if not any(items):
            if text[i + 1] != "@":
                self.error(BAD_CITE, i)
                out.buf.append(text[i : m + 1])
                return m + 1
            return None
        if not all(items):
            self.error(MIXED_CITE, i)
            out.buf.append(text[i : m + 1])
            return m + 1
        found = [item for item in items if item is not None]
        refs: list[Ref] = []
        for item in found:
            target = item.group(3).rstrip(".")
            if not target:
                self.error(EMPTY_REF, i)
                out.buf.append(text[i : m + 1])
                return m + 1
            refs.append(Ref(cast(RefKind, item.group(2)), target))
        if len({ref.kind for ref in refs}) > 1:
            self.error(MIXED_GROUP, i)
        marks = [item.group(1) == "-" for item in found]
        if any(marks) and not all(marks):
            self.error(MIXED_NUMBER_ONLY, i)
        if in_link:
            self.error(LINK_CONTENT, i)
        number_only = all(marks)
        capital = not number_only and any(item.group(1) == "+" for item in found)
        out.add(RefGroup(refs, number_only, capital))
        return m + 1

    def cite(self, i: int, m: int, out: _Frame, in_link: bool) -> int:
        """``[@key]``, ``[@key, locator]`` or ``[@a, p. 3; @b]`` spanning ``i``..``m``
        (several sources: one footnote, as in pandoc)."""
        text = self.text
        bounds = [i + 1]
        ends = []
        for sep in _NEXT_SOURCE.finditer(text, i + 1, m):
            ends.append(sep.start())
            bounds.append(sep.end())
        ends.append(m)
        cites: list[Cite] = []
        for start, end in zip(bounds, ends, strict=True):
            cite = self.cite_item(start, end)
            if cite is None:
                self.error(BAD_CITE, i)
                out.buf.append(text[i : m + 1])
                return m + 1
            cite.joined = bool(cites)
            cites.append(cite)
        if in_link:
            self.error(LINK_CONTENT, i)
        for cite in cites:
            out.add(cite)
        return m + 1

    def cite_item(self, at: int, end: int) -> Cite | None:
        """One source ``@key[, locator]`` from the ``@`` at ``at`` to ``end``."""
        text = self.text
        k = _KEY.match(text, at + 1, end)
        if k is None:
            return None
        key = k.group().rstrip(".:")
        p = at + 1 + len(key)
        while p < end and text[p].isspace():
            p += 1
        locator: str | None = None
        if p < end:
            if text[p] != ",":
                return None
            locator = _WS.sub(" ", self.unescape(p + 1, end)).strip(" ") or None
        return Cite(key, locator)

    def ref(self, i: int, end: int, out: _Frame, in_link: bool) -> int:
        """``@kind:ID`` at ``i``; any other ``@`` is text."""
        r = REFERENCE.match(self.text, i + 1, end)
        if r is None:
            out.buf.append("@")
            return i + 1
        target = r.group(2).rstrip(".")
        if not target:
            self.error(EMPTY_REF, i)
            out.buf.append("@")
            return i + 1
        if in_link:
            self.error(LINK_CONTENT, i)
        out.add(Ref(cast(RefKind, r.group(1)), target))
        return r.start(2) + len(target)


def _clamp(bottoms: dict[tuple[int, bool], int], top: int) -> None:
    """The stack shrank to ``top``: openers_bottom may not point above it."""
    for key, value in bottoms.items():
        if value > top:
            bottoms[key] = top


# A list item's marker at the start of a line: "- " (bulleted) or "(a) " (lettered).
_ITEM = re.compile(r"[ \t]*(?:(-)|\(([a-z]{1,2})\))[ \t]+(?=\S)")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_NEWLINE = re.compile("\n")


def _item_markers(text: str, brackets: dict[int, int]) -> list[re.Match[str]]:
    """List-item markers at line starts, except inside a bracketed span (a note or link
    that runs over several lines keeps its lines)."""
    spans = sorted(brackets.items())
    found = []
    for start in [0, *(m.end() for m in _NEWLINE.finditer(text))]:
        if any(o < start <= c for o, c in spans):
            continue
        m = _ITEM.match(text, start)
        if m:
            found.append(m)
    return found


def _parse_blocks(parser: _Parser, block: bool) -> list[Inline]:
    """A text's lead sentence, then its list items (when ``block``; otherwise a list
    marker is an error)."""
    text = parser.text
    markers = _item_markers(text, parser.match) if ("\n" in text or text[:1] in "-( \t") \
        else []
    for blank in _BLANK_LINE.finditer(text):
        if text[: blank.start()].strip() and text[blank.end():].strip():
            parser.error(BLANK_LINE, blank.start() + 1)
    if not markers:
        return _strip_ends(parser.seq(0, len(text), False, False))
    if not block:
        parser.error(NO_LIST_HERE, markers[0].start())
        return _strip_ends(parser.seq(0, len(text), False, False))
    nodes = _strip_ends(parser.seq(0, markers[0].start(), False, False))
    kind = "bullet" if markers[0].group(1) else "lettered"
    for index, marker in enumerate(markers):
        this = "bullet" if marker.group(1) else "lettered"
        if this != kind:
            parser.error(MIXED_LIST, marker.start())
        elif this == "lettered" and marker.group(2) != _letter(index):
            parser.error(f"expected ({_letter(index)}) here: lettered items run (a), (b), (c) "
                         "… in order", marker.start())
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        children = _strip_ends(parser.seq(marker.end(), end, False, False))
        if not children:
            parser.error(EMPTY_ITEM, marker.start())
        nodes.append(ListItem(kind, children))  # type: ignore[arg-type]
    return nodes


def parse_inline_all(text: str, *, block: bool = False) -> tuple[list[Inline], list[MarkupError]]:
    """Best-effort nodes and every error (sorted by offset); errors leave literal text.

    ``block``: the text may end in a list (paragraphs, recommendations, earlier
    recommendations); elsewhere a line starting with a list marker is an error.
    """
    parser = _Parser(text)
    nodes = _parse_blocks(parser, block)
    errors = sorted(set(parser.errors), key=lambda e: (e.offset, e.message))
    return nodes, errors


def parse_inline(text: str, *, block: bool = False) -> list[Inline]:
    """Parse one text field; raises :class:`MarkupError` for the first problem."""
    if not _needs_parser(text) and "\n" not in text and not _ITEM.match(text):
        collapsed = _collapse(text).strip(" ")
        return [Text(collapsed)] if collapsed else []
    nodes, errors = parse_inline_all(text, block=block)
    if errors:
        raise errors[0]
    return nodes


def _collapse(text: str) -> str:
    """Whitespace runs → one space (the common case, nothing to do, is fast)."""
    if "  " in text or not text.isprintable():  # isprintable: no tab, newline, NBSP…
        return _WS.sub(" ", text)
    return text


def _needs_parser(text: str) -> bool:
    return any(c in text for c in "\\*^[]<@")


# --------------------------------------------------------------------------- normal form


def normalize(nodes: Iterable[Inline | str]) -> list[Inline]:
    """The canonical form of a field (what :func:`parse_inline` returns).

    Whitespace runs collapse to one space and the field's ends are trimmed (so are a
    note's); adjacent texts merge; empty texts and emphasis disappear; italic inside
    italic (bold inside bold) is flattened; adjacent emphases of one kind merge;
    whitespace at the edges of an emphasis moves outside it; bold whose only content is
    italic becomes italic around bold (what ``***x***`` parses to); empty locators are None.
    """
    return _strip_ends(_norm(nodes, False, False))


class _Out:
    """Collects normalised nodes: text pieces are buffered, joined and collapsed once."""

    __slots__ = ("nodes", "buf")

    def __init__(self) -> None:
        self.nodes: list[Inline] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        if self.buf:
            self.nodes.append(Text(_collapse("".join(self.buf))))
            self.buf = []

    def add(self, node: Inline) -> None:
        """Append a normalised node, merging adjacent emphases of one kind."""
        if type(node) is Text:
            if node.text:
                self.buf.append(node.text)
            return
        if self.buf:
            self.flush()
        elif type(node) in (Emph, Strong) and self.nodes and type(self.nodes[-1]) is type(node):
            last = cast(Emph | Strong, self.nodes[-1])
            merged = _Out()
            for kid in (*last.children, *cast(Emph | Strong, node).children):
                merged.add(kid)
            self.nodes[-1] = type(last)(merged.done())
            return
        self.nodes.append(node)

    def emphasis(self, cls: type[Emph] | type[Strong], kids: list[Inline]) -> None:
        """Append an emphasis, moving whitespace at its edges outside it."""
        lead = trail = ""
        if kids and type(kids[0]) is Text:
            t = cast(Text, kids[0]).text
            s = t.lstrip()
            lead = t[: len(t) - len(s)]
            kids = ([Text(s)] if s else []) + kids[1:]
        if kids and type(kids[-1]) is Text:
            t = cast(Text, kids[-1]).text
            s = t.rstrip()
            trail = t[len(s) :]
            kids = kids[:-1] + ([Text(s)] if s else [])
        if cls is Strong and len(kids) == 1 and type(kids[0]) is Emph:
            cls, kids = Emph, [Strong(cast(Emph, kids[0]).children)]  # what ***x*** reads as
        if lead:
            self.buf.append(lead)
        if kids:
            self.add(cls(kids))
        if trail:
            self.buf.append(trail)

    def done(self) -> list[Inline]:
        self.flush()
        return self.nodes


def _norm(
    nodes: Iterable[Inline | str], in_emph: bool, in_strong: bool, deep: bool = True
) -> list[Inline]:
    out = _Out()
    _fill(out, nodes, in_emph, in_strong, deep)
    return out.done()


def _fill(
    out: _Out, nodes: Iterable[Inline | str], in_emph: bool, in_strong: bool, deep: bool
) -> None:
    """Normalise ``nodes`` into ``out``; ``deep=False`` trusts notes to be normal already."""
    for node in nodes:
        t = type(node)
        if t is str:
            if node:
                out.buf.append(cast(str, node))
        elif t is Text:
            if cast(Text, node).text:
                out.buf.append(cast(Text, node).text)
        elif t is Emph:
            if in_emph:  # italic inside italic is just italic
                _fill(out, cast(Emph, node).children, True, in_strong, deep)
            else:
                out.emphasis(Emph, _norm(cast(Emph, node).children, True, in_strong, deep))
        elif t is Strong:
            if in_strong:
                _fill(out, cast(Strong, node).children, in_emph, True, deep)
            else:
                out.emphasis(Strong, _norm(cast(Strong, node).children, in_emph, True, deep))
        elif t is Note and deep:
            note = cast(Note, node)
            out.add(Note(_strip_ends(_norm(note.children, False, False)), note.number))
        elif t is Link:
            link = cast(Link, node)
            out.add(Link(link.url, _norm(link.children, in_emph, in_strong, deep)))
        elif t is ListItem:
            item = cast(ListItem, node)
            out.flush()
            if out.nodes and type(out.nodes[-1]) is Text:  # the lead ends before the list
                last = cast(Text, out.nodes[-1]).text.rstrip(" ")
                out.nodes[-1:] = [Text(last)] if last else []
            out.nodes.append(ListItem(item.kind, _strip_ends(_norm(item.children, False,
                                                                   False, deep))))
        elif t is Cite:
            cite = cast(Cite, node)
            locator = _WS.sub(" ", cite.locator).strip(" ") if cite.locator else None
            out.add(Cite(cite.key, locator or None, cite.rendered, cite.joined))
        else:
            out.add(cast(Inline, node))


def _strip_ends(nodes: list[Inline]) -> list[Inline]:
    if nodes and isinstance(nodes[0], Text):
        nodes[0] = Text(nodes[0].text.lstrip(" "))
        if not nodes[0].text:
            del nodes[0]
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1] = Text(nodes[-1].text.rstrip(" "))
        if not nodes[-1].text:
            del nodes[-1]
    return nodes


# --------------------------------------------------------------------------- serialising


def _escape_text(text: str, after_ref: bool) -> str:
    out = (
        text.replace("\\", "\\\\")
        .replace("*", "\\*")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("^", "\\^")
    )
    if "<" in out:
        out = _AUTOLINK_AHEAD.sub("\\\\<", out)
    if "@" in out:
        out = _REF_AHEAD.sub("\\\\@", out)
    if after_ref:  # "@rec:x" + "_y" (or "-y") would read as the id "x_y"
        m = re.match(r"\.*[_-]", out)
        if m:
            out = out[: m.end() - 1] + "\\" + out[m.end() - 1 :]
    return out


def _escape_locator(locator: str) -> str:
    out = locator.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    out = re.sub(r";(\s*)@", r";\1\\@", out)  # "; @" would start another source
    return _AUTOLINK_AHEAD.sub("\\\\<", out) if "<" in out else out


def _escape_url(url: str) -> str:
    out = url.replace("\\", "\\\\")
    if DESTINATION.fullmatch(f"({out})"):
        return out
    return out.replace("(", "\\(").replace(")", "\\)")


def to_markup(nodes: Iterable[Inline]) -> str:
    """Serialise nodes back to markup; ``parse_inline(to_markup(n)) == n`` for normal forms.

    Text is escaped as little as possible (``\\ * [ ] ^`` always; ``<`` and ``@`` only
    where they would start a link or a cross-reference). Not representable, because the
    syntax has no way to write them: a cross-reference directly followed by a letter,
    digit, ``-`` or ``.``+letter; a URL with whitespace; a note with no content; and a
    ``***`` run (italic meeting bold) in the same text as emphasis inside a word, which
    CommonMark's pairing rules read differently.
    """
    out: list[str] = []
    after_ref = after_cite = False
    lettered = 0
    for node in nodes:
        if isinstance(node, ListItem):
            if node.kind == "lettered":
                out.append(f"\n({_letter(lettered)}) {to_markup(node.children)}")
                lettered += 1
            else:
                out.append(f"\n- {to_markup(node.children)}")
        elif isinstance(node, Text):
            text = _escape_text(node.text, after_ref)
            if not out and _ITEM.match(text):  # text that would read as a list item
                text = "\\" + text.lstrip(" \t")
            out.append(text)
        elif isinstance(node, Emph):
            out.append(f"*{to_markup(node.children)}*")
        elif isinstance(node, Strong):
            out.append(f"**{to_markup(node.children)}**")
        elif isinstance(node, Note):
            out.append(f"^[{to_markup(node.children)}]")
        elif isinstance(node, Cite):
            item = f"@{node.key}, {_escape_locator(node.locator)}" if node.locator \
                else f"@{node.key}"
            if node.joined and out and out[-1].endswith("]") and after_cite:
                out[-1] = f"{out[-1][:-1]}; {item}]"  # [@a, p. 3; @b]: one footnote
            else:
                out.append(f"[{item}]")
        elif isinstance(node, Ref):
            out.append(f"@{node.kind}:{node.target}")
        elif isinstance(node, RefGroup):
            out.append(_group_markup(node))
        elif isinstance(node, Link):
            kids = node.children
            if (
                len(kids) == 1
                and isinstance(kids[0], Text)
                and kids[0].text == node.url
                and _AUTOLINK_URL.fullmatch(node.url)
            ):
                out.append(f"<{node.url}>")
            else:
                inner = to_markup(kids)
                if inner.startswith("@"):  # "[@" would start a citation
                    inner = "\\" + inner
                out.append(f"[{inner}]({_escape_url(node.url)})")
        after_ref = isinstance(node, Ref)
        after_cite = isinstance(node, Cite)
    return "".join(out)


def _group_markup(group: RefGroup) -> str:
    """``[@rec:a; @rec:b]``; ``-`` on every item of a number-only group, ``+`` on the first
    item of a capitalised one."""
    items = []
    for index, ref in enumerate(group.refs):
        mark = "-" if group.number_only else ("+" if group.capital and not index else "")
        items.append(f"{mark}@{ref.kind}:{ref.target}")
    return f"[{'; '.join(items)}]"


# --------------------------------------------------------------------------- integrity


def _walk(nodes: Iterable[Inline]) -> Iterator[Inline]:
    for node in nodes:
        yield node
        if isinstance(node, (Emph, Strong, Note, Link, ListItem)):
            yield from _walk(node.children)
        elif isinstance(node, RefGroup):  # a translator may reorder a group, or split it
            yield from node.refs


def tokens(nodes: Iterable[Inline]) -> Counter[tuple[str, ...]]:
    """What a translation must keep: footnotes, citations, cross-references, links and
    list items."""
    found: Counter[tuple[str, ...]] = Counter()
    for node in _walk(nodes):
        if isinstance(node, ListItem):
            found[("item", node.kind)] += 1
        elif isinstance(node, Note):
            found[("note",)] += 1
        elif isinstance(node, Cite):
            found[("cite", node.key)] += 1
        elif isinstance(node, Ref):
            found[("ref", node.kind, node.target)] += 1
        elif isinstance(node, Link):
            found[("link", node.url)] += 1
    return found
