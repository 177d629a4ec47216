"""A submission's reference document: vetted, then reduced to what a reference document is for.

A reference .docx gives the report its look, nothing else. Copied whole, it would carry
into every report whatever else it holds: macros, comments, custom XML, embedded objects,
images, headers, external links (an attached template fetched from a URL), document
protection, and XML that other readers choke on (a DOCTYPE with external entities). So the
reader rebuilds it as a new package holding only:

* styles, numbering, theme and font table (without embedded fonts: font files are large,
  obfuscated binaries parsed by font engines, and often not licensed for redistribution);
* settings, minus the attached template, protection and passwords, mail merge, document
  variables, revision ids and anything that pointed at a dropped part;
* web settings (only their harmless display options);
* the body's final section properties: page size, margins, orientation, columns, grid —
  without header/footer references (the writer makes its own);
* empty core properties (the writer fills them in).

Every XML part read is parsed without DTDs, entities or network; a part with a DOCTYPE
is refused (for a dropped XML part only its prolog is read to tell). Other dropped parts
are never read, only listed from the zip directory (a 90 MB image costs nothing). What was
dropped that a user may have meant to keep, or should know about, is summed up in one
warning; routine parts (document properties, thumbnails, revision authors, footnote
separators) go silently.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from toolkit.model.diagnostics import Diagnostics
from toolkit.model.document import SourcePos

# Paragraph, character and table style ids the DOCX writer and the cover template use.
REFERENCE_STYLES = (
    "Normal", "BodyText", "BodyNumbered", "Heading1", "Heading2", "PreviousRecommendation",
    "Assessment", "RecommendationsHeading", "Recommendation", "TableHeading", "TableText",
    "TableGrid", "TOCHeading", "TOC1", "TOC2", "TOC3", "FootnoteText", "FootnoteReference",
    "Header", "Footer", "Hyperlink", "CoverMechanism", "CoverTitle", "CoverMeta",
    "CoverCoalition",
)  # fmt: skip
MAX_REFERENCE_UNPACKED = 100 * 2**20  # a real reference .docx unpacks to well under 1 MB
MAX_REFERENCE_PARTS = 1000
_PROLOG_BYTES = 2**20  # how far into a dropped XML part to look for a DOCTYPE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_O_RELID = "{urn:schemas-microsoft-com:office:office}relid"

_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT_MAIN_OTHER = {  # opened as a plain document; the macro-enabled ones are reported
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": False,
    "application/vnd.ms-word.document.macroEnabled.main+xml": True,
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": True,
}
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."

# (relationship type of the main document, output part name, content type): all it keeps.
_KEPT_PARTS = (
    ("styles", "word/styles.xml", _WML + "styles+xml"),
    ("numbering", "word/numbering.xml", _WML + "numbering+xml"),
    ("fontTable", "word/fontTable.xml", _WML + "fontTable+xml"),
    ("settings", "word/settings.xml", _WML + "settings+xml"),
    ("webSettings", "word/webSettings.xml", _WML + "webSettings+xml"),
    ("theme", "word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
)

# Namespaces kept inside the kept parts: WordprocessingML and Word's own extensions,
# DrawingML (themes), math, VML shape defaults. Elements of any other namespace can only be
# hidden data (Word ignores them under mc:Ignorable) and are removed.
_KEPT_NAMESPACES = (
    W, MC, "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/drawingml/", "http://schemas.microsoft.com/office/",
    "urn:schemas-microsoft-com:", "http://www.w3.org/XML/1998/namespace",
)

# settings.xml children kept (CT_Settings, ECMA-376 and Word 2010+ extensions): display,
# typography, hyphenation, compatibility, footnote formatting. Everything else goes.
_SETTINGS_KEPT = {f"{{{W}}}{name}" for name in (
    "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "mirrorMargins", "alignBordersAndEdges",
    "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
    "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState",
    "stylePaneFormatFilter", "stylePaneSortMethod", "autoFormatOverride", "styleLockTheme",
    "styleLockQFSet", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit",
    "hyphenationZone", "doNotHyphenateCaps", "clickAndTypeStyle", "defaultTableStyle",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
    "noLineBreaksAfter", "noLineBreaksBefore", "footnotePr", "endnotePr", "compat",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr",
      "{http://schemas.microsoft.com/office/word/2010/wordml}defaultImageDpi",
      "{http://schemas.microsoft.com/office/word/2010/wordml}discardImageEditingData",
      "{http://schemas.microsoft.com/office/word/2012/wordml}chartTrackingRefBased"}
# Dropped settings worth telling the user about (the rest — revision ids, document ids,
# XML-schema options, mail-merge-free leftovers — go silently).
_SETTINGS_REPORTED = {
    f"{{{W}}}attachedTemplate": "the attached template",
    f"{{{W}}}documentProtection": "document protection and its password",
    f"{{{W}}}writeProtection": "document protection and its password",
    f"{{{W}}}mailMerge": "mail merge settings",
    f"{{{W}}}docVars": "document variables",
}
_WEB_SETTINGS_KEPT = {f"{{{W}}}{name}" for name in (
    "optimizeForBrowser", "relyOnVML", "allowPNG", "doNotRelyOnCSS", "doNotSaveAsSingleFile",
    "doNotOrganizeInFolder", "doNotUseLongFileNames", "pixelsPerInch", "targetScreenSz",
    "saveSmartTagsAsXml", "encoding",
)}  # fmt: skip
# Section properties kept: the page set-up, not headers/footers, printer or revision data.
_SECT_PR_KEPT = {f"{{{W}}}{name}" for name in (
    "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "pgBorders", "lnNumType",
    "pgNumType", "cols", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
    "rtlGutter", "docGrid",
)}  # fmt: skip
# Tracked formatting changes: they hold the old formatting and the author's name.
_REVISIONS = {f"{{{W}}}{name}" for name in (
    "pPrChange", "rPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "tcPrChange",
    "trPrChange", "tblGridChange", "numberingChange", "ins", "del", "moveFrom", "moveTo",
    "rsid",
)}  # fmt: skip
_EMBEDDED_FONTS = {f"{{{W}}}{name}" for name in (
    "embedRegular", "embedBold", "embedItalic", "embedBoldItalic")}

# The one warning's items, in this order; a count goes in front where it says {n}.
_REPORTED = {
    "macros": "macros ({names})",
    "activex": "ActiveX controls",
    "addins": "Office add-ins",
    "embedded": "{n} embedded object{s}",
    "attached template": "the attached template",
    "external": "{n} external link{s}",
    "comments": "comments",
    "custom xml": "custom XML data",
    "custom properties": "custom document properties",
    "document variables": "document variables",
    "mail merge settings": "mail merge settings",
    "protection": "document protection and its password",
    "headers": "headers and footers",
    "glossary": "building blocks (glossary)",
    "fonts": "embedded fonts",
    "images": "{n} image{s} ({mb})",
    "other": "{n} other part{s}",
}
_SETTING_KIND = {
    "the attached template": "attached template",
    "document protection and its password": "protection",
    "mail merge settings": "mail merge settings",
    "document variables": "document variables",
}
_TAIL = "the report takes only styles, numbering, theme, fonts and page set-up"
_EXPORT_HINT = "start from toolkit template export PATH"


class ReferenceDocError(Exception):
    """A reference document that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class CleanReference:
    """A reference document rebuilt from its safe parts, and what was left out."""

    source: Path
    name: str
    data: bytes
    dropped: tuple[str, ...]

    def warning(self) -> str | None:
        """The one warning listing what was left out, or None when nothing worth saying was."""
        if not self.dropped:
            return None
        return f"reference_doc '{self.name}': dropped {', '.join(self.dropped)}; {_TAIL}"

    def open(self) -> ReferencePackage:
        """A fresh file object of the clean package, for ``docx.Document(...)``."""
        return ReferencePackage(self.data, self.source)


