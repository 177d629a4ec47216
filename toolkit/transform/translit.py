"""Kazakh Cyrillic → Kazakh Latin, so a ``kk-Latn`` report is made from the ``kk`` one.

Kazakhstan is moving Kazakh to a Latin alphabet (transition planned for 2023–2031); a
coalition may be asked for a Latin-script version, and nobody should retype a report for
that. The letter table is the version of the alphabet the government presented in
January 2021 (Turkic-style diacritics, no apostrophes and no digraphs):

====================  =======  ==========================================================
Cyrillic              Latin    note
====================  =======  ==========================================================
А а, Ә ә              A a, Ä ä
Б б, В в, Г г         B b, V v, G g
Ғ ғ                   Ğ ğ
Д д, Е е              D d, E e
Ж ж, З з              J j, Z z
И и, Й й              İ i      both letters merge into dotted İ i (2021 table)
К к, Қ қ              K k, Q q
Л л, М м, Н н         L l, M m, N n
Ң ң                   Ñ ñ
О о, Ө ө, П п, Р р    O o, Ö ö, P p, R r
С с, Т т              S s, T t
У у                   U u      vowel and glide alike (2021 dropped the 2018 Ý/W)
Ұ ұ, Ү ү              Ū ū, Ü ü
Ф ф                   F f
Х х, Һ һ              H h      both letters merge into H h (2021 table)
Ч ч                   Ç ç
Ш ш                   Ş ş
Ы ы                   Y y
І і                   I ı      capital is plain I, small is dotless ı
====================  =======  ==========================================================

The 2021 alphabet has no letters for the Russian loan letters ц щ ъ ь э ю я ё. Loanwords
follow the draft spelling rules for the Latin-based alphabet ("Қазақ тілінің латын
графикасына негізделген жаңа әліпбиінің емле ережелері", A. Baitursynuly Institute of
Linguistics; approved by the National Commission in December 2018, letters revised for
the 2021 alphabet), as far as rules can be applied letter by letter:

* Ц ц and the cluster сц → S s (цирк → sirk, сценарий → senari; конституция →
  konstitusia, коалиция → koalisia);
* Щ щ → Ş ş (училище → uçilişe); the native words ащы, тұщы, кеще keep a double şş
  (toolkit/data/kk_latn_exceptions.yaml, with its source);
* Я я, Ю ю → ia, iu (й + vowel, й is İ i), but after и the и already gives the i:
  ия → ia, ию → iu (Азия → Azia, Австралия → Avstralia, сессия → sessia, комиссия →
  komissia, Конституциялық → Konstitusialyq);
* a final -ий → i (Юрий → İuri, сценарий → senari);
* Ё ё → ö after a consonant (актёр → aktör), io elsewhere; Э э → E e;
* Ъ ъ, Ь ь → dropped.

Words the letter rules would spell otherwise are listed in
``toolkit/data/kk_latn_exceptions.yaml`` (stem → Latin, each with its source).

Casing follows the source letter, never Python's ``str.upper``/``str.lower`` on the
output: Python upper-cases "i" to "I" and lower-cases "İ" to "i̇" (with a combining dot),
both wrong for Kazakh. A capital that turns into two letters (Ю → İu) is written in full
capitals when the word is in capitals (ЮНЕСКО → İUNESKO) and as a capital plus small
letter otherwise (Юрий → İurii). :func:`kk_upper` and :func:`kk_lower` do
Kazakh-correct casing of Latin text (i ↔ İ, ı ↔ I).

Only Cyrillic letters change: Latin names, digits, punctuation, quotation marks, document
symbols (CCPR/C/KAZ/CO/1) and URLs (even a URL with Cyrillic in it) are left as they are.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from toolkit.model.document import URL_RE, Document, clone
from toolkit.model.walk import map_strings, text_slots

__all__ = ["kk_lower", "kk_upper", "transliterate", "transliterate_document", "Transliterator",
           "TABLE"]

#: Small Cyrillic letter → small Latin spelling (capitals are derived from it).
TABLE: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "s",
    "ч": "ç", "ш": "ş", "щ": "ş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip

#: Words the letter rules would spell otherwise (stem → Latin, each with its source).
EXCEPTIONS = Path(__file__).resolve().parents[1] / "data" / "kk_latn_exceptions.yaml"

_CAPITALS: dict[str, str] = {small.upper(): small for small in TABLE}
_CYRILLIC = re.compile("[" + "".join(TABLE) + "".join(_CAPITALS) + "]")
# A Cyrillic letter typed as base + combining mark (и + U+0306 for й): composed before lookup.
_DECOMPOSED = re.compile("[\u0400-\u04ff][\u0300-\u036f]+")

_KK_UPPER = {"i": "İ", "ı": "I"}
_KK_LOWER = {"İ": "i", "I": "ı"}


def kk_upper(text: str) -> str:
    """Upper-case Kazakh Latin text: i → İ and ı → I (Python maps both to I)."""
    text = text.replace("i\u0307", "i")
    return "".join(_KK_UPPER.get(c) or c.upper() for c in text)


def kk_lower(text: str) -> str:
    """Lower-case Kazakh Latin text: İ → i and I → ı (Python gives "i̇" and "i")."""
    text = text.replace("I\u0307", "\u0130")  # a decomposed capital İ
    return "".join(_KK_LOWER.get(c) or c.lower() for c in text)


def _in_capitals(text: str, i: int) -> bool:
    """Whether the capital at ``i`` belongs to a word written in capitals.

    The next letter decides; at the end of a word, the previous one (ЖАЮ). A lone capital
    letter counts as a capitalised word, not an all-caps one.
    """
    if i + 1 < len(text) and text[i + 1].isalpha():
        return text[i + 1].isupper()
    return i > 0 and text[i - 1].isalpha() and text[i - 1].isupper()


def _transliterate_plain(text: str) -> str:
    out: list[str] = []
    for i, char in enumerate(text):
        small = TABLE.get(char)
        if small is not None:
            out.append(small)
            continue
        small = _CAPITALS.get(char)
        if small is None:
            out.append(char)
            continue
        latin = TABLE[small]
        if len(latin) <= 1 or _in_capitals(text, i):
            out.append(kk_upper(latin))
        else:
            out.append(kk_upper(latin[0]) + latin[1:])
    return "".join(out)


_CONSONANTS = "бвгғджзйкқлмнңпрстфхһцчшщ"
# (pattern, replacement letters) in Cyrillic, applied before the letter table; the case of
# each replaced letter is kept («ИЯ» → «ИА»)
_LOAN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"сц", re.IGNORECASE), "с"),
    (re.compile(r"и[яю]", re.IGNORECASE), ""),  # ия → иа, ию → иу (see _loan)
    (re.compile(r"ий(?![^\W\d_])", re.IGNORECASE), "и"),
    (re.compile(rf"(?<=[{_CONSONANTS}])ё", re.IGNORECASE), "ө"),
)
_AFTER_I = {"я": "а", "ю": "у"}


def _same_case(model: str, letters: str) -> str:
    return letters.upper() if model.isupper() else letters


def _loan(text: str) -> str:
    """The spelling rules for loanwords that the letter table cannot express."""
    for pattern, letters in _LOAN_RULES:
        if letters:
            text = pattern.sub(lambda m, s=letters: _same_case(m.group()[0], s), text)
        else:
            text = pattern.sub(lambda m: m.group()[0] + _same_case(
                m.group()[1], _AFTER_I[m.group()[1].lower()]), text)
    return text


def load_exceptions(path: Path = EXCEPTIONS) -> dict[str, str]:
    """Cyrillic stem (small letters) → its Latin spelling, from the exception list."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(stem).lower(): str(entry["latin"]) for stem, entry in data.items()}


