"""Low-level WordprocessingML helpers that python-docx 1.2 does not provide.

python-docx has no API for footnotes, bookmarks, complex fields, internal hyperlinks or a
pre-filled table of contents, and its default package is neither schema-valid
(``w:zoom`` lacks ``w:percent``) nor byte-reproducible. This module fills those gaps by
working directly on lxml elements: python-docx's ``CT_P``/``CT_R`` classes *are* lxml
elements, so the DOCX writer can build thousands of runs without proxy-object overhead.

Every element is inserted in the order the ECMA-376 schema requires, so the output
validates against the transitional XSDs (see ``../shared/ooxml-schemas``).
"""

from __future__ import annotations

import io
import re
import weakref
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from lxml import etree

if TYPE_CHECKING:
    from docx.document import Document
    from docx.package import Package
    from docx.parts.comments import CommentsPart

__all__ = [
    "FootnotesPart",
    "TocEntry",
    "add_bookmark",
    "add_footnote",
    "append_field",
    "append_footnote_reference",
    "append_hyperlink",
    "append_paragraph",
    "append_run",
    "docx_bytes",
    "fix_settings",
    "footnotes_part",
    "get_or_add_comments_part",
    "get_or_add_footnotes_part",
    "insert_toc",
    "set_document_language",
    "set_page_number_footer",
    "validate_bookmark_name",
]

Element = etree._Element
"""Any lxml element (python-docx's CT_* classes included)."""

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Tags resolved once: qn() is cheap but these are used for every run of a long report.
_W_P = qn("w:p")
_W_PPR = qn("w:pPr")
_W_PSTYLE = qn("w:pStyle")
_W_R = qn("w:r")
_W_RPR = qn("w:rPr")
_W_RSTYLE = qn("w:rStyle")
_W_B = qn("w:b")
_W_BCS = qn("w:bCs")
_W_I = qn("w:i")
_W_ICS = qn("w:iCs")
_W_VERTALIGN = qn("w:vertAlign")
_W_LANG = qn("w:lang")
_W_T = qn("w:t")
_W_TAB = qn("w:tab")
_W_BR = qn("w:br")
_W_VAL = qn("w:val")
_W_ID = qn("w:id")
_W_NAME = qn("w:name")
_W_TYPE = qn("w:type")
_W_HYPERLINK = qn("w:hyperlink")
_W_ANCHOR = qn("w:anchor")
_W_HISTORY = qn("w:history")
_R_ID = qn("r:id")
_W_BOOKMARK_START = qn("w:bookmarkStart")
_W_BOOKMARK_END = qn("w:bookmarkEnd")
_W_FLDCHAR = qn("w:fldChar")
_W_FLDCHARTYPE = qn("w:fldCharType")
_W_INSTRTEXT = qn("w:instrText")
_W_FOOTNOTE = qn("w:footnote")
_W_FOOTNOTEREF = qn("w:footnoteRef")
_W_FOOTNOTEREFERENCE = qn("w:footnoteReference")
_W_JC = qn("w:jc")


# --------------------------------------------------------------------------- runs


def _sub(parent: Element, tag: str, attrib: dict[str, str] | None = None) -> Element:
    """Append a child; lxml's SubElement keeps python-docx's custom element classes."""
    return etree.SubElement(parent, tag, attrib) if attrib else etree.SubElement(parent, tag)


def _make_rpr(
    run: Element,
    *,
    bold: bool = False,
    italic: bool = False,
    style: str | None = None,
    lang: str | None = None,
    superscript: bool = False,
) -> None:
    """Add a w:rPr to ``run`` with children in EG_RPrBase order (Word rejects other orders)."""
    if not (bold or italic or style or lang or superscript):
        return
    rpr = _sub(run, _W_RPR)
    if style:
        _sub(rpr, _W_RSTYLE, {_W_VAL: style})
    if bold:
        _sub(rpr, _W_B)
        _sub(rpr, _W_BCS)
    if italic:
        _sub(rpr, _W_I)
        _sub(rpr, _W_ICS)
    if superscript:
        _sub(rpr, _W_VERTALIGN, {_W_VAL: "superscript"})
    if lang:
        _sub(rpr, _W_LANG, {_W_VAL: lang})


_SPECIAL = re.compile(r"(\t|\n)")


