"""The recommendations matrix: every recommendation as a row, for tracking tools.

The shape follows the matrices OHCHR and UPR Info use: one row per recommendation with
what it follows up, plus a second table of the earlier recommendations and the
coalition's assessment. Written from a prepared document, so numbers and labels match
the DOCX of the same language.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from toolkit.fsutil import atomic_write_bytes
from toolkit.model.document import Document, plain_text
from toolkit.pipeline import Prepared

FORMATS = ("csv", "xlsx", "json")


def matrix_rows(prepared: Prepared) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(recommendations, earlier recommendations) as lists of flat dictionaries."""
    doc: Document = prepared.document
    labels = prepared.labels
    orgs = {o.id: o.name for o in doc.meta.coalition}
    sections = {s.id: s for s in doc.sections}
    recs = []
    for rec in doc.recommendations():
        section = sections[rec.section_id]
        follows = [doc.previous[p] for p in rec.follows_up if p in doc.previous]
        recs.append({
            "number": rec.number,
            "id": rec.id or "",
            "recommendation": plain_text(rec.content).strip(),
            "section": section.label or section.id,
            "articles": ", ".join(section.articles),
            "themes": ", ".join(section.themes),
            "follows_up": "; ".join(labels.previous_ref(p.document, p.paragraph,
                                                        p.recommending_state) for p in follows),
            "sdg_targets": ", ".join(rec.sdg),
            "contributors": "; ".join(orgs.get(c, c) for c in section.contributors),
        })
    previous = []
    for prev in doc.previous.values():
        previous.append({
            "document": prev.document,
            "paragraph": prev.paragraph,
            "recommending_state": prev.recommending_state if isinstance(
                prev.recommending_state, str) else ", ".join(prev.recommending_state or []),
            "response": labels.response(prev.response),
            "theme": prev.theme or "",
            "recommendation": plain_text(prev.content).strip(),
            "assessment": labels.assessment(prev.assessment),
            "discussed_in": "; ".join(sections[s].label or s for s in prev.discussed_in),
            "followed_up_by": ", ".join(str(r.number) for r in doc.recommendations()
                                        if prev.id in r.follows_up),
        })
    return recs, previous


def _csv_bytes(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


REC_COLUMNS = ["number", "id", "recommendation", "section", "articles", "themes", "follows_up",
               "sdg_targets", "contributors"]
PREV_COLUMNS = ["document", "paragraph", "recommending_state", "response", "theme",
                "recommendation", "assessment", "discussed_in", "followed_up_by"]
WIDTHS = {"recommendation": 70, "section": 28, "follows_up": 30, "contributors": 30,
          "discussed_in": 30, "document": 20, "assessment": 20}


def _xlsx_bytes(recs: list[dict[str, Any]], previous: list[dict[str, Any]],
                headers: dict[str, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheets = [(book.active, "Recommendations", recs, REC_COLUMNS),
              (book.create_sheet(), "Earlier recommendations", previous, PREV_COLUMNS)]
    for sheet, title, rows, columns in sheets:
        sheet.title = title
        sheet.append([headers.get(c, c) for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([row[c] for c in columns])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, 14)
        for row_cells in sheet.iter_rows(min_row=1):
            for cell in row_cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.properties.creator = "shadow-report toolkit"
    book.save(buffer)
    return buffer.getvalue()


def export_recommendations(prepared: Prepared, out_dir: Path, fmt: str, slug: str) -> list[Path]:
    """Write the matrix in ``fmt``; returns the files written."""
    recs, previous = matrix_rows(prepared)
    lang = prepared.translator.lang
    base = out_dir / f"{slug}-recommendations-{lang}"
    t = prepared.translator
    headers = {"number": t._("No."), "recommendation": t._("Recommendation"),
               "section": t._("Section"), "follows_up": t._("Follows up"),
               "assessment": t._("Assessment"), "discussed_in": t._("Discussed in")}
    if fmt == "csv":
        paths = [base.with_suffix(".csv"), out_dir / f"{slug}-previous-{lang}.csv"]
        atomic_write_bytes(paths[0], _csv_bytes(recs, REC_COLUMNS))
        atomic_write_bytes(paths[1], _csv_bytes(previous, PREV_COLUMNS))
        return paths
    if fmt == "json":
        path = base.with_suffix(".json")
        data = {"language": lang, "recommendations": recs, "earlier_recommendations": previous}
        atomic_write_bytes(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
        return [path]
    path = base.with_suffix(".xlsx")
    atomic_write_bytes(path, _xlsx_bytes(recs, previous, headers))
    return [path]