class ReferencePackage(io.BytesIO):
    """The clean package in memory; ``str()`` names the user's file (for error messages)."""

    def __init__(self, data: bytes, source: Path):
        super().__init__(data)
        self.name = str(source)

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------- entry points


def check_reference_doc(root: Path, name: str, pos: SourcePos, diags: Diagnostics
                        ) -> CleanReference | None:
    """The reader's check: an error if ``name`` cannot be used, else one warning (if any).
    Returns the rebuilt document, so that the bytes checked are the bytes the build uses."""
    try:
        clean = load_reference_doc(root, name)
    except ReferenceDocError as exc:
        diags.error(pos, str(exc))
        return None
    warning = clean.warning()
    if warning:
        diags.warning(pos, warning)
    return clean


def load_reference_doc(root: Path, name: str) -> CleanReference:
    """Vet the submission's ``reference_doc`` and return it rebuilt from its safe parts."""
    try:
        candidate = (root / name).resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a link loop
        raise ReferenceDocError(f"reference_doc '{name}' is not a usable file name") from None
    if not candidate.is_relative_to(root.resolve()):
        raise ReferenceDocError(f"reference_doc '{name}' points outside the submission folder: "
                                "put the .docx inside the submission")
    if not candidate.exists():
        raise ReferenceDocError(f"reference_doc '{name}' does not exist (the path is relative "
                                "to the submission folder)")
    from toolkit.read.files import UnreadableFile, read_guarded

    try:  # a regular file of at most 20 MB, read once: the bytes checked are the bytes used
        data = read_guarded(candidate, "docx", root)
    except UnreadableFile as exc:
        raise ReferenceDocError(f"reference_doc '{name}': {exc.message}") from None
    return clean_reference(candidate, name, data)


