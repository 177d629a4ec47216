"""Runs of a Word paragraph → model inline nodes (text, italic, bold, links, notes).

What Word shows is what is kept: inserted text of tracked changes is kept and deleted text
left out (the changes are accepted), field codes give way to their results, and an
internal hyperlink is kept as a placeholder ``Link("#bookmark")`` that
:mod:`.structure` turns into a cross-reference once it knows what the bookmark marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from toolkit.model.document import Emph, Inline, Link, Note, Strong, Text
from toolkit.read.docx_import.package import R, w
from toolkit.read.markup import normalize

LINK_SCHEMES = ("http://", "https://", "mailto:")
INTERNAL = "#"  # prefix of a placeholder link to a bookmark


@dataclass
class Findings:
    """What the reader noticed on the way, for the import report."""

    tracked_changes: int = 0
    dropped_links: list[str] = field(default_factory=list)
    images: int = 0
    internal_links: set[str] = field(default_factory=set)


@dataclass
class _Level:
    state: str = "instr"  # "instr" (codes, not shown) or "result" (what Word shows)
    instr: str = ""
    link: str | None = None
    hidden: bool = False  # PAGEREF: a page number means nothing in YAML


@dataclass
class _Field:
    """Where the reader is in (possibly nested) complex fields: begin/separate/end."""

    stack: list[_Level] = field(default_factory=list)

    def visible(self) -> bool:
        return all(level.state == "result" and not level.hidden for level in self.stack)

    def link(self) -> str | None:
        return next((lv.link for lv in reversed(self.stack) if lv.link), None)


@dataclass
class _Seg:
    text: str = ""
    bold: bool = False
    italic: bool = False
    link: str | None = None
    note: Note | None = None


def _on(rpr: Any, tag: str) -> bool:
    node = rpr.find(w(tag)) if rpr is not None else None
    return node is not None and node.get(w("val"), "true") not in ("0", "false", "off")


@dataclass
class RunReader:
    """Reads the runs of one story (the body, or the footnotes part) with its links."""

    rels: dict[str, str]
    findings: Findings
    note_for: Callable[[str, str], Note | None] | None = None  # (kind, id) → Note

    def paragraph(self, p: Any) -> list[Inline]:
        segs: list[_Seg] = []
        self._walk(p, segs, None, _Field())
        return _build(segs)

    def _field_link(self, instr: str) -> str | None:
        """Where a field's result points: a REF or HYPERLINK field is Word's own
        cross-reference or link; PAGEREF shows a page number, which means nothing here."""
        match = re.match(r'\s*(REF|HYPERLINK)\s+(?:\\l\s+)?"?([^"\s\\]+)"?(.*)', instr)
        if not match:
            return None
        kind, target, rest = match.groups()
        anchor = re.search(r'\\l\s+"?([^"\s]+)', rest)
        if kind == "REF" or "\\l" in instr.split(target)[0]:
            self.findings.internal_links.add(target)
            return INTERNAL + target
        if target.lower().startswith(LINK_SCHEMES):
            return target + (f"#{anchor.group(1)}" if anchor else "")
        self.findings.dropped_links.append(target)
        return None

    def _walk(self, node: Any, segs: list[_Seg], link: str | None, field_skip: _Field
              ) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == w("r"):
                self._run(child, segs, link, field_skip)
            elif tag == w("hyperlink"):
                self._walk(child, segs, self._target(child), field_skip)
            elif tag in (w("ins"), w("moveTo")):
                self.findings.tracked_changes += 1
                self._walk(child, segs, link, field_skip)
            elif tag in (w("del"), w("moveFrom")):
                self.findings.tracked_changes += 1
            elif tag == w("fldSimple"):
                instr = child.get(w("instr"), "")
                if not re.match(r"\s*PAGEREF", instr):
                    self._walk(child, segs, self._field_link(instr) or link, field_skip)
            elif tag in (w("smartTag"), w("customXml"), w("sdtContent"), w("sdt")):
                self._walk(child, segs, link, field_skip)

    def _target(self, hyperlink: Any) -> str | None:
        anchor = hyperlink.get(w("anchor"))
        rid = hyperlink.get(f"{{{R}}}id")
        if rid:
            url = self.rels.get(rid, "")
            if url.lower().startswith(LINK_SCHEMES):
                return url + (f"#{anchor}" if anchor else "")
            if url:
                self.findings.dropped_links.append(url)
            return None
        if anchor:
            self.findings.internal_links.add(anchor)
            return INTERNAL + anchor
        return None

    def _run(self, run: Any, segs: list[_Seg], link: str | None, field: _Field) -> None:
        rpr = run.find(w("rPr"))
        style = ""
        if rpr is not None and rpr.find(w("rStyle")) is not None:
            style = rpr.find(w("rStyle")).get(w("val"), "")
        bold = _on(rpr, "b") or style.lower() in ("strong", "strongemphasis")
        italic = _on(rpr, "i") or style.lower() in ("emphasis", "intenseemphasis")
        for child in run:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    field.stack.append(_Level())
                elif kind == "separate" and field.stack:
                    top = field.stack[-1]
                    top.state = "result"
                    top.link = self._field_link(top.instr)
                    top.hidden = bool(re.match(r"\s*PAGEREF", top.instr))
                elif kind == "end" and field.stack:
                    field.stack.pop()
                continue
            if tag == w("instrText"):
                if field.stack and field.stack[-1].state == "instr":
                    field.stack[-1].instr += child.text or ""
                continue
            if not field.visible():
                continue
            link = field.link() or link
            if tag == w("t"):
                segs.append(_Seg(child.text or "", bold, italic, link))
            elif tag in (w("tab"), w("br"), w("cr")):
                if child.get(w("type")) != "page":
                    segs.append(_Seg(" ", bold, italic, link))
            elif tag == w("noBreakHyphen"):
                segs.append(_Seg("\u2011", bold, italic, link))
            elif tag == w("softHyphen"):
                continue
            elif tag in (w("footnoteReference"), w("endnoteReference")):
                kind = "footnote" if tag == w("footnoteReference") else "endnote"
                note = self.note_for(kind, child.get(w("id"), "")) if self.note_for else None
                if note is not None:
                    segs.append(_Seg(note=note))
            elif tag in (w("drawing"), w("pict"), w("object")):
                self.findings.images += 1


def _build(segs: list[_Seg]) -> list[Inline]:
    """Group segments into links and emphasis, then into the parser's normal form."""
    out: list[Inline] = []
    i = 0
    while i < len(segs):
        seg = segs[i]
        if seg.note is not None:
            out.append(seg.note)
            i += 1
            continue
        j = i
        while j < len(segs) and segs[j].note is None and segs[j].link == seg.link:
            j += 1
        content = _formatted(segs[i:j])
        if seg.link is not None:
            out.append(Link(seg.link, content))
        else:
            out.extend(content)
        i = j
    return normalize(out)


def _formatted(segs: list[_Seg]) -> list[Inline]:
    out: list[Inline] = []
    for seg in segs:
        node: Inline = Text(seg.text)
        if seg.italic:
            node = Emph([node])
        if seg.bold:
            node = Strong([node])
        out.append(node)
    return out


def paragraph_text(p: Any) -> str:
    """The visible text of a paragraph (deleted text and field codes left out)."""
    parts: list[str] = []
    skip = False
    for node in p.iter():
        tag = node.tag
        if tag == w("fldChar"):
            skip = node.get(w("fldCharType")) == "begin"
        elif skip:
            continue
        elif tag == w("t") and not any(a.tag in (w("del"), w("moveFrom"))
                                       for a in node.iterancestors()):
            parts.append(node.text or "")
        elif tag in (w("tab"), w("br")):
            parts.append(" ")
    return "".join(parts)
