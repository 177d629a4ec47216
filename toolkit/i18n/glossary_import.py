"""Merging a TBX file into a submission's glossary.yaml without losing a byte of it.

A YAML library cannot rewrite a file and keep its comments, so the import never rewrites
what the user wrote: entries the glossary does not have yet (or that differ from the base
glossary's) are *appended* to glossary.yaml under a dated comment, and the file is replaced
atomically. An entry glossary.yaml already has and the TBX file gives differently is left as
it is and reported (file:line), for the user to reconcile by hand; nothing is overwritten.
The combined file is read back before it is written: if the result would not read as the
same entries plus the new ones (a file written in a style the append cannot follow), the
import stops and writes nothing.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from toolkit.fsutil import atomic_write_bytes
from toolkit.i18n.tbx import TbxConcept, concept_entry
from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import SourcePos
from toolkit.model.languages import SOURCE_LANGUAGES
from toolkit.read.glossary import (
    BASE_GLOSSARY,
    GLOSSARY_FILE,
    GlossaryEntry,
    parse_glossary,
    read_glossary_file,
)
from toolkit.read.yaml_positions import load_yaml

__all__ = ["ImportReport", "import_concepts"]


@dataclass
class ImportReport:
    """What an import did."""

    path: Path
    added: int = 0
    same: int = 0
    skipped: int = 0  # differ from an entry of glossary.yaml: kept as the user wrote it
    warnings: Diagnostics = field(default_factory=Diagnostics)


def _same(a: GlossaryEntry, b: GlossaryEntry) -> bool:
    return a.forms == b.forms and a.forbidden == b.forbidden


def _as_yaml(entry: GlossaryEntry) -> dict[str, object]:
    item: dict[str, object] = {}
    for lang in SOURCE_LANGUAGES:
        if lang in entry.forms:
            forms = entry.forms[lang]
            item[lang] = forms[0] if len(forms) == 1 else list(forms)
    if entry.forbidden:
        item["forbidden"] = {lang: list(v) for lang, v in entry.forbidden.items()}
    if entry.note:
        item["note"] = entry.note
    if entry.source:
        item["source"] = entry.source
    if not entry.kk_checked and "kk" in entry.forms:
        item["kk_checked"] = False
    return item


def _append(text: str, items: list[dict[str, object]], origin: str) -> str:
    """``text`` with ``items`` appended as list items at the file's own indentation."""
    first = re.search(r"(?m)^([ ]*)- ", text)
    indent = first.group(1) if first else ""
    block = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=100,
                           default_flow_style=False)
    block = "".join(indent + line if line.strip() else line
                    for line in block.splitlines(keepends=True))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    head = text if not text or text.endswith("\n") else text + "\n"
    if head.strip() in ("", "[]"):
        head = "# Glossary of this submission: extends and overrides the toolkit's base " \
               "glossary.\n"
    return f"{head}\n{indent}# imported from {origin} on {stamp}\n{block}"


def _read_back(text: str, display: str) -> list[GlossaryEntry] | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / GLOSSARY_FILE
        path.write_text(text, encoding="utf-8")
        diags = Diagnostics()
        yfile = load_yaml(path, display, diags)
        if yfile is None:
            return None
        entries = parse_glossary(yfile, diags)
        return None if diags.errors else entries


def import_concepts(root: Path, concepts: list[TbxConcept], origin: str) -> ImportReport:
    """Append to ``root/glossary.yaml`` the concepts it lacks; report the ones that differ."""
    path = Path(root) / GLOSSARY_FILE
    display = str(path)
    report = ImportReport(path)
    diags = Diagnostics()
    base = {e.key: e for e in read_glossary_file(BASE_GLOSSARY, diags)}
    exists = path.is_symlink() or path.exists()
    mine_list = read_glossary_file(path, diags, Path(root)) if exists else []
    if diags.errors:
        raise UserError(diags)
    mine = {e.key: e for e in mine_list}
    text = path.read_text(encoding="utf-8-sig") if exists else ""
    new: list[dict[str, object]] = []
    taken: dict[str, int] = {}
    for concept in concepts:
        entry = concept_entry(concept)
        where = f"{origin}:{concept.line}" if concept.line else origin
        if entry.key in taken:
            report.warnings.warning(SourcePos(origin, concept.line),
                                    f"'{entry.key}' is in the file twice (first at line "
                                    f"{taken[entry.key]}): only the first is imported")
            report.skipped += 1
            continue
        taken[entry.key] = concept.line
        if entry.key in mine:
            ours = mine[entry.key]
            have = base.get(entry.key)
            effective = ours if have is None else GlossaryEntry(
                key=ours.key, forms={**have.forms, **ours.forms},
                forbidden={**have.forbidden, **ours.forbidden})
            if _same(effective, entry):
                report.same += 1
            else:
                report.skipped += 1
                report.warnings.warning(
                    ours.pos, f"'{entry.key}' differs from the entry in {where}: kept as "
                    "written here; edit it by hand if the TBX file is right")
            continue
        if entry.key in base and _same(base[entry.key], entry):
            report.same += 1
            continue
        new.append(_as_yaml(entry))
    if not new:
        return report
    combined = _append(text, new, Path(origin).name)
    entries = _read_back(combined, display)
    if entries is None or len(entries) != len(mine_list) + len(new):
        raise UserError(f"{GLOSSARY_FILE} is written in a style the import cannot add to "
                        "without rewriting it (e.g. a [flow] list): nothing was written; "
                        "write it as a list of '- en: …' items and import again",
                        SourcePos(display, 1))
    atomic_write_bytes(path, combined.encode("utf-8"))
    report.added = len(new)
    return report
