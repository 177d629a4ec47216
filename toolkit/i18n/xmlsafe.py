"""Parsing XML a user hands in (TMX, XLIFF) without letting it reach anything else.

A file from a CAT tool or a colleague is untrusted: it may declare entities that expand
to gigabytes, point at /etc/passwd or at a URL. The parser here never loads a DTD, never
resolves an entity, never touches the network, and a file that declares entities is
refused (no translation exchange format needs them; ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``
alone is fine: it is never loaded)."""

from __future__ import annotations

from lxml import etree

from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos

__all__ = ["parse_untrusted"]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def parse_untrusted(data: bytes, shown: str, what: str) -> etree._Element:
    """The root element of ``data``; a :class:`UserError` at ``shown:line`` otherwise."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 1
        raise UserError(f"this is not a well-formed {what} file ({exc.msg}): export it "
                        "again from your tool", SourcePos(shown, line or 1)) from None
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or list(dtd.iterelements())):
        raise UserError(f"the file declares entities or elements in <!DOCTYPE …>, which a "
                        f"{what} file never needs and which may hide a file or a URL: "
                        "export it again without them", SourcePos(shown, 1))
    return root
