"""How a sub-command reports a user error: every problem as file:line: message, exit 1."""

from __future__ import annotations

import typer


def fail(exc: Exception) -> None:
    """Print a UserError's diagnostics (file:line: message) and exit 1."""
    from toolkit.model.diagnostics import UserError

    assert isinstance(exc, UserError)
    for diag in exc.diagnostics.errors:
        typer.echo(str(diag), err=True)
    count = len(exc.diagnostics.errors)
    typer.echo(f"{count} error{'s' if count != 1 else ''}; nothing was written.", err=True)
    raise typer.Exit(1)