def clean_reference(path: Path, name: str, data: bytes | None = None) -> CleanReference:
    """Rebuild the .docx at ``path`` from its safe parts; ``name`` is how messages call it.

    Only the zip directory is read first (sizes as declared; zipfile never inflates more
    than that), so a zip bomb is refused without being unpacked.
    """
    not_word = (f"reference_doc '{name}' is not a Word document (.docx): save it from Word or "
                f"LibreOffice as .docx, or {_EXPORT_HINT}")
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as package:
            infos = package.infolist()
            if (sum(info.file_size for info in infos) > MAX_REFERENCE_UNPACKED
                    or len(infos) > MAX_REFERENCE_PARTS):
                raise ReferenceDocError(
                    f"reference_doc '{name}' unpacks to more than "
                    f"{MAX_REFERENCE_UNPACKED // 2**20} MB: not a normal reference document; "
                    f"{_EXPORT_HINT}")
            return _Cleaner(package, path, name, not_word).run()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError,
            LookupError, EOFError, NotImplementedError, RuntimeError):
        raise ReferenceDocError(not_word) from None


# --------------------------------------------------------------------------- the rebuild


def _parser() -> etree.XMLParser:
    """No DTD, no entities, no network, no comments or processing instructions."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def _has_doctype(tree: etree._ElementTree) -> bool:
    info = tree.docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


@dataclass
class _Rel:
    type: str  # the last segment of the relationship type URI ("styles", "vbaProject" ...)
    target: str | None  # the part's zip name, or None if external or outside the package
    external: bool


class _Cleaner:
    """One rebuild: reads the package's directory and the parts it keeps, writes a new one."""

    def __init__(self, package: zipfile.ZipFile, path: Path, name: str, not_word: str):
        self.package = package
        self.path = path
        self.name = name
        self.not_word = not_word
        self.infos = {info.filename: info for info in package.infolist()
                      if not info.is_dir()}
        self.by_lower = {n.lower(): n for n in self.infos}  # OPC part names ignore case
        self.kinds: Counter[str] = Counter()
        self.macro_names: list[str] = []
        self.image_bytes = 0

    # ---------------------------------------------------------------- reading
    def _parse(self, member: str) -> etree._Element:
        """A part parsed safely; a DOCTYPE is refused, broken XML is "not a Word document"."""
        try:
            tree = etree.parse(io.BytesIO(self.package.read(member)), _parser())
        except etree.XMLSyntaxError:
            self._check_prolog(member)  # an entity a DOCTYPE declares elsewhere: say so
            raise ReferenceDocError(
                f"{self.not_word} (its part {member} is not well-formed XML)") from None
        if _has_doctype(tree):
            raise self._doctype_error(member)
        return tree.getroot()

    def _doctype_error(self, member: str) -> ReferenceDocError:
        return ReferenceDocError(
            f"reference_doc '{self.name}': its part {member} declares a DOCTYPE, which Word "
            "never writes (it can make a reader fetch local or remote files); open the "
            f"document in Word or LibreOffice and save it again as .docx, or {_EXPORT_HINT}")

    def _check_prolog(self, member: str) -> None:
        """Refuse a dropped XML part with a DOCTYPE, reading no further than its root tag."""
        pull = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True,
                                   load_dtd=False)
        read = 0
        try:
            with self.package.open(member) as stream:
                while read < _PROLOG_BYTES:
                    chunk = stream.read(65536)
                    if not chunk:
                        return
                    read += len(chunk)
                    pull.feed(chunk)
                    for _event, element in pull.read_events():
                        if _has_doctype(element.getroottree()):
                            raise self._doctype_error(member)
                        return
        except etree.XMLSyntaxError:
            return  # not XML after all, or broken: it is dropped either way

    def _member(self, partname: str) -> str | None:
        return self.by_lower.get(partname.lower())

    def _rels(self, source: str) -> list[_Rel]:
        """The relationships of part ``source`` ("" for the package), targets resolved."""
        folder, base = posixpath.split(source)
        member = self._member(posixpath.join(folder, "_rels", base + ".rels"))
        if member is None:
            return []
        rels = []
        for rel in self._parse(member).iter(f"{{{PKG_RELS}}}Relationship"):
            kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                rels.append(_Rel(kind, None, True))
                continue
            target = unquote(target.split("#", 1)[0])
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder,
                                                                                     target)
            normal = posixpath.normpath(joined)
            inside = normal != "." and not normal.startswith("../")
            rels.append(_Rel(kind, self._member(normal) if inside else None, False))
        return rels

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        member = self._member("[Content_Types].xml")
        if member is None:
            raise ReferenceDocError(self.not_word)
        root = self._parse(member)
        overrides = {(el.get("PartName") or "").lstrip("/").lower(): el.get("ContentType") or ""
                     for el in root.iter(f"{{{CONTENT_TYPES_NS}}}Override")}
        defaults = {(el.get("Extension") or "").lower(): el.get("ContentType") or ""
                    for el in root.iter(f"{{{CONTENT_TYPES_NS}}}Default")}
        return overrides, defaults

    # ---------------------------------------------------------------- the run
    def run(self) -> CleanReference:
        overrides, defaults = self._content_types()

        def content_type(member: str) -> str:
            ext = member.rsplit(".", 1)[-1].lower() if "." in member else ""
            return overrides.get(member.lower(), defaults.get(ext, ""))

        main = next((rel.target for rel in self._rels("")
                     if rel.type == "officeDocument" and rel.target), None)
        if main is None:
            raise ReferenceDocError(self.not_word)
        main_type = content_type(main)
        if main_type != _CT_MAIN and main_type not in _CT_MAIN_OTHER:
            raise ReferenceDocError(self.not_word)
        if _CT_MAIN_OTHER.get(main_type):
            self.kinds["macros"] += 1

        kept: dict[str, tuple[str, str]] = {}  # member → (output name, content type)
        for rel in self._rels(main):
            spec = next((s for s in _KEPT_PARTS if s[0] == rel.type), None)
            if spec and rel.target and spec[1] not in {k[0] for k in kept.values()}:
                kept[rel.target] = (spec[1], spec[2])
        styles_member = next((m for m, (out, _) in kept.items() if out == "word/styles.xml"),
                             None)
        if styles_member is None:
            raise ReferenceDocError(self.not_word)

        cleaners: dict[str, Callable[[etree._Element], None]] = {
            "word/settings.xml": self._clean_settings,
            "word/webSettings.xml": self._clean_web_settings,
            "word/fontTable.xml": self._clean_font_table,
            "word/numbering.xml": self._clean_numbering,
        }  # styles and theme need nothing beyond what every kept part gets
        parts: dict[str, bytes] = {}
        document = self._parse(main)
        for member, (out, _ct) in kept.items():
            root = self._parse(member)
            if out in cleaners:
                cleaners[out](root)
            _strip_hidden(root)
            parts[out] = _serialise(root)
            if out == "word/styles.xml":
                self._check_styles(root)
        parts["word/document.xml"] = _serialise(self._clean_document(document))

        self._survey(main, set(kept), content_type)
        names = ["word/document.xml", *parts.keys() - {"word/document.xml"}]
        types = {"word/document.xml": _CT_MAIN, **{out: ct for out, ct in kept.values()}}
        data = _package(parts, sorted(names), types)
        return CleanReference(self.path, self.name, data, self._dropped())

    def _check_styles(self, styles: etree._Element) -> None:
        defined = {style.get(f"{{{W}}}styleId") for style in styles.iter(f"{{{W}}}style")}
        missing = [style for style in REFERENCE_STYLES if style not in defined]
        if missing:
            raise ReferenceDocError(
                f"reference_doc '{self.name}' lacks styles: {', '.join(missing)}: "
                f"{_EXPORT_HINT} and restyle that copy")

    # ---------------------------------------------------------------- kept parts
    def _clean_document(self, document: etree._Element) -> etree._Element:
        """A new, empty body holding only the final section's page set-up."""
        new = etree.Element(f"{{{W}}}document", nsmap=document.nsmap)
        ignorable = document.get(f"{{{MC}}}Ignorable")
        if ignorable and MC in document.nsmap.values():
            declared = [p for p in ignorable.split() if p in document.nsmap]
            if declared:
                new.set(f"{{{MC}}}Ignorable", " ".join(declared))
        body = etree.SubElement(new, f"{{{W}}}body")
        old_body = document.find(f"{{{W}}}body")
        old_sect = old_body.find(f"{{{W}}}sectPr") if old_body is not None else None
        sect = etree.SubElement(body, f"{{{W}}}sectPr")
        if old_sect is None:
            return new
        for child in list(old_sect):
            if child.tag in _SECT_PR_KEPT:
                sect.append(child)
            elif child.tag in (f"{{{W}}}headerReference", f"{{{W}}}footerReference"):
                self.kinds["headers"] += 1
        _strip_hidden(new)
        return new

    def _clean_settings(self, settings: etree._Element) -> None:
        for child in list(settings):
            if child.tag in _SETTINGS_REPORTED:
                self.kinds[_SETTING_KIND[_SETTINGS_REPORTED[child.tag]]] += 1
            if child.tag not in _SETTINGS_KEPT:
                settings.remove(child)
        for notes in (settings.find(f"{{{W}}}footnotePr"), settings.find(f"{{{W}}}endnotePr")):
            if notes is not None:  # ids of separator notes in a footnotes part not taken
                for ref in notes.findall(f"{{{W}}}footnote") + notes.findall(f"{{{W}}}endnote"):
                    notes.remove(ref)

    def _clean_web_settings(self, web: etree._Element) -> None:
        for child in list(web):
            if child.tag not in _WEB_SETTINGS_KEPT:
                web.remove(child)

    def _clean_font_table(self, fonts: etree._Element) -> None:
        for embed in [el for el in fonts.iter() if el.tag in _EMBEDDED_FONTS]:
            self.kinds["fonts"] += 1
            embed.getparent().remove(embed)

    def _clean_numbering(self, numbering: etree._Element) -> None:
        """Picture bullets point at images, which are not taken: the bullet's text is used."""
        for tag in ("numPicBullet", "lvlPicBulletId"):
            for el in list(numbering.iter(f"{{{W}}}{tag}")):
                el.getparent().remove(el)

    # ---------------------------------------------------------------- what was left out
    def _survey(self, main: str, kept: set[str], content_type: Callable[[str], str]) -> None:
        """Count what the new package leaves out, from names and the zip directory only."""
        for member in self.infos:
            lower = member.lower()
            if member.endswith(".rels"):
                for rel in self._rels_of_rels_file(member):
                    if rel.external:
                        self.kinds["attached template" if rel.type == "attachedTemplate"
                                   else "external"] += 1
                continue
            if member == main or member in kept or lower == "[content_types].xml":
                continue
            ctype = content_type(member).lower()
            if ctype.endswith("xml") or lower.endswith(".xml"):
                self._check_prolog(member)
            kind = self._kind(lower, ctype)
            if kind == "macros":
                self.macro_names.append(member)
            if kind == "images":
                self.image_bytes += self.infos[member].file_size
            if kind:
                self.kinds[kind] += 1

    def _rels_of_rels_file(self, member: str) -> list[_Rel]:
        folder, base = posixpath.split(member)
        source_folder = posixpath.dirname(folder)
        source = posixpath.join(source_folder, base[: -len(".rels")]) if base != ".rels" else ""
        return self._rels(source)

    def _kind(self, lower: str, ctype: str) -> str | None:
        """What a dropped part is, for the warning; None for parts dropped silently."""
        if lower.endswith(("vbaproject.bin", "vbadata.xml")):
            return "macros"
        if "/activex/" in lower or "activex" in ctype:
            return "activex"
        if "/embeddings/" in lower or "oleobject" in ctype:  # names first: .bin is ambiguous
            return "embedded"
        if ("vbaproject" in ctype or "vbadata" in ctype or "keymapcustomizations" in ctype
                or "attachedtoolbars" in ctype):
            return "macros"
        if "webextension" in ctype or "taskpane" in ctype or "webextensions/" in lower:
            return "addins"
        if ("comments" in ctype or "commentsextended" in ctype
                or re.search(r"(^|/)comments\w*\.xml$", lower)):
            return "comments"
        if lower.startswith("customxml/"):  # item properties and rels go with their item
            item = re.fullmatch(r"customxml/item\d+\.xml", lower)
            return "custom xml" if item and self._holds_data(lower, "Sources") else None
        if lower == "docprops/custom.xml" or "custom-properties" in ctype:
            return "custom properties" if self._holds_data(lower, "Properties") else None
        if "header+xml" in ctype or "footer+xml" in ctype:
            return "headers"
        if lower.startswith("word/glossary/"):
            return "glossary"
        if ("obfuscatedfont" in ctype or ctype.startswith(("font/", "application/x-font"))
                or "/fonts/" in lower):
            return "fonts"
        if (lower.startswith("docprops/") or "footnotes" in ctype or "endnotes" in ctype
                or "styleswitheffects" in ctype or "people+xml" in ctype
                or "printersettings" in ctype or "/printersettings/" in lower
                or re.search(r"(^|/)(people|footnotes|endnotes|styleswitheffects)\.xml$",
                             lower)):
            return None  # document properties, thumbnail, revision authors, separators
        if ctype.startswith("image/") or "/media/" in lower:
            return "images"
        return "other"

    def _holds_data(self, lower: str, empty_root: str) -> bool:
        """False for an empty list (Word adds an empty bibliography, LibreOffice empty custom
        properties, to many documents): not worth a word in the warning."""
        member = self.by_lower[lower]
        if self.infos[member].file_size > 65536:
            return True
        try:
            root = self._parse(member)
        except ReferenceDocError as exc:
            if "DOCTYPE" in str(exc):
                raise
            return True
        return not (etree.QName(root).localname == empty_root and len(root) == 0)

    def _dropped(self) -> tuple[str, ...]:
        items = []
        for kind, template in _REPORTED.items():
            n = self.kinds[kind]
            if not n:
                continue
            names = ", ".join(self.macro_names) or "a macro-enabled document"
            mb = f"{self.image_bytes / 2**20:.1f} MB"
            items.append(template.format(n=n, s=_plural(n), names=names, mb=mb))
        return tuple(items)


