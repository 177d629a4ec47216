"""Open a DOCX as untrusted input: size caps, no entities, no network, no DOCTYPE.

python-docx reads the body and the styles; the parts python-docx has no API for
(footnotes, endnotes, numbering) are parsed here with a locked-down lxml parser.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024  # uncompressed, per XML part
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # uncompressed, all parts
MAX_MEMBERS = 2000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


class ImportError_(Exception):
    """The file cannot be imported; the message says why and what to do."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_blank_text=False)


def parse_xml(data: bytes) -> Any:
    """Parse one XML part; a DOCTYPE (entity tricks) is refused outright."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise ImportError_("the file holds a DOCTYPE or entity declaration, which Word "
                           "never writes; save it again from Word and retry")
    return etree.fromstring(data, _parser())


@dataclass
class Package:
    """What the importer reads of a DOCX."""

    document: Any  # python-docx Document
    footnotes: dict[str, Any] = field(default_factory=dict)  # id → w:footnote
    endnotes: dict[str, Any] = field(default_factory=dict)  # id → w:endnote
    numbering: dict[tuple[str, str], str] = field(default_factory=dict)  # (numId, ilvl) → fmt
    title: str = ""
    author: str = ""
    created: date | None = None
    footnote_rels: dict[str, str] = field(default_factory=dict)  # rId → URL
    endnote_rels: dict[str, str] = field(default_factory=dict)


def _notes(data: bytes | None, tag: str) -> dict[str, Any]:
    if data is None:
        return {}
    root = parse_xml(data)
    out: dict[str, Any] = {}
    for note in root.iterchildren(w(tag)):
        if note.get(w("type")) in (None, "normal"):
            out[note.get(w("id"), "")] = note
    return out


def _numbering(data: bytes | None) -> dict[tuple[str, str], str]:
    """Number format of every (numId, level): "decimal", "bullet", "lowerLetter" …"""
    if data is None:
        return {}
    root = parse_xml(data)
    abstract: dict[str, dict[str, str]] = {}
    for node in root.iterchildren(w("abstractNum")):
        levels: dict[str, str] = {}
        for lvl in node.iterchildren(w("lvl")):
            fmt = lvl.find(w("numFmt"))
            levels[lvl.get(w("ilvl"), "0")] = fmt.get(w("val"), "decimal") if fmt is not None \
                else "decimal"
        abstract[node.get(w("abstractNumId"), "")] = levels
    out: dict[tuple[str, str], str] = {}
    for num in root.iterchildren(w("num")):
        ref = num.find(w("abstractNumId"))
        levels = abstract.get(ref.get(w("val"), "") if ref is not None else "", {})
        for ilvl, fmt in levels.items():
            out[(num.get(w("numId"), ""), ilvl)] = fmt
    return out


def _rels(data: bytes | None) -> dict[str, str]:
    if data is None:
        return {}
    root = parse_xml(data)
    return {rel.get("Id", ""): rel.get("Target", "") for rel in root
            if rel.get("TargetMode") == "External"}


def _part_name(archive: zipfile.ZipFile, suffix: str) -> str | None:
    for name in archive.namelist():
        if name.lower() == f"word/{suffix}":
            return name
    return None


def open_package(path: Path) -> Package:
    """Read a DOCX; any problem is one :class:`ImportError_` with what to do."""
    import docx

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportError_(f"cannot read the file ({exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise ImportError_(f"the file is larger than {MAX_FILE_BYTES // 2**20} MB; "
                           "remove large images and retry")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"cannot read the file ({exc.strerror})") from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportError_("this is not a Word document (.docx): save it from Word or "
                           "LibreOffice as 'Word Document (.docx)' and retry") from None
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_TOTAL_BYTES \
            or any(i.file_size > MAX_PART_BYTES and i.filename.endswith(".xml") for i in infos):
        raise ImportError_("the document unpacks to too much data to be a report; "
                           "save it again from Word and retry")
    main = _part_name(archive, "document.xml")
    if main is None:
        raise ImportError_("this is not a Word document (.docx): it has no word/document.xml; "
                           "save it as 'Word Document (.docx)' and retry")

    def read(name: str | None) -> bytes | None:
        return archive.read(name) if name else None

    try:
        for info in infos:  # every XML part is screened before python-docx parses it
            if info.filename.endswith((".xml", ".rels")):
                head = archive.read(info.filename)
                if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                    raise ImportError_("the file holds a DOCTYPE or entity declaration, "
                                       "which Word never writes; save it again from Word")
        document = docx.Document(io.BytesIO(data))
        package = Package(
            document=document,
            footnotes=_notes(read(_part_name(archive, "footnotes.xml")), "footnote"),
            endnotes=_notes(read(_part_name(archive, "endnotes.xml")), "endnote"),
            numbering=_numbering(read(_part_name(archive, "numbering.xml"))),
            footnote_rels=_rels(read(_part_name(archive, "_rels/footnotes.xml.rels"))),
            endnote_rels=_rels(read(_part_name(archive, "_rels/endnotes.xml.rels"))),
        )
        core = document.core_properties
        package.title = (core.title or "").strip()
        package.author = (core.author or "").strip()
        package.created = core.created.date() if core.created else None
    except ImportError_:
        raise
    except (etree.XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportError_(f"the Word document is damaged ({type(exc).__name__}); open and "
                           "save it again in Word or LibreOffice, then retry") from None
    except Exception as exc:  # python-docx raises its own types for odd packages
        if type(exc).__module__.startswith("docx"):
            raise ImportError_("this is not a Word document python-docx can read; save it "
                               "as 'Word Document (.docx)' and retry") from None
        raise
    return package
