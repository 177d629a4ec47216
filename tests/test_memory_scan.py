"""The memory's lean PO scanner (``memory.scan_po``) reads the same texts as the exact
parser: on the shipped catalogues, on tricky entries, on any catalogue the writer can
write; a file the parser refuses is refused with the parser's message and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from toolkit.i18n import memory
from toolkit.i18n.po import PoEntry, PoError, PoFile, parse_po, write_po

CATALOGUES = sorted([*ROOT.glob("submissions/*/locales/*.po"),
                     *ROOT.glob("locales/*/LC_MESSAGES/toolkit.po")])


def remembered(data: bytes) -> tuple[str | None, list[tuple[str | None, str, str]]]:
    """What the exact parser says a memory holds."""
    po = parse_po(data)
    return (po.header.msgstr if po.header else None,
            [(e.msgctxt, e.msgid, e.msgstr) for e in po.entries
             if not e.obsolete and not e.fuzzy and e.msgstr and e.msgid_plural is None])


@pytest.fixture
def no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scanner alone must read these files: the exact parser is not asked."""
    def refuse(data: bytes | str) -> PoFile:
        raise AssertionError("the scanner fell back to the exact parser")
    monkeypatch.setattr(memory, "parse_po", refuse)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_shipped_catalogues_scan_as_they_parse(path: Path, no_fallback: None) -> None:
    data = path.read_bytes()
    header, entries = memory.scan_po(data)
    assert (header, entries) == remembered(data)
    assert len(entries) > 50


TRICKY = b"""\xef\xbb\xbf# a translator comment
msgid ""
msgstr ""
"Project-Id-Version: tricky\\n"
"Language: ru\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. an extracted comment with "quotes" and msgid "x"
#: a.yaml:1
#, python-format
msgctxt "esc"
msgid "He said \\"no\\" \\\\ then\\ttab"
msgstr "\xd0\x9e\xd0\xbd \\"\xd0\xbd\xd0\xb5\xd1\x82\\" \\\\ \\t"

msgctxt "multi"
msgid ""
"first line\\n"
"second line"
msgstr ""
"\xd0\xbf\xd0\xb5\xd1\x80\xd0\xb2\xd0\xb0\xd1\x8f\\n"
   "\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80\xd0\xb0\xd1\x8f"   \t

msgctxt "octal and hex bytes"
msgid "a"
msgstr "\\320\\260\\xd0\\xb1"
msgctxt "no blank line before"
msgid "b"
msgstr "\xd0\xb1"

#, fuzzy, c-format
#| msgid "old c"
msgctxt "fuzzy"
msgid "c"
msgstr "\xd0\xb2"

#, c-format,fuzzy
msgid "fuzzy without a space"
msgstr "x"

#| msgctxt "was"
#| msgid ""
#| "old d"
msgctxt "previous only"
msgid "d"
msgstr "\xd0\xb3"

msgid "untranslated"
msgstr ""

msgid "one file"
msgid_plural "%d files"
msgstr[0] "plural 0"
msgstr[1] "plural 1"

msgid "e\\"#~ not obsolete"
msgstr "\xd0\xb4 msgstr \\"x\\""

msgid "fuzzy is a word, not a flag"
msgstr "fuzzy"

#~ msgctxt "gone"
#~ msgid "f"
#~ msgstr "obsolete"
#~| msgid "old g"
#~ msgid "g"
#~ msgstr ""
#~ "obsolete too"
msgctxt "after obsolete"
msgid "h"
msgstr "\xd0\xb5"
"""


def test_tricky_entries_scan_as_they_parse(no_fallback: None) -> None:
    for data in (TRICKY, TRICKY.replace(b"\n", b"\r\n"), TRICKY.replace(b"\n", b"\r")):
        header, entries = memory.scan_po(data)
        assert (header, entries) == remembered(data)
        assert header is not None and "Project-Id-Version: tricky\n" in header
        assert entries == [
            ("esc", 'He said "no" \\ then\ttab', 'Он "нет" \\ \t'),
            ("multi", "first line\nsecond line", "первая\nвторая"),
            ("octal and hex bytes", "a", "аб"),
            ("no blank line before", "b", "б"),
            ("previous only", "d", "г"),
            (None, 'e"#~ not obsolete', 'д msgstr "x"'),
            (None, "fuzzy is a word, not a flag", "fuzzy"),
            ("after obsolete", "h", "е"),
        ]


