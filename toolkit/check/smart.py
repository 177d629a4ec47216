"""The SMART phrasing rule: a recommendation opens with the action the State is to take.

UPR Info's guidance for recommending States (and the Working Group reports that follow it)
puts the action first and leaves the actor implied: "Ratify …", "Closely monitor …",
«Принять …», «Незамедлительно обеспечить …». An opening that names the actor — "The
State party should …", "Government to ensure …", «Государству следует …» — is the
treaty bodies' own voice in concluding observations, not a recommendation a coalition
proposes, so ``toolkit check`` warns on it (a warning, never an error).

What counts as an action:

- English: the first word is the base form of a verb in lemminflect's English lexicon
  ("Delete", "Toughen", "Lay"), optionally after adverbs in -ly or "also" ("Closely
  monitor", "Promptly and impartially investigate"). A word the lexicon does not know at
  all counts when it carries a verb-forming suffix (-ise/-ize, -ify, -ate:
  "Criminalize", "Disaggregate"); of a hyphenated word the last part is looked up
  ("Fast-track"). The first word is a noun after all when "is/are/of/party/can …"
  follows it ("Review of …", "State party …") or "should/must/shall" comes within four
  words ("Access to justice should be …").
- Russian: pymorphy3 (OpenCorpora dictionary) reads the first word as an infinitive or an
  imperative, reflexive ones included («Воздерживаться», «Добиться», «Обеспечьте»),
  optionally after adverbs or particles («Незамедлительно принять», «Не допускать»).
- Kazakh puts the verb last («… қамтамасыз ету»); no Kazakh lexicon is used and no rule
  is guessed: Kazakh recommendations are not checked.

The lexicons are loaded only when the rule runs, once per :class:`ActionLexicon` — an
object the caller holds, so there is no process-wide cache of the toolkit's own. The English
words are looked up in lemminflect's sorted lemma file rather than through the table of
every word it builds (see :mod:`toolkit.i18n.english`): the same answers, a fraction of
the start-up.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from toolkit.model.diagnostics import Diagnostics
from toolkit.model.document import Document, plain_text

if TYPE_CHECKING:
    from collections.abc import Callable

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
CHECKED_LANGUAGES = ("en", "ru")
MAX_LEADING_ADVERBS = 3

_EN_VERB_SUFFIX = re.compile(r"[a-z]{3,}(?:is|iz|if|at)e$")
# right after these the first word is a noun or the subject, not an imperative
_EN_NOT_AFTER_VERB = frozenset(
    "will would could can may might is are was were has have had of party parties".split())
# a modal soon after the first word makes it the subject: "Access to justice should …"
_EN_MODALS = frozenset({"should", "must", "shall"})
_EN_MODAL_REACH = 4
_EN_ADVERB_WORDS = frozenset({"also"})
_EN_JOINERS = frozenset({"and"})
_RU_JOINERS = frozenset({"и"})


class ActionLexicon:
    """Tells whether a word opens with an action, loading each language's lexicon on first use."""

    def __init__(self) -> None:
        self._english: Callable[[str], dict[str, Any]] | None = None
        self._russian: Any = None

    def english_readings(self, word: str) -> dict[str, Any]:
        """lemminflect's parts of speech for ``word`` (lower case) and their lemmas."""
        if self._english is None:
            from toolkit.i18n.english import english_lemmas

            self._english = english_lemmas()
        return self._english(word)

    def russian_tags(self, word: str) -> list[Any]:
        """pymorphy3's possible tags for ``word``."""
        if self._russian is None:
            from pymorphy3 import MorphAnalyzer

            self._russian = MorphAnalyzer(lang="ru")
        return [parse.tag for parse in self._russian.parse(word)]

    # ------------------------------------------------------------------- English
    def english_verb(self, word: str) -> bool:
        """``word`` is the base form of a verb (the imperative)."""
        readings = self.english_readings(word)
        if not readings and "-" in word:
            return self.english_verb(word.rsplit("-", 1)[1])
        if not readings:
            return bool(_EN_VERB_SUFFIX.fullmatch(word))
        return word in readings.get("VERB", ())

    def english_adverb(self, word: str) -> bool:
        """An adverb that may stand before the verb: "closely", "urgently", "also"."""
        if word in _EN_ADVERB_WORDS:
            return True
        readings = self.english_readings(word)
        return word.endswith("ly") and "ADV" in readings and "VERB" not in readings

    # ------------------------------------------------------------------- Russian
    def russian_verb(self, word: str) -> bool:
        """An infinitive or an imperative, reflexive ones included."""
        return any(tag.POS == "INFN" or (tag.POS == "VERB" and "impr" in tag)
                   for tag in self.russian_tags(word))

    def russian_adverb(self, word: str) -> bool:
        """An adverb or a particle that may stand before the verb: «незамедлительно», «не»."""
        return any(tag.POS in ("ADVB", "PRCL") for tag in self.russian_tags(word))


def starts_with_action(text: str, language: str, lexicon: ActionLexicon | None = None) -> bool:
    """The SMART test UPR Info teaches: a recommendation opens with what to do.

    Languages other than English and Russian are not checked (always true). Pass one
    ``lexicon`` for many texts: building one loads the dictionaries.
    """
    if language not in CHECKED_LANGUAGES:
        return True
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return False
    lexicon = lexicon or ActionLexicon()
    if language == "en":
        verb, adverb, joiners = lexicon.english_verb, lexicon.english_adverb, _EN_JOINERS
    else:
        verb, adverb, joiners = lexicon.russian_verb, lexicon.russian_adverb, _RU_JOINERS
    index = 0
    adverbs = 0
    while index < len(words) - 1 and adverbs < MAX_LEADING_ADVERBS and not verb(words[index]):
        if words[index] in joiners and adverbs:
            index += 1
        elif adverb(words[index]):
            adverbs += 1
            index += 1
        else:
            break
    if not verb(words[index]):
        return False
    if language != "en":
        return True
    following = words[index + 1:index + 1 + _EN_MODAL_REACH]
    named_subject = bool(following) and following[0] in _EN_NOT_AFTER_VERB
    return not named_subject and not _EN_MODALS.intersection(following)


def recommendation_diagnostics(doc: Document) -> Diagnostics:
    """A warning for every recommendation of the source language that names no action first."""
    diags = Diagnostics()
    language = doc.meta.source_language
    recommendations = list(doc.recommendations())
    if language not in CHECKED_LANGUAGES or not recommendations:
        return diags
    lexicon = ActionLexicon()
    for rec in recommendations:
        text = plain_text(rec.content)
        if not starts_with_action(text, language, lexicon):
            first = (WORD.findall(text) or [""])[0]
            diags.warning(rec.pos, f"recommendation does not start with a verb ('{first} …'): "
                          "say what the State should do — Adopt, Amend, Ensure, Repeal …")
    return diags
