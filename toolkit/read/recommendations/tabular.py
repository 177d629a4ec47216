"""CSV / XLSX exports of recommendation databases → recommendations, through a mapping.

Which column holds what differs between databases and changes with their versions, so
the columns are not hard-coded: a mapping (toolkit/data/recommendation_mappings.yaml, or
the user's own with --mapping) lists each field's possible column names. A mapping whose
``detect`` columns are all present is chosen; the user can force one.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import yaml

from toolkit.model.diagnostics import UserError
from toolkit.read.recommendations.common import (
    MAX_ENTRIES,
    Imported,
    ImportResult,
    NameMatcher,
    check_zip,
    clean,
    end_sentence,
    fail,
    read_capped,
    report_symbol,
    response_of,
    sdg_of,
)

FIELDS = ("text", "paragraph", "document", "recommending_state", "state_under_review",
          "session", "cycle", "response", "themes", "groups", "sdg")
MAX_ROWS = 100_000
MAX_COLUMNS = 200


def _key(name: object) -> str:
    return re.sub(r"[^\w]+", " ", clean(str(name or "")).casefold()).strip()


def load_mappings(path: Path, display: str) -> dict[str, dict[str, Any]]:
    """The named mappings of a mapping file (shipped or the user's), checked for shape."""
    raw = read_capped(path, display)
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise fail(display, f"the mapping file is not valid YAML: {exc}") from None
    if isinstance(data, dict) and "columns" in data:  # one bare mapping
        data = {"mappings": {path.stem: data}}
    mappings = data.get("mappings") if isinstance(data, dict) else None
    if not isinstance(mappings, dict) or not mappings:
        raise fail(display, "a mapping file holds 'mappings:' with named mappings, each with "
                   "'columns:' (see toolkit/data/recommendation_mappings.yaml)")
    for name, mapping in mappings.items():
        columns = mapping.get("columns") if isinstance(mapping, dict) else None
        if not isinstance(columns, dict) or "text" not in columns:
            raise fail(display, f"mapping '{name}' needs 'columns:' with at least 'text:'")
        unknown = set(columns) - set(FIELDS)
        if unknown:
            raise fail(display, f"mapping '{name}': unknown field(s) {', '.join(sorted(unknown))}"
                       f"; fields are {', '.join(FIELDS)}")
        detect = mapping.get("detect") or []
        if not isinstance(detect, list) or set(map(str, detect)) - set(FIELDS):
            raise fail(display, f"mapping '{name}': detect: lists field names "
                       f"({', '.join(FIELDS)})")
        for field_name, names in columns.items():
            if isinstance(names, str):
                columns[field_name] = [names]
            elif not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise fail(display, f"mapping '{name}', {field_name}: give a list of column names")
    return mappings


def theme_aliases(path: Path, display: str) -> dict[str, dict[str, str]]:
    """Published theme and group names that differ from the catalogues' ones."""
    try:
        data = yaml.safe_load(read_capped(path, display).decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise fail(display, f"the mapping file is not valid YAML: {exc}") from None
    data = data if isinstance(data, dict) else {}
    return {kind: {str(k): str(v) for k, v in (data.get(f"{kind[:-1]}_aliases") or {}).items()}
            for kind in ("themes", "groups")}


def read_rows(path: Path, display: str) -> list[list[str]]:
    """The cells of a .csv (UTF-8, UTF-16 or Windows-1252; , ; or tab) or the first sheet of
    an .xlsx, as text."""
    data = read_capped(path, display)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(data, display)
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = data.decode(encoding)
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise fail(display, "cannot decode the CSV: save it as UTF-8")
    if "\x00" in text:
        raise fail(display, "not a text CSV file: export it again as CSV (UTF-8)")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS:
                raise fail(display, f"more than {MAX_ROWS} rows: not a recommendations export")
    except csv.Error as exc:
        raise fail(display, f"not a readable CSV file ({exc}): export it again as CSV") from None
    return rows


def _xlsx_rows(data: bytes, display: str) -> list[list[str]]:
    return xlsx_sheets(data, display, first_only=True)[0]


def read_sheets(path: Path, display: str) -> list[list[list[str]]]:
    """Every sheet of an .xlsx as rows of text (the toolkit's own export has two)."""
    return xlsx_sheets(read_capped(path, display), display, first_only=False)


def xlsx_sheets(data: bytes, display: str, *, first_only: bool) -> list[list[list[str]]]:
    import openpyxl

    check_zip(data, display, ".xlsx")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on broken packages
        raise fail(display, f"not a readable Excel workbook (.xlsx): {type(exc).__name__}; "
                   "save it again from Excel or LibreOffice") from None
    sheets: list[list[list[str]]] = []
    try:
        total = 0
        for sheet in book.worksheets[:1] if first_only else book.worksheets[:20]:
            rows: list[list[str]] = []
            for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                rows.append(["" if v is None else str(v) for v in values])
                total += 1
                if total > MAX_ROWS:
                    raise fail(display, f"more than {MAX_ROWS} rows: not a recommendations "
                               "export")
            sheets.append(rows)
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet's XML can be broken in many ways
        raise fail(display, f"the workbook's first sheet cannot be read: {type(exc).__name__}; "
                   "save it again from Excel or LibreOffice") from None
    finally:
        book.close()
    return sheets or [[]]


def choose_mapping(header: list[str], mappings: dict[str, dict[str, Any]], display: str,
                   forced: bool) -> tuple[str, dict[str, int]]:
    """The mapping that fits the header, and each field's column index."""
    keys = [_key(h) for h in header]
    best: tuple[int, str, dict[str, int]] | None = None
    for name, mapping in mappings.items():
        found: dict[str, int] = {}
        for field_name, names in mapping["columns"].items():
            for candidate in names:
                if _key(candidate) in keys:
                    found[field_name] = keys.index(_key(candidate))
                    break
        detect = mapping.get("detect") or ["text"]
        fits = "text" in found and all(d in found for d in detect)
        if (fits or (forced and "text" in found)) and (best is None or len(found) > best[0]):
            best = (len(found), name, found)
    if best is None:
        shown = ", ".join(h for h in header if h.strip()) or "(empty)"
        raise fail(display, f"no column mapping fits this table's columns ({shown}): copy "
                   "toolkit/data/recommendation_mappings.yaml, name your columns there and "
                   "pass it with --mapping FILE")
    return best[1], best[2]


def read_tabular(path: Path, display: str, mappings: dict[str, dict[str, Any]], forced: bool,
                 themes: NameMatcher, groups: NameMatcher,
                 document: str | None) -> ImportResult:
    rows = [r for r in read_rows(path, display) if any(clean(c) for c in r)]
    if len(rows) < 2:
        raise fail(display, "the table has no rows below its header")
    name, columns = choose_mapping(rows[0], mappings, display, forced)
    mapping = mappings[name]
    separator = str(mapping.get("list_separator") or ";")
    result = ImportResult(format=f"table with mapping '{name}'", entries=[])
    result.notes.append("columns: " + ", ".join(f"{f} ← '{rows[0][i]}'"
                                                 for f, i in columns.items()))
    unmatched: set[str] = set()

    def cell(row: list[str], field_name: str) -> str:
        index = columns.get(field_name)
        return clean(row[index]) if index is not None and index < len(row) else ""

    def listed(row: list[str], field_name: str) -> list[str]:
        index = columns.get(field_name)
        raw = row[index] if index is not None and index < len(row) else ""
        parts = re.split(r"[\r\n]+|" + re.escape(separator), raw)
        return [clean(p).lstrip("-–•* ").strip() for p in parts if clean(p).strip("-–•* ")]

    for number, row in enumerate(rows[1:], start=2):
        where = f"{display}, row {number}"
        text = cell(row, "text")
        if not text:
            continue
        paragraph = cell(row, "paragraph")
        lead = re.match(r"^(\d{1,3}\.\d{1,3})\.?\s+", text)
        if lead:  # "136.12 Ratify …": the number written into the text
            paragraph = paragraph or lead.group(1)
            text = text[lead.end():]
        paragraph = re.sub(r"^(?:para(?:graph)?\.?\s*)", "", paragraph, flags=re.I)
        if re.fullmatch(r"\d+\.0", paragraph):  # a spreadsheet turned "136" into 136.0
            paragraph = paragraph[:-2]
        doc = report_symbol(cell(row, "document")) if cell(row, "document") else document
        if not paragraph or not doc:
            missing = "paragraph number" if not paragraph else "document symbol"
            raise fail(where, f"no {missing} for this recommendation: map the column in "
                       "--mapping" + ("" if paragraph else " or give --document A/HRC/…"))
        states = listed(row, "recommending_state")
        text = re.sub(r"\s*\((?:[^()]|\([^()]*\))*\)\s*;?\s*$", "", text) \
            if states and text.rstrip(" ;").endswith(")") else text
        entry = Imported(document=doc, paragraph=paragraph, text=end_sentence(text),
                         where=where, recommending_state=states,
                         response=response_of(cell(row, "response")))
        entry.themes, missing_names = themes.ids_or_names(listed(row, "themes"))
        unmatched.update(missing_names)
        entry.groups, missing_names = groups.ids_or_names(listed(row, "groups"))
        entry.sdg = list(dict.fromkeys(s for s in map(sdg_of, listed(row, "sdg")) if s))
        result.entries.append(entry)
        if len(result.entries) > MAX_ENTRIES:
            raise fail(display, f"more than {MAX_ENTRIES} recommendations: split the export")
    if not result.entries:
        raise fail(display, "no row has a recommendation text")
    if unmatched:
        result.notes.append("themes kept as published (no toolkit theme id matches): "
                            + "; ".join(sorted(unmatched)))
    return result
