"""The body of a Word report → sections of paragraphs, recommendations, tables and the
earlier recommendations quoted in the follow-up part.

Headings are found by style (Word's "Heading N", an outline level), or, in a document
that uses no heading styles, as short bold lines numbered "I." or "A.". A heading that
only introduces deeper headings (a part, "I. Follow-up …") is a part, not a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from toolkit.model.document import (
    Emph,
    Inline,
    Link,
    ListItem,
    Note,
    Ref,
    RefGroup,
    RefKind,
    Strong,
    Text,
    plain_text,
)
from toolkit.model.mechanisms import Mechanism
from toolkit.model.walk import walk_inlines
from toolkit.read.docx_import.headings import (
    LEAD_IN,
    RECOMMENDATIONS,
    Meaning,
    classify,
    strip_enumerator,
)
from toolkit.read.docx_import.inlines import INTERNAL, Findings, RunReader, paragraph_text
from toolkit.read.docx_import.package import Package, w
from toolkit.read.ids import ID_PATTERN, suggest_id
from toolkit.read.markup import normalize

MANUAL_NUMBER = re.compile(r"^\s*\d{1,4}(?:\\?\.|\))(?:[\s\t]+|$)")
BULLET = re.compile(r"^\s*[-•–·▪◦●○*]\s+")
LETTER = re.compile(r"^\s*\(([a-zа-я])\)\s+")
CAPTION = re.compile(r"^\s*(?:Table|Таблица|Кесте)\s*\d+\s*[.:–—-]?\s*", re.I)
PREVIOUS = re.compile(
    r"^\s*[«\"“(]?(?P<doc>(?:[A-Z]{1,6}/){1,}[A-Za-z0-9./-]*[A-Za-z0-9]),?\s*"
    r"(?:(?:paras?\.|paragraphs?|п\.|пункт|рекомендация|recommendation|тармақ)\s*)?"
    r"(?P<para>\d{1,3}(?:\.\d{1,3})?(?:\s?\([a-z]{1,4}\))?)[»\"”)]?"
    r"(?:\s*\((?P<state>[^()]{2,80})\))?(?:,\s*(?P<response>supported|noted))?"
    r"\s*[:.–—-]\s*(?P<text>.*)$",
    re.S)
# A UN document symbol: "CCPR/C/KAZ/CO/1", "A/HRC/43/10".
SYMBOL = re.compile(r"\b[A-Z]{1,6}(?:/[A-Z0-9.]+)+(?:/[A-Z]+\.\d+)?")
SKIP_STYLES = re.compile(r"^(?:Cover|TOC|toc|Title|Subtitle|Header|Footer)", re.I)
LIST_STYLES = {"listbullet": "bullet", "listnumber": "lettered", "listparagraph": "bullet"}
ASSESSMENT_WORDS = [  # longest first: "not implemented" before "implemented"
    ("partially-implemented", r"partial|частичн|ішінара"),
    ("not-implemented", r"not implemented|не выполнен|орындалмаған"),
    ("no-information", r"no information|нет информации|ақпарат жоқ"),
    ("implemented", r"implemented|выполнен|орындалған"),
]
ASSESSMENT = re.compile(r"^\s*(?:Coalition's assessment|Оценка коалиции|Коалицияның бағасы)"
                        r"\s*:\s*(.+)$", re.I)


@dataclass
class Item:
    """A paragraph, a recommendation or a table of a section, in document order."""

    kind: str  # para | rec | table
    content: list[Inline] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    caption: list[Inline] = field(default_factory=list)
    header: list[list[Inline]] = field(default_factory=list)
    rows: list[list[list[Inline]]] = field(default_factory=list)
    note: list[Inline] = field(default_factory=list)
    id: str | None = None
    follows_up: list[str] = field(default_factory=list)


@dataclass
class Previous:
    document: str
    paragraph: str
    content: list[Inline]
    bookmarks: list[str] = field(default_factory=list)
    assessment: str = "no-information"
    id: str = ""
    recommending_state: str | None = None
    response: str | None = None


@dataclass
class ImportedSection:
    meaning: Meaning
    source_heading: str
    level: int
    heading_content: list[Inline] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    previous: list[Previous] = field(default_factory=list)
    id: str = ""


@dataclass
class Imported:
    """The whole report as read, and what the reader guessed or left out."""

    title: str = ""
    sections: list[ImportedSection] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    unclassified: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    footnotes: int = 0


@dataclass
class _Block:
    kind: str  # heading | para | table
    element: Any
    level: int = 0
    text: str = ""
    style: str = ""
    list_kind: str | None = None  # bullet | lettered | numbered
    part: bool = False


class _Styles:
    """Style id → (name, outline level) and the heading styles of the document."""

    def __init__(self, document: Any) -> None:
        self.names: dict[str, str] = {}
        self.levels: dict[str, int] = {}
        self.num: dict[str, tuple[str, str]] = {}
        based: dict[str, str] = {}
        for style in document.styles.element.iterchildren(w("style")):
            sid = style.get(w("styleId"), "")
            name = style.find(w("name"))
            self.names[sid] = name.get(w("val"), sid) if name is not None else sid
            ppr = style.find(w("pPr"))
            outline = ppr.find(w("outlineLvl")) if ppr is not None else None
            if outline is not None and outline.get(w("val"), "9").isdigit() \
                    and int(outline.get(w("val"), "9")) < 9:
                self.levels[sid] = int(outline.get(w("val"), "9")) + 1
            match = re.fullmatch(r"heading\s*(\d)", self.names[sid], re.I)
            if match:
                self.levels[sid] = int(match.group(1))
            numpr = ppr.find(w("numPr")) if ppr is not None else None
            if numpr is not None and numpr.find(w("numId")) is not None:
                ilvl = numpr.find(w("ilvl"))
                self.num[sid] = (numpr.find(w("numId")).get(w("val"), ""),
                                 ilvl.get(w("val"), "0") if ilvl is not None else "0")
            base = style.find(w("basedOn"))
            if base is not None:
                based[sid] = base.get(w("val"), "")
        for sid in list(self.names):  # a style based on a heading style is a heading
            seen, cur = set(), sid
            while cur in based and cur not in seen and sid not in self.levels:
                seen.add(cur)
                cur = based[cur]
                if cur in self.levels and not SKIP_STYLES.match(self.names[sid]):
                    self.levels[sid] = self.levels[cur]


def _blocks(package: Package, styles: _Styles, out: Imported) -> list[_Block]:
    body = package.document.element.body
    blocks: list[_Block] = []

    def visit(node: Any) -> None:
        for child in node:
            if child.tag == w("p"):
                blocks.append(_paragraph_block(child, styles, package))
            elif child.tag == w("tbl"):
                blocks.append(_Block("table", child))
            elif child.tag == w("sdt"):
                gallery = child.find(f".//{w('docPartGallery')}")
                if gallery is not None and "Table of Contents" in gallery.get(w("val"), ""):
                    continue
                content = child.find(w("sdtContent"))
                if content is not None:
                    visit(content)
            elif child.tag in (w("ins"), w("customXml")):
                visit(child)

    visit(body)
    blocks = [b for b in blocks if b.kind != "skip"]
    if not any(b.kind == "heading" for b in blocks):
        for block in blocks:  # no heading styles: bold "I." / "A." lines are headings
            if block.kind == "para" and _bold_heading(block):
                letter = re.match(r"^[A-ZА-Я][.)]", block.text)
                block.kind, block.level = "heading", 2 if letter else 1
                out.guessed.append(f"heading (bold, numbered): {block.text.strip()[:60]}")
    return blocks


def _bold_heading(block: _Block) -> bool:
    text = block.text.strip()
    if not text or len(text) > 120 or not re.match(r"^(?:[IVXLC]{1,6}|[A-ZА-Я])[.)]\s", text):
        return False
    runs = [r for r in block.element.iter(w("r"))
            if "".join(t.text or "" for t in r.iter(w("t"))).strip()]
    return bool(runs) and all(
        (r.find(w("rPr")) is not None and r.find(w("rPr")).find(w("b")) is not None
         and r.find(w("rPr")).find(w("b")).get(w("val"), "true") not in ("0", "false"))
        for r in runs)


def _paragraph_block(p: Any, styles: _Styles, package: Package) -> _Block:
    ppr = p.find(w("pPr"))
    sid = ""
    if ppr is not None and ppr.find(w("pStyle")) is not None:
        sid = ppr.find(w("pStyle")).get(w("val"), "")
    name = styles.names.get(sid, sid)
    text = paragraph_text(p)
    has_note = p.find(f".//{w('footnoteReference')}") is not None or \
        p.find(f".//{w('endnoteReference')}") is not None
    if SKIP_STYLES.match(sid) or SKIP_STYLES.match(name.replace(" ", "")):
        kind = "title" if re.match(r"^Title$", name, re.I) else "skip"
        return _Block(kind if text.strip() else "skip", p, text=text, style=sid)
    if not text.strip() and not has_note:
        return _Block("skip", p)
    level = styles.levels.get(sid, 0)
    outline = ppr.find(w("outlineLvl")) if ppr is not None else None
    if outline is not None and outline.get(w("val"), "9").isdigit():
        value = int(outline.get(w("val"), "9"))
        level = value + 1 if value < 9 else 0
    if level:
        return _Block("heading", p, level=level, text=text, style=sid)
    list_kind = None
    numpr = ppr.find(w("numPr")) if ppr is not None else None
    num: tuple[str, str] | None = None
    if numpr is not None and numpr.find(w("numId")) is not None:
        ilvl = numpr.find(w("ilvl"))
        num = (numpr.find(w("numId")).get(w("val"), ""),
               ilvl.get(w("val"), "0") if ilvl is not None else "0")
    elif sid in styles.num:
        num = styles.num[sid]
    if num is not None and num[0] != "0":
        fmt = package.numbering.get(num, "decimal")
        list_kind = "bullet" if fmt in ("bullet", "none") else \
            "lettered" if "Letter" in fmt else "numbered" if num[1] == "0" else "bullet"
    key = name.replace(" ", "").lower()
    if list_kind is None and key in LIST_STYLES:  # Word's own numbering decides first
        list_kind = LIST_STYLES[key]
    if list_kind is None and LETTER.match(text):
        list_kind = "lettered"
    elif list_kind is None and BULLET.match(text):
        list_kind = "bullet"
    return _Block("para", p, text=text, style=sid, list_kind=list_kind)


def _strip_marker(nodes: list[Inline], pattern: re.Pattern[str]) -> list[Inline]:
    """Remove a typed number or list marker from the start of a paragraph."""
    if not nodes:
        return nodes
    first = nodes[0]
    if isinstance(first, Text):
        stripped = pattern.sub("", first.text, count=1)
        return normalize([Text(stripped), *nodes[1:]])
    if isinstance(first, (Strong, Emph)) and first.children and \
            isinstance(first.children[0], Text) and pattern.fullmatch(
                first.children[0].text.strip() + " ") and len(first.children) == 1:
        return normalize(nodes[1:])
    return nodes


def _bookmarks(p: Any) -> list[str]:
    return [b.get(w("name"), "") for b in p.iter(w("bookmarkStart"))
            if not b.get(w("name"), "").startswith("_GoBack")]


@dataclass
class Known:
    """The toolkit's own words in every language it writes, to recognise its builds."""

    generated: set[str] = field(default_factory=set)  # headings of annexes A–C
    assessments: dict[str, str] = field(default_factory=dict)  # "not implemented" → value


