"""The ``toolkit`` command line.

Exit codes: 0 success; 1 problems in the user's files (every one printed as
``file:line:column: message``); 2 wrong command-line usage. A traceback means a bug in
the toolkit, never a mistake in a submission. Heavy modules are imported inside commands
so that ``toolkit --help`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.i18n import i18n_app
from toolkit.cli.import_cmd import import_app

EXIT_CODES = """Exit codes: 0 success; 1 problems in the submission (each printed as
file:line:column: message); 2 wrong usage of the command."""

app = typer.Typer(
    name="toolkit",
    help="Build UN treaty-body shadow reports and UPR submissions from YAML.\n\n" + EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: importing rich would double the start-up time
)
export_app = typer.Typer(help="Export data from a submission for tracking tools.",
                         no_args_is_help=True)
app.add_typer(export_app, name="export")
template_app = typer.Typer(help="The reference document that gives the DOCX its styles.",
                           no_args_is_help=True)
app.add_typer(template_app, name="template")
app.add_typer(i18n_app, name="i18n")
app.add_typer(import_app, name="import")

SubmissionDir = Annotated[
    Path, typer.Argument(help="The submission folder (holds submission.yaml).", show_default=False)
]


def _print_diagnostics(diagnostics: object, *, show_warnings: bool = True) -> None:
    from toolkit.model.diagnostics import Diagnostics

    assert isinstance(diagnostics, Diagnostics)
    for diag in diagnostics.errors:
        typer.echo(str(diag), err=True)
    if show_warnings and diagnostics.warnings:
        typer.echo("", err=True)
        for diag in diagnostics.warnings:
            typer.echo(str(diag), err=True)


def _fail(exc: Exception) -> None:
    from toolkit.model.diagnostics import UserError

    assert isinstance(exc, UserError)
    _print_diagnostics(exc.diagnostics, show_warnings=False)
    count = len(exc.diagnostics.errors)
    typer.echo(f"{count} error{'s' if count != 1 else ''}; nothing was written.", err=True)
    raise typer.Exit(1)


def _rules(loaded: object) -> object:
    """The mechanism's rules: word limits per language, phrasing, document symbols."""
    from toolkit.check.smart import recommendation_diagnostics
    from toolkit.check.words import editorial_diagnostics
    from toolkit.i18n.catalog import check_translation
    from toolkit.model.diagnostics import Diagnostics
    from toolkit.pipeline import Loaded, language_limits, per_language

    assert isinstance(loaded, Loaded) and loaded.document is not None
    assert loaded.mechanism is not None

    diags = Diagnostics()
    diags.extend(recommendation_diagnostics(loaded.document))
    diags.extend(editorial_diagnostics(loaded.document, loaded.mechanism))
    source = loaded.document.meta.source_language
    for lang in loaded.document.meta.languages:
        if lang != source:  # every footnote, citation, cross-reference kept by translators
            diags.extend(check_translation(loaded.root, lang, loaded.document,
                                           loaded.result.origins))
    langs = list(loaded.document.meta.languages)
    for _, lang_diags in per_language(loaded, langs, language_limits, True):
        diags.extend(lang_diags)
    return diags


@app.command()
def check(submission: SubmissionDir) -> None:
    """Load and check every file of a submission; print all problems.

    Errors and warnings are listed separately. Exit 0 when there are no errors, 1 when
    there are.
    """
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import load

    try:
        loaded = load(submission)
        diags = loaded.diagnostics
        if not diags.errors and loaded.document is not None:
            diags.extend(_rules(loaded))
    except UserError as exc:
        _fail(exc)
        return
    _print_diagnostics(diags)
    errors, warnings = len(diags.errors), len(diags.warnings)
    summary = f"{errors} error{'s' if errors != 1 else ''}, " \
              f"{warnings} warning{'s' if warnings != 1 else ''}"
    if errors:
        typer.echo(summary, err=True)
        raise typer.Exit(1)
    document = loaded.document
    assert document is not None
    paras = sum(1 for _ in document.paragraphs())
    recs = sum(1 for _ in document.recommendations())
    typer.echo(f"{submission}: OK — {len(document.sections)} sections, {paras} paragraphs, "
               f"{recs} recommendations ({summary})")


@app.command()
def build(
    submission: SubmissionDir,
    lang: Annotated[list[str] | None, typer.Option(
        "--lang", "-l", help="Language to build (en, ru, kk, kk-Latn); repeat for several. "
        "Default: every language of submission.yaml.")] = None,
    out: Annotated[Path | None, typer.Option(
        help="Output folder. Default: SUBMISSION/build/")] = None,
    draft: Annotated[bool, typer.Option(
        help="Build even if translations are missing or fuzzy: the source text is used "
        "and shaded.")] = False,
    pdf: Annotated[bool, typer.Option(
        help="Also write a PDF (needs LibreOffice: apt-get install libreoffice-writer-nogui "
        "python3-uno fonts-liberation2).")] = False,
    finalize: Annotated[bool, typer.Option(
        help="Let LibreOffice fill in the page numbers of the table of contents in the DOCX.")
    ] = False,
) -> None:
    """Check the submission, then write one DOCX per language: <out>/<slug>-<lang>.docx.

    A translation must be complete (no untranslated or fuzzy entries) unless --draft.
    """
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import build as run_build

    try:
        paths, _loaded, warnings = run_build(submission, lang, out, draft=draft, pdf=pdf,
                                             finalize=finalize)
    except UserError as exc:
        _fail(exc)
        return
    if warnings.warnings:
        _print_diagnostics(warnings)
        typer.echo(f"{len(warnings.warnings)} warning(s)", err=True)
    for path in paths:
        typer.echo(f"wrote {path}")


