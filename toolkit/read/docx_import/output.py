"""Write the imported report as a submission folder: YAML that reads back as written."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from toolkit.fsutil import atomic_write_text
from toolkit.model.document import Inline, Note, Text
from toolkit.model.walk import walk_inlines
from toolkit.read.docx_import.structure import Imported, ImportedSection
from toolkit.read.markup import to_markup

PLACE_PLACEHOLDER = "(place of signature)"


class _Dumper(yaml.SafeDumper):
    """Multi-line texts (lists inside a paragraph) as ``|`` blocks; the rest quoted as
    PyYAML decides, so that every value reads back as the same text."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, width=10**6, sort_keys=False,
                     default_flow_style=False)


def _markup(nodes: list[Inline]) -> str:
    return to_markup(nodes).strip()


def _section_data(section: ImportedSection, contributor: str) -> dict[str, Any]:
    meaning = section.meaning
    data: dict[str, Any] = {"id": section.id, "kind": meaning.kind}
    if meaning.kind == "article":
        data["articles"] = list(meaning.articles)
    if meaning.heading is not None:  # the heading's own words, else the recognised ones
        data["heading"] = _markup(section.heading_content or [Text(meaning.heading)])
    data["contributors"] = [contributor]
    if section.previous:
        data["previous"] = [prev.id for prev in section.previous]
    paragraphs: list[dict[str, Any]] = []
    recommendations: list[dict[str, Any]] = []
    for item in section.items:
        entry: dict[str, Any] = {"id": item.id} if item.id else {}
        if item.kind == "table":
            table: dict[str, Any] = {
                "caption": _markup(item.caption) or "Table",
                "header": [_markup(c) for c in item.header],
                "rows": [[_markup(c) for c in row] for row in item.rows],
            }
            if item.note:
                table["note"] = _markup(item.note)
            entry["table"] = table
            paragraphs.append(entry)
        elif item.content:
            entry["text"] = _markup(item.content)
            if item.follows_up:
                entry["follows_up"] = list(item.follows_up)
            (recommendations if item.kind == "rec" else paragraphs).append(entry)
    if paragraphs:
        data["paragraphs"] = paragraphs
    if recommendations:
        data["recommendations"] = recommendations
    return data


def file_names(sections: list[ImportedSection]) -> list[str]:
    width = 2 if len(sections) < 10 else len(str(len(sections) * 10))
    return [f"sections/{(i + 1) * 10:0{width}d}-{s.id}.yaml"
            for i, s in enumerate(sections)]


def count_notes(imported: Imported) -> int:
    count = 0
    for section in imported.sections:
        for item in section.items:
            texts = [item.content, item.caption, item.note, *item.header,
                     *[c for row in item.rows for c in row]]
            for nodes in texts:
                count += sum(1 for n in walk_inlines(nodes) if isinstance(n, Note))
    return count


def write_submission(out: Path, imported: Imported, *, mechanism: str, state: str,
                     language: str, title: str, day: date, author: str) -> list[Path]:
    """Write every file; the caller has made sure ``out`` is new or empty."""
    member = re.sub(r"\s+", " ", author).strip() or "Coalition"
    submission = {
        "title": title,
        "mechanism": mechanism,
        "state": state,
        "date": day.isoformat(),
        "place": PLACE_PLACEHOLDER,
        "source_language": language,
        "languages": [language],
        "coalition": [{"id": "coalition", "name": member}],
    }
    files: dict[str, str] = {
        "submission.yaml": "# Imported from a Word document by toolkit import docx: check "
                           "the title, date, place and coalition.\n" + dump(submission),
        "sources.yaml": "# Sources cited as [@key]; the imported footnotes stay footnotes.\n"
                        "{}\n",
    }
    previous = [
        {"id": prev.id, "document": prev.document, "paragraph": prev.paragraph,
         "text": _markup(prev.content) or "(text not found in the document)",
         "assessment": prev.assessment}
        | ({"recommending_state": prev.recommending_state} if prev.recommending_state else {})
        | ({"response": prev.response} if prev.response else {})
        for section in imported.sections for prev in section.previous
    ]
    if previous:
        files["previous.yaml"] = dump(previous)
    for name, section in zip(file_names(imported.sections), imported.sections, strict=True):
        files[name] = dump(_section_data(section, "coalition"))
    written = []
    for name, text in files.items():
        path = out / name
        atomic_write_text(path, text)
        written.append(path)
    return written
