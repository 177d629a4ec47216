"""Which inline markup each kind of text field accepts: one definition for all who say so.

The reader refuses what a field does not accept (a footnote in a heading), and the JSON
Schema that editors show describes each field from this same table, so the editor's hint
and ``toolkit check`` never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.model.document import Cite, Emph, Inline, Link, ListItem, Note, Ref, Strong
from toolkit.model.walk import walk_inlines

# markup name → (what the user writes, node type in the document model)
MARKUP: dict[str, tuple[str, type]] = {
    "italic": ("*italic*", Emph),
    "bold": ("**bold**", Strong),
    "footnote": ("^[a footnote]", Note),
    "citation": ("[@source-key, p. 4]", Cite),
    "cross-reference": ("@para:ID, @rec:ID, @sec:ID, @prev:ID, @table:ID", Ref),
    "link": ("<https://example.org> or [text](https://example.org)", Link),
    "list": ("lines starting '- ' or '(a) ' after a lead sentence (write the text with |)",
             ListItem),
}
_ALL = frozenset(MARKUP)
_INLINE = _ALL - {"list"}
_NO_NOTES = _INLINE - {"footnote", "citation"}


@dataclass(frozen=True)
class TextKind:
    """One kind of text field: the markup it accepts and how to say a refusal."""

    name: str
    accepts: frozenset[str]
    what: str  # "a heading": the subject of a refusal message
    instead: str  # what to do with refused markup
    example: str

    def description(self, note: str = "") -> str:
        """The field's description in the JSON Schema, from :data:`MARKUP`."""
        allowed = ", ".join(f"{MARKUP[m][0]} ({m})" for m in MARKUP if m in self.accepts)
        refused = [m for m in MARKUP if m not in self.accepts]
        text = f"Text. Inline markup allowed: {allowed}."
        if refused:
            names = " or ".join(f"{MARKUP[m][0]} ({m})" for m in refused)
            text += f" Not allowed here: {names} — {self.instead}."
        return f"{text}{' ' + note if note else ''} Example: {self.example}"

    def refused(self, content: list[Inline]) -> list[str]:
        """Names of the markup in ``content`` this kind does not accept, in order met."""
        found: list[str] = []
        for node in walk_inlines(content):
            for name, (_syntax, node_type) in MARKUP.items():
                if isinstance(node, node_type) and name not in self.accepts \
                        and name not in found:
                    found.append(name)
        return found


BODY = TextKind("body", _ALL, "a paragraph", "", "Torture persists.^[Form 1-M data.] "
                "[@kibhr-2015, p. 4] See @rec:investigate.")
CELL = TextKind("cell", _INLINE, "a table's caption, cell or note",
                "split the text into rows or write it as a paragraph", "1 024^[Form 1-M.]")
HEADING = TextKind("heading", _NO_NOTES, "a heading", "move it into a paragraph",
                   "Freedom of *expression*")
QUOTED = TextKind("quoted", _NO_NOTES | {"list"}, "an earlier recommendation's text",
                  "move it into a paragraph", "The State party should *investigate* all "
                  "allegations of torture.")
CITATION = TextKind("citation", _NO_NOTES, "a citation",
                    "a citation is the note itself: write the reference out in full",
                    "KIBHR, *Annual report* (2015), <https://example.org/report>")

KINDS = {kind.name: kind for kind in (BODY, CELL, HEADING, QUOTED, CITATION)}


def refusal(kind: TextKind, names: list[str]) -> str:
    """The message for markup a field does not accept."""
    shown = " or ".join(f"a {name} ({MARKUP[name][0].split(',')[0]})" for name in names)
    return f"{kind.what} cannot hold {shown}: {kind.instead}"


def needle(name: str) -> str:
    """A string that starts the markup ``name`` in the source, to point at it."""
    return {"footnote": "^[", "citation": "[@", "cross-reference": "@", "link": "<",
            "italic": "*", "bold": "**", "list": "\n"}[name]
