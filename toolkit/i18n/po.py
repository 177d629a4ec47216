"""A small, exact reader and writer for gettext PO files.

Why our own: Babel's ``read_po`` drops ``#|`` previous-msgid lines (translators need them
to see what changed), its ``Catalog()`` starts fuzzy, its update is quadratic and ignores
msgctxt. Here every field a translation tool writes is kept, errors carry a line number,
and the writer never re-wraps text, so a file we wrote reads back and writes out byte for
byte the same (diffs show only what a person or an update changed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "PoEntry",
    "PoError",
    "PoFile",
    "get_header_field",
    "header_charset",
    "header_fields",
    "parse_po",
    "parse_string",
    "set_header_field",
    "write_po",
]


class PoError(ValueError):
    """A problem in a PO file at ``line`` (1-based); the caller names the file."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class PoEntry:
    """One entry. ``references`` holds one item per ``#:`` line, verbatim."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)  # "# " translator comments
    extracted: list[str] = field(default_factory=list)  # "#." comments for translators
    references: list[str] = field(default_factory=list)  # "#:" lines
    flags: list[str] = field(default_factory=list)  # "#," e.g. fuzzy, python-format
    previous_msgctxt: str | None = None  # "#| msgctxt"
    previous_msgid: str | None = None  # "#| msgid"
    previous_msgid_plural: str | None = None  # "#| msgid_plural"
    obsolete: bool = False  # "#~"
    line: int = 0  # line of msgctxt (or msgid when there is none)
    msgstr_line: int = 0  # line of msgstr (or msgstr[0])
    plural_line: int = 0  # line of msgid_plural, when there is one

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        if value and "fuzzy" not in self.flags:
            self.flags.insert(0, "fuzzy")
        elif not value:
            self.flags = [f for f in self.flags if f != "fuzzy"]

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translation(self) -> str:
        """The (first) translated string, for singular and plural entries alike."""
        if self.msgid_plural is not None:
            return self.msgstr_plural.get(0, "")
        return self.msgstr


@dataclass
class PoFile:
    """A whole catalogue: the header entry (``msgid ""``) and every other entry in order."""

    header: PoEntry | None = None
    entries: list[PoEntry] = field(default_factory=list)

    @property
    def active(self) -> list[PoEntry]:
        return [e for e in self.entries if not e.obsolete]

    @property
    def obsolete(self) -> list[PoEntry]:
        return [e for e in self.entries if e.obsolete]


# --------------------------------------------------------------------------- header


def header_fields(text: str) -> list[tuple[str, str]]:
    """``Name: value`` lines of a header msgstr, in order (other lines skipped)."""
    out: list[tuple[str, str]] = []
    for line in text.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            out.append((name.strip(), value.strip()))
    return out


def get_header_field(text: str, name: str) -> str | None:
    for key, value in header_fields(text):
        if key.lower() == name.lower():
            return value
    return None


def set_header_field(text: str, name: str, value: str) -> str:
    """Replace the value of ``name`` in place (or append it); every other line is kept."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        key, sep, _ = line.partition(":")
        if sep and key.strip().lower() == name.lower():
            lines[i] = f"{key.strip()}: {value}"
            return "\n".join(lines)
    if lines and lines[-1] == "":
        lines.insert(len(lines) - 1, f"{name}: {value}")
    else:
        lines.append(f"{name}: {value}")
        lines.append("")
    return "\n".join(lines)


def header_charset(header: PoEntry) -> tuple[str | None, int]:
    """The declared charset and the (approximate) line that declares it."""
    for index, line in enumerate(header.msgstr.split("\n")):
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == "content-type":
            m = re.search(r"charset\s*=\s*([^\s;]+)", value, re.IGNORECASE)
            return (m.group(1) if m else None), header.msgstr_line + 1 + index
    return None, header.msgstr_line


# --------------------------------------------------------------------------- strings

_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\",
             "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE = {v: "\\" + k for k, v in _UNESCAPE.items()}
_ESCAPE_RE = re.compile(r'[\\"\n\t\r\a\b\f\v]')
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?:\s+|(?=\"))(.*)$")


