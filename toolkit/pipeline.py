"""The pipeline: read → check → (translate) → transform → layout → write.

The CLI calls these functions; tests call them too. Each stage reports user errors as
diagnostics; nothing is written unless every check passed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.check.references import check_document
from toolkit.check.states import state_diagnostics
from toolkit.check.typography import typography_diagnostics
from toolkit.i18n.messages import TEMPLATES_DIR, Translator, get_translator
from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import Document, SourcePos, clone
from toolkit.model.languages import (
    BUILD_LANGUAGES,
    catalogue_language,
    language_tag,
    word_language,
)
from toolkit.model.mechanisms import (
    CatalogueError,
    Mechanism,
    load_mechanism,
    load_submission_themes,
)
from toolkit.model.states import StateNames, StateTable
from toolkit.read.submission import ReadResult, SubmissionReader, read_submission
from toolkit.transform.labels import Labels

if TYPE_CHECKING:
    from toolkit.check.catalogues import CatalogueChecks
    from toolkit.i18n.files import Catalogues
    from toolkit.layout.blocks import LayoutDocument
    from toolkit.layout.typeset import TypesetMemo
    from toolkit.layout.wording import Wording
    from toolkit.read.catalogues import SdgEntry
    from toolkit.read.reference_docx import CleanReference, ReferencePackage

REFERENCE_DOCX = TEMPLATES_DIR / "reference.docx"


@dataclass
class Loaded:
    """A read and checked submission."""

    result: ReadResult
    document: Document | None
    mechanism: Mechanism | None
    themes: dict[str, str]
    diagnostics: Diagnostics
    root: Path
    #: the submission's own reference document rebuilt from its safe parts, once for every
    #: language of this build (see :func:`reference_docx`); owned by this object, never
    #: process-wide
    reference: CleanReference | None = None
    #: the UN table of States, read once for the checks and every language's labels
    states: StateTable | None = None
    #: the catalogues read so far, each parsed once for every check and translation of
    #: this run (forked workers inherit what the parent read); see :meth:`catalogue_cache`
    catalogues: Catalogues | None = None

    def catalogue_cache(self) -> Catalogues:
        """The run's catalogues, made on first use (a build in the source language reads
        none, and does not import the catalogue machinery)."""
        if self.catalogues is None:
            from toolkit.i18n.files import Catalogues

            self.catalogues = Catalogues()
        return self.catalogues


def load(root: Path, session: Session | None = None) -> Loaded:
    """Read a submission and run every check; never raises for problems in user files.

    ``session`` (of the same folder) keeps the files read before and re-reads only those
    that changed, and keeps the toolkit's catalogues (the live preview); without it every
    file is read.
    """
    root = Path(root)
    result = session.reader.read() if session is not None else read_submission(root)
    diags = Diagnostics(list(result.diagnostics.items))
    mechanism = None
    themes: dict[str, str] = {}
    states: StateTable | None = None
    document = result.document
    if document is not None:
        try:
            mechanism = load_mechanism(document.meta.mechanism)
        except CatalogueError as exc:
            raise UserError(str(exc), SourcePos("mechanism catalogue")) from None
        # a coalition's own themes, beside its files: read like the submission's own YAML
        themes = load_submission_themes(root, diags)
        from toolkit.read.catalogues import load_groups  # a coalition's own groups.yaml adds

        if session is not None:
            groups, sdg = session.groups(), session.sdg()
        else:
            groups, sdg = load_groups(root / "groups.yaml"), None
        diags.extend(check_document(document, result.origins, mechanism, themes, groups, sdg))
        states = session.states() if session is not None else StateTable.load()
        diags.extend(state_diagnostics(document, result.origins, states))
        diags.extend(typography_diagnostics(document))
    catalogues = session.catalogues if session is not None else None
    return Loaded(result, document, mechanism, themes, diags, root, states=states,
                  catalogues=catalogues)


#: Output formats of ``build``, the first the default.
FORMATS: tuple[str, ...] = ("docx", "html")


def output_path(out_dir: Path, slug: str, lang: str, *, draft: bool = False,
                fmt: str = "docx") -> Path:
    """``<slug>-<lang>.docx``; a draft build is ``<slug>-<lang>-draft.docx``, so a draft
    never overwrites (or passes for) the final file. ``fmt`` is the extension."""
    return out_dir / f"{slug}-{lang}{'-draft' if draft else ''}.{fmt}"


def reference_docx(loaded: Loaded) -> Path | ReferencePackage:
    """The reference document: the submission's own (if named), rebuilt in memory from its
    safe parts, or the toolkit's, used as shipped (it is ours, and
    ``toolkit.write.reference_doc`` writes it already rebuilt from its safe parts: a test
    keeps it so).

    The submission's own is the one the reader vetted and rebuilt (and reported what it
    leaves out), so the bytes checked are the bytes used: inside the submission, a real
    .docx whose zip directory declares at most 100 MB unpacked (a zip bomb is never
    inflated), no DOCTYPE in any part, every style the writer uses. Only styles, numbering,
    theme, font table, settings and the page set-up are taken (see
    ``toolkit.read.reference_docx``). It is rebuilt once per ``loaded`` and each call
    opens a fresh copy for one writer.
    """
    assert loaded.document is not None
    name = loaded.document.meta.reference_doc
    if not name:
        return REFERENCE_DOCX
    from toolkit.read.reference_docx import ReferenceDocError, load_reference_doc

    if loaded.reference is None:
        try:
            loaded.reference = loaded.result.reference or load_reference_doc(loaded.root, name)
        except ReferenceDocError as exc:
            raise UserError(str(exc), SourcePos(str(loaded.root / "submission.yaml"))) from None
    return loaded.reference.open()


@dataclass
class Prepared:
    """One language of a submission, translated, numbered and labelled, ready to render."""

    document: Document
    labels: Labels
    translator: Translator
    diagnostics: Diagnostics
    draft_units: set[str]  # draft: still in the source language
    fuzzy_units: set[str] = field(default_factory=set)  # draft: unreviewed translation shown


def prepare_language(loaded: Loaded, lang: str, *, draft: bool = False) -> Prepared:
    """Translate (unless ``lang`` is the source), localise and run every transformation.

    Raises UserError for an untranslated or broken catalogue unless ``draft``.
    """
    from toolkit.transform.prepare import prepare
    from toolkit.transform.typography import localize_document

    document = loaded.document
    assert document is not None and loaded.mechanism is not None
    if lang not in BUILD_LANGUAGES:
        raise UserError(f"unknown language '{lang}': choose one of {', '.join(BUILD_LANGUAGES)}")
    diags = Diagnostics()
    draft_units: set[str] = set()
    fuzzy_units: set[str] = set()
    base = catalogue_language(lang)
    if base == document.meta.source_language:
        working = clone(document)
    else:
        from toolkit.i18n.translate import translate_document

        working, tdiags, draft_units, fuzzy_units = translate_document(
            document, loaded.root, base, draft=draft, origins=loaded.result.origins,
            catalogues=loaded.catalogue_cache())
        if tdiags.errors:
            raise UserError(tdiags)
        diags.extend(tdiags)
    from toolkit.i18n.translate import choose_source_language

    choose_source_language(working, lang, document.meta.source_language)
    working.language = base
    localize_document(working, base)
    translator = get_translator(lang)
    overrides = {lang: StateNames(*names) for lang, names in working.meta.state_names.items()}
    labels = Labels(translator, loaded.mechanism, state_names={working.meta.state: overrides},
                    states=loaded.states)
    prepare(working, labels, loaded.themes)
    if lang == "kk-Latn":
        from toolkit.transform.translit import transliterate_document

        working = transliterate_document(working)
    return Prepared(working, labels, translator, diags, draft_units, fuzzy_units)


def layout_language(loaded: Loaded, prepared: Prepared, lang: str, *, draft: bool = False,
                    wording: Wording | None = None, typeset_memo: TypesetMemo | None = None
                    ) -> LayoutDocument:
    """The layout tree of one prepared language (every word, number and anchor decided);
    ``wording``: the template of this language, already compiled; ``typeset_memo``: the
    paragraphs of this language set by the last render (the live preview)."""
    from toolkit.layout.build import LayoutOptions, build_layout
    from toolkit.layout.wording import Wording

    assert loaded.document is not None
    labels = prepared.labels
    options = LayoutOptions(
        language=lang, tag=language_tag(lang),
        state_name=labels.state_name(loaded.document.meta.state),
        draft=draft, draft_units=prepared.draft_units, fuzzy_units=prepared.fuzzy_units,
        themes=loaded.themes, comments=draft,
        source_tag=language_tag(loaded.document.meta.source_language),
        typeset_memo=typeset_memo,
    )
    if wording is None:
        wording = Wording(prepared.translator, loaded.root)
    return build_layout(prepared.document, labels, wording, options)


class Session:
    """A submission kept in memory between renders (the live preview).

    Reading again re-reads only the files that changed (:class:`SubmissionReader`); the
    compiled wording template of each language and the parsed catalogues are kept while
    their files are unchanged, the toolkit's own tables (States, SDG) for good, and the
    paragraphs each language's typesetting set in the last render (a paragraph whose text
    did not change is not set again). Everything else is redone on every load, so a
    render equals a fresh one's (tested). All that is kept belongs to this object:
    nothing process-wide.
    """

    def __init__(self, root: Path) -> None:
        from toolkit.i18n.files import Catalogues

        self.root = Path(root)
        self.reader = SubmissionReader(self.root)
        self._wordings: dict[str, tuple[object, Wording]] = {}
        self._sdg: dict[str, SdgEntry] | None = None
        self._groups: tuple[object, dict[str, dict[str, str]]] | None = None
        self._states: StateTable | None = None
        self._typeset: dict[str, TypesetMemo] = {}  # paragraphs set by the last render
        #: the catalogues, parsed again only when their file changed
        self.catalogues = Catalogues()

    def load(self) -> Loaded:
        """The submission as saved now, read and checked."""
        return load(self.root, self)

    def sdg(self) -> dict[str, SdgEntry]:
        """The toolkit's SDG catalogue, read once."""
        from toolkit.read.catalogues import load_sdg

        if self._sdg is None:
            self._sdg = load_sdg()
        return self._sdg

    def states(self) -> StateTable:
        """The UN table of States (the toolkit's own file: read once)."""
        if self._states is None:
            self._states = StateTable.load()
        return self._states

    def groups(self) -> dict[str, dict[str, str]]:
        """The groups of persons, the submission's own groups.yaml included: read again
        when that file changes."""
        from toolkit.read.catalogues import load_groups
        from toolkit.read.submission import file_stamp

        path = self.root / "groups.yaml"
        stamp = file_stamp(path)
        if self._groups is None or stamp is None or self._groups[0] != stamp:
            self._groups = (stamp, load_groups(path))
        return self._groups[1]

    def wording(self, lang: str, translator: Translator) -> Wording:
        """The compiled wording template of ``lang``, compiled again when a file changed."""
        from toolkit.layout.wording import WORDING, Wording
        from toolkit.read.submission import file_stamp

        stamp = (file_stamp(self.root / "templates" / WORDING), file_stamp(TEMPLATES_DIR / WORDING),
                 translator.messages)
        kept = self._wordings.get(lang)
        if kept is None or kept[0] != stamp or None in stamp[:2]:
            kept = (stamp, Wording(translator, self.root))
            self._wordings[lang] = kept
        return kept[1]

    def render_html(self, loaded: Loaded, lang: str, *, draft: bool = False) -> bytes:
        """One language of ``loaded`` as the HTML edition."""
        from toolkit.layout.typeset import TypesetMemo
        from toolkit.write.html import HtmlWriter

        prepared = prepare_language(loaded, lang, draft=draft)
        layout = layout_language(loaded, prepared, lang, draft=draft,
                                 wording=self.wording(lang, prepared.translator),
                                 typeset_memo=self._typeset.setdefault(lang, TypesetMemo()))
        return HtmlWriter(layout).render()


