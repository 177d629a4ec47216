"""The one word counter: what a word is, for limits, statistics and translators alike.

Word counts as Word does: a space-separated token that holds a letter or a digit ("low-level",
"e.g." and "CCPR/C/KAZ/CO/1" are one word each; a lone dash is none).
"""

from __future__ import annotations

import re

from toolkit.model.document import Inline, Link, Note, Text
from toolkit.model.walk import children, is_url_link

_COUNTED_TOKEN = re.compile(r"[^\s\w]*[^\W_][^\s]*")  # a space-free run holding a letter/digit


def count_words(text: str) -> int:
    """Words in plain text, counted as Word counts them."""
    return len(_COUNTED_TOKEN.findall(text))


def translatable_words(nodes: list[Inline]) -> int:
    """Words a translator has to translate in one text: its running text and its footnotes,
    but not citation keys, cross-references or addresses shown as links."""
    flows: list[list[str]] = [[]]
    _collect(nodes, flows, 0)
    return sum(count_words("".join(flow)) for flow in flows)


def _collect(nodes: list[Inline], flows: list[list[str]], flow: int) -> None:
    for node in nodes:
        if isinstance(node, Text):
            flows[flow].append(node.text)
        elif isinstance(node, Note):
            flows.append([])
            _collect(node.children, flows, len(flows) - 1)
        elif isinstance(node, Link) and is_url_link(node):
            flows[flow].append(" ")
        else:
            _collect(children(node), flows, flow)
