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
from toolkit.transform.typography import Typography, _Converter, has_quotes, lower_first

__all__ = ["typeset"]

_CLAUSE_END = ".,"
# a full stop that belongs to an abbreviation («2016 г.», «и др.», an initial) is not the
# clause's: the mark stays after it
_ABBREVIATION_END = re.compile(
    r"(?:^|[\s\u00a0(])(?:[^\W\d_]|гг?|жж?|др|пр|т\.[\s\u00a0]?[дпе]|etc|al|ibid|jj?)\.$",
    re.IGNORECASE)


def typeset(layout: lb.LayoutDocument) -> None:
    """Set every text of ``layout`` in its language's typography, in place."""
    rules = Typography.for_language(layout.language)
    for block in layout.blocks:
        _block(block, rules)
    layout.running_header = _string(layout.running_header, rules)
    layout.running_footer = _string(layout.running_footer, rules)


def _string(text: str, rules: Typography) -> str:
    if not text:
        return text
    run = [lb.Text(text)]
    _run(run, rules)
    return run[0].text


def _block(block: lb.Block, rules: Typography) -> None:
    for inlines in lb.block_inlines(block):
        if rules.moves_note_marks:
            _move_note_marks(inlines)
        _run(inlines, rules)
    if isinstance(block, lb.PreviousQuote):
        block.reference = _string(block.reference, rules)
        block.assessment_label = _string(block.assessment_label, rules)
        block.assessment = _string(block.assessment, rules)
        if rules.moves_note_marks:  # a running label: «Оценка коалиции: частично выполнена»
            block.assessment = lower_first(block.assessment, rules.lang)
    elif isinstance(block, lb.PartHeading | lb.AnnexHeading):
        block.title = _string(block.title, rules)
    elif isinstance(block, lb.GroupHeading | lb.RecommendationsHeading):
        block.text = _string(block.text, rules)
    elif isinstance(block, lb.TableOfContents):
        block.title = _string(block.title, rules)
        for entry in block.entries:
            entry.text = _string(entry.text, rules)
    elif isinstance(block, lb.Table):
        for row in block.rows:
            if isinstance(row, lb.GroupRow):
                row.text = _string(row.text, rules)


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


def _run(nodes: list[lb.Inline], rules: Typography) -> None:
    """Quotes, spaces and dashes over the whole text of one paragraph, written back to its
    text nodes (a replacement lands in the node where its match starts)."""
    pieces: list[tuple[lb.Text, bool]] = []
    notes: list[list[lb.Inline]] = []
    _pieces(nodes, pieces, notes)
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
            text = _Converter(rules.lang).convert(text, mask)  # length-preserving
        for pattern, repl in rules.rules:
            text, starts, guarded = _apply(text, starts, guarded, pattern, repl)
        ends = starts[1:] + [len(text)]
        for (node, _), start, end in zip(pieces, starts, ends, strict=True):
            node.text = text[start:end]
    for children in notes:
        _run(children, rules)


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
