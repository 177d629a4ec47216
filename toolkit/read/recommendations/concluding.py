"""Concluding observations of a treaty body (.docx, .txt, pasted text) → recommendations.

Concluding observations are numbered paragraphs under sub-headings. A paragraph (or one
of its lettered sub-paragraphs) is a recommendation when it says so the way every treaty
body does: "The State party should …", "The Committee recommends / urges / calls upon …",
«Государству-участнику следует …», «Комитет рекомендует / настоятельно призывает …».
The entry's text starts at that sentence (the concerns before it are left out) and keeps
the sub-paragraphs as "(a) …" lines. The follow-up paragraph ("… within two years …
paragraphs 10, 24 and 36", «… в пунктах 10, 24 и 36») marks those entries
``follow_up_priority``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toolkit.read.recommendations.common import (
    Imported,
    ImportResult,
    clean,
    end_sentence,
    fail,
)

SYMBOL = re.compile(
    r"\b(?:(?:CCPR|CAT|CEDAW|CRC|CERD|CRPD|CMW|CED|SPT)/C(?:/OP\.\d+)?|E/C\.12)"
    r"/[A-Z]{3}/CO/\d+(?:-\d+)?(?:/Add\.\d+)?"
)
_TRIGGERS = re.compile(
    r"(?:the\s+state\s+party\s+(?:should|must|is\s+(?:urged|encouraged|requested)\s+to)"
    r"|the\s+committee\s+(?:\w+\s+){0,2}?(?:recommends|urges|calls\s+(?:up)?on|encourages"
    r"|reiterates\s+its\s+(?:previous\s+)?recommendations?)"
    r"|государству-участнику\s+(?:\w+\s+)?следует"
    r"|государство-участник\s+(?:\w+\s+)?должно"
    r"|комитет\s+(?:\w+\s+){0,2}?(?:рекомендует|призывает|настоятельно\s+призывает"
    r"|вновь\s+(?:повторяет|подтверждает)\s+свою?\s+(?:предыдущую\s+)?рекомендаци\w*"
    r"|предлагает|рекомендовал\w*))",
    re.I,
)
_FOLLOW_UP = re.compile(
    r"within\s+(?:one|two|three|\d)\s+years?|follow-up\s+procedure"
    r"|в\s+течение\s+(?:одного|двух|трех|трёх|\d)\s+(?:года|лет)|процедур\w*\s+последующ",
    re.I,
)
_FOLLOW_UP_LIST = re.compile(r"(?:paragraphs?|paras?\.|пункт\w*)\s+(?P<list>[^.]*?\d[^.]*?)"
                             r"(?:\.(?:\s|$)|$)", re.I)
_NEXT_REPORT = re.compile(r"next\s+periodic\s+report|next\s+report|следующ\w*\s+"
                          r"(?:периодическ\w*\s+)?доклад", re.I)
_NUMBERED = re.compile(r"^(?P<n>\d{1,3})\.\s*(?P<rest>.*)$")
_LETTERED = re.compile(r"^\(?(?P<l>[a-z]{1,2}|[а-я])\)\s*(?P<rest>.*)$")


@dataclass
class _Paragraph:
    number: str
    lines: list[str] = field(default_factory=list)  # lead text, then "(a) …" lines
    where: str = ""


def read_concluding(lines: list[str], display: str, document: str | None,
                    headers: str = "") -> ImportResult:
    """Recommendations of concluding observations given as lines (paragraphs or wrapped)."""
    paragraphs = _paragraphs(lines, display)
    if not paragraphs:
        raise fail(display, "no numbered paragraphs ('12. The Committee …') found: is this a "
                   "concluding observations document?")
    full_text = "\n".join(lines)
    notes: list[str] = []
    if not document:
        found = SYMBOL.search(full_text) or SYMBOL.search(headers)
        if not found:
            raise fail(display, "the document symbol is not in the text: give it with "
                       "--document CCPR/C/KAZ/CO/2")
        document = found.group(0)
        notes.append(f"document symbol found in the text: {document}")
    priority: set[str] = set()
    follow_up_para: str | None = None
    for para in reversed(paragraphs):
        joined = " ".join(para.lines)
        if _FOLLOW_UP.search(joined):
            listed = _FOLLOW_UP_LIST.search(joined[_FOLLOW_UP.search(joined).start():]) \
                or _FOLLOW_UP_LIST.search(joined)
            if listed:
                priority = set(re.findall(r"\b(\d{1,3})\b", listed.group("list")))
                follow_up_para = para.number
                break
    entries: list[Imported] = []
    for para in paragraphs:
        if para.number == follow_up_para or _NEXT_REPORT.search(para.lines[0]):
            continue  # the follow-up request and the date of the next report: procedure
        text = _recommendation_text(para)
        if text is None:
            continue
        entries.append(Imported(document=document, paragraph=para.number, text=text,
                                where=para.where, follow_up_priority=para.number in priority))
    if not entries:
        raise fail(display, "no recommendations found: no paragraph says 'The State party "
                   "should …' or 'The Committee recommends …' (or the Russian wording)")
    if follow_up_para:
        notes.append(f"follow-up paragraph {follow_up_para}: priority for paragraphs "
                     + ", ".join(sorted(priority, key=int)))
        missing = priority - {e.paragraph for e in entries}
        if missing:
            notes.append("follow-up names paragraphs that hold no recommendation: "
                         + ", ".join(sorted(missing, key=int)))
    else:
        notes.append("no follow-up paragraph ('… within two years … paragraphs …') found")
    return ImportResult(format="concluding observations", entries=entries, notes=notes)


def _recommendation_text(para: _Paragraph) -> str | None:
    lead, *subs = para.lines
    match = _TRIGGERS.search(lead)
    if match is None and not any(_TRIGGERS.search(s) for s in subs):
        return None
    if match is not None:
        start = max(lead.rfind(". ", 0, match.start()), lead.rfind("; ", 0, match.start()))
        lead = lead[start + 2:] if start >= 0 else lead
        lead = lead[:1].upper() + lead[1:]
    lines = [lead] + subs if lead else subs
    if len(lines) == 1:
        return end_sentence(lines[0])
    return "\n".join(lines[:-1] + [end_sentence(lines[-1])])


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return (len(words) <= 10 and line[-1:] not in ".;:,»”" and not line[:1].islower()
            and not _LETTERED.match(line))


def _paragraphs(lines: list[str], display: str) -> list[_Paragraph]:
    """Numbered paragraphs with their lettered sub-paragraphs; wrapped lines re-joined."""
    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    expected = 1
    previous_line = ""
    for index, raw in enumerate(lines, start=1):
        line = clean(raw)
        if not line:
            previous_line = ""
            continue
        numbered = _NUMBERED.match(line)
        if numbered and int(numbered.group("n")) in range(expected, expected + 3):
            current = _Paragraph(numbered.group("n"), [numbered.group("rest")],
                                 f"{display}, line {index}")
            paragraphs.append(current)
            expected = int(numbered.group("n")) + 1
        elif current is None:
            pass  # title, symbol, introduction before paragraph 1
        elif _LETTERED.match(line):
            current.lines.append(line)
        elif _looks_like_heading(line) and (previous_line[-1:] in ".;:" or not previous_line):
            current = None  # a sub-heading ends the paragraph
        else:  # a wrapped line of the paragraph or of its last sub-paragraph
            current.lines[-1] = f"{current.lines[-1]} {line}".strip()
        previous_line = line
    return paragraphs