def render(loaded: Loaded, lang: str, *, draft: bool = False) -> tuple[bytes, Prepared]:
    """Prepare, lay out and write one language of a checked submission as DOCX bytes."""
    outputs, prepared = render_formats(loaded, lang, ("docx",), draft=draft)
    return outputs["docx"], prepared


def render_formats(loaded: Loaded, lang: str, formats: tuple[str, ...], *,
                   draft: bool = False) -> tuple[dict[str, bytes], Prepared]:
    """One language laid out once, written in every format of ``formats``."""
    prepared = prepare_language(loaded, lang, draft=draft)
    layout = layout_language(loaded, prepared, lang, draft=draft)
    outputs: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "html":
            from toolkit.write.html import HtmlWriter

            outputs[fmt] = HtmlWriter(layout).render()
        else:
            from toolkit.write.docx import DocxWriter

            writer = DocxWriter(layout, template=reference_docx(loaded),
                                word_lang=word_language(lang))
            outputs[fmt] = writer.render()
    return outputs, prepared


class PartialBuild(UserError):
    """Some languages were built, others were not (their translation is not ready):
    ``paths`` were written, ``diagnostics`` says why the rest were not."""

    def __init__(self, diagnostics: Diagnostics, paths: list[Path], warnings: Diagnostics,
                 built: list[str], failed: list[str]) -> None:
        super().__init__(diagnostics)
        self.paths = paths
        self.warnings = warnings
        self.built = built
        self.failed = failed


