"""Merging imported recommendations into a submission's ``previous.yaml`` without loss.

The user's file is theirs: existing entries are never dropped, renumbered or re-ordered,
and their ids and assessments are never changed. New entries are appended *as text*
after the last line, so every comment and every untouched entry stays byte for byte.
An entry already present (same document and paragraph) is updated in place: only its
own lines are re-written, with the fields the import owns (text, States, response, its
source, themes, groups, SDGs, follow-up priority) and every other field as it was. When
the file changes, the previous version is kept as ``previous.yaml.bak``; both are
written atomically.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import SourcePos
from toolkit.read.recommendations.common import Imported

OWNED = ("text", "recommending_state", "response", "response_source", "themes", "groups",
         "sdg", "follow_up_priority")
ORDER = ("id", "document", "paragraph", "text", "recommending_state", "response",
         "response_source", "themes", "groups", "sdg", "follow_up_priority", "assessment")


@dataclass
class Merge:
    """The new file text and what changed, for the report."""

    text: str
    old_text: str | None
    added: list[tuple[str, Imported]] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # id, changed fields
    unchanged: int = 0
    duplicates: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != (self.old_text or "")


class _Dumper(yaml.SafeDumper):
    """Block style; several lines as a literal block; long lines folded at 90."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value.strip("\n"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value.rstrip("\n") + "\n",
                                       style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    flow = all(isinstance(v, str) and "\n" not in v for v in value) and \
        sum(len(v) + 2 for v in value) < 70
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def _key(document: object, paragraph: object) -> tuple[str, str]:
    def norm(value: object) -> str:
        return re.sub(r"\s+", "", str(value)).casefold()

    return norm(document), norm(paragraph).replace("para.", "")


def entry_fields(item: Imported) -> dict[str, Any]:
    """The fields an import writes, in the order of the format, empty ones left out."""
    states: Any = item.recommending_state
    values: dict[str, Any] = {
        "text": item.text,
        "recommending_state": (states[0] if len(states) == 1 else states) or None,
        "response": item.response,
        "response_source": item.response_source,
        "themes": item.themes or None,
        "groups": item.groups or None,
        "sdg": item.sdg or None,
        "follow_up_priority": True if item.follow_up_priority else None,
    }
    return {k: v for k, v in values.items() if v is not None}


def render(entries: list[dict[str, Any]], indent: str = "") -> str:
    text = yaml.dump(entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=90,
                     default_flow_style=False)
    return "".join(indent + line if line.strip() else line
                   for line in text.splitlines(keepends=True))


def _new_id(item: Imported, taken: set[str]) -> str:
    if item.id and item.id not in taken and re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", item.id):
        return item.id  # the toolkit's own export, re-imported
    para = re.sub(r"[^A-Za-z0-9_.-]+", "", item.paragraph.replace("(", "").replace(")", ""))
    candidates = [f"r{para}"]
    slug = re.sub(r"[^A-Za-z0-9]+", "-", item.document).strip("-").lower()
    candidates.append(f"{slug}-{para}" if slug[:1].isalpha() else f"r-{slug}-{para}")
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    n = 2
    while f"{candidates[-1]}-{n}" in taken:
        n += 1
    return f"{candidates[-1]}-{n}"


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    known = {k: entry[k] for k in ORDER if k in entry}
    return {**known, **{k: v for k, v in entry.items() if k not in known}}


