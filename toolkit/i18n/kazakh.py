"""Finding a Kazakh glossary term in its inflected forms, without a morphological analyser.

Kazakh is agglutinative and no maintained analyser is on the package index, so a word of
the text matches a word of a term when it is the term's word (its stem) followed by zero
to four of the suffixes below, each in the vowel-harmony variant that fits the vowel before
it (back vowels а о ұ ы, and я ю as in конвенцияға; front vowels ә ө ү і е; у and и do not
decide). A stem that
ends in п, к or қ may voice to б, г or ғ before a suffix that starts with a vowel
(кітап → кітабы). A loanword that ends in two consonants takes front suffixes whatever its
vowel (пакт → пактіге, акт → актісі), so after such a stem either variant is accepted.

Suffixes (back / front variants; the consonant alternates after vowels, voiced and voiceless
consonants):

- plural: лар/лер, дар/дер, тар/тер
- possessive: м, ым/ім, ң, ың/ің, ңыз/ңіз, ыңыз/іңіз, ы/і, сы/сі, мыз/міз, ымыз/іміз,
  ңдар/ңдер, ыңдар/іңдер
- genitive: ның/нің, дың/дің, тың/тің
- dative: ға/ге, қа/ке, на/не, а/е
- accusative: ны/ні, ды/ді, ты/ті, н (after a possessive)
- locative: да/де, та/те, нда/нде
- ablative: дан/ден, тан/тен, нан/нен
- instrumental: мен, бен, пен, менен, бенен, пенен, нмен
- equative: ша/ше
- attributive locative: дағы/дегі, тағы/тегі, ндағы/ндегі

This list is deliberately the inflection of nouns only: derivation (-лық, -шы …) makes a
different word, which a glossary term must not silently match.
"""

from __future__ import annotations

__all__ = ["SUFFIXES", "kazakh_word_matches"]

#: Every suffix the matcher accepts after a stem, in both harmony variants.
SUFFIXES: frozenset[str] = frozenset("""
лар лер дар дер тар тер
м ым ім ң ың ің ңыз ңіз ыңыз іңіз ы і сы сі мыз міз ымыз іміз ңдар ңдер ыңдар іңдер
ның нің дың дің тың тің
ға ге қа ке на не а е
ны ні ды ді ты ті н
да де та те нда нде
дан ден тан тен нан нен
мен бен пен менен бенен пенен нмен
ша ше
дағы дегі тағы тегі ндағы ндегі
""".split())

_BACK = frozenset("аоұыяю")  # я, ю: й + а, у (конвенцияға)
_FRONT = frozenset("әөүіе")
_VOWELS = _BACK | _FRONT | frozenset("уиэё")
_VOICED = {"п": "б", "к": "г", "қ": "ғ"}
_MAX_SUFFIXES = 4
_LONGEST = max(len(s) for s in SUFFIXES)


def _harmony(text: str) -> str | None:
    """'back' or 'front' by the last vowel that decides, None when none does."""
    for char in reversed(text):
        if char in _BACK:
            return "back"
        if char in _FRONT:
            return "front"
    return None


def _fits(before: str, suffix: str) -> bool:
    """A suffix's vowels agree with the vowel before it (suffixes without one always fit)."""
    if len(before) >= 2 and not (set(before[-2:]) & _VOWELS) and before[-1] not in "ьъ":
        return True  # a loanword's consonant cluster: пакт → пактіге
    want = _harmony(before)
    have = _harmony(suffix)
    return want is None or have is None or want == have


def _suffixes_fit(stem: str, rest: str, depth: int = 0) -> bool:
    """``rest`` is a chain of at most :data:`_MAX_SUFFIXES` suffixes after ``stem``."""
    if not rest:
        return True
    if depth == _MAX_SUFFIXES:
        return False
    for size in range(min(_LONGEST, len(rest)), 0, -1):
        suffix = rest[:size]
        if suffix in SUFFIXES and _fits(stem, suffix) \
                and _suffixes_fit(stem + suffix, rest[size:], depth + 1):
            return True
    return False


def kazakh_word_matches(word: str, stem: str) -> bool:
    """Whether ``word`` (lower case) is ``stem`` (a term's word, lower case) inflected."""
    if word == stem:
        return True
    if len(word) <= len(stem):
        return False
    if word.startswith(stem):
        return _suffixes_fit(stem, word[len(stem):])
    last = stem[-1:]
    if last in _VOICED and word.startswith(stem[:-1] + _VOICED[last]):
        rest = word[len(stem):]
        return rest[:1] in _VOWELS and _suffixes_fit(stem, rest)
    return False
