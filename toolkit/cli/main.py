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


def rule_diagnostics(loaded: object, required: list[str] | None = None, *,
           catalogues: bool = False, strict: bool = False) -> object:
    """The mechanism's rules: word limits per language, phrasing, document symbols; and
    for each ``required`` language, a finished translation. With ``catalogues``, also
    every catalogue against the glossary and pofilter's checks (after the rest, as
    ``check`` lists them); each language's worker checks its own."""
    import functools

    from toolkit.check.catalogues import CatalogueChecks
    from toolkit.check.smart import recommendation_diagnostics
    from toolkit.i18n.audit import check_translation, require_translation
    from toolkit.model.diagnostics import Diagnostics
    from toolkit.model.languages import catalogue_language
    from toolkit.pipeline import Loaded, check_language, per_language

    assert isinstance(loaded, Loaded) and loaded.document is not None
    assert loaded.mechanism is not None

    diags = Diagnostics()
    diags.extend(recommendation_diagnostics(loaded.document))
    source = loaded.document.meta.source_language
    required = list(dict.fromkeys(catalogue_language(lang) for lang in required or []))
    for lang in dict.fromkeys(catalogue_language(lang) for lang in loaded.document.meta.languages):
        if lang != source and lang not in required:  # footnotes, citations… kept
            diags.extend(check_translation(loaded.root, lang, loaded.document,
                                           loaded.result.origins,
                                           catalogues=loaded.catalogue_cache()))
    for lang in required:
        diags.extend(require_translation(loaded.root, lang, loaded.document,
                                         loaded.result.origins,
                                         catalogues=loaded.catalogue_cache()))
    langs = list(loaded.document.meta.languages)
    checks = CatalogueChecks.plan(loaded, langs if catalogues else [], strict=strict,
                                  quality=True, report=True)
    job = functools.partial(check_language, checks=checks)
    outcomes = per_language(loaded, langs, job, True)
    for _, lang_diags in outcomes:
        diags.extend(lang_diags)
    if catalogues:
        from toolkit.check.review import comment_warnings

        diags.extend(comment_warnings(loaded.document))
        diags.extend(checks.collect(langs, [terms for (terms, _), _ in outcomes]))
        diags.extend(checks.collect(langs, [quality for (_, quality), _ in outcomes],
                                    terms=False))
    return diags


