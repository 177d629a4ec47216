"""Reader: a submission folder of YAML files → the document model.

Stage one of the pipeline. It checks the shape of every file (pydantic), parses inline
markup, and reports every problem with file, line and column. It never knows about DOCX
and never resolves cross-references (that is ``toolkit.check.references`` and
``toolkit.transform.prepare``).
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import (
    Cell,
    Comment,
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
from toolkit.model.languages import BUILD_LANGUAGES
from toolkit.read import fields, schema
from toolkit.read.files import UnreadableFile, read_guarded
from toolkit.read.ids import ID_RULE, suggest_id
from toolkit.read.markup import MarkupError, find_illegal_chars, parse_inline
from toolkit.read.yaml_positions import Path_, YamlFile, load_yaml

if TYPE_CHECKING:
    from toolkit.read.reference_docx import CleanReference

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
    #: the submission's own reference_doc as vetted and rebuilt by the reader (None: none
    #: named, or unusable and reported)
    reference: CleanReference | None = None


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


_PER_LANGUAGE = ("citation", "url")
# codes people write for the languages (the country's, the three-letter ones, adilet's)
_LANGUAGE_SLIPS = {"kz": "kk", "kaz": "kk", "qaz": "kk-Latn", "rus": "ru", "eng": "en",
                   "kk-latn": "kk-Latn", "kk_latn": "kk-Latn"}


def _per_language_ok(value: Any, yfile: YamlFile, key: str, diags: Diagnostics) -> bool:
    """A per-language ``citation`` or ``url`` names only known languages, each with text:
    one message per wrong key, at its own line (pydantic would report each wrong key twice,
    once per form the field may take)."""
    if not isinstance(value, dict):
        return True  # _validate says what is expected
    ok = True
    for name in _PER_LANGUAGE:
        given = value.get(name)
        if given is None or isinstance(given, str):
            continue
        if not isinstance(given, dict) or not given:
            what = "a web address" if name == "url" else "the citation"
            diags.error(yfile.pos((key, name)),
                        f"{key}.{name}: expected {what} as text, or a mapping per language "
                        f"such as {{ru: …, kk: …}}; found {_kind(given)}")
            ok = False
            continue
        for lang, text in given.items():
            if lang not in BUILD_LANGUAGES:
                hint = [_LANGUAGE_SLIPS[str(lang).lower()]] if str(lang).lower() in \
                    _LANGUAGE_SLIPS else difflib.get_close_matches(str(lang), BUILD_LANGUAGES, n=1)
                suggestion = f" — did you mean '{hint[0]}'?" if hint else ""
                diags.error(yfile.pos((key, name, lang)),
                            f"{key}.{name}: '{lang}' is not a language code: use "
                            f"{', '.join(BUILD_LANGUAGES)}{suggestion}")
                ok = False
            elif not isinstance(text, str) or not text.strip():
                diags.error(yfile.pos((key, name, lang)),
                            f"{key}.{name}.{lang}: expected text, found {_kind(text)}: write "
                            f"the {name} in this language, or delete the line")
                ok = False
    return ok


def _source(entry: schema.SourceIn, key: str, yfile: YamlFile, parser: _Parser,
            diags: Diagnostics, source_language: str) -> Source:
    """One source: its citation in the source language (the catalogue's msgid), and the
    citations and addresses written per language."""
    unit = f"source/{key}"
    citations: dict[str, list[Inline]] = {}
    if isinstance(entry.citation, str):
        citation = parser.inline(entry.citation, (key, "citation"), unit, fields.CITATION)
    else:
        # the source language's own text is the msgid; without one, the first written
        main = source_language if source_language in entry.citation else next(
            iter(entry.citation))
        citation = parser.inline(entry.citation[main], (key, "citation", main), unit,
                                 fields.CITATION)
        # the other languages' texts are no translation units: their origins stay apart
        # (a text other than the source language's wins over the catalogue in its language)
        aside = _Parser(yfile, diags, {})
        for lang, text in entry.citation.items():
            if lang != source_language:
                citations[lang] = aside.inline(text, (key, "citation", lang), unit,
                                               fields.CITATION)
    urls: dict[str, str] = {}
    url = None
    if isinstance(entry.url, dict):
        for lang, address in entry.url.items():
            _check_url(address, yfile, (key, "url", lang), diags)
            urls[lang] = address
    else:
        _check_url(entry.url, yfile, (key, "url"), diags)
        url = entry.url
    return Source(key=key, citation=citation, pos=yfile.pos((key,)), url=url, unit=unit,
                  urls=urls, citations=citations)


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


def _comments(yfile: YamlFile, entries: list[schema.CommentIn], path: Path_) -> list[Comment]:
    """Reviewers' comments as written: plain text, each placed at its ``by``."""
    return [Comment(by=entry.by, text=entry.text, resolved=entry.resolved,
                    pos=yfile.pos((*path, "comments", j, "by")))
            for j, entry in enumerate(entries)]


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
    return SubmissionReader(root).read()


#: Keys of ``origins`` that the reader sets only once (the first file wins), where every
#: other key is set by the last text that names it.
_FIRST_WINS = ("file:", BROKEN)


@dataclass
class _Part:
    """What reading one file gave: its problems, its texts' origins and its model part."""

    stamp: object
    diagnostics: list[Any]
    origins: dict[str, Origin]
    value: Any


def file_stamp(path: Path) -> object:
    """What must stay the same for a file's earlier reading to be reused: the working
    folder (messages name files relative to it), the file's identity and times and its
    whole content, or that it is missing. None (never reused) for anything else but a
    regular file of at most 4 MB."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return ("missing", os.getcwd())
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_STAMPED_BYTES:
        return None
    try:
        with open(path, "rb") as handle:
            content = handle.read(_MAX_STAMPED_BYTES + 1)
    except OSError:
        return None
    return (os.getcwd(), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns,
            info.st_ctime_ns, content)


_MAX_STAMPED_BYTES = 4 * 2**20


class SubmissionReader:
    """Reads a submission folder; reading it again re-reads only the files that changed.

    Each file's reading (its problems, origins and model part) is kept by this object,
    together with a stamp of the file (identity, times and content); ``read`` reuses it
    while the stamp is unchanged, then assembles the document and the problems in the
    order of a fresh read, so the result equals :func:`read_submission`'s. The live preview
    holds one reader per submission; a one-off command reads through a fresh one.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._parts: dict[str, _Part] = {}
        self._used: set[str] = set()
        self._diags = Diagnostics()  # of the read in progress
        self._origins: dict[str, Origin] = {}

    def _part(self, key: str, path: Path, compute: Any) -> Any:
        """``compute(diags, origins)`` for the file at ``path``, or its kept result."""
        self._used.add(key)
        stamp = file_stamp(path)
        part = self._parts.get(key)
        if part is None or stamp is None or part.stamp != stamp:
            diags = Diagnostics()
            origins: dict[str, Origin] = {}
            value = compute(diags, origins)
            part = _Part(stamp, diags.items, origins, value)
            self._parts[key] = part
        self._diags.items.extend(part.diagnostics)
        for unit, origin in part.origins.items():
            if unit.startswith(_FIRST_WINS):
                self._origins.setdefault(unit, origin)
            else:
                self._origins[unit] = origin
        return part.value

    def _load(self, path: Path, diags: Diagnostics) -> YamlFile | None:
        display = os.path.relpath(path, Path.cwd()) if path.is_absolute() else str(path)
        yfile = load_yaml(path, display, diags, self.root)
        if yfile is not None:
            _check_strings(yfile, diags)
        return yfile

    def read(self) -> ReadResult:
        """Read and shape-check the whole submission folder (again)."""
        self._diags = diags = Diagnostics()
        self._origins = origins = {}
        self._used = set()
        try:
            return self._read(diags, origins)
        finally:
            for key in set(self._parts) - self._used:  # files since deleted or renamed
                del self._parts[key]

    def _read(self, diags: Diagnostics, origins: dict[str, Origin]) -> ReadResult:
        root = self.root
        if not root.is_dir():
            raise UserError(f"{root}: no such submission folder", SourcePos(str(root)))
        sub_path = root / "submission.yaml"
        if not _present(sub_path):
            raise UserError(
                "submission.yaml is missing: every submission folder needs one "
                "(toolkit new SLUG creates a complete example)",
                SourcePos(str(root / "submission.yaml")),
            )
        sub_file, submission = self._part("submission", sub_path, self._read_submission_file)
        src_path = root / "sources.yaml"
        sources: dict[str, Source] = {}
        if _present(src_path):
            source_language = submission.source_language if submission else "en"
            sources = self._part(f"sources:{source_language}", src_path,
                                 lambda d, o: self._read_sources(d, o, source_language))
        previous: dict[str, PreviousRecommendation] = {}
        prev_path = root / "previous.yaml"
        if _present(prev_path):
            previous = self._part("previous", prev_path, self._read_previous)
        sections = _read_sections(root, self, diags, origins)
        _check_user_template(root, diags)

        if submission is None or sub_file is None:
            return ReadResult(None, diags, origins, root)
        reference = None
        if submission.reference_doc:
            from toolkit.read.reference_docx import check_reference_doc  # lxml only when needed

            name = submission.reference_doc
            pos = sub_file.pos(("reference_doc",))
            reference = self._part(f"reference:{name}:{pos}", root / name,
                                   lambda d, _o: check_reference_doc(root, name, pos, d))
        return _document(root, sub_file, submission, sections, sources, previous, diags,
                         origins, reference)

    def _read_submission_file(self, diags: Diagnostics, _origins: dict[str, Origin]
                              ) -> tuple[YamlFile | None, Any]:
        sub_file = self._load(self.root / "submission.yaml", diags)
        submission = _validate(sub_file, schema.SubmissionIn, diags) if sub_file else None
        if (submission is not None and sub_file is not None
                and submission.date.year < EARLIEST_YEAR):
            diags.error(sub_file.pos(("date",)),
                        f"date {submission.date.isoformat()} is before {EARLIEST_YEAR}: write "
                        "the date the submission is sent, as YYYY-MM-DD")
            submission = None
        return sub_file, submission

    def _read_sources(self, diags: Diagnostics, origins: dict[str, Origin],
                      source_language: str) -> dict[str, Source]:
        """The sources; which citation is the catalogue's msgid depends on the submission's
        source language, so the kept result is kept per source language."""
        sources: dict[str, Source] = {}
        yfile = self._load(self.root / "sources.yaml", diags)
        if yfile is None:
            _mark_broken(origins, "file:sources")
            return sources
        parser = _Parser(yfile, diags, origins)
        if yfile.data is None or not isinstance(yfile.data, dict):
            diags.error(yfile.pos(()), "sources.yaml must be a mapping: key: {citation: …}")
            _mark_broken(origins, "file:sources")
            return sources
        for key, value in yfile.data.items():
            entry = None
            if _per_language_ok(value, yfile, key, diags):
                entry = _validate(yfile, schema.SourceIn, diags, value, (key,))
            if entry is None:
                _mark_broken(origins, f"id:{key}")
                continue
            sources[key] = _source(entry, key, yfile, parser, diags, source_language)
        return sources

    def _read_previous(self, diags: Diagnostics, origins: dict[str, Origin]
                       ) -> dict[str, PreviousRecommendation]:
        previous: dict[str, PreviousRecommendation] = {}
        yfile = self._load(self.root / "previous.yaml", diags)
        if yfile is None:
            _mark_broken(origins, "file:previous")
            return previous
        parser = _Parser(yfile, diags, origins)
        if not isinstance(yfile.data, list):
            diags.error(yfile.pos(()), "previous.yaml must be a list of earlier recommendations")
            _mark_broken(origins, "file:previous")
            return previous
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
        return previous

    def _read_section(self, path: Path, diags: Diagnostics, origins: dict[str, Origin]
                      ) -> Section | None:
        return _read_section(self.root, path, self._load(path, diags), diags, origins)


def _document(root: Path, sub_file: YamlFile, submission: Any, sections: list[Section],
              sources: dict[str, Source], previous: dict[str, PreviousRecommendation],
              diags: Diagnostics, origins: dict[str, Origin],
              reference: CleanReference | None) -> ReadResult:
    """The document of a readable submission.yaml and the files read beside it."""
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
    document = Document(meta, sections, dict(sources), dict(previous),
                        language=meta.source_language)
    return ReadResult(document, diags, origins, root, reference)


def _read_sections(root: Path, reader: SubmissionReader, diags: Diagnostics,
                   origins: dict[str, Origin]) -> list[Section]:
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
        section = reader._part(f"section:{path.name}", path,
                               functools.partial(reader._read_section, path))
        if section is not None:
            sections.append(section)
    return sections


def _read_section(root: Path, path: Path, yfile: YamlFile | None, diags: Diagnostics,
                  origins: dict[str, Origin]) -> Section | None:
    """One file of sections/ (None if it cannot be read as a section)."""
    if yfile is None:
        _harvest_ids(root, path, None, origins)
        return None
    entry = _validate(yfile, schema.SectionIn, diags)
    if entry is None:
        _harvest_ids(root, path, yfile.data, origins)
        return None
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
        status=entry.status,
        status_pos=yfile.pos(("status",)) if isinstance(yfile.data, dict)
        and "status" in yfile.data else None,
        comments=_comments(yfile, entry.comments, ()),
    )
    for i, para in enumerate(entry.paragraphs):
        unit = f"{sid}/{para.id or f'p{i + 1}'}"
        if para.table is not None:
            table = _table(parser, para.table, para.id, unit, ("paragraphs", i),
                           len(section.paragraphs))
            table.comments = _comments(yfile, para.comments, ("paragraphs", i))
            section.tables.append(table)
            continue
        assert para.text is not None  # the schema wants text or table
        section.paragraphs.append(
            Paragraph(
                id=para.id,
                content=parser.inline(para.text, ("paragraphs", i, "text"), unit),
                pos=yfile.pos(("paragraphs", i)),
                unit=unit,
                comments=_comments(yfile, para.comments, ("paragraphs", i)),
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
                comments=_comments(yfile, rec.comments, ("recommendations", i)),
            )
        )
    return section
