"""The one walk over the document: every text of the model is reached through it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT
from toolkit.model.document import Document, Emph, Link, Note, Ref, Text
from toolkit.model.walk import map_strings, text_slots, visible_strings
from toolkit.model.words import count_words, translatable_words
from toolkit.read.markup import parse_inline
from toolkit.read.submission import read_submission

EXAMPLES = [EXAMPLE, ROOT / "submissions" / "kaz-upr-2024"]


def _inline_lists(obj: object, seen: set[int]) -> list[tuple[object, str]]:
    """Every (owner, attribute) of the model that holds text, found by introspection:
    a list of inline nodes, or a name/place string a reader sees."""
    found: list[tuple[object, str]] = []
    if id(obj) in seen or not dataclasses.is_dataclass(obj):
        return found
    seen.add(id(obj))
    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        if isinstance(value, list) and value and isinstance(value[0], (Text, Emph, Note, Link)):
            found.append((obj, field.name))
        elif isinstance(value, list):
            for item in value:
                found += _inline_lists(item, seen)
        elif isinstance(value, dict):
            for item in value.values():
                found += _inline_lists(item, seen)
        elif dataclasses.is_dataclass(value):
            found += _inline_lists(value, seen)
    return found


def _document(root: Path) -> Document:
    result = read_submission(root)
    assert result.document is not None, result.diagnostics
    return result.document


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_every_text_of_the_model_is_a_slot(root: Path) -> None:
    """A text field added to the model without adding it to the walk fails here."""
    doc = _document(root)
    slots = {(id(s.owner), s.attr) for s in text_slots(doc)}
    texts = _inline_lists(doc, set())
    assert texts, "the introspection found no text"
    missing = [f"{type(o).__name__}.{a}" for o, a in texts if (id(o), a) not in slots]
    assert not missing, f"texts the walk does not reach: {missing}"
    # names a reader sees are slots too
    assert ("place" in {s.role for s in text_slots(doc)}
            and len([s for s in text_slots(doc) if s.role == "organisation"])
            == len(doc.meta.coalition))


def test_slots_in_reading_order_and_filtered() -> None:
    doc = _document(EXAMPLE)
    roles = [s.role for s in text_slots(doc)]
    assert roles[:2] == ["title", "place"]
    assert roles.index("source") > max(i for i, r in enumerate(roles) if r == "paragraph")
    body = list(text_slots(doc, {"paragraph"}))
    assert len(body) == sum(len(s.paragraphs) for s in doc.sections)
    assert all(s.section is not None for s in body)


def test_visible_strings_skip_addresses_and_reach_notes() -> None:
    nodes = parse_inline("See <https://adilet.zan.kz/rus> and *the law*.^[Note text.]")
    strings = [getattr(node, attr) for node, attr in visible_strings(nodes)]
    assert "https://adilet.zan.kz/rus" not in strings
    assert "Note text." in strings and "the law" in strings
    map_strings(nodes, str.upper)
    link = next(n for n in nodes if isinstance(n, Link))
    assert link.url == "https://adilet.zan.kz/rus"
    assert link.children[0].text == "https://adilet.zan.kz/rus"  # type: ignore[union-attr]


def test_map_strings_changes_reference_labels() -> None:
    ref = Ref("rec", "x", label="рекомендация 3")
    map_strings([ref], str.upper)
    assert ref.label == "РЕКОМЕНДАЦИЯ 3"


def test_one_word_rule_for_limits_and_translators() -> None:
    assert count_words("The State's 2% rate — low-level, e.g. CCPR/C/KAZ/CO/1.") == 7
    # translators: footnotes count, addresses and cross-references do not, and a word split
    # by emphasis (*un*likely) stays one word
    nodes = parse_inline("An *un*likely rule @rec:x, see <https://example.org>.^[Two words.]")
    assert translatable_words(nodes) == 6
