"""English lemmas: lemminflect's lexicon, read for the few words a check asks about.

The SMART check (is the first word a verb?) and the glossary (is "States parties" a form
of "State party"?) need ``lemminflect.getAllLemmas`` for a few hundred words. Calling it
costs about a second: importing lemminflect imports numpy (for its inflection model,
which no check uses) and the first call builds a table of every English word. Instead,
:func:`english_lemmas` reads lemminflect's own lemma file (sorted by word, one
``word,category,lemma/lemma`` line per reading) and its overrides, found beside the
package without importing it, and answers each word by bisection exactly as
``getAllLemmas`` does: the readings in file order, the overrides on top, the word's
capitalisation applied to the lemmas. Should the files not be where and what this expects
(another lemminflect), ``getAllLemmas`` itself is used. The answers are compared with
``getAllLemmas``'s in the tests.
"""

from __future__ import annotations

import bisect
import gzip
import importlib.util
import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["english_lemmas"]

Readings = dict[str, Any]  # part of speech (UPOS) → its lemmas, as getAllLemmas gives them


def english_lemmas() -> Callable[[str], Readings]:
    """A ``getAllLemmas(word)`` for one run; build one per run (it holds the lexicon)."""
    return _from_files() or _from_package()


def _resources() -> Path | None:
    """lemminflect's data folder, found without importing the package (nor numpy)."""
    try:
        spec = importlib.util.find_spec("lemminflect")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


def _from_files() -> Callable[[str], Readings] | None:
    resources = _resources()
    if resources is None:
        return None
    try:
        with gzip.open(resources / "lemma_lu.csv.gz", "rb") as handle:
            lines = [line for line in handle.read().decode().split("\n") if line.strip()]
        overrides = _overrides(resources / "lemma_overrides.csv")
    except (OSError, UnicodeDecodeError, EOFError, ValueError):
        return None
    if not lines or any(line.count(",") != 2 for line in lines):
        return None  # not the format this reader knows
    words = [line.partition(",")[0] for line in lines]
    if not all(map(operator.le, words, words[1:])):
        return None

    def readings(word: str) -> Readings:
        style = _caps_style(word)
        word = word.lower()
        lemmas: Readings = {}
        index = bisect.bisect_left(words, word)
        while index < len(words) and words[index] == word:
            _, category, forms = lines[index].strip().split(",")
            lemmas[_upos(category)] = tuple(forms.split("/"))
            index += 1
        lemmas.update(overrides.get(word, {}))
        return {pos: _with_caps(forms, style) for pos, forms in lemmas.items()}

    return readings


def _overrides(path: Path) -> dict[str, Readings]:
    """``word,UPOS,lemma`` lines (``#`` comments): readings that replace the file's."""
    out: dict[str, Readings] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, pos, lemma = line.split(",")  # ValueError: not the expected format
        out.setdefault(word, {})[pos] = (lemma,)
    return out


def _upos(category: str) -> str:
    upos = category.upper()
    return "AUX" if upos == "MODAL" else upos


def _caps_style(word: str) -> str:
    if word.isupper():
        return "all_upper"
    return "first_upper" if word and word[0].isupper() else "lower"


def _with_caps(forms: Any, style: str) -> Any:
    def one(form: str) -> str:
        if style == "all_upper":
            return form.upper()
        return form.capitalize() if style == "first_upper" else form.lower()

    return tuple(one(form) for form in forms) if isinstance(forms, list | tuple) else one(forms)


def _from_package() -> Callable[[str], Readings]:
    from lemminflect import getAllLemmas

    return getAllLemmas
