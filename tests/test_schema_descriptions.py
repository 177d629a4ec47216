"""The JSON Schema tells the truth: what a field's description allows, ``check`` accepts.

For every text field described in the generated schema, each kind of inline markup the
description names as allowed is written into that field of a valid submission and must
pass ``toolkit check``; each it names as not allowed must be refused at the field's line.
The markup samples are written here, independently of the toolkit's own tables.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import VALID_FILES, write_submission
from toolkit.cli.main import app

runner = CliRunner()

SAMPLES = {
    "italic": "*in italics*",
    "bold": "**in bold**",
    "footnote": "^[A footnote.]",
    "citation": "[@kibhr-2015, p. 4]",
    "cross-reference": "@sec:follow",
    "link": "<https://example.org/page>",
}

# A section with a table, so that its caption, cells and note are tried too.
TABLE_SECTION = """\
id: figures
kind: annex
heading: Figures
paragraphs:
  - id: figures-table
    table:
      caption: Complaints registered
      header:
        - Year
      rows:
        - - total
      note: Prosecutor General
"""

# schema file, property path → (file of the test submission, the line holding that field,
# the text it holds there)
FIELDS = {
    ("sections/*.yaml", "paragraphs.table.caption"): (
        "sections/30-figures.yaml", "      caption: Complaints registered"),
    ("sections/*.yaml", "paragraphs.table.header"): (
        "sections/30-figures.yaml", "        - Year"),
    ("sections/*.yaml", "paragraphs.table.rows"): (
        "sections/30-figures.yaml", "        - - total"),
    ("sections/*.yaml", "paragraphs.table.note"): (
        "sections/30-figures.yaml", "      note: Prosecutor General"),
    ("submission.yaml", "title"): ("submission.yaml", "title: Test submission"),
    ("sections/*.yaml", "heading"): ("sections/10-follow-up.yaml", "heading: Follow-up"),
    ("sections/*.yaml", "paragraphs.text"): (
        "sections/10-follow-up.yaml",
        "    text: Nothing changed since @prev:co1-11 was made.[@ombudsman]"),
    ("sections/*.yaml", "recommendations.text"): (
        "sections/20-art07.yaml",
        "    text: Create an independent investigative body (see @para:complaints)."),
    ("sources.yaml", "citation"): ("sources.yaml", "  citation: Ombudsman, Annual report (2015)"),
    ("previous.yaml", "text"): (
        "previous.yaml", "  text: The State party should investigate all allegations of torture."),
}


def _described(node: Any, defs: dict[str, Any], path: tuple[str, ...]
               ) -> Iterator[tuple[str, str]]:
    """(property path, description) of every property whose description names markup."""
    if isinstance(node, dict):
        if "$ref" in node:
            yield from _described(defs[node["$ref"].rsplit("/", 1)[1]], defs, path)
            return
        description = node.get("description", "")
        if path and "markup" in description.lower():
            yield ".".join(path), description
            return
        for key, value in (node.get("properties") or {}).items():
            yield from _described(value, defs, (*path, key))
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from _described(node[key], defs, path)
        for branch in node.get("anyOf", []):
            yield from _described(branch, defs, path)


def _schema_fields(tmp_path: Path) -> dict[tuple[str, str], str]:
    out = tmp_path / "schema"
    result = runner.invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    found: dict[tuple[str, str], str] = {}
    for schema_file in out.glob("*.json"):
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        for path, description in _described(schema, schema.get("$defs", {}), ()):
            found[(_pattern_of(schema_file.name), path)] = description
    return found


def _pattern_of(file_name: str) -> str:
    name = file_name.removesuffix(".schema.json").removesuffix(".json")
    for pattern in ("submission.yaml", "sources.yaml", "previous.yaml"):
        if name.startswith(pattern.split(".")[0]):
            return pattern
    return "sections/*.yaml"


def _allowed_and_refused(description: str) -> tuple[set[str], set[str]]:
    allowed_part, _, refused_part = description.partition("Not allowed here")
    named = {m: set(re.findall(r"\(([a-z-]+)\)", part)) & set(SAMPLES)
             for m, part in (("allowed", allowed_part), ("refused", refused_part))}
    return named["allowed"], named["refused"]


def test_every_described_text_field_is_covered(tmp_path: Path) -> None:
    described = _schema_fields(tmp_path)
    assert set(described) == set(FIELDS), sorted(described)
    for description in described.values():
        allowed, refused = _allowed_and_refused(description)
        assert allowed | refused == set(SAMPLES), description  # every markup is named
        assert "Example:" in description


CASES = [(field, markup) for field in FIELDS for markup in SAMPLES]


@pytest.mark.parametrize("field, markup", CASES,
                         ids=[f"{f[0]}:{f[1]}-{m}" for f, m in CASES])
def test_description_agrees_with_check(tmp_path: Path, field: tuple[str, str],
                                       markup: str) -> None:
    description = _schema_fields(tmp_path)[field]
    allowed, _refused = _allowed_and_refused(description)
    file, line_text = FIELDS[field]
    files = {**VALID_FILES, "sections/30-figures.yaml": TABLE_SECTION}
    root = write_submission(tmp_path / "sub", files)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert line_text in text, line_text
    # keep the field's own citation (sources must stay cited) and add the sample
    text = text.replace(line_text, f"{line_text} {SAMPLES[markup]}", 1)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(line_text)].count("\n") + 1
    result = runner.invoke(app, ["check", str(root)])
    if markup in allowed:
        assert result.exit_code == 0, f"{description}\n{result.output}"
    else:
        assert result.exit_code == 1, f"{description}\n{result.output}"
        errors = [o for o in result.output.splitlines() if f"{file}:{line}:" in o]
        assert errors, result.output
