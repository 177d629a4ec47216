"""The toolkit's own strings in the user's language (gettext catalogues in ``locales/``).

Every label the toolkit itself writes into a document goes through a :class:`Translator`,
so translators can work on ``locales/<lang>/LC_MESSAGES/toolkit.po`` in Poedit or Weblate.
The PO files are read directly (no compile step to forget); an entry that is fuzzy or
empty falls back to English, as gettext does.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

from babel import Locale

from toolkit.model.languages import LANGUAGES, catalogue_language


def _resource_dir(name: str) -> Path:
    """``templates/`` or ``locales/``: beside the package in a checkout (editable install),
    or under ``<prefix>/share/shadow-report-toolkit/`` after a regular ``pip install``."""
    beside = Path(__file__).resolve().parents[2] / name
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / "shadow-report-toolkit" / name


LOCALES_DIR = _resource_dir("locales")
TEMPLATES_DIR = _resource_dir("templates")

class Translator:
    """gettext for one language, plus the Babel locale for dates and numbers."""

    def __init__(self, lang: str, messages: dict[tuple[str | None, str], str | tuple[str, ...]]):
        self.lang = lang
        self.locale = Locale.parse(LANGUAGES[lang].babel)
        self._messages = messages
        self._latin: Callable[[str], str] | None = None  # kk-Latn: made on first use
        # ngettext answers already worked out (the plural rule is slow to evaluate)
        self._plurals: dict[tuple[str, str, int], str] = {}

    @property
    def messages(self) -> dict[tuple[str | None, str], str | tuple[str, ...]]:
        """The translations: (context, message) → translation (or plural forms)."""
        return self._messages

    def script(self, text: str) -> str:
        """Kazakh in Latin script is made from the Cyrillic catalogue by transliteration."""
        if self.lang == "kk-Latn":
            if self._latin is None:
                from toolkit.transform.translit import Transliterator

                self._latin = Transliterator()
            return self._latin(text)
        return text

    def raw(self, message: str) -> str:
        """The catalogue's string as written (for patterns that must not be transliterated)."""
        found = self._messages.get((None, message))
        return found if isinstance(found, str) and found else message

    def _(self, message: str) -> str:
        return self.script(self.raw(message))

    def pgettext(self, context: str, message: str) -> str:
        found = self._messages.get((context, message))
        return self.script(found if isinstance(found, str) and found else message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        key = (singular, plural, n)
        known = self._plurals.get(key)
        if known is None:
            known = self._plurals[key] = self._ngettext(singular, plural, n)
        return known

    def _ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self._messages.get((None, singular))
        if isinstance(found, tuple) and all(found):
            index = self.locale.plural_form(n)
            forms = ["zero", "one", "two", "few", "many", "other"]
            order = [f for f in forms if f in self.locale.plural_form.tags] + ["other"]
            # gettext plural index order follows the catalogue's Plural-Forms expression;
            # for our languages that is CLDR order without "zero"/"two".
            order = [f for f in order if f not in ("zero", "two")]
            deduped = list(dict.fromkeys(order))
            idx = deduped.index(index) if index in deduped else len(found) - 1
            return self.script(found[min(idx, len(found) - 1)])
        return singular if n == 1 else plural


def get_translator(lang: str, locales_dir: Path = LOCALES_DIR) -> Translator:
    """The translator for ``lang`` (English needs no catalogue)."""
    base = catalogue_language(lang)
    po_path = locales_dir / base / "LC_MESSAGES" / "toolkit.po"
    if base == "en" or not po_path.exists():
        return Translator(lang, {})
    stat = po_path.stat()
    return Translator(lang, _messages(po_path, base, (stat.st_mtime_ns, stat.st_size)))


@functools.lru_cache(maxsize=8)
def _messages(po_path: Path, base: str, stamp: tuple[int, int]
              ) -> dict[tuple[str | None, str], str | tuple[str, ...]]:
    """The catalogue's translations, read once per version of the file (``stamp``)."""
    from babel.messages.pofile import read_po  # only for a language other than English

    messages: dict[tuple[str | None, str], str | tuple[str, ...]] = {}
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=base)
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            strings = message.string if isinstance(message.string, tuple) else ()
            messages[(message.context, message.id[0])] = tuple(strings)
        else:
            messages[(message.context, message.id)] = message.string
    return messages
