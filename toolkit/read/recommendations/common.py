"""What every recommendation importer shares: the imported entry, text clean-up, size caps,
and the matching of published theme / group names onto the toolkit's catalogues.

Published files are untrusted: every reader checks the size before reading, a .docx or
.xlsx is refused when its zip directory declares too much, and problems are raised as one
:class:`UserError` naming the file (nothing is written then).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos

MAX_INPUT_BYTES = 30 * 2**20  # a 300-recommendation matrix is under 1 MB
MAX_UNPACKED_BYTES = 200 * 2**20
MAX_ZIP_PARTS = 2000
MAX_ENTRIES = 5000

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a\u2002-\u2006\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-"})


@dataclass
class Imported:
    """One recommendation as published, before it is merged into previous.yaml."""

    document: str
    paragraph: str
    text: str
    where: str  # "matrix.docx, table row 12": shown in reports
    recommending_state: list[str] = field(default_factory=list)
    response: str | None = None
    response_source: str | None = None
    themes: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    sdg: list[str] = field(default_factory=list)
    follow_up_priority: bool = False
    #: Only the toolkit's own export carries these: a new entry keeps the exported id
    #: (when free) and assessment; an existing entry's id and assessment are never changed.
    id: str | None = None
    assessment: str | None = None


@dataclass
class ImportResult:
    """What a reader found, and what it had to guess (printed for the user)."""

    format: str
    entries: list[Imported]
    notes: list[str] = field(default_factory=list)


def fail(where: str, message: str) -> UserError:
    """The one clear message for input the importer cannot use."""
    return UserError(message, SourcePos(where))


def clean(text: str) -> str:
    """One line of published text: no-break and odd spaces as spaces, no soft hyphens."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_DASHES)
    return _SPACES.sub(" ", text).strip()


def clean_lines(text: str) -> list[str]:
    return [line for line in (clean(x) for x in re.split(r"[\r\n\v\u2028\u2029]+", text))
            if line]


def read_capped(path: Path, display: str) -> bytes:
    """The bytes of a regular file the user named, refused when too large."""
    try:
        if not path.is_file():
            raise fail(display, "not a file: name the exported .docx, .txt, .csv or .xlsx")
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise fail(display, f"file is larger than {MAX_INPUT_BYTES // 2**20} MB: not a "
                       "recommendations file")
        return path.read_bytes()
    except OSError as exc:
        raise fail(display, f"cannot read file: {exc.strerror or exc}") from None


def check_zip(data: bytes, display: str, kind: str) -> None:
    """Refuse a zip (docx/xlsx) that is not one or that declares too much unpacked data."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise fail(display, f"not a readable {kind} file: open it in Word/Excel or "
                   f"LibreOffice and save it again as {kind}") from None
    if len(parts) > MAX_ZIP_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise fail(display, f"the {kind} unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB: "
                   "not a normal export")


def end_sentence(text: str) -> str:
    """Published recommendations end with ';' in the lists: previous.yaml quotes a sentence."""
    text = text.strip().rstrip(";,").strip()
    if text and text[-1] not in ".!?…»”\")":
        text += "."
    return text


# ---- catalogue matching -------------------------------------------------------------------

_CODE = re.compile(r"^[A-Z]\d{1,2}(?:\.\d{1,2})?\s+(?=\S)")


def strip_code(name: str) -> str:
    """'A12 Acceptance of international norms' → 'Acceptance of international norms'."""
    return _CODE.sub("", clean(name)).strip(" -–—•;,.")


def _key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name.casefold())
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = re.sub(r"\s*&\s*", " and ", name)
    return re.sub(r"[^\w]+", " ", name).strip()


class NameMatcher:
    """Published names (any case, spacing, '&' or 'and') → catalogue ids, with aliases."""

    def __init__(self, catalogue: dict[str, list[str]], aliases: dict[str, str] | None = None):
        self._ids: dict[str, str] = {}
        for ident, names in catalogue.items():
            self._ids[_key(ident.replace("-", " "))] = ident
            for name in names:
                self._ids.setdefault(_key(name), ident)
        for alias, ident in (aliases or {}).items():
            if ident in catalogue:
                self._ids[_key(alias)] = ident

    def match(self, name: str) -> str | None:
        return self._ids.get(_key(strip_code(name)))

    def ids_or_names(self, names: list[str]) -> tuple[list[str], list[str]]:
        """Each name as its id where one matches, else as published; and the unmatched."""
        out: list[str] = []
        unmatched: list[str] = []
        for raw in names:
            name = strip_code(raw)
            if not name:
                continue
            ident = self.match(name)
            if ident is None:
                unmatched.append(name)
            value = ident or name
            if value not in out:
                out.append(value)
        return out, unmatched


_RESPONSES = {
    "supported": ("support", "accept", "soutenu", "appuy", "accept", "apoyad", "aceptad",
                  "поддерж", "принят"),
    "noted": ("noted", "note", "not supported", "rejected", "not accepted", "pris note",
              "prise en note", "notée", "anotad", "tomad", "к сведению", "отклон"),
}


def response_of(value: str) -> str | None:
    """'Supported', 'Noted', 'Accepted', 'Rejected', 'Prise en note' … → supported | noted."""
    key = clean(value).casefold()
    if not key:
        return None
    if any(word in key for word in ("partial", "partiel", "частич")):
        return None
    for word in _RESPONSES["noted"]:
        if word in key:
            return "noted"
    for word in _RESPONSES["supported"]:
        if word in key:
            return "supported"
    return None


_SDG = re.compile(r"^(?:sdg|goal|цур|цель)?\s*(\d{1,2})(?:\.([0-9a-z]{1,2}))?\b", re.I)


def sdg_of(item: str) -> str | None:
    """'16 - PEACE, JUSTICE …' → '16'; 'SDG 16.3' → '16.3'; None when it is no goal."""
    match = _SDG.match(clean(item).lstrip("-–—•* "))
    if not match or not 1 <= int(match.group(1)) <= 17:
        return None
    return match.group(1) + (f".{match.group(2).lower()}" if match.group(2) else "")


_SYMBOL_ADD = re.compile(r"/(?:Add|Corr|Rev)\.\s*\d+$", re.I)


def report_symbol(symbol: str) -> str:
    """'A/HRC/59/15/Add.1' → 'A/HRC/59/15': the Working Group report the addendum answers."""
    symbol = re.sub(r"\s+", "", clean(symbol)).rstrip(".,;")
    while _SYMBOL_ADD.search(symbol):
        symbol = _SYMBOL_ADD.sub("", symbol)
    return symbol