def read_structure(package: Package, mechanism: Mechanism, known: Known) -> Imported:
    """Sections of the report; ``generated`` holds the headings the toolkit writes itself
    (annexes A–C in every language), which are left out of an import of its own build."""
    out = Imported()
    styles = _Styles(package.document)
    rels = {rid: rel.target_ref for rid, rel in package.document.part.rels.items()
            if rel.is_external}
    note_cache: dict[tuple[str, str], Note | None] = {}

    def note_for(kind: str, note_id: str) -> Note | None:
        key = (kind, note_id)
        if key not in note_cache:
            element = (package.footnotes if kind == "footnote" else package.endnotes).get(note_id)
            note_rels = package.footnote_rels if kind == "footnote" else package.endnote_rels
            content: list[Inline] = []
            if element is not None:
                reader = RunReader(note_rels, out.findings)
                for p in element.iter(w("p")):
                    content += [Text(" "), *reader.paragraph(p)]
            content = normalize(content)
            note_cache[key] = Note(content) if content else None
            if not content:
                out.dropped.append(f"an empty {kind} (id {note_id})")
        return note_cache[key]

    reader = RunReader(rels, out.findings, note_for)
    used = {node.get(w("val")) for node in package.document.element.body.iter(w("pStyle"))}
    toolkit_build = {"CoverTitle", "BodyNumbered"} <= used  # its build, not its template
    blocks = _blocks(package, styles, out)
    for block in blocks:
        if block.kind == "title" and not out.title:
            out.title = block.text.strip()
    blocks = [b for b in blocks if b.kind != "title"]
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    for n, i in enumerate(headings):  # a part: a heading whose next heading is deeper
        nxt = headings[n + 1] if n + 1 < len(headings) else None
        if nxt is not None and blocks[nxt].level > blocks[i].level:
            between = [b for b in blocks[i + 1:nxt] if b.kind != "heading"]
            generated_only = toolkit_build and all(b.style == "BodyText" for b in between)
            follow_up = blocks[i].level >= 2 and \
                classify(blocks[i].text, mechanism).kind == "follow-up"
            if (not between or generated_only) and not follow_up:
                blocks[i].part = True

    section: ImportedSection | None = None
    mode = "para"  # or "rec" after a recommendations heading
    lead_in = False
    skip_section = False
    last_table: Item | None = None
    for block in blocks:
        if block.kind == "heading":
            text = block.text.strip()
            plain = text.replace("\u00a0", " ")  # a build's typography adds no-break spaces
            if block.part:
                out.dropped.append(f"part heading (its sections were kept): {text}")
                skip_section = False
                continue
            if toolkit_build and (plain in known.generated
                                  or strip_enumerator(plain) in known.generated):
                out.dropped.append(f"annex the toolkit generates: {text}")
                skip_section = True
                continue
            meaning = classify(text, mechanism)
            if section is not None and section.meaning.kind == "follow-up" and \
                    block.level > section.level and meaning.kind in ("theme", "follow-up"):
                out.dropped.append(f"sub-heading inside the follow-up part: {text}")
                continue
            if meaning.kind == "recommendations" and section is not None:
                mode, lead_in = "rec", False
                continue
            skip_section = False
            if meaning.kind == "recommendations":
                meaning = Meaning("theme", strip_enumerator(text))
                mode = "rec"
            else:
                mode = "para"
            lead_in = False
            if meaning.note:
                out.unclassified.append(f"{text} → kind {meaning.kind}, heading kept"
                                        + ("" if meaning.note == "unclassified"
                                           else f" ({meaning.note})"))
            section = ImportedSection(meaning, text, block.level,
                                      bookmarks=_bookmarks(block.element))
            if meaning.heading is not None:
                content = reader.paragraph(block.element)
                notes = [n for n in content if isinstance(n, Note)]
                content = [n for n in content if not isinstance(n, Note)]
                if notes:
                    section.items.append(Item("para", notes))
                    out.guessed.append(f"footnote of heading '{text[:40]}' moved into a "
                                       "paragraph of its own (headings hold no footnotes)")
                section.heading_content = _strip_heading(content)
            out.sections.append(section)
            continue
        if skip_section:
            continue
        if block.kind == "table":
            if section is None:
                section = _opening_section(out)
            last_table = _table(block.element, reader, section, out)
            continue
        if toolkit_build and block.style == "BodyText":
            out.dropped.append(f"wording the toolkit generates: {block.text.strip()[:50]}…")
            continue
        if last_table is not None and block.style == "TableText" and not last_table.note:
            last_table.note = reader.paragraph(block.element)
            last_table = None
            continue
        last_table = None
        if section is None:
            section = _opening_section(out)
        if block.style == "RecommendationsHeading" or (
                RECOMMENDATIONS.match(strip_enumerator(block.text)) and len(block.text) < 60):
            mode, lead_in = "rec", False  # "Recommendations" as a bold line, not a heading
            continue
        content = reader.paragraph(block.element)
        if block.style == "Caption" or CAPTION.match(block.text):
            if block.style == "Caption" or len(block.text) < 150:
                section.items.append(Item("caption", _strip_marker(content, CAPTION),
                                          _bookmarks(block.element)))
                continue
        assessed = ASSESSMENT.match(block.text)
        if (block.style == "Assessment" or assessed) and section.previous:
            word = (assessed.group(1) if assessed else block.text).strip().lower()
            word = word.split(":", 1)[-1].strip()
            if word in known.assessments:  # the toolkit's own words, in any language
                section.previous[-1].assessment = known.assessments[word]
                continue
            for value, pattern in ASSESSMENT_WORDS:
                if re.search(pattern, word):
                    section.previous[-1].assessment = value
                    break
            continue
        prev = PREVIOUS.match(block.text) if (
            section.meaning.kind == "follow-up" or block.style == "PreviousRecommendation"
        ) else None
        if prev and prev.group("text").strip() and block.list_kind is None:
            section.previous.append(_previous(prev, content, _bookmarks(block.element)))
            continue
        if block.list_kind in ("bullet", "lettered"):
            marker = BULLET if block.list_kind == "bullet" else LETTER
            item = _strip_marker(content, marker)
            if mode == "rec" or lead_in:
                section.items.append(Item("rec", item, _bookmarks(block.element)))
                continue
            owner = _last_text_item(section)
            if owner is not None and item:
                owner.content = [*owner.content, ListItem(block.list_kind, item)]
                continue
            if section.previous and item:
                last = section.previous[-1]
                last.content = [*last.content, ListItem(block.list_kind, item)]
                continue
        content = _strip_marker(content, MANUAL_NUMBER)
        if not content:
            continue
        if mode == "rec":
            section.items.append(Item("rec", content, _bookmarks(block.element)))
            continue
        lead_in = bool(LEAD_IN.search(block.text)) and block.text.rstrip().endswith(":")
        section.items.append(Item("para", content, _bookmarks(block.element)))
    _attach_captions(out)
    return out


