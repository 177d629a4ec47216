"""TMX 1.4b, the translation-memory format every CAT tool imports and exports.

One translation unit (``<tu>``) per translated text of a submission, with a variant
(``<tuv>``) for the source and for every language it is translated into; the unit id
travels as ``<prop type="x-context">`` and the submission it came from as
``<prop type="x-origin">``. Segments hold the toolkit's markup as plain text."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from toolkit.i18n.xmlsafe import parse_untrusted
from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos

__all__ = ["TmxUnit", "read_tmx", "write_tmx"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TOOL = "shadow-report-toolkit"


@dataclass
class TmxUnit:
    """One ``<tu>``: its source language, texts by language, and its properties."""

    srclang: str
    texts: dict[str, str] = field(default_factory=dict)  # language tag → segment text
    context: str | None = None
    origin: str | None = None
    line: int = 0


def _seg_text(seg: etree._Element) -> str:
    """A segment's text; inline codes (``<ph>``, ``<bpt>``…) contribute their content,
    which in TMX is the original markup they stand for."""
    return "".join(seg.itertext())


def read_tmx(data: bytes, shown: str) -> list[TmxUnit]:
    """Every unit of a TMX file; a :class:`UserError` with the line for a broken file."""
    root = parse_untrusted(data, shown, "TMX")
    if etree.QName(root).localname != "tmx":
        raise UserError("this is not a TMX file (its root element is not <tmx>)",
                        SourcePos(shown, root.sourceline or 1))
    header = root.find("header")
    default_src = header.get("srclang", "") if header is not None else ""
    units: list[TmxUnit] = []
    body = root.find("body")
    for tu in body.iterfind("tu") if body is not None else []:
        unit = TmxUnit(tu.get("srclang") or default_src, line=tu.sourceline or 0)
        for prop in tu.iterfind("prop"):
            if prop.get("type") == "x-context":
                unit.context = prop.text or ""
            elif prop.get("type") == "x-origin":
                unit.origin = prop.text or ""
        for tuv in tu.iterfind("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if lang and seg is not None:
                unit.texts.setdefault(lang, _seg_text(seg))
        units.append(unit)
    return units


def write_tmx(units: list[TmxUnit], srclang: str) -> bytes:
    """A TMX 1.4b document; ``srclang`` is the header's (``*all*`` when sources differ)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        tool_version = version("shadow-report-toolkit")
    except PackageNotFoundError:  # running from a source tree
        tool_version = "0"
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool=TOOL, creationtoolversion=tool_version,
                     segtype="paragraph", adminlang="en", srclang=srclang,
                     datatype="plaintext", **{"o-tmf": "gettext PO"})
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu", srclang=unit.srclang)
        if unit.context is not None:
            etree.SubElement(tu, "prop", type="x-context").text = unit.context
        if unit.origin is not None:
            etree.SubElement(tu, "prop", type="x-origin").text = unit.origin
        for lang, text in unit.texts.items():
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">') + b"\n"
