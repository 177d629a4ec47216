"""The recommendations export: every recommendation as a row, for tracking tools.

Trackers (the Universal Human Rights Index, UPR Info's database, the SDG–Human Rights
Data Explorer, national recommendation tracking databases) speak the same handful of
fields: State under review, mechanism, cycle and session, document symbol and paragraph,
recommending States, response, themes, groups of persons, SDGs, assessment. Both tables —
the coalition's recommendations and the earlier ones they follow up — carry the same
fields (one row shape, ``kind`` tells them apart), so one schema describes the export
(``toolkit/data/schemas/recommendations-export.schema.json``, see docs/export.md).

JSON keeps the stable field names and real lists; CSV and XLSX show the same fields
under headers in the build language (the toolkit's gettext), lists joined with "; ".
Codes (response, assessment, theme and group ids, State codes) sit beside the names in
the build language, so ``toolkit import recommendations`` can read the export back.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.fsutil import atomic_write_bytes, write_files
from toolkit.model.document import Document, plain_text
from toolkit.pipeline import Prepared

if TYPE_CHECKING:
    from toolkit.i18n.messages import Translator

FORMATS = ("csv", "xlsx", "json")
#: Marks the JSON as this toolkit's export (the importer recognises it by this).
FORMAT_NAME = "shadow-report-toolkit/recommendations-export"
FORMAT_VERSION = 1
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "data" / "schemas" / \
    "recommendations-export.schema.json"
LIST_SEPARATOR = "; "

#: Every field of a row, in column order. Lists are JSON arrays (joined in CSV/XLSX).
FIELDS = ("kind", "state_under_review", "state_under_review_name", "mechanism",
          "mechanism_name", "cycle", "session", "id", "number", "document", "paragraph",
          "text", "section", "articles", "recommending_state_codes", "recommending_states",
          "response", "response_label", "response_source", "themes", "theme_names", "groups",
          "group_names", "sdg", "sdg_goals", "sdg_titles", "assessment", "assessment_label",
          "follow_up_priority", "follows_up", "follows_up_refs", "followed_up_by",
          "followed_up_by_refs", "discussed_in", "contributors")
LIST_FIELDS = frozenset({"articles", "recommending_state_codes", "recommending_states",
                         "themes", "theme_names", "groups", "group_names", "sdg", "sdg_goals",
                         "sdg_titles", "follows_up", "follows_up_refs", "followed_up_by",
                         "followed_up_by_refs", "discussed_in", "contributors"})
WIDTHS = {"text": 70, "section": 28, "follows_up_refs": 30, "followed_up_by_refs": 30,
          "contributors": 30, "discussed_in": 30, "document": 20, "assessment_label": 20,
          "theme_names": 30, "group_names": 24, "sdg_titles": 40, "recommending_states": 24,
          "response_source": 24, "mechanism_name": 28}


def column_headers(t: Translator) -> dict[str, str]:
    """Each field's column header in ``t``'s language (CSV and XLSX); also what the
    importer recognises an export by, in every language the toolkit speaks."""
    return {
        "kind": t._("Kind of recommendation"),
        "state_under_review": t._("State under review (code)"),
        "state_under_review_name": t._("State under review"),
        "mechanism": t._("Mechanism (code)"),
        "mechanism_name": t._("Mechanism"),
        "cycle": t._("Cycle"),
        "session": t._("Session"),
        "id": t._("Identifier"),
        "number": t._("No."),
        "document": t._("Document symbol"),
        "paragraph": t._("Paragraph"),
        "text": t._("Recommendation"),
        "section": t._("Section"),
        "articles": t._("Articles"),
        "recommending_state_codes": t._("Recommending States (codes)"),
        "recommending_states": t._("Recommending States"),
        "response": t._("Response (code)"),
        "response_label": t._("Response"),
        "response_source": t._("Source of the response"),
        "themes": t._("Themes (ids)"),
        "theme_names": t._("Themes"),
        "groups": t._("Groups of persons (ids)"),
        "group_names": t._("Groups of persons"),
        "sdg": t._("SDG goals and targets"),
        "sdg_goals": t._("SDG goals"),
        "sdg_titles": t._("SDG titles"),
        "assessment": t._("Assessment (code)"),
        "assessment_label": t._("Assessment"),
        "follow_up_priority": t._("Follow-up priority"),
        "follows_up": t._("Follows up (ids)"),
        "follows_up_refs": t._("Follows up"),
        "followed_up_by": t._("Followed up by (numbers)"),
        "followed_up_by_refs": t._("Followed up by"),
        "discussed_in": t._("Discussed in"),
        "contributors": t._("Contributors"),
    }


def sheet_titles(t: Translator) -> tuple[str, str]:
    return t._("Recommendations"), t._("Earlier recommendations")


# ---- cycle and session ---------------------------------------------------------------------

def upr_cycle(session: int | None) -> int | None:
    """The UPR cycle of a Working Group session: 1–12 the first, then 14 sessions a cycle
    (13–26 second, 27–40 third, 41–54 fourth)."""
    if session is None or session < 1:
        return None
    return 1 if session <= 12 else 2 + (session - 13) // 14


def _report_cycle(symbol: str | None) -> int | None:
    """A treaty body's reporting cycle from a symbol: the report number ("CCPR/C/KAZ/2",
    "CCPR/C/KAZ/CO/2" → 2; combined "CRC/C/KAZ/CO/5-6" → 6)."""
    match = re.search(r"/(?:CO/|QPR/|Q/)?(\d+)(?:-(\d+))?(?:/(?:Add|Corr|Rev)\.\d+)*$",
                      symbol or "")
    return int(match.group(2) or match.group(1)) if match else None


# ---- rows ----------------------------------------------------------------------------------

def matrix_rows(prepared: Prepared, themes: dict[str, str] | None = None,
                groups: dict[str, dict[str, str]] | None = None,
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the coalition's recommendations, the earlier ones) as rows of :data:`FIELDS`."""
    from toolkit.model.mechanisms import load_mechanism
    from toolkit.read.catalogues import load_groups, load_sdg

    doc: Document = prepared.document
    labels = prepared.labels
    t = prepared.translator
    lang = t.lang.split("-")[0]
    meta = doc.meta
    themes = themes or {}
    groups = groups if groups is not None else load_groups()
    sdg = load_sdg()
    mechanism = load_mechanism(meta.mechanism)
    orgs = {o.id: o.name for o in meta.coalition}
    sections = {s.id: s for s in doc.sections}
    recommendations = list(doc.recommendations())
    is_upr = meta.mechanism == "upr"
    if is_upr:
        cycle = upr_cycle(meta.review.session)
        earlier_cycle = cycle - 1 if cycle and cycle > 1 else None
    else:
        cycle = _report_cycle(meta.review.state_report or meta.review.list_of_issues)
        earlier_cycle = None
    context = {
        "state_under_review": meta.state,
        "state_under_review_name": labels.state_name(meta.state),
        "mechanism": meta.mechanism,
        "mechanism_name": t._(mechanism.committee),
    }

    def theme_names(ids: list[str]) -> list[str]:
        return [labels.theme_name(i, themes) for i in ids]

    def group_names(ids: list[str]) -> list[str]:
        return [t.script(groups[g].get(lang) or groups[g]["en"]) if g in groups else g
                for g in ids]

    def sdg_fields(codes: list[str]) -> dict[str, list[str]]:
        goals = list(dict.fromkeys(c.split(".")[0] for c in codes))
        titles = []
        for code in codes:
            entry = sdg.get(code)
            title = (entry.titles.get(lang) or entry.titles.get("en")) if entry else None
            titles.append(f"{code} {t.script(title)}" if title else code)
        return {"sdg": list(codes), "sdg_goals": goals, "sdg_titles": titles}

    def section_name(section_id: str) -> str:
        section = sections.get(section_id)
        return (section.label or section.id) if section else section_id

    recs = []
    for rec in recommendations:
        section = sections[rec.section_id]
        follows = [doc.previous[p] for p in rec.follows_up if p in doc.previous]
        recs.append({
            **_empty(), **context, "kind": "coalition",
            "cycle": cycle, "session": meta.review.session,
            "id": rec.id, "number": rec.number,
            "text": plain_text(rec.content).strip(),
            "section": section_name(section.id),
            "articles": list(section.articles),
            "themes": list(section.themes), "theme_names": theme_names(section.themes),
            **sdg_fields(rec.sdg),
            "follows_up": [p.id for p in follows],
            "follows_up_refs": [labels.previous_ref(p.document, p.paragraph,
                                                    p.recommending_state) for p in follows],
            "contributors": [orgs.get(c, c) for c in section.contributors],
        })
    previous = []
    for prev in doc.previous.values():
        states = [prev.recommending_state] if isinstance(prev.recommending_state, str) \
            else list(prev.recommending_state or [])
        found = [labels.states.find(s) for s in states]
        theme_ids = list(prev.themes) or ([prev.theme] if prev.theme else [])
        followers = [r for r in recommendations if prev.id in r.follows_up]
        previous.append({
            **_empty(), **context, "kind": "earlier",
            "cycle": earlier_cycle if is_upr else _report_cycle(prev.document),
            "id": prev.id, "document": prev.document, "paragraph": prev.paragraph,
            "text": plain_text(prev.content).strip(),
            "recommending_state_codes": [s.code if s else "" for s in found],
            "recommending_states": [labels.country_name(s) for s in states],
            "response": prev.response, "response_label": labels.response(prev.response) or None,
            "response_source": prev.response_source,
            "themes": theme_ids, "theme_names": theme_names(theme_ids),
            "groups": list(prev.groups), "group_names": group_names(prev.groups),
            **sdg_fields(prev.sdg),
            "assessment": prev.assessment, "assessment_label": labels.assessment(prev.assessment),
            "follow_up_priority": prev.follow_up_priority,
            "followed_up_by": [r.number for r in followers],
            "followed_up_by_refs": [t._("Recommendation %(number)s") % {"number": r.number}
                                    for r in followers],
            "discussed_in": [section_name(s) for s in prev.discussed_in],
        })
    return recs, previous