def _strip_heading(content: list[Inline]) -> list[Inline]:
    """A heading keeps its words, not its typed "I." or "A." (the toolkit numbers parts)."""
    if content and isinstance(content[0], Text):
        return normalize([Text(strip_enumerator(content[0].text) if
                               strip_enumerator(content[0].text) else content[0].text),
                          *content[1:]])
    return content


def _opening_section(out: Imported) -> ImportedSection:
    section = ImportedSection(Meaning("introduction", None), "", 1)
    out.sections.append(section)
    out.guessed.append("text before the first heading → an introduction section")
    return section


def _last_text_item(section: ImportedSection) -> Item | None:
    for item in reversed(section.items):
        if item.kind in ("para", "rec"):
            return item
        return None
    return None


def _previous(match: re.Match[str], content: list[Inline], bookmarks: list[str]) -> Previous:
    """An earlier recommendation quoted with its symbol: the quoted text without the symbol."""
    prefix = len(match.group(0)) - len(match.group("text"))
    text = _drop_chars(content, prefix)
    text = [n for n in text if not isinstance(n, Note)]
    return Previous(match.group("doc"), re.sub(r"\s+", " ", match.group("para")), text,
                    bookmarks, recommending_state=match.group("state"),
                    response=match.group("response"))


def _drop_chars(nodes: list[Inline], count: int) -> list[Inline]:
    """The nodes after the first ``count`` visible characters (the quoted reference)."""
    out: list[Inline] = []
    for node in nodes:
        if count <= 0:
            out.append(node)
            continue
        if isinstance(node, Text):
            if len(node.text) > count:
                out.append(Text(node.text[count:]))
            count -= len(node.text)
        elif isinstance(node, (Emph, Strong, Link)):
            length = len(plain_text(node.children))
            if length > count:
                rest = _drop_chars(node.children, count)
                out.append(type(node)(node.url, rest) if isinstance(node, Link)
                           else type(node)(rest))
            count -= length
        elif isinstance(node, Ref):
            continue
        else:
            out.append(node)
    out = normalize(out)
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip(" :.–—-"))
    return normalize(out)


