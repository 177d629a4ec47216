"""``toolkit preview``: start the server, print where it is, stop cleanly on Ctrl-C."""

from __future__ import annotations

import threading
from pathlib import Path

import typer


def run_preview(submission: Path, port: int, lang: str | None) -> None:
    from toolkit.preview.server import start

    if not (Path(submission) / "submission.yaml").is_file():
        typer.echo(f"{submission}: no submission.yaml here: give the submission's folder",
                   err=True)
        raise typer.Exit(1)
    try:
        server, watcher = start(submission, port, lang)
    except OSError as exc:
        typer.echo(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}: "
                   "choose another --port", err=True)
        raise typer.Exit(1) from None
    state = server.state
    typer.echo(f"preview of {state.root} at {server.url} (Ctrl-C stops it)")
    for problem in state.problems:
        typer.echo(problem, err=True)
    try:
        threading.Event().wait()  # until Ctrl-C
    except KeyboardInterrupt:
        typer.echo("stopping")
    finally:
        server.stop()
        watcher.join(timeout=5)
