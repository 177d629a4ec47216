"""Translation quality: translate-toolkit's pofilter checks on the content catalogues.

For every reviewed (translated, not fuzzy) entry of each ``locales/<lang>.po`` whose source
text is current, five of pofilter's checks (``translate.filters.checks.StandardChecker``)
run on the text a reader sees, not on the markup: footnotes, citation keys,
cross-references and link addresses are taken out first (a footnote's text and a
citation's locator are checked as text of their own), so ``[@loi, para. 1]`` or
``@rec:x`` never counts as a bracket or a number.

- ``numbers``: every number of the source is in the translation. Both sides are first
  written one way — thousands separators removed (``12,345``, ``12 345``, ``12 345``),
  the decimal comma of Russian and Kazakh read as a point — so typography is no
  difference; ``41st`` and ``41-й`` are both 41, and an English ordinal may be words
  («сорок восьмой сессии», as UN Russian writes it). Only the source's numbers are
  counted: a translation may add one (a year, «2014 г.»).
- ``brackets``: the brackets differ from the source's *and* one of the translation's does
  not pair up (a translation may add a bracketed abbreviation, or drop brackets). An
  enumerator is no bracket: "(e)", and its Russian and Kazakh legal form "e)", «7)
  тармақшасы».
- ``doublespacing``: no double space that the source lacks (the build collapses it, but
  it usually marks a word left out).
- ``startcaps``: a translation starts with a capital letter where the source does (only
  where both start with a word).
- ``unchanged``: the translation is not the source copied; texts that stay the same in
  every language (names, symbols, addresses, codes: no lower-case word of four letters or
  more) are not reported.

``endpunc`` is left out: Russian and Kazakh texts end in abbreviations (2014 г., 2020–2024
жж.) and move a citation before the full stop, which it takes for errors.

The checks are heuristics, so they are always warnings, also with ``--strict``. Each
message is ours (the library's wording changes between versions) and says what to do. The library is
imported only here, and this module only when ``check`` reads catalogues.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from toolkit.i18n.files import Catalogues, load_catalogue, target_languages
from toolkit.i18n.units import extract_units
from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import (
    Cite,
    Document,
    Inline,
    Link,
    ListItem,
    Note,
    Ref,
    RefGroup,
    SourcePos,
    Text,
)
from toolkit.read.markup import parse_inline_all
from toolkit.read.submission import Origin

__all__ = ["quality_diagnostics", "reader_text", "normalise_numbers"]

# A group separator between digits: space, no-break space, narrow no-break space, thin space.
_SPACE_GROUP = re.compile(r"(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f\u2009]\d{3})+)(?![\d])")
_COMMA_GROUP = re.compile(r"(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,])")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)*")
_WORD = re.compile(r"(?<![\w/@.])[^\W\d_][\w-]{3,}")  # a word of four letters or more
_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+")
# An English ordinal (48th): UN Russian writes it in words («сорок восьмой сессии»).
_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
# An enumerator of a subparagraph or list item: "(e)", "(iv)", "(12)", "(aa)", or in
# Russian and Kazakh legal style "e)", «7) тармақшасы».
_ENUMERATOR_TOKEN = re.compile(r"\d{1,3}|[ivx]{1,5}|([^\W\d_])\1?")
_ENUMERATOR = re.compile(r"\((\w{1,5})\)")
_HALF_ENUMERATOR = re.compile(r"(?<![\w(])(\w{1,5})\)")

# Languages that group thousands with a comma and write a decimal point; the others
# (Russian, Kazakh and most of Europe) group with a space and write a decimal comma.
_POINT_DECIMAL = {"en"}


def normalise_numbers(text: str, lang: str) -> str:
    """``text`` with its numbers written one way: no group separators, a decimal point."""
    text = _SPACE_GROUP.sub(lambda m: m[1] + re.sub(r"\D", "", m[2]), text)
    if lang in _POINT_DECIMAL:
        return _COMMA_GROUP.sub(lambda m: m[1] + m[2].replace(",", ""), text)
    return _DECIMAL_COMMA.sub(".", text)


def reader_text(nodes: Iterable[Inline]) -> str:
    """The words a reader sees, without footnotes, citation keys, cross-references or
    link addresses; each footnote's text and citation locator follows on a line of its own
    (the order of footnotes is the translator's, and numbers are counted, not placed)."""
    body: list[str] = []
    apart: list[str] = []

    def walk(items: Iterable[Inline], out: list[str]) -> None:
        for node in items:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, Note):
                inner: list[str] = []
                walk(node.children, inner)
                apart.append("".join(inner))
                out.append(" ")
            elif isinstance(node, Cite):
                if node.locator:
                    apart.append(node.locator)
                out.append(" ")
            elif isinstance(node, (Ref, RefGroup)):
                out.append(" ")
            elif isinstance(node, ListItem):
                out.append("\n")
                walk(node.children, out)
            elif isinstance(node, Link):
                walk(node.children, out)
            else:  # Emph, Strong
                walk(getattr(node, "children", []), out)

    walk(nodes, body)
    return "\n".join(["".join(body), *apart])


