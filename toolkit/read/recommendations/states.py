"""Recommending States at the end of a UPR recommendation: "… (Maldives) (Portugal);".

The States follow the text in brackets, one bracket per State (4th cycle) or several in
one ("(Portugal, Slovakia)"), and UN names may hold brackets themselves ("Bolivia
(Plurinational State of)"). A bracket counts as States only when each name in it looks
like a State (a known country, a UN short name, or capitalised words), so "(OP-CAT)" or
"(2019)" inside the text stays text.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.model.states import StateTable

_UN_NAMES = {
    "türkiye", "turkiye", "republic of korea", "democratic people's republic of korea",
    "republic of moldova", "united republic of tanzania", "holy see", "state of palestine",
    "côte d'ivoire", "cote d'ivoire", "czechia", "russian federation", "syrian arab republic",
    "lao people's democratic republic", "bolivia (plurinational state of)",
    "venezuela (bolivarian republic of)", "iran (islamic republic of)",
    "micronesia (federated states of)", "netherlands (kingdom of the)",
    "united kingdom of great britain and northern ireland", "united states of america",
    "viet nam", "north macedonia", "eswatini", "cabo verde", "timor-leste",
    "brunei darussalam", "democratic republic of the congo", "congo", "gambia",
    "european union",
}
_SMALL_WORDS = {"of", "the", "and", "de", "d'", "du", "la", "le", "des", "del", "y", "et"}
# words of a treaty, law or body named in brackets inside a recommendation, never of a State
_NOT_STATE = re.compile(
    r"\b(?:convention|protocol|covenant|act|law|code|principles|plan|programme|program|"
    r"strategy|agenda|rules|declaration|committee|commission|council|office|court|"
    r"guidelines|standards|treaty|charter|ombudsman|procedure|mechanism|report)s?\b", re.I)


@functools.lru_cache(maxsize=1)
def _state_table() -> StateTable:
    """The shipped table of UN names, read once per import run (``cache_clear`` resets)."""
    from toolkit.model.states import StateTable

    return StateTable.load()


def _looks_like_state(name: str) -> bool:
    name = re.sub(r"\s+", " ", name.replace("’", "'")).strip()
    if not name or len(name) > 70 or re.search(r"\d", name):
        return False
    if name.casefold() in _UN_NAMES:
        return True
    head = re.sub(r"\s*\(.*\)\s*$", "", name).strip()
    table = _state_table()
    if any(table.find(candidate) is not None for candidate in (name, head)):
        return True
    if name.isupper() or _NOT_STATE.search(name):  # OP-CAT, CEDAW, Istanbul Convention
        return False
    words = re.findall(r"[\w'’-]+", head)
    return bool(words) and len(words) <= 7 and all(
        w[0].isupper() or w.casefold() in _SMALL_WORDS for w in words)


def _top_level(text: str) -> list[tuple[str, str]]:
    """Split into ('text', …), ('group', inner) and ('semi', ';') tokens at bracket depth 0."""
    tokens: list[tuple[str, str]] = []
    depth = 0
    buf = ""
    for char in text:
        if char == "(":
            if depth == 0:
                if buf:
                    tokens.append(("text", buf))
                buf = ""
            else:
                buf += char
            depth += 1
        elif char == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                tokens.append(("group", buf))
                buf = ""
            else:
                buf += char
        elif char == ";" and depth == 0:
            if buf:
                tokens.append(("text", buf))
            tokens.append(("semi", ";"))
            buf = ""
        else:
            buf += char
    if buf:
        tokens.append(("text" if depth == 0 else "text", ("(" * depth) + buf))
    return tokens


def _split_names(inner: str) -> list[str]:
    names: list[str] = []
    depth = 0
    buf = ""
    for char in inner:
        depth += (char == "(") - (char == ")")
        if char in ",;" and depth == 0:
            names.append(buf.strip())
            buf = ""
        else:
            buf += char
    names.append(buf.strip())
    return [n for n in names if n]


def split_states(body: str) -> list[tuple[str, list[str]]]:
    """Each recommendation of a cell with its States: [(text, [State, …]), …]."""
    segments: list[list[tuple[str, str]]] = [[]]
    for token in _top_level(body):
        if token[0] == "semi":
            segments.append([])
        else:
            segments[-1].append(token)
    parts: list[tuple[str, list[str]]] = []
    pending = ""  # text of segments without States: a ';' inside one recommendation
    for tokens in segments:
        states: list[str] = []
        end = len(tokens)
        while end > 0:
            kind, value = tokens[end - 1]
            if kind == "text" and not value.strip(" .,"):
                end -= 1
                continue
            if kind != "group":
                break
            names = _split_names(value)
            if not names or not all(_looks_like_state(n) for n in names):
                break
            states[:0] = [n.replace("’", "'") if "’" in n else n for n in names]
            end -= 1
        text = "".join(f"({v})" if k == "group" else v for k, v in tokens[:end]).strip()
        text = re.sub(r"\s+", " ", text).strip(" ,")
        if not text and not states:
            continue
        if not states:
            pending = f"{pending}; {text}" if pending else text
            continue
        if pending:
            text = f"{pending}; {text}" if text else pending
            pending = ""
        parts.append((text, states))
    if pending:
        if parts:
            last_text, last_states = parts[-1]
            parts[-1] = (f"{last_text}; {pending}", last_states)
        else:
            parts.append((pending, []))
    return parts
