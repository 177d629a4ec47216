"""Transformations on the document model: outline, citations, numbering, labels.

They run after translation (so labels and "Ibid." are in the document's language) and
before any writer. Everything a writer needs — numbers, bookmark names, the text of every
cross-reference — is decided here, once, in the order the document is read.
"""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.model.document import (
    Cite,
    Document,
    Emph,
    Inline,
    Link,
    Note,
    Part,
    Ref,
    Section,
    Strong,
    Text,
    plain_text,
    walk_inlines,
)
from toolkit.transform.labels import ANNEX_LETTERS, ROMAN, Labels

GROUP_RANK = {"introduction": 0, "follow-up": 1, "article": 2, "theme": 2, "annex": 3}
GENERATED_ANNEXES = 3  # A: recommendations, B: earlier recommendations, C: coalition


def prepare(doc: Document, labels: Labels, themes: dict[str, str] | None = None) -> Document:
    """Run every transformation in order; the document is changed in place and returned."""
    arrange_outline(doc, labels, themes or {})
    notes_from_citations(doc)
    render_citations(doc, labels)
    number(doc, labels)
    resolve_references(doc, labels)
    return doc


# --------------------------------------------------------------------------- outline


def arrange_outline(doc: Document, labels: Labels, themes: dict[str, str]) -> None:
    """Order sections into parts, fill default headings, letter the annexes."""
    doc.sections.sort(key=lambda s: GROUP_RANK[s.kind])  # stable: file order within a group
    doc.parts.clear()
    numeral_index = 0
    letter_index = GENERATED_ANNEXES
    for section in doc.sections:
        if not section.heading:
            if section.kind == "article" and section.articles:
                section.heading = [Text(labels.article_heading(section.articles))]
            elif section.kind == "theme" and section.themes:
                names = [labels.theme_name(t, themes) for t in section.themes]
                section.heading = [Text("; ".join(names))]
            else:  # introduction, follow-up, annex: the toolkit's own title
                section.heading = [Text(labels.section_heading(section.kind) or section.id)]
        group = {"follow-up": "follow-up", "article": "body", "theme": "body"}.get(section.kind)
        if group and group not in doc.parts:
            numeral = ROMAN[numeral_index]
            numeral_index += 1
            title = labels.part_follow_up if group == "follow-up" else labels.part_articles
            doc.parts[group] = Part(numeral, title, f"part_{numeral_index}")
        section.part = doc.parts[group].numeral if group else None
        if section.kind == "annex":
            section.letter = ANNEX_LETTERS[letter_index]
            letter_index += 1
            section.label = labels.annex_ref(section.letter)
        else:
            section.label = plain_text(section.heading)
    for index, section in enumerate(doc.sections, start=1):
        section.anchor = f"sec_{index}"


# --------------------------------------------------------------------------- order


def body_texts(doc: Document) -> Iterator[list[Inline]]:
    """Every inline list that can hold footnotes, in the order a reader meets them.

    Writers render in exactly this order, so footnote numbers and "Ibid." agree.
    """
    for section in doc.sections:
        for para in section.paragraphs:
            yield para.content
        for rec in section.recommendations:
            yield rec.content


def notes_in_order(doc: Document) -> Iterator[Note]:
    for content in body_texts(doc):
        for node in walk_inlines(content):
            if isinstance(node, Note):
                yield node


# --------------------------------------------------------------------------- citations


