"""UN names of States (``toolkit/data/states.csv``) and how users' spellings map to them.

The cover, the running header and the recommending States of the UPR name States as the
UN does (UNTERM), not as CLDR does: «Кыргызстан», not «Киргизия». Users write a
recommending State as an English short name, an old name, a Russian or Kazakh name or an
ISO code; :meth:`StateTable.find` accepts all of them.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

STATES_FILE = Path(__file__).resolve().parent.parent / "data" / "states.csv"
NAME_LANGUAGES = ("en", "ru", "kk")


@dataclass(frozen=True)
class StateNames:
    short: str
    formal: str


@dataclass
class State:
    code: str
    alpha2: str
    status: str
    names: dict[str, StateNames]
    aliases: list[str] = field(default_factory=list)


def normalise(name: str) -> str:
    """A spelling reduced to what tells States apart: case, «ё», accents, "the", punctuation."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("ё", "е"))
    text = "".join(c for c in text if not unicodedata.combining(c) or c in "\u0306")
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[’'`.,()«»\"]", " ", text)
    text = re.sub(r"[\s\-–—]+", " ", text).strip()
    return text.removeprefix("the ")


class StateTable:
    """All States of the data file, looked up by code or by any known name."""

    def __init__(self, states: list[State]):
        self.states = {s.code: s for s in states}
        self._names: dict[str, str] | None = None  # built when a name is first looked up

    @property
    def _index(self) -> dict[str, str]:
        """Every spelling (normalised) → the State's code."""
        if self._names is None:
            self._names = {}
            for state in self.states.values():
                keys = [state.code, state.alpha2, *state.aliases]
                for names in state.names.values():
                    keys += [names.short, names.formal]
                for key in keys:
                    self._names.setdefault(normalise(key), state.code)
        return self._names

    @classmethod
    def load(cls, path: Path = STATES_FILE) -> StateTable:
        """Read the table (a CSV after ``#`` comment lines: a few milliseconds)."""
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if not line.startswith("#")]
        return cls([
            State(code=row["code"], alpha2=row["alpha2"], status=row["status"],
                  names={lang: StateNames(row[f"{lang}_short"], row[f"{lang}_formal"])
                         for lang in NAME_LANGUAGES},
                  aliases=[a for a in row["aliases"].split("; ") if a])
            for row in csv.DictReader(lines)
        ])

    def get(self, code: str) -> State | None:
        return self.states.get(code.upper())

    def find(self, name: str) -> State | None:
        """The State a user means by ``name`` (code, UN name, alias), or None."""
        code = self._index.get(normalise(name))
        return self.states.get(code) if code else None

    def suggest(self, name: str) -> str | None:
        """The closest English short name, for a "did you mean" (None if nothing is close)."""
        key = normalise(name)
        found = difflib.get_close_matches(key, list(self._index), n=1, cutoff=0.75)
        if not found:
            return None
        return self.states[self._index[found[0]]].names["en"].short