def build(root: Path, langs: list[str] | None, out_dir: Path | None, *, draft: bool = False,
          pdf: bool = False, finalize: bool = False, formats: tuple[str, ...] = ("docx",),
          require_final: bool = False, strict: bool = False
          ) -> tuple[list[Path], Loaded, Diagnostics]:
    """Check, then write one file per language and format (``formats``: docx, html).

    ``require_final`` refuses (nothing written) while any section's status is not final.
    The catalogues of the languages built are checked against the glossary as ``check``
    does: a forbidden variant refuses the build (nothing written), a missing term is a
    warning, an error with ``strict``.
    A final (not draft) build leaves reviewers' comments out and warns about open ones.

    Nothing is written if the submission has errors. A language that cannot be built (its
    translation is not ready) does not hold the others back: the ready ones are written,
    then :class:`PartialBuild` names the others (nothing written if none is ready).
    Returns the paths, the loaded submission and the warnings of every language (word
    limits, draft translations).
    """
    from toolkit.fsutil import write_files

    if pdf or finalize:
        from toolkit.write.finalize import LibreOfficeMissing, libreoffice_available

        if not libreoffice_available():
            raise UserError(str(LibreOfficeMissing()))
    loaded = load(root)
    if loaded.diagnostics.errors or loaded.document is None:
        raise UserError(loaded.diagnostics)
    document = loaded.document
    from toolkit.check.review import comment_warnings, open_comments, unfinished_sections

    if require_final:
        unfinished = unfinished_sections(document)
        if unfinished.errors:
            raise UserError(unfinished)
    first_open = next(open_comments(document), None) if draft and finalize else None
    if first_open is not None:
        _, comment = first_open
        raise UserError("a draft with reviewers' comments cannot be finalized (LibreOffice "
                        "would drop them): build it without --finalize; --pdf alone works "
                        "(the PDF leaves comments out)", comment.pos)
    langs = langs or list(document.meta.languages)
    out_dir = Path(out_dir) if out_dir else Path(root) / "build"
    planned = [output_path(out_dir, document.meta.slug, lang, draft=draft, fmt=fmt)
               for lang in langs for fmt in formats]
    refuse_overwriting_inputs(Path(root), planned + [p.with_suffix(".pdf") for p in planned],
                              document.meta.reference_doc)
    warnings = Diagnostics([d for d in loaded.diagnostics.items if d.severity == "warning"])
    from toolkit.check.catalogues import CatalogueChecks

    terms = CatalogueChecks.plan(loaded, langs, strict=strict)
    rendered = []
    failures = Diagnostics()
    failed: list[str] = []
    if "docx" in formats:
        try:  # rebuilt once here, shared by every language (and forked worker)
            reference_docx(loaded)
        except UserError:
            pass  # each language reports it, as when it is rebuilt there
    if len(langs) > 1:
        _import_renderers(tuple(formats))
    job = functools.partial(_check_terms_and_render, formats=tuple(formats), terms=terms)
    outcomes = per_language(loaded, langs, job, draft)
    # the glossary's verdict on every catalogue first: a forbidden term refuses the whole
    # build, nothing written
    term_diags = terms.collect(langs, [checked for (_, checked), _ in outcomes])
    if term_diags.errors:
        raise UserError(term_diags)
    warnings.extend(term_diags)
    if not draft:
        warnings.extend(comment_warnings(document))
    for lang, ((data, _), lang_diags) in zip(langs, outcomes, strict=True):
        if lang_diags.errors:
            failures.extend(Diagnostics(list(lang_diags.errors)))
            failed.append(lang)
            continue
        warnings.extend(lang_diags)
        rendered.append((lang, data))
    if failed and not rendered:
        raise UserError(failures)
    # every language in memory first, then all files or none: a full disk or a read-only
    # folder never leaves some languages written and others not
    outputs = [(output_path(out_dir, document.meta.slug, lang, draft=draft, fmt=fmt), data)
               for lang, by_format in rendered for fmt, data in by_format.items()]
    write_files(outputs)
    paths = [path for path, _ in outputs]
    not_finalized = None
    if pdf or finalize:
        docx_paths = [path for path in paths if path.suffix == ".docx"]
        made, not_finalized = _finalize_all(docx_paths, pdf=pdf, finalize=finalize)
        paths += made
    if failed or not_finalized is not None:  # what is written is named, then what failed
        built = [lang for lang, _ in rendered]
        if not_finalized is not None:
            failures.extend(not_finalized)
        if failed:
            failures.error(SourcePos(str(Path(root) / "submission.yaml")),
                           _not_built_message(built, failed, draft))
        raise PartialBuild(failures, paths, warnings, built, failed)
    return paths, loaded, warnings


