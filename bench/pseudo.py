"""Complete ru and kk catalogues of a submission, pseudo-translated.

The catalogues are made by the toolkit itself (``toolkit i18n update``) when that command
exists, so that every ``msgid`` is the unit's markup exactly as the toolkit normalises it;
otherwise they are built here from :func:`toolkit.reader.read_submission` and
:func:`toolkit.markup.to_markup`. Then every ``msgstr`` is filled with a
pseudo-translation: each English word becomes a Cyrillic (ru) or Kazakh-alphabet (kk)
word of about the same length, while footnotes, citations, cross-references and links
stay intact (checked with :func:`toolkit.markup.tokens`).
"""

from __future__ import annotations

import importlib
import random
import re
import subprocess
import zlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from toolkit.model.document import Cite, Emph, Inline, Link, Note, Ref, Strong, Text
from toolkit.read.markup import parse_inline, to_markup, tokens

ALPHABETS = {  # consonants, vowels
    "ru": ("бвгджзклмнпрстфхцчшщ", "аеиоуыэюяё"),
    "kk": ("бвгғджзйкқлмнңпрстшх", "аәеиоөұүыі"),
}
_WORD = re.compile(r"[A-Za-z]+")


def _toolkit_po() -> ModuleType | None:
    """The toolkit's exact PO reader/writer (``toolkit.i18n.po``), if this checkout has it."""
    try:
        return importlib.import_module("toolkit.i18n.po")
    except ImportError:
        return None


class PseudoTranslator:
    """Replaces English words by stable pseudo-words of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.consonants, self.vowels = ALPHABETS[lang]
        self.cache: dict[str, str] = {}

    def word(self, word: str) -> str:
        key = word.lower()
        made = self.cache.get(key)
        if made is None:
            rng = random.Random(zlib.crc32(f"{self.lang}:{key}".encode()))
            length = max(1, len(word) + rng.choice((-1, 0, 0, 1, 2)))
            vowel = rng.random() < 0.4
            letters = []
            for _ in range(length):
                letters.append(rng.choice(self.vowels if vowel else self.consonants))
                vowel = not vowel if rng.random() < 0.85 else vowel
            made = self.cache[key] = "".join(letters)
        if word.isupper() and len(word) > 1:
            return made.upper()
        return made.capitalize() if word[0].isupper() else made

    def text(self, text: str) -> str:
        return _WORD.sub(lambda m: self.word(m.group()), text)

    def nodes(self, nodes: Sequence[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(Text(self.text(node.text)))
            elif isinstance(node, Emph):
                out.append(Emph(self.nodes(node.children)))
            elif isinstance(node, Strong):
                out.append(Strong(self.nodes(node.children)))
            elif isinstance(node, Note):
                out.append(Note(self.nodes(node.children)))
            elif isinstance(node, Link):
                kids = node.children
                is_auto = len(kids) == 1 and isinstance(kids[0], Text) and kids[0].text == node.url
                out.append(Link(node.url, list(kids) if is_auto else self.nodes(kids)))
            elif isinstance(node, Cite):
                out.append(Cite(node.key, node.locator))
            elif isinstance(node, Ref):
                out.append(Ref(node.kind, node.target))
        return out

    def markup(self, source: str) -> str:
        """The pseudo-translation of one unit's markup; raises if a token was lost."""
        nodes = parse_inline(source)
        result = to_markup(self.nodes(nodes))
        if tokens(parse_inline(result)) != tokens(nodes):
            raise AssertionError(f"pseudo-translation lost a token: {source!r}")
        return result


def i18n_command_exists(toolkit: Sequence[str]) -> bool:
    """Whether ``toolkit i18n update`` is available yet."""
    done = subprocess.run([*toolkit, "i18n", "update", "--help"], capture_output=True)
    return done.returncode == 0


def source_units(root: Path) -> list[tuple[str, str]]:
    """(unit id, normalised markup) of every translatable text, in document order."""
    from toolkit.read.submission import read_submission

    doc = read_submission(root).document
    if doc is None:
        raise RuntimeError(f"{root}: submission does not read")
    units = [("title", to_markup(doc.meta.title))]
    for sec in doc.sections:
        if sec.heading_unit:
            units.append((sec.heading_unit, to_markup(sec.heading)))
        units += [(p.unit, to_markup(p.content)) for p in sec.paragraphs]
        units += [(r.unit, to_markup(r.content)) for r in sec.recommendations]
    units += [(s.unit, to_markup(s.citation)) for s in doc.sources.values()]
    units += [(p.unit, to_markup(p.content)) for p in doc.previous.values()]
    return units


def _fallback_catalogue(root: Path, lang: str, path: Path) -> None:
    catalog = Catalog(locale=lang, project=root.name, fuzzy=False)
    for unit, markup in source_units(root):
        catalog.add(markup, "", context=unit)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def make_catalogues(root: Path, langs: Sequence[str], toolkit: Sequence[str]) -> str:
    """Write complete pseudo-translated ``locales/<lang>.po``; returns how they were made."""
    paths = {lang: root / "locales" / f"{lang}.po" for lang in langs}
    how = "fallback (toolkit i18n update does not exist yet)"
    if i18n_command_exists(toolkit):
        args = [a for lang in langs for a in ("--lang", lang)]
        done = subprocess.run([*toolkit, "i18n", "update", str(root), *args],
                              capture_output=True, text=True)
        if done.returncode == 0 and all(p.exists() for p in paths.values()):
            how = "toolkit i18n update"
        else:
            reason = (done.stderr.strip().splitlines() or ["catalogue missing"])[-1]
            how = f"fallback (toolkit i18n update failed: {reason})"
    for lang, path in paths.items():
        if how.startswith("fallback"):
            path.parent.mkdir(parents=True, exist_ok=True)
            _fallback_catalogue(root, lang, path)
        _fill(path, lang)
    return how


def _fill(path: Path, lang: str) -> None:
    """Pseudo-translate every entry, with the toolkit's exact PO writer when it has one."""
    translator = PseudoTranslator(lang)
    po = _toolkit_po()
    if po is not None:
        catalogue = po.parse_po(path.read_bytes())
        for entry in catalogue.active:
            if entry.msgid and entry.msgctxt and entry.msgid_plural is None:
                entry.msgstr = translator.markup(entry.msgid)
                entry.fuzzy = False
        path.write_text(po.write_po(catalogue), encoding="utf-8")
        return
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    for message in catalog:
        if message.id and message.context and isinstance(message.id, str):
            message.string = translator.markup(message.id)
            message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog)


def catalogue_size(path: Path) -> int:
    """Translated entries in a PO file."""
    with path.open("rb") as handle:
        return sum(1 for m in read_po(handle) if m.id and m.string)
