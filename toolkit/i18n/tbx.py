"""The glossary as TBX, for CAT tools (Trados MultiTerm, memoQ, OmegaT, Xbench, Weblate).

Export writes TBX-Basic in the TBX 2 form of ISO 30042 (``<martif type="TBX-Basic">``),
the one CAT tools import: one ``termEntry`` per glossary entry, one ``langSet`` per
language, each term a ``tig`` whose ``administrativeStatus`` says preferred (the first
form), admitted (the other forms) or deprecated (a forbidden variant). The entry's note is
a ``note``, its source an ``admin type="source"``; an unconfirmed Kazakh form carries the
note :data:`UNCONFIRMED`.

Import reads TBX 2 (``martif``/``termEntry``/``langSet``/``tig``/``ntig``) and TBX 3
(``tbx``/``conceptEntry``/``langSec``/``termSec``) with a parser that resolves no entities,
loads no DTD and never touches the network; a file that declares entities of its own is
refused (the usual ``<!DOCTYPE martif SYSTEM "…dtd">`` line is read, never fetched).
Languages other than en, ru and kk are left out (``ru-RU`` counts as ``ru``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from toolkit.model.languages import SOURCE_LANGUAGES
from toolkit.read.glossary import Glossary, GlossaryEntry

__all__ = ["UNCONFIRMED", "TbxConcept", "TbxError", "read_tbx", "write_tbx"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UNCONFIRMED = "form not confirmed by an official Kazakh text"
_PREFERRED = "preferredTerm-admn-sts"
_ADMITTED = "admittedTerm-admn-sts"
_DEPRECATED = "deprecatedTerm-admn-sts"
_FORBIDDEN_STATUSES = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated",
                       "superseded", "deprecatedterm", "supersededterm"}


class TbxError(ValueError):
    """A TBX file the toolkit cannot read; ``line`` where known (1-based, 0 if not)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class TbxConcept:
    """One entry read from a TBX file."""

    forms: dict[str, list[str]]
    forbidden: dict[str, list[str]]
    note: str = ""
    source: str = ""
    kk_checked: bool = True
    line: int = 0


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attrs: str) -> etree._Element:
    node = etree.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def _tig(lang_set: etree._Element, term: str, status: str) -> etree._Element:
    tig = _sub(lang_set, "tig")
    _sub(tig, "term", term)
    _sub(tig, "termNote", status, type="administrativeStatus")
    return tig


def write_tbx(glossary: Glossary, title: str) -> bytes:
    """The glossary as a TBX-Basic document (UTF-8 bytes)."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = _sub(root, "martifHeader")
    file_desc = _sub(header, "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", title)
    _sub(_sub(file_desc, "sourceDesc"), "p", "Written by shadow-report-toolkit from its base "
         "glossary and the submission's glossary.yaml")
    _sub(_sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(root, "text"), "body")
    for number, entry in enumerate(glossary.entries, start=1):
        concept = _sub(body, "termEntry", id=f"c{number}")
        if entry.note:
            _sub(concept, "note", entry.note)
        if entry.source:
            _sub(concept, "admin", entry.source, type="source")
        for lang in SOURCE_LANGUAGES:
            forms = entry.forms.get(lang, ())
            banned = entry.forbidden.get(lang, ())
            if not forms and not banned:
                continue
            lang_set = etree.SubElement(concept, "langSet", {XML_LANG: lang})
            for index, term in enumerate(forms):
                tig = _tig(lang_set, term, _PREFERRED if index == 0 else _ADMITTED)
                if lang == "kk" and not entry.kk_checked:
                    _sub(tig, "note", UNCONFIRMED)
            for term in banned:
                _tig(lang_set, term, _DEPRECATED)
    return etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8",
                          pretty_print=True)


def _local(node: etree._Element) -> str:
    tag = node.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(node: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in node if _local(child) in names]


def _text(node: etree._Element) -> str:
    return " ".join("".join(node.itertext()).split())


def _language(node: etree._Element) -> str | None:
    value = node.get(XML_LANG) or node.get("lang") or ""
    base = value.split("-")[0].split("_")[0].lower()
    return base if base in SOURCE_LANGUAGES else None


def _concept(node: etree._Element) -> TbxConcept | None:
    concept = TbxConcept({}, {}, line=node.sourceline or 0)
    notes: list[str] = []
    for child in node.iter():
        name = _local(child)
        if name == "note" and _local(child.getparent()) in ("termEntry", "conceptEntry"):
            notes.append(_text(child))
        elif name == "descrip" and child.get("type") == "definition" \
                and _local(child.getparent()) in ("termEntry", "conceptEntry", "descripGrp"):
            notes.append(_text(child))
        elif name == "admin" and child.get("type") == "source" \
                and _local(child.getparent()) in ("termEntry", "conceptEntry"):
            concept.source = _text(child)
    concept.note = "; ".join(n for n in notes if n)
    for lang_set in _children(node, "langSet", "langSec"):
        lang = _language(lang_set)
        if lang is None:
            continue
        preferred: list[str] = []
        others: list[str] = []
        for tig in _children(lang_set, "tig", "ntig", "termSec"):
            term_nodes = [n for n in tig.iter() if _local(n) == "term"]
            if not term_nodes:
                continue
            term = _text(term_nodes[0])
            if not any(c.isalpha() for c in term):
                continue
            status = ""
            for note in tig.iter():
                if _local(note) == "termNote" and note.get("type") == "administrativeStatus":
                    status = _text(note).lower()
                if lang == "kk" and _local(note) == "note" and _text(note) == UNCONFIRMED:
                    concept.kk_checked = False
            if status in _FORBIDDEN_STATUSES:
                concept.forbidden.setdefault(lang, []).append(term)
            elif status.startswith("preferred"):
                preferred.append(term)
            else:
                others.append(term)
        if preferred or others:
            concept.forms[lang] = preferred + others
    return concept if concept.forms else None


def read_tbx(data: bytes) -> list[TbxConcept]:
    """The concepts of a TBX document (TBX 2 or 3); TbxError if it is none."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True,
                             remove_pis=True)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else 0
        raise TbxError(f"not well-formed XML ({exc.msg}): is it a TBX file?", line) from None
    dtd = tree.docinfo.internalDTD  # the usual <!DOCTYPE martif SYSTEM "…dtd"> is harmless
    if dtd is not None and (any(True for _ in dtd.entities()) or b"<!ENTITY" in data):
        raise TbxError("the file declares entities of its own (<!DOCTYPE … [<!ENTITY …>]>), "
                       "which could make the reader fetch or expand content: export it again "
                       "without them", 1)
    root = tree.getroot()
    if _local(root) not in ("martif", "tbx"):
        raise TbxError(f"the root element is <{_local(root)}>, not <martif> or <tbx>: this is "
                       "not a TBX file", root.sourceline or 1)
    concepts = []
    for node in root.iter():
        if _local(node) in ("termEntry", "conceptEntry"):
            concept = _concept(node)
            if concept is not None:
                concepts.append(concept)
    return concepts


def concept_entry(concept: TbxConcept) -> GlossaryEntry:
    """A TBX concept as a glossary entry (for comparison with the glossary in force)."""
    first = "en" if "en" in concept.forms else next(iter(concept.forms))
    term = concept.forms[first][0].lower()
    return GlossaryEntry(
        key=term if first == "en" else f"{first}:{term}",
        forms={lang: tuple(forms) for lang, forms in concept.forms.items()},
        forbidden={lang: tuple(forms) for lang, forms in concept.forbidden.items()},
        note=concept.note, source=concept.source, kk_checked=concept.kk_checked)
