"""``toolkit import docx``: start a submission from an existing Word report.

Registered on the ``import`` sub-app of :mod:`toolkit.cli.import_cmd` by main.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.choices import closed_set, mechanisms, source_languages, state_code


def import_docx(
    report: Annotated[Path, typer.Argument(help="The Word report (.docx) to import.",
                                           show_default=False)],
    mechanism: Annotated[str, typer.Option(
        help="ccpr, cescr, cat, cedaw, crc, cerd, crpd or upr",
        callback=closed_set("mechanism", mechanisms))],
    state: Annotated[str, typer.Option(
        help="ISO 3166-1 alpha-3 code of the State, e.g. KAZ", callback=state_code)],
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Language of the report: en, ru or kk. Default: detected "
        "from its letters.", callback=closed_set("language", source_languages))] = None,
    out: Annotated[Path | None, typer.Option(
        help="New submission folder to write. Default: the report's name, beside it. "
        "Never overwritten: an existing, non-empty folder is refused.")] = None,
) -> None:
    """Write a new submission folder from a Word report, and say what was guessed.

    Headings become sections (article headings in English, Russian and Kazakh become
    article sections), paragraphs lose their typed numbers, footnotes become ^[...],
    recommendations and earlier recommendations are recognised. Check the result with
    toolkit check.
    """
    from toolkit.read.docx_import.package import ImportError_
    from toolkit.read.docx_import.run import import_docx as run_import

    target = out or report.with_suffix("")
    try:
        result = run_import(report, target, mechanism=mechanism, state=state, language=lang)
    except ImportError_ as exc:
        typer.echo(f"{report}: {exc}; nothing was written.", err=True)
        raise typer.Exit(1) from None
    for line in result.summary():
        typer.echo(line)
    for line in _check(target):
        typer.echo(line)
    typer.echo(f"wrote {target} ({len(result.files)} files): next run toolkit check {target}")


def _check(folder: Path) -> list[str]:
    """What ``toolkit check`` will say about what the document itself holds (an old report
    over today's word limit, say): the import wrote it faithfully, the user decides."""
    from toolkit.cli.main import rule_diagnostics
    from toolkit.model.diagnostics import Diagnostics, UserError
    from toolkit.pipeline import load

    try:
        loaded = load(folder)
        diags = loaded.diagnostics
        if not diags.errors and loaded.document is not None:
            found = rule_diagnostics(loaded)
            assert isinstance(found, Diagnostics)
            diags.extend(found)
    except UserError as exc:
        diags = exc.diagnostics
    return [f"check: {diag}" for diag in diags.errors]