def _import_renderers(formats: tuple[str, ...]) -> None:
    """Import what rendering a language needs once, before the languages are rendered:
    forked workers then inherit the modules instead of each importing them again (about a
    quarter of a second of CPU per worker for python-docx, Jinja2 and the transforms)."""
    import toolkit.check.words
    import toolkit.i18n.translate
    import toolkit.layout.build
    import toolkit.layout.wording
    import toolkit.transform.prepare
    import toolkit.transform.typography  # noqa: F401

    if "docx" in formats:
        import toolkit.write.docx  # noqa: F401
    if "html" in formats:
        import toolkit.write.html  # noqa: F401


#: The folders of a submission that hold its input: an output there would be read back.
INPUT_FOLDERS = ("sections", "locales", "templates")
INPUT_FILES = ("submission.yaml", "sources.yaml", "previous.yaml", "themes.yaml")


def refuse_overwriting_inputs(root: Path, paths: list[Path], reference_doc: str | None = None
                              ) -> None:
    """Raise UserError (before anything is written) if an output would land in one of the
    submission's input folders or replace one of its input files: the reference document,
    submission.yaml… A folder of its own inside the submission (the default ``build/``)
    is fine."""
    home = Path(root).resolve()
    inputs = {home / name for name in INPUT_FILES}
    if reference_doc:
        inputs.add((home / reference_doc).resolve())
    default = Path(root) / "build"
    for path in paths:
        target = Path(path).resolve()
        for name in INPUT_FOLDERS:
            if target.is_relative_to(home / name):
                raise UserError(
                    f"the output folder is inside the submission's {name}/ folder, which holds "
                    f"its input (the next check would read the output as input): choose "
                    f"another folder with --out (the default is {default})",
                    SourcePos(str(Path(path).parent)))
        if target in inputs:
            raise UserError(
                f"writing {Path(path).name} here would overwrite an input of the submission: "
                f"choose another folder with --out (the default is {default})",
                SourcePos(str(path)))


