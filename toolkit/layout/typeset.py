"""Typography at render time: the layout tree as the build language sets its text.

Runs after the layout is built, so it reaches every word a page shows — the user's text,
the toolkit's labels and fixed wording, references — without touching the user's source
or the catalogues. Per paragraph (one run of inlines, emphasis and links included):

* quotation marks nested by level («…„…“…», “…‘…’…”): a heading holding «…» quoted by a
  reference comes out «раздел „…“», not «…«…»…»;
* the language's spaces and dashes (:class:`toolkit.transform.typography.Typography`):
  no-break spaces after «№», «п.», "para." …, em dash in prose, en dash in ranges;
* Russian and Kazakh footnote marks before the full stop or comma that ends the clause;
* in Russian and Kazakh, lower case after the colon of a running label («Оценка
  коалиции: частично выполнена»); a table cell keeps its capital.

URLs (in text or as a link's text) are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from toolkit.layout import blocks as lb
from toolkit.model.document import url_spans
from toolkit.transform.typography import QuoteConverter, Typography, has_quotes, lower_first

__all__ = ["TypesetMemo", "typeset"]

_CLAUSE_END = ".,"
# a full stop that belongs to an abbreviation («2016 г.», «и др.», an initial) is not the
# clause's: the mark stays after it
_ABBREVIATION_END = re.compile(
    r"(?:^|[\s\u00a0(])(?:[^\W\d_]|гг?|жж?|др|пр|т\.[\s\u00a0]?[дпе]|etc|al|ibid|jj?)\.$",
    re.IGNORECASE)


class TypesetMemo:
    """The paragraphs of one language already set, kept between renders by their owner
    (the live preview's session): a paragraph whose text did not change since the last
    render is not set again. It holds only what the last render used, so it never grows
    beyond one document."""

    def __init__(self) -> None:
        self._last: dict[tuple[tuple[str, ...], tuple[bool, ...]], tuple[str, ...]] = {}
        self._now: dict[tuple[tuple[str, ...], tuple[bool, ...]], tuple[str, ...]] = {}

    def start(self) -> None:
        """A new render: what the previous one used may be asked for again."""
        self._last, self._now = self._now, {}

    def get(self, key: tuple[tuple[str, ...], tuple[bool, ...]]) -> tuple[str, ...] | None:
        value = self._now.get(key)
        if value is None:
            value = self._last.get(key)
            if value is not None:
                self._now[key] = value
        return value

    def put(self, key: tuple[tuple[str, ...], tuple[bool, ...]], value: tuple[str, ...]
            ) -> None:
        self._now[key] = value


def typeset(layout: lb.LayoutDocument, memo: TypesetMemo | None = None) -> None:
    """Set every text of ``layout`` in its language's typography, in place; ``memo`` (of
    this language) remembers the paragraphs set by the last render."""
    rules = Typography.for_language(layout.language)
    if memo is not None:
        memo.start()
    for block in layout.blocks:
        _block(block, rules, memo)
    layout.running_header = _string(layout.running_header, rules, memo)
    layout.running_footer = _string(layout.running_footer, rules, memo)


def _string(text: str, rules: Typography, memo: TypesetMemo | None) -> str:
    if not text:
        return text
    run = [lb.Text(text)]
    _run(run, rules, memo)
    return run[0].text


def _block(block: lb.Block, rules: Typography, memo: TypesetMemo | None) -> None:
    for inlines in lb.block_inlines(block):
        if rules.moves_note_marks:
            _move_note_marks(inlines)
        _run(inlines, rules, memo)
    if isinstance(block, lb.PreviousQuote):
        block.reference = _string(block.reference, rules, memo)
        block.assessment_label = _string(block.assessment_label, rules, memo)
        block.assessment = _string(block.assessment, rules, memo)
        if rules.moves_note_marks:  # a running label: «Оценка коалиции: частично выполнена»
            block.assessment = lower_first(block.assessment, rules.lang)
    elif isinstance(block, lb.PartHeading | lb.AnnexHeading):
        block.title = _string(block.title, rules, memo)
    elif isinstance(block, lb.GroupHeading | lb.RecommendationsHeading):
        block.text = _string(block.text, rules, memo)
    elif isinstance(block, lb.TableOfContents):
        block.title = _string(block.title, rules, memo)
        for entry in block.entries:
            entry.text = _string(entry.text, rules, memo)
    elif isinstance(block, lb.Table):
        for row in block.rows:
            if isinstance(row, lb.GroupRow):
                row.text = _string(row.text, rules, memo)


def _pieces(nodes: list[lb.Inline], out: list[tuple[lb.Text, bool]],
            notes: list[list[lb.Inline]], protected: bool = False) -> None:
    """The text nodes of one paragraph in reading order; a note's text is a run of its own."""
    for node in nodes:
        if isinstance(node, lb.Text):
            out.append((node, protected))
        elif isinstance(node, lb.Note):
            notes.append(node.children)
        elif isinstance(node, lb.Link):
            _pieces(node.children, out, notes, protected or _is_url_text(node))
        else:
            _pieces(node.children, out, notes, protected)


def _is_url_text(link: lb.Link) -> bool:
    return link.url is not None and lb.plain(link.children).strip() in (link.url, "")


