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
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import format_decimal

from toolkit.model.document import (
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
    url_spans,
)
from toolkit.model.walk import is_url_link, text_slots

__all__ = [
    "APOSTROPHE", "QUOTES", "QuoteConverter", "Typography", "format_number", "has_quotes",
    "localize_document", "smart_quotes",
]

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


class QuoteConverter:
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


def has_quotes(text: str) -> bool:
    """Whether ``text`` holds a quotation mark to localise (most texts hold none)."""
    return _QUOTE_CHARS.search(text) is not None


def _url_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for start, end in url_spans(text):
        mask[start:end] = [True] * (end - start)
    return mask


def smart_quotes(text: str, lang: str, state: QuoteState | None = None) -> str:
    """Straight (and foreign curly) quotes and apostrophes → ``lang``'s marks; URLs untouched.

    Pass the same ``state`` for consecutive pieces of one paragraph.
    """
    return QuoteConverter(lang, state).convert(text, _url_mask(text))


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
    if has_quotes(text):  # most paragraphs hold no quotation mark: nothing to do
        mask = _url_mask(text)
        pos = 0
        for _, piece, protected in pieces:
            if protected:
                mask[pos : pos + len(piece)] = [True] * len(piece)
            pos += len(piece)
        converted = QuoteConverter(lang).convert(text, mask)
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


# --------------------------------------------------------------------------- render-time rules
# Applied to the laid-out text (toolkit.layout.typeset), never to the user's source: what
# a page shows follows the language's typography whatever the writer typed.

NBSP = "\u00a0"
EM_DASH = "\u2014"
EN_DASH = "\u2013"

#: Abbreviations followed by a non-breaking space (the number or word after them stays on
#: their line): «№ 5», «п. 3», «ст. 7», «с. 12», «т. 2»; "para. 12", "p. 4", "art. 7".
_AFTER_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "en": ("No.", "Nos.", "para.", "paras.", "p.", "pp.", "art.", "arts.", "chap.", "vol."),
    "ru": ("№", "п.", "пп.", "ст.", "с.", "сс.", "т.", "тт.", "гл.", "ч."),
    "kk": ("№", "п.", "пп.", "ст.", "с.", "т."),
}
#: Words after a number that stay on its line: «2016 г.», «2016 года», «2016 ж.».
_BEFORE_WORDS: dict[str, tuple[str, ...]] = {
    "en": (),
    "ru": ("г.", "гг.", "года", "году", "годом", "годах", "годов", "лет"),
    "kk": ("ж.", "жж.", "жылы", "жылғы", "жылдың", "жылдар", "жылдары"),
}


def _rules_key(lang: str) -> str:
    return "en" if lang == "en" else ("ru" if lang == "ru" else "kk")


