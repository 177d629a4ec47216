"""Localized quotation marks and numbers.

Authors type straight quotes ("…") in YAML, and a Russian or Kazakh report set with
English quotation marks looks machine-made. Babel/CLDR number data covers digit grouping
but Babel exposes no quotation-mark data, so the marks are kept here in :data:`QUOTES`.

Quotes are chosen by nesting level, not by the character the author typed: the outer
level gets the language's primary marks, a quote inside it the secondary ones, and so
on alternately (the UN editorial rule for English, and the Russian/Kazakh «„…“» rule).
Curly English quotes already in a Russian or Kazakh text are re-mapped too (“…” → «…»);
guillemets in an English text are left alone (usually a quoted Russian title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import format_decimal

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
    Strong,
    Text,
)
from toolkit.model.walk import is_url_link, text_slots

__all__ = ["QUOTES", "APOSTROPHE", "format_number", "localize_document", "smart_quotes"]

#: Per language: (primary open, primary close, secondary open, secondary close).
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "ru": ("«", "»", "„", "“"),
    "kk": ("«", "»", "„", "“"),
    "kk-Latn": ("«", "»", "„", "“"),
}
APOSTROPHE = "’"

# What may come before an opening quote / after a closing one.
_BEFORE_OPEN = set("([{<«„“‘—–-/\u2212")
_AFTER_CLOSE = set(".,;:!?)]}>»…—–-/\"'”’“")
_WORD_STANDIN = "x"  # a cross-reference reads as a word for the quote rules


def _lang_key(lang: str) -> str:
    """``kk_Latn`` / ``ru-RU`` → the :data:`QUOTES` key; unknown languages are an error."""
    norm = lang.replace("_", "-")
    if norm in QUOTES:
        return norm
    base = norm.split("-")[0]
    if base in QUOTES:
        return base
    raise ValueError(f"no quotation marks for language '{lang}' (known: {', '.join(QUOTES)})")


@dataclass
class QuoteState:
    """Open quotations, outermost first: ("d" or "s", opened with „?).

    One state is shared by all the text nodes of a paragraph, so a quotation may open in
    plain text and close inside *emphasis*.
    """

    stack: list[tuple[str, bool]] = field(default_factory=list)

    def has(self, kind: str) -> bool:
        return any(k == kind for k, _ in self.stack)


class _Converter:
    """Turns one run of text (possibly made of several nodes) into localized quotes."""

    def __init__(self, lang: str, state: QuoteState | None = None):
        self.lang = _lang_key(lang)
        self.marks = QUOTES[self.lang]
        self.english = self.lang == "en"
        self.state = state or QuoteState()

    def _open(self, kind: str, low: bool = False) -> str:
        level = len(self.state.stack) % 2
        self.state.stack.append((kind, low))
        return self.marks[2 * level]

    def _close(self, kind: str) -> str:
        stack = self.state.stack
        for j in range(len(stack) - 1, -1, -1):
            if stack[j][0] == kind:
                del stack[j:]  # anything opened inside and never closed ends here too
                return self.marks[2 * (j % 2) + 1]
        return self.marks[1]  # a stray closer (the quotation opened before this text)

    def convert(self, text: str, protected: list[bool]) -> str:
        """Every quote character of ``text`` mapped one-to-one (the length never changes)."""
        if not _QUOTE_CHARS.search(text):
            return text  # most text nodes hold no quotation mark at all
        out = list(text)
        opened_at = -2  # index of the last opening mark we produced
        stack = self.state.stack
        for match in _QUOTE_CHARS.finditer(text):
            i = match.start()
            char = text[i]
            if protected[i]:
                continue
            prev = text[i - 1] if i else None
            nxt = text[i + 1] if i + 1 < len(text) else None
            open_ctx = (prev is None or prev.isspace() or prev in _BEFORE_OPEN
                        or opened_at == i - 1)
            close_ctx = nxt is None or nxt.isspace() or nxt in _AFTER_CLOSE
            in_word = prev is not None and prev.isalnum() and nxt is not None and nxt.isalpha()
            new: str | None = None
            is_open = False
            if char == '"':
                if open_ctx != close_ctx:
                    is_open = open_ctx
                else:  # ambiguous: close the innermost double quotation if there is one
                    is_open = not (stack and stack[-1][0] == "d")
                new = self._open("d") if is_open else self._close("d")
            elif char in "'’":
                if in_word:
                    new = APOSTROPHE  # children's, d’Ivoire
                elif char == "'" and open_ctx and nxt is not None and nxt.isalpha():
                    is_open, new = True, self._open("s")
                elif self.state.has("s") and prev is not None and not prev.isspace():
                    new = self._close("s")
                elif prev is not None and not prev.isspace():
                    new = APOSTROPHE  # the States’ report
                else:
                    new = APOSTROPHE if char == "'" and nxt and nxt.isdigit() else char  # ’90s
            elif char == "‘":
                is_open, new = True, self._open("s")
            elif char == "„":
                is_open, new = True, self._open("d", low=True)
            elif char == "“":
                if stack and stack[-1] == ("d", True):
                    new = self._close("d")  # the closer of a Russian „…“
                else:
                    is_open, new = True, self._open("d")
            elif char == "”":
                new = self._close("d")
            elif not self.english:  # « » : English text keeps them as typed
                if char == "«":
                    is_open, new = True, self._open("d")
                else:
                    new = self._close("d")
            if new is not None:
                out[i] = new
            if is_open:
                opened_at = i
        return "".join(out)


_QUOTE_CHARS = re.compile("[\"'“”„‘’«»]")


def _url_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for match in URL_RE.finditer(text):
        mask[match.start() : match.end()] = [True] * (match.end() - match.start())
    return mask


def smart_quotes(text: str, lang: str, state: QuoteState | None = None) -> str:
    """Straight (and foreign curly) quotes and apostrophes → ``lang``'s marks; URLs untouched.

    Pass the same ``state`` for consecutive pieces of one paragraph.
    """
    return _Converter(lang, state).convert(text, _url_mask(text))


def _collect(
    nodes: list[Inline],
    pieces: list[tuple[Text | None, str, bool]],
    separate: list[list[Inline]],
    protected: bool = False,
) -> None:
    """Flatten one paragraph into (node, text, protected) pieces, in reading order.

    Footnotes and rendered citations are paragraphs of their own (``separate``): they are
    transparent to the surrounding quotation, as a footnote mark is.
    """
    for node in nodes:
        if isinstance(node, Text):
            pieces.append((node, node.text, protected))
        elif isinstance(node, Link):
            _collect(node.children, pieces, separate, protected or is_url_link(node))
        elif isinstance(node, Emph | Strong | ListItem):
            _collect(node.children, pieces, separate, protected)
        elif isinstance(node, Note):
            separate.append(node.children)
        elif isinstance(node, Cite):
            if node.rendered:
                separate.append(node.rendered)
        elif isinstance(node, Ref | RefGroup):
            pieces.append((None, _WORD_STANDIN, True))


def localize_inlines(nodes: list[Inline], lang: str) -> None:
    """Localize the quotes of one paragraph's inline nodes in place (one shared state)."""
    pieces: list[tuple[Text | None, str, bool]] = []
    separate: list[list[Inline]] = []
    _collect(nodes, pieces, separate)
    text = "".join(piece for _, piece, _ in pieces)
    mask = _url_mask(text)
    pos = 0
    for _, piece, protected in pieces:
        if protected:
            mask[pos : pos + len(piece)] = [True] * len(piece)
        pos += len(piece)
    converted = _Converter(lang).convert(text, mask)
    pos = 0
    for node, piece, _ in pieces:
        if node is not None:
            node.text = converted[pos : pos + len(piece)]
        pos += len(piece)
    for children in separate:
        localize_inlines(children, lang)


def localize_document(document: Document, lang: str) -> None:
    """Localized quotation marks in every text node of ``document``, in place."""
    _lang_key(lang)  # fail before touching anything
    for slot in text_slots(document):
        nodes = slot.get()
        localize_inlines(nodes, lang)
        slot.set(nodes)


def format_number(n: int | float | Decimal, lang: str) -> str:
    """``n`` grouped as ``lang`` writes it: 10,000 in English, 10 000 (no-break space) in ru/kk."""
    locale = "kk" if lang.replace("_", "-") == "kk-Latn" else lang.replace("-", "_")
    return format_decimal(n, locale=locale)