def _table(tbl: Any, reader: RunReader, section: ImportedSection, out: Imported
           ) -> Item | None:
    rows: list[list[list[Inline]]] = []
    for tr in tbl.iterchildren(w("tr")):
        cells: list[list[Inline]] = []
        for tc in tr.iterchildren(w("tc")):
            content: list[Inline] = []
            for p in tc.iter(w("p")):
                content += [Text(" "), *_strip_marker(reader.paragraph(p), MANUAL_NUMBER)]
            tcpr = tc.find(w("tcPr"))
            span = tcpr.find(w("gridSpan")) if tcpr is not None else None
            cells.append(normalize(content))
            if span is not None and span.get(w("val"), "1").isdigit():
                cells += [[] for _ in range(int(span.get(w("val"), "1")) - 1)]
        if any(cells):
            rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    rows = [r + [[] for _ in range(width - len(r))] for r in rows]
    if len(rows) < 2:  # a header alone is no table: its text becomes a paragraph
        cells = [c for row in rows for c in row if c]
        if not cells:
            out.dropped.append(f"an empty table in '{section.source_heading[:40]}'")
            return None
        content: list[Inline] = []
        for cell in cells:
            content += [Text(" "), *cell]
        section.items.append(Item("para", normalize(content)))
        out.guessed.append(f"a one-row table in '{section.source_heading[:40]}' → a paragraph")
        return None
    item = Item("table", header=rows[0], rows=rows[1:])
    if section.items and section.items[-1].kind == "caption":
        caption = section.items.pop()
        item.caption, item.bookmarks = caption.content, caption.bookmarks
    section.items.append(item)
    return item