def _not_built_message(built: list[str], failed: list[str], draft: bool) -> str:
    """The closing line of a partial build: what is ready, what is not, what to do."""
    only = " ".join(f"--lang {lang}" for lang in built)
    hint = "" if draft else "add --draft to build them with the untranslated text shaded, or "
    return (f"built {', '.join(built)}; not built: {', '.join(failed)} (see above): "
            f"{hint}use {only} to build only the ready ones")


def _check_terms_and_render(loaded: Loaded, lang: str, draft: bool, *,
                            formats: tuple[str, ...], terms: CatalogueChecks
                            ) -> tuple[tuple[dict[str, bytes], Diagnostics], Diagnostics]:
    """One language of a build: its catalogue against the glossary, then its files."""
    checked, _ = terms.run(loaded, lang)
    data, diags = _render_one(loaded, lang, draft, formats)
    return (data, checked), diags


def check_language(loaded: Loaded, lang: str, draft: bool, *, checks: CatalogueChecks
                   ) -> tuple[tuple[Diagnostics, Diagnostics], Diagnostics]:
    """One language of ``toolkit check``: its catalogue's glossary and quality findings,
    and its word limits."""
    found = checks.run(loaded, lang)
    _, limits = language_limits(loaded, lang, draft)
    return found, limits


