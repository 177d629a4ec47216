"""Options that take one of a closed set of values: a wrong value is wrong usage (exit 2).

The sets live where the toolkit defines them (mechanisms, languages, formats); they are
imported only when a value is checked, so ``toolkit --help`` stays fast. The message lists
every valid choice and, when one is close, asks whether it was meant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import typer


def _suggest(value: str, choices: Sequence[str]) -> str:
    import difflib

    lowered = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""


def _one_of(choices: Sequence[str]) -> str:
    quoted = [f"'{choice}'" for choice in choices]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def reject(value: str, what: str, choices: Sequence[str]) -> typer.BadParameter:
    """The usage error for ``value``: every valid choice, and the closest one if any."""
    return typer.BadParameter(
        f"unknown {what} '{value}': choose {_one_of(choices)}{_suggest(value, choices)}")


def closed_set(what: str, choices: Callable[[], Sequence[str]],
               many: bool = False) -> Callable[..., object]:
    """A typer callback accepting only values of ``choices()``; ``many``: a repeatable option.

    A repeatable option given no value returns an empty list, never None: typer (< 0.15)
    converts the callback's result again and fails on None.
    """

    def check(value: str | Sequence[str] | None) -> str | list[str] | None:
        if value is None:
            return [] if many else None
        valid = tuple(choices())
        items = [value] if isinstance(value, str) else list(value)
        for item in items:
            if item not in valid:
                raise reject(item, what, valid)
        return items if many else value

    return check


def mechanisms() -> Sequence[str]:
    from toolkit.read.schema import MECHANISMS

    return MECHANISMS


def build_languages() -> Sequence[str]:
    from toolkit.model.languages import BUILD_LANGUAGES

    return BUILD_LANGUAGES


def source_languages() -> Sequence[str]:
    """The languages a submission can be written in (and catalogues kept for)."""
    from toolkit.model.languages import SOURCE_LANGUAGES

    return SOURCE_LANGUAGES


def export_formats() -> Sequence[str]:
    from toolkit.write.matrix import FORMATS

    return FORMATS


def state_code(value: str | None) -> str | None:
    """An ISO 3166-1 alpha-3 code, upper-cased; a country's name suggests its code."""
    if value is None:
        return None
    import difflib

    from toolkit.model.states import StateTable

    table = StateTable.load()
    country = table.get(value)
    if country is not None:
        return country.code
    hint = ""
    named = table.find(value)
    if named is not None:
        hint = f" (did you mean '{named.code}'?)"
    else:
        close = difflib.get_close_matches(value.upper(), list(table.states), n=3, cutoff=0.6)
        if close:
            hint = f" (did you mean {_one_of(close)}?)"
    raise typer.BadParameter(
        f"unknown State code '{value}': use the ISO 3166-1 alpha-3 code, e.g. KAZ{hint}")