texts = st.lists(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    ['"', "\\", "\n", "\r", "\t", "\x85", "\u2028", "#~ ", "msgid ", "#, fuzzy", " "]),
    max_size=12).map("".join)


@st.composite
def catalogues(draw: st.DrawFn) -> PoFile:
    entries: dict[tuple[bool, str | None, str], PoEntry] = {}
    for _ in range(draw(st.integers(0, 6))):
        entry = PoEntry(msgid=draw(texts), msgstr=draw(texts),
                        msgctxt=draw(st.none() | texts),
                        obsolete=draw(st.booleans()), flags=draw(st.sampled_from(
                            [[], ["fuzzy"], ["python-format"], ["c-format", "fuzzy"]])),
                        previous_msgid=draw(st.none() | texts),
                        extracted=draw(st.lists(texts.map(lambda t: t.replace("\n", " ")
                                                          .replace("\r", " ")), max_size=2)))
        if entry.msgctxt is None and entry.msgid == "":
            continue  # the header
        if draw(st.booleans()) and not entry.obsolete:
            entry.msgid_plural, entry.msgstr_plural = draw(texts), {0: draw(texts)}
        entries.setdefault((entry.obsolete, entry.msgctxt, entry.msgid), entry)
    header = PoEntry(msgid="", msgstr="Language: ru\nContent-Type: text/plain; charset=UTF-8\n")
    return PoFile(header, list(entries.values()))


@settings(max_examples=150, deadline=None)
@given(catalogues())
def test_any_catalogue_the_writer_writes_scans_as_it_parses(po: PoFile) -> None:
    data = write_po(po).encode("utf-8")
    assert memory._scan(data) == remembered(data)  # the scanner alone, no fallback


@pytest.mark.parametrize("text", [
    'msgid "a"\nmsgstr "b"\nmsgid\n',  # a keyword without its string
    'msgid "a"\nmsgstr "b"\n\nmsgid "c"\n\nmsgid "d"\nmsgstr ""\n',  # msgid without msgstr
    'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',  # a duplicate
    'msgid "a"\nmsgstr "b\n',  # unterminated
    'msgid "a"\nmsgstr "b\\q"\n',  # unknown escape
    'msgid "a"\n# a comment inside\nmsgstr "b"\n',
    'msgid "a"\nmsgstr "\\x01"\n',  # a control character through an escape
    'msgid "a"\nmsgstr "\x01"\n',  # and as it is
    'msgid "a"\nmsgstr "\\xff"\n',  # bytes that are not UTF-8
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-5\\n"\n',
    'msgid "a"\n#~ msgstr "b"\n',  # mixes active and obsolete
    'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "b"\n',  # plural forms out of order
    'msgid "a"\nmsgid_plural "as"\nmsgstr[\u00b2] "b"\n',  # a digit that is no number
    'msgctxt "a"\n',  # no msgid at the end
    '#~ msgid "a"\n"continued as active"\n#~ msgstr "b"\n',  # inside an obsolete entry
    '#~ msgid "a"\n#~ msgstr "b\\q"\n',  # an obsolete entry is read as carefully
    '#~ msgid "a"\n#~ msgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
])
def test_a_broken_file_is_named_by_the_exact_parser(text: str) -> None:
    with pytest.raises(PoError) as parsed:
        parse_po(text.encode("utf-8"))
    with pytest.raises(PoError) as scanned:
        memory.scan_po(text.encode("utf-8"))
    assert (scanned.value.line, scanned.value.message) == (parsed.value.line,
                                                           parsed.value.message)