def _is_fixed_text(text: str) -> bool:
    """A text that stays the same in every language: a name, a symbol, an address, a code."""
    return not any(word[0].islower() for word in _WORD.findall(_URL.sub(" ", text)))


def _is_enumerator(token: str) -> bool:
    return _ENUMERATOR_TOKEN.fullmatch(token) is not None


def _without_enumerators(text: str, source: str) -> str:
    """``text`` without enumerators: "(e)", and "e)" where the source has "(e)"."""
    wanted = Counter(m[1] for m in _ENUMERATOR.finditer(source) if _is_enumerator(m[1]))

    def drop_half(match: re.Match[str]) -> str:
        if wanted[match[1]] > 0:
            wanted[match[1]] -= 1
            return " "
        return match[0]

    text = _HALF_ENUMERATOR.sub(drop_half, text)
    return _ENUMERATOR.sub(lambda m: " " if _is_enumerator(m[1]) else m[0], text)


def _unpaired_brackets(text: str) -> bool:
    """Whether a bracket of ``text`` is not closed, or closes none (an enumerator "7)" of
    Russian and Kazakh legal style aside)."""
    half = {m.end() - 1 for m in _HALF_ENUMERATOR.finditer(text) if _is_enumerator(m[1])}
    stack: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for at, char in enumerate(text):
        if char in "([{":
            stack.append(char)
        elif char in pairs:
            if stack and stack[-1] == pairs[char]:
                stack.pop()
            elif not (char == ")" and not stack and at in half):
                return True
    return bool(stack)


def _starts_with_a_word(markup: str) -> bool:
    """Whether a text starts with a word, not with a cross-reference, citation or number
    (whose rendering decides the case of the first letter)."""
    return markup.lstrip("*")[:1].isalpha()


def _numbers(text: str) -> Counter[str]:
    return Counter(_NUMBER.findall(text))


def _number_problem(original: str, translated: str, source: str, lang: str,
                    test: Callable[[str, str], object],
                    fails: Callable[[Callable[[str, str], object], str, str], bool]) -> str:
    """What differs in the numbers, or "" when nothing does.

    pofilter's ``numbers`` decides; its failure is then explained by whole numbers. A
    number the source writes as an English ordinal (48th) may be words in the translation.
    """
    src = normalise_numbers(_ORDINAL.sub(lambda m: m[0][:-2], original), source)
    tgt = normalise_numbers(translated, lang)
    if not fails(test, src, tgt):
        return ""
    in_words = Counter(m[0][:-2] for m in _ORDINAL.finditer(original))
    src_count, tgt_count = _numbers(src), _numbers(tgt)
    missing = src_count - tgt_count - in_words
    extra = Counter({n: c for n, c in (tgt_count - src_count).items() if n in src_count})
    differ = sorted(set(missing) | set(extra))
    if not differ:
        return ""
    return "the numbers differ: " + "; ".join(
        f"{n} is {_times(src_count[n])} in the source, {_times(tgt_count[n])} in the "
        "translation" for n in differ)