_QUOTED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*$', re.DOTALL)
_ESCAPE_SEQ = re.compile(r"\\(?:([ntr\"\\abfv])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.DOTALL)
#: Characters XML 1.0 (so a DOCX) cannot hold: C0 controls but tab and line ends, lone
#: surrogates, U+FFFE and U+FFFF. lxml refuses them, so they are refused here, with a line.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Line ends as any editor writes them: LF, CRLF or a lone CR (classic Mac, some exports).
_LINE_END = re.compile(r"\r\n|\r|\n")


def parse_string(text: str, line: int) -> str:
    """A quoted C string (``"…"``, nothing after it) → its value.

    Numeric escapes stand for bytes, as in gettext (``\\xd0\\xb0`` is «а»); the bytes
    must form UTF-8 text, and no escape may give a character a DOCX cannot hold.
    """
    text = text.strip()
    m = _QUOTED.match(text)
    if m is None:
        if not text.startswith('"'):
            raise PoError(f"expected a quoted string, found {text[:20]!r}", line)
        closing = re.match(r'"[^"\\]*(?:\\.[^"\\]*)*"', text, re.DOTALL)
        if closing is None:
            raise PoError("unterminated string: add the closing quote", line)
        raise PoError('text after the closing quote: write \\" for a quote inside a string',
                      line)
    body = m.group(1)
    if "\\" not in body:
        return body
    pieces: list[bytes] = []
    numeric = False
    start = 0
    for e in _ESCAPE_SEQ.finditer(body):
        pieces.append(body[start:e.start()].encode("utf-8"))
        start = e.end()
        simple, octal, hexa, other = e.groups()
        if simple is not None:
            value = _UNESCAPE[simple]
            if value in "\a\b\f\v":
                raise PoError(f"{e.group()} stands for control character U+{ord(value):04X}, "
                              "which a document cannot hold: delete it", line)
            pieces.append(value.encode("utf-8"))
            continue
        if other is not None:
            raise PoError(f"unknown escape \\{other}: write \\\\ for a backslash", line)
        number = int(octal, 8) if octal is not None else int(hexa, 16)
        if number > 0xFF:
            raise PoError(f"escape {e.group()} is out of range: an escape stands for one byte "
                          "(\\x00 to \\xff); write the character itself", line)
        pieces.append(bytes([number]))
        numeric = True
    pieces.append(body[start:].encode("utf-8"))
    try:
        value = b"".join(pieces).decode("utf-8")
    except UnicodeDecodeError:
        raise PoError("the escapes in this string do not form UTF-8 text: write the "
                      "characters themselves", line) from None
    if numeric:
        bad = _FORBIDDEN.search(value)
        if bad is not None:
            raise PoError(f"an escape gives character U+{ord(bad.group()):04X}, which a "
                          "document cannot hold: delete it", line)
    return value


def _quote(value: str) -> str:
    return '"' + _ESCAPE_RE.sub(lambda m: _ESCAPE[m.group()], value) + '"'


def _string_lines(prefix: str, keyword: str, value: str) -> list[str]:
    """One line, or gettext's multi-line form when the value holds newlines."""
    if "\n" not in value:
        return [f"{prefix}{keyword} {_quote(value)}"]
    lines = [f'{prefix}{keyword} ""']
    pieces = value.split("\n")
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        if last and not piece:
            break
        lines.append(f"{prefix}{_quote(piece if last else piece + chr(10))}")
    return lines


# --------------------------------------------------------------------------- reading


class _Entry:
    """An entry being read: fields plus which string a continuation line extends."""

    def __init__(self) -> None:
        self.entry = PoEntry(msgid="")
        self.has_msgid = False
        self.has_msgstr = False
        self.mode: bool | None = None  # obsolete or not, once a keyword line was seen
        self.last: tuple[str, int | None, bool] | None = None  # (field, index, previous)
        self.id_line = 0
        self.start_line = 0  # first msgctxt/msgid/#| line


def parse_po(data: bytes | str) -> PoFile:
    """Read a PO file; raises :class:`PoError` for the first problem."""
    if isinstance(data, bytes):
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = len(_LINE_END.findall(data[: exc.start].decode("latin-1"))) + 1
            raise PoError("file is not UTF-8 text: save it as UTF-8", line) from None
    else:
        text = data.removeprefix("\ufeff")
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        line = len(_LINE_END.findall(text, 0, bad.start())) + 1
        raise PoError(f"control character U+{ord(bad.group()):04X} in the file, which a "
                      "document cannot hold: delete it", line)
    po = PoFile()
    entries: list[PoEntry] = []
    cur = _Entry()

    def finish() -> _Entry:
        nonlocal cur
        if cur.has_msgid:
            e = cur.entry
            if not cur.has_msgstr:
                raise PoError("msgid without msgstr: add msgstr \"\"", cur.id_line)
            if e.msgid_plural is not None and not e.msgstr_plural:
                raise PoError("msgid_plural without msgstr[0]", cur.id_line)
            entries.append(e)
        cur = _Entry()
        return cur

    for lineno, line in enumerate(_LINE_END.split(text), start=1):
        s = line.strip()
        if not s:
            if cur.has_msgstr:
                cur = finish()
            continue
        obsolete = False
        previous = False
        if s.startswith("#~"):
            obsolete = True
            s = s[2:].lstrip()
            if s.startswith("|"):
                previous = True
                s = s[1:].lstrip()
            elif s.startswith("#") or not s:
                raise PoError("'#~' must be followed by msgctxt, msgid, msgstr or a string",
                              lineno)
        elif s.startswith("#|"):
            previous = True
            s = s[2:].lstrip()
        elif s.startswith("#"):
            if cur.has_msgstr:
                cur = finish()
            elif cur.has_msgid or cur.mode is not None:
                raise PoError("a comment cannot stand inside an entry: move it above msgctxt "
                              "or msgid", lineno)
            _comment(cur.entry, line.lstrip())
            continue
        cur = _keyword(cur, s, lineno, obsolete, previous, finish)
        if cur.mode is None or cur.mode == obsolete:
            cur.mode = obsolete
        else:
            raise PoError("an entry mixes obsolete (#~) and active lines", lineno)
        cur.entry.obsolete = obsolete
    if cur.has_msgid:
        finish()
    elif cur.mode is not None:
        raise PoError("entry without msgid at the end of the file", cur.start_line or 1)
    _split_header(po, entries)
    return po


def _comment(entry: PoEntry, line: str) -> None:
    kind = line[1:2]
    if kind == ".":
        entry.extracted.append(line[2:].removeprefix(" "))
    elif kind == ":":
        entry.references.append(line[2:].strip())
    elif kind == ",":
        entry.flags.extend(f.strip() for f in line[2:].split(",") if f.strip())
    else:
        entry.comments.append(line[1:].removeprefix(" "))


def _keyword(cur: _Entry, s: str, lineno: int, obsolete: bool, previous: bool,
             finish: Callable[[], _Entry]) -> _Entry:
    """Apply one msgctxt/msgid/msgstr/continuation line; returns the entry it went to."""
    if s.startswith('"'):
        if cur.last is None or cur.last[2] != previous:
            raise PoError("a string line must follow msgctxt, msgid or msgstr", lineno)
        name, index, _ = cur.last
        value = parse_string(s, lineno)
        e = cur.entry
        if index is not None:
            e.msgstr_plural[index] += value
        else:
            setattr(e, name, (getattr(e, name) or "") + value)
        return cur
    m = _KEYWORD.match(s)
    if m is None:
        raise PoError(f"unknown line {s[:30]!r}: expected msgctxt, msgid, msgstr or a "
                      "quoted string", lineno)
    keyword, index_text, rest = m.group(1), m.group(2), m.group(3)
    value = parse_string(rest, lineno)
    if keyword != "msgstr" and not cur.has_msgstr:
        cur.start_line = cur.start_line or lineno
    if previous:
        if keyword == "msgstr" or index_text is not None:
            raise PoError("#| lines hold only msgctxt, msgid and msgid_plural", lineno)
        if cur.has_msgstr:
            cur = finish()
        elif cur.has_msgid:
            raise PoError("#| lines must come before msgctxt and msgid", lineno)
        name = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid",
                "msgid_plural": "previous_msgid_plural"}[keyword]
        setattr(cur.entry, name, value)
        cur.last = (name, None, True)
        return cur
    if keyword in ("msgctxt", "msgid"):
        if cur.has_msgstr:
            cur = finish()
        elif cur.has_msgid:
            raise PoError("msgid without msgstr before this line: add msgstr \"\"", lineno)
        e = cur.entry
        if keyword == "msgctxt":
            if e.msgctxt is not None:
                raise PoError("two msgctxt lines in one entry", lineno)
            e.msgctxt = value
            e.line = lineno
        else:
            e.msgid = value
            e.line = e.line or lineno
            cur.has_msgid = True
        cur.id_line = cur.id_line or lineno
        cur.last = (keyword, None, False)
    elif keyword == "msgid_plural":
        if not cur.has_msgid or cur.has_msgstr or cur.entry.msgid_plural is not None:
            raise PoError("msgid_plural must follow msgid (once, before msgstr)", lineno)
        cur.entry.msgid_plural = value
        cur.entry.plural_line = lineno
        cur.last = ("msgid_plural", None, False)
    elif index_text is None:
        if not cur.has_msgid or cur.has_msgstr:
            raise PoError("msgstr must follow msgid (once per entry)", lineno)
        if cur.entry.msgid_plural is not None:
            raise PoError("an entry with msgid_plural needs msgstr[0], msgstr[1], …", lineno)
        cur.entry.msgstr = value
        cur.entry.msgstr_line = lineno
        cur.has_msgstr = True
        cur.last = ("msgstr", None, False)
    else:
        index = int(index_text)
        e = cur.entry
        if e.msgid_plural is None:
            raise PoError(f"msgstr[{index}] without msgid_plural: write msgstr", lineno)
        if index != len(e.msgstr_plural):
            raise PoError(f"msgstr[{index}] out of order: expected msgstr[{len(e.msgstr_plural)}]",
                          lineno)
        e.msgstr_plural[index] = value
        e.msgstr_line = e.msgstr_line or lineno
        cur.has_msgstr = True
        cur.last = ("msgstr", index, False)
    return cur