def _add_text(run: Element, text: str, tag: str = _W_T) -> None:
    """Append ``text`` to ``run`` as w:t / w:tab / w:br children."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _SPECIAL.split(text) if ("\t" in text or "\n" in text) else [text]
    for part in parts:
        if not part:
            continue
        if part == "\t":
            _sub(run, _W_TAB)
        elif part == "\n":
            _sub(run, _W_BR)
        else:
            t = _sub(run, tag)
            t.text = part
            if part[0].isspace() or part[-1].isspace() or "  " in part:
                t.set(_XML_SPACE, "preserve")


def append_run(
    container: Element,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style: str | None = None,
    lang: str | None = None,
    superscript: bool = False,
) -> Element:
    """Append a w:r holding ``text`` to a w:p or w:hyperlink and return it.

    "\\t" becomes w:tab and "\\n" w:br; ``style`` is a character style id.
    """
    run = _sub(container, _W_R)
    _make_rpr(run, bold=bold, italic=italic, style=style, lang=lang, superscript=superscript)
    if text:
        _add_text(run, text)
    return run


def append_hyperlink(
    paragraph_p: Element,
    *,
    part: Part,
    url: str | None = None,
    anchor: str | None = None,
) -> Element:
    """Append an empty w:hyperlink (external ``url`` or internal bookmark ``anchor``).

    ``part`` must be the part whose XML holds ``paragraph_p`` (document part, footnotes
    part, header part ...), because an external link's relationship lives there.
    The caller then fills it with ``append_run(link, ..., style="Hyperlink")``.
    """
    if (url is None) == (anchor is None):
        raise ValueError("append_hyperlink needs exactly one of url= or anchor=")
    link = _sub(paragraph_p, _W_HYPERLINK)
    if url is not None:
        link.set(_R_ID, part.relate_to(url, RT.HYPERLINK, is_external=True))
    else:
        link.set(_W_ANCHOR, cast(str, anchor))
    link.set(_W_HISTORY, "1")
    return link


# --------------------------------------------------------------------------- bookmarks

_BOOKMARK_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


def validate_bookmark_name(name: str) -> str:
    """Raise ValueError unless ``name`` follows Word's rule for user bookmarks.

    Word silently drops or renames bookmarks longer than 40 characters or not starting
    with a letter, which would break every hyperlink and PAGEREF pointing at them.
    """
    if not isinstance(name, str) or not _BOOKMARK_NAME.fullmatch(name):
        raise ValueError(
            f"invalid bookmark name {name!r}: use 1-40 characters [A-Za-z0-9_], "
            "starting with a letter"
        )
    return name


@dataclass
class _BookmarkState:
    next_id: int
    names: set[str]


# Keyed by the part's root element (kept alive by its python-docx part), so ids are
# unique per part without an O(n) scan per bookmark; rebuilt by a scan if ever lost.
_BOOKMARKS: weakref.WeakKeyDictionary[Element, _BookmarkState] = weakref.WeakKeyDictionary()


def _bookmark_state(root: Element) -> _BookmarkState:
    state = _BOOKMARKS.get(root)
    if state is None:
        ids = [0]
        names: set[str] = set()
        for start in root.iter(_W_BOOKMARK_START):
            value = start.get(_W_ID, "")
            if value.lstrip("-").isdigit():
                ids.append(int(value))
            names.add(start.get(_W_NAME, ""))
        state = _BookmarkState(max(ids) + 1, names)
        _BOOKMARKS[root] = state
    return state


def add_bookmark(paragraph_p: Element, name: str) -> None:
    """Bookmark the whole content of ``paragraph_p`` under ``name``.

    bookmarkStart goes right after w:pPr and bookmarkEnd last, so call this after the
    paragraph's runs are in place. The paragraph must already be in its part's tree
    (ids are numbered per part); duplicate names raise ValueError.
    """
    validate_bookmark_name(name)
    root = paragraph_p.getroottree().getroot()
    if root is paragraph_p:
        raise ValueError("attach the paragraph to its document before bookmarking it")
    state = _bookmark_state(root)
    if name in state.names:
        raise ValueError(f"duplicate bookmark name {name!r}")
    bm_id = str(state.next_id)
    state.next_id += 1
    state.names.add(name)
    start = paragraph_p.makeelement(_W_BOOKMARK_START, {_W_ID: bm_id, _W_NAME: name})
    first = paragraph_p[0] if len(paragraph_p) else None
    if first is not None and first.tag == _W_PPR:
        first.addnext(start)
    else:
        paragraph_p.insert(0, start)
    _sub(paragraph_p, _W_BOOKMARK_END, {_W_ID: bm_id})


# --------------------------------------------------------------------------- fields


def _field_char(container: Element, kind: str, rpr: dict[str, str | None]) -> None:
    run = _sub(container, _W_R)
    _make_rpr(run, style=rpr["style"], lang=rpr["lang"])
    _sub(run, _W_FLDCHAR, {_W_FLDCHARTYPE: kind})


def _field_begin(container: Element, instruction: str, rpr: dict[str, str | None]) -> None:
    _field_char(container, "begin", rpr)
    run = _sub(container, _W_R)
    _make_rpr(run, style=rpr["style"], lang=rpr["lang"])
    instr = _sub(run, _W_INSTRTEXT)
    instr.text = f" {instruction.strip()} "
    instr.set(_XML_SPACE, "preserve")
    _field_char(container, "separate", rpr)


def append_field(
    container: Element,
    instruction: str,
    cached_text: str = "",
    *,
    style: str | None = None,
    lang: str | None = None,
) -> None:
    """Append a complex field (begin, instrText, separate, cached result, end).

    A complex field rather than w:fldSimple because Word and LibreOffice both keep and
    update it, and the cached result is what readers without field support display.
    """
    rpr: dict[str, str | None] = {"style": style, "lang": lang}
    _field_begin(container, instruction, rpr)
    if cached_text:
        append_run(container, cached_text, style=style, lang=lang)
    _field_char(container, "end", rpr)


# --------------------------------------------------------------------------- footnotes

_FOOTNOTES_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


class FootnotesPart(XmlPart):
    """The ``/word/footnotes.xml`` part, modelled on python-docx's CommentsPart.

    Holds Word's two separator footnotes (ids -1 and 0) and hands out ids 1, 2, 3 ...
    from a counter, so adding a footnote is O(1).
    """

    _next_id: int | None = None

    @classmethod
    def default(cls, package: Package) -> FootnotesPart:
        """A new footnotes part holding only the separator and continuation separator."""
        partname = PackURI("/word/footnotes.xml")
        return cls(partname, CT.WML_FOOTNOTES, parse_xml(_FOOTNOTES_XML.encode()), package)

    def next_footnote_id(self) -> int:
        """Reserve and return the next free footnote id (>= 1)."""
        if self._next_id is None:
            ids = [0]
            for fn in self.element.iterchildren(_W_FOOTNOTE):
                value = fn.get(_W_ID, "")
                if value.lstrip("-").isdigit():
                    ids.append(int(value))
            self._next_id = max(ids) + 1
        footnote_id = self._next_id
        self._next_id += 1
        return footnote_id


def get_or_add_footnotes_part(document: Document) -> FootnotesPart:
    """Return the document's footnotes part, creating it (and settings.xml's footnotePr).

    python-docx loads a footnotes part of a reopened package as an opaque Part; it is
    turned into a FootnotesPart here, for this document only (python-docx's PartFactory,
    shared by every caller in the process, is left as it is).
    """
    doc_part = document.part
    try:
        part = doc_part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        part = FootnotesPart.default(doc_part.package)
        doc_part.relate_to(part, RT.FOOTNOTES)
        _ensure_footnote_pr(document.settings.element)
    if not isinstance(part, FootnotesPart):
        loaded = FootnotesPart(part.partname, part.content_type, parse_xml(part.blob),
                               part.package)
        for rel in doc_part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                rel._target = loaded
        part = loaded
    return part


def get_or_add_comments_part(document: Document) -> CommentsPart:
    """The document's comments part (``/word/comments.xml``), created if absent.

    python-docx 1.2's own CommentsPart; the writer appends ``w:comment`` elements to it
    in batches rather than through ``Document.add_comment`` (which anchors to Run proxies
    the batch writer never creates).
    """
    from docx.parts.comments import CommentsPart

    doc_part = document.part
    try:
        part = doc_part.part_related_by(RT.COMMENTS)
    except KeyError:
        part = CommentsPart.default(doc_part.package)
        doc_part.relate_to(part, RT.COMMENTS)
    return cast("CommentsPart", part)


_COMMENT_MARKS = re.compile(
    rb"<w:commentRange(?:Start|End) [^>]*/>"
    rb"|<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:commentReference [^>]*/></w:r>")
_COMMENTS_REL = re.compile(rb"<Relationship [^>]*/comments[^>]*/>")
_COMMENTS_TYPE = re.compile(rb"<Override [^>]*PartName=\"/word/comments\.xml\"[^>]*/>")


def without_comments(data: bytes) -> bytes:
    """A DOCX written by the toolkit, minus its comments part and every comment mark
    (what the DOCX writer's comments look like, nothing more general)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in source.infolist():
            if info.filename == "word/comments.xml":
                continue
            member = source.read(info)
            if info.filename == "word/document.xml":
                member = _COMMENT_MARKS.sub(b"", member)
            elif info.filename == "word/_rels/document.xml.rels":
                member = _COMMENTS_REL.sub(b"", member)
            elif info.filename == "[Content_Types].xml":
                member = _COMMENTS_TYPE.sub(b"", member)
            dst.writestr(info, member)
    return out.getvalue()


footnotes_part = get_or_add_footnotes_part
"""Alias: the part to pass to ``append_hyperlink`` for links inside footnotes."""


def add_footnote(document: Document, *, lang: str | None = None,
                 part: FootnotesPart | None = None) -> tuple[int, Element]:
    """Create the next footnote and return ``(id, paragraph)`` for the caller to fill.

    The paragraph (style FootnoteText) already holds the footnoteRef mark and a space.
    Hyperlinks in it must use ``part=footnotes_part(document)``; a caller adding many
    notes passes that part in to skip looking it up each time.
    """
    part = part or get_or_add_footnotes_part(document)
    footnote_id = part.next_footnote_id()
    footnote = _sub(part.element, _W_FOOTNOTE, {_W_ID: str(footnote_id)})
    p = _sub(footnote, _W_P)
    _sub(_sub(p, _W_PPR), _W_PSTYLE, {_W_VAL: "FootnoteText"})
    mark = _sub(p, _W_R)
    _make_rpr(mark, style="FootnoteReference", lang=lang)
    _sub(mark, _W_FOOTNOTEREF)
    append_run(p, " ", lang=lang)
    return footnote_id, p


def append_footnote_reference(paragraph_p: Element, footnote_id: int) -> Element:
    """Append the superscript reference mark of footnote ``footnote_id`` and return the run."""
    run = _sub(paragraph_p, _W_R)
    _make_rpr(run, style="FootnoteReference")
    _sub(run, _W_FOOTNOTEREFERENCE, {_W_ID: str(footnote_id)})
    return run


# --------------------------------------------------------------------------- TOC


@dataclass
class TocEntry:
    """One line of the cached table of contents: heading text and its bookmark."""

    level: int
    text: str
    anchor: str
    page: str = ""

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"TOC level must be 1, 2 or 3, got {self.level!r}")
        validate_bookmark_name(self.anchor)