def _foreign(name: str) -> bool:
    """An element or attribute name of a namespace no kept part uses."""
    return name.startswith("{") and not name[1:name.index("}")].startswith(_KEPT_NAMESPACES)


def _strip_hidden(root: etree._Element) -> None:
    """Remove what no kept part may carry: links to parts (none are kept), revision marks
    and ids, and elements or attributes of namespaces a reference document does not use."""
    r_prefix, rsid_prefix = f"{{{R}}}", f"{{{W}}}rsid"
    doomed_tags: dict[str, bool] = {}  # a few dozen names recur thousands of times
    doomed_attrs: dict[str, bool] = {}
    doomed = []
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag not in doomed_tags:
            doomed_tags[tag] = tag in _REVISIONS or not tag.startswith("{") or _foreign(tag)
        attrs = el.keys()
        if doomed_tags[tag] or _O_RELID in attrs or any(a.startswith(r_prefix) for a in attrs):
            doomed.append(el)
            continue
        for attr in attrs:
            if attr not in doomed_attrs:
                doomed_attrs[attr] = attr.startswith(rsid_prefix) or _foreign(attr)
            if doomed_attrs[attr]:
                del el.attrib[attr]
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_DATE = (1980, 1, 1, 0, 0, 0)
_CORE = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
         b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
         b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
         b'xmlns:dcterms="http://purl.org/dc/terms/" '
         b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>')