def _split_header(po: PoFile, entries: list[PoEntry]) -> None:
    """Take out the header, check its charset and refuse duplicate entries."""
    seen: dict[tuple[bool, str | None, str], PoEntry] = {}
    for e in entries:
        k = (e.obsolete, e.msgctxt, e.msgid)
        if k in seen:
            first = seen[k]
            ctx = f'msgctxt "{e.msgctxt}", ' if e.msgctxt is not None else ""
            shown = e.msgid if len(e.msgid) <= 40 else e.msgid[:40] + "…"
            raise PoError(f'duplicate entry ({ctx}msgid "{shown}"): first at line {first.line}, '
                          f"again at line {e.line}: delete one of them", e.line)
        seen[k] = e
        if not e.obsolete and e.msgctxt is None and e.msgid == "" and po.header is None:
            po.header = e
        else:
            po.entries.append(e)
    if po.header is not None:
        charset, line = header_charset(po.header)
        if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            raise PoError(f"the header declares charset={charset}: catalogues must be UTF-8 "
                          "(set charset=UTF-8 and save the file as UTF-8)", line)


# --------------------------------------------------------------------------- writing


def _entry_lines(e: PoEntry) -> list[str]:
    prefix = "#~ " if e.obsolete else ""
    prev = "#~| " if e.obsolete else "#| "
    out = [f"# {c}" if c else "#" for c in e.comments]
    out += [f"#. {c}" if c else "#." for c in e.extracted]
    out += [f"#: {r}" for r in e.references]
    if e.flags:
        out.append("#, " + ", ".join(e.flags))
    if e.previous_msgctxt is not None:
        out += _string_lines(prev, "msgctxt", e.previous_msgctxt)
    if e.previous_msgid is not None or e.previous_msgctxt is not None:
        # gettext requires "#| msgid" after "#| msgctxt": an id-only change shows the text
        out += _string_lines(prev, "msgid", e.previous_msgid
                             if e.previous_msgid is not None else e.msgid)
    if e.previous_msgid_plural is not None:
        out += _string_lines(prev, "msgid_plural", e.previous_msgid_plural)
    if e.msgctxt is not None:
        out += _string_lines(prefix, "msgctxt", e.msgctxt)
    out += _string_lines(prefix, "msgid", e.msgid)
    if e.msgid_plural is not None:
        out += _string_lines(prefix, "msgid_plural", e.msgid_plural)
        for index in sorted(e.msgstr_plural):
            out += _string_lines(prefix, f"msgstr[{index}]", e.msgstr_plural[index])
    else:
        out += _string_lines(prefix, "msgstr", e.msgstr)
    return out


def write_po(po: PoFile) -> str:
    """Serialise deterministically: header, active entries in the given order, then
    obsolete entries sorted by (msgctxt, msgid). Strings are never re-wrapped."""
    blocks: list[list[str]] = []
    if po.header is not None:
        blocks.append(_entry_lines(po.header))
    blocks += [_entry_lines(e) for e in po.entries if not e.obsolete]
    old = sorted((e for e in po.entries if e.obsolete), key=lambda e: (e.msgctxt or "", e.msgid))
    blocks += [_entry_lines(e) for e in old]
    return "\n".join("\n".join(b) + "\n" for b in blocks)
