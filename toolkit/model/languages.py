"""The languages a submission is written and built in, and their codes for each format.

One table, read by the reader, the catalogues, the transformations and the writers: a
build language (``kk-Latn`` included) maps to the catalogue it is translated from, to the
proofing language Word knows, and to the BCP 47 tag that says what the document is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # as the user writes it: en, ru, kk, kk-Latn
    catalogue: str  # the PO catalogue it is made from (kk-Latn is transliterated from kk)
    word: str  # w:lang on every run: the proofing language Word and LibreOffice read
    tag: str  # BCP 47, for document properties and HTML lang
    name: str  # English name, for PO headers and messages
    babel: str  # Babel locale for dates and numbers (UN English is British)


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "en", "en-GB", "en-GB", "English", "en_GB"),
        Language("ru", "ru", "ru-RU", "ru-RU", "Russian", "ru"),
        Language("kk", "kk", "kk-KZ", "kk-KZ", "Kazakh", "kk"),
        # w:lang takes a BCP 47 tag (ECMA-376 Part 1, 17.18.51 ST_Lang); LibreOffice (7.4
        # checked) reads kk-Latn-KZ as Kazakh in Latin script and writes it back unchanged,
        # so a spell-checker never takes Latin Kazakh for Cyrillic (kk-KZ) text
        Language("kk-Latn", "kk", "kk-Latn-KZ", "kk-Latn-KZ", "Kazakh (Latin script)", "kk"),
    )
}

#: Languages a document can be built in.
BUILD_LANGUAGES: tuple[str, ...] = tuple(LANGUAGES)
#: Languages a submission can be written in, each with its own catalogue.
SOURCE_LANGUAGES: tuple[str, ...] = tuple(c for c, lang in LANGUAGES.items() if c == lang.catalogue)


def catalogue_language(lang: str) -> str:
    """The catalogue a build language reads: Kazakh in Latin script is made from Kazakh."""
    return LANGUAGES[lang].catalogue if lang in LANGUAGES else lang


def word_language(lang: str) -> str:
    """Word's w:lang for a build language."""
    return LANGUAGES[lang].word


def language_tag(lang: str) -> str:
    """The BCP 47 tag of a build language (kk-Latn-KZ for Kazakh in Latin script)."""
    return LANGUAGES[lang].tag


def language_name(lang: str) -> str:
    return LANGUAGES[lang].name
