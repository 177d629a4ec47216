"""Reading the glossary: the toolkit's base glossary, extended by a submission's own.

The base glossary (``toolkit/data/glossary.yaml``) holds the UN terms every report uses in
English, Russian and Kazakh. A submission may add ``glossary.yaml`` beside submission.yaml:
an entry whose English term (or, without one, first term) is a base entry's replaces the
fields it names, ``ignore: true`` switches a base entry off, any other entry is added.
Both files are read like every other input: through the guarded opener, as safe YAML,
every mistake reported at ``file:line:column``.

An entry::

    - en: concluding observations        # a term, or a list: the first is preferred
      ru: заключительные замечания
      kk: қорытынды ескертпелер
      forbidden: {kk: [қорытынды ескертулер]}
      note: UN term; always plural
      source: UNTERM; CCPR/C/KAZ/CO/2 (ru)
      kk_checked: false                  # the Kazakh form is not confirmed by a source
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import SourcePos
from toolkit.model.languages import SOURCE_LANGUAGES
from toolkit.read.yaml_positions import YamlFile, load_yaml

__all__ = [
    "BASE_GLOSSARY",
    "GLOSSARY_FILE",
    "Glossary",
    "GlossaryEntry",
    "load_glossary",
    "parse_glossary",
]

BASE_GLOSSARY = Path(__file__).resolve().parent.parent / "data" / "glossary.yaml"
GLOSSARY_FILE = "glossary.yaml"

_TEXT_FIELDS = ("note", "source")
_FIELDS = (*SOURCE_LANGUAGES, "forbidden", *_TEXT_FIELDS, "kk_checked", "ignore")


@dataclass(frozen=True)
class GlossaryEntry:
    """One concept: its required term per language, and the variants not to use."""

    key: str  # what a submission's entry overrides it by
    forms: dict[str, tuple[str, ...]]  # language → accepted terms, the first preferred
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""
    source: str = ""
    kk_checked: bool = True
    ignore: bool = False
    pos: SourcePos = field(default_factory=lambda: SourcePos("glossary.yaml"))
    named: frozenset[str] = frozenset()  # the fields its file wrote


@dataclass
class Glossary:
    """The glossary in force for one submission, base entries first."""

    entries: list[GlossaryEntry] = field(default_factory=list)

    def term(self, lang: str) -> list[tuple[GlossaryEntry, str]]:
        """Every entry with a term in ``lang``, with its preferred term."""
        return [(e, e.forms[lang][0]) for e in self.entries if lang in e.forms]


def _display(path: Path) -> str:
    if path.is_absolute():
        try:
            return os.path.relpath(path, Path.cwd())
        except ValueError:
            return str(path)
    return str(path)


def _terms(value: Any, where: SourcePos, what: str, diags: Diagnostics) -> tuple[str, ...]:
    """A term or a list of terms, each with at least one word."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip() or not any(c.isalpha() for c in item):
            diags.error(where, f"{what}: write a term (words), or a list of terms "
                        "[first, second]; the first is the one to use")
            return ()
        out.append(" ".join(item.split()))
    if not out:
        diags.error(where, f"{what}: the list is empty: write at least one term")
    return tuple(out)


def _flag(value: Any, where: SourcePos, name: str, diags: Diagnostics) -> bool:
    if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
        return value.lower() in ("true", "yes")
    diags.error(where, f"{name}: write true or false")
    return False