@app.command()
def stats(submission: SubmissionDir) -> None:
    """Word counts per section and language, counted the way the mechanism's limit is."""
    from toolkit.check.words import word_count
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import load, prepare_language

    try:
        loaded = load(submission)
        if loaded.diagnostics.errors or loaded.document is None:
            raise UserError(loaded.diagnostics)
        for lang in loaded.document.meta.languages:
            try:
                prepared = prepare_language(loaded, lang, draft=True)
            except UserError as exc:
                typer.echo(f"[{lang}] not counted: {exc.diagnostics.errors[0].message}")
                continue
            count = word_count(prepared.document, loaded.mechanism)
            _print_count(count)
    except UserError as exc:
        _fail(exc)


def _print_count(count: object) -> None:
    from toolkit.check.words import WordCount

    assert isinstance(count, WordCount)
    what = "body + footnotes" if count.footnotes_count else "body only"
    typer.echo(f"[{count.language}] words counted: {count.total}"
               + (f" of {count.limit} ({100 * count.total / count.limit:.0f}%)"
                  if count.limit else " (no limit known)") + f" — {what}")
    typer.echo(f"  {'section':<50} {'body':>7} {'notes':>7} {'counted':>8}")
    for row in count.sections:
        name = (row.heading[:47] + "…") if len(row.heading) > 48 else row.heading
        typer.echo(f"  {name:<50} {row.body:>7} {row.footnotes:>7} {row.counted:>8}"
                   + ("  (annex)" if row.annex else ""))


@app.command()
def new(
    slug: Annotated[str, typer.Argument(help="Folder name of the submission, e.g. kaz-cat-2026")],
    mechanism: Annotated[str, typer.Option(help="ccpr, cescr, cat, cedaw, crc, cerd, crpd or upr")],
    state: Annotated[str, typer.Option(help="ISO 3166-1 alpha-3 code of the State, e.g. KAZ")],
    directory: Annotated[Path, typer.Option("--dir", help="Where to create it")] = Path("."),
) -> None:
    """Create a new submission folder with commented example files."""
    from toolkit.cli.scaffold import scaffold
    from toolkit.model.diagnostics import UserError

    try:
        root = scaffold(directory / slug, mechanism=mechanism, state=state)
    except UserError as exc:
        _fail(exc)
        return
    typer.echo(f"created {root}: edit the files, then run: toolkit check {root}")


@app.command()
def schema(
    out: Annotated[Path, typer.Option(help="Folder for the JSON Schema files")] = Path("schema"),
) -> None:
    """Write JSON Schemas of the YAML files, for editors such as VS Code."""
    import json

    from toolkit.fsutil import atomic_write_text
    from toolkit.read.schema import json_schemas

    names = {
        "submission.yaml": "submission.schema.json",
        "sections/*.yaml": "section.schema.json",
        "sources.yaml": "sources.schema.json",
        "previous.yaml": "previous.schema.json",
    }
    for pattern, schema_doc in json_schemas().items():
        path = out / names[pattern]
        atomic_write_text(path, json.dumps(schema_doc, indent=2, ensure_ascii=False) + "\n")
        typer.echo(f"wrote {path}  (for {pattern})")


@export_app.command("recommendations")
def export_recommendations(
    submission: SubmissionDir,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, xlsx or json")] = "xlsx",
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Language of the texts. Default: the source language.")] = None,
    out: Annotated[Path | None, typer.Option(
        help="Output folder. Default: SUBMISSION/build/")] = None,
) -> None:
    """The recommendations matrix: one row per recommendation, plus the earlier ones.

    Columns: number, text, section, articles or themes, what it follows up (symbol,
    paragraph, recommending State), SDG targets, contributors.
    """
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import load, prepare_language
    from toolkit.write.matrix import FORMATS
    from toolkit.write.matrix import export_recommendations as run_export

    if fmt not in FORMATS:
        typer.echo(f"unknown format '{fmt}': choose csv, xlsx or json", err=True)
        raise typer.Exit(2)
    try:
        loaded = load(submission)
        if loaded.diagnostics.errors or loaded.document is None:
            raise UserError(loaded.diagnostics)
        language = lang or loaded.document.meta.source_language
        prepared = prepare_language(loaded, language)
        paths = run_export(prepared, out or submission / "build", fmt, loaded.document.meta.slug)
    except UserError as exc:
        _fail(exc)
        return
    for path in paths:
        typer.echo(f"wrote {path}")


@template_app.command("export")
def template_export(
    path: Annotated[Path, typer.Argument(help="Where to write the reference .docx")],
) -> None:
    """Write a copy of the default reference document to restyle in Word.

    Name it in submission.yaml as reference_doc: to use it.
    """
    from toolkit.fsutil import atomic_write_bytes
    from toolkit.pipeline import REFERENCE_DOCX

    if path.exists() and path.is_dir():
        path = path / "reference.docx"
    atomic_write_bytes(path, REFERENCE_DOCX.read_bytes())
    typer.echo(f"wrote {path}")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted; outputs already written are intact", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