def _attach_captions(out: Imported) -> None:
    """A caption with no table after it is a paragraph after all."""
    for section in out.sections:
        for item in section.items:
            if item.kind == "caption":
                item.kind = "para"
        for item in section.items:
            if item.kind == "table" and not item.caption:
                item.caption = [Text("Table")]
                out.guessed.append(f"a table without a caption in '{section.source_heading[:40]}'"
                                   " → caption 'Table' (write the real one)")


# --------------------------------------------------------------------------- ids and refs


def make_id(value: str, used: set[str], fallback: str) -> str:
    """A valid, unused id close to ``value``."""
    value = value.lower()
    candidate = value if re.fullmatch(ID_PATTERN, value) else (suggest_id(value) or fallback)
    candidate = candidate[:48].strip("-_.") or fallback
    base, n = candidate, 2
    while candidate in used:
        candidate = f"{base}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def assign_ids(imported: Imported) -> None:
    """Ids for sections and earlier recommendations; for paragraphs and recommendations
    only where a link points at them; then internal links become cross-references."""
    targets = imported.findings.internal_links
    used: set[str] = set()
    where: dict[str, tuple[RefKind, str]] = {}
    for section in imported.sections:
        meaning = section.meaning
        if meaning.kind == "article":
            base = "art" + "-".join(a.replace(".", "-") for a in meaning.articles)
        elif meaning.kind in ("introduction", "follow-up"):
            base = meaning.kind
        else:
            base = (meaning.heading or section.source_heading or meaning.kind)
            base = " ".join(base.split()[:5])
            base = ("annex-" if meaning.kind == "annex" else "") + base
        section.id = make_id(base, used, meaning.kind)
        for mark in section.bookmarks:
            if mark in targets:
                where[mark] = ("sec", section.id)
    item_ids: set[str] = set(used)
    for section in imported.sections:
        for prev in section.previous:
            tail = prev.document.rstrip("/").split("/")[-2:]
            base = "".join(tail) if tail[0][:1].isalpha() else "wg" + "-".join(tail)
            prev.id = make_id(f"{base}-{prev.paragraph}".lower().replace(" ", ""),
                              used, "prev")
            for mark in prev.bookmarks:
                if mark in targets:
                    where[mark] = ("prev", prev.id)
        for item in section.items:
            for mark in item.bookmarks:
                if mark in targets:
                    if item.id is None:
                        item.id = make_id(mark.lstrip("_"), item_ids, item.kind)
                    kind: RefKind = {"para": "para", "rec": "rec", "table": "table"}[item.kind]  # type: ignore[assignment]
                    where[mark] = (kind, item.id)

    quoted = {_reference_key(f"{p.document}, para. {p.paragraph}"): ("prev", p.id)
              for section in imported.sections for p in section.previous}

    seen: list[str] = []  # the text read so far in the current field, for symbols

    def resolve(nodes: list[Inline], top: bool = True) -> list[Inline]:
        if top:
            seen.clear()
        result: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text):
                seen.append(node.text)
            if isinstance(node, Link) and node.url.startswith(INTERNAL):
                target = where.get(node.url[len(INTERNAL):])
                shown = plain_text(node.children)
                if target is None:  # a link to a quoted recommendation, by its reference
                    target = quoted.get(_reference_key(shown))
                if target is None and re.fullmatch(r"\d+(?:\.\d+)*", shown.strip()):
                    # only the number is linked ("CCPR/C/KAZ/CO/1, paras. 7 and 13"): the
                    # document is the last symbol before it
                    symbols = SYMBOL.findall("".join(seen))
                    if symbols:
                        target = quoted.get(_reference_key(f"{symbols[-1]}, para. {shown}"))
                seen.append(shown)
                if target is not None:  # the link's words wait in label, see _writable_refs
                    result.append(Ref(target[0], target[1], label=plain_text(node.children)))
                else:
                    result.extend(resolve(node.children, top=False))
            elif isinstance(node, (Emph, Strong, Note, ListItem)):
                node.children = resolve(node.children, top=False)
                result.append(node)
            elif isinstance(node, Link):
                node.children = resolve(node.children, top=False)
                result.append(node)
            else:
                result.append(node)
        return _writable_refs(normalize(result))

    for section in imported.sections:
        section.heading_content = _no_notes(resolve(section.heading_content))
        for prev in section.previous:
            prev.content = resolve(prev.content)
        for item in section.items:
            item.content = resolve(item.content)
            if item.kind == "rec":
                item.content, item.follows_up = _follows_up(item.content)
            item.caption = resolve(item.caption)
            item.note = resolve(item.note)
            item.header = [resolve(c) for c in item.header]
            item.rows = [[resolve(c) for c in row] for row in item.rows]


