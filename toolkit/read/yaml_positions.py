"""Safe YAML loading that remembers where every value came from.

PyYAML's ``safe_load`` forgets line numbers, silently keeps the last of two duplicate
keys and is slow in pure Python. Here we *compose* the node tree with the C loader when it
is available, build plain Python values ourselves, and record the position of every
mapping key and sequence item so later stages can say ``file:line:column``.

Every scalar is read as the text the user wrote: the loader has no implicit resolvers, so
YAML 1.1's guesses (``010`` → 8, ``136.10`` → 136.1, ``1:30`` → 90, ``yes`` → True,
``on:`` → a True key) never happen; the pydantic schema turns text into whole numbers, dates
and true/false where a field means one. Only an empty value (``key:``, ``~``, ``null``) is
read as "no value".

Before composing, one streaming pass over the parser's events refuses what a submission
never needs and an attacker could abuse: aliases (``*name``: the "billion laughs" bomb and
self-referencing values), tags other than the plain YAML types (``!!python/object…``), and
nesting deeper than :data:`MAX_DEPTH` (the C composer recurses and would crash).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from toolkit.model.diagnostics import Diagnostics
from toolkit.model.document import SourcePos
from toolkit.read.yaml_errors import diagnose

try:  # the C parser is ~10x faster on real reports
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_C_READER = _SafeLoader.__name__.startswith("C")  # counts bytes, not characters


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader without implicit resolvers: every untagged scalar is a string."""

    yaml_implicit_resolvers: dict[str, list[Any]] = {}


Path_ = tuple[str | int, ...]

MAX_DEPTH = 40  # lists and mappings inside each other; real files use fewer than 10