def _empty() -> dict[str, Any]:
    return {name: [] if name in LIST_FIELDS else None for name in FIELDS}


# ---- writers -------------------------------------------------------------------------------

def _cell(value: Any) -> Any:
    """A value as a CSV/XLSX cell: lists joined, booleans as the words true/false."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _csv_bytes(rows: list[dict[str, Any]], headers: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([headers[f] for f in FIELDS])
    for row in rows:
        writer.writerow([_cell(row[f]) for f in FIELDS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def _xlsx_bytes(recs: list[dict[str, Any]], previous: list[dict[str, Any]],
                headers: dict[str, str], titles: tuple[str, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheets = [(book.active, titles[0], recs), (book.create_sheet(), titles[1], previous)]
    for sheet, title, rows in sheets:
        sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31]  # Excel's sheet-name rules
        sheet.append([headers[f] for f in FIELDS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(row[f]) for f in FIELDS])
        for index, name in enumerate(FIELDS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 14)
        for row_cells in sheet.iter_rows(min_row=1):
            for cell in row_cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    book.properties.creator = "shadow-report toolkit"
    book.save(buffer)
    return buffer.getvalue()


def export_document(prepared: Prepared, recs: list[dict[str, Any]],
                    previous: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON export as a mapping (what the schema describes)."""
    meta = prepared.document.meta
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION,
            "language": prepared.translator.lang, "submission": meta.slug,
            "state_under_review": meta.state, "mechanism": meta.mechanism,
            "recommendations": recs, "earlier_recommendations": previous}


def export_recommendations(prepared: Prepared, out_dir: Path, fmt: str, slug: str, *,
                           themes: dict[str, str] | None = None,
                           groups: dict[str, dict[str, str]] | None = None) -> list[Path]:
    """Write the export in ``fmt``; returns the files written."""
    recs, previous = matrix_rows(prepared, themes, groups)
    lang = prepared.translator.lang
    base = out_dir / f"{slug}-recommendations-{lang}"
    headers = column_headers(prepared.translator)
    if fmt == "csv":
        paths = [base.with_suffix(".csv"), out_dir / f"{slug}-previous-{lang}.csv"]
        write_files([(paths[0], _csv_bytes(recs, headers)),  # both or neither
                     (paths[1], _csv_bytes(previous, headers))])
        return paths
    if fmt == "json":
        path = base.with_suffix(".json")
        data = export_document(prepared, recs, previous)
        atomic_write_bytes(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
        return [path]
    path = base.with_suffix(".xlsx")
    atomic_write_bytes(path, _xlsx_bytes(recs, previous, headers,
                                         sheet_titles(prepared.translator)))
    return [path]