def append_paragraph(document: Document, style: str | None = None) -> Element:
    """Append a w:p (paragraph style id ``style``) at the end of the body and return it.

    Goes before the body's final w:sectPr, like python-docx's add_paragraph, but takes a
    style *id* and skips the proxy objects.
    """
    body = document.element.body
    p = body.makeelement(_W_P, {})
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is not None:
        sect_pr.addprevious(p)
    else:
        body.append(p)
    if style:
        _sub(_sub(p, _W_PPR), _W_PSTYLE, {_W_VAL: style})
    return p


def insert_toc(
    document: Document,
    entries: Sequence[TocEntry],
    *,
    title: str,
    instruction: str = 'TOC \\o "1-3" \\h \\z \\u',
    lang: str | None = None,
) -> None:
    """Append a title (TOCHeading) and a real TOC field at the end of the body.

    The field's cached result already lists every entry (TOC1..TOC3 paragraphs, each a
    hyperlink to its bookmark plus a PAGEREF field), so the TOC is usable before Word
    updates fields; pressing F9 in Word regenerates it with real page numbers.
    """
    title_p = append_paragraph(document, "TOCHeading")
    append_run(title_p, title, lang=lang)
    rpr: dict[str, str | None] = {"style": None, "lang": lang}
    if not entries:
        p = append_paragraph(document, "TOC1")
        _field_begin(p, instruction, rpr)
        _field_char(p, "end", rpr)
        return
    last = len(entries) - 1
    for index, entry in enumerate(entries):
        p = append_paragraph(document, f"TOC{entry.level}")
        if index == 0:
            _field_begin(p, instruction, rpr)
        link = _sub(p, _W_HYPERLINK, {_W_ANCHOR: entry.anchor, _W_HISTORY: "1"})
        append_run(link, entry.text, lang=lang)
        append_run(link, "\t", lang=lang)
        append_field(link, f"PAGEREF {entry.anchor} \\h", entry.page, lang=lang)
        if index == last:
            _field_char(p, "end", rpr)


