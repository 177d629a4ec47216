"""Word files laid out like OHCHR's UPR matrices and treaty bodies' concluding observations.

Built with python-docx the way Word saves them: the theme row is one merged cell
(w:gridSpan), a cell's lines are sometimes soft line breaks (w:br) and sometimes separate
paragraphs, no-break spaces sit around dashes and before "Para", the header row repeats
on every page (w:tblHeader), recommendations end with ';'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

NBSP = "\u00a0"
HEADER_4 = ["Recommendation and recommending State", "Position of the State under review",
            "Human rights themes and groups of persons", "Relevant SDGs"]
HEADER_3 = ["Recommendation", "Position", "Full list of themes",
            "Assessment/comments on level of implementation"]


@dataclass
class MatrixRow:
    number: str
    parts: list[tuple[str, str]]  # (text, "(State)" or "(State) (State)" or "(A, B)")
    source: str  # "A/HRC/43/10 - Para 136"
    position: str
    themes: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    sdgs: list[str] = field(default_factory=list)  # "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"
    soft_breaks: bool = True


def _lines(cell: object, lines: list[str], soft: bool) -> None:
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    if soft:
        for i, line in enumerate(lines):
            run = first.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
    else:
        first.add_run(lines[0] if lines else "")
        for line in lines[1:]:
            cell.add_paragraph(line)  # type: ignore[attr-defined]


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def build_matrix(path: Path, layout: str, theme_rows: list[tuple[str, list[MatrixRow]]],
                 title: str = "Thematic list of recommendations") -> Path:
    """``layout``: 'cycle4', 'cycle3' or 'cycle2'."""
    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph("Kazakhstan" + NBSP + "– UPR")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    header = HEADER_4 if layout == "cycle4" else HEADER_3
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    _repeat_header(table.rows[0])
    for theme, rows in theme_rows:
        if theme:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[3])
            merged.text = f"Theme:{NBSP}{theme}"
        for rec in rows:
            cells = table.add_row().cells
            body = " ".join(f"{text} {states};" for text, states in rec.parts)
            source = rec.source.replace(" - ", f"{NBSP}-{NBSP}")
            word = "position" if layout == "cycle2" else "Position"
            _lines(cells[0], [f"{rec.number} {body}", f"Source of {word}: {source}"],
                   rec.soft_breaks)
            cells[1].text = rec.position
            if layout == "cycle4":
                lines = [f"- {t}" for t in rec.themes]
                if rec.groups:
                    lines += ["Groups of Persons:"] + [f"- {g}" for g in rec.groups]
                _lines(cells[2], lines, rec.soft_breaks)
                _lines(cells[3], [f"- {s}" for s in rec.sdgs], rec.soft_breaks)
            else:
                lines = [f"- {t}" for t in rec.themes]
                if rec.sdgs and layout == "cycle3":
                    lines += ["SDGs:"] + [f"- {s}" for s in rec.sdgs]
                if rec.groups:
                    lines += ["Affected persons:"] + [f"- {g}" for g in rec.groups]
                _lines(cells[2], lines, rec.soft_breaks)
                cells[3].text = ""
    document.save(str(path))
    return path


def build_paragraphs(path: Path, paragraphs: list[str], *, numbering: bool = False) -> Path:
    """A .docx of body paragraphs; with ``numbering`` the "12." prefixes become automatic
    numbers (w:numPr) as in Word, lettered lines "(a) …" a second level."""
    document = docx.Document()
    for text in paragraphs:
        para = document.add_paragraph()
        import re

        numbered = re.match(r"^(\d+)\.\s+(.*)$", text, re.S)
        lettered = re.match(r"^\([a-zа-я]\)\s+(.*)$", text, re.S)
        if numbering and (numbered or lettered):
            p_pr = para._p.get_or_add_pPr()
            num_pr = OxmlElement("w:numPr")
            level = OxmlElement("w:ilvl")
            level.set(qn("w:val"), "0" if numbered else "1")
            num_id = OxmlElement("w:numId")
            num_id.set(qn("w:val"), "7")
            num_pr.append(level)
            num_pr.append(num_id)
            p_pr.append(num_pr)
            text = (numbered or lettered).group(2 if numbered else 1)  # type: ignore[union-attr]
        para.add_run(text.replace(" ", NBSP, 1) if text[:3].strip().isdigit() else text)
    document.save(str(path))
    return path


EXAMPLE_PREVIOUS = Path(__file__).resolve().parents[1] / "submissions" / "kaz-upr-2024" / \
    "previous.yaml"
KAZ_MATRIX = Path(__file__).resolve().parent / "fixtures" / "recommendations" / \
    "kaz-upr3-matrix.docx"
_SDG_OF_THEME = {"death-penalty": ["16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"],
                 "domestic-violence": ["5 - GENDER EQUALITY",
                                       "16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"]}
_GROUPS_OF_THEME = {"domestic-violence": ["women & girls"], "journalists": ["media"],
                    "civil-society-space": ["civil society"]}


def build_kaz_upr_matrix(path: Path = KAZ_MATRIX) -> Path:
    """The 3rd-cycle matrix of the UPR example's own earlier recommendations."""
    import yaml

    from toolkit.model.mechanisms import load_themes

    themes = load_themes()
    entries = yaml.safe_load(EXAMPLE_PREVIOUS.read_text(encoding="utf-8"))
    by_theme: dict[str, list[MatrixRow]] = {}
    for n, entry in enumerate(entries):
        supported = entry["response"] == "supported"
        theme = entry["theme"]
        by_theme.setdefault(themes[theme], []).append(MatrixRow(
            number=entry["paragraph"],
            parts=[(" ".join(entry["text"].split()).rstrip("."),
                    f"({entry['recommending_state']})")],
            source="A/HRC/43/10 - Para 136" if supported else "A/HRC/43/10/Add.1 - Para 3",
            position="Supported" if supported else "Noted",
            themes=[themes[theme]],
            groups=_GROUPS_OF_THEME.get(theme, []),
            sdgs=_SDG_OF_THEME.get(theme, ["16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"]),
            soft_breaks=n % 2 == 0,
        ))
    return build_matrix(path, "cycle3", list(by_theme.items()),
                        title="UPR of Kazakhstan (3rd Cycle - 34th session) "
                        "Thematic list of recommendations")
