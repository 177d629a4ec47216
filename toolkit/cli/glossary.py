"""``toolkit i18n glossary``: the glossary to and from CAT tools as TBX (TBX-Basic).

User errors print as ``file:line:column: message`` and exit 1, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.errors import fail as _fail

glossary_app = typer.Typer(
    help="The glossary (toolkit base glossary + the submission's glossary.yaml) as TBX, "
    "for Trados, memoQ, OmegaT or Weblate.",
    no_args_is_help=True,
)

Folder = Annotated[Path, typer.Argument(
    help="The submission folder (holds submission.yaml and, if any, glossary.yaml).",
    show_default=False)]


def _folder(path: Path) -> None:
    if not path.is_dir():
        raise typer.BadParameter(f"{path} is not a folder: give the submission folder",
                                 param_hint="'SUBMISSION'")


@glossary_app.command("export")
def export(
    submission: Folder,
    out: Annotated[Path, typer.Option(help="The TBX file to write, e.g. glossary.tbx")],
) -> None:
    """Write the glossary in force for the submission as one TBX-Basic file."""
    from toolkit.fsutil import atomic_write_bytes
    from toolkit.i18n.tbx import write_tbx
    from toolkit.model.diagnostics import UserError
    from toolkit.read.glossary import load_glossary

    _folder(submission)
    if out.suffix.lower() not in (".tbx", ".xml"):  # never over glossary.yaml or a catalogue
        raise typer.BadParameter(f"{out} is no TBX file name: end it in .tbx",
                                 param_hint="'--out'")
    try:
        glossary = load_glossary(submission)
        name = submission.resolve().name
        atomic_write_bytes(out, write_tbx(glossary, f"Glossary of {name}"))
    except UserError as exc:
        _fail(exc)
        return
    typer.echo(f"wrote {out} ({len(glossary.entries)} entries)")


@glossary_app.command("import")
def import_tbx(
    submission: Folder,
    tbx: Annotated[Path, typer.Argument(help="The TBX file (TBX 2 or TBX 3) from a CAT tool.",
                                        show_default=False)],
) -> None:
    """Add the TBX file's entries to SUBMISSION/glossary.yaml.

    Only entries the glossary lacks (or that differ from the base glossary) are appended;
    nothing already in glossary.yaml is rewritten, so its comments stay. An entry that
    glossary.yaml has and the TBX file gives differently is kept and listed as a warning.
    """
    from toolkit.i18n.glossary_import import import_concepts
    from toolkit.i18n.tbx import TbxError, read_tbx
    from toolkit.model.diagnostics import UserError
    from toolkit.model.document import SourcePos
    from toolkit.read.files import UnreadableFile, read_guarded

    _folder(submission)
    shown = str(tbx)
    try:
        try:
            concepts = read_tbx(read_guarded(tbx, "tbx"))
        except UnreadableFile as exc:
            raise UserError(exc.message, SourcePos(shown)) from None
        except TbxError as exc:
            raise UserError(exc.message, SourcePos(shown, exc.line)) from None
        report = import_concepts(submission, concepts, shown)
    except UserError as exc:
        _fail(exc)
        return
    for diag in report.warnings.warnings:
        typer.echo(str(diag), err=True)
    verb = "updated" if report.added else "unchanged"
    typer.echo(f"{report.path}: {verb} — {report.added} added, {report.same} already there, "
               f"{report.skipped} differing (kept as written)")