# --------------------------------------------------------------------------- styles, settings

# CT_Settings child order from ECMA-376 wml.xsd; settings children must follow it.
_SETTINGS_ORDER = [
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
    "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace",
    "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
    "rsids", "m:mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "sl:schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
]  # fmt: skip
_SETTINGS_RANK = {(qn(n) if ":" in n else qn("w:" + n)): i for i, n in enumerate(_SETTINGS_ORDER)}


def _get_or_insert_ordered(
    parent: Element, tag: str, rank: dict[str, int], attrib: dict[str, str] | None = None
) -> Element:
    """Return ``parent``'s ``tag`` child, inserting it at its schema position if missing."""
    found = parent.find(tag)
    if found is not None:
        return found
    child = parent.makeelement(tag, attrib or {})
    my_rank = rank[tag]
    for sibling in parent:
        if rank.get(sibling.tag, -1) > my_rank:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def _ensure_footnote_pr(settings: Element) -> None:
    """Point settings at the separator footnotes (-1, 0), as Word itself writes."""
    footnote_pr = _get_or_insert_ordered(settings, qn("w:footnotePr"), _SETTINGS_RANK)
    if footnote_pr.find(_W_FOOTNOTE) is None:
        _sub(footnote_pr, _W_FOOTNOTE, {_W_ID: "-1"})
        _sub(footnote_pr, _W_FOOTNOTE, {_W_ID: "0"})


