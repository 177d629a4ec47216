"""XLIFF 2.1 exchange with CAT tools (Trados, memoQ, OmegaT, Phrase…).

``export`` writes one ``<unit>`` per catalogue entry: the unit id is the msgctxt (encoded
into an XML name where needed, reversibly; the plain msgctxt is also the unit's ``name``),
the YAML reference, the "#." comments and the section's contributors are notes, and the
markup a translation must keep — footnotes ``^[…]``, citations ``[@key]``, cross-references
``@rec:x``, links — becomes protected inline codes whose original text is kept in the
unit's ``<originalData>``, so a CAT tool shows them as tags and cannot garble them.

``import`` rebuilds each target from its text and the codes' original data, applies the
same integrity audit as a build (:func:`toolkit.i18n.audit.translation_problems`) and
writes the catalogue only if every unit is sound. States: an entry without translation is
``initial`` with no target, a fuzzy one ``initial`` with its draft as target, a reviewed
one ``translated``; on import ``translated``, ``reviewed`` and ``final`` are reviewed
(not fuzzy) and ``initial`` with a target is fuzzy. Nothing a CAT tool leaves out (no or
an empty target) ever deletes a translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from toolkit.i18n.po import PoEntry, PoFile
from toolkit.model.diagnostics import Diagnostics, UserError
from toolkit.model.document import SourcePos
from toolkit.read.markup import AUTOLINK, DESTINATION, REFERENCE, match_brackets

__all__ = [
    "ImportReport",
    "decode_id",
    "encode_id",
    "export_catalogue",
    "export_xliff",
    "import_file",
    "import_xliff",
]

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_Q = f"{{{NS}}}"

# --------------------------------------------------------------------------- unit ids

_ID_SAFE = re.compile(r"[A-Za-z0-9.\-]")
_ID_ESCAPE = re.compile(r"_([0-9a-f]+)_")


def encode_id(msgctxt: str) -> str:
    """``coalition/kibhr`` → ``coalition_2f_kibhr``: an NMTOKEN, decoded by
    :func:`decode_id` (every character but letters, digits, ``.`` and ``-`` is escaped)."""
    return "".join(c if _ID_SAFE.fullmatch(c) else f"_{ord(c):x}_" for c in msgctxt)


def decode_id(unit_id: str) -> str:
    return _ID_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), unit_id)


# --------------------------------------------------------------------------- inline codes


@dataclass
class _Code:
    """A protected piece of markup: a placeholder (``end`` None) or a pair of codes
    around translatable content."""

    start: str
    kind: str  # footnote, citation, crossref, link
    end: str | None = None
    inner: list[str | _Code] = field(default_factory=list)


_INLINE_TYPE = {"footnote": "other", "citation": "other", "crossref": "link", "link": "link"}


def _pieces(text: str) -> list[str | _Code]:
    """``text`` as plain text and codes; joining them back gives ``text`` exactly."""
    brackets = match_brackets(text)
    return _scan(text, 0, len(text), brackets)


def _scan(text: str, start: int, stop: int, brackets: dict[int, int]) -> list[str | _Code]:
    out: list[str | _Code] = []
    buf: list[str] = []
    i = start

    def flush() -> None:
        if buf:
            out.append("".join(buf))
            buf.clear()

    while i < stop:
        c = text[i]
        if c == "\\" and i + 1 < stop:
            buf.append(text[i:i + 2])
            i += 2
            continue
        if c == "^" and text.startswith("[", i + 1) and (i + 1) in brackets \
                and brackets[i + 1] < stop:
            close = brackets[i + 1]
            flush()
            out.append(_Code("^[", "footnote", "]", _scan(text, i + 2, close, brackets)))
            i = close + 1
            continue
        if c == "[" and i in brackets and brackets[i] < stop:
            close = brackets[i]
            if re.match(r"[-+]?@", text[i + 1:i + 3]):
                flush()
                out.append(_Code(text[i:close + 1], "citation"))
                i = close + 1
                continue
            dest = DESTINATION.match(text, close + 1) if close + 1 < stop else None
            if dest is not None and dest.end() <= stop:
                flush()
                out.append(_Code("[", "link", text[close:dest.end()],
                                 _scan(text, i + 1, close, brackets)))
                i = dest.end()
                continue
        if c == "<":
            auto = AUTOLINK.match(text, i)
            if auto is not None and auto.end() <= stop:
                flush()
                out.append(_Code(auto.group(), "link"))
                i = auto.end()
                continue
        if c == "@" and (i == 0 or not text[i - 1].isalnum()):
            ref = REFERENCE.match(text, i + 1)
            if ref is not None and ref.group(2).rstrip(".") and ref.end() <= stop:
                end = ref.end() - (len(ref.group(2)) - len(ref.group(2).rstrip(".")))
                flush()  # a full stop after the id ends the sentence, not the id
                out.append(_Code(text[i:end], "crossref"))
                i = end
                continue
        buf.append(c)
        i += 1
    flush()
    return out


class _Data:
    """A unit's ``<originalData>``: one ``<data>`` per distinct piece of markup."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def ref(self, original: str) -> str:
        if original not in self.ids:
            self.ids[original] = f"d{len(self.ids) + 1}"
        return self.ids[original]


