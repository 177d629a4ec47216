"""Plural forms of the catalogue languages, and whether a header's rule is the same one.

Content entries are never plural, but a catalogue's header must still declare the
language's rule: Poedit and Weblate use it, and msgfmt checks it.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable

__all__ = ["PLURAL_FORMS", "plural_forms_ok"]

PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n != 1);",
}


def _plural_function(value: str | None) -> tuple[int, Callable[[int], int]] | None:
    if not value:
        return None
    parts = dict(
        (k.strip(), v.strip()) for k, _, v in
        (p.partition("=") for p in value.split(";") if "=" in p)
    )
    try:
        nplurals = int(parts["nplurals"])
        return nplurals, gettext.c2py(parts["plural"])
    except (KeyError, ValueError, SyntaxError):
        return None


def plural_forms_ok(value: str | None, lang: str) -> bool:
    """Same number of forms and same form for every n (spelling may differ, e.g. Weblate's)."""
    ours = _plural_function(PLURAL_FORMS[lang])
    theirs = _plural_function(value)
    if ours is None or theirs is None or ours[0] != theirs[0]:
        return False
    try:
        return all(ours[1](n) == theirs[1](n) for n in (*range(0, 230), 1001, 1011, 1021))
    except (ValueError, ZeroDivisionError, RecursionError):
        return False