@app.command()
def check(
    submission: SubmissionDir,
    lang: Annotated[list[str] | None, typer.Option(
        "--lang", "-l", help="Also demand a finished translation in this language (ru, kk, "
        "kk-Latn): every text translated and reviewed, as build needs. Repeat for several.",
        callback=closed_set("language", build_languages, many=True))] = None,
    strict: Annotated[bool, typer.Option(
        help="Treat terminology warnings (a translation without the glossary's term) as "
        "errors, for a final build. Translation quality warnings (numbers, brackets, "
        "double spaces, untranslated copies) stay warnings.")] = False,
) -> None:
    """Load and check every file of a submission; print all problems.

    Errors and warnings are listed separately. Exit 0 when there are no errors, 1 when
    there are. Untranslated texts are no error unless --lang names their language.
    Translations are checked against the glossary (the toolkit's base glossary and the
    submission's glossary.yaml) and by translate-toolkit's pofilter checks (numbers,
    brackets, double spaces, untranslated copies), which only warn.
    """
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import load

    try:
        loaded = load(submission)
        diags = loaded.diagnostics
        if not diags.errors and loaded.document is not None:
            diags.extend(rule_diagnostics(loaded, lang, catalogues=True, strict=strict))
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
    require_final: Annotated[bool, typer.Option(
        "--require-final", help="Refuse to build (nothing written) while any section's "
        "status is not final; each is listed.")] = False,
    strict: Annotated[bool, typer.Option(
        help="Treat terminology warnings (a translation without the glossary's term) as "
        "errors: nothing is written while one is left, for a final build.")] = False,
) -> None:
    """Check the submission, then write one DOCX per language: <out>/<slug>-<lang>.docx
    (with --format html, an HTML edition: <out>/<slug>-<lang>.html).

    A translation must be complete (no untranslated or fuzzy entries) unless --draft.
    The translations built are checked against the glossary, as check does: a variant the
    glossary forbids stops the build, a missing term is a warning (an error with --strict).
    A draft shows the reviewers' open comments as Word comments; a final build never does.
    """
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import PartialBuild
    from toolkit.pipeline import build as run_build

    try:
        paths, _loaded, warnings = run_build(submission, lang, out, draft=draft, pdf=pdf,
                                             finalize=finalize,
                                             formats=tuple(format_list(output_format)),
                                             require_final=require_final, strict=strict)
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
def redline(
    submission: SubmissionDir,
    from_rev: Annotated[str | None, typer.Option(
        "--from", metavar="REV", help="The earlier draft: a git revision (commit, branch, "
        "tag) of the repository holding SUBMISSION.")] = None,
    to_rev: Annotated[str | None, typer.Option(
        "--to", metavar="REV", help="The later draft: a git revision. Default: the files "
        "as they are now.")] = None,
    from_dir: Annotated[Path | None, typer.Option(
        "--from-dir", metavar="FOLDER", help="The earlier draft as a folder instead of a "
        "git revision.")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Language of the redline (en, ru, kk, kk-Latn), each draft "
        "through its own translation. Default: the first language of submission.yaml.",
        callback=closed_set("language", build_languages))] = None,
    out: Annotated[Path | None, typer.Option(
        help="Output folder. Default: SUBMISSION/build/")] = None,
    draft: Annotated[bool, typer.Option(
        help="Use the source text where a translation is missing or fuzzy.")] = False,
    output_format: Annotated[str | None, typer.Option(
        "--format", metavar="FORMATS", callback=check_formats,
        help="docx (default), html (<ins>/<del>, <slug>-<lang>-redline.html), or both: "
        "docx,html.")] = None,
) -> None:
    """Write <out>/<slug>-<lang>-redline.docx: the later draft with Word's tracked changes
    (author and date from git) showing every change since the earlier one.

    Reviewers accept or reject each change in Word or LibreOffice. Renumbering is not a
    change: the new numbers are shown.
    """
    from toolkit.model.diagnostics import UserError
    from toolkit.redline import redline as run_redline

    if (from_rev is None) == (from_dir is None):
        raise typer.BadParameter("give either --from REV or --from-dir FOLDER",
                                 param_hint="'--from'")
    try:
        paths = run_redline(submission, from_rev=from_rev, to_rev=to_rev, from_dir=from_dir,
                            lang=lang, out_dir=out, draft=draft,
                            formats=tuple(format_list(output_format)))
    except UserError as exc:
        _fail(exc)
        return
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
def stats(
    submission: SubmissionDir,
    output_format: Annotated[str, typer.Option(
        "--format", help="text (default) or json (one object: languages, sections, "
        "contributors).", callback=closed_set("format", lambda: ("text", "json")))] = "text",
) -> None:
    """Word counts per section and language, counted the way the mechanism's limit is;
    then, per section and per contributor: review status, words, recommendations,
    footnotes, open comments and translation progress per language; the limit and
    whether footnotes count, each with its source."""
    from toolkit.check.words import word_count
    from toolkit.model.diagnostics import UserError
    from toolkit.pipeline import load, prepare_language

    try:
        loaded = load(submission)
        if loaded.diagnostics.errors or loaded.document is None:
            raise UserError(loaded.diagnostics)
        counts, skipped = [], []
        source_doc = None
        for lang in loaded.document.meta.languages:
            try:
                prepared = prepare_language(loaded, lang, draft=True)
            except UserError as exc:
                skipped.append((lang, exc.diagnostics.errors[0].message))
                continue
            if lang == loaded.document.meta.source_language:
                source_doc = prepared.document
            counts.append(word_count(prepared.document, loaded.mechanism))
        if source_doc is None:
            source_doc = prepare_language(loaded, loaded.document.meta.source_language,
                                          draft=True).document
        try:
            translation = _translation_progress(loaded)
        except UserError as exc:  # a catalogue cannot be read: the rest is still worth seeing
            skipped.append(("translation", str(exc.diagnostics.errors[0])))
            translation = {}
        sections, contributors = _progress(loaded, source_doc, translation)
    except UserError as exc:
        _fail(exc)
        return
    if output_format == "json":
        import dataclasses
        import json

        from toolkit.check.progress import as_json

        data = {"languages": [{**dataclasses.asdict(c), "total": c.total,
                               "limits": c.limits.model_dump(mode="json") if c.limits else None,
                               "limit_rules": limit_rules(c)} for c in counts],
                "not_counted": {lang: why for lang, why in skipped if lang != "translation"},
                "translation_not_shown": next((why for lang, why in skipped
                                               if lang == "translation"), None),
                **as_json(sections, contributors)}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for lang, why in skipped:
        typer.echo(f"translation progress not shown: {why}" if lang == "translation"
                   else f"[{lang}] not counted: {why}")
    for count in counts:
        _print_count(count)
    _print_progress(sections, contributors)


def _translation_progress(loaded: object) -> dict[tuple[str, str], tuple[int, int]]:
    """(language, section id) → (words translated, words), as i18n status counts them."""
    from toolkit.i18n.status import catalogue_status
    from toolkit.pipeline import Loaded

    assert isinstance(loaded, Loaded) and loaded.document is not None
    if len(loaded.document.meta.languages) < 2:
        return {}
    return {(row.lang, row.group): (row.translated_words, row.words)
            for row in catalogue_status(loaded.root)}