def _entry(item: Any, index: int, yfile: YamlFile, diags: Diagnostics) -> GlossaryEntry | None:
    where = yfile.pos((index,))
    if not isinstance(item, dict):
        diags.error(where, "each glossary entry is a mapping: '- en: term' with 'ru:', 'kk:' "
                    "below it")
        return None
    before = len(diags.errors)
    forms: dict[str, tuple[str, ...]] = {}
    forbidden: dict[str, tuple[str, ...]] = {}
    texts: dict[str, str] = {}
    kk_checked, ignore = True, False
    for key, value in item.items():
        at = yfile.pos((index, key))
        if key in SOURCE_LANGUAGES:
            forms[key] = _terms(value, at, key, diags)
        elif key == "forbidden":
            if not isinstance(value, dict):
                diags.error(at, "forbidden: write the variants not to use per language, "
                            "e.g. forbidden: {kk: [қорытынды ескертулер]}")
                continue
            for lang, variants in value.items():
                lat = yfile.pos((index, key, lang))
                if lang not in SOURCE_LANGUAGES:
                    diags.error(lat, f"forbidden: '{lang}' is no language of the toolkit: "
                                f"use {', '.join(SOURCE_LANGUAGES)}")
                    continue
                forbidden[lang] = _terms(variants, lat, f"forbidden {lang}", diags)
        elif key in _TEXT_FIELDS:
            if not isinstance(value, str):
                diags.error(at, f"{key}: write a line of text")
                continue
            texts[key] = " ".join(value.split())
        elif key == "kk_checked":
            kk_checked = _flag(value, at, key, diags)
        elif key == "ignore":
            ignore = _flag(value, at, key, diags)
        else:
            close = difflib.get_close_matches(str(key), _FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            diags.error(at, f"unknown field '{key}'{hint}: a glossary entry has "
                        f"{', '.join(_FIELDS)}")
    if len(diags.errors) > before:
        return None
    if not forms:
        diags.error(where, "the entry names no term: write at least 'en:' (or the term in the "
                    "submission's source language)")
        return None
    first = "en" if "en" in forms else next(iter(forms))
    key = forms[first][0].lower() if first == "en" else f"{first}:{forms[first][0].lower()}"
    return GlossaryEntry(key=key, forms=forms, forbidden=forbidden, note=texts.get("note", ""),
                         source=texts.get("source", ""), kk_checked=kk_checked, ignore=ignore,
                         pos=where, named=frozenset(item))


def parse_glossary(yfile: YamlFile, diags: Diagnostics) -> list[GlossaryEntry]:
    """The entries of one glossary file; problems go to ``diags``."""
    if not isinstance(yfile.data, list):
        diags.error(yfile.pos(()), "a glossary is a list of entries, each starting with "
                    "'- en: term'")
        return []
    entries: list[GlossaryEntry] = []
    seen: dict[str, GlossaryEntry] = {}
    for index, item in enumerate(yfile.data):
        entry = _entry(item, index, yfile, diags)
        if entry is None:
            continue
        if entry.key in seen:
            diags.error(entry.pos, f"the term '{entry.key}' is already an entry at line "
                        f"{seen[entry.key].pos.line}: merge the two")
            continue
        seen[entry.key] = entry
        entries.append(entry)
    return entries


def _override(base: GlossaryEntry, mine: GlossaryEntry) -> GlossaryEntry:
    """``base`` with the fields ``mine`` names replaced by its own."""
    forms = dict(base.forms)
    forms.update(mine.forms)
    forbidden = dict(base.forbidden)
    forbidden.update(mine.forbidden)
    named = mine.named
    return replace(
        base, forms=forms, forbidden=forbidden, pos=mine.pos,
        note=mine.note if "note" in named else base.note,
        source=mine.source if "source" in named else base.source,
        kk_checked=mine.kk_checked if "kk_checked" in named else
        (True if "kk" in named else base.kk_checked),
        ignore=mine.ignore, named=base.named | named)


def merge_glossaries(base: list[GlossaryEntry], mine: list[GlossaryEntry]) -> Glossary:
    """The base glossary extended and overridden by a submission's entries."""
    by_key = {entry.key: entry for entry in base}
    order = [entry.key for entry in base]
    for entry in mine:
        if entry.key in by_key:
            by_key[entry.key] = _override(by_key[entry.key], entry)
        else:
            by_key[entry.key] = entry
            order.append(entry.key)
    return Glossary([by_key[key] for key in order if not by_key[key].ignore])


def read_glossary_file(path: Path, diags: Diagnostics, root: Path | None = None) -> \
        list[GlossaryEntry]:
    """The entries of one glossary file (read through the guarded opener)."""
    yfile = load_yaml(path, _display(path), diags, root)
    if yfile is None:
        return []
    return parse_glossary(yfile, diags)


def load_glossary(root: Path | None, *, base: Path = BASE_GLOSSARY) -> Glossary:
    """The glossary in force for the submission at ``root`` (the base one alone when
    ``root`` is None or has no glossary.yaml). A mistake in either file raises UserError."""
    diags = Diagnostics()
    entries = read_glossary_file(base, diags)
    mine: list[GlossaryEntry] = []
    if root is not None:
        path = Path(root) / GLOSSARY_FILE
        if path.is_symlink() or path.exists():
            mine = read_glossary_file(path, diags, Path(root))
    if diags.errors:
        raise UserError(diags)
    return merge_glossaries(entries, mine)
