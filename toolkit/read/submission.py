"""Reader: a submission folder of YAML files → the document model.

Stage one of the pipeline. It checks the shape of every file (pydantic), parses inline
markup, and reports every problem with file, line and column. It never knows about DOCX
and never resolves cross-references (that is ``toolkit.check.references`` and
``toolkit.transform.prepare``).
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import (
    Cell,
    Document,
    Inline,
    Meta,
    Organisation,
    Paragraph,
    PreviousRecommendation,
    Recommendation,
    Review,
    Section,
    Source,
    SourcePos,
    Table,
    Text,
)
from toolkit.read import fields, schema
from toolkit.read.files import UnreadableFile, read_guarded
from toolkit.read.ids import ID_RULE, suggest_id
from toolkit.read.markup import MarkupError, find_illegal_chars, parse_inline
from toolkit.read.yaml_positions import Path_, YamlFile, load_yaml

SECTION_SUFFIXES = (".yaml", ".yml")

# Bidirectional embeddings, overrides and isolates: they can show text in another order
# than it is stored ("trojan source"), so they are a warning; plain marks (U+200E/F) are not.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Keys of ``origins`` that mark what could not be read, so that ``toolkit.check.references``
# does not repeat one broken file as "points nowhere" wherever its ids are used: BROKEN + "id:" + an
# id found in an unreadable section or entry, BROKEN + "file:sources" / "file:previous" /
# "file:sections" (then "never cited" and "not discussed" would be guesses: not said).
BROKEN = "broken:"
_ID_LINE = re.compile(r"^[ \t-]*id:[ \t]*[\"']?([A-Za-z][A-Za-z0-9_.-]*)", re.MULTILINE)


@dataclass
class Origin:
    """Where a translatable text came from: enough to point at a token inside it."""

    yfile: YamlFile
    path: Path_
    text: str

    def pos_of(self, needle: str) -> SourcePos:
        offset = self.text.find(needle)
        if offset < 0:
            return self.yfile.pos(self.path)
        return self.yfile.locate(self.path, offset, self.text)


@dataclass
class ReadResult:
    document: Document | None
    diagnostics: Diagnostics
    origins: dict[str, Origin] = field(default_factory=dict)
    root: Path | None = None


def _field_names(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every field name of a model and the models nested in it (for "did you mean")."""
    seen = seen or set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for arg in _type_args(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= _field_names(arg, seen)
    return names


def _type_args(annotation: Any) -> list[Any]:
    out = [annotation]
    for arg in getattr(annotation, "__args__", ()) or ():
        out.extend(_type_args(arg))
    return out


def _kind(value: Any) -> str:
    """What a YAML value is, in the words of someone who writes YAML."""
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if value is None:
        return "an empty value"
    if isinstance(value, str):
        return "text"
    return "a date" if hasattr(value, "year") else type(value).__name__


_PATTERN_HINTS = {
    "id": ID_RULE,
    "state": "write the ISO 3166-1 alpha-3 code in capitals, e.g. KAZ",
    "sdg": "write an SDG target such as 16.3 or 5.a",
}


def _schema_message(err: Any) -> str:
    """One pydantic error as a short message that says what to write instead."""
    where = ".".join(str(p) for p in err["loc"])
    kind = err["type"]
    value = err.get("input")
    got = f" (got {value!r})" if isinstance(value, str | int | float) else ""
    if kind == "list_type":
        return f"{where}: expected a list, e.g. [a, b] or lines starting with '- '; " \
               f"found {_kind(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where}: expected a mapping of fields (key: value), found {_kind(value)}"
    if kind == "string_type":
        hint = ": put it in quotes" if isinstance(value, int | float | bool) else ""
        return f"{where}: expected text, found {_kind(value)}{hint}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
        hint = difflib.get_close_matches(str(value), options, n=1)
        suggestion = f" — did you mean '{hint[0]}'?" if hint else ""
        return f"{where}: {value!r} is not one of {', '.join(options)}{suggestion}"
    if kind.startswith("date") or kind.startswith("datetime"):
        shown = f"'{value}' is not a valid date" if isinstance(value, str) else "not a date"
        return f"{where}: {shown}: write it as YYYY-MM-DD, e.g. 2016-05-15"
    if kind == "string_pattern_mismatch":
        names = [str(p) for p in err["loc"] if isinstance(p, str)]
        hint = _PATTERN_HINTS.get(names[-1] if names else "", "not in the expected form")
        suggestion = suggest_id(value) if names and names[-1] == "id" and isinstance(
            value, str) else None
        if suggestion:
            return f"{where}: {hint}{got}: write e.g. '{suggestion}'"
        return f"{where}: {hint}{got}"
    if kind == "string_too_short":
        return f"{where}: must not be empty"
    if kind == "too_short":
        return f"{where}: needs at least one entry"
    if kind in ("int_parsing", "int_type", "int_from_float", "finite_number"):
        return f"{where}: expected a whole number{got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{where}: expected true or false{got}"
    if kind in ("greater_than_equal", "greater_than"):
        limit = (err.get("ctx") or {}).get("ge", (err.get("ctx") or {}).get("gt"))
        return f"{where}: must be at least {limit}{got}"
    if kind == "value_error":
        return f"{where}: {str(err['msg']).removeprefix('Value error, ')}"
    return f"{where}: {err['msg']}{got}"


_WEB_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


def _check_url(url: str | None, yfile: YamlFile, path: Path_, diags: Diagnostics) -> None:
    """A web address becomes a hyperlink: only http(s), never javascript: or file:."""
    if url is not None and not _WEB_URL.fullmatch(url):
        diags.error(yfile.pos(path), f"{path[-1]} must be a web address starting with https:// "
                    f"or http:// (got {url!r})")


def _pydantic_diagnostics(
    exc: ValidationError, yfile: YamlFile, model: type[BaseModel], diags: Diagnostics,
    prefix: Path_ = (),
) -> None:
    known = sorted(_field_names(model))
    errors = exc.errors()
    # "txt" for "text" is one mistake: say "did you mean 'text'", not also "text is missing"
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden" and err["loc"]:
            hint = difflib.get_close_matches(str(err["loc"][-1]), known, n=1)
            if hint:
                misspelt.add((*err["loc"][:-1], hint[0]))
    for err in errors:
        loc = tuple(prefix) + tuple(err["loc"])
        name = str(err["loc"][-1]) if err["loc"] else ""
        kind = err["type"]
        if kind == "extra_forbidden":
            hint = difflib.get_close_matches(name, known, n=1)
            suggestion = f" — did you mean '{hint[0]}'?" if hint else ""
            diags.error(
                yfile.pos(loc),
                f"unknown field '{name}'{suggestion} (allowed here: see docs/format.md)",
            )
        elif kind == "missing":
            if tuple(err["loc"]) not in misspelt:
                diags.error(yfile.pos(loc[:-1]), f"missing required field '{name}': add it")
        else:
            diags.error(yfile.pos(loc), _schema_message(err))


_WHOLE_FILE = object()


def _validate(
    yfile: YamlFile, model: type[BaseModel], diags: Diagnostics, data: Any = _WHOLE_FILE,
    prefix: Path_ = (),
) -> Any:
    payload = yfile.data if data is _WHOLE_FILE else data
    if not isinstance(payload, dict):
        where = ".".join(str(p) for p in prefix) + ": " if prefix else ""
        diags.error(
            yfile.pos(prefix),
            f"{where}expected a mapping of fields (key: value), found {_kind(payload)}",
        )
        return None
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        _pydantic_diagnostics(exc, yfile, model, diags, prefix)
        return None


class _Parser:
    """Parses inline markup of one file's text fields, recording origins."""

    def __init__(self, yfile: YamlFile, diags: Diagnostics, origins: dict[str, Origin]):
        self.yfile = yfile
        self.diags = diags
        self.origins = origins

    def inline(self, text: str, path: Path_, unit: str,
               kind: fields.TextKind = fields.BODY) -> list[Inline]:
        # characters XML cannot hold are reported for every string by _check_strings
        origin = self.origins[unit] = Origin(self.yfile, path, text)
        comment = self.yfile.comments.get(tuple(path))
        if comment:  # "text: Torture is #1 problem" silently loses "#1 problem"
            self.diags.warning(comment, "' #' starts a YAML comment: what follows on this "
                               "line is left out of the text; to keep it, write the text as "
                               "a block ('text: >' and the text indented below) or in quotes")
        try:
            nodes = parse_inline(text, block=True)
        except MarkupError as exc:
            self.diags.error(self.yfile.locate(path, exc.offset, text), exc.message)
            return [Text(text)]
        refused = kind.refused(nodes)
        if refused:  # one message per field, pointing at the first refused markup
            self.diags.error(origin.pos_of(fields.needle(refused[0])),
                             fields.refusal(kind, refused))
        return nodes


def _table(parser: _Parser, table: schema.TableIn, tid: str | None, unit: str,
           path: Path_, after: int) -> Table:
    """A table of a section; every cell is a text (and a translation unit) of its own."""

    def cell(text: str, where: Path_, cell_unit: str) -> Cell:
        return Cell(parser.inline(text, (*path, "table", *where), cell_unit, fields.CELL),
                    cell_unit)

    header = [cell(text, ("header", j), f"{unit}/h{j + 1}") for j, text in enumerate(table.header)]
    rows = [[cell(text, ("rows", i, j), f"{unit}/r{i + 1}c{j + 1}") for j, text in enumerate(row)]
            for i, row in enumerate(table.rows)]
    for i, row in enumerate(table.rows):
        if len(row) != len(table.header):
            parser.diags.error(parser.yfile.pos((*path, "table", "rows", i)),
                               f"this row has {len(row)} cells and the header "
                               f"{len(table.header)}: give every row as many cells as the header")
    note = (parser.inline(table.note, (*path, "table", "note"), f"{unit}/note", fields.CELL)
            if table.note is not None else [])
    caption = parser.inline(table.caption, (*path, "table", "caption"), unit, fields.CELL)
    return Table(id=tid, caption=caption,
                 header=header, rows=rows, note=note, pos=parser.yfile.pos(path), after=after,
                 unit=unit)


#: Submissions to UN bodies are recent; an earlier year is a typo (and Word's document
#: properties need a four-digit year).
EARLIEST_YEAR = 1900


def _mark_broken(origins: dict[str, Origin], key: str) -> None:
    origins.setdefault(BROKEN + key, Origin(YamlFile(key, None), (), ""))


def _harvest_ids(root: Path, path: Path, data: Any, origins: dict[str, Origin]) -> None:
    """Remember the ids a section file defines although it could not be read as a section."""
    _mark_broken(origins, "file:sections")
    ids: list[str] = []
    if isinstance(data, dict):
        ids.append(data.get("id"))
        for key in ("paragraphs", "recommendations"):
            items = data.get(key)
            if isinstance(items, list):
                ids.extend(item.get("id") for item in items if isinstance(item, dict))
    elif data is None:  # the YAML itself is broken: look for "id:" lines
        try:
            ids.extend(_ID_LINE.findall(read_guarded(path, "yaml", root)
                                        .decode("utf-8", "replace")))
        except UnreadableFile:
            pass  # already reported by the loader
    for found in ids:
        if isinstance(found, str):
            _mark_broken(origins, f"id:{found}")


def _check_strings(yfile: YamlFile, diags: Diagnostics) -> None:
    """Characters a document cannot hold (errors) or that disguise text (a warning).

    Every string value of the file is checked, not only the texts with markup: a control
    character in ``place`` or a coalition name would break the DOCX just the same.
    """
    stack: list[tuple[Path_, Any]] = [((), yfile.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            for offset, what in find_illegal_chars(value):
                diags.error(yfile.locate(path, offset, value),
                            f"{what} is not allowed in a document: delete it")
            bidi = _BIDI_CONTROLS.search(value)
            if bidi:
                char = bidi.group()
                diags.warning(
                    yfile.locate(path, bidi.start(), value),
                    f"the invisible control character U+{ord(char):04X} "
                    f"({unicodedata.name(char)}) can show the text in another order than it "
                    "is written: delete it unless the text needs it",
                )


def _check_user_template(root: Path, diags: Diagnostics) -> None:
    """The submission's own templates/wording.j2: syntax, sandbox, macros — without running it."""
    path = root / "templates" / "wording.j2"
    if not _present(path):
        return
    from toolkit.layout.wording import check_wording

    display = os.path.relpath(path, Path.cwd()) if path.is_absolute() else str(path)
    try:
        raw = read_guarded(path, "template", root)
    except UnreadableFile as exc:
        diags.error(SourcePos(display), exc.message)
        return
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diags.error(SourcePos(display, raw[: exc.start].count(b"\n") + 1, 1),
                    "file is not UTF-8 text: save it as UTF-8")
        return
    for pos, message in check_wording(source, display):
        diags.error(pos, message)


def _present(path: Path) -> bool:
    """A file is there, even a broken link or a link loop (the reader then says why it
    cannot be read rather than acting as if it were missing)."""
    return path.is_symlink() or path.exists()


def read_submission(root: Path) -> ReadResult:
    """Read and shape-check a whole submission folder."""
    diags = Diagnostics()
    origins: dict[str, Origin] = {}
    root = Path(root)
    if not root.is_dir():
        raise UserError(f"{root}: no such submission folder", SourcePos(str(root)))
    sub_path = root / "submission.yaml"
    if not _present(sub_path):
        raise UserError(
            "submission.yaml is missing: every submission folder needs one "
            "(toolkit new SLUG creates a complete example)",
            SourcePos(str(root / "submission.yaml")),
        )

    def load(path: Path) -> YamlFile | None:
        display = os.path.relpath(path, Path.cwd()) if path.is_absolute() else str(path)
        yfile = load_yaml(path, display, diags, root)
        if yfile is not None:
            _check_strings(yfile, diags)
        return yfile

    sub_file = load(sub_path)
    submission = _validate(sub_file, schema.SubmissionIn, diags) if sub_file else None
    if submission is not None and sub_file is not None and submission.date.year < EARLIEST_YEAR:
        diags.error(sub_file.pos(("date",)),
                    f"date {submission.date.isoformat()} is before {EARLIEST_YEAR}: write the "
                    "date the submission is sent, as YYYY-MM-DD")
        submission = None

    sources: dict[str, Source] = {}
    src_path = root / "sources.yaml"
    if _present(src_path):
        yfile = load(src_path)
        if yfile is None:
            _mark_broken(origins, "file:sources")
        else:
            parser = _Parser(yfile, diags, origins)
            if yfile.data is None or not isinstance(yfile.data, dict):
                diags.error(yfile.pos(()), "sources.yaml must be a mapping: key: {citation: …}")
                _mark_broken(origins, "file:sources")
            else:
                for key, value in yfile.data.items():
                    entry = _validate(yfile, schema.SourceIn, diags, value, (key,))
                    if entry is None:
                        _mark_broken(origins, f"id:{key}")
                        continue
                    unit = f"source/{key}"
                    _check_url(entry.url, yfile, (key, "url"), diags)
                    sources[key] = Source(
                        key=key,
                        citation=parser.inline(entry.citation, (key, "citation"), unit,
                                               fields.CITATION),
                        pos=yfile.pos((key,)),
                        url=entry.url,
                        unit=unit,
                    )

    previous: dict[str, PreviousRecommendation] = {}
    prev_path = root / "previous.yaml"
    if _present(prev_path):
        yfile = load(prev_path)
        if yfile is None:
            _mark_broken(origins, "file:previous")
        else:
            parser = _Parser(yfile, diags, origins)
            if not isinstance(yfile.data, list):
                diags.error(yfile.pos(()),
                            "previous.yaml must be a list of earlier recommendations")
                _mark_broken(origins, "file:previous")
            else:
                for index, value in enumerate(yfile.data):
                    entry = _validate(yfile, schema.PreviousIn, diags, value, (index,))
                    if entry is None:
                        if isinstance(value, dict) and isinstance(value.get("id"), str):
                            _mark_broken(origins, f"id:{value['id']}")
                        continue
                    pos = yfile.pos((index,))
                    if entry.id in previous:
                        diags.error(pos, f"duplicate id '{entry.id}' in previous.yaml")
                        continue
                    unit = f"previous/{entry.id}"
                    previous[entry.id] = PreviousRecommendation(
                        id=entry.id,
                        document=entry.document,
                        paragraph=entry.paragraph,
                        content=parser.inline(entry.text, (index, "text"), unit, fields.QUOTED),
                        assessment=entry.assessment,
                        pos=pos,
                        recommending_state=entry.recommending_state,
                        response=entry.response,
                        theme=entry.theme,
                        unit=unit,
                        response_source=entry.response_source,
                        themes=list(entry.themes),
                        groups=list(entry.groups),
                        sdg=list(entry.sdg),
                        follow_up_priority=entry.follow_up_priority,
                        quoted=entry.quoted,
                    )

    sections = _read_sections(root, load, diags, origins)
    _check_user_template(root, diags)

    if submission is None or sub_file is None:
        return ReadResult(None, diags, origins, root)
    if submission.reference_doc:
        from toolkit.read.reference_docx import check_reference_doc  # lxml only when needed

        check_reference_doc(root, submission.reference_doc, sub_file.pos(("reference_doc",)),
                            diags)

    parser = _Parser(sub_file, diags, origins)
    for i, org in enumerate(submission.coalition):
        _check_url(org.website, sub_file, ("coalition", i, "website"), diags)
    meta = Meta(
        slug=root.resolve().name,
        title=parser.inline(submission.title, ("title",), "title", fields.HEADING),
        mechanism=submission.mechanism,
        state=submission.state,
        submission_type=submission.submission_type,
        review=Review(**submission.review.model_dump()),
        date=submission.date,
        place=submission.place,
        source_language=submission.source_language,
        languages=list(submission.languages),
        paragraph_numbering=submission.numbering.paragraphs,
        recommendation_numbering=submission.numbering.recommendations,
        coalition=[
            Organisation(o.id, o.name, o.website, sub_file.pos(("coalition", i)))
            for i, o in enumerate(submission.coalition)
        ],
        limits=submission.limits.model_dump(exclude_none=True) if submission.limits else {},
        reference_doc=submission.reference_doc,
        state_names={
            lang: (name, name) if isinstance(name, str) else (name.short, name.formal or name.short)
            for lang, name in (submission.state_name or {}).items()
        },
    )
    if meta.source_language not in meta.languages:
        meta.languages.insert(0, meta.source_language)
    document = Document(meta, sections, sources, previous, language=meta.source_language)
    return ReadResult(document, diags, origins, root)


def _read_sections(root: Path, load: Any, diags: Diagnostics, origins: dict[str, Origin]
                   ) -> list[Section]:
    folder = root / "sections"
    if not folder.is_dir():
        _mark_broken(origins, "file:sections")
        diags.error(
            SourcePos(str(folder)),
            "the sections folder is missing: create sections/ with one .yaml file per section",
        )
        return []
    sections: list[Section] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        display = str(path)
        if path.is_dir():
            diags.error(SourcePos(display), "sections/ holds files only: move this folder out")
            continue
        if path.suffix.lower() not in SECTION_SUFFIXES:
            diags.error(
                SourcePos(display),
                "not a YAML file: only .yaml files belong in sections/ (rename or move it)",
            )
            continue
        yfile = load(path)
        if yfile is None:
            _harvest_ids(root, path, None, origins)
            continue
        entry = _validate(yfile, schema.SectionIn, diags)
        if entry is None:
            _harvest_ids(root, path, yfile.data, origins)
            continue
        parser = _Parser(yfile, diags, origins)
        sid = entry.id
        origins.setdefault(f"file:{sid}", Origin(yfile, (), ""))
        heading: list[Inline] = []
        if entry.heading is not None:
            heading = parser.inline(entry.heading, ("heading",), f"{sid}/heading",
                                    fields.HEADING)
        section = Section(
            id=sid,
            kind=entry.kind,
            heading=heading,
            pos=yfile.pos(("id",)),
            articles=list(entry.articles),
            themes=list(entry.themes),
            contributors=list(entry.contributors),
            previous=list(entry.previous),
            heading_unit=f"{sid}/heading" if entry.heading is not None else "",
        )
        for i, para in enumerate(entry.paragraphs):
            unit = f"{sid}/{para.id or f'p{i + 1}'}"
            if para.table is not None:
                section.tables.append(_table(parser, para.table, para.id, unit,
                                             ("paragraphs", i), len(section.paragraphs)))
                continue
            assert para.text is not None  # the schema wants text or table
            section.paragraphs.append(
                Paragraph(
                    id=para.id,
                    content=parser.inline(para.text, ("paragraphs", i, "text"), unit),
                    pos=yfile.pos(("paragraphs", i)),
                    unit=unit,
                )
            )
        for i, rec in enumerate(entry.recommendations):
            unit = f"{sid}/rec/{rec.id or f'r{i + 1}'}"
            section.recommendations.append(
                Recommendation(
                    id=rec.id,
                    content=parser.inline(rec.text, ("recommendations", i, "text"), unit),
                    pos=yfile.pos(("recommendations", i)),
                    follows_up=list(rec.follows_up),
                    sdg=list(rec.sdg),
                    section_id=sid,
                    unit=unit,
                )
            )
        sections.append(section)
    return sections