def _render_one(loaded: Loaded, lang: str, draft: bool, formats: tuple[str, ...] = ("docx",)
                ) -> tuple[dict[str, bytes], Diagnostics]:
    """One language's files (format → bytes) and its diagnostics (user errors returned,
    not raised, so that they cross a process boundary intact)."""
    from toolkit.check.words import limit_diagnostics, word_count

    try:
        data, prepared = render_formats(loaded, lang, formats, draft=draft)
    except UserError as exc:
        return {}, exc.diagnostics
    diags = Diagnostics(list(prepared.diagnostics.items))
    pos = SourcePos(str(loaded.root / "submission.yaml"))
    for diag in limit_diagnostics(word_count(prepared.document, loaded.mechanism), pos).items:
        diags.warning(diag.pos, diag.message + " (built anyway: trim before sending)"
                      if diag.severity == "error" else diag.message)
    return data, diags


def language_limits(loaded: Loaded, lang: str, draft: bool = True) -> tuple[bytes, Diagnostics]:
    """The word-limit diagnostics of one language (for ``toolkit check``); a language
    whose catalogue cannot be used yet is skipped: ``i18n status`` and ``build`` say why."""
    from toolkit.check.words import limit_diagnostics, word_count

    try:
        prepared = prepare_language(loaded, lang, draft=draft)
    except UserError:
        return b"", Diagnostics()
    pos = SourcePos(str(loaded.root / "submission.yaml"))
    return b"", limit_diagnostics(word_count(prepared.document, loaded.mechanism), pos)


Job = Callable[[Loaded, str, bool], tuple[Any, Diagnostics]]


def per_language(loaded: Loaded, langs: list[str], job: Job, draft: bool
                 ) -> list[tuple[Any, Diagnostics]]:
    """Run ``job`` for every language; on a machine with several cores, in parallel.

    Each language is independent (its own copy of the document), so forked workers share
    the loaded submission and return only bytes and diagnostics. Without fork (or with
    one core, or one language) the languages run in turn.
    """
    import os

    workers = min(len(langs), os.cpu_count() or 1)
    if workers < 2:  # one language: no worker processes to start (nor to import)
        return [job(loaded, lang, draft) for lang in langs]
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return [job(loaded, lang, draft) for lang in langs]
    from concurrent.futures import ProcessPoolExecutor

    global _FORKED
    _FORKED = (loaded, job)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_run_forked, langs, [draft] * len(langs)))
    finally:
        _FORKED = None


_FORKED: tuple[Loaded, Job] | None = None  # what a forked worker inherits from its parent


def _run_forked(lang: str, draft: bool) -> tuple[Any, Diagnostics]:
    assert _FORKED is not None
    loaded, job = _FORKED
    return job(loaded, lang, draft)


def _finalize_all(paths: list[Path], *, pdf: bool, finalize: bool
                  ) -> tuple[list[Path], Diagnostics | None]:
    """Let LibreOffice lay out each DOCX: real page numbers in the TOC, and/or a PDF.

    Returns the PDFs written, and why LibreOffice failed (None if it did not): the DOCX
    files are already written by then, so a failure must not claim that nothing was."""
    from toolkit.write.finalize import FinalizeError, LibreOfficeMissing
    from toolkit.write.finalize import finalize as run_finalize

    written = []
    for index, path in enumerate(paths):
        pdf_path = path.with_suffix(".pdf") if pdf else None
        try:
            run_finalize(path, docx_out=path if finalize else None, pdf_out=pdf_path)
        except (LibreOfficeMissing, FinalizeError) as exc:
            failure = Diagnostics()
            left = ", ".join(p.name for p in paths[index:])
            steps = " and ".join(step for step, wanted in (("page numbers", finalize),
                                                           ("PDF", pdf)) if wanted)
            failure.error(SourcePos(str(path)), f"{exc} — the DOCX files above "
                          f"are written, without LibreOffice's {steps} for {left}: build "
                          "again once LibreOffice works, or without --finalize/--pdf")
            return written, failure
        if pdf_path is not None:
            written.append(pdf_path)
    return written, None
