"""Positions inside a text value: every character maps to its source line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.model.diagnostics import Diagnostics
from toolkit.read.yaml_positions import load_yaml

SOURCE = """\
id: x
paragraphs:
  - text: >
      One two three
      four five
  - text: "One two three
      four five"
  - text: |-
      One two

      three four five
"""


@pytest.mark.parametrize("index, word, line, column", [
    (0, "One", 4, 7), (0, "four", 5, 7), (0, "five", 5, 12),
    (1, "One", 6, 12), (1, "four", 7, 7),
    (2, "two", 9, 11), (2, "five", 11, 18),
])
def test_word_positions(tmp_path: Path, index: int, word: str, line: int, column: int) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    yfile = load_yaml(path, "s.yaml", Diagnostics())
    assert yfile is not None
    text = yfile.data["paragraphs"][index]["text"]
    pos = yfile.locate(("paragraphs", index, "text"), text.index(word), text)
    assert (pos.line, pos.column) == (line, column)


def test_end_of_text_is_after_the_last_word(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SOURCE, encoding="utf-8")
    yfile = load_yaml(path, "s.yaml", Diagnostics())
    assert yfile is not None
    text = yfile.data["paragraphs"][0]["text"]
    pos = yfile.locate(("paragraphs", 0, "text"), len(text), text)
    assert (pos.line, pos.column) == (5, 16)
