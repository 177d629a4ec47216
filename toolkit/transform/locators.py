"""A citation's locator ("p. 12", «пп. 18–21», «7-бап») read into kind + numbers.

Users and translators write locators in English, Russian or Kazakh; the document is built
in any of them. Reading the locator into a :class:`Locator` lets the labels render it in
the build language («с. 12» in Russian, «12-б.» in Kazakh). A locator that is not one of
the forms below (a word the toolkit does not know, "note 3", "p. 12, table 2") is kept as
written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Abbreviations and words (without the full stop), lower case, by kind.
WORDS: dict[str, tuple[str, ...]] = {
    "page": ("p", "pp", "page", "pages", "с", "сс", "стр", "страница", "страницы",
             "б", "бб", "бет", "беттер", "беті"),
    "paragraph": ("para", "paras", "paragraph", "paragraphs", "п", "пп", "пункт", "пункты",
                  "тармақ", "тармақтар", "тармағы"),
    "article": ("art", "arts", "article", "articles", "ст", "статья", "статьи", "бап",
                "баптар", "бабы"),
    "volume": ("vol", "vols", "volume", "volumes", "том", "тома", "томы"),
}
KIND_OF_WORD = {word: kind for kind, words in WORDS.items() for word in words}

_NUM = r"\d+(?:\.\d+)*[a-zа-я]?(?:\([a-zа-я0-9]{1,4}\))*"
_RANGE = rf"{_NUM}(?:\s*[-–—]\s*{_NUM})?"
_JOIN = r"\s*(?:,|&|\band\b|\bи\b|\bжәне\b)\s*"
_LIST = rf"{_RANGE}(?:{_JOIN}{_RANGE})*"
_WORD = r"[^\W\d_]+"
PREFIXED = re.compile(rf"^(?P<word>{_WORD})\.?\s*(?P<numbers>{_LIST})$", re.IGNORECASE)
SUFFIXED = re.compile(rf"^(?P<numbers>{_LIST})\s*-\s*(?P<word>{_WORD})\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class Locator:
    """``kind`` is page, paragraph, article or volume; ``items`` are numbers or ranges
    ("12", "18–21") in the order written; ``conjunction``: the writer joined the last two
    with "and"/«и»/«және» (rendered with the language's "and"), not with a comma."""

    kind: str
    items: tuple[str, ...]
    conjunction: bool = field(default=False, compare=False)

    @property
    def plural(self) -> bool:
        return len(self.items) > 1 or any("–" in item for item in self.items)


def parse_locator(text: str, *, kazakh: bool = False) -> Locator | None:
    """The locator's kind and numbers, or None when it is not a form this module knows.

    «т.» is «тармақ» (paragraph) in Kazakh text and «том» (volume) in Russian: ``kazakh``
    says which; the Kazakh suffixed form «18-т.» is always a paragraph.
    """
    text = " ".join(text.split())
    for pattern, suffixed in ((PREFIXED, False), (SUFFIXED, True)):
        found = pattern.match(text)
        if not found:
            continue
        word = found["word"].casefold()
        kind = KIND_OF_WORD.get(word)
        if word == "т":
            kind = "paragraph" if kazakh or suffixed else "volume"
        if kind is None:
            return None
        conjunction = re.search(r"&|\band\b|\bи\b|\bжәне\b", found["numbers"],
                                re.IGNORECASE) is not None
        return Locator(kind, _items(found["numbers"]), conjunction)
    return None


def _items(numbers: str) -> tuple[str, ...]:
    parts = re.split(_JOIN, numbers)
    return tuple(re.sub(r"\s*[-–—]\s*", "–", part) for part in parts if part)