def fix_settings(document: Document, *, update_fields: bool = False) -> None:
    """Make settings.xml schema-valid and consistent; safe to call repeatedly.

    Adds the required ``w:percent`` to ``w:zoom``, and ``w:footnotePr`` when the document
    has footnotes. ``update_fields=True`` asks Word to refresh fields (TOC page numbers)
    on opening; Word then shows a confirmation prompt, hence off by default.
    """
    settings = document.settings.element
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")
    try:
        document.part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        pass
    else:
        _ensure_footnote_pr(settings)
    if update_fields:
        _get_or_insert_ordered(settings, qn("w:updateFields"), _SETTINGS_RANK).set(_W_VAL, "true")


def set_document_language(document: Document, lang: str) -> None:
    """Set the default proofing language (docDefaults rPr w:lang/@w:val) in styles.xml.

    w:eastAsia and w:bidi are left alone: they govern other scripts' proofing.
    """
    styles = document.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    if doc_defaults is None:
        doc_defaults = styles.makeelement(qn("w:docDefaults"), {})
        styles.insert(0, doc_defaults)
    rpr_default = doc_defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = doc_defaults.makeelement(qn("w:rPrDefault"), {})
        doc_defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_W_RPR)
    if rpr is None:
        rpr = _sub(rpr_default, _W_RPR)
    lang_el = rpr.find(_W_LANG)
    if lang_el is None:
        lang_el = rpr.makeelement(_W_LANG, {})
        # w:lang comes after everything except eastAsianLayout/specVanish/oMath/rPrChange.
        later = {qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath"), qn("w:rPrChange")}
        for child in rpr:
            if child.tag in later:
                child.addprevious(lang_el)
                break
        else:
            rpr.append(lang_el)
    lang_el.set(_W_VAL, lang)


# --------------------------------------------------------------------------- header/footer


def _reset_story(story: Element, style: str, jc: str | None = None) -> Element:
    """Empty a w:hdr/w:ftr and give it one paragraph styled ``style``."""
    for child in list(story):
        story.remove(child)
    p = _sub(story, _W_P)
    ppr = _sub(p, _W_PPR)
    _sub(ppr, _W_PSTYLE, {_W_VAL: style})
    if jc:
        _sub(ppr, _W_JC, {_W_VAL: jc})
    return p


def set_page_number_footer(
    document: Document,
    running_title: str,
    *,
    lang: str | None = None,
    different_first_page: bool = False,
    mark: str | None = None,
    footer_text: str = "",
) -> None:
    """Give every section a running-title header and a centred PAGE-number footer.

    ``different_first_page=True`` leaves the first page of each section (the cover)
    with an empty header and footer. ``mark`` (a draft build's "DRAFT") is printed bold
    at the top of *every* page's header, the first page's included; ``footer_text``
    goes before the page number.
    """
    for section in document.sections:
        header_root = section.header.part.element
        header = _reset_story(header_root, "Header")
        append_run(header, running_title, lang=lang)
        if mark:
            _mark_paragraph(header_root, header, mark, lang)
        footer = _reset_story(section.footer.part.element, "Footer", jc="center")
        if footer_text:
            append_run(footer, f"{footer_text} ", lang=lang)
        append_field(footer, "PAGE", "1", lang=lang)
        section.different_first_page_header_footer = different_first_page
        if different_first_page:
            first = section.first_page_header.part.element
            first_p = _reset_story(first, "Header")
            if mark:
                _mark_paragraph(first, first_p, mark, lang)
            _reset_story(section.first_page_footer.part.element, "Footer", jc="center")


def _mark_paragraph(story: Element, before: Element, mark: str, lang: str | None) -> None:
    """A right-aligned bold paragraph holding ``mark``, first in a header story."""
    p = story.makeelement(_W_P, {})
    before.addprevious(p)
    ppr = _sub(p, _W_PPR)
    _sub(ppr, _W_PSTYLE, {_W_VAL: "Header"})
    _sub(ppr, _W_JC, {_W_VAL: "right"})
    append_run(p, mark, bold=True, lang=lang)


# --------------------------------------------------------------------------- output

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _zip_order(names: Iterable[str]) -> list[str]:
    """[Content_Types].xml first (some consumers sniff it), then the rest sorted."""
    names = list(names)
    first = [n for n in names if n == "[Content_Types].xml"]
    return first + sorted(n for n in names if n != "[Content_Types].xml")


def docx_bytes(document: Document, *, modified: datetime,
               splices: dict[bytes, bytes] | None = None) -> bytes:
    """Serialise ``document`` reproducibly: same input, byte-identical output.

    Core properties are pinned (created = modified = ``modified``, revision 1, empty
    last-modified-by), and the zip is rewritten with fixed timestamps and entry order.
    ``splices``: serialised body content to put in place of each placeholder (see
    :class:`BodySplice`) in the main document part.
    """
    if modified.tzinfo is not None:
        modified = modified.astimezone(UTC).replace(tzinfo=None)
    props = document.core_properties
    props.created = modified
    props.modified = modified
    props.last_modified_by = ""
    props.revision = 1
    # What python-docx's PackageWriter writes, but compressed once, straight into a zip
    # with fixed timestamps and order (saving and then rewriting would deflate twice).
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    members = {
        "[Content_Types].xml": _ContentTypesItem.from_parts(parts).blob,
        "_rels/.rels": package.rels.xml,
    }
    for part in parts:
        blob = part.blob
        if splices and part is document.part:
            for placeholder, content in splices.items():
                blob = blob.replace(placeholder, content, 1)
        members[part.partname.membername] = blob
        if len(part.rels):
            members[part.partname.rels_uri.membername] = part.rels.xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in _zip_order(members):
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, members[name])
    return out.getvalue()