def _fill(parent: etree._Element, pieces: list[str | _Code], data: _Data,
          ids: dict[tuple[str, str | None], list[str]], counter: list[int],
          prefix: str) -> None:
    """Append text and inline codes to ``parent``. A code of the target takes the id of
    the same code in the source (``ids``), so a CAT tool pairs them."""
    last: etree._Element | None = None

    def add_text(value: str) -> None:
        if last is None:
            parent.text = (parent.text or "") + value
        else:
            last.tail = (last.tail or "") + value

    for piece in pieces:
        if isinstance(piece, str):
            add_text(piece)
            continue
        key = (piece.start, piece.end)
        same = ids.get(key)
        if prefix == "s":
            counter[0] += 1
            code_id = str(counter[0])
            ids.setdefault(key, []).append(code_id)
        elif same:
            code_id = same.pop(0)
        else:
            counter[0] += 1
            code_id = f"t{counter[0]}"
        attrs = {"id": code_id, "canCopy": "no", "canDelete": "no",
                 "type": _INLINE_TYPE[piece.kind]}
        if piece.end is None:
            last = etree.SubElement(parent, _Q + "ph", attrs, dataRef=data.ref(piece.start),
                                    disp=piece.start)
        else:
            last = etree.SubElement(parent, _Q + "pc", attrs,
                                    dataRefStart=data.ref(piece.start),
                                    dataRefEnd=data.ref(piece.end),
                                    dispStart=piece.start, dispEnd=piece.end)
            _fill(last, piece.inner, data, ids, counter, prefix)


# --------------------------------------------------------------------------- export

_CONTRIBUTORS = " — contributors: "


def _notes(entry: PoEntry) -> list[tuple[str, str]]:
    notes = [("location", ref) for ref in entry.references]
    for line in entry.extracted:
        notes.append(("description", line))
        if _CONTRIBUTORS in line:
            notes.append(("contributors", line.split(_CONTRIBUTORS, 1)[1]))
    notes += [("translator", c) for c in entry.comments]
    if entry.fuzzy and entry.previous_msgid is not None:
        notes.append(("previous-source", entry.previous_msgid))
    return notes


