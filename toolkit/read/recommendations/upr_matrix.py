"""OHCHR's UPR matrix ("Thematic list of recommendations", .docx) → recommendations.

One four-column table. The cycles differ (header wording, where SDGs and affected persons
sit, how States are bracketed, "Para.3" or "Para 121"), so every cell is read by what it
says, not by where a particular year's template put it:

* recommendation cell: "140.7 Ratify … (Maldives) (Portugal);" then
  "Source of Position: A/HRC/59/15/Add.1 - Para.3"; a cell may hold several
  recommendations of one number ("… (Ukraine); Increase … (Slovakia);"), and a bracket
  several States ("(Portugal, Slovakia)");
* position: Supported / Noted (and the French and Spanish words);
* themes cell: "- theme" lines, then optional "SDGs:" and "Affected persons:" /
  "Groups of persons:" blocks; codes such as "A12 " are dropped;
* fourth column: SDG lines (4th cycle) or the assessment column (earlier cycles, ignored:
  the coalition assesses in previous.yaml).
"""

from __future__ import annotations

import re

from toolkit.read.recommendations.common import (
    Imported,
    ImportResult,
    NameMatcher,
    clean,
    clean_lines,
    end_sentence,
    fail,
    report_symbol,
    response_of,
    sdg_of,
)
from toolkit.read.recommendations.docx_text import Block, Para, Row
from toolkit.read.recommendations.states import split_states

_SOURCE = re.compile(
    r"source\s+of\s+position\s*:?\s*(?P<symbol>[A-Z]+/[A-Z0-9.]+(?:/[A-Za-z0-9.]+)*?)"
    r"\s*(?:[-–—,:]\s*)?(?:para(?:graph)?s?\.?|§)\s*(?P<para>[0-9][0-9.]*[0-9]|[0-9])",
    re.I,
)
_NUMBER = re.compile(r"^\s*(?P<number>\d{1,3}\.\d{1,3})\.?(?=\s|$)\s*")
_THEME_ROW = re.compile(r"^\s*(?:theme|thème|tema)\s*:\s*(?P<name>.+)$", re.I | re.S)
_SDG_HEAD = re.compile(r"^(?:relevant\s+)?sdgs?\s*:?\s*$|^sustainable development goals?\s*:?$",
                       re.I)
_GROUPS_HEAD = re.compile(r"^(?:affected persons|persons affected|groups? of persons(?: affected)?)"
                          r"\s*:?\s*$", re.I)
_THEMES_HEAD = re.compile(r"^(?:human rights )?themes?\s*:?\s*$", re.I)


def header_kind(row: Row) -> str | None:
    """'cycle4' / 'cycle2-3' for a matrix header, 'other' for another 4+-column header."""
    texts = [clean(c.text).casefold() for c in row]
    if not texts or not texts[0].startswith("recommendation"):
        return None
    if len(texts) != 4:
        return "other"
    if "position" in texts[1] and "theme" in texts[2]:
        if "sdg" in texts[3]:
            return "cycle4"
        if "assessment" in texts[3] or "comment" in texts[3] or "implementation" in texts[3]:
            return "cycle2-3"
    return "other"


def _header_at(table: list[Row]) -> tuple[int, str | None]:
    """Where the header row is (title rows may come first) and what kind it is."""
    for index, row in enumerate(table[:6]):
        kind = header_kind(row)
        if kind is not None:
            return index, kind
    return -1, None


def is_matrix(blocks: list[Block]) -> bool:
    return any(_header_at(b)[1] in ("cycle4", "cycle2-3")
               for b in blocks if not isinstance(b, Para) and b)


def _matrix_tables(blocks: list[Block]) -> list[tuple[str, list[Row]]]:
    """The matrix tables with their kind; a 4-column table right after one, without a
    header of its own, continues it (Word splits long tables when files are converted)."""
    found: list[tuple[str, list[Row]]] = []
    current: str | None = None
    for block in blocks:
        if isinstance(block, Para):  # blank or page-header lines between table parts
            continue
        index, kind = _header_at(block)
        if kind in ("cycle4", "cycle2-3"):
            current = kind
            found.append((kind, block[index + 1:]))
        elif kind is None and current and block and max(len(r) for r in block) == 4:
            found.append((current, block))
        else:
            current = None
    return found