# --------------------------------------------------------------------------- paragraphs, tables


def set_paragraph_style(paragraph_p: Element, style: str) -> None:
    """Give an existing w:p the paragraph style id ``style`` (pStyle is pPr's first child)."""
    ppr = paragraph_p.find(_W_PPR)
    if ppr is None:
        ppr = paragraph_p.makeelement(_W_PPR, {})
        paragraph_p.insert(0, ppr)
    pstyle = ppr.find(_W_PSTYLE)
    if pstyle is None:
        pstyle = ppr.makeelement(_W_PSTYLE, {})
        ppr.insert(0, pstyle)
    pstyle.set(_W_VAL, style)


def repeat_header_row(tr: Element) -> None:
    """Mark a table row as a header row, repeated on every page the table spans."""
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = tr.makeelement(qn("w:trPr"), {})
        tbl_pr_ex = tr.find(qn("w:tblPrEx"))
        if tbl_pr_ex is not None:
            tbl_pr_ex.addnext(trpr)
        else:
            tr.insert(0, trpr)
    if trpr.find(qn("w:tblHeader")) is None:
        _sub(trpr, qn("w:tblHeader"))


def shade_paragraph(paragraph_p: Element, fill: str = "FFF2CC") -> None:
    """Shade a paragraph (draft builds mark text still waiting for translation); w:shd
    goes in its CT_PPr place, after w:pStyle and w:numPr, before w:tabs and w:ind."""
    ppr = paragraph_p.find(_W_PPR)
    if ppr is None:
        ppr = paragraph_p.makeelement(_W_PPR, {})
        paragraph_p.insert(0, ppr)
    shd = ppr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto",
                                        qn("w:fill"): fill})
    _insert_in_order(ppr, shd, _PPR_AFTER_SHD)


