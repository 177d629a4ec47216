"""Readers of published recommendations: the OHCHR UPR matrix, concluding observations,
and CSV/XLSX exports of recommendation databases. ``read_recommendations`` detects the
format (unless told) and returns what it found; merging into previous.yaml is
:mod:`toolkit.read.recommendations.previous_file`'s job.
"""

from __future__ import annotations

import sys
from pathlib import Path

from toolkit.read.recommendations.common import (
    MAX_ENTRIES,
    MAX_INPUT_BYTES,
    ImportResult,
    NameMatcher,
    fail,
    read_capped,
)

FORMATS = ("upr-matrix", "concluding-observations", "csv", "xlsx", "toolkit-export")
MAPPINGS_FILE = Path(__file__).resolve().parents[2] / "data" / "recommendation_mappings.yaml"


def read_recommendations(source: str, fmt: str | None, *, document: str | None = None,
                         mapping: Path | None = None, themes: dict[str, str] | None = None,
                         groups: dict[str, list[str]] | None = None) -> ImportResult:
    """Read ``source`` (a path, or "-" for text on stdin) in format ``fmt`` or the detected one."""
    from toolkit.read.recommendations.tabular import load_mappings, theme_aliases

    display = "<stdin>" if source == "-" else source
    aliases = theme_aliases(MAPPINGS_FILE, str(MAPPINGS_FILE))
    if mapping is not None:  # the user's copy may name more published themes and groups
        for kind, extra in theme_aliases(mapping, str(mapping)).items():
            aliases[kind].update(extra)
    theme_matcher = NameMatcher({k: [v] for k, v in (themes or {}).items()},
                                aliases.get("themes", {}))
    group_matcher = NameMatcher(groups or {}, aliases.get("groups", {}))
    if source == "-":
        if fmt not in (None, "concluding-observations"):
            raise fail(display, f"--format {fmt} needs a file, not text on stdin")
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(raw) > MAX_INPUT_BYTES:
            raise fail(display, "the pasted text is too large")
        return _concluding_text(raw, display, document)
    path = Path(source)
    suffix = path.suffix.lower()
    fmt = fmt or {".docx": "docx", ".csv": "csv", ".json": "toolkit-export",
                  ".xlsx": "xlsx", ".xlsm": "xlsx",
                  ".txt": "concluding-observations", ".text": "concluding-observations",
                  ".md": "concluding-observations"}.get(suffix)
    if fmt is None and suffix in (".doc", ".pdf", ".rtf", ".odt", ".xls", ".ods"):
        raise fail(display, f"{suffix} files are not read: save the file as .docx (matrix, "
                   "concluding observations) or .xlsx/.csv (exports), or copy the text of "
                   "concluding observations into a .txt file")
    if fmt is None:
        raise fail(display, "cannot tell the format from the file name: give --format "
                   "upr-matrix, concluding-observations, csv, xlsx or toolkit-export")
    own = _own_export(path, display, fmt, suffix) \
        if fmt in ("toolkit-export", "csv", "xlsx") else None
    if own is not None:
        result = own
    elif fmt == "toolkit-export":
        raise fail(display, "not a recommendations export of this toolkit: give the JSON, "
                   "the *-previous-LANG.csv or the .xlsx that `toolkit export "
                   "recommendations` wrote")
    elif fmt in ("csv", "xlsx"):
        from toolkit.read.recommendations.tabular import read_tabular

        if fmt == "xlsx" and suffix not in (".xlsx", ".xlsm"):
            raise fail(display, "--format xlsx needs an .xlsx file")
        mapping_path = mapping or MAPPINGS_FILE
        mappings = load_mappings(mapping_path, str(mapping_path))
        result = read_tabular(path, display, mappings, mapping is not None, theme_matcher,
                              group_matcher, document)
    else:
        raw = read_capped(path, display)
        if raw[:2] == b"PK":  # a .docx, whatever its name says
            from toolkit.read.recommendations.docx_text import Para, header_text, read_blocks
            from toolkit.read.recommendations.upr_matrix import is_matrix, read_matrix

            blocks = read_blocks(raw, display)
            if fmt == "upr-matrix" or (fmt == "docx" and is_matrix(blocks)):
                result = read_matrix(blocks, display, theme_matcher, group_matcher, document)
            else:
                from toolkit.read.recommendations.concluding import read_concluding

                lines: list[str] = []
                for block in blocks:
                    if isinstance(block, Para):
                        lines.extend(block.text.split("\n") + [""])
                    else:  # a table in concluding observations: its cells as lines
                        for row in block:
                            lines.extend(c.text for c in row)
                result = read_concluding(lines, display, document, header_text(raw))
        elif fmt in ("upr-matrix", "docx"):
            raise fail(display, "not a Word document (.docx): the UPR matrix is read from "
                       "the .docx OHCHR publishes")
        else:
            result = _concluding_text(raw, display, document)
    if len(result.entries) > MAX_ENTRIES:
        raise fail(display, f"more than {MAX_ENTRIES} recommendations: split the file")
    return result


def _own_export(path: Path, display: str, fmt: str, suffix: str) -> ImportResult | None:
    """The toolkit's own export (JSON, CSV, or the XLSX sheet of earlier recommendations),
    recognised by its content whatever the file is called; None when it is not one."""
    from toolkit.read.recommendations.tabular import read_rows, read_sheets
    from toolkit.read.recommendations.toolkit_export import (
        own_columns,
        read_export_json,
        read_export_rows,
    )

    if suffix in (".xlsx", ".xlsm"):
        for sheet in read_sheets(path, display):  # the second sheet: earlier ones
            rows = [r for r in sheet if any(c.strip() for c in r)]
            columns = own_columns(rows[0]) if rows else None
            if columns is not None and any(
                    columns["kind"] < len(r) and r[columns["kind"]] == "earlier"
                    for r in rows[1:]):
                return read_export_rows(rows, columns, display, "XLSX")
        return None
    raw = read_capped(path, display)
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        if fmt == "csv":
            raise fail(display, "a JSON file, not CSV: leave out --format")
        return read_export_json(raw, display)
    rows = [r for r in read_rows(path, display) if any(c.strip() for c in r)]
    columns = own_columns(rows[0]) if rows else None
    return read_export_rows(rows, columns, display) if columns is not None else None


def _concluding_text(raw: bytes, display: str, document: str | None) -> ImportResult:
    from toolkit.read.recommendations.concluding import read_concluding

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(display, "the text is not UTF-8: save it as UTF-8 text") from None
    if "\x00" in text:
        raise fail(display, "not a text file: give a .docx, .txt, .csv or .xlsx")
    return read_concluding(text.splitlines(), display, document)
