"""Where the review stands: reviewers' comments still open, sections not yet final.

A comment is *open* unless it says ``resolved: true``. Open comments are shown in draft
builds and left out of final ones, so a final build with comments still open is probably
premature: ``check`` and a final ``build`` warn about each. ``build --require-final``
refuses every section whose ``status`` is not ``final``.
"""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.model.diagnostics import Diagnostics
from toolkit.model.document import Comment, Document, Section


def open_comments(doc: Document) -> Iterator[tuple[Section, Comment]]:
    """Every comment not marked ``resolved: true``, in document order."""
    for section in doc.sections:
        for comment in section.all_comments():
            if not comment.resolved:
                yield section, comment


def comment_warnings(doc: Document) -> Diagnostics:
    """One warning per open comment: a final build leaves it out."""
    diags = Diagnostics()
    for _, comment in open_comments(doc):
        shown = comment.text if len(comment.text) <= 60 else comment.text[:59] + "…"
        diags.warning(comment.pos, f"open comment by {comment.by} (\"{shown}\"): a final build "
                      "leaves it out; deal with it, then add resolved: true or delete it")
    return diags


def unfinished_sections(doc: Document) -> Diagnostics:
    """An error for every section whose status is not ``final`` (for --require-final)."""
    diags = Diagnostics()
    for section in doc.sections:
        if section.status != "final":
            diags.error(section.status_pos or section.pos,
                        f"section '{section.id}' is {section.status}, not final: set "
                        "status: final once it is reviewed, or build without --require-final")
    return diags
