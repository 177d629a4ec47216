"""``toolkit import recommendations``: what OHCHR publishes → the submission's previous.yaml.

The command reads one file the user names (or text on stdin), prints what it found and
what it guessed, and merges the recommendations into ``DIR/previous.yaml`` (see
:mod:`toolkit.read.recommendations.previous_file` for what is never lost). Any problem
in the input: one message, exit 1, nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import_app = typer.Typer(
    help="Import into a submission: recommendations published by the UN, or a Word report.",
    no_args_is_help=True)

FORMAT_NAMES = ("upr-matrix", "concluding-observations", "csv", "xlsx", "toolkit-export")


@import_app.command("recommendations")
def import_recommendations(
    source: Annotated[str, typer.Argument(
        metavar="FILE", help="The UPR matrix (.docx), concluding observations (.docx, .txt, "
        "or - to paste text), a CSV/XLSX export of a recommendations database, or the "
        "toolkit's own export (.json, *-previous-LANG.csv, .xlsx).")],
    into: Annotated[Path, typer.Option(
        "--into", help="The submission folder whose previous.yaml to create or extend.")
    ] = Path("."),
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="upr-matrix, concluding-observations, csv, xlsx or toolkit-export. "
        "Default: detected from the file.")] = None,
    document: Annotated[str | None, typer.Option(
        help="The document symbol when the file does not give it, e.g. CCPR/C/KAZ/CO/2.")
    ] = None,
    mapping: Annotated[Path | None, typer.Option(
        help="Your column mapping for CSV/XLSX (copy toolkit/data/"
        "recommendation_mappings.yaml and adjust it).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would change; write nothing.")] = False,
) -> None:
    """Add the recommendations of a published file to previous.yaml.

    Existing entries are kept as they are; one with the same document and paragraph is
    updated (and reported), never duplicated. The previous file is kept as
    previous.yaml.bak whenever it changes.
    """
    from toolkit.model.diagnostics import UserError

    if fmt is not None and fmt not in FORMAT_NAMES:
        typer.echo(f"unknown format '{fmt}': choose {', '.join(FORMAT_NAMES)}", err=True)
        raise typer.Exit(2)
    try:
        _run(source, into, fmt, document, mapping, dry_run)
    except UserError as exc:
        for diag in exc.diagnostics.errors:
            typer.echo(str(diag), err=True)
        typer.echo("nothing was written.", err=True)
        raise typer.Exit(1) from None


def _run(source: str, into: Path, fmt: str | None, document: str | None,
         mapping: Path | None, dry_run: bool) -> None:
    from toolkit.fsutil import atomic_write_text
    from toolkit.model.diagnostics import UserError
    from toolkit.model.document import SourcePos
    from toolkit.model.mechanisms import CatalogueError, load_themes
    from toolkit.read.catalogues import load_groups
    from toolkit.read.recommendations import read_recommendations
    from toolkit.read.recommendations.previous_file import merge

    if not into.is_dir():
        raise UserError(f"folder not found: {into} (give the submission folder with --into)",
                        SourcePos(str(into)))
    target = into / "previous.yaml"
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise UserError("previous.yaml is a link or not a regular file: the import writes "
                        "only a real previous.yaml inside the folder", SourcePos(str(target)))
    try:
        own_themes = into / "themes.yaml"
        themes = load_themes([own_themes] if own_themes.is_file() else [])
    except CatalogueError as exc:
        raise UserError(str(exc), SourcePos(str(into / "themes.yaml"))) from None
    groups = load_groups(into / "groups.yaml")
    group_names = {ident: list(names.values()) for ident, names in groups.items()}
    result = read_recommendations(source, fmt, document=document, mapping=mapping,
                                  themes=themes, groups=group_names)
    typer.echo(f"read {source}: {result.format}, {len(result.entries)} recommendation"
               f"{'s' if len(result.entries) != 1 else ''}")
    documents = sorted({e.document for e in result.entries})
    typer.echo(f"  document{'s' if len(documents) > 1 else ''}: {', '.join(documents)}")
    responses = [e.response for e in result.entries]
    if any(responses):
        typer.echo(f"  responses: {responses.count('supported')} supported, "
                   f"{responses.count('noted')} noted"
                   + (f", {responses.count(None)} not given" if None in responses else ""))
    matched = sum(1 for e in result.entries for t in e.themes if t in themes)
    total = sum(len(e.themes) for e in result.entries)
    if total:
        typer.echo(f"  themes: {matched} of {total} matched to toolkit theme ids")
    priority = [e.paragraph for e in result.entries if e.follow_up_priority]
    if priority:
        typer.echo(f"  follow-up priority: paragraphs {', '.join(priority)}")
    for note in result.notes:
        typer.echo(f"  note: {note}")

    display = str(target)
    merged = merge(target, display, result.entries, Path(source).name if source != "-"
                   else "pasted text")
    for key in merged.duplicates:
        typer.echo(f"  note: {key} is listed more than once; its themes were joined")
    added = ", ".join(ident for ident, _ in merged.added[:12]) + \
        (", …" if len(merged.added) > 12 else "")
    typer.echo(f"{display}: {len(merged.added)} new" + (f" ({added})" if added else "")
               + f", {len(merged.updated)} updated, {merged.unchanged} unchanged")
    for ident, fields in merged.updated:
        typer.echo(f"  updated {ident}: {', '.join(fields)}")
    if not merged.changed:
        typer.echo("nothing to write: previous.yaml already holds these recommendations")
        return
    if dry_run:
        typer.echo("dry run: nothing was written")
        return
    if merged.old_text is not None:
        atomic_write_text(into / "previous.yaml.bak", merged.old_text)
    atomic_write_text(target, merged.text)
    typer.echo(f"wrote {display}" + (" (the previous version is in previous.yaml.bak)"
                                      if merged.old_text is not None else ""))
