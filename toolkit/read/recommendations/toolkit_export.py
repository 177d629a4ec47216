"""The toolkit's own recommendations export (JSON, the earlier-recommendations CSV or the
XLSX's second sheet) →
recommendations, so that an export re-imported gives the same previous.yaml.

The export names every field (docs/export.md): ids, codes and names sit side by side, so
nothing is guessed here — the codes are read (response, theme and group ids, State
codes), the names in the build language only where a code is missing. The CSV headers
are in the language the export was built in; they are recognised in every language the
toolkit speaks.
"""

from __future__ import annotations

import json
from typing import Any

from toolkit.read.recommendations.common import (
    MAX_ENTRIES,
    Imported,
    ImportResult,
    clean,
    fail,
)

_REQUIRED = ("kind", "document", "paragraph", "text")
_ASSESSMENTS = ("implemented", "partially-implemented", "not-implemented", "no-information")
_RESPONSES = ("supported", "noted")


def _header_fields() -> dict[str, str]:
    """Every header the export writes, in every language → its field name."""
    from toolkit.i18n.messages import get_translator
    from toolkit.write.matrix import FIELDS, column_headers

    known: dict[str, str] = {f: f for f in FIELDS}  # stable names are accepted too
    for lang in ("en", "ru", "kk", "kk-Latn"):
        for name, header in column_headers(get_translator(lang)).items():
            known.setdefault(clean(header).casefold(), name)
    return known


def own_columns(header: list[str]) -> dict[str, int] | None:
    """Each field's column when ``header`` is the export's header row, else None."""
    known = _header_fields()
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = known.get(clean(cell).casefold())
        if name is not None and name not in found:
            found[name] = index
    return found if all(f in found for f in _REQUIRED) else None


def read_export_json(raw: bytes, display: str) -> ImportResult:
    from toolkit.write.matrix import FORMAT_NAME

    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise fail(display, f"not valid JSON ({reason}): give the file that `toolkit export "
                   "recommendations --format json` wrote") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise fail(display, "not a recommendations export of this toolkit (no "
                   f"\"format\": \"{FORMAT_NAME}\"): use --format csv with --mapping for "
                   "other JSON converted to CSV")
    rows = data.get("earlier_recommendations")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise fail(display, "earlier_recommendations must be a list of objects")
    return _entries([(f"{display}, earlier_recommendations[{i}]", row)
                     for i, row in enumerate(rows)], display, "toolkit export (JSON)")


def read_export_rows(rows: list[list[str]], columns: dict[str, int], display: str,
                     kind: str = "CSV") -> ImportResult:
    """The rows of an exported CSV (or XLSX sheet) whose header gave ``columns``."""
    from toolkit.write.matrix import LIST_FIELDS, LIST_SEPARATOR

    records = []
    for number, row in enumerate(rows[1:], start=2):
        record: dict[str, Any] = {}
        for name, index in columns.items():
            value = row[index] if index < len(row) else ""
            if name in LIST_FIELDS:
                record[name] = [clean(v) for v in value.split(LIST_SEPARATOR.strip())
                                if clean(v)]
            else:
                record[name] = clean(value) or None
        records.append((f"{display}, row {number}", record))
    return _entries(records, display, f"toolkit export ({kind})")


def _entries(records: list[tuple[str, dict[str, Any]]], display: str,
             fmt: str) -> ImportResult:
    from toolkit.model.states import StateTable

    states = StateTable.load()
    result = ImportResult(format=fmt, entries=[])
    coalition = 0
    for where, row in records:
        kind = row.get("kind")
        if kind == "coalition":
            coalition += 1
            continue
        if kind != "earlier":
            raise fail(where, f"kind must be 'earlier' or 'coalition', not {kind!r}")
        text = _text(row.get("text"))
        document, paragraph = _text(row.get("document")), _text(row.get("paragraph"))
        if not text or not document or not paragraph:
            raise fail(where, "an earlier recommendation needs its text, document and "
                       "paragraph: export it again from the submission")
        response = _text(row.get("response"))
        if response is not None and response not in _RESPONSES:
            raise fail(where, f"response must be supported or noted, not '{response}'")
        assessment = _text(row.get("assessment"))
        if assessment is not None and assessment not in _ASSESSMENTS:
            raise fail(where, f"assessment must be one of {', '.join(_ASSESSMENTS)}, "
                       f"not '{assessment}'")
        codes = _list(row.get("recommending_state_codes"))
        names = _list(row.get("recommending_states"))
        recommending: list[str] = []
        for i in range(max(len(codes), len(names))):
            state = states.get(codes[i]) if i < len(codes) and codes[i] else None
            name = state.names["en"].short if state else (names[i] if i < len(names) else "")
            if name and name not in recommending:
                recommending.append(name)
        priority = row.get("follow_up_priority")
        result.entries.append(Imported(
            document=document, paragraph=paragraph, text=text, where=where,
            recommending_state=recommending, response=response,
            response_source=_text(row.get("response_source")),
            themes=_list(row.get("themes")), groups=_list(row.get("groups")),
            sdg=_list(row.get("sdg")),
            follow_up_priority=priority is True or str(priority).casefold() == "true",
            id=_text(row.get("id")), assessment=assessment))
        if len(result.entries) > MAX_ENTRIES:
            raise fail(display, f"more than {MAX_ENTRIES} recommendations: split the file")
    if not result.entries:
        what = " (it holds only the coalition's own recommendations: import the " \
            "earlier-recommendations file, *-previous-LANG.csv)" if coalition else ""
        raise fail(display, "no earlier recommendation in this export" + what)
    if coalition:
        result.notes.append(f"{coalition} coalition recommendation(s) skipped: previous.yaml "
                            "holds the earlier ones only")
    return result


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = clean(str(value))
    return text or None


def _list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [t for t in (clean(str(v)) for v in value) if t]
    return [t for t in (clean(v) for v in str(value).split(";")) if t]