# --------------------------------------------------------------------------- lists

_LIST_NAMES = {"bullet": "shadow-report-bullet", "lettered": "shadow-report-lettered"}
_LIST_LEVEL = {  # numFmt, lvlText: "•" or "(a)", "(b)" … as UN documents letter sub-items
    "bullet": ("bullet", "\u2022"),
    "lettered": ("lowerLetter", "(%1)"),
}
LIST_INDENT = 1134  # twips: items stand under the text of a numbered paragraph
LIST_HANGING = 567


def add_list_numbering(document: Document, kind: str) -> int:
    """A new Word list (w:num) of ``kind``, restarting at its first item; returns its numId.

    One abstract definition per kind is added to numbering.xml (abstract definitions come
    before w:num elements in CT_Numbering), and every list gets its own w:num so that a
    lettered list starts again at (a).
    """
    numbering = document.part.numbering_part.element
    name = _LIST_NAMES[kind]
    abstract_id = None
    for abstract in numbering.iterchildren(qn("w:abstractNum")):
        named = abstract.find(qn("w:name"))
        if named is not None and named.get(qn("w:val")) == name:
            abstract_id = int(abstract.get(qn("w:abstractNumId")))
    if abstract_id is None:
        ids = [int(a.get(qn("w:abstractNumId")))
               for a in numbering.iterchildren(qn("w:abstractNum"))]
        abstract_id = max(ids, default=-1) + 1
        fmt, text = _LIST_LEVEL[kind]
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'<w:name w:val="{name}"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{LIST_INDENT}" w:hanging="{LIST_HANGING}"/></w:pPr>'
            '</w:lvl></w:abstractNum>'
        )
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    nums = [int(n.get(qn("w:numId"))) for n in numbering.iterchildren(qn("w:num"))]
    num_id = max(nums, default=0) + 1
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    ))
    return num_id


def set_numbering(paragraph_p: Element, num_id: int, *, indent: int = LIST_INDENT) -> None:
    """Make a paragraph an item of list ``num_id`` (w:numPr right after w:pStyle, w:ind
    later in CT_PPr order), indented by ``indent`` twips with a hanging marker."""
    ppr = paragraph_p.find(_W_PPR)
    if ppr is None:
        ppr = paragraph_p.makeelement(_W_PPR, {})
        paragraph_p.insert(0, ppr)
    numpr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                      f'<w:numId w:val="{num_id}"/></w:numPr>')
    pstyle = ppr.find(_W_PSTYLE)
    if pstyle is not None:
        pstyle.addnext(numpr)
    else:
        ppr.insert(0, numpr)
    ind = ppr.makeelement(qn("w:ind"), {qn("w:left"): str(indent),
                                         qn("w:hanging"): str(LIST_HANGING)})
    _insert_in_order(ppr, ind, _PPR_AFTER_IND)


# CT_PPr children that come after w:shd, and after w:ind (ECMA-376 order).
_PPR_AFTER_SHD = tuple(qn(f"w:{tag}") for tag in (
    "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
    "pPrChange"))
_PPR_AFTER_IND = tuple(qn(f"w:{tag}") for tag in (
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
    "pPrChange"))


def _insert_in_order(parent: Element, child: Element, successors: tuple[str, ...]) -> None:
    """Insert ``child`` before the first of its schema successors (or append it)."""
    for existing in parent:
        if existing.tag in successors:
            existing.addprevious(child)
            return
    parent.append(child)


# --------------------------------------------------------------------------- serialised runs
#
# A long report is tens of thousands of runs. Building each as lxml elements costs several
# microseconds per element; writing the same WordprocessingML as text and parsing it once
# (lxml's parser is C) is several times faster. These helpers give the exact markup
# :func:`append_run` builds, as strings; :func:`parse_fragment` turns a batch into elements.

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def xml_escape(text: str) -> str:
    """Text or attribute value as XML character data."""
    return text.translate(_ESCAPE)


