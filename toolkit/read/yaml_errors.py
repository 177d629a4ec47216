"""Where a YAML syntax error really is, in words a report writer understands.

A YAML parser notices a mistake where it stops making sense, often lines later: a missing
``:`` after a key turns the next lines into one long text, an unclosed quote runs on to the
next quote in the file. These rules look at the source lines around the parser's position
and name the line where the mistake was made, with the fix.
"""

from __future__ import annotations

import re
from typing import Any

_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)*([A-Za-z_][\w-]*)\s*:(\s|$)")
_BARE_WORD = re.compile(r"^(\s*(?:-\s+)*)([a-z_][a-z0-9_-]*)(\s+(.*))?$")
_QUOTED_VALUE = re.compile(r"""^(\s*(?:-\s+)*)(?:[A-Za-z_][\w-]*\s*:\s+)?(?:-\s+)?(["'])""")


def _field_names() -> set[str]:
    """Every field name of the input format (a key is told from a word in a text by these)."""
    from toolkit.read import schema

    names: set[str] = set()
    for model in schema.MODELS:
        names |= set(model.model_fields)
    return names


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_column(line: str) -> int:
    """Column (0-based) where a line's content starts, after any ``- `` item markers."""
    match = re.match(r"^\s*(?:-\s+)*", line)
    return match.end() if match else 0


def _missing_colon(lines: list[str], lineno: int) -> tuple[int, int, str]:
    """The message for a key line (1-based ``lineno``) that lacks its colon."""
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    bare = _BARE_WORD.match(line)
    if bare:
        key = bare.group(2)
        rest = (bare.group(4) or "").strip()
        example = f"{key}: {rest}" if rest else f"{key}: …"
        return (lineno, len(bare.group(1)) + len(key) + 1,
                f"missing ':' after '{key}': write '{example}'")
    return (lineno, _content_column(line) + 1,
            "this line is neither 'key: value' nor part of the text above: add the missing "
            "':' after the key, or, if it continues a text, indent it further than the "
            "text's key")


def _close_quote(text: str, start: int, quote: str) -> int:
    """Offset of the quote that closes the one at ``start``, or -1."""
    i = start + 1
    while i < len(text):
        char = text[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and text.startswith("''", i):
                i += 2
                continue
            return i
        i += 1
    return -1


def _unclosed_quote(lines: list[str], up_to: int) -> tuple[int, int, str] | None:
    """A quote opened on a line up to ``up_to`` whose text swallows the following keys."""
    text = "\n".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for index, line in enumerate(lines[:up_to]):
        match = _QUOTED_VALUE.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        quote = match.group(2)
        offset = starts[index] + match.start(2)
        close = _close_quote(text, offset, quote)
        last = text.count("\n", 0, close) if close >= 0 else len(lines) - 1
        if last == index:
            continue
        key_column = _indent(line)
        swallowed = [n for n in range(index + 1, min(last, len(lines) - 1) + 1)
                     if lines[n].strip() and _KEY_LINE.match(lines[n])
                     and _indent(lines[n]) <= key_column]
        if close < 0 or swallowed:
            where = "" if close < 0 else f" (as written, it runs on to line {last + 1})"
            return (index + 1, match.start(2) + 1,
                    f"the quote {quote} opened here is never closed{where}: add the closing "
                    f"{quote} at the end of the text")
    return None


def diagnose(exc: Any, lines: list[str]) -> tuple[int, int, str] | None:
    """(line, column, message) of the real mistake behind a YAML error, or None."""
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    error_line = problem_mark.line + 1 if problem_mark is not None else len(lines)
    if ("quoted scalar" in context and context_mark is not None
            and ("end of stream" in problem or "document" in problem)):
        line = context_mark.line + 1
        quote = (lines[line - 1][context_mark.column:context_mark.column + 1]
                 if line <= len(lines) else '"')
        return (line, context_mark.column + 1,
                f"the quote {quote} opened here is never closed: add the closing {quote} at "
                "the end of the text")
    unclosed = _unclosed_quote(lines, error_line)
    if unclosed:
        return unclosed
    if "could not find expected ':'" in problem and context_mark is not None:
        return _missing_colon(lines, context_mark.line + 1)
    if "mapping values are not allowed" in problem and problem_mark is not None:
        line = lines[problem_mark.line] if problem_mark.line < len(lines) else ""
        previous = problem_mark.line - 1
        while previous >= 0 and not lines[previous].strip():
            previous -= 1
        before = lines[previous] if previous >= 0 else ""
        if (_KEY_LINE.match(line) and previous >= 0
                and _content_column(before) == _indent(line)
                and not _KEY_LINE.match(before) and not before.rstrip().endswith(":")
                and not before.lstrip().startswith("#")):
            return _missing_colon(lines, previous + 1)
        key = _KEY_LINE.match(line)
        if key and key.end(2) <= problem_mark.column <= key.end(2) + 1 and key.group(2) in (
                _field_names()):
            return (problem_mark.line + 1, _indent(line) + 1,
                    f"'{key.group(2)}' is not lined up with the keys it belongs with: check "
                    "the indentation (the same number of spaces as the key above it)")
        return (problem_mark.line + 1, problem_mark.column + 1,
                "': ' inside a text that is not in quotes reads as a new 'key: value': write "
                "the text as a block ('text: >' and the text on the lines below, indented) or "
                "put it in double quotes")
    return None
