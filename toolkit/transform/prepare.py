"""Transformations on the document model: outline, citations, numbering, labels.

They run after translation (so labels and "Ibid." are in the document's language) and
before any writer. Everything a writer needs — numbers, bookmark names, the text of every
cross-reference — is decided here, once, in the order the document is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

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
    RefGroup,
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
    return {kind: annex_letter(index) for index, kind in enumerate(generated_annexes(doc))}


def annex_letter(index: int) -> str:
    """The letter of the ``index``-th annex (0-based): A…Z, then AA, AB… AZ, BA… as
    spreadsheet columns are lettered — the continuation UN documents use when a report has
    more than 26 annexes (the alphabet is never exhausted)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, len(ANNEX_LETTERS))
        letters = ANNEX_LETTERS[rest] + letters
    return letters


def prepare(doc: Document, labels: Labels, themes: dict[str, str] | None = None) -> Document:
    """Run every transformation in order; the document is changed in place and returned."""
    arrange_outline(doc, labels, themes or {})
    notes_from_citations(doc)
    render_citations(doc, labels)
    join_citations(doc)
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
            section.letter = annex_letter(letter_index)
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
            if isinstance(node, Cite) and node.joined and out and isinstance(out[-1], Note) \
                    and isinstance(out[-1].children[-1], Cite):
                out[-1].children.append(node)  # [@a, p. 3; @b]: one footnote, both sources
            elif isinstance(node, Cite):
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


def join_citations(doc: Document) -> None:
    """Several sources of one citation ``[@a, p. 3; @b]`` read "A, p. 3; B." in their
    footnote: a semicolon between them, a full stop after the last when the note is
    nothing but the citation. (A note of several sources is never "Ibid.", and the note
    after it is not "Ibid." of it: see :func:`render_citations`.)"""
    for note in notes_in_order(doc):
        for node in walk_inlines(note.children):
            if isinstance(node, Cite) and node.joined and node.rendered is not None:
                node.rendered = [Text("; "), *node.rendered]
        meaningful = [n for n in note.children if not (isinstance(n, Text) and not n.text.strip())]
        if len(meaningful) > 1 and all(isinstance(n, Cite) for n in meaningful):
            last = meaningful[-1]
            assert isinstance(last, Cite)
            if last.rendered and not plain_text(last.rendered).rstrip().endswith(
                    (".", "!", "?")) and not isinstance(last.rendered[-1], Link):
                last.rendered.append(Text("."))


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
    """Give every cross-reference its label and bookmark, and every reference group its
    phrase ("recommendations 7 and 8", «пп. 18–21», "CCPR/C/KAZ/CO/1, paras. 7 and 13")."""
    targets = reference_targets(doc, lab)
    for slot in text_slots(doc):
        # listed before any group gets its phrase, whose linked numbers are labelled already
        for node in list(walk_inlines(slot.get())):
            if isinstance(node, Ref):
                found = targets.get((node.kind, node.target))
                if found:
                    node.label, node.anchor = found.label, found.anchor
                else:
                    node.label, node.anchor = f"@{node.kind}:{node.target}", None
            elif isinstance(node, RefGroup) and node.rendered is None:
                node.rendered = group_phrase(node, targets, lab)
        capitalise_sentence_starts(slot.get())


# --------------------------------------------------------------------------- reference phrases


@dataclass
class RefTarget:
    """What a cross-reference can say about its target.

    ``label`` is what a bare reference shows (``bare``: a number-only one, for a section
    without a number: its quoted title, «в разделе [-@sec:intro]»); ``numbers`` are the
    numbers a group sorts, compresses and names (an article section may have several);
    ``noun`` says which phrase names a group of such targets ("rec", "para", "table", "article", or
    "prev:" + the document) — None when the target cannot share a phrase (per-section
    numbering, a section that is not an article's).
    """

    label: str
    anchor: str | None
    numbers: list[str] = field(default_factory=list)
    noun: str | None = None
    bare: str | None = None  # what a number-only reference shows when there is no number
    after: str = ""  # shown after the number in a group: the UPR's " (France, Germany)"


