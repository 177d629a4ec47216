"""Problems found in a user's files, reported as ``file:line:column: message``.

A user error is never a traceback: every stage collects :class:`Diagnostic` objects and
the CLI prints them all and exits non-zero. :class:`UserError` carries them out of a stage
that cannot go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from toolkit.model.document import SourcePos

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem, with where it is and what to do about it."""

    pos: SourcePos
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.pos}: {prefix}{self.message}"


@dataclass
class Diagnostics:
    """An ordered collection of diagnostics, errors and warnings together."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pos: SourcePos, message: str) -> None:
        self.items.append(Diagnostic(pos, message, "error"))

    def warning(self, pos: SourcePos, message: str) -> None:
        self.items.append(Diagnostic(pos, message, "warning"))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def __bool__(self) -> bool:
        return bool(self.errors)


class UserError(Exception):
    """Raised when a user's input stops a stage; carries every diagnostic found so far."""

    def __init__(
        self, diagnostics: Diagnostics | list[Diagnostic] | str, pos: SourcePos | None = None
    ):
        if isinstance(diagnostics, str):
            diags = Diagnostics()
            diags.error(pos or SourcePos("toolkit"), diagnostics)
            diagnostics = diags
        elif isinstance(diagnostics, list):
            diagnostics = Diagnostics(list(diagnostics))
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics.errors))
