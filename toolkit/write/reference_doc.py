"""Generate ``templates/reference.docx``, the default look of every generated report.

Starts from python-docx's default template (so the package parts Word expects are
present) and rewrites the styles the DOCX writer uses into a UN-document look: A4,
2.5 cm margins, Times New Roman 12 pt, black bold headings, 10 pt footnotes.
Users may replace the file with their own reference document, provided it defines
the same style ids (:data:`PARAGRAPH_STYLES`, :data:`CHARACTER_STYLES`, ``TableGrid``).

Run ``python -m toolkit.write.reference_doc templates/reference.docx`` to regenerate.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.shared import Twips

from toolkit.write.oxml import docx_bytes, fix_settings, set_document_language

if TYPE_CHECKING:
    from docx.document import Document
    from lxml.etree import _Element

REFERENCE_DATE = datetime(2025, 1, 1, tzinfo=UTC)
"""Fixed timestamp so regenerating the template gives the same bytes."""

_RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4 in twips
MARGIN = 1418  # 2.5 cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN  # 9070 twips = 16 cm
HANG = 567  # 1 cm

# (styleId, name, basedOn, next, pPr xml, rPr xml, built-in?)
_StyleDef = tuple[str, str, str | None, str | None, str, str, bool]

_KEEP = "<w:keepNext/><w:keepLines/>"
_CENTER = '<w:jc w:val="center"/>'
_BOTH = '<w:jc w:val="both"/>'


def _spacing(before: int = 0, after: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="240" w:lineRule="auto"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _hanging(left: int, right: int = 0) -> str:
    """Tab stop + hanging indent: the writer types the number, a tab, then the text."""
    return (
        f'<w:tabs><w:tab w:val="left" w:pos="{left}"/></w:tabs>'
        f"{_spacing(after=120)}"
        f'<w:ind w:left="{left}" w:right="{right}" w:hanging="{HANG}"/>{_BOTH}'
    )


_TOC_TAB = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
_HDR_TABS = (
    f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/>'
    f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
)

PARAGRAPH_STYLE_DEFS: list[_StyleDef] = [
    ("Normal", "Normal", None, None, _spacing(), "", True),
    ("Title", "Title", "Normal", "Normal",
     f"{_KEEP}{_spacing(240, 240)}{_CENTER}", f"<w:b/><w:bCs/>{_size(32)}", True),
    ("Subtitle", "Subtitle", "Normal", "Normal",
     f"{_KEEP}{_spacing(0, 240)}{_CENTER}", f"<w:b/><w:bCs/>{_size(28)}", True),
    ("Heading1", "heading 1", "Normal", "BodyNumbered",
     f'{_KEEP}{_spacing(360, 240)}<w:outlineLvl w:val="0"/>',
     f"<w:b/><w:bCs/>{_size(28)}", True),
    ("Heading2", "heading 2", "Normal", "BodyNumbered",
     f'{_KEEP}{_spacing(240, 120)}<w:outlineLvl w:val="1"/>',
     f"<w:b/><w:bCs/>{_size(24)}", True),
    ("Heading3", "heading 3", "Normal", "BodyNumbered",
     f'{_KEEP}{_spacing(240, 120)}<w:outlineLvl w:val="2"/>',
     f"<w:i/><w:iCs/>{_size(24)}", True),
    ("TOCHeading", "TOC Heading", "Heading1", "Normal", '<w:outlineLvl w:val="9"/>', "", True),
    ("TOC1", "toc 1", "Normal", "Normal", f"{_TOC_TAB}{_spacing(60, 60)}", "", True),
    ("TOC2", "toc 2", "Normal", "Normal",
     f'{_TOC_TAB}{_spacing(0, 40)}<w:ind w:left="284"/>', "", True),
    ("TOC3", "toc 3", "Normal", "Normal",
     f'{_TOC_TAB}{_spacing(0, 40)}<w:ind w:left="567"/>', "", True),
    ("FootnoteText", "footnote text", "Normal", None,
     f'{_spacing(0, 0)}<w:ind w:left="284" w:hanging="284"/>{_BOTH}', _size(20), True),
    ("Header", "header", "Normal", None, f"{_HDR_TABS}{_spacing()}", _size(20), True),
    ("Footer", "footer", "Normal", None, f"{_HDR_TABS}{_spacing()}", _size(20), True),
    ("BodyText", "Body Text", "Normal", None, f"{_spacing(0, 120)}{_BOTH}", "", True),
    ("BodyNumbered", "Body Numbered", "Normal", None, _hanging(HANG), "", False),
    ("RecommendationsHeading", "Recommendations Heading", "Normal", "Recommendation",
     f"{_KEEP}{_spacing(240, 120)}", "<w:b/><w:bCs/>", False),
    ("Recommendation", "Recommendation", "Normal", None, _hanging(2 * HANG), "", False),
    ("PreviousRecommendation", "Previous Recommendation", "Normal", None,
     f'{_spacing(0, 120)}<w:ind w:left="{2 * HANG}" w:right="{HANG}"/>{_BOTH}',
     f"<w:i/><w:iCs/>{_size(22)}", False),
    ("Assessment", "Assessment", "Normal", None,
     f'{_spacing(0, 120)}<w:ind w:left="{2 * HANG}" w:right="{HANG}"/>{_BOTH}',
     _size(20), False),
    ("CoverMechanism", "Cover Mechanism", "Normal", None,
     f"{_spacing(0, 240)}{_CENTER}", f"<w:b/><w:bCs/>{_size(24)}", False),
    ("CoverTitle", "Cover Title", "Normal", None,
     f"{_spacing(1440, 480)}{_CENTER}", f"<w:b/><w:bCs/>{_size(36)}", False),
    ("CoverMeta", "Cover Meta", "Normal", None, f"{_spacing(0, 120)}{_CENTER}", "", False),
    ("CoverCoalition", "Cover Coalition", "Normal", None,
     f"{_spacing(480, 120)}{_CENTER}", f"<w:i/><w:iCs/>{_size(22)}", False),
    ("TableText", "Table Text", "Normal", None, _spacing(), _size(20), False),
    ("TableHeading", "Table Heading", "TableText", None,
     f'<w:keepNext/>{_spacing()}', "<w:b/><w:bCs/>", False),
    ("AnnexHeading", "Annex Heading", "Heading1", "BodyText",
     '<w:pageBreakBefore/>', "", False),
]  # fmt: skip

CHARACTER_STYLE_DEFS: list[_StyleDef] = [
    ("FootnoteReference", "footnote reference", "DefaultParagraphFont", None, "",
     '<w:vertAlign w:val="superscript"/>', True),
    ("Hyperlink", "Hyperlink", "DefaultParagraphFont", None, "",
     '<w:color w:val="0563C1" w:themeColor="hyperlink"/><w:u w:val="single"/>', True),
    ("Strong", "Strong", "DefaultParagraphFont", None, "", "<w:b/><w:bCs/>", True),
    ("Emphasis", "Emphasis", "DefaultParagraphFont", None, "", "<w:i/><w:iCs/>", True),
]  # fmt: skip

PARAGRAPH_STYLES = tuple(d[0] for d in PARAGRAPH_STYLE_DEFS)
CHARACTER_STYLES = tuple(d[0] for d in CHARACTER_STYLE_DEFS)
TABLE_STYLES = ("TableGrid",)

# Linked "... Char" styles of the styles redefined above; left behind they would keep
# the old theme fonts and colours and half-link to our styles.
_STALE_CHAR_STYLES = (
    "HeaderChar", "FooterChar", "Heading1Char", "Heading2Char", "Heading3Char",
    "TitleChar", "SubtitleChar", "BodyTextChar",
)  # fmt: skip

_UI_PRIORITY = {"Normal": 0, "Title": 10, "Subtitle": 11, "Heading1": 9, "Heading2": 9,
                "Heading3": 9, "TOCHeading": 39, "TOC1": 39, "TOC2": 39, "TOC3": 39,
                "Hyperlink": 99, "Strong": 22, "Emphasis": 20}  # fmt: skip


def _style_xml(kind: str, d: _StyleDef) -> str:
    style_id, name, based_on, next_id, ppr, rpr, builtin = d
    attrs = f'w:type="{kind}" w:styleId="{style_id}"'
    if style_id == "Normal":
        attrs += ' w:default="1"'
    if not builtin:
        attrs += ' w:customStyle="1"'
    xml = f'<w:style {nsdecls("w")} {attrs}><w:name w:val="{name}"/>'
    if based_on:
        xml += f'<w:basedOn w:val="{based_on}"/>'
    if next_id:
        xml += f'<w:next w:val="{next_id}"/>'
    xml += f'<w:uiPriority w:val="{_UI_PRIORITY.get(style_id, 99 if builtin else 1)}"/>'
    if style_id in {"TOC1", "TOC2", "TOC3", "TOCHeading", "FootnoteText",
                    "FootnoteReference", "Header", "Footer", "Hyperlink"}:  # fmt: skip
        xml += "<w:unhideWhenUsed/>"
    if style_id in {"Normal", "Title", "Subtitle", "Heading1", "Heading2", "Heading3",
                    "TOCHeading", "Strong", "Emphasis"} or not builtin:  # fmt: skip
        xml += "<w:qFormat/>"
    if ppr:
        xml += f"<w:pPr>{ppr}</w:pPr>"
    if rpr:
        xml += f"<w:rPr>{rpr}</w:rPr>"
    return xml + "</w:style>"


def _replace_styles(styles: _Element) -> None:
    """Drop the template's versions of our styles and append ours in a stable order."""
    ours = set(PARAGRAPH_STYLES) | set(CHARACTER_STYLES) | set(_STALE_CHAR_STYLES)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) in ours:
            styles.remove(style)
    for kind, defs in (("paragraph", PARAGRAPH_STYLE_DEFS), ("character", CHARACTER_STYLE_DEFS)):
        for d in defs:
            styles.append(parse_xml(_style_xml(kind, d)))