def reference_targets(doc: Document, lab: Labels) -> dict[tuple[str, str], RefTarget]:
    """Every target a cross-reference may name, by (kind, id)."""
    targets: dict[tuple[str, str], RefTarget] = {}
    per_section_paras = doc.meta.paragraph_numbering == "per-section"
    per_section_recs = doc.meta.recommendation_numbering == "per-section"
    for section in doc.sections:
        targets[("sec", section.id)] = _section_target(section, lab)
        for para in section.paragraphs:
            if para.id:
                label = lab.paragraph_ref(str(para.number))
                if per_section_paras:
                    label += f" ({section.label})"
                targets[("para", para.id)] = RefTarget(
                    label, para.anchor, [str(para.number)], None if per_section_paras else "para")
        for rec in section.recommendations:
            if rec.id:
                label = recommendation_label(doc, lab, section, rec.number or 0)
                targets[("rec", rec.id)] = RefTarget(
                    label, rec.anchor, [str(rec.number)], None if per_section_recs else "rec")
        for table in section.tables:
            if table.id:
                targets[("table", table.id)] = RefTarget(
                    lab.table_ref(str(table.number)), table.anchor, [str(table.number)], "table")
    for prev in doc.previous.values():
        label = lab.previous_ref(prev.document, prev.paragraph, prev.recommending_state)
        # the UPR's recommending States follow each number of a merged group:
        # "A/HRC/43/10, paras. 136.12 (France) and 136.47 (Czechia, Denmark)"
        targets[("prev", prev.id)] = RefTarget(
            label, prev.anchor, [prev.paragraph], f"prev:{prev.document}",
            after=lab.recommending_states(prev.recommending_state))
    return targets


def _section_target(section: Section, lab: Labels) -> RefTarget:
    """An article section reads "article 7" in running text; another section "section
    “Introduction”"; an annex "annex D"."""
    anchor = section.anchor
    if section.kind == "annex":
        return RefTarget(section.label or section.id, anchor)
    if section.kind == "article" and section.articles:
        whole = [a for a in section.articles if "." not in a]
        if whole and len(whole) == len(section.articles):
            label = lab.numbers_phrase("article", lab.numbers(whole), len(whole))
            return RefTarget(label, anchor, whole, "article")
        if len(section.articles) == 1:
            article, paragraph = section.articles[0].split(".", 1)
            return RefTarget(lab.article_paragraph_ref(article, paragraph), anchor,
                             bare=lab.quoted_title(section.label or section.id))
    title = section.label or section.id
    return RefTarget(lab.section_ref(title), anchor, bare=lab.quoted_title(title))


_PLACE = 0xE000  # private-use characters stand for the linked numbers inside a phrase


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", number)) or (0,)


def group_phrase(group: RefGroup, targets: dict[tuple[str, str], RefTarget], lab: Labels
                 ) -> list[Inline]:
    """The phrase of one group, each number linked to its target.

    Targets are sorted by number; three or more consecutive numbers become a range
    ("18–21") whose ends link to the first and the last target.
    """
    links: list[Ref] = []

    def mark(text: str, ref: Ref, anchor: str | None) -> str:
        links.append(Ref(ref.kind, ref.target, text, anchor))
        return chr(_PLACE + len(links) - 1)

    # (noun, number, ref, target) for every number the group names, in the order written
    items: list[tuple[str | None, str | None, Ref, RefTarget]] = []
    for ref in group.refs:
        target = targets.get((ref.kind, ref.target))
        if target is None:
            target = RefTarget(f"@{ref.kind}:{ref.target}", None)
        if target.numbers and (target.noun or group.number_only):
            items += [(target.noun, number, ref, target) for number in target.numbers]
        else:
            items.append((None, None, ref, target))
    buckets: dict[str, list[tuple[str, Ref, RefTarget]]] = {}
    phrases: list[str] = []
    for noun, number, ref, target in items:
        if number is None:
            shown = target.bare if group.number_only and target.bare else target.label
            phrases.append(mark(shown, ref, target.anchor))
        else:
            buckets.setdefault("" if group.number_only else noun or "", []).append(
                (number, ref, target))
    for noun, found in buckets.items():
        unique = sorted({n: (n, r, t) for n, r, t in found}.values(),
                        key=lambda item: _number_key(item[0]))
        numbers = lab.numbers(_compressed([(n, mark(n, r, t.anchor), t.after)
                                           for n, r, t in unique]))
        if group.number_only:
            phrases.insert(0, numbers)
        elif noun.startswith("prev:"):
            phrases.append(lab.previous_group(noun[5:], numbers, len(unique)))
        else:
            phrases.append(lab.numbers_phrase(noun, numbers, len(unique)))
    if group.refs and group.refs[0].kind == "prev":
        text = "; ".join(phrases)
    else:
        text = lab.numbers(phrases)
    if group.capital:
        text = text[:1].upper() + text[1:]
    return _expand(text, links)