def read_matrix(blocks: list[Block], display: str, themes: NameMatcher, groups: NameMatcher,
                document: str | None = None) -> ImportResult:
    tables = [b for b in blocks if not isinstance(b, Para) and b]
    matrices = _matrix_tables(blocks)
    if not matrices:
        others = [t for t in tables if _header_at(t)[1] == "other"]
        if others:
            row = others[0][_header_at(others[0])[0]]
            header = " | ".join(clean(c.text) for c in row)
            raise fail(display, f"the table's columns are not those of an OHCHR UPR matrix "
                       f"(found: {header}); expected 'Recommendation | Position | … themes "
                       "| SDGs or Assessment': use --format csv with --mapping for other tables")
        raise fail(display, "no UPR matrix table found (a 4-column table whose header starts "
                   "'Recommendation'): is this the 'Thematic list of recommendations'?")
    kind = matrices[0][0]
    layout = "4th cycle" if kind == "cycle4" else "2nd/3rd cycle"
    result = ImportResult(format=f"upr-matrix ({layout} layout)", entries=[])
    unmatched_themes: set[str] = set()
    unmatched_groups: set[str] = set()
    row_number = 0
    heading_theme: str | None = None
    for kind, table in matrices:
        for row in table:
            row_number += 1
            texts = [c.text for c in row]
            if header_kind(row) is not None:
                continue  # the header (repeated on every page in some files)
            if len(row) == 1 or len({clean(t) for t in texts}) == 1 or \
                    sum(bool(clean(t)) for t in texts) == 1 and _THEME_ROW.match(clean(texts[0])):
                match = _THEME_ROW.match(clean(texts[0]))
                heading_theme = clean(match.group("name")) if match else heading_theme
                continue
            if len(row) < 4:  # an odd merged row: say so, keep going
                shown = clean(" ".join(texts))[:60]
                result.notes.append(f"table row {row_number} skipped ({len(row)} cells "
                                    f"instead of 4): '{shown}' — add it by hand if needed")
                continue
            where = f"{display}, table row {row_number}"
            entry = _read_row(texts, where, document, result.notes)
            if entry is None:
                continue
            theme_names, group_names, sdgs = _read_themes_cell(texts[2])
            if kind == "cycle4":
                sdgs += [s for s in (sdg_of(x) for x in _items(texts[3])) if s]
            if not theme_names and heading_theme:
                theme_names = [heading_theme]
            entry.themes, missing = themes.ids_or_names(theme_names)
            unmatched_themes.update(missing)
            entry.groups, missing = groups.ids_or_names(group_names)
            unmatched_groups.update(missing)
            entry.sdg = list(dict.fromkeys(sdgs))
            result.entries.append(entry)
    if not result.entries:
        raise fail(display, "the matrix holds no recommendation rows ('123.4 text (State);')")
    if unmatched_themes:
        result.notes.append("themes kept as published (no toolkit theme id matches): "
                            + "; ".join(sorted(unmatched_themes)))
    if unmatched_groups:
        result.notes.append("groups kept as published (no group id matches): "
                            + "; ".join(sorted(unmatched_groups)))
    return result


def _items(cell: str) -> list[str]:
    """Bulleted lines of a cell ('- 16 - PEACE …'); one item per line, bullets removed."""
    items: list[str] = []
    for line in clean_lines(cell):
        # some files put several bullets on one line: "- 16 - PEACE … - 5 - GENDER …"
        parts = re.split(r"(?:^|\s)[-–•]\s+(?=\d{1,2}\s*[-–]\s)", " " + line) \
            if re.match(r"^[-–•]\s*\d", line) else [line]
        items.extend(p.strip().lstrip("-–—•*· ").strip() for p in parts if p.strip())
    return [i for i in items if i]


def _read_themes_cell(cell: str) -> tuple[list[str], list[str], list[str]]:
    themes: list[str] = []
    groups: list[str] = []
    sdgs: list[str] = []
    target = themes
    for line in clean_lines(cell):
        bare = line.lstrip("-–—•*· ").strip()
        if _SDG_HEAD.match(bare):
            target = sdgs
            continue
        if _GROUPS_HEAD.match(bare):
            target = groups
            continue
        if _THEMES_HEAD.match(bare):
            target = themes
            continue
        if target is sdgs:
            goal = sdg_of(bare)
            if goal:
                sdgs.append(goal)
            continue
        if bare:
            target.append(bare)
    return themes, groups, sdgs


def _read_row(texts: list[str], where: str, document: str | None,
              notes: list[str]) -> Imported | None:
    lines = clean_lines(texts[0])
    source = None
    body_lines: list[str] = []
    for line in lines:
        match = _SOURCE.search(line)
        if match:
            source = match
            before = line[:match.start()].strip()
            if before:
                body_lines.append(before)
        else:
            body_lines.append(line)
    body = " ".join(body_lines).strip()
    if not body:
        return None
    number = _NUMBER.match(body)
    if not number:
        if not source and not clean(texts[1]):
            return None  # a stray note row
        raise fail(where, "a recommendation cell must start with its number ('140.7 Ratify "
                   "…'): check the row")
    body = body[number.end():]
    parts = split_states(body)
    if not parts:
        raise fail(where, "the recommendation cell holds no text")
    states: list[str] = []
    for _, who in parts:
        states.extend(s for s in who if s not in states)
    text = "; ".join(t.strip().rstrip(";").strip() for t, _ in parts)
    if len(parts) > 1:
        notes.append(f"{number.group('number')}: {len(parts)} recommendations share this "
                     f"number; kept as one entry ({', '.join(states)})")
    if source:
        symbol = re.sub(r"\s+", "", source.group("symbol")).rstrip(".,;-")
        doc = report_symbol(symbol)
        response_source = f"{symbol}, para. {source.group('para')}"
    elif document:
        doc, response_source = document, None
    else:
        raise fail(where, "no 'Source of position: A/HRC/…' line in the recommendation cell: "
                   "give the Working Group report with --document A/HRC/NN/NN")
    response = response_of(texts[1])
    if response is None:
        notes.append(f"{number.group('number')}: position '{clean(texts[1])}' not understood: "
                     "fill in response (supported or noted)")
    return Imported(document=doc, paragraph=number.group("number"), text=end_sentence(text),
                    where=where, recommending_state=states, response=response,
                    response_source=response_source)
