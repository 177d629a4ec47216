"""Typographic conventions the build cannot normalise, found in the source (warnings).

The build sets quotes, dashes and spaces in the build language's style
(toolkit.layout.typeset), but some writing is ambiguous and is left as typed: a dash
between two words without spaces in Russian or Kazakh (a compound or a dash?), English
dashes written two ways in one submission, quotation marks of another language in English
text. ``check`` points at each, with its file and line, so the writer decides.
"""

from __future__ import annotations

import re

from toolkit.model.diagnostics import Diagnostics
from toolkit.model.document import Document, SourcePos, plain_text, url_spans
from toolkit.model.walk import text_slots

__all__ = ["typography_diagnostics"]

# each pattern starts at the dash or the space (rare characters: the scan is fast) and
# looks back at the letter before it
_UNSPACED_DASH = re.compile(r"[\u2013\u2014](?<=[^\W\d_][\u2013\u2014])(?=[^\W\d_])")
_SPACED_DASH = re.compile(
    r"[ \u00a0](?<=[^\W\d_,][ \u00a0])[-\u2013\u2014][ \u00a0](?=[^\W\d_])")
_FOREIGN_QUOTE = re.compile(r"«([^»]*)»|„([^“”]*)[“”]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _shown(text: str, start: int, end: int) -> str:
    """A few words around a match, to find it in the file."""
    return text[max(0, start - 15) : end + 15].strip()


def typography_diagnostics(document: Document) -> Diagnostics:
    """Warnings for conventions the renderer keeps as typed (see the module docstring)."""
    diags = Diagnostics()
    lang = document.meta.source_language
    spaced: list[tuple[SourcePos, str]] = []
    unspaced = False
    for slot in text_slots(document):
        text = plain_text(slot.get())
        dashes = "\u2013" in text or "\u2014" in text
        if not (dashes or "-" in text or "«" in text or "„" in text):
            continue  # the patterns below all need one of these characters
        for start, end in reversed(url_spans(text)):
            text = text[:start] + " " + text[end:]
        for match in _UNSPACED_DASH.finditer(text) if dashes else ():
            if lang != "en":
                diags.warning(slot.pos, (
                    f"a dash between two words without spaces (“{_shown(text, *match.span())}”):"
                    " the build cannot tell a dash from a compound word; write a hyphen for "
                    "a compound (северо-западный) or a dash with spaces (Пакт — это)"))
            unspaced = True
        if lang == "en":
            spaced += [(slot.pos, _shown(text, *m.span())) for m in _SPACED_DASH.finditer(text)]
            for match in _FOREIGN_QUOTE.finditer(text):
                quoted = match.group(1) if match.group(1) is not None else match.group(2)
                if not _CYRILLIC.search(quoted):  # a Russian title keeps its «…»
                    diags.warning(slot.pos, (
                        f"quotation marks of another language (“{_shown(text, *match.span())}”)"
                        ": an English build keeps them as typed; write straight quotes "
                        '("…"), which become “…”'))
    if lang == "en" and unspaced and spaced:
        for pos, shown in spaced:
            diags.warning(pos, (
                f"dashes are written two ways in this submission: “{shown}” has spaces, "
                "elsewhere an em dash has none (word—word, the UN English style); the build "
                "keeps English dashes as typed: write them one way"))
    return diags
