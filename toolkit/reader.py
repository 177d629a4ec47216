"""Reader: a submission folder of YAML files → the document model.

Stage one of the pipeline. It checks the shape of every file (pydantic), parses inline
markup, and reports every problem with file, line and column. It never knows about DOCX
and never resolves cross-references (that is ``toolkit.checks`` and
``toolkit.transforms``).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from toolkit import schema
from toolkit.diagnostics import Diagnostics, UserError
from toolkit.markup import MarkupError, find_illegal_chars, parse_inline
from toolkit.model import (
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
    Text,
)
from toolkit.yamlload import Path_, YamlFile, load_yaml

SECTION_SUFFIXES = (".yaml", ".yml")


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


def _pydantic_diagnostics(
    exc: ValidationError, yfile: YamlFile, model: type[BaseModel], diags: Diagnostics,
    prefix: Path_ = (),
) -> None:
    known = sorted(_field_names(model))
    for err in exc.errors():
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
            diags.error(yfile.pos(loc[:-1]), f"missing required field '{name}': add it")
        else:
            where = ".".join(str(p) for p in err["loc"])
            value = err.get("input")
            shown = f" (got {value!r})" if isinstance(value, str | int | float) else ""
            diags.error(yfile.pos(loc), f"{where}: {err['msg']}{shown}")


def _validate(
    yfile: YamlFile, model: type[BaseModel], diags: Diagnostics, data: Any = None,
    prefix: Path_ = (),
) -> Any:
    payload = yfile.data if data is None else data
    if not isinstance(payload, dict):
        diags.error(
            yfile.pos(prefix),
            f"expected a mapping of fields (key: value), found {type(payload).__name__}",
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

    def inline(self, text: str, path: Path_, unit: str) -> list[Inline]:
        self.origins[unit] = Origin(self.yfile, path, text)
        for offset, what in find_illegal_chars(text):
            self.diags.error(
                self.yfile.locate(path, offset, text),
                f"{what} is not allowed in a document: delete it",
            )
        try:
            return parse_inline(text)
        except MarkupError as exc:
            self.diags.error(self.yfile.locate(path, exc.offset, text), exc.message)
            return [Text(text)]


def _safe_file(root: Path, path: Path, display: str, diags: Diagnostics) -> bool:
    """Refuse files that are links leading outside the submission."""
    try:
        resolved = path.resolve(strict=True)
    except OSError:
        diags.error(SourcePos(display), "file cannot be opened (broken link?)")
        return False
    if not resolved.is_relative_to(root.resolve()):
        diags.error(
            SourcePos(display),
            "file is a link to somewhere outside the submission folder: copy the file in instead",
        )
        return False
    return True


def read_submission(root: Path) -> ReadResult:
    """Read and shape-check a whole submission folder."""
    diags = Diagnostics()
    origins: dict[str, Origin] = {}
    root = Path(root)
    if not root.is_dir():
        raise UserError(f"{root}: no such submission folder", SourcePos(str(root)))
    sub_path = root / "submission.yaml"
    if not sub_path.exists():
        raise UserError(
            "submission.yaml is missing: every submission folder needs one "
            "(toolkit new SLUG creates a complete example)",
            SourcePos(str(root / "submission.yaml")),
        )

    def load(path: Path) -> YamlFile | None:
        display = os.path.relpath(path, Path.cwd()) if path.is_absolute() else str(path)
        if not _safe_file(root, path, display, diags):
            return None
        return load_yaml(path, display, diags)

    sub_file = load(sub_path)
    submission = _validate(sub_file, schema.SubmissionIn, diags) if sub_file else None

    sources: dict[str, Source] = {}
    src_path = root / "sources.yaml"
    if src_path.exists():
        yfile = load(src_path)
        if yfile is not None:
            parser = _Parser(yfile, diags, origins)
            if yfile.data is None or not isinstance(yfile.data, dict):
                diags.error(yfile.pos(()), "sources.yaml must be a mapping: key: {citation: …}")
            else:
                for key, value in yfile.data.items():
                    entry = _validate(yfile, schema.SourceIn, diags, value, (key,))
                    if entry is None:
                        continue
                    unit = f"source/{key}"
                    sources[key] = Source(
                        key=key,
                        citation=parser.inline(entry.citation, (key, "citation"), unit),
                        pos=yfile.pos((key,)),
                        url=entry.url,
                        unit=unit,
                    )

    previous: dict[str, PreviousRecommendation] = {}
    prev_path = root / "previous.yaml"
    if prev_path.exists():
        yfile = load(prev_path)
        if yfile is not None:
            parser = _Parser(yfile, diags, origins)
            if not isinstance(yfile.data, list):
                diags.error(yfile.pos(()),
                            "previous.yaml must be a list of earlier recommendations")
            else:
                for index, value in enumerate(yfile.data):
                    entry = _validate(yfile, schema.PreviousIn, diags, value, (index,))
                    if entry is None:
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
                        content=parser.inline(entry.text, (index, "text"), unit),
                        assessment=entry.assessment,
                        pos=pos,
                        recommending_state=entry.recommending_state,
                        response=entry.response,
                        theme=entry.theme,
                        unit=unit,
                    )

    sections = _read_sections(root, load, diags, origins)

    if submission is None or sub_file is None:
        return ReadResult(None, diags, origins, root)

    parser = _Parser(sub_file, diags, origins)
    meta = Meta(
        slug=root.resolve().name,
        title=parser.inline(submission.title, ("title",), "title"),
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
    )
    if meta.source_language not in meta.languages:
        meta.languages.insert(0, meta.source_language)
    document = Document(meta, sections, sources, previous, language=meta.source_language)
    return ReadResult(document, diags, origins, root)


def _read_sections(root: Path, load: Any, diags: Diagnostics, origins: dict[str, Origin]
                   ) -> list[Section]:
    folder = root / "sections"
    if not folder.is_dir():
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
            continue
        entry = _validate(yfile, schema.SectionIn, diags)
        if entry is None:
            continue
        parser = _Parser(yfile, diags, origins)
        sid = entry.id
        origins.setdefault(f"file:{sid}", Origin(yfile, (), ""))
        heading: list[Inline] = []
        if entry.heading is not None:
            heading = parser.inline(entry.heading, ("heading",), f"{sid}/heading")
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