def notes_from_citations(doc: Document) -> None:
    """A citation in the running text becomes a footnote of its own."""

    def wrap(nodes: list[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Cite):
                out.append(Note([node]))
            elif isinstance(node, (Emph, Strong)):
                node.children = wrap(node.children)
                out.append(node)
            else:
                out.append(node)
        return out

    for section in doc.sections:
        for para in section.paragraphs:
            para.content = wrap(para.content)
        for rec in section.recommendations:
            rec.content = wrap(rec.content)


def _sole_cite(note: Note) -> Cite | None:
    meaningful = [n for n in note.children if not (isinstance(n, Text) and not n.text.strip())]
    if len(meaningful) == 1 and isinstance(meaningful[0], Cite):
        return meaningful[0]
    return None


def render_citations(doc: Document, labels: Labels) -> None:
    """Format every citation; a note citing the same source as the one before says "Ibid."."""
    previous: Cite | None = None
    for note in notes_in_order(doc):
        sole = _sole_cite(note)
        for node in walk_inlines(note.children):
            if isinstance(node, Cite):
                node.rendered = _format_cite(node, doc, labels, standalone=node is sole)
        if sole is not None and previous is not None and previous.key == sole.key:
            if sole.locator == previous.locator:
                sole.rendered = [Text(labels.ibid)]
            elif sole.locator:
                sole.rendered = [Text(labels.ibid_at(sole.locator))]
        previous = sole


def _format_cite(cite: Cite, doc: Document, labels: Labels, *, standalone: bool) -> list[Inline]:
    source = doc.sources.get(cite.key)
    if source is None:  # reported by checks; render the key so nothing disappears
        return [Text(f"[{cite.key}]")]
    out: list[Inline] = list(_copy(source.citation))
    if cite.locator:
        out.append(Text(f", {cite.locator}"))
    text_end = plain_text(out).rstrip()
    if source.url:
        if not text_end.endswith((".", "!", "?")):
            out.append(Text("."))
        out.append(Text(f" {labels.available_at}: "))
        out.append(Link(source.url, [Text(source.url)]))
    elif standalone and not text_end.endswith((".", "!", "?")):
        out.append(Text("."))
    return out


def _copy(nodes: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Text(node.text))
        elif isinstance(node, Emph):
            out.append(Emph(_copy(node.children)))
        elif isinstance(node, Strong):
            out.append(Strong(_copy(node.children)))
        elif isinstance(node, Link):
            out.append(Link(node.url, _copy(node.children)))
        elif isinstance(node, Ref):
            out.append(Ref(node.kind, node.target))
        else:
            out.append(node)
    return out


# --------------------------------------------------------------------------- numbering


def number(doc: Document, labels: Labels) -> None:
    """Number footnotes, paragraphs and recommendations; name their bookmarks."""
    count = 0
    for count, note in enumerate(notes_in_order(doc), start=1):
        note.number = count
    doc.footnote_count = count

    per_section_paras = doc.meta.paragraph_numbering == "per-section"
    per_section_recs = doc.meta.recommendation_numbering == "per-section"
    para_no = rec_no = 0
    para_seq = rec_seq = 0
    for section in doc.sections:
        if per_section_paras:
            para_no = 0
        if per_section_recs:
            rec_no = 0
        for para in section.paragraphs:
            para_no += 1
            para_seq += 1
            para.number = para_no
            para.anchor = f"para_{para_seq}"
        for rec in section.recommendations:
            rec_no += 1
            rec_seq += 1
            rec.number = rec_no
            rec.anchor = f"rec_{rec_seq}"
    discussed = {s.id: _discussed(s) for s in doc.sections}
    for index, prev in enumerate(doc.previous.values(), start=1):
        prev.anchor = f"prev_{index}"
        prev.discussed_in = [s.id for s in doc.sections if prev.id in discussed[s.id]]


def _discussed(section: Section) -> set[str]:
    """Earlier recommendations a section quotes, follows up or refers to."""
    found = set(section.previous)
    for rec in section.recommendations:
        found.update(rec.follows_up)
    texts = [p.content for p in section.paragraphs] + [r.content for r in section.recommendations]
    found.update(n.target for nodes in texts for n in walk_inlines(nodes)
                 if isinstance(n, Ref) and n.kind == "prev")
    return found


def recommendation_label(doc: Document, labels: Labels, section: Section, number: int) -> str:
    """How a cross-reference names a recommendation, unambiguous under either numbering."""
    text = labels.recommendation_ref(str(number))
    if doc.meta.recommendation_numbering == "per-section":
        text += f" ({section.label})"
    return text


def resolve_references(doc: Document, lab: Labels) -> None:
    """Give every cross-reference its label and bookmark."""
    targets: dict[tuple[str, str], tuple[str, str]] = {}
    for section in doc.sections:
        targets[("sec", section.id)] = (section.label or section.id, section.anchor or "")
        for para in section.paragraphs:
            if para.id:
                label = lab.paragraph_ref(str(para.number))
                if doc.meta.paragraph_numbering == "per-section":
                    label += f" ({section.label})"
                targets[("para", para.id)] = (label, para.anchor or "")
        for rec in section.recommendations:
            if rec.id:
                label = recommendation_label(doc, lab, section, rec.number or 0)
                targets[("rec", rec.id)] = (label, rec.anchor or "")
    for prev in doc.previous.values():
        label = lab.previous_ref(prev.document, prev.paragraph, prev.recommending_state)
        targets[("prev", prev.id)] = (label, prev.anchor or "")
    for content in _all_texts(doc):
        for node in walk_inlines(content):
            if isinstance(node, Ref):
                found = targets.get((node.kind, node.target))
                if found:
                    node.label, node.anchor = found
                else:
                    node.label, node.anchor = f"@{node.kind}:{node.target}", None


def _all_texts(doc: Document) -> Iterator[list[Inline]]:
    yield doc.meta.title
    for section in doc.sections:
        yield section.heading
        yield from (p.content for p in section.paragraphs)
        yield from (r.content for r in section.recommendations)
    for prev in doc.previous.values():
        yield prev.content
    for source in doc.sources.values():
        yield source.citation
