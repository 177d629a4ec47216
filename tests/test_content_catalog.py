"""Content catalogues (locales/<lang>.po): PO reading/writing, updates, status, integrity
and translation of the document.

Catalogues are edited here as raw text, the way Poedit or a person would, so the tests do
not grade the PO writer with itself.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import BASE_SUBMISSION
from toolkit.cli.main import app
from toolkit.i18n.audit import check_translation
from toolkit.i18n.merge import merge_catalogue, update_catalogue
from toolkit.i18n.plurals import PLURAL_FORMS
from toolkit.i18n.po import PoError, parse_po, write_po
from toolkit.i18n.status import catalogue_status, status_totals
from toolkit.i18n.translate import translate_document
from toolkit.i18n.units import extract_units
from toolkit.model.diagnostics import UserError
from toolkit.model.document import Text
from toolkit.read.markup import parse_inline
from toolkit.read.submission import read_submission

# --------------------------------------------------------------------------- helpers

_STR = r'"(?:[^"\\]|\\.)*"'


def po_path(root: Path, lang: str = "ru") -> Path:
    return root / "locales" / f"{lang}.po"


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unquote(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)),
                  value[1:-1])


def set_msgstr(root: Path, ctx: str, value: str, *, fuzzy: bool = False,
               lang: str = "ru") -> None:
    """Translate one entry by editing the file's text, as a translator's tool would."""
    path = po_path(root, lang)
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r'(?m)^(msgctxt ' + re.escape(quote(ctx)) + r'\nmsgid ' + _STR
                         + r'\nmsgstr )' + _STR)
    text, n = pattern.subn(lambda m: m.group(1) + quote(value), text)
    assert n == 1, ctx
    if fuzzy:
        text = text.replace(f"msgctxt {quote(ctx)}\n", f"#, fuzzy\nmsgctxt {quote(ctx)}\n", 1)
    path.write_text(text, encoding="utf-8")


def entry_block(text: str, ctx: str, *, obsolete: bool = False) -> str:
    """The lines of the entry whose msgctxt is ``ctx`` (comments included)."""
    for block in text.split("\n\n"):
        marker = ("#~ msgctxt " if obsolete else "msgctxt ") + quote(ctx)
        if any(line == marker for line in block.split("\n")):
            return block
    raise AssertionError(f"no entry {ctx}")


def msgid_of(text: str, ctx: str) -> str:
    block = entry_block(text, ctx)
    m = re.search(r"(?m)^msgid (" + _STR + ")$", block)
    assert m is not None
    return unquote(m.group(1))


def msgstr_line(text: str, ctx: str) -> int:
    lines = text.split("\n")
    return lines.index(f"msgctxt {quote(ctx)}") + 3


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def remove_item(path: Path, item_id: str) -> str:
    """Delete a list item ``- id: ITEM`` (and its indented lines) from a YAML file."""
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {item_id}")
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (len(lines[end]) - len(lines[end].lstrip()) > indent
                                and lines[end].strip()):
        end += 1
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    return original


def expected_units(root: Path) -> list[str]:
    """Unit ids counted from the YAML itself, independently of the toolkit."""
    submission = yaml.safe_load((root / "submission.yaml").read_text(encoding="utf-8"))
    units = ["title", "place"] + [f"coalition/{o['id']}" for o in submission["coalition"]]
    for path in sorted((root / "sections").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        sid = data["id"]
        if data.get("heading"):
            units.append(f"{sid}/heading")
        units += [f"{sid}/{p['id']}" for p in data.get("paragraphs", [])]
        units += [f"{sid}/rec/{r['id']}" for r in data.get("recommendations", [])]
    units += [f"source/{k}" for k in yaml.safe_load((root / "sources.yaml").read_text())]
    units += [f"previous/{p['id']}" for p in yaml.safe_load((root / "previous.yaml").read_text())]
    return units


ART7 = "sections/30-art07.yaml"

# --------------------------------------------------------------------------- update


def test_update_creates_one_entry_per_unit(untranslated_example: Path) -> None:
    report = update_catalogue(untranslated_example, "ru")
    text = po_path(untranslated_example).read_text(encoding="utf-8")
    ctxs = re.findall(r'(?m)^msgctxt "([^"]*)"$', text)
    want = expected_units(untranslated_example)
    assert ctxs == want
    assert report.created and report.written and report.new == len(want) == 126
    assert "art7/heading" not in ctxs  # heading: null is generated, not translated
    assert {"art7/torture-definition", "art7/rec/independent-investigations",
            "source/aba-roli-2016", "previous/co1-13", "title",
            "introduction/heading"} <= set(ctxs)

    block = entry_block(text, "art7/torture-definition")
    text_line = line_of(untranslated_example / ART7, "- id: torture-definition") + 1
    assert block.split("\n")[:2] == [
        "#. Section: Article 7 — contributors: kibhr, kadir-kassiet, charter",
        f"#: {ART7}:{text_line}",
    ]
    raw = yaml.safe_load((untranslated_example / ART7).read_text())["paragraphs"][0]["text"]
    assert msgid_of(text, "art7/torture-definition") == " ".join(raw.split())
    assert "^[Regulatory Resolution" in msgid_of(text, "art7/torture-definition")
    rec = entry_block(text, "art7/rec/independent-investigations")
    assert "#. Recommendation" in rec.split("\n")
    assert f"#: {ART7}:" in rec

    header = parse_po(text.encode()).header
    assert header is not None
    assert "Language: ru\n" in header.msgstr
    assert "Content-Type: text/plain; charset=UTF-8\n" in header.msgstr
    assert f"Plural-Forms: {PLURAL_FORMS['ru']}\n" in header.msgstr
    assert PLURAL_FORMS["ru"] == ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                                  "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
    assert "POT-Creation-Date:" in header.msgstr and "PO-Revision-Date" not in header.msgstr


def test_kk_header_and_units_match_the_document(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "kk")
    text = po_path(untranslated_example, "kk").read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\\n" in text
    result = read_submission(untranslated_example)
    assert result.document is not None
    units = extract_units(result.document, result.origins)
    assert [u.msgctxt for u in units] == re.findall(r'(?m)^msgctxt "([^"]*)"$', text)


def test_translations_kept_and_second_update_is_byte_identical(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "ru")
    set_msgstr(untranslated_example, "title", "Комментарии правозащитных НПО")
    set_msgstr(untranslated_example, "art7/rec/self-harm", 'Отменить статью 428 "УК".', fuzzy=True)
    set_msgstr(untranslated_example, "source/co1", "Комитет по правам человека, [@x]")
    before = po_path(untranslated_example).read_bytes()
    report = update_catalogue(untranslated_example, "ru")
    assert po_path(untranslated_example).read_bytes() == before
    assert not report.written and report.unchanged == 126 and report.new == 0
    po = parse_po(before)
    found = {e.msgctxt: e for e in po.entries}
    assert found["title"].msgstr == "Комментарии правозащитных НПО"
    assert found["art7/rec/self-harm"].fuzzy
    assert found["art7/rec/self-harm"].msgstr == 'Отменить статью 428 "УК".'


def test_edited_source_makes_entry_fuzzy_with_previous_msgid(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "ru")
    old = msgid_of(po_path(untranslated_example).read_text(encoding="utf-8"), "art7/compensation")
    set_msgstr(untranslated_example, "art7/compensation", "Компенсация ограничена.")
    path = untranslated_example / ART7
    path.write_text(path.read_text().replace("Compensation for torture is limited",
                                             "Compensation for torture remains limited"))
    report = update_catalogue(untranslated_example, "ru")
    assert (report.changed, report.unchanged, report.new) == (1, 125, 0)
    po_text = po_path(untranslated_example).read_text(encoding="utf-8")
    block = entry_block(po_text, "art7/compensation")
    lines = block.split("\n")
    assert "#, fuzzy" in lines
    assert f"#| msgid {quote(old)}" in lines
    assert "msgid " + quote(old.replace("is limited", "remains limited")) in lines
    assert 'msgstr "Компенсация ограничена."' in lines
    # a second edit before review: #| still shows the text the translation was made for
    path.write_text(path.read_text().replace("remains limited", "is still limited"))
    update_catalogue(untranslated_example, "ru")
    po_text = po_path(untranslated_example).read_text(encoding="utf-8")
    block = entry_block(po_text, "art7/compensation")
    assert f"#| msgid {quote(old)}" in block.split("\n")


def test_deleted_paragraph_goes_obsolete_and_comes_back(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "ru")
    set_msgstr(untranslated_example, "art7/monitoring-access", "Членов комиссий не пускают.")
    original = remove_item(untranslated_example / ART7, "monitoring-access")
    report = update_catalogue(untranslated_example, "ru")
    assert report.obsolete == 1 and report.unchanged == 125
    text = po_path(untranslated_example).read_text(encoding="utf-8")
    assert 'msgctxt "art7/monitoring-access"' not in text.split("\n")
    block = entry_block(text, "art7/monitoring-access", obsolete=True)
    assert '#~ msgstr "Членов комиссий не пускают."' in block.split("\n")
    assert text.rstrip("\n").endswith(block.rstrip("\n"))  # obsolete entries come last
    assert "#: " not in block

    (untranslated_example / ART7).write_text(original, encoding="utf-8")
    report = update_catalogue(untranslated_example, "ru")
    assert report.revived == 1 and report.obsolete == 0
    text = po_path(untranslated_example).read_text(encoding="utf-8")
    assert "#~" not in text
    lines = entry_block(text, "art7/monitoring-access").split("\n")
    assert "#, fuzzy" in lines and 'msgstr "Членов комиссий не пускают."' in lines
    assert re.findall(r'(?m)^msgctxt "([^"]*)"$', text) == expected_units(untranslated_example)


def test_untranslated_deleted_entry_is_not_kept(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "ru")
    remove_item(untranslated_example / ART7, "monitoring-access")
    report = update_catalogue(untranslated_example, "ru")
    assert report.obsolete == 0
    assert "art7/monitoring-access" not in po_path(untranslated_example).read_text(encoding="utf-8")


def test_translator_comment_survives(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "ru")
    set_msgstr(untranslated_example, "art7/court-reaction", "Мониторинг судов.")
    path = po_path(untranslated_example)
    text = path.read_text(encoding="utf-8")
    block = entry_block(text, "art7/court-reaction")
    path.write_text(text.replace(block, "# checked with KIBHR, 3 May\n" + block),
                    encoding="utf-8")
    update_catalogue(untranslated_example, "ru")
    src = untranslated_example / ART7
    src.write_text(src.read_text().replace("Trial monitoring in drug cases",
                                           "Trial monitoring in narcotics cases"))
    update_catalogue(untranslated_example, "ru")
    lines = entry_block(path.read_text(encoding="utf-8"), "art7/court-reaction").split("\n")
    assert lines[0] == "# checked with KIBHR, 3 May"
    assert "#, fuzzy" in lines


def test_renamed_id_keeps_its_translation_as_reviewed(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "ru")
    set_msgstr(untranslated_example, "art7/compensation", "Компенсация ограничена.")
    src = untranslated_example / ART7
    src.write_text(src.read_text().replace("- id: compensation", "- id: redress"))
    report = update_catalogue(untranslated_example, "ru")
    assert (report.renamed, report.moved, report.obsolete, report.new) == (1, 0, 0, 0)
    text = po_path(untranslated_example).read_text(encoding="utf-8")
    lines = entry_block(text, "art7/redress").split("\n")
    assert "#, fuzzy" not in lines and not any(line.startswith("#|") for line in lines)
    assert 'msgstr "Компенсация ограничена."' in lines
    assert '"art7/compensation"' not in text


def test_update_reports_bad_catalogue_with_file_and_line(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "ru")
    path = po_path(untranslated_example)
    text = path.read_text(encoding="utf-8")
    line = msgstr_line(text, "title")
    path.write_text(text.replace('msgctxt "title"\nmsgid', 'msgctxt "title"\nmsgidd'))
    with pytest.raises(UserError) as info:
        update_catalogue(untranslated_example, "ru")
    message = str(info.value.diagnostics.errors[0])
    assert re.search(rf"locales/ru\.po:{line - 1}:1: unknown line", message), message


def test_update_refuses_the_source_language(untranslated_example: Path) -> None:
    with pytest.raises(UserError, match="source language"):
        update_catalogue(untranslated_example, "en")


# --------------------------------------------------------------------------- po.py

SAMPLE_PO = r'''# Russian translation.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: x\n"
"Language: ru\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: PLURAL_RU\n"

# a translator's note
#
#. extracted
#: sections/a.yaml:3
#: b.py:4 c.py:5
#, fuzzy, python-format
#| msgctxt "old"
#| msgid ""
#| "line one\n"
#| "line two"
msgctxt "a/b"
msgid "Tab\there \"quoted\" back\\slash"
msgstr ""
"первая\n"
"вторая"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "%d файл"
msgstr[1] "%d файла"
msgstr[2] "%d файлов"

msgid ""
"ends with newline\n"
msgstr ""
"конец\n"

#, fuzzy
#~| msgid "older"
#~ msgctxt "a/gone"
#~ msgid ""
#~ "multi\n"
#~ "line"
#~ msgstr "мульти"

#~ msgctxt "b/gone"
#~ msgid "x"
#~ msgstr "y"
'''.replace("PLURAL_RU", PLURAL_FORMS["ru"])


def test_po_round_trip_is_byte_identical() -> None:
    po = parse_po(SAMPLE_PO.encode())
    assert write_po(po) == SAMPLE_PO
    first = po.entries[0]
    assert first.msgctxt == "a/b" and first.msgid == 'Tab\there "quoted" back\\slash'
    assert first.msgstr == "первая\nвторая"
    assert first.comments == ["a translator's note", ""]
    assert first.references == ["sections/a.yaml:3", "b.py:4 c.py:5"]
    assert first.flags == ["fuzzy", "python-format"]
    assert (first.previous_msgctxt, first.previous_msgid) == ("old", "line one\nline two")
    plural = po.entries[1]
    assert plural.msgid_plural == "%d files" and plural.msgstr_plural[2] == "%d файлов"
    gone = [e for e in po.entries if e.obsolete]
    assert [e.msgctxt for e in gone] == ["a/gone", "b/gone"]
    assert gone[0].msgid == "multi\nline" and gone[0].previous_msgid == "older"
    assert po.header is not None and po.header.fuzzy


def test_po_writer_sorts_obsolete_entries_last() -> None:
    text = ('msgctxt "z"\nmsgid "z"\nmsgstr ""\n\n#~ msgctxt "b"\n#~ msgid "a"\n#~ msgstr "B"\n'
            '\n#~ msgctxt "a"\n#~ msgid "b"\n#~ msgstr "A"\n\nmsgctxt "y"\nmsgid "y"\nmsgstr ""\n')
    out = write_po(parse_po(text))
    assert re.findall(r'msgctxt "(\w)"', out) == ["z", "y", "a", "b"]
    assert write_po(parse_po(out)) == out


def test_generated_catalogue_round_trip(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "ru")
    po = parse_po(po_path(untranslated_example).read_bytes())
    po.entries[0].msgstr = "Строка\nс переносом\n"
    po.entries[1].obsolete = True
    text = write_po(po)
    assert '\nmsgstr ""\n"Строка\\n"\n"с переносом\\n"\n\n' in text
    assert write_po(parse_po(text.encode())) == text


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, "unterminated string"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 3, "msgid without msgstr"),
        ('msgid "a"\nmsgstr "x\\q"\n', 2, "unknown escape"),
        ('msgid "a"\nmsgtxt "b"\n', 2, "unknown line"),
        ('msgid "a" "b"\nmsgstr ""\n', 1, "text after the closing quote"),
        ('msgid "one"\nmsgid_plural "many"\nmsgstr "x"\n', 3, "msgstr[0]"),
        ('msgid "a"\nmsgstr[0] "x"\n', 2, "without msgid_plural"),
        ('msgid "a"\n# note\nmsgstr "x"\n', 2, "comment cannot stand inside"),
        ('msgid "a"\nmsgstr "x"\n"more"\n#~ msgid "b"\n"c"\n', 5, "mixes obsolete (#~) and"),
        ('"orphan"\nmsgid "a"\nmsgstr ""\n', 1, "a string line must follow"),
        ('msgid "a"\nmsgidd "b"\n', 2, "unknown line"),
        ('msgid "a"\nmsgstr "x"\n\n#| msgid "old"\n', 4, "without msgid"),
        (b'msgid "a"\nmsgstr "\xff"\n', 2, "not UTF-8"),
    ],
)
def test_po_syntax_errors_carry_the_line(text: str | bytes, line: int, message: str) -> None:
    with pytest.raises(PoError) as info:
        parse_po(text)
    assert info.value.line == line
    assert message in info.value.message


def test_po_duplicate_entry_names_both_lines() -> None:
    text = ('msgctxt "c"\nmsgid "a"\nmsgstr ""\n\nmsgctxt "other"\nmsgid "a"\nmsgstr ""\n\n'
            'msgctxt "c"\nmsgid "a"\nmsgstr "x"\n')
    with pytest.raises(PoError) as info:
        parse_po(text)
    assert info.value.line == 9
    assert "first at line 1" in info.value.message and "again at line 9" in info.value.message


def test_po_wrong_charset() -> None:
    text = ('msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
            '"Content-Type: text/plain; charset=ISO-8859-5\\n"\n')
    with pytest.raises(PoError) as info:
        parse_po(text)
    assert info.value.line == 4 and "ISO-8859-5" in info.value.message
    parse_po(text.replace("ISO-8859-5", "utf-8"))  # any spelling of UTF-8 is fine


# --------------------------------------------------------------------------- integrity


def _translate_like_source(root: Path, ctx: str, edit) -> int:
    """Translate an entry as its msgid changed by ``edit``; returns the msgstr line."""
    text = po_path(root).read_text(encoding="utf-8")
    set_msgstr(root, ctx, edit(msgid_of(text, ctx)))
    return msgstr_line(text, ctx)


INTEGRITY_CASES = [
    ("art7/torture-definition",
     lambda s: re.sub(r"\^\[Regulatory[^\]]*\]", "", s),
     "translation drops 1 footnote ^[…]"),
    ("annex-cases/domestic-cases",
     lambda s: s.replace("@rec:review-article-174", "@rec:review-art-174"),
     "translation has @rec:review-art-174, source has @rec:review-article-174"),
    ("art7/investigating-agency",
     lambda s: s.replace("[@cat-co3]", ""),
     "translation drops [@cat-co3]"),
    ("annex-cases/methodology",
     lambda s: s + " See <https://example.org/more>.",
     "translation adds <https://example.org/more>, which the source does not have"),
    ("art7/compensation",
     lambda s: "**Компенсация " + s,
     "unterminated **bold**"),
]


@pytest.mark.parametrize(("ctx", "edit", "message"), INTEGRITY_CASES,
                         ids=[c[0] for c in INTEGRITY_CASES])
def test_integrity_errors_name_the_po_line(untranslated_example: Path, ctx, edit, message) -> None:
    update_catalogue(untranslated_example, "ru")
    line = _translate_like_source(untranslated_example, ctx, edit)
    result = read_submission(untranslated_example)
    assert result.document is not None
    diags = check_translation(untranslated_example, "ru", result.document, result.origins)
    assert len(diags.errors) == 1, diags.items
    error = diags.errors[0]
    assert error.pos.file.endswith("locales/ru.po") and error.pos.line == line
    assert error.message.startswith(f"{ctx}: ")
    assert message in error.message


def test_integrity_accepts_reordered_tokens_and_ignores_fuzzy(untranslated_example: Path) -> None:
    update_catalogue(untranslated_example, "ru")
    set_msgstr(untranslated_example, "art7/investigating-agency",
               "[@cat-co3] Сначала ссылки [@cpc-2014, ст. 56], потом текст.[@cpc-2014, ст. 187]")
    set_msgstr(untranslated_example, "art7/compensation", "**broken", fuzzy=True)
    result = read_submission(untranslated_example)
    assert result.document is not None
    assert not check_translation(untranslated_example, "ru", result.document, result.origins).items


def test_check_translation_catalogue_level_problems(untranslated_example: Path) -> None:
    result = read_submission(untranslated_example)
    assert result.document is not None
    doc, origins = result.document, result.origins
    missing = check_translation(untranslated_example, "ru", doc, origins)
    assert not missing.errors
    missing = missing.warnings  # like an empty catalogue: not an error
    assert len(missing) == 1
    assert re.search(r"no catalogue: run toolkit i18n update \S*kaz-iccpr-2016 --lang ru",
                     missing[0].message)

    update_catalogue(untranslated_example, "ru")
    path = po_path(untranslated_example)
    text = path.read_text(encoding="utf-8")
    text += '\nmsgctxt "art7/ghost"\nmsgid "Boo"\nmsgstr "Бу"\n'
    path.write_text(text.replace(PLURAL_FORMS["ru"], "nplurals=2; plural=(n != 1);"))
    diags = check_translation(untranslated_example, "ru", doc, origins)
    assert len(diags.errors) == 1 and "Plural-Forms" in diags.errors[0].message
    assert len(diags.warnings) == 1
    warning = diags.warnings[0]
    assert "unknown entry 'art7/ghost': run toolkit i18n update" in warning.message
    assert warning.pos.line == len(text.split("\n")) - 3

    # a source edit without an update: a warning naming the entry
    src = untranslated_example / ART7
    src.write_text(src.read_text().replace("Compensation for torture is", "Compensation is"))
    result = read_submission(untranslated_example)
    assert result.document is not None
    stale = check_translation(untranslated_example, "ru", result.document, result.origins).warnings
    assert any(w.message.startswith("art7/compensation: the source text changed") for w in stale)

    # Weblate's spelling of the same rule is fine
    weblate = ("nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
               "(n%100<10 || n%100>=20) ? 1 : 2;")
    path.write_text(text.replace(PLURAL_FORMS["ru"], weblate))
    assert not check_translation(untranslated_example, "ru", doc, origins).errors


# --------------------------------------------------------------------------- small submission

SMALL = {
    "submission.yaml": BASE_SUBMISSION.replace("languages: [en]", "languages: [en, ru]"),
    "sources.yaml": """\
        rep:
          citation: Annual report, 2015
    """,
    "sections/10-a.yaml": """\
        id: a
        kind: introduction
        heading: Opening words
        contributors: [kibhr]
        paragraphs:
          - id: one
            text: One two three four.[@rep]
          - id: two
            text: Five six^[seven eight] nine.
        recommendations:
          - id: r
            text: Do *this* now, see @para:one.
    """,
    "sections/20-b.yaml": """\
        id: b
        kind: article
        articles: ["7"]
        paragraphs:
          - id: three
            text: Ten eleven.
    """,
}


def test_status_of_a_half_translated_catalogue(make_submission) -> None:
    root = make_submission(SMALL)
    update_catalogue(root, "ru")
    set_msgstr(root, "title", "Тестовое представление")
    set_msgstr(root, "a/one", "Раз два три четыре.[@rep]")
    set_msgstr(root, "b/three", "Десять одиннадцать.")
    set_msgstr(root, "a/two", "Пять шесть^[семь восемь] девять.", fuzzy=True)
    rows = catalogue_status(root)
    got = {r.group: (r.translated, r.fuzzy, r.untranslated, r.translated_words,
                     r.fuzzy_words, r.untranslated_words) for r in rows}
    assert [r.group for r in rows] == ["title", "place", "coalition", "a", "b", "source"]
    assert {r.lang for r in rows} == {"ru"}
    assert got == {
        "title": (1, 0, 0, 2, 0, 0),
        "place": (0, 0, 1, 0, 0, 1),
        "coalition": (0, 0, 2, 0, 0, 8),
        "a": (1, 1, 2, 4, 5, 6),  # heading 2 + recommendation 4 words untranslated
        "b": (1, 0, 0, 2, 0, 0),
        "source": (0, 0, 1, 0, 0, 3),
    }
    total = status_totals(rows)["ru"]
    assert (total.translated, total.fuzzy, total.untranslated) == (3, 1, 6)
    assert (total.translated_words, total.words) == (8, 31)
    assert round(total.percent, 2) == 25.81

    # a source edit after translation: the entry is no longer counted as translated
    path = root / "sections" / "20-b.yaml"
    path.write_text(path.read_text().replace("Ten eleven.", "Ten eleven twelve."))
    b = next(r for r in catalogue_status(root) if r.group == "b")
    assert (b.translated, b.fuzzy, b.fuzzy_words) == (0, 1, 3)


def _translate_small(root: Path, skip: tuple[str, ...] = ()) -> None:
    translations = {
        "title": "Тестовое представление",
        "place": "Алматы",
        "coalition/kibhr": "Казахстанское международное бюро по правам человека",
        "coalition/adilsoz": "Адил соз",
        "a/heading": "Вступительное слово",
        "a/one": "Раз два три четыре.[@rep]",
        "a/two": "Пять шесть^[семь восемь] девять.",
        "a/rec/r": "Сделайте *это* сейчас, см. @para:one.",
        "b/three": "Десять одиннадцать.",
        "source/rep": "Ежегодный доклад, 2015",
    }
    for ctx, value in translations.items():
        if ctx not in skip:
            set_msgstr(root, ctx, value)


def test_translate_document_replaces_every_unit(make_submission) -> None:
    root = make_submission(SMALL)
    update_catalogue(root, "ru")
    _translate_small(root)
    result = read_submission(root)
    assert result.document is not None
    doc, diags, left, _ = translate_document(result.document, root, "ru", draft=False,
                                          origins=result.origins)
    assert not diags.items and left == set()
    assert doc.language == "ru" and result.document.language == "en"
    assert doc.meta.title == [Text("Тестовое представление")]
    section = doc.sections[0]
    assert section.heading == [Text("Вступительное слово")]
    assert section.paragraphs[1].content == parse_inline("Пять шесть^[семь восемь] девять.")
    assert doc.sources["rep"].citation == [Text("Ежегодный доклад, 2015")]
    assert doc.meta.review.previous_outcome == "CCPR/C/KAZ/CO/1"  # data, not a unit
    assert result.document.meta.title == [Text("Test submission")]  # the original is intact


def test_translate_document_final_mode_lists_what_is_missing(make_submission) -> None:
    root = make_submission(SMALL)
    update_catalogue(root, "ru")
    _translate_small(root, skip=("a/rec/r", "source/rep"))
    set_msgstr(root, "b/three", "Десять одиннадцать.", fuzzy=True)
    text = po_path(root).read_text(encoding="utf-8")
    result = read_submission(root)
    assert result.document is not None
    doc, diags, left, _ = translate_document(result.document, root, "ru", draft=False,
                                          origins=result.origins)
    assert left == {"a/rec/r", "source/rep", "b/three"}
    assert not diags.warnings
    errors = {e.message.split(":")[0]: e for e in diags.errors}
    assert set(errors) == left
    rec = errors["a/rec/r"]
    assert rec.pos.file.endswith("locales/ru.po") and rec.pos.line == msgstr_line(text, "a/rec/r")
    src_line = line_of(root / "sections" / "10-a.yaml", "text: Do *this*")
    assert re.fullmatch(rf"a/rec/r: untranslated \(source: \S*sections/10-a\.yaml:{src_line}:\d+\)",
                        rec.message), rec.message
    assert "sources.yaml:2:" in errors["source/rep"].message
    assert "fuzzy" in errors["b/three"].message
    assert str(rec).startswith(f"{rec.pos.file}:{rec.pos.line}:1: a/rec/r: untranslated")

    # edited after translation, catalogue not updated: the old translation is not used
    path = root / "sections" / "10-a.yaml"
    path.write_text(path.read_text().replace("Opening words", "Opening remarks"))
    result = read_submission(root)
    assert result.document is not None
    doc, diags, left, _ = translate_document(result.document, root, "ru", draft=False,
                                          origins=result.origins)
    assert "a/heading" in left and doc.sections[0].heading == [Text("Opening remarks")]
    assert any(e.message.startswith("a/heading: the source text changed after the last "
                                    "update: run toolkit i18n update") for e in diags.errors)


def test_translate_document_draft_mode_keeps_source_text(make_submission) -> None:
    root = make_submission(SMALL)
    update_catalogue(root, "ru")
    _translate_small(root, skip=("a/rec/r",))
    set_msgstr(root, "a/one", "Раз два три четыре.")  # drops the citation: broken
    result = read_submission(root)
    assert result.document is not None
    original = result.document
    doc, diags, left, _ = translate_document(original, root, "ru", draft=True,
                                          origins=result.origins)
    assert not diags.errors
    assert left == {"a/rec/r", "a/one"}
    section = doc.sections[0]
    assert section.recommendations[0].content == original.sections[0].recommendations[0].content
    assert section.paragraphs[0].content == original.sections[0].paragraphs[0].content
    assert section.paragraphs[1].content != original.sections[0].paragraphs[1].content
    messages = [w.message for w in diags.warnings]
    assert any("translation drops [@rep]" in m for m in messages)
    assert any(m.startswith("2 of 10 texts are not translated yet (1 untranslated, 1 broken)")
               for m in messages), messages


def test_translate_document_without_catalogue(make_submission) -> None:
    root = make_submission(SMALL)
    result = read_submission(root)
    assert result.document is not None
    _, diags, left, _ = translate_document(result.document, root, "ru", draft=False)
    assert len(diags.errors) == 1 and "no catalogue" in diags.errors[0].message
    assert len(left) == 10
    _, diags, _, _ = translate_document(result.document, root, "ru", draft=True)
    assert not diags.errors and "no catalogue" in diags.warnings[0].message


# --------------------------------------------------------------------------- CLI


def test_cli_update_and_status(make_submission) -> None:
    root = make_submission(SMALL)
    runner = CliRunner()
    out = runner.invoke(app, ["i18n", "update", str(root)])
    assert out.exit_code == 0, out.output
    assert "ru.po: created — 10 new" in out.output
    set_msgstr(root, "title", "Тестовое представление")
    out = runner.invoke(app, ["i18n", "status", str(root), "--fail-under", "5"])
    assert out.exit_code == 0, out.output
    assert re.search(r"total\s+10\s+1\s+0\s+9\s+31\s+2\s+0\s+29\s+6\.5%", out.output), out.output
    out = runner.invoke(app, ["i18n", "status", str(root), "--fail-under", "50"])
    assert out.exit_code == 1 and "below --fail-under 50%" in out.output


def test_cli_reports_broken_catalogue_without_traceback(make_submission) -> None:
    root = make_submission(SMALL)
    update_catalogue(root, "ru")
    path = po_path(root)
    path.write_text(path.read_text(encoding="utf-8") + 'msgid "x\n', encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").split("\n")) - 1
    out = CliRunner().invoke(app, ["i18n", "status", str(root)])
    assert out.exit_code == 1
    assert f"ru.po:{line}:1: unterminated string" in out.output
    assert "Traceback" not in out.output
    out = CliRunner().invoke(app, ["i18n", "update", str(root), "--lang", "xx"])
    assert out.exit_code == 2 and "'xx'" in out.output  # wrong usage


# --------------------------------------------------------------------------- scale


def _big_submission(root: Path, sections: int = 10, paragraphs: int = 109) -> None:
    (root / "sections").mkdir(parents=True)
    (root / "submission.yaml").write_text(
        BASE_SUBMISSION.replace("languages: [en]", "languages: [en, ru]"), encoding="utf-8")
    for s in range(sections):
        items = [
            {"id": f"p{p}", "text": f"Paragraph {p} of section {s}: the State should act on "
             f"torture complaints promptly and *impartially*.^[Note {s}.{p} on the facts.] "
             + "Lorem ipsum dolor sit amet. " * 6}
            for p in range(paragraphs)
        ]
        data = {"id": f"s{s}", "kind": "theme", "heading": f"Theme {s}", "paragraphs": items}
        (root / "sections" / f"{s:02d}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88),
            encoding="utf-8")


def test_large_catalogue_with_ten_percent_edits(tmp_path: Path) -> None:
    root = tmp_path / "big"
    _big_submission(root)
    update_catalogue(root, "ru")
    # translate everything (by rewriting msgstr = msgid with a marker)
    path = po_path(root)
    text = re.sub(r'(?m)^(msgid ("(?:[^"\\]|\\.)+")\nmsgstr )""$',
                  lambda m: m.group(1) + m.group(2)[:-1] + ' [ru]"', path.read_text())
    path.write_text(text, encoding="utf-8")
    total = 1 + 3 + 10 * 110  # title, place, two coalition names, paragraphs
    # edit every tenth paragraph
    edited = set()
    for s in range(10):
        f = root / "sections" / f"{s:02d}.yaml"
        data = yaml.safe_load(f.read_text())
        for p in range(0, 109, 10):
            data["paragraphs"][p]["text"] += " Edited."
            edited.add(f"s{s}/p{p}")
        f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=88))
    result = read_submission(root)
    assert result.document is not None
    units = extract_units(result.document, result.origins, root)
    old = parse_po(path.read_bytes())
    assert len(units) == len(old.entries) == total

    start = time.perf_counter()
    po, report = merge_catalogue(units, old, "ru")
    merged = time.perf_counter() - start
    start = time.perf_counter()
    full = update_catalogue(root, "ru")
    whole = time.perf_counter() - start
    print(f"\n{total} entries, {len(edited)} edited: merge {merged * 1000:.1f} ms, "
          f"whole update (read YAML + merge + write) {whole * 1000:.1f} ms")

    assert (report.changed, report.unchanged, report.new) == (len(edited), total - len(edited), 0)
    assert (full.changed, full.unchanged) == (len(edited), total - len(edited))
    fuzzy = {e.msgctxt for e in po.entries if e.fuzzy}
    assert fuzzy == edited
    for e in po.entries:
        if e.msgctxt in edited:
            assert e.previous_msgid is not None and e.msgid == e.previous_msgid + " Edited."
            assert e.msgstr == e.previous_msgid + " [ru]"
        else:
            assert e.msgstr == e.msgid + " [ru]" and e.previous_msgid is None
    again = path.read_bytes()
    assert not update_catalogue(root, "ru").written
    assert path.read_bytes() == again


def test_update_leaves_a_catalogue_another_tool_rewrapped(make_submission) -> None:
    """Poedit, Weblate and msgcat wrap long strings their own way: an update that changes
    nothing else keeps the file byte for byte (no churn in git); a real change still
    writes it."""
    import re as _re

    from toolkit.i18n.merge import update_catalogue as update

    root = make_submission(SMALL)
    update(root, "ru")
    path = root / "locales" / "ru.po"
    text = path.read_text(encoding="utf-8")

    def rewrap(match: _re.Match[str]) -> str:  # one string split into two, as a tool may
        keyword, body = match.group(1), match.group(2)
        cut = len(body) // 2
        while cut > 0 and body[cut - 1] == "\\":  # never inside an escape
            cut -= 1
        return f'{keyword} ""\n"{body[:cut]}"\n"{body[cut:]}"'

    rewrapped = _re.sub(r'^(msgid|msgstr) "(.{12,})"$', rewrap, text, flags=_re.M)
    assert rewrapped != text
    path.write_text(rewrapped, encoding="utf-8")
    report = update(root, "ru")
    assert not report.written
    assert path.read_text(encoding="utf-8") == rewrapped
    (root / "sections" / "10-a.yaml").write_text(
        (root / "sections" / "10-a.yaml").read_text(encoding="utf-8").replace("One", "Uno", 1),
        encoding="utf-8")
    assert update(root, "ru").written