def export_xliff(po: PoFile, source_lang: str, lang: str, original: str) -> tuple[bytes, int]:
    """The XLIFF 2.1 document of a catalogue's active entries, and their number."""
    root = etree.Element(_Q + "xliff", {"version": "2.1", "srcLang": source_lang,
                                        "trgLang": lang}, nsmap={None: NS})
    file_el = etree.SubElement(root, _Q + "file", id="f1", original=original)
    count = 0
    for entry in po.entries:
        if entry.obsolete or entry.msgctxt is None or entry.msgid_plural is not None:
            continue
        count += 1
        unit = etree.SubElement(file_el, _Q + "unit", id=encode_id(entry.msgctxt),
                                name=entry.msgctxt)
        notes = _notes(entry)
        if notes:
            notes_el = etree.SubElement(unit, _Q + "notes")
            for category, text in notes:
                etree.SubElement(notes_el, _Q + "note", category=category).text = text
        data = _Data()
        original_el = etree.SubElement(unit, _Q + "originalData")
        state = "initial" if entry.fuzzy or not entry.msgstr else "translated"
        segment = etree.SubElement(unit, _Q + "segment", state=state)
        ids: dict[tuple[str, str | None], list[str]] = {}
        counter = [0]
        source = etree.SubElement(segment, _Q + "source", {XML_SPACE: "preserve"})
        _fill(source, _pieces(entry.msgid), data, ids, counter, "s")
        if entry.msgstr:
            target = etree.SubElement(segment, _Q + "target", {XML_SPACE: "preserve"})
            _fill(target, _pieces(entry.msgstr), data, ids, counter, "t")
        if data.ids:
            for text, data_id in data.ids.items():
                etree.SubElement(original_el, _Q + "data", id=data_id).text = text
        else:
            unit.remove(original_el)
    _layout(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n", count


_STRUCTURE = {_Q + name for name in ("xliff", "file", "unit", "notes", "originalData",
                                     "segment")}


def _layout(el: etree._Element, depth: int) -> None:
    """One element per line between the structural elements (never inside a text, where
    whitespace is content)."""
    children = list(el)
    if el.tag not in _STRUCTURE or not children:
        return
    el.text = "\n" + "  " * (depth + 1)
    for child in children:
        child.tail = "\n" + "  " * (depth + 1)
        _layout(child, depth + 1)
    children[-1].tail = "\n" + "  " * depth


# --------------------------------------------------------------------------- import


class _Broken(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _text_of(el: etree._Element, data: dict[str, str]) -> str:
    """The markup a ``<source>``/``<target>`` stands for: its text with every code's
    original data put back."""
    out: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            out.append(child.tail or "")
            continue
        name = etree.QName(child).localname
        if etree.QName(child).namespace != NS:
            raise _Broken(f"unknown element <{name}> in the text: remove it",
                          child.sourceline or 0)
        if name in ("ph", "sc", "ec"):
            out.append(_data(child, "dataRef", data))
        elif name == "pc":
            out.append(_data(child, "dataRefStart", data))
            out.append(_text_of(child, data))
            out.append(_data(child, "dataRefEnd", data))
        elif name == "cp":
            try:
                out.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                raise _Broken("<cp> without a valid hex code point", child.sourceline or 0) \
                    from None
        elif name == "mrk":  # an annotation (comment, term…): its content is the text
            out.append(_text_of(child, data))
        elif name in ("sm", "em"):  # where an annotation starts or ends: no text
            pass
        else:
            raise _Broken(f"<{name}> cannot stand in a text: remove it",
                          child.sourceline or 0)
        out.append(child.tail or "")
    return "".join(out)


def _data(code: etree._Element, attr: str, data: dict[str, str]) -> str:
    ref = code.get(attr)
    if ref is None or ref not in data:
        what = code.get("disp") or code.get("dispStart") or code.get("id") or "?"
        raise _Broken(f"the code {what} has no original data in this unit (the CAT tool "
                      "changed or invented a tag): copy the tags from the source",
                      code.sourceline or 0)
    return data[ref]


@dataclass
class ImportReport:
    units: int = 0
    changed: int = 0
    reviewed: int = 0
    fuzzy: int = 0


def import_xliff(po: PoFile, root: etree._Element, shown: str, lang: str) -> ImportReport:
    """Merge the targets of an XLIFF 2.x document into ``po`` (in place). Every problem
    raises one :class:`UserError` listing them all with ``shown:line``; then ``po`` must
    be thrown away."""
    from toolkit.i18n.audit import translation_problems

    diags = Diagnostics()

    def error(line: int | None, message: str) -> None:
        diags.error(SourcePos(shown, line or 1), message)

    if etree.QName(root).localname != "xliff" or etree.QName(root).namespace != NS:
        version = root.get("version", "")
        raise UserError(f"this is not an XLIFF 2 file (version {version or '?'}): export "
                        "XLIFF 2.0 or 2.1 from your CAT tool", SourcePos(shown, 1))
    trg = root.get("trgLang", "")
    if trg.split("-")[0].lower() != lang:
        raise UserError(f"this file translates into '{trg or '?'}', not {lang}: import it "
                        "into its own language's catalogue", SourcePos(shown,
                                                                     root.sourceline or 1))
    entries = {e.msgctxt: e for e in po.entries if not e.obsolete and e.msgctxt is not None}
    report = ImportReport()
    for unit in root.iter(_Q + "unit"):
        report.units += 1
        ctx = unit.get("name") if unit.get("id") is None else decode_id(unit.get("id", ""))
        entry = entries.get(ctx)
        if entry is None:
            error(unit.sourceline, f"unit '{ctx}' is not in the catalogue (its text was "
                  "deleted or renamed): export the file again and translate it there")
            continue
        data: dict[str, str] = {}
        for item in unit.iterfind(f"{_Q}originalData/{_Q}data"):
            data[item.get("id", "")] = "".join(item.itertext())
        sources: list[str] = []
        targets: list[str] = []
        states: list[str] = []
        has_target = False
        target_line = unit.sourceline
        try:
            for part in unit:
                if not isinstance(part.tag, str):
                    continue
                name = etree.QName(part).localname
                if name not in ("segment", "ignorable"):
                    continue
                src = part.find(_Q + "source")
                tgt = part.find(_Q + "target")
                source_text = _text_of(src, data) if src is not None else ""
                sources.append(source_text)
                if tgt is not None:
                    has_target = True
                    target_line = tgt.sourceline
                    targets.append(_text_of(tgt, data))
                else:  # an untranslated segment; ignorable whitespace stays as it is
                    targets.append(source_text if name == "ignorable" else "")
                if name == "segment":
                    states.append(part.get("state", "initial"))
        except _Broken as exc:
            error(exc.line, f"{ctx}: {exc.message}")
            continue
        if "".join(sources) != entry.msgid:
            error(unit.sourceline, f"{ctx}: the source text differs from the catalogue's "
                  "(the report changed since this file was exported): export it again and "
                  "carry the translations over in your CAT tool")
            continue
        text = "".join(targets)
        if not has_target or not text:
            continue  # nothing translated here: the catalogue keeps what it has
        fuzzy = "initial" in states
        if not fuzzy:
            problems = translation_problems(entry.msgid, text)
            if problems:
                error(target_line, f"{ctx}: " + "; ".join(problems))
                continue
        if text == entry.msgstr and fuzzy == entry.fuzzy:
            continue
        report.changed += 1
        entry.msgstr = text
        entry.fuzzy = fuzzy
        if fuzzy:
            report.fuzzy += 1
        else:
            report.reviewed += 1
            entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    if diags.errors:
        raise UserError(diags)
    return report


def export_catalogue(root: Path, lang: str) -> tuple[bytes, int]:
    """The XLIFF 2.1 of ``root``'s ``lang`` catalogue (see :func:`export_xliff`)."""
    from toolkit.i18n.files import load_catalogue, update_hint
    from toolkit.i18n.memory import source_language_of

    po, shown = load_catalogue(root, lang)
    if po is None:
        raise UserError(f"no catalogue to export: {update_hint(root, lang)}",
                        SourcePos(shown))
    return export_xliff(po, source_language_of(Path(root)), lang, f"locales/{lang}.po")


def import_file(root: Path, path: Path) -> tuple[Path, ImportReport, bool]:
    """Merge an XLIFF file into its language's catalogue of ``root``; returns the
    catalogue, what changed, and whether it was written (only when bytes change)."""
    from toolkit.fsutil import write_files
    from toolkit.i18n.files import (
        catalogue_path,
        display_path,
        read_catalogue,
        update_hint,
        update_lock,
        with_line_ends,
    )
    from toolkit.i18n.po import write_po
    from toolkit.i18n.xmlsafe import parse_untrusted
    from toolkit.model.languages import SOURCE_LANGUAGES
    from toolkit.read.files import UnreadableFile, read_guarded

    shown = display_path(Path(path))
    try:
        raw = read_guarded(Path(path), "xml")
    except UnreadableFile as exc:
        raise UserError(exc.message, SourcePos(shown)) from None
    doc = parse_untrusted(raw, shown, "XLIFF")
    lang = doc.get("trgLang", "").split("-")[0].lower()
    if lang not in SOURCE_LANGUAGES:
        raise UserError(f"trgLang '{doc.get('trgLang', '')}' is not a catalogue language "
                        f"({', '.join(SOURCE_LANGUAGES)})", SourcePos(shown, doc.sourceline or 1))
    with update_lock(Path(root) / "locales"):
        po, _, before = read_catalogue(Path(root), lang)
        if po is None:
            raise UserError(f"no catalogue to import into: {update_hint(Path(root), lang)}",
                            SourcePos(display_path(catalogue_path(Path(root), lang))))
        report = import_xliff(po, doc, shown, lang)
        target = catalogue_path(Path(root), lang)
        if not report.changed:
            return target, report, False
        data = with_line_ends(write_po(po), before).encode("utf-8")
        if data == before:
            return target, report, False
        write_files([(target, data)])
    return target, report, True
