"""Ids: what they may hold, and a Latin suggestion for an id written in Cyrillic.

Ids end up in bookmark names, file names and cross-references (``@para:pytki``), so they
are kept to Latin letters, digits, '-', '_' and '.'. A coalition writing in Russian or
Kazakh naturally types ``id: пытки``; instead of only refusing it, the message offers a
transliterated id to copy.
"""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]*$"
ID_RULE = ("an id starts with a Latin letter (a–z) and holds only Latin letters, digits, "
           "'-', '_' and '.'")

# Russian and Kazakh Cyrillic → Latin, simple and readable (not a scholarly standard).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}


def suggest_id(value: str) -> str | None:
    """A valid id close to ``value`` (transliterated, spaces as '-'), or None if none is."""
    out = []
    for char in value.strip().lower():
        if char in _CYRILLIC:
            out.append(_CYRILLIC[char])
        elif char.isascii() and (char.isalnum() or char in "-_."):
            out.append(char)
        elif char.isspace() or char in "/,;:":
            out.append("-")
        else:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(plain if plain.isalnum() else "")
    suggestion = re.sub(r"-{2,}", "-", "".join(out)).strip("-_.")
    suggestion = re.sub(r"^[^a-z]+", "", suggestion)
    if not suggestion or suggestion == value or not re.fullmatch(ID_PATTERN, suggestion):
        return None
    return suggestion[:80]