def _follows_up(nodes: list[Inline]) -> tuple[list[Inline], list[str]]:
    """A recommendation ending "(*Follows up* CCPR/C/KAZ/CO/1, para. 13)", as the toolkit
    writes ``follows_up:``, gives that list back instead of the words."""
    if not nodes or not isinstance(nodes[-1], Text) or not nodes[-1].text.endswith(")"):
        return nodes, []
    for start in range(len(nodes) - 2, -1, -1):
        node = nodes[start]
        if isinstance(node, Text) and "(" in node.text:
            break
    else:
        return nodes, []
    inner = nodes[start + 1:-1]
    refs: list[str] = []
    for node in walk_inlines(inner):
        if isinstance(node, Ref):
            if node.kind != "prev":
                return nodes, []
            refs.append(node.target)
        elif isinstance(node, (Note, Link, ListItem)):
            return nodes, []
    # only words and references to earlier recommendations inside the brackets: the line
    # the toolkit writes ("Follows up CCPR/C/KAZ/CO/1, paras. 7 and 13", «В развитие …»)
    if not refs or nodes[-1].text != ")":
        return nodes, []
    head = nodes[start].text
    kept = [*nodes[:start], Text(head[:head.rindex("(")])]
    return normalize(kept), refs


def _writable_refs(nodes: list[Inline]) -> list[Inline]:
    """A cross-reference directly followed by a letter, digit, "-" or "." would read as a
    longer id: such a link keeps its text instead (the target keeps its id)."""
    out: list[Inline] = []
    for i, node in enumerate(nodes):
        after = nodes[i + 1] if i + 1 < len(nodes) else None
        if isinstance(node, Ref) and isinstance(after, Text) and \
                re.match(r"\w|\.\w", after.text):
            out.append(Text(node.label or node.target))
            continue
        if isinstance(node, Ref) and node.label and node.label.strip()[:1].isdigit():
            # "para. [12]", "articles [7] and [14]": only the number is the link, so the
            # reference gives only the number and the words around it stay the author's
            out.append(RefGroup([node], number_only=True))
            continue
        out.append(node)
    return normalize(out)


def _reference_key(text: str) -> str:
    """"CCPR/C/KAZ/CO/1, para. 11" and "CCPR/C/KAZ/CO/1 para 11" alike."""
    return re.sub(r"[^A-Za-z0-9/().]", "", re.sub(r"para(?:graph)?s?\.?|п\.", "", text)).lower()


def _no_notes(nodes: list[Inline]) -> list[Inline]:
    return [n for n in nodes if not isinstance(n, Note)]