def _progress(loaded: object, source_doc: object,
              translation: dict[tuple[str, str], tuple[int, int]]) -> tuple[list, list]:
    """Per-section and per-contributor progress."""
    from toolkit.check.progress import contributor_progress, section_progress
    from toolkit.model.document import Document
    from toolkit.pipeline import Loaded

    assert isinstance(loaded, Loaded) and isinstance(source_doc, Document)
    assert loaded.document is not None
    sections = section_progress(source_doc, loaded.document, translation)
    return sections, contributor_progress(loaded.document, sections)


def _print_progress(sections: list, contributors: list) -> None:
    from toolkit.check.progress import percent

    langs = sorted({lang for row in sections for lang in row.translation})
    typer.echo("\nreview status (source language; translation: share of words translated)")
    head = f"  {'section':<24} {'status':<7} {'words':>6} {'recs':>5} {'notes':>6} " \
           f"{'comments':>8}" + "".join(f" {lang:>7}" for lang in langs)
    typer.echo(head)
    for row in sections:
        name = row.id if len(row.id) <= 24 else row.id[:23] + "…"
        typer.echo(f"  {name:<24} {row.status:<7} {row.words:>6} {row.recommendations:>5} "
                   f"{row.footnotes:>6} {row.open_comments:>8}"
                   + "".join(f" {percent(*row.translation[lang]):>6.1f}%" for lang in langs))
    typer.echo("\ncontributors")
    for member in contributors:
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(member.statuses.items()))
        typer.echo(f"  {member.id} ({member.name}): {len(member.sections)} sections"
                   + (f" ({statuses})" if statuses else "")
                   + f", {member.words} words, {member.recommendations} recommendations, "
                   f"{member.footnotes} footnotes, {member.open_comments} open comments"
                   + "".join(f", {lang} {percent(*member.translation[lang]):.1f}%"
                             for lang in langs if lang in member.translation))


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
    for line in limit_rules(count):
        typer.echo(f"  {line}")


def limit_rules(count: object) -> list[str]:
    """The limit and the footnote rule with their sources, in the count's language."""
    from toolkit.check.words import WordCount
    from toolkit.i18n.messages import get_translator

    assert isinstance(count, WordCount)
    t = get_translator(count.language)
    limits = count.limits
    if limits is None:
        return []

    def cited(source: object) -> str:
        from toolkit.model.mechanisms import LimitSource

        if not isinstance(source, LimitSource):
            return limits.source or t._("none recorded")
        return t._("%(title)s, %(url)s (read %(date)s)") % {
            "title": source.title, "url": source.url, "date": source.read.isoformat()}

    sources = "; ".join(cited(s) for s in limits.sources) or cited(None)
    own = t._("set in %(file)s") % {"file": "submission.yaml"}
    confirmed = limits.status == "confirmed"
    lines = []
    if count.limit_overridden:
        lines.append(t._("word limit: %(limit)s — %(source)s") % {
            "limit": count.limit, "source": own})
    elif count.limit is not None:
        template = t._("word limit: %(limit)s — source: %(source)s") if confirmed else \
            t._("word limit: %(limit)s — unconfirmed — source read: %(source)s")
        lines.append(template % {"limit": count.limit, "source": sources})
    else:
        lines.append(t._("no word limit known — unconfirmed — source read: %(source)s")
                     % {"source": sources})
    if limits.words_thematic is not None:
        lines.append(t._("thematic inputs: %(limit)s words (not enforced)") % {
            "limit": limits.words_thematic})
    answer = t._("yes") if count.footnotes_count else t._("no")
    if count.footnotes_overridden:
        lines.append(t._("footnotes counted: %(answer)s — %(source)s") % {
            "answer": answer, "source": own})
    elif limits.footnotes_status == "confirmed":
        lines.append(t._("footnotes counted: %(answer)s — source: %(source)s") % {
            "answer": answer, "source": cited(limits.footnotes_source)})
    else:
        lines.append(t._("footnotes counted: %(answer)s — unconfirmed, not stated in: "
                         "%(source)s") % {"answer": answer, "source": sources})
    return lines


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
    """Recommendations for trackers: the coalition's and the earlier ones, one row each.

    Fields: State under review, mechanism, cycle and session, document symbol and
    paragraph, recommending States, response and its source, themes, groups of persons,
    SDG goals and targets, assessment, and what follows up what (see docs/export.md).
    JSON has stable field names; CSV/XLSX headers are in the build language.
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
        from toolkit.read.catalogues import load_groups

        paths = run_export(prepared, out_dir, fmt, loaded.document.meta.slug,
                           themes=loaded.themes, groups=load_groups(submission / "groups.yaml"))
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