def merge(path: Path, display: str, imported: list[Imported], source_name: str) -> Merge:
    """What previous.yaml becomes with ``imported`` merged in (nothing is written here)."""
    from toolkit.read.yaml_positions import load_yaml

    old_text: str | None = None
    existing: list[dict[str, Any]] = []
    item_lines: list[int] = []
    key_lines: list[dict[str, tuple[int, int]]] = []  # per entry: key → (line, column)
    if path.exists():
        diags = Diagnostics()
        yfile = load_yaml(path, display, diags)
        if yfile is None or diags.errors:
            raise UserError(diags)
        old_text = path.read_text(encoding="utf-8")
        data = yfile.data
        if data is None:
            data = []
        if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
            raise UserError(f"{display} must be a list of earlier recommendations (- id: …): "
                            "fix it before importing into it", SourcePos(display, 1, 1))
        existing = data
        item_lines = [yfile.pos((i,)).line or 1 for i in range(len(data))]
        key_lines = [{k: (yfile.pos((i, k)).line or 1, yfile.pos((i, k)).column or 1)
                      for k in entry} for i, entry in enumerate(data)]

    index_of: dict[tuple[str, str], int] = {}
    for i, entry in enumerate(existing):
        index_of.setdefault(_key(entry.get("document"), entry.get("paragraph")), i)
    taken = {str(e.get("id")) for e in existing if e.get("id") is not None}

    result = Merge(text=old_text or "", old_text=old_text)
    updates: dict[int, dict[str, Any]] = {}
    changed_fields: dict[int, list[str]] = {}
    new_entries: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for item in imported:
        key = _key(item.document, item.paragraph)
        fields = entry_fields(item)
        if key in seen:  # listed twice in the source (e.g. under two themes): join
            first = seen[key]
            for name in ("themes", "groups", "sdg"):
                joined = list(dict.fromkeys([*first.get(name, []), *fields.get(name, [])]))
                if joined:
                    first[name] = joined
            result.duplicates.append(f"{item.document} {item.paragraph}")
            continue
        if key in index_of:
            i = index_of[key]
            entry = updates.get(i, dict(existing[i]))
            changed = [name for name in OWNED
                       if _normal(entry.get(name)) != _normal(fields.get(name))
                       and not (name in ("follow_up_priority",) and not fields.get(name))]
            changed = [c for c in changed if fields.get(c) is not None]
            for name in changed:
                entry[name] = fields[name]
            seen[key] = entry
            if changed:
                updates[i] = entry
                changed_fields.setdefault(i, []).extend(changed)
                result.updated.append((str(entry.get("id")), changed))
            else:
                result.unchanged += 1
            continue
        ident = _new_id(item, taken)
        taken.add(ident)
        entry = {"id": ident, "document": item.document, "paragraph": item.paragraph,
                 **fields, "assessment": item.assessment or "no-information"}
        seen[key] = entry
        new_entries.append(entry)
        result.added.append((ident, item))

    text = old_text or ""
    lines = text.splitlines()
    content = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    block = all(n - 1 < len(lines) and re.match(r"^\s*-\s", lines[n - 1]) for n in item_lines)
    if (updates or new_entries) and (not block or (not existing and content)):
        # flow style ("[{…}]", "[]"): appended lines would not be YAML; write it out whole,
        # keeping the leading comments (the file as it was is in previous.yaml.bak)
        head = "".join(line + "\n" for line in
                       lines[:next((i for i, x in enumerate(lines) if x in content), 0)])
        merged = [_ordered(updates.get(i, e)) for i, e in enumerate(existing)]
        result.text = head + render(merged + [_ordered(e) for e in new_entries])
        return result
    if updates:
        text = _rewrite_fields(text, item_lines, key_lines, updates, changed_fields, existing)
    if new_entries:
        if text and not text.endswith("\n"):
            text += "\n"
        if not text.strip():
            text = ("# Earlier recommendations to the State (see docs/format.md, "
                    "previous.yaml).\n")
        text += (f"\n# Imported from {source_name} on {dt.date.today().isoformat()}: "
                 "assess each entry (assessment:) and link it from a section.\n")
        text += render([_ordered(e) for e in new_entries])
    result.text = text
    return result


def _normal(value: Any) -> Any:
    """A value as the file holds it: the reader keeps every scalar as the text written
    (``true`` stays "true"), so booleans compare as their YAML spelling."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _rewrite_fields(text: str, item_lines: list[int],
                    key_lines: list[dict[str, tuple[int, int]]],
                    updates: dict[int, dict[str, Any]], changed: dict[int, list[str]],
                    existing: list[dict[str, Any]]) -> str:
    """Re-write only the lines of the changed fields (a new field goes at the end of its
    entry); every other line, comment and layout of the file stays as it was."""
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []  # (start, end) 0-based line slice → new text
    for i, entry in updates.items():
        start = item_lines[i] - 1
        end = item_lines[i + 1] - 1 if i + 1 < len(item_lines) else len(lines)
        end = _trim(lines, start + 1, end)
        keys = sorted(key_lines[i].items(), key=lambda kv: kv[1])
        column = keys[0][1][1] if keys else 3
        indent = " " * (column - 1)
        appended: list[str] = []
        for name in changed[i]:
            rendered = render([{name: entry[name]}], "")[2:]  # "- name: …" → "name: …"
            rendered = "".join(indent + line if n else line for n, line in
                               enumerate(re.sub(r"^  ", "", rendered, flags=re.M)
                                         .splitlines(keepends=True)))
            if name in key_lines[i]:
                names = [k for k, _ in keys]
                at = names.index(name)
                line0 = key_lines[i][name][0] - 1
                stop = keys[at + 1][1][0] - 1 if at + 1 < len(keys) else end
                stop = _trim(lines, line0 + 1, stop)
                prefix = lines[line0][:column - 1]
                edits.append((line0, stop, prefix + rendered))
            else:
                appended.append(indent + rendered)
        if appended:
            edits.append((end, end, "".join(appended)))
    for start, stop, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if start == stop and start > 0 and not lines[start - 1].endswith("\n"):
            lines[start - 1] += "\n"
        lines[start:stop] = [new]
    return "".join(lines)


def _trim(lines: list[str], low: int, end: int) -> int:
    """Move ``end`` up past blank and comment lines (they belong to what follows)."""
    while end > low and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end
