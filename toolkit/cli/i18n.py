"""``toolkit i18n``: keep a submission's content catalogues in step and measure progress.

User errors print as ``file:line:column: message`` and exit 1, never a traceback. The
toolkit modules are imported inside the commands so that ``toolkit --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.choices import closed_set, reject

i18n_app = typer.Typer(
    help="Translation of the report's content: locales/<lang>.po for Poedit or Weblate.",
    no_args_is_help=True,
)

# Not imported from toolkit.cli.main: toolkit.cli.main imports this module to register it.
SubmissionDir = Annotated[
    Path, typer.Argument(help="The submission folder (holds submission.yaml).", show_default=False)
]


def _catalogue_languages(value: list[str] | None) -> list[str]:
    """Each ``--lang`` a language with a catalogue; kk-Latn is built from kk's.

    Never None: typer (< 0.15) converts the callback's result again and fails on None."""
    from toolkit.cli.choices import source_languages

    for lang in value or []:
        if lang == "kk-Latn":
            raise typer.BadParameter("kk-Latn is built from the Kazakh catalogue: use --lang kk")
        if lang not in source_languages():
            raise reject(lang, "language", source_languages())
    return list(value or [])


def _fail(exc: Exception) -> None:
    """Print a UserError's diagnostics (file:line: message) and exit 1."""
    from toolkit.model.diagnostics import UserError

    assert isinstance(exc, UserError)
    for diag in exc.diagnostics.errors:
        typer.echo(str(diag), err=True)
    count = len(exc.diagnostics.errors)
    typer.echo(f"{count} error{'s' if count != 1 else ''}; nothing was written.", err=True)
    raise typer.Exit(1)


@i18n_app.command()
def update(
    submission: SubmissionDir,
    lang: Annotated[list[str] | None, typer.Option(
        "--lang", "-l", help="Catalogue language (en, ru, kk); repeat for several. "
        "Default: every language of submission.yaml except the source language.",
        callback=_catalogue_languages)] = None,
) -> None:
    """Create or update locales/<lang>.po from the YAML; translations are never lost.

    Edited texts become fuzzy (the old text is shown as the previous msgid), deleted ones
    obsolete (#~). Nothing is written when nothing changed.
    """
    from toolkit.i18n.files import display_path
    from toolkit.i18n.merge import update_catalogues
    from toolkit.model.diagnostics import UserError

    try:
        reports = update_catalogues(submission, lang or None)
    except UserError as exc:
        _fail(exc)
        return
    if not reports:
        typer.echo("no target language: add one to languages: in submission.yaml", err=True)
        raise typer.Exit(1)
    for report in reports:
        assert report.path is not None
        verb = "created" if report.created else "updated" if report.written else "unchanged"
        typer.echo(f"{display_path(report.path)}: {verb} — {report.summary()}")


def _status_breakdowns() -> tuple[str, ...]:
    return ("section", "contributor")


def _status_formats() -> tuple[str, ...]:
    return ("table", "json")


@i18n_app.command()
def status(
    submission: SubmissionDir,
    fail_under: Annotated[float | None, typer.Option(
        "--fail-under", min=0, max=100, metavar="PERCENT",
        help="Exit 1 if any language has fewer translated words than this percentage.")] = None,
    by: Annotated[str, typer.Option(
        "--by", metavar="section|contributor",
        help="Rows per section (and title, coalition, sources, earlier recommendations), or "
        "per contributor of the sections (an entry of a section with two contributors "
        "counts for both; the total counts it once).",
        callback=closed_set("breakdown", _status_breakdowns))] = "section",
    fmt: Annotated[str, typer.Option(
        "--format", "-f", metavar="table|json", help="A table, or JSON for scripts.",
        callback=closed_set("format", _status_formats))] = "table",
) -> None:
    """Translated, fuzzy and untranslated entries and words, per language and section
    (or contributor)."""
    from toolkit.i18n.status import catalogue_report
    from toolkit.model.diagnostics import UserError

    try:
        report = catalogue_report(submission, by)  # type: ignore[arg-type]
    except UserError as exc:
        _fail(exc)
        return
    below = [f"{lang}: {total.percent:.1f}% of words translated, "
             f"below --fail-under {fail_under:g}%"
             for lang, total in report.totals.items()
             if fail_under is not None and total.percent < fail_under]
    if fmt == "json":
        typer.echo(_status_json(report))
    else:
        _status_table(report)
    for message in below:
        typer.echo(message, err=True)
    if below:
        raise typer.Exit(1)


def _status_table(report: object) -> None:
    from toolkit.i18n.status import StatusReport, StatusRow

    assert isinstance(report, StatusReport)
    rows, totals = report.rows, report.totals
    head = (report.by, "entries", "transl.", "fuzzy", "untransl.",
            "words", "transl.", "fuzzy", "untransl.", "done")
    width = max([len(r.group) for r in rows] + [len(head[0]), len("total")])

    def line(cells: tuple[str, ...]) -> str:
        return "  " + cells[0].ljust(width) + "".join(c.rjust(10) for c in cells[1:])

    def cells(r: StatusRow) -> tuple[str, ...]:
        return (r.group, str(r.entries), str(r.translated), str(r.fuzzy), str(r.untranslated),
                str(r.words), str(r.translated_words), str(r.fuzzy_words),
                str(r.untranslated_words), f"{r.percent:.1f}%")

    for lang, total in totals.items():
        typer.echo(f"{lang}:")
        typer.echo(line(head))
        for row in rows:
            if row.lang == lang:
                typer.echo(line(cells(row)))
        typer.echo(line(cells(total)))
        typer.echo("")
    if not totals:
        typer.echo("no target language: add one to languages: in submission.yaml")


def _status_json(report: object) -> str:
    """One object per language: its rows and its total, each with counts and words."""
    import json

    from toolkit.i18n.status import StatusReport, StatusRow

    assert isinstance(report, StatusReport)

    def row(r: StatusRow) -> dict[str, object]:
        out: dict[str, object] = {"group": r.group}
        if r.group in report.names:
            out["name"] = report.names[r.group]
        for state in ("translated", "fuzzy", "untranslated"):
            out[state] = {"entries": getattr(r, state), "words": getattr(r, f"{state}_words")}
        out["entries"], out["words"] = r.entries, r.words
        out["percent_words_translated"] = round(r.percent, 1)
        return out

    languages = {lang: {"rows": [row(r) for r in report.rows if r.lang == lang],
                        "total": row(total)}
                 for lang, total in report.totals.items()}
    return json.dumps({"by": report.by, "languages": languages}, ensure_ascii=False, indent=2)
