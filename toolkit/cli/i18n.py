"""``toolkit i18n``: keep a submission's content catalogues in step and measure progress.

User errors print as ``file:line:column: message`` and exit 1, never a traceback. The
toolkit modules are imported inside the commands so that ``toolkit --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.choices import closed_set, reject
from toolkit.cli.errors import fail as _fail
from toolkit.cli.glossary import glossary_app

i18n_app = typer.Typer(
    help="Translation of the report's content: locales/<lang>.po for Poedit or Weblate.",
    no_args_is_help=True,
)

i18n_app.add_typer(glossary_app, name="glossary")

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


@i18n_app.command()
def update(
    submission: SubmissionDir,
    lang: Annotated[list[str] | None, typer.Option(
        "--lang", "-l", help="Catalogue language (en, ru, kk); repeat for several. "
        "Default: every language of submission.yaml except the source language.",
        callback=_catalogue_languages)] = None,
    memory: Annotated[list[Path] | None, typer.Option(
        "--memory", "-m", metavar="PATH", show_default=False,
        help="Translation memory: a PO or TMX file, a submission, or a folder of "
        "submissions; repeat for several (the first that knows a text wins).")] = None,
) -> None:
    """Create or update locales/<lang>.po from the YAML; translations are never lost.

    Edited texts become fuzzy (the old text is shown as the previous msgid), deleted ones
    obsolete (#~). With --memory, untranslated texts translated before get that
    translation (a close text: fuzzy). Nothing is written when nothing changed.
    """
    from toolkit.i18n.files import display_path
    from toolkit.i18n.merge import update_catalogues
    from toolkit.model.diagnostics import UserError

    try:
        remembered = None
        if memory:
            from toolkit.i18n.memory import MemorySource

            remembered = MemorySource(memory)
        reports = update_catalogues(submission, lang or None, memory=remembered)
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
        if total.refused:
            typer.echo(f"  fuzzy includes {total.refused} reviewed translation"
                       f"{'s' if total.refused != 1 else ''} a build refuses (broken markup, "
                       "or a footnote, citation, reference or link lost): toolkit check "
                       "says where")
        typer.echo("")
    if not totals:
        typer.echo("no target language: add one to languages: in submission.yaml")


@i18n_app.command("export-memory")
def export_memory(
    submissions: Annotated[list[Path], typer.Argument(
        help="Submission folders (or folders of submissions) whose translations to export.",
        show_default=False)],
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The TMX file to write (e.g. memory.tmx).", show_default=False)],
) -> None:
    """Every reviewed translation as TMX 1.4b, for a CAT tool or for --memory."""
    from toolkit.fsutil import atomic_write_bytes
    from toolkit.i18n.files import display_path
    from toolkit.i18n.memory import export_memory as tmx_of
    from toolkit.model.diagnostics import UserError

    try:
        data, count, per_lang = tmx_of(submissions)
        atomic_write_bytes(out, data)
    except UserError as exc:
        _fail(exc)
        return
    langs = ", ".join(f"{lang}: {n}" for lang, n in sorted(per_lang.items()))
    typer.echo(f"{display_path(out)}: {count} translation units ({langs or 'none'})")


@i18n_app.command("export")
def export_cmd(
    submission: SubmissionDir,
    lang: Annotated[str, typer.Option(
        "--lang", "-l", help="The catalogue's language (ru, kk, en).", show_default=False)],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="Exchange format: xliff (XLIFF 2.1, for CAT tools).")] = "xliff",
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="File to write. Default: <submission>.<lang>.xlf here.",
        show_default=False)] = None,
) -> None:
    """Export a catalogue for a CAT tool (Trados, memoQ, OmegaT): XLIFF 2.1, markup as
    protected tags. Bring the work back with toolkit i18n import."""
    from toolkit.fsutil import atomic_write_bytes
    from toolkit.i18n.files import display_path
    from toolkit.i18n.xliff import export_catalogue
    from toolkit.model.diagnostics import UserError

    if fmt != "xliff":
        raise reject(fmt, "format", ["xliff"])
    _catalogue_languages([lang])
    target = out or Path(f"{submission.resolve().name}.{lang}.xlf")
    try:
        data, count = export_catalogue(submission, lang)
        atomic_write_bytes(target, data)
    except UserError as exc:
        _fail(exc)
        return
    typer.echo(f"{display_path(target)}: {count} units (XLIFF 2.1, {lang})")


@i18n_app.command("import")
def import_cmd(
    submission: SubmissionDir,
    xliff: Annotated[Path, typer.Argument(
        help="The XLIFF 2 file your CAT tool saved.", show_default=False)],
) -> None:
    """Merge translations from an XLIFF 2 file into locales/<lang>.po, with the same
    checks as a build (footnotes, citations, cross-references, links must match).
    Nothing is written if any unit has a problem."""
    from toolkit.i18n.files import display_path
    from toolkit.i18n.xliff import import_file
    from toolkit.model.diagnostics import UserError

    try:
        path, report, written = import_file(submission, xliff)
    except UserError as exc:
        _fail(exc)
        return
    verb = "updated" if written else "unchanged"
    typer.echo(f"{display_path(path)}: {verb} — {report.units} units, {report.changed} "
               f"changed ({report.reviewed} translated, {report.fuzzy} fuzzy)")


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
        out["fuzzy"]["refused"] = r.refused  # of the fuzzy entries: translations refused
        out["percent_words_translated"] = round(r.percent, 1)
        return out

    languages = {lang: {"rows": [row(r) for r in report.rows if r.lang == lang],
                        "total": row(total)}
                 for lang, total in report.totals.items()}
    return json.dumps({"by": report.by, "languages": languages}, ensure_ascii=False, indent=2)