def _latin(words: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """kk-Latn text is transliterated before layout: its abbreviations are too."""
    if lang != "kk-Latn":
        return words
    from toolkit.transform.translit import transliterate

    return tuple(dict.fromkeys((*words, *(transliterate(w) for w in words))))


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Every pattern starts with a character class or a literal (the look-behind that checks the
# character before a match comes after its first character): the regular-expression engine
# then skips to the few places where a match can start instead of trying every position,
# which makes these rules several times faster on a long report.
_SPACED_DASH = re.compile(r"[ \u00a0](?<=[\w,.;:!?»”\")\]\u2019%][ \u00a0])[ \u00a0]*"
                          r"[-\u2013\u2014][ \u00a0]+(?=[\w«„“\"(\[])")
_LINE_START_DASH = re.compile(r"^[-\u2013](?=[ \u00a0])")
_NUMBER_RANGE = re.compile(
    r"(\d(?<![\w/.,-]\d)\d*)[ \u00a0]*[\u2013\u2014][ \u00a0]*(\d+)(?![\w/])")
_YEAR_RANGE = re.compile(
    r"((?:1[89]|20)(?<![\w/.,-]..)\d\d)-((?:1[89]|20)\d\d)(?![\w/-])")
# a run of 5+ digits that is a quantity, not a number written after «№», in a symbol or a
# decimal fraction's tail: «12345» → «12 345»; a grouping typed with plain spaces keeps it
_LONG_NUMBER = re.compile(
    r"([^\D0](?<![\w/.,№#-].)(?<!№ .)(?<!№\u00a0.)\d{4,})(?![\w/-]|[.,]\d)")
_SPACED_THOUSANDS = re.compile(r"(\d(?<![\w/.,]\d)\d{0,2})((?: \d{3})+)(?![\w/]|[.,]\d)")


_UPPER = "А-ЯЁӘҒҚҢӨҰҮҺІ"  # initials of a Cyrillic text are Cyrillic: «Приложение A. …» is not one
_UPPER_LATIN = "A-ZÄĞÑÖŪÜŞÇİ"


def _initials(upper: str) -> re.Pattern[str]:
    """One or two initials before a surname, not inside a word or an abbreviation."""
    return re.compile(rf"([{upper}]\.(?<![\w.]..)[ \u00a0]?(?:[{upper}]\.[ \u00a0]?)?) "
                      rf"(?=[{upper}][^\W\d_]+)")


_INITIALS = _initials(_UPPER)
_INITIALS_LATIN = _initials(_UPPER_LATIN)


def _after_words(words: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    """A space after one of ``words`` (not the end of a longer word): the match is the
    word's last character and the space, so the search skips to those characters."""
    def behind(word: str) -> str:
        body = re.escape(word)
        return rf"(?<=(?<![\w.]){f'(?i:{body})' if ignore_case else body})"

    lasts = "".join(sorted({re.escape(word[-1]) for word in words}))
    return re.compile(rf"[{lasts}](?:{'|'.join(behind(w) for w in words)}) (?=[\w«„\"(])")


@dataclass(frozen=True)
class Typography:
    """The render-time rules of one build language, compiled once per build.

    :meth:`rules` are (pattern, replacement) pairs a caller applies to the whole text of a
    paragraph (so a rule sees across emphasis and links); :meth:`text` applies them to one
    string.
    """

    lang: str
    rules: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...]

    @classmethod
    def for_language(cls, lang: str) -> Typography:
        code = _lang_key(lang)
        key = _rules_key(code)
        after = _after_words(_latin(_AFTER_ABBREVIATIONS[key], code), key == "en")
        rules: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
            (after, lambda m: m.group()[0] + NBSP)]
        if key != "en":
            before = _alternation(_latin(_BEFORE_WORDS[key], code))
            rules += [
                (re.compile(rf"(\d) ({before})(?!\w)"),
                 lambda m: m.group(1) + NBSP + m.group(2)),
                (_INITIALS_LATIN if code == "kk-Latn" else _INITIALS,
                 lambda m: m.group(1).replace(" ", NBSP) + NBSP),
                (_SPACED_DASH, lambda m: NBSP + EM_DASH + " "),
                (_LINE_START_DASH, lambda m: EM_DASH),
                (_NUMBER_RANGE, lambda m: f"{m.group(1)}{EN_DASH}{m.group(2)}"),
                (_YEAR_RANGE, lambda m: f"{m.group(1)}{EN_DASH}{m.group(2)}"),
                (_SPACED_THOUSANDS, lambda m: m.group(1) + m.group(2).replace(" ", NBSP)),
                (_LONG_NUMBER, lambda m: group_digits(m.group(1))),
            ]
        return cls(code, tuple(rules))

    @property
    def moves_note_marks(self) -> bool:
        """Russian and Kazakh put a footnote mark before the full stop or comma."""
        return self.lang != "en"

    def text(self, text: str) -> str:
        """One string with this language's spaces and dashes (URLs kept as they are)."""
        for pattern, repl in self.rules:
            text = substitute(text, pattern, repl, _url_mask(text))
        return text


def substitute(text: str, pattern: re.Pattern[str],
               repl: Callable[[re.Match[str]], str], protected: list[bool]) -> str:
    """``pattern.sub`` that leaves alone every match touching a protected character."""
    def replace(match: re.Match[str]) -> str:
        if any(protected[match.start() : match.end()]):
            return match.group()
        return repl(match)

    return pattern.sub(replace, text)


def group_digits(digits: str) -> str:
    """«12345» → «12 345» (no-break spaces). Only for five digits or more: Russian
    typography writes four-digit numbers solid in running text (2345), see docs/format.md."""
    if len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NBSP.join(groups)


def lower_first(text: str, lang: str) -> str:
    """The first letter in lower case, Kazakh Latin-aware (İ → i, I → ı); an acronym
    ("UPR", «ООН») keeps its capitals."""
    if len(text) > 1 and text[:2].isupper():
        return text
    if lang == "kk-Latn":
        from toolkit.transform.translit import kk_lower

        return kk_lower(text[:1]) + text[1:]
    return text[:1].lower() + text[1:]