_CORE = "tag:yaml.org,2002:"
_NO_VALUE = frozenset(["", "~", "null", "Null", "NULL"])  # plain (unquoted) only
_PLAIN_TAGS = frozenset(
    [_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")]
    + ["!"]
)


@dataclass
class YamlFile:
    """Plain data from one YAML file plus the position of every key and item."""

    file: str  # as shown in messages (relative to the submission)
    data: Any
    positions: dict[Path_, SourcePos] = field(default_factory=dict)
    # where each string value's text is written: (first line, first column, last line,
    # block) — 1-based; ``block`` when the text starts on the line after a > or | header
    spans: dict[Path_, tuple[int, int, int, bool]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    # unquoted values followed by " # …" on their last line: where the comment starts
    comments: dict[Path_, SourcePos] = field(default_factory=dict)

    def pos(self, path: Path_) -> SourcePos:
        """The position of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), SourcePos(self.file, 1, 1))

    def locate(self, path: Path_, offset: int, text: str) -> SourcePos:
        """The line and column of character ``offset`` of the string value at ``path``.

        Folding (``>``, plain and quoted text over several lines) changes only white space,
        so the words before ``offset`` are counted along the source lines of the value.
        """
        span = self.spans.get(tuple(path))
        if not span:
            return self.pos(path)
        start, column, end, block = span
        before = text[:offset]
        words_before = len(before.split())
        inside = 0  # characters of the current word before ``offset``
        if before and not before[-1].isspace() and offset < len(text):
            words_before -= 1  # the offset sits inside a word that already started
            inside = len(before.split()[-1])
        seen = 0
        last = SourcePos(self.file, start, column)
        first = start + 1 if block else start
        for lineno in range(first, end + 1):
            raw = self.lines[lineno - 1] if lineno - 1 < len(self.lines) else ""
            skip = column - 1 if lineno == start else 0
            for word in re.finditer(r"\S+", raw[skip:]):
                if seen == words_before:
                    return SourcePos(self.file, lineno, skip + word.start() + 1 + inside)
                seen += 1
                last = SourcePos(self.file, lineno, skip + word.end() + 1)
        return last  # the very end of the text


def _mark(file: str, mark: Any) -> SourcePos:
    return SourcePos(file, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node tree into plain values, recording positions."""

    def __init__(self, yfile: YamlFile, diags: Diagnostics):
        self.yfile = yfile
        self.diags = diags
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.diags.error(
                        _mark(self.yfile.file, key_node.start_mark),
                        "a key must be a plain word, not a list or mapping",
                    )
                    continue
                if key_node.tag == _CORE + "merge" or (not key_node.style
                                                       and key_node.value == "<<"):
                    self.diags.error(_mark(self.yfile.file, key_node.start_mark),
                                     "merge keys (<<) are not supported: write the fields out")
                    continue
                key = self._scalar(key_node, path)  # always text: ``on:`` stays 'on'
                key = "" if key is None else str(key)
                kpos = _mark(self.yfile.file, key_node.start_mark)
                if key in result:
                    first = self.yfile.positions[(*path, key)]
                    self.diags.error(
                        kpos,
                        f"duplicate key '{key}' (first at line {first.line}): "
                        "remove one of them",
                    )
                    continue
                self.yfile.positions[(*path, key)] = kpos
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.yfile.positions[(*path, index)] = _mark(self.yfile.file, item.start_mark)
                items.append(self.build(item, (*path, index)))
            return items
        # scalar
        block = node.style in ("|", ">")
        quoted = node.style in ('"', "'")
        # a block text ends at column 0 of the line after it
        end = node.end_mark.line + (0 if node.end_mark.column == 0 else 1)
        self.yfile.spans[path] = (node.start_mark.line + 1,
                                  node.start_mark.column + 1 + quoted,
                                  max(end, node.start_mark.line + 1), block)
        if not path:
            self.yfile.positions[()] = _mark(self.yfile.file, node.start_mark)
        if not node.style and node.tag == _CORE + "str" and node.value in _NO_VALUE:
            return None
        if not node.style and node.end_mark.line < len(self.yfile.lines):
            rest = self.yfile.lines[node.end_mark.line][node.end_mark.column:]
            if rest.lstrip().startswith("#"):
                self.yfile.comments[path] = SourcePos(
                    self.yfile.file, node.end_mark.line + 1,
                    node.end_mark.column + len(rest) - len(rest.lstrip()) + 1)
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            where = ".".join(str(p) for p in path) + ": " if path else ""
            if node.tag == _CORE + "timestamp":
                message = (f"{where}not a valid date ({problem}): write YYYY-MM-DD, "
                           "e.g. 2016-05-15")
            else:
                message = f"{where}bad value ({problem}): put it in quotes to keep it as text"
            self.diags.error(_mark(self.yfile.file, node.start_mark), message)
            return None


def _yaml_error_message(exc: yaml.YAMLError, line: str = "") -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    text = f"{context}, {problem}" if context else problem
    if "'\\t'" in text or "tab" in text or "\t" in line[: len(line) - len(line.lstrip())]:
        return f"invalid YAML: {text}; YAML does not allow tabs for indentation: use spaces"
    if "escape" in problem:
        return (f"invalid YAML: {problem}: in \"double quotes\" write \\\\ for a backslash; "
                "a \\u escape must be a character (not \\ud800–\\udfff)")
    if "expected a single document" in text:
        return "invalid YAML: a second document (---) starts here: one YAML document per file"
    return f"invalid YAML: {text}; check the indentation and quoting around this line"


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _reader_error(exc: yaml.reader.ReaderError, text: str, display: str) -> tuple[SourcePos, str]:
    """A character YAML refuses outright (the C reader counts bytes, the Python one characters)."""
    position = exc.position
    if _C_READER:
        before = text.encode("utf-8")[:position].decode("utf-8", "replace")
    else:  # pragma: no cover - depends on the PyYAML build
        before = text[:position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    what = "the control character" if code < 0x20 or 0x7F <= code < 0xA0 else "the character"
    return (SourcePos(display, line, column),
            f"{what} U+{code:04X} is not allowed in a document: delete it")


def _refuse_unsafe(text: str, display: str, diags: Diagnostics) -> bool:
    """Stream the parser's events; report an alias, a foreign tag or too deep a nesting."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            diags.error(_mark(display, event.start_mark),
                        f"YAML aliases (*{event.anchor}) are not allowed: write the value out "
                        "in full")
            return False
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS:
            diags.error(_mark(display, event.start_mark),
                        f"the YAML tag '{_show_tag(tag)}' is not allowed: delete it (only "
                        "text, numbers, dates, lists and mappings are read)")
            return False
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                diags.error(_mark(display, event.start_mark),
                            f"lists and mappings are nested more than {MAX_DEPTH} levels deep: "
                            "flatten the file")
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def load_yaml(path: Path, display: str, diags: Diagnostics, root: Path | None = None,
              kind: str = "yaml") -> YamlFile | None:
    """Load one YAML file safely; report problems into ``diags`` and return None on failure.

    The file is read through :func:`toolkit.read.files.read_guarded`: a regular file
    (inside ``root`` when given), at most the cap of ``kind``.
    """
    from toolkit.read.files import UnreadableFile, read_guarded

    pos = SourcePos(display)
    try:
        raw = read_guarded(path, kind, root)
    except UnreadableFile as exc:
        diags.error(pos, exc.message)
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: editors on Windows add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.error(
            SourcePos(display, line, 1),
            "file is not UTF-8 text: save it as UTF-8 (in most editors: Save as → Encoding UTF-8)",
        )
        return None
    yfile = YamlFile(display, None, lines=text.splitlines())
    try:
        if not _refuse_unsafe(text, display, diags):
            return None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        diags.error(*_reader_error(exc, text, display))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = _mark(display, mark) if mark is not None else pos
        lines = text.splitlines()
        line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
        message = _yaml_error_message(exc, line)
        found = None if "tabs" in message else diagnose(exc, lines)
        if found:
            where, message = SourcePos(display, found[0], found[1]), found[2]
        diags.error(where, message)
        return None
    if node is None:
        diags.error(SourcePos(display, 1, 1), "file is empty: fill it in or delete it")
        return None
    before = len(diags.errors)
    yfile.data = _Builder(yfile, diags).build(node, ())
    if len(diags.errors) > before:
        return None
    return yfile