def _set_doc_defaults(styles: _Element) -> None:
    """Times New Roman 12 pt, single spacing; explicit fonts (theme fonts would win)."""
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert rpr is not None, "python-docx default template lacks docDefaults"
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts is not None
    fonts.attrib.clear()
    for attr in ("ascii", "eastAsia", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        assert el is not None
        el.set(qn("w:val"), "24")
    ppr = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    assert ppr is not None
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:after="0" w:line="240" w:lineRule="auto"/>'))


def _drop_stale_parts(document: Document) -> None:
    """Remove the Mac-Word thumbnail and the Word 2010 stylesWithEffects copy.

    Both describe python-docx's original template, not ours, and are optional.
    """
    pkg_rels = document.part.package.rels
    for rId, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rId]
    doc_rels = document.part.rels
    for rId, rel in list(doc_rels.items()):
        if rel.reltype == _RT_STYLES_WITH_EFFECTS:
            document.part.drop_rel(rId)


def build_reference_document() -> Document:
    """Return the reference document as a python-docx Document (empty body)."""
    document = docx.Document()
    _drop_stale_parts(document)
    styles = document.styles.element
    _set_doc_defaults(styles)
    _replace_styles(styles)
    set_document_language(document, "en-GB")

    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    for side in ("top", "bottom", "left", "right"):
        setattr(section, f"{side}_margin", Twips(MARGIN))
    section.header_distance = section.footer_distance = Twips(709)

    fix_settings(document)
    settings = document.settings.element
    tab = settings.find(qn("w:defaultTabStop"))
    if tab is not None:
        tab.set(qn("w:val"), str(HANG))
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:  # the thumbnail was dropped; do not ask Word for a new one
        settings.remove(preview)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-GB")

    props = document.core_properties
    props.author = ""
    props.comments = ""
    props.title = ""
    return document


def build_reference_docx(path: str | Path) -> Path:
    """Write the reference document to ``path`` (deterministic bytes) and return the path.

    It is written already rebuilt from its safe parts (``toolkit.read.reference_docx``),
    exactly as a submission's own reference document would be, so that a build can use
    the toolkit's shipped file as it is instead of rebuilding it every time.
    """
    from toolkit.read.reference_docx import clean_reference

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = docx_bytes(build_reference_document(), modified=REFERENCE_DATE)
    path.write_bytes(clean_reference(path, path.name, raw).data)
    return path


def main(argv: list[str] | None = None) -> int:
    """CLI entry: ``python -m toolkit.write.reference_doc [OUT.docx]``."""
    args = sys.argv[1:] if argv is None else argv
    out = build_reference_docx(args[0] if args else "templates/reference.docx")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
