"""Read a built DOCX back with lxml, the way a reader would see it (test helper).

Independent of the writer: it only knows WordprocessingML, so tests built on it check
the real artifact rather than the toolkit's own idea of it.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
SHARED = Path(__file__).resolve().parents[2] / "shared"


def q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def text_of(el: etree._Element, *, skip_fields: bool = False) -> str:
    """Visible text of an element: w:t, tabs as \\t, no field instructions."""
    out: list[str] = []
    for node in el.iter(q("w:t"), q("w:tab"), q("w:br")):
        if node.tag == q("w:t"):
            out.append(node.text or "")
        elif node.tag == q("w:tab") and node.getparent().tag == q("w:r"):
            out.append("\t")
    return "".join(out)


@dataclass
class Para:
    style: str
    text: str
    bookmarks: list[str]
    links: list[tuple[str, str]]  # (anchor, text) internal hyperlinks
    footnote_refs: list[int]
    element: etree._Element = field(repr=False)


@dataclass
class Docx:
    path: Path
    document: etree._Element
    footnotes: dict[int, str]
    styles: etree._Element
    settings: etree._Element
    core: etree._Element
    names: list[str]
    footnote_links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def body(self) -> etree._Element:
        return self.document.find(q("w:body"))

    def paragraphs(self) -> list[Para]:
        out = []
        for p in self.body.iter(q("w:p")):
            ppr = p.find("w:pPr/w:pStyle", NS)
            style = ppr.get(q("w:val")) if ppr is not None else "Normal"
            bookmarks = [b.get(q("w:name")) for b in p.iter(q("w:bookmarkStart"))]
            links = [(h.get(q("w:anchor")), text_of(h)) for h in p.iter(q("w:hyperlink"))
                     if h.get(q("w:anchor"))]
            refs = [int(r.get(q("w:id"))) for r in p.iter(q("w:footnoteReference"))]
            out.append(Para(style, text_of(p), bookmarks, links, refs, p))
        return out

    def styled(self, style: str) -> list[Para]:
        return [p for p in self.paragraphs() if p.style == style]

    def bookmarks(self) -> dict[str, Para]:
        return {name: p for p in self.paragraphs() for name in p.bookmarks}

    def tables(self) -> list[list[list[str]]]:
        return [
            [[text_of(tc) for tc in tr.findall("w:tc", NS)] for tr in tbl.findall("w:tr", NS)]
            for tbl in self.body.iter(q("w:tbl"))
        ]

    def instructions(self) -> list[str]:
        return [(i.text or "").strip() for i in self.body.iter(q("w:instrText"))]


def read_docx(path: Path) -> Docx:
    with zipfile.ZipFile(path) as z:
        names = z.namelist()

        def part(name: str) -> etree._Element:
            return etree.fromstring(z.read(name))

        footnotes: dict[int, str] = {}
        footnote_links: list[tuple[str, str]] = []
        if "word/footnotes.xml" in names:
            fn_root = part("word/footnotes.xml")
            footnote_links = [(h.get(q("w:anchor")), text_of(h))
                              for h in fn_root.iter(q("w:hyperlink")) if h.get(q("w:anchor"))]
            for fn in fn_root.findall("w:footnote", NS):
                fid = int(fn.get(q("w:id")))
                if fid >= 1:
                    footnotes[fid] = text_of(fn).strip()
        return Docx(path, part("word/document.xml"), footnotes, part("word/styles.xml"),
                    part("word/settings.xml"), part("docProps/core.xml"), names,
                    footnote_links)


def schema_errors(path: Path) -> list[str] | None:
    """Validation errors against ECMA-376, or None when ../shared is absent."""
    validator_dir = SHARED / "ooxml-schemas"
    if not (validator_dir / "validate_docx.py").exists():
        # CI always has ../shared: there, a missing validator is a failure, never a skip
        assert not os.environ.get("CI"), f"schema validator missing at {validator_dir}"
        return None
    if str(validator_dir) not in sys.path:
        sys.path.insert(0, str(validator_dir))
    from validate_docx import validate  # type: ignore[import-not-found]

    result = validate(str(path))
    if isinstance(result, dict):
        return [f"{k}: {v}" for k, errs in result.items() for v in errs]
    return list(result)


NUMBER_PREFIX = re.compile(r"^(\d+)\.\t")