def _exceptions_pattern(exceptions: dict[str, str]) -> re.Pattern[str] | None:
    if not exceptions:
        return None
    stems = "|".join(re.escape(s) for s in sorted(exceptions, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])({stems})", re.IGNORECASE)


def _exception(match: re.Match[str], exceptions: dict[str, str]) -> str:
    """A listed stem's Latin form, in the case the stem was written in."""
    written = match.group()
    latin = exceptions[written.lower()]
    if written.isupper() and len(written) > 1:
        return kk_upper(latin)
    if written[0].isupper():
        return kk_upper(latin[0]) + latin[1:]
    return latin


class Transliterator:
    """Kazakh Cyrillic → 2021 Kazakh Latin with one exception list, read once per build."""

    def __init__(self, exceptions: dict[str, str] | None = None) -> None:
        self.exceptions = load_exceptions() if exceptions is None else exceptions
        self._pattern = _exceptions_pattern(self.exceptions)

    def __call__(self, text: str) -> str:
        """Anything that is not Cyrillic (symbols, URLs, Latin names) is left alone."""
        if not _CYRILLIC.search(text) and not _DECOMPOSED.search(text):
            return text
        text = _DECOMPOSED.sub(lambda m: unicodedata.normalize("NFC", m.group()), text)
        out: list[str] = []
        pos = 0
        for match in URL_RE.finditer(text):  # a URL is kept as written, Cyrillic or not
            out.append(self._plain(text[pos : match.start()]))
            out.append(match.group())
            pos = match.end()
        out.append(self._plain(text[pos:]))
        return "".join(out)

    def _plain(self, text: str) -> str:
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: _exception(m, self.exceptions), text)
        return _transliterate_plain(_loan(text))


def transliterate(text: str, exceptions: dict[str, str] | None = None) -> str:
    """Kazakh Cyrillic → 2021 Kazakh Latin; anything that is not Cyrillic is left alone.

    ``exceptions`` (stem → Latin) defaults to toolkit/data/kk_latn_exceptions.yaml (read
    on each call: many calls should share a :class:`Transliterator`).
    """
    if not _CYRILLIC.search(text) and not _DECOMPOSED.search(text):
        return text
    return Transliterator(exceptions)(text)


def transliterate_document(document: Document) -> Document:
    """A deep copy of a Kazakh (Cyrillic) document, in Kazakh Latin, ``language="kk-Latn"``.

    Everything a reader sees is transliterated: text, headings, labels, the title, the
    place, organisation names written in Cyrillic, citations. Link targets, URL link texts,
    source URLs and identifiers (keys, ids, anchors, document symbols, state codes,
    assessment/response codes and ``recommending_state``, which labels look up in the
    catalogue) are not. The original document is not modified.
    """
    doc = clone(document)
    convert = Transliterator()
    for slot in text_slots(doc):
        nodes = slot.get()
        map_strings(nodes, convert)
        slot.set(nodes)
    for section in doc.sections:
        section.label = None if section.label is None else convert(section.label)
    for part in doc.parts.values():
        part.title = convert(part.title)
    doc.language = "kk-Latn"
    return doc