def _run(nodes: list[lb.Inline], rules: Typography, memo: TypesetMemo | None = None) -> None:
    """Quotes, spaces and dashes over the whole text of one paragraph, written back to its
    text nodes (a replacement lands in the node where its match starts)."""
    pieces: list[tuple[lb.Text, bool]] = []
    notes: list[list[lb.Inline]] = []
    _pieces(nodes, pieces, notes)
    key = None
    if memo is not None:  # the result depends on the nodes' texts and which are locked only
        key = (tuple(node.text for node, _ in pieces), tuple(locked for _, locked in pieces))
        done = memo.get(key)
        if done is not None:
            for (node, _), text in zip(pieces, done, strict=True):
                node.text = text
            for children in notes:
                _run(children, rules, memo)
            return
    text = "".join(node.text for node, _ in pieces)
    if text.strip():
        # where each node's text starts in ``text``, and the spans no rule may touch (URLs)
        starts: list[int] = []
        guarded: list[tuple[int, int]] = []
        pos = 0
        for node, locked in pieces:
            starts.append(pos)
            if locked and node.text:
                guarded.append((pos, pos + len(node.text)))
            pos += len(node.text)
        guarded += url_spans(text)
        if has_quotes(text):
            mask = [False] * len(text)
            for start, end in guarded:
                mask[start:end] = [True] * (end - start)
            text = QuoteConverter(rules.lang).convert(text, mask)  # length-preserving
        for pattern, repl in rules.rules:
            text, starts, guarded = _apply(text, starts, guarded, pattern, repl)
        ends = starts[1:] + [len(text)]
        for (node, _), start, end in zip(pieces, starts, ends, strict=True):
            node.text = text[start:end]
    if key is not None and memo is not None:
        memo.put(key, tuple(node.text for node, _ in pieces))
    for children in notes:
        _run(children, rules, memo)


def _apply(text: str, starts: list[int], guarded: list[tuple[int, int]],
           pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
           ) -> tuple[str, list[int], list[tuple[int, int]]]:
    """One rule over the joined text; ``starts`` (where each node begins) and ``guarded``
    follow the edits. A replacement belongs to the node where its match starts: a node
    that began inside the match begins after the replacement."""
    matches = list(pattern.finditer(text))
    if not matches:  # most rules find nothing in most paragraphs
        return text, starts, guarded
    out: list[str] = []
    edits: list[tuple[int, int, int]] = []  # (start, end, length of the replacement)
    pos = 0
    for match in matches:
        start, end = match.span()
        if any(start < g_end and g_start < end for g_start, g_end in guarded):
            continue
        replacement = repl(match)
        out.append(text[pos:start])
        out.append(replacement)
        edits.append((start, end, len(replacement)))
        pos = end
    if not edits:
        return text, starts, guarded
    out.append(text[pos:])
    return "".join(out), _moved(starts, edits), [
        (_moved([g_start], edits)[0], _moved([g_end], edits)[0]) for g_start, g_end in guarded]


def _moved(offsets: list[int], edits: list[tuple[int, int, int]]) -> list[int]:
    """Ascending offsets of the text before ``edits`` (ascending, not overlapping), in the
    text after them."""
    moved: list[int] = []
    shift = 0
    index = 0
    for offset in offsets:
        while index < len(edits) and edits[index][1] <= offset:
            start, end, length = edits[index]
            shift += length - (end - start)
            index += 1
        if index < len(edits) and edits[index][0] < offset:  # began inside a replaced match
            start, _, length = edits[index]
            moved.append(start + shift + length)
        else:
            moved.append(offset + shift)
    return moved


def _move_note_marks(nodes: list[lb.Inline]) -> None:
    """«…текст.¹ Далее» → «…текст¹. Далее»: a mark right after a clause's full stop or
    comma goes before it (also after a closing quotation mark: «…»¹.). A full stop that
    ends an abbreviation or an ellipsis stays where it is."""
    for index, node in enumerate(nodes):
        if isinstance(node, lb.Note):
            _move_before_punctuation(nodes, index)
        elif not isinstance(node, lb.Text):
            _move_note_marks(node.children)


def _move_before_punctuation(nodes: list[lb.Inline], index: int) -> None:
    if index == 0:
        return
    before = nodes[index - 1]
    while not isinstance(before, lb.Text | lb.Note) and before.children:
        before = before.children[-1]  # «…*Торегожиной.*¹»: the stop inside the emphasis
    if not isinstance(before, lb.Text) or not before.text:
        return
    text = before.text
    mark = text[-1]
    context = lb.plain(nodes[:index])[-24:]  # the words before it, across emphasis
    if (mark not in _CLAUSE_END or len(context) < 2 or context[-2].isspace()
            or context.endswith("..") or _ABBREVIATION_END.search(context)):
        return
    # the mark goes after the word (or its closing quote/bracket), the stop after the
    # last of the marks that stand together
    last = index
    while last + 1 < len(nodes) and isinstance(nodes[last + 1], lb.Note):
        last += 1
    before.text = text[:-1]
    after = nodes[last + 1] if last + 1 < len(nodes) else None
    if isinstance(after, lb.Text):
        after.text = mark + after.text
    else:
        nodes.insert(last + 1, lb.Text(mark))