def _consecutive(first: str, second: str) -> bool:
    """"18" then "19"; "128.45" then "128.46" (a UPR number: same prefix, next last part)."""
    a, b = first.split("."), second.split(".")
    if len(a) != len(b) or not all(part.isdigit() for part in a + b):
        return False
    return a[:-1] == b[:-1] and int(b[-1]) == int(a[-1]) + 1


def _compressed(numbers: list[tuple[str, str, str]]) -> list[str]:
    """(number, its linked stand-in, what follows it) in order → items, runs of three or
    more as ranges: "18–21", "128.45–128.47". A run shares what follows its numbers (the
    same recommending State), or it is not a run: "128.45 (France), 128.46 (Italy)"."""
    out: list[str] = []
    index = 0
    while index < len(numbers):
        end = index
        while (end + 1 < len(numbers) and numbers[end + 1][2] == numbers[index][2]
               and _consecutive(numbers[end][0], numbers[end + 1][0])):
            end += 1
        if end - index >= 2:
            out.append(f"{numbers[index][1]}\u2013{numbers[end][1]}{numbers[index][2]}")
            index = end + 1
        else:
            out.append(numbers[index][1] + numbers[index][2])
            index += 1
    return out


def _expand(text: str, links: list[Ref]) -> list[Inline]:
    """A phrase with stand-ins → text and linked references."""
    out: list[Inline] = []
    plain: list[str] = []
    for char in text:
        index = ord(char) - _PLACE
        if 0 <= index < len(links):
            if plain:
                out.append(Text("".join(plain)))
                plain = []
            link = links[index]
            out.append(Ref(link.kind, link.target, link.label, link.anchor))
        else:
            plain.append(char)
    if plain:
        out.append(Text("".join(plain)))
    return out


_SENTENCE_END = re.compile(r"(?:^|(\w*)[.!?…][»”\"')\]]*\s+)$")
# a full stop after these ends an abbreviation, not a sentence ("see para. 7", «см. п. 7»)
_ABBREVIATIONS = frozenset(
    "see cf e.g i.e eg ie para paras art arts p pp no nos vol ch sect "
    "см ср п пп ст с сс т тт г гг т.е напр мыс б т.б ж жж бап".split())


def _opens_sentence(before: str) -> bool:
    found = _SENTENCE_END.search(before)
    if found is None:
        return False
    word = (found.group(1) or "").lower()  # "" at the start, or after "). "
    return not word or not (word in _ABBREVIATIONS or len(word) == 1)


def capitalise_sentence_starts(nodes: list[Inline], before: str = "") -> str:
    """A reference that opens a sentence opens with a capital: "Article 7 guarantees …",
    «Рекомендации 7 и 8 …» (in running text it is "article 7", «статья 7»). A list item
    continues its lead sentence, so its first word keeps its case. Returns the text seen
    last (for the caller's next node)."""
    for node in nodes:
        if isinstance(node, Text):
            before = (before + node.text)[-12:]
        elif isinstance(node, Ref | RefGroup):
            if _opens_sentence(before):
                _capitalise(node)
            before = "Ref"  # "… paras. 3 and 5. Article 7 …": a full stop after it ends a sentence
        elif isinstance(node, Emph | Strong | Link):
            before = capitalise_sentence_starts(node.children, before)
        elif isinstance(node, Note):
            capitalise_sentence_starts(node.children)
        elif isinstance(node, ListItem):
            before = capitalise_sentence_starts(node.children, "-")
    return before


def _capitalise(node: Ref | RefGroup) -> None:
    if isinstance(node, Ref):
        if node.label:
            node.label = node.label[:1].upper() + node.label[1:]
        return
    first = node.rendered[0] if node.rendered else None
    if isinstance(first, Text):
        first.text = first.text[:1].upper() + first.text[1:]
    elif isinstance(first, Ref) and first.label:
        first.label = first.label[:1].upper() + first.label[1:]


def previous_phrase(doc: Document, lab: Labels, prev_ids: list[str],
                    targets: dict[tuple[str, str], RefTarget] | None = None) -> list[Inline]:
    """The earlier recommendations a recommendation follows up, merged per document:
    "CCPR/C/KAZ/CO/1, paras. 7 and 13" (the "Follows up" line under it). A caller that
    asks for many passes ``targets`` (:func:`reference_targets`, computed once)."""
    group = RefGroup([Ref("prev", i) for i in prev_ids if i in doc.previous])
    if not group.refs:
        return []
    return group_phrase(group, targets if targets is not None
                        else reference_targets(doc, lab), lab)
