"""Finding glossary terms in a text, inflected forms included.

A term is found when its words appear in a row, each in any inflected form: Russian words
are compared by their pymorphy3 lemmas (every reading of an ambiguous word counts), English
words by their lemminflect lemmas plus the word itself, Kazakh words by stem and the
suffixes listed in :mod:`toolkit.i18n.kazakh`. Case and ё/е do not matter. Hyphens and
punctuation separate words, so «государства-участника» holds «государство-участник».

One :class:`TermFinder` per language and run: it keeps its own caches (no process-wide
state) and loads a lexicon only when a word of its language is first looked at.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from toolkit.i18n.kazakh import kazakh_word_matches
from toolkit.i18n.units import Unit
from toolkit.read.glossary import Glossary, GlossaryEntry

__all__ = ["TermFinder", "glossary_comments", "with_glossary_comments", "words_of"]

_WORD = re.compile(r"[^\W\d_]+")


def words_of(text: str) -> list[str]:
    """The words of ``text``, lower case, ё as е (markup and numbers are no words)."""
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text)]


class TermFinder:
    """Finds the terms of one language in texts of that language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._keys: dict[str, frozenset[str]] = {}
        self._kk: dict[tuple[str, str], bool] = {}
        self._lexicon: Any = None

    def _lemmas(self, word: str) -> frozenset[str]:
        found = self._keys.get(word)
        if found is not None:
            return found
        keys = {word}
        if self.lang == "ru":
            if self._lexicon is None:
                from pymorphy3 import MorphAnalyzer

                self._lexicon = MorphAnalyzer(lang="ru")
            keys |= {p.normal_form.replace("ё", "е") for p in self._lexicon.parse(word)}
        elif self.lang == "en":
            if self._lexicon is None:
                from lemminflect import getAllLemmas

                self._lexicon = getAllLemmas
            for lemmas in self._lexicon(word).values():
                keys |= {lemma.lower() for lemma in lemmas}
        found = self._keys[word] = frozenset(keys)
        return found

    def word_matches(self, word: str, term_word: str) -> bool:
        """Whether ``word`` of a text is a form of ``term_word`` (both from :func:`words_of`)."""
        if self.lang == "kk":
            key = (word, term_word)
            hit = self._kk.get(key)
            if hit is None:
                hit = self._kk[key] = kazakh_word_matches(word, term_word)
            return hit
        if word == term_word:
            return True
        return not self._lemmas(word).isdisjoint(self._lemmas(term_word))

    def find(self, words: list[str], term: str) -> bool:
        """Whether the words of ``term`` appear in ``words`` in a row, each in any form."""
        wanted = words_of(term)
        if not wanted:
            return False
        size = len(wanted)
        if self.lang == "kk":  # cheap test first: a stem's first letters must be there
            heads = {w[:3] for w in words}
            if any(t[:3] not in heads and len(t) > 3 for t in wanted[:1]):
                return False
        for start in range(len(words) - size + 1):
            if all(self.word_matches(words[start + i], wanted[i]) for i in range(size)):
                return True
        return False

    def find_any(self, words: list[str], terms: Iterable[str]) -> str | None:
        """The first of ``terms`` found in ``words``, or None."""
        for term in terms:
            if self.find(words, term):
                return term
        return None


def glossary_comments(glossary: Glossary, source: str, target: str, text: str,
                      finder: TermFinder) -> list[str]:
    """The ``glossary: <source term> = <target term>`` lines for one entry's source text:
    one per glossary entry found in it that has a form in the target language."""
    words = words_of(text)
    lines: list[str] = []
    for entry in glossary.entries:
        found = _source_hit(entry, source, target, words, finder)
        if found is not None:
            lines.append(f"glossary: {entry.forms[source][0]} = {entry.forms[target][0]}")
    return lines


def _source_hit(entry: GlossaryEntry, source: str, target: str, words: list[str],
                finder: TermFinder) -> str | None:
    if source not in entry.forms or target not in entry.forms:
        return None
    return finder.find_any(words, entry.forms[source])


def with_glossary_comments(units: list[Unit], glossary: Glossary, source: str,
                           target: str) -> list[Unit]:
    """``units`` with a ``glossary: term = term`` comment for each glossary term their
    source text holds (made afresh on every update: never stale, never doubled)."""
    finder = TermFinder(source)
    out: list[Unit] = []
    for unit in units:
        lines = glossary_comments(glossary, source, target, unit.msgid, finder)
        kept = tuple(c for c in unit.comments if not c.startswith("glossary: "))
        out.append(dataclasses.replace(unit, comments=kept + tuple(lines))
                   if lines or kept != unit.comments else unit)
    return out