def rpr_xml(*, bold: bool = False, italic: bool = False, style: str | None = None,
            lang: str | None = None) -> str:
    """A w:rPr (children in EG_RPrBase order), or "" when there is nothing to say."""
    if not (bold or italic or style or lang):
        return ""
    out = ["<w:rPr>"]
    if style:
        out.append(f'<w:rStyle w:val="{xml_escape(style)}"/>')
    if bold:
        out.append("<w:b/><w:bCs/>")
    if italic:
        out.append("<w:i/><w:iCs/>")
    if lang:
        out.append(f'<w:lang w:val="{xml_escape(lang)}"/>')
    out.append("</w:rPr>")
    return "".join(out)


def text_xml(text: str) -> str:
    """Run content: w:t pieces, "\\t" as w:tab, "\\n" as w:br (as :func:`append_run`)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _SPECIAL.split(text) if ("\t" in text or "\n" in text) else [text]
    out = []
    for part in parts:
        if not part:
            continue
        if part == "\t":
            out.append("<w:tab/>")
        elif part == "\n":
            out.append("<w:br/>")
        elif part[0].isspace() or part[-1].isspace() or "  " in part:
            out.append(f'<w:t xml:space="preserve">{xml_escape(part)}</w:t>')
        else:
            out.append(f"<w:t>{xml_escape(part)}</w:t>")
    return "".join(out)


def run_xml(text: str, rpr: str = "") -> str:
    """A w:r with properties ``rpr`` (from :func:`rpr_xml`) holding ``text``."""
    return f"<w:r>{rpr}{text_xml(text)}</w:r>"


def deleted_run_xml(text: str, rpr: str = "") -> str:
    """A run of deleted text (tracked changes): its text is w:delText, not w:t."""
    content = (text_xml(text).replace("<w:t>", "<w:delText>")
               .replace("<w:t xml:space=", "<w:delText xml:space=")
               .replace("</w:t>", "</w:delText>"))
    return f"<w:r>{rpr}{content}</w:r>"


def _revision_attrs(rev_id: int, author: str, date: str) -> str:
    return f'w:id="{rev_id}" w:author="{xml_escape(author)}" w:date="{xml_escape(date)}"'


def tracked_xml(kind: str, rev_id: int, author: str, date: str, content: str) -> str:
    """Runs inside a tracked insertion or deletion (``kind``: ins or del; CT_RunTrackChange)."""
    return f"<w:{kind} {_revision_attrs(rev_id, author, date)}>{content}</w:{kind}>"


def track_mark_xml(kind: str, rev_id: int, author: str, date: str) -> str:
    """The w:ins/w:del that marks a paragraph mark (first in w:pPr/w:rPr) or a table row
    (last in w:trPr) as inserted or deleted (CT_TrackChange)."""
    return f"<w:{kind} {_revision_attrs(rev_id, author, date)}/>"


class BodySplice:
    """Body content kept as text and put into document.xml when it is serialised, instead
    of being parsed into python-docx's tree and serialised again: for thousands of
    paragraphs the round trip through element objects is the slow part.

    :meth:`place` leaves a placeholder (an XML comment: text written by the toolkit cannot
    hold one, since ``<`` is always escaped) where the content belongs; :meth:`splices`
    gives the content as lxml serialises it in place (parsed once by libxml2 with
    python-docx's parser and serialised at once, never wrapped in element objects), so the
    document part is byte-identical to one built by parsing the content into the tree.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[bytes, str]] = []

    def place(self, body: Element, before: Element | None, xml: str) -> None:
        """Reserve the place of ``xml`` (body content) at the end of ``body``, before
        ``before`` (its final w:sectPr) if given."""
        marker = etree.Comment(f"toolkit-body-{len(self._pending)}")
        if before is not None:
            before.addprevious(marker)
        else:
            body.append(marker)
        self._pending.append((etree.tostring(marker), xml))

    def splices(self) -> dict[bytes, bytes]:
        """Placeholder → serialised content, for :func:`docx_bytes`."""
        out = {}
        for marker, xml in self._pending:
            root = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</w:body>'
                             .encode())
            whole = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
            start = whole.index(b">") + 1
            if whole[start - 2:start] == b"/>":  # no content at all
                out[marker] = b""
            else:
                out[marker] = whole[start:whole.rindex(b"</w:body>")]
        return out


def parse_fragment(xml: str) -> list[Element]:
    """Parse serialised body content (w:p, w:tbl …) into elements, in order."""
    root = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</w:body>'.encode())
    return list(root)
