"""States named by a submission: its own ``state:`` code and the UPR recommending States.

Both are rendered from the UN table of names (toolkit/data/states.csv). A name the table
does not know would be printed as written in every language, so ``check`` says so, at the
line, with the closest UN name.
"""

from __future__ import annotations

from typing import Any

from toolkit.model.diagnostics import Diagnostics
from toolkit.model.document import Document, SourcePos
from toolkit.model.states import StateTable


def state_diagnostics(doc: Document, origins: dict[str, Any],
                      states: StateTable | None = None) -> Diagnostics:
    """Warnings for an unknown State code and unknown recommending States."""
    states = states or StateTable.load()
    diags = Diagnostics()
    code = doc.meta.state
    if states.get(code) is None and not doc.meta.state_names:
        hint = states.suggest(code)
        known = states.find(hint) if hint else None
        did_you_mean = f" — did you mean {known.code} ({hint})?" if known else ""
        diags.warning(_field_pos(origins, "title", ("state",)) or SourcePos("submission.yaml"),
                      f"state: '{code}' is not the ISO code of a UN Member or observer State"
                      f"{did_you_mean}; give its names with state_name: {{en: …, ru: …, kk: …}}")
    for prev in doc.previous.values():
        given = prev.recommending_state
        names = [given] if isinstance(given, str) else list(given or [])
        for index, name in enumerate(names):
            if name and states.find(name) is None:
                field: tuple[str | int, ...] = ("recommending_state",)
                if not isinstance(given, str):
                    field = ("recommending_state", index)
                _unknown_state(diags, states, origins, prev, name, field)
    return diags


def _unknown_state(diags: Diagnostics, states: StateTable, origins: dict[str, Any],
                   prev: Any, name: str, field: tuple[str | int, ...]) -> None:
    """A recommending State that is not a UN name: warn at its line, with a did-you-mean."""
    origin = origins.get(prev.unit)
    pos = None
    if origin is not None and origin.path:
        pos = _field_pos(origins, prev.unit, (origin.path[0], *field))
    hint = states.suggest(name)
    did_you_mean = f" — did you mean '{hint}'?" if hint else ""
    diags.warning(pos or prev.pos or SourcePos("previous.yaml"),
                  f"recommending_state: '{name}' is not a UN name of a State, so it would "
                  f"be printed as written in every language{did_you_mean} (write the "
                  "English short name or the ISO code, e.g. GBR)")


def _field_pos(origins: dict[str, Any], unit: str, path: tuple[str | int, ...]
               ) -> SourcePos | None:
    origin = origins.get(unit)
    if origin is None:
        return None
    try:
        return origin.yfile.pos(path)
    except (KeyError, IndexError, TypeError):
        return None