_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _package(parts: dict[str, bytes], names: list[str], types: dict[str, str]) -> bytes:
    """The new .docx: the kept parts, fresh core properties, consistent types and rels."""
    ct = etree.Element(f"{{{CONTENT_TYPES_NS}}}Types", nsmap={None: CONTENT_TYPES_NS})
    etree.SubElement(ct, f"{{{CONTENT_TYPES_NS}}}Default", Extension="rels",
                     ContentType="application/vnd.openxmlformats-package.relationships+xml")
    etree.SubElement(ct, f"{{{CONTENT_TYPES_NS}}}Default", Extension="xml",
                     ContentType="application/xml")
    etree.SubElement(ct, f"{{{CONTENT_TYPES_NS}}}Override", PartName="/docProps/core.xml",
                     ContentType="application/vnd.openxmlformats-package.core-properties+xml")
    for name in names:
        etree.SubElement(ct, f"{{{CONTENT_TYPES_NS}}}Override", PartName="/" + name,
                         ContentType=types[name])

    def rels(entries: list[tuple[str, str]]) -> bytes:
        root = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
        for i, (kind, target) in enumerate(entries, 1):
            etree.SubElement(root, f"{{{PKG_RELS}}}Relationship", Id=f"rId{i}", Type=kind,
                             Target=target)
        return _serialise(root)

    kind_of = {out: kind for kind, out, _ in _KEPT_PARTS}
    members = {
        "[Content_Types].xml": _serialise(ct),
        "_rels/.rels": rels([
            (_OD + "officeDocument", "word/document.xml"),
            ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
             "core-properties", "docProps/core.xml")]),
        "docProps/core.xml": _CORE,
        "word/_rels/document.xml.rels": rels([
            (_OD + kind_of[name], name.removeprefix("word/"))
            for name in names if name in kind_of]),
        **parts,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(zipfile.ZipInfo(name, date_time=_DATE), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
