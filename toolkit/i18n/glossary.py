"""Finding glossary terms in a text, inflected forms included.

A term is found when its words appear in a row, each in any inflected form: Russian words
are compared by their pymorphy3 lemmas (every reading of an ambiguous word counts), English
words by their lemminflect lemmas plus the word itself, Kazakh words by stem and the
suffixes listed in :mod:`toolkit.i18n.kazakh`. Case and ё/е do not matter. Hyphens and
commas separate words, so «государства-участника» holds «государство-участник»; a full
stop, colon, semicolon, question or exclamation mark or bracket ends a phrase, so "the
State. Party politics" does not hold "State party".

One :class:`TermFinder` per language and run: it keeps its own caches (no process-wide
state) and loads a lexicon only when a word of its language is first looked at.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from toolkit.i18n.kazakh import kazakh_word_matches
from toolkit.i18n.units import Unit
from toolkit.read.glossary import Glossary, GlossaryEntry

__all__ = ["TermFinder", "Words", "glossary_comments", "with_glossary_comments", "words_of"]

_WORD = re.compile(r"[^\W\d_]+|[.;:!?()\[\]]")
BREAK = "|"  # stands for punctuation that ends a phrase: a term never spans it


def words_of(text: str) -> list[str]:
    """The words of ``text``, lower case, ё as е (markup and numbers are no words), with
    :data:`BREAK` where a sentence, clause or bracket ends (commas and hyphens do not)."""
    return [w.lower().replace("ё", "е") if w[0].isalpha() else BREAK
            for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Words:
    """A text ready for term look-ups: its words, each word's lemmas, and an index (every
    lemma; for Kazakh, every word's first three letters) that rules most terms out at once."""

    words: list[str]
    keys: list[frozenset[str]]
    index: frozenset[str]


class TermFinder:
    """Finds the terms of one language in texts of that language."""

    def __init__(self, lang: str, terms: Iterable[str] | None = None) -> None:
        """``terms``: every term that will be looked for, when known: a word of a text that
        begins unlike every word of them (and their lemmas) cannot be one of their forms,
        so it is not looked up in the lexicon (most words of a text, the slow part)."""
        self.lang = lang
        self._keys: dict[str, frozenset[str]] = {}
        self._kk: dict[tuple[str, str], bool] = {}
        self._terms: dict[str, tuple[list[str], list[frozenset[str]]]] = {}
        self._lexicon: Any = None
        self._heads: frozenset[str] | None = None
        if terms is not None:
            heads: set[str] = set()
            for term in terms:
                for word in words_of(term):
                    heads |= {key[:3] for key in self._lemmas(word)}
            self._heads = frozenset(heads)

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
            if self._lexicon is None:  # getAllLemmas, without its start-up of a second
                from toolkit.i18n.english import english_lemmas

                self._lexicon = english_lemmas()
            for lemmas in self._lexicon(word).values():
                keys |= {lemma.lower() for lemma in lemmas}
        found = self._keys[word] = frozenset(keys)
        return found

    def prepare(self, text: str) -> Words:
        """The words of ``text`` with their lemmas, looked up once for every term."""
        words = words_of(text)
        if self.lang == "kk":
            return Words(words, [], frozenset(w[:3] for w in words))
        heads = self._heads
        keys = [self._lemmas(w) if w != BREAK and (heads is None or w[:3] in heads)
                else frozenset([w]) for w in words]
        return Words(words, keys, frozenset().union(*keys))

    def find(self, text: Words, term: str) -> bool:
        """Whether the words of ``term`` appear in ``text`` in a row, each in any form."""
        wanted, need = self._term(term)
        if not wanted:
            return False
        size = len(wanted)
        starts = range(len(text.words) - size + 1)
        if self.lang == "kk":
            if wanted[0][:3] not in text.index and len(wanted[0]) > 3:
                return False  # cheap test first: a stem's first letters must be there
            return any(all(self._kk_match(text.words[at + i], wanted[i]) for i in range(size))
                       for at in starts)
        if any(keys.isdisjoint(text.index) for keys in need):
            return False
        return any(all(not text.keys[at + i].isdisjoint(need[i]) for i in range(size))
                   for at in starts)

    def _term(self, term: str) -> tuple[list[str], list[frozenset[str]]]:
        """A term's words and each word's lemmas (Kazakh: none), worked out once per run:
        every text is searched for the same few dozen terms."""
        found = self._terms.get(term)
        if found is None:
            wanted = words_of(term)
            need = [] if self.lang == "kk" else [self._lemmas(w) for w in wanted]
            found = self._terms[term] = (wanted, need)
        return found

    def _kk_match(self, word: str, stem: str) -> bool:
        key = (word, stem)
        hit = self._kk.get(key)
        if hit is None:
            hit = self._kk[key] = kazakh_word_matches(word, stem)
        return hit

    def find_any(self, text: Words, terms: Iterable[str]) -> str | None:
        """The first of ``terms`` found in ``text``, or None."""
        for term in terms:
            if self.find(text, term):
                return term
        return None


def glossary_comments(glossary: Glossary, source: str, target: str, text: str,
                      finder: TermFinder) -> list[str]:
    """The ``glossary: <source term> = <target term>`` lines for one entry's source text:
    one per glossary entry found in it that has a form in the target language."""
    words = finder.prepare(text)
    lines: list[str] = []
    for entry in glossary.entries:
        found = _source_hit(entry, source, target, words, finder)
        if found is not None:
            lines.append(f"glossary: {entry.forms[source][0]} = {entry.forms[target][0]}")
    return lines


def _source_hit(entry: GlossaryEntry, source: str, target: str, words: Words,
                finder: TermFinder) -> str | None:
    if source not in entry.forms or target not in entry.forms:
        return None
    return finder.find_any(words, entry.forms[source])


def with_glossary_comments(units: list[Unit], glossary: Glossary, source: str,
                           target: str) -> list[Unit]:
    """``units`` with a ``glossary: term = term`` comment for each glossary term their
    source text holds (made afresh on every update: never stale, never doubled)."""
    finder = TermFinder(source, [term for entry in glossary.entries if target in entry.forms
                                 for term in entry.forms.get(source, ())])
    out: list[Unit] = []
    for unit in units:
        lines = glossary_comments(glossary, source, target, unit.msgid, finder)
        kept = tuple(c for c in unit.comments if not c.startswith("glossary: "))
        out.append(dataclasses.replace(unit, comments=kept + tuple(lines))
                   if lines or kept != unit.comments else unit)
    return out
