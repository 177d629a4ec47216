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
    ListItem,
    Note,
    Part,
    Ref,
    Section,
    Strong,
    Text,
    plain_text,
)
from toolkit.model.walk import BODY_ROLES, notes, text_slots, walk_inlines
from toolkit.transform.labels import ANNEX_LETTERS, ROMAN, Labels

GROUP_RANK = {"introduction": 0, "follow-up": 1, "article": 2, "theme": 2, "annex": 3}
GeneratedAnnex = str  # "recommendations", "previous" or "coalition"


def generated_annexes(doc: Document) -> list[GeneratedAnnex]:
    """The annexes the toolkit writes, in order: the summary of recommendations, the
    earlier recommendations (only if there are any), the coalition."""
    kinds = ["recommendations"]
    if doc.previous:
        kinds.append("previous")
    kinds.append("coalition")
    return kinds


def annex_letters(doc: Document) -> dict[GeneratedAnnex, str]:
    """The letter of every generated annex: the one place annexes are lettered (the
    user's annex sections follow, see :func:`arrange_outline`)."""
    return {kind: ANNEX_LETTERS[index] for index, kind in enumerate(generated_annexes(doc))}


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
    letter_index = len(generated_annexes(doc))
    for section in doc.sections:
        if not section.heading:
            if section.kind == "article" and section.articles:
                section.heading = [Text(labels.article_heading(section.articles))]
            elif section.kind == "theme" and section.themes:
                names = [labels.theme_name(t, themes) for t in section.themes]
                section.heading = [Text(theme_heading(names, labels))]
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


def theme_heading(names: list[str], labels: Labels) -> str:
    """One heading for several themes, as a phrase in the language's list pattern.

    "Freedom of opinion and expression and safety of journalists", «… и безопасность
    журналистов», «… және …»: every name after the first loses its capital, since it
    now stands inside the phrase, unless it starts with a proper name (see
    :func:`keeps_capital`).
    """
    return labels.join(names[:1] + [n if keeps_capital(n) else n[:1].lower() + n[1:]
                                    for n in names[1:]])


def keeps_capital(name: str) -> bool:
    """The name opens with an abbreviation or is a proper name, so its capital stays.

    An abbreviation has a capital after its first letter ("HIV/AIDS", "LGBTI",
    «ВИЧ/СПИД», «АИТВ/ЖИТС-пен», "COVID-19"); a proper name is in title case — every word
    of four letters or more capitalised, at least two of them ("Sustainable Development
    Goals", "Istanbul Convention"). A one-word proper name ("Roma …") cannot be told from
    a common noun: write the section's ``heading:`` yourself.
    """
    words = name.split()
    if not words:
        return False
    if any(c.isupper() for c in words[0][1:]):
        return True
    long_words = [w for w in words if sum(c.isalpha() for c in w) >= 4]
    return len(long_words) >= 2 and all(w[:1].isupper() for w in long_words)


# --------------------------------------------------------------------------- order


def body_texts(doc: Document) -> Iterator[list[Inline]]:
    """Every inline list that can hold footnotes, in the order a reader meets them.

    Writers render in exactly this order, so footnote numbers and "Ibid." agree.
    """
    for slot in text_slots(doc, BODY_ROLES):
        yield slot.get()


def notes_in_order(doc: Document) -> Iterator[Note]:
    for content in body_texts(doc):
        yield from notes(content)


# --------------------------------------------------------------------------- citations


def notes_from_citations(doc: Document) -> None:
    """A citation in the running text becomes a footnote of its own."""

    def wrap(nodes: list[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Cite):
                out.append(Note([node]))
            elif isinstance(node, (Emph, Strong, ListItem)):
                node.children = wrap(node.children)
                out.append(node)
            else:  # a note's citations render in place; a link holds no citation
                out.append(node)
        return out

    for slot in text_slots(doc, BODY_ROLES):
        slot.set(wrap(slot.get()))


def _sole_cite(note: Note) -> Cite | None:
    meaningful = [n for n in note.children if not (isinstance(n, Text) and not n.text.strip())]
    if len(meaningful) == 1 and isinstance(meaningful[0], Cite):
        return meaningful[0]
    return None


def render_citations(doc: Document, labels: Labels) -> None:
    """Format every citation; a note citing the same source as the one before says "Ibid.".

    Locators are rendered in the document language ("p. 12" → «с. 12» → «12-б.»), so two
    notes that cite one place, written in two languages, still give "Ibid."."""
    kazakh_source = doc.meta.source_language == "kk"

    def locator(cite: Cite | None) -> str | None:
        if cite is None or not cite.locator:
            return None
        return labels.locator(cite.locator, kazakh_source=kazakh_source)

    previous: Cite | None = None
    for note in notes_in_order(doc):
        sole = _sole_cite(note)
        for node in walk_inlines(note.children):
            if isinstance(node, Cite):
                node.rendered = _format_cite(node, locator(node), doc, labels,
                                             standalone=node is sole)
        if sole is not None and previous is not None and previous.key == sole.key:
            here, before = locator(sole), locator(previous)
            if here == before:
                sole.rendered = [Text(labels.ibid)]
            elif here:
                sole.rendered = [Text(labels.ibid_at(here))]
        previous = sole


def _format_cite(cite: Cite, locator: str | None, doc: Document, labels: Labels, *,
                 standalone: bool) -> list[Inline]:
    source = doc.sources.get(cite.key)
    if source is None:  # reported by checks; render the key so nothing disappears
        return [Text(f"[{cite.key}]")]
    out: list[Inline] = list(_copy(source.citation))
    if locator:
        out.append(Text(f", {locator}"))
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
    tables = [t for section in doc.sections for t in sorted(section.tables, key=lambda t: t.after)]
    for table_no, table in enumerate(tables, start=1):  # tables run through the document
        table.number = table_no
        table.anchor = f"table_{table_no}"
    discussed = _discussed(doc)
    for index, prev in enumerate(doc.previous.values(), start=1):
        prev.anchor = f"prev_{index}"
        prev.discussed_in = [s.id for s in doc.sections if prev.id in discussed[s.id]]


def _discussed(doc: Document) -> dict[str, set[str]]:
    """Earlier recommendations each section quotes, follows up or refers to."""
    found: dict[str, set[str]] = {}
    for section in doc.sections:
        found[section.id] = set(section.previous)
        for rec in section.recommendations:
            found[section.id].update(rec.follows_up)
    for slot in text_slots(doc, BODY_ROLES):
        if slot.section is not None:
            found[slot.section.id].update(n.target for n in walk_inlines(slot.get())
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
        for table in section.tables:
            if table.id:
                targets[("table", table.id)] = (lab.table_ref(str(table.number)),
                                                table.anchor or "")
    for prev in doc.previous.values():
        label = lab.previous_ref(prev.document, prev.paragraph, prev.recommending_state)
        targets[("prev", prev.id)] = (label, prev.anchor or "")
    for slot in text_slots(doc):
        for node in walk_inlines(slot.get()):
            if isinstance(node, Ref):
                found = targets.get((node.kind, node.target))
                if found:
                    node.label, node.anchor = found
                else:
                    node.label, node.anchor = f"@{node.kind}:{node.target}", None