def _times(count: int) -> str:
    return {0: "not", 1: "once", 2: "twice"}.get(count, f"{count} times")


def _brackets(text: str) -> str:
    counts = Counter(c for c in text if c in "()[]{}")
    return ", ".join(f"{counts[c]} '{c}'" for c in "()[]{}" if counts[c]) or "none"


def quality_diagnostics(root: Path, document: Document,
                        origins: dict[str, Origin] | None = None, *,
                        langs: Iterable[str] | None = None,
                        catalogues: Catalogues | None = None) -> Diagnostics:
    """pofilter's warnings on every target-language catalogue of the submission at ``root``
    (with ``langs``, on the catalogues those languages are built from)."""
    diags = Diagnostics()
    source = document.meta.source_language
    targets = target_languages(document, langs)
    if not targets:
        return diags
    units = {u.msgctxt: u for u in extract_units(document, origins, root)}
    for lang in targets:
        try:
            po, shown = load_catalogue(root, lang, catalogues)
        except UserError:
            continue  # the catalogue audit reports it
        if po is None:
            continue
        from translate.filters import checks  # heavy (0.1 s): only when there is a catalogue

        checker = checks.StandardChecker(checks.CheckerConfig(targetlanguage=lang))

        def fails(test: Callable[[str, str], object], original: str, translated: str) -> bool:
            try:
                test(original, translated)
            except checks.FilterFailure:
                return True
            return False

        for entry in po.entries:
            if entry.obsolete or entry.fuzzy or not entry.translation \
                    or entry.msgid_plural is not None:
                continue
            unit = units.get(entry.msgctxt or "")
            if unit is None or unit.msgid != entry.msgid:
                continue  # unknown or stale: the catalogue audit says so
            where = SourcePos(shown, entry.msgstr_line or entry.line)
            for problem, advice in _entry_problems(checker, fails, entry.msgid,
                                                   entry.translation, source, lang):
                diags.warning(where, f"{entry.msgctxt}: {problem} (source text at "
                              f"{unit.reference}): {advice}")
    return diags


def _entry_problems(checker: Any, fails: Callable[[Callable[[str, str], object], str, str],
                                                  bool],
                    msgid: str, msgstr: str, source: str, lang: str) -> list[tuple[str, str]]:
    """(what is wrong, what to do) for one reviewed entry."""
    src_nodes, src_errors = parse_inline_all(msgid, block=True)
    tgt_nodes, tgt_errors = parse_inline_all(msgstr, block=True)
    if src_errors or tgt_errors:
        return []  # broken markup is an error of its own
    original, translated = reader_text(src_nodes), reader_text(tgt_nodes)
    out: list[tuple[str, str]] = []
    numbers = _number_problem(original, translated, source, lang, checker.numbers, fails)
    if numbers:
        out.append((numbers, "check every number, date and paragraph number against the "
                    "source"))
    src_brackets = _without_enumerators(original, original)
    tgt_brackets = _without_enumerators(translated, original)
    if fails(checker.brackets, src_brackets, tgt_brackets) \
            and _unpaired_brackets(tgt_brackets):
        out.append((f"a bracket of the translation does not pair up (the source has "
                    f"{_brackets(src_brackets)}, the translation {_brackets(tgt_brackets)})",
                    "close the bracket that is open, or remove the extra one"))
    # A double space of the source is no model (the build collapses it): only the
    # translation's own double spaces are reported.
    if fails(checker.doublespacing, re.sub(r" {2,}", " ", msgid), msgstr):
        out.append(("the translation has a double space", "a word may be missing there: "
                    "check the sentence, and write one space"))
    if _starts_with_a_word(msgid) and _starts_with_a_word(msgstr) \
            and fails(checker.startcaps, original, translated):
        out.append(("the translation's first letter is not capitalised as the source's",
                    "start with a capital letter where the source does, and with a small "
                    "one where it does not"))
    if not _is_fixed_text(original) and fails(checker.unchanged, original, translated):
        out.append(("the translation is the source text unchanged", "translate it (names, "
                    "symbols and addresses that stay the same are not reported; if this text "
                    "must stay as it is, ignore the warning)"))
    return out
