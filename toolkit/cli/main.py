"""The ``toolkit`` command line.

Exit codes: 0 success; 1 problems in the user's files (every one printed as
``file:line:column: message``); 2 wrong command-line usage. A traceback means a bug in
the toolkit, never a mistake in a submission. Heavy modules are imported inside commands
so that ``toolkit --help`` starts fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from toolkit.cli.choices import (
    build_languages,
    check_formats,
    closed_set,
    export_formats,
    format_list,
    mechanisms,
    reject,
    source_languages,
    state_code,
)
from toolkit.cli.i18n import i18n_app
from toolkit.cli.import_cmd import import_app
from toolkit.cli.import_docx import import_docx

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
import_app.command("docx")(import_docx)

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


def _rules(loaded: object, required: list[str] | None = None) -> object:
    """The mechanism's rules: word limits per language, phrasing, document symbols; and
    for each ``required`` language, a finished translation."""
    from toolkit.check.smart import recommendation_diagnostics
    from toolkit.i18n.audit import check_translation, require_translation
    from toolkit.model.diagnostics import Diagnostics
    from toolkit.model.languages import catalogue_language
    from toolkit.pipeline import Loaded, language_limits, per_language

    assert isinstance(loaded, Loaded) and loaded.document is not None
    assert loaded.mechanism is not None

    diags = Diagnostics()
    diags.extend(recommendation_diagnostics(loaded.document))
    source = loaded.document.meta.source_language
    required = list(dict.fromkeys(catalogue_language(lang) for lang in required or []))
    for lang in dict.fromkeys(catalogue_language(lang) for lang in loaded.document.meta.languages):
        if lang != source and lang not in required:  # footnotes, citations… kept
            diags.extend(check_translation(loaded.root, lang, loaded.document,
                                           loaded.result.origins))
    for lang in required:
        diags.extend(require_translation(loaded.root, lang, loaded.document,
                                         loaded.result.origins))
    langs = list(loaded.document.meta.languages)
    for _, lang_diags in per_language(loaded, langs, language_limits, True):
        diags.extend(lang_diags)
    return diags


@app.command()
def check(
    submission: SubmissionDir,
    lang: Annotated[list[str] | None, typer.Option(
        "--lang", "-l", help="Also demand a finished translation in this language (ru, kk, "
        "kk-Latn): every text translated and reviewed, as build needs. Repeat for several.",
        callback=closed_set("language", build_languages, many=True))] = None,
) -> None:
    """Load and check every file of a submission; print all problems.

    Errors and warnings are listed separately. Exit 0 when there are no errors, 1 when
    there are. Untranslated texts are no error unless --lang names their language.
    """
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import load

    try:
        loaded = load(submission)
        diags = loaded.diagnostics
        if not diags.errors and loaded.document is not None:
            diags.extend(_rules(loaded, lang))
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
        "Default: every language of submission.yaml.",
        callback=closed_set("language", build_languages, many=True))] = None,
    out: Annotated[Path | None, typer.Option(
        help="Output folder. Default: SUBMISSION/build/")] = None,
    draft: Annotated[bool, typer.Option(
        help="Build even if translations are missing or fuzzy: the source text is used "
        "and shaded, the file is <slug>-<lang>-draft.docx and every page says DRAFT.")
    ] = False,
    pdf: Annotated[bool, typer.Option(
        help="Also write a PDF (needs LibreOffice: apt-get install libreoffice-writer-nogui "
        "python3-uno fonts-liberation2).")] = False,
    finalize: Annotated[bool, typer.Option(
        help="Let LibreOffice fill in the page numbers of the table of contents in the DOCX.")
    ] = False,
    output_format: Annotated[str | None, typer.Option(
        "--format", metavar="FORMATS", callback=check_formats,
        help="docx (default), html (one self-contained page per language, "
        "<slug>-<lang>.html), or both: docx,html.")] = None,
) -> None:
    """Check the submission, then write one DOCX per language: <out>/<slug>-<lang>.docx
    (with --format html, an HTML edition: <out>/<slug>-<lang>.html).

    A translation must be complete (no untranslated or fuzzy entries) unless --draft.
    """
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import PartialBuild
    from toolkit.pipeline import build as run_build

    try:
        paths, _loaded, warnings = run_build(submission, lang, out, draft=draft, pdf=pdf,
                                             finalize=finalize,
                                             formats=tuple(format_list(output_format)))
    except PartialBuild as exc:  # the ready languages were written: say so, then fail
        _print_diagnostics(exc.warnings)
        for path in exc.paths:
            typer.echo(f"wrote {path}")
        _print_diagnostics(exc.diagnostics, show_warnings=False)
        raise typer.Exit(1) from None
    except UserError as exc:
        _fail(exc)
        return
    if warnings.warnings:
        _print_diagnostics(warnings)
        typer.echo(f"{len(warnings.warnings)} warning(s)", err=True)
    for path in paths:
        typer.echo(f"wrote {path}")


@app.command()
def preview(
    submission: SubmissionDir,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.", min=0, max=65535)] = 8000,
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Language shown first (the page switches between all).",
        callback=closed_set("language", build_languages))] = None,
) -> None:
    """Serve the HTML edition on http://127.0.0.1:PORT/ and re-render it on every save.

    Problems appear at the top of the page (file:line) above the last good render;
    untranslated text is shaded as in a draft. Ctrl-C stops it.
    """
    from toolkit.cli.preview import run_preview

    run_preview(submission, port, lang)


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


def _language_list(value: str | None) -> list[str] | None:
    """``--languages ru,en``: each a language the toolkit writes, none twice."""
    if value is None:
        return None
    langs = [lang.strip() for lang in value.split(",") if lang.strip()]
    if not langs:
        raise typer.BadParameter("name at least one language, e.g. --languages ru,en,kk")
    valid = source_languages()
    for lang in langs:
        if lang not in valid:
            raise reject(lang, "language", valid)
    if len(set(langs)) != len(langs):
        raise typer.BadParameter(f"a language is listed twice in '{value}'")
    return langs


@app.command()
def new(
    slug: Annotated[str, typer.Argument(help="Folder name of the submission, e.g. kaz-cat-2026")],
    mechanism: Annotated[str, typer.Option(
        help="ccpr, cescr, cat, cedaw, crc, cerd, crpd or upr",
        callback=closed_set("mechanism", mechanisms))],
    state: Annotated[str, typer.Option(
        help="ISO 3166-1 alpha-3 code of the State, e.g. KAZ", callback=state_code)],
    place: Annotated[str, typer.Option(
        help="Where the coalition signs the submission (cover page), e.g. Almaty")],
    source_language: Annotated[str, typer.Option(
        help="Language the texts are written in: en, ru or kk; the example text is in it.",
        callback=closed_set("language", source_languages))] = "en",
    languages: Annotated[str | None, typer.Option(
        help="Languages to build, comma-separated, e.g. ru,en. Default: the source language, "
        "then the other two; the source always comes first. A catalogue (locales/<lang>.po) "
        "is created for each but the source.", callback=_language_list)] = None,
    directory: Annotated[Path, typer.Option("--dir", help="Where to create it")] = Path("."),
) -> None:
    """Create a new submission folder with commented example files."""
    from toolkit.cli.scaffold import default_languages, scaffold
    from toolkit.model.diagnostics import UserError

    langs = list(languages) if languages else default_languages(source_language)
    if source_language not in langs:
        langs.insert(0, source_language)  # the source is always built
    else:
        langs.insert(0, langs.pop(langs.index(source_language)))
    if not place.strip():
        raise typer.BadParameter("give the place, e.g. --place Almaty", param_hint="'--place'")
    try:
        root = scaffold(directory / slug, mechanism=mechanism, state=state,
                        source_language=source_language, languages=langs, place=place.strip())
    except UserError as exc:
        _fail(exc)
        return
    typer.echo(f"created {root}: edit the files, then run: toolkit check {root}")
    if len(langs) > 1:
        typer.echo(f"translations: locales/{{{','.join(langs[1:])}}}.po — "
                   f"see toolkit i18n status {root}; toolkit build --draft {root} builds "
                   "before they are done")


@app.command()
def schema(
    out: Annotated[Path, typer.Option(help="Folder for the JSON Schema files")] = Path("schema"),
) -> None:
    """Write JSON Schemas of the YAML files, for editors such as VS Code."""
    import json

    from toolkit.read.schema import json_schemas

    names = {
        "submission.yaml": "submission.schema.json",
        "sections/*.yaml": "section.schema.json",
        "sources.yaml": "sources.schema.json",
        "previous.yaml": "previous.schema.json",
    }
    from toolkit.fsutil import write_files
    from toolkit.model.diagnostics import UserError

    outputs = [(out / names[pattern],
                (json.dumps(schema_doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
               for pattern, schema_doc in json_schemas().items()]
    try:
        write_files(outputs)
    except UserError as exc:
        _fail(exc)
    for (path, _), pattern in zip(outputs, json_schemas(), strict=True):
        typer.echo(f"wrote {path}  (for {pattern})")


@export_app.command("recommendations")
def export_recommendations(
    submission: SubmissionDir,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, xlsx or json",
                                     callback=closed_set("format", export_formats))] = "xlsx",
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Language of the texts (en, ru, kk, kk-Latn). "
        "Default: the source language.",
        callback=closed_set("language", build_languages))] = None,
    out: Annotated[Path | None, typer.Option(
        help="Output folder. Default: SUBMISSION/build/")] = None,
) -> None:
    """The recommendations matrix: one row per recommendation, plus the earlier ones.

    Columns: number, text, section, articles or themes, what it follows up (symbol,
    paragraph, recommending State), SDG targets, contributors.
    """
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import load, prepare_language, refuse_overwriting_inputs
    from toolkit.write.matrix import export_recommendations as run_export

    try:
        loaded = load(submission)
        if loaded.diagnostics.errors or loaded.document is None:
            raise UserError(loaded.diagnostics)
        language = lang or loaded.document.meta.source_language
        out_dir = out or submission / "build"
        # the folder is what can clash: no export name (.csv, .json, .xlsx) is an input's
        refuse_overwriting_inputs(submission, [out_dir / f"{loaded.document.meta.slug}.xlsx"],
                                  loaded.document.meta.reference_doc)
        prepared = prepare_language(loaded, language)
        paths = run_export(prepared, out_dir, fmt, loaded.document.meta.slug)
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
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import REFERENCE_DOCX

    if path.is_dir():
        path = path / "reference.docx"
    try:
        atomic_write_bytes(path, REFERENCE_DOCX.read_bytes())
    except UserError as exc:
        _fail(exc)
    typer.echo(f"wrote {path}")


def main() -> None:
    """Console-script entry point."""
    # The toolkit uses no pydantic plugins; without this, building the first model scans the
    # entry points of every installed distribution (tens of milliseconds on each command).
    # Set here, before any command imports pydantic; worker processes inherit it.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted; outputs already written are intact", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
