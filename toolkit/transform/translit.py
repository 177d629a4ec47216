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

The 2021 alphabet has no letters for the Russian loan letters ц щ ъ ь э ю я ё. Its draft
spelling rules respell loanwords word by word (цирк → sirk), which a mechanical converter
cannot do, so we spell them out of the 2021 letters by their sound, which is what
common converters and the Kazakh press do:

* Ц ц → Ts ts (not the draft rules' "s": keeps names such as Цой recognisable);
* Щ щ → Şş şş (a long ш, as in the native word ащы → aşşy);
* Ё ё → İo io, Ю ю → İu iu, Я я → İa ia (й + vowel, and й is İ i);
* Э э → E e;
* Ъ ъ, Ь ь → dropped.

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

from toolkit.model.document import URL_RE, Document, clone
from toolkit.model.walk import map_strings, text_slots

__all__ = ["kk_lower", "kk_upper", "transliterate", "transliterate_document", "TABLE"]

#: Small Cyrillic letter → small Latin spelling (capitals are derived from it).
TABLE: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip

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


def transliterate(text: str) -> str:
    """Kazakh Cyrillic → 2021 Kazakh Latin; anything that is not Cyrillic is left alone."""
    if not _CYRILLIC.search(text) and not _DECOMPOSED.search(text):
        return text
    text = _DECOMPOSED.sub(lambda m: unicodedata.normalize("NFC", m.group()), text)
    out: list[str] = []
    pos = 0
    for match in URL_RE.finditer(text):
        out.append(_transliterate_plain(text[pos : match.start()]))
        out.append(match.group())
        pos = match.end()
    out.append(_transliterate_plain(text[pos:]))
    return "".join(out)


def _optional(text: str | None) -> str | None:
    return None if text is None else transliterate(text)


def transliterate_document(document: Document) -> Document:
    """A deep copy of a Kazakh (Cyrillic) document, in Kazakh Latin, ``language="kk-Latn"``.

    Everything a reader sees is transliterated: text, headings, labels, the title, the
    place, organisation names written in Cyrillic, citations. Link targets, URL link texts,
    source URLs and identifiers (keys, ids, anchors, document symbols, state codes,
    assessment/response codes and ``recommending_state``, which labels look up in the
    catalogue) are not. The original document is not modified.
    """
    doc = clone(document)
    for slot in text_slots(doc):
        nodes = slot.get()
        map_strings(nodes, transliterate)
        slot.set(nodes)
    for section in doc.sections:
        section.label = _optional(section.label)
    for part in doc.parts.values():
        part.title = transliterate(part.title)
    doc.language = "kk-Latn"
    return doc
