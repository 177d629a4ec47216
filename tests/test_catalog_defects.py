"""Content catalogues as a translator's tool and a coordinator see them: every PO file the
toolkit writes passes GNU msgfmt, a missing or unfinished translation holds back only its own
language, and a damaged catalogue gives one message with its line, never a traceback and
never a lost translation.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.docx_inspect import read_docx
from tests.test_content_catalog import (
    SMALL,
    _translate_small,
    entry_block,
    po_path,
    set_msgstr,
)
from toolkit.cli.main import app
from toolkit.i18n.merge import update_catalogue
from toolkit.i18n.po import PoError, parse_po, write_po

runner = CliRunner()


def invoke(*args: object) -> tuple[int, str]:
    """Run the CLI as a user would; a traceback fails the test whatever the exit code."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def msgfmt(path: Path, tmp_path: Path) -> Path:
    """Compile with GNU msgfmt's strictest checks; the .mo it wrote."""
    mo = tmp_path / (path.stem + ".mo")
    proc = subprocess.run(["msgfmt", "-c", "--check-format", "-o", str(mo), str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr + path.read_text(encoding="utf-8")
    return mo


def translations_in(data: bytes) -> dict[tuple[str, bool], str]:
    """(msgctxt, obsolete) → translation, read independently of the toolkit's reader:
    GNU msgcat normalises the file to one string per line (it reads LF and CRLF only)."""
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    proc = subprocess.run(["msgcat", "--no-wrap", "-"], input=data, capture_output=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    out: dict[tuple[str, bool], str] = {}
    for block in proc.stdout.decode("utf-8").split("\n\n"):
        ctx = re.search(r'(?m)^(#~ )?msgctxt ("(?:[^"\\]|\\.)*")$', block)
        msgstr = re.search(r'(?m)^(?:#~ )?msgstr(?:\[0\])? ("(?:[^"\\]|\\.)*")$', block)
        if ctx and msgstr and msgstr.group(1) != '""':
            out[(ctx.group(2)[1:-1], bool(ctx.group(1)))] = msgstr.group(1)[1:-1]
    return out


SMALL_RU = {**SMALL}
ONE = "sections/10-a.yaml"


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- 1. msgfmt


def test_every_update_writes_a_file_gnu_msgfmt_accepts(make_submission, tmp_path: Path) -> None:
    root = make_submission(SMALL_RU)
    po = po_path(root)
    assert invoke("i18n", "update", root)[0] == 0  # new catalogue
    msgfmt(po, tmp_path)

    _translate_small(root)
    block = entry_block(po.read_text(encoding="utf-8"), "b/three")
    _rewrite(po, block, "# checked by KIBHR\n" + block)  # a translator's note
    assert invoke("i18n", "update", root)[0] == 0
    msgfmt(po, tmp_path)

    _rewrite(root / "sections/20-b.yaml", "Ten eleven.", "Ten and eleven.")  # edited text
    assert invoke("i18n", "update", root)[0] == 0
    lines = entry_block(po.read_text(encoding="utf-8"), "b/three").split("\n")
    assert "#, fuzzy" in lines and '#| msgid "Ten eleven."' in lines
    assert lines[0] == "# checked by KIBHR"
    msgfmt(po, tmp_path)

    _rewrite(root / ONE, "- id: two", "- id: second")  # renamed id, same words
    assert invoke("i18n", "update", root)[0] == 0
    msgfmt(po, tmp_path)

    # a copy of a text that stays where it was: reused as fuzzy, "#| msgctxt" + "#| msgid"
    _rewrite(root / "sections/20-b.yaml", "paragraphs:\n",
             "paragraphs:\n  - id: copy\n    text: One two three four.[@rep]\n")
    assert invoke("i18n", "update", root)[0] == 0
    lines = entry_block(po.read_text(encoding="utf-8"), "b/copy").split("\n")
    assert "#, fuzzy" in lines and '#| msgctxt "a/one"' in lines
    assert '#| msgid "One two three four.[@rep]"' in lines
    msgfmt(po, tmp_path)

    _rewrite(root / ONE, "  - id: one\n    text: One two three four.[@rep]\n", "")  # removed
    _rewrite(root / ONE, "see @para:one", "see @para:second")
    assert invoke("i18n", "update", root)[0] == 0
    text = po.read_text(encoding="utf-8")
    assert '#~ msgstr "Раз два три четыре.[@rep]"' in entry_block(text, "a/one", obsolete=True)
    mo = msgfmt(po, tmp_path)
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.pgettext("a/second", "Five six^[seven eight] nine.") \
        == "Пять шесть^[семь восемь] девять."


def test_an_id_rename_keeps_the_translation_reviewed(make_submission) -> None:
    root = make_submission(SMALL_RU)
    update_catalogue(root, "ru")
    _translate_small(root)
    po = po_path(root)
    block = entry_block(po.read_text(encoding="utf-8"), "a/two")
    _rewrite(po, block, "# keep the note\n" + block)
    _rewrite(root / ONE, "- id: two", "- id: second")
    report = update_catalogue(root, "ru")
    assert (report.renamed, report.moved, report.new, report.obsolete) == (1, 0, 0, 0)
    text = po.read_text(encoding="utf-8")
    lines = entry_block(text, "a/second").split("\n")
    assert lines[0] == "# keep the note"
    assert not any(line.startswith(("#,", "#|")) for line in lines), lines
    assert 'msgstr "Пять шесть^[семь восемь] девять."' in lines
    assert '"a/two"' not in text
    code, out = invoke("check", root, "--lang", "ru")
    assert code == 0, out


def test_a_previous_msgctxt_alone_is_written_with_its_msgid(tmp_path: Path) -> None:
    """A file with "#| msgctxt" and no "#| msgid" (as the toolkit once wrote) comes out in
    the form gettext requires."""
    path = tmp_path / "ru.po"
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    path.write_text(write_po(parse_po(header + '#, fuzzy\n#| msgctxt "a/old"\n'
                                      'msgctxt "a/new"\nmsgid "Text"\nmsgstr "Текст"\n')),
                    encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[5:7] == ['#| msgctxt "a/old"', '#| msgid "Text"'], lines
    msgfmt(path, tmp_path)


def test_po_numeric_escapes_are_bytes_as_in_gettext(tmp_path: Path) -> None:
    """«Ка» written as UTF-8 byte escapes means the same to us and to msgfmt."""
    path = tmp_path / "ru.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgctxt "a"\nmsgid "x"\nmsgstr "\\xd0\\x9a\\320\\260"\n', encoding="utf-8")
    assert parse_po(path.read_bytes()).entries[0].msgstr == "Ка"
    with msgfmt(path, tmp_path).open("rb") as handle:
        assert gettext.GNUTranslations(handle).pgettext("a", "x") == "Ка"


# --------------------------------------------------------------------------- 2. check


def test_a_missing_catalogue_is_a_warning_and_check_lang_demands_it(make_submission) -> None:
    root = make_submission(SMALL_RU)
    code, out = invoke("check", root)
    assert code == 0, out
    assert re.search(r"locales/ru\.po: warning: no catalogue: run toolkit i18n update \S+ "
                     r"--lang ru", out), out
    code, out = invoke("check", root, "--lang", "ru")
    assert code == 1 and re.search(r"locales/ru\.po: no catalogue: run toolkit i18n update",
                                   out), out

    update_catalogue(root, "ru")  # an empty catalogue: the same, without the warning
    assert invoke("check", root)[0] == 0
    _translate_small(root, skip=("b/three",))
    code, out = invoke("check", root, "--lang", "ru")
    line = po_path(root).read_text(encoding="utf-8").split("\n").index(
        'msgctxt "b/three"') + 3
    assert code == 1 and f"locales/ru.po:{line}:1: b/three: untranslated" in out, out
    set_msgstr(root, "b/three", "Десять одиннадцать.")
    assert invoke("check", root, "--lang", "ru")[0] == 0
    assert invoke("check", root, "--lang", "xx")[0] == 2


# --------------------------------------------------------------------------- 3. build


def test_build_writes_the_ready_languages_and_names_the_others(make_submission,
                                                               tmp_path: Path) -> None:
    root = make_submission(SMALL_RU)
    out_dir = tmp_path / "out"
    code, out = invoke("build", root, "--out", out_dir)
    assert code == 1
    assert len(list(out_dir.glob("*-en.docx"))) == 1, out
    assert not list(out_dir.glob("*-ru.docx"))
    assert re.search(r"wrote \S+-en\.docx", out)
    assert "locales/ru.po: no catalogue" in out
    last = out.strip().split("\n")[-1]
    assert "not built: ru" in last and "--draft" in last and "--lang en" in last, last

    shutil.rmtree(out_dir)
    code, out = invoke("build", root, "--lang", "ru", "--out", out_dir)  # nothing ready
    assert code == 1 and not out_dir.exists() and "nothing was written" in out


# --------------------------------------------------------------------------- 4. red team


def _translated(make_submission) -> Path:
    root = make_submission(SMALL_RU)
    update_catalogue(root, "ru")
    _translate_small(root)
    return root


def _po_line(root: Path, needle: str) -> int:
    lines = re.split(r"\r\n|\r|\n", po_path(root).read_bytes().decode("utf-8"))
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def _all_commands_report(root: Path, tmp_path: Path, line: int) -> None:
    """check, build and update each give exit 1 and the PO line; nothing is written."""
    before = po_path(root).read_bytes()
    where = f"locales/ru.po:{line}:"
    code, out = invoke("check", root)
    assert code == 1 and where in out, out
    code, out = invoke("build", root, "--lang", "ru", "--out", tmp_path / "out")
    assert code == 1 and where in out, out
    assert not (tmp_path / "out").exists()
    code, out = invoke("i18n", "update", root)
    if code == 0:  # update may repair it, but keeps the translation
        assert "Пять шесть" in po_path(root).read_text(encoding="utf-8")
    else:
        assert code == 1 and where in out, out
        assert po_path(root).read_bytes() == before


def test_a_plural_content_entry_is_an_error_with_its_line(make_submission,
                                                          tmp_path: Path) -> None:
    root = _translated(make_submission)
    _rewrite(po_path(root), 'msgstr "Пять шесть^[семь восемь] девять."',
             'msgid_plural "x"\nmsgstr[0] "Пять шесть^[семь восемь] девять."\n'
             'msgstr[1] "a"\nmsgstr[2] "b"')
    line = _po_line(root, 'msgid_plural "x"')
    _all_commands_report(root, tmp_path, line)
    update_catalogue(root, "ru")  # the update makes it an ordinary entry again
    lines = entry_block(po_path(root).read_text(encoding="utf-8"), "a/two").split("\n")
    assert 'msgstr "Пять шесть^[семь восемь] девять."' in lines
    assert invoke("check", root, "--lang", "ru")[0] == 0


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_any_line_ends_keep_every_translation(make_submission, tmp_path: Path,
                                              newline: str) -> None:
    root = _translated(make_submission)
    path = po_path(root)
    path.write_bytes(path.read_bytes().replace(b"\n", newline.encode()))
    before = path.read_bytes()
    wanted = translations_in(before)
    assert len(wanted) == 10
    report = update_catalogue(root, "ru")
    assert (report.unchanged, report.new) == (10, 0)
    if newline == "\r\n":
        assert path.read_bytes() == before  # nothing changed: not even the line ends
    else:  # gettext tools cannot read lone CR: the update writes LF
        assert report.written and b"\r" not in path.read_bytes()
    assert invoke("check", root, "--lang", "ru")[0] == 0
    code, out = invoke("build", root, "--lang", "ru", "--out", tmp_path / "out")
    assert code == 0, out

    _rewrite(root / "sections/20-b.yaml", "Ten eleven.", "Ten and eleven.")
    update_catalogue(root, "ru")
    after = path.read_bytes()
    if newline == "\r\n":  # a CRLF file stays CRLF: the diff shows only what changed
        assert after.count(b"\r\n") > 50 and b"\n" not in after.replace(b"\r\n", b"")
    assert translations_in(after) == wanted
    assert msgfmt(path, tmp_path)


ESCAPES = [
    ("\\x110000", "out of range"),
    ("\\001", "U+0001"),
    ("\\x00", "U+0000"),
    ("\\xfffe", "out of range"),
    ("\\xd800", "out of range"),
    ("\x07", "U+0007"),  # a raw BEL byte
    ("\\a", "U+0007"),
    ("\\xff", "UTF-8"),
]


@pytest.mark.parametrize(("escape", "message"), ESCAPES, ids=[e for e, _ in ESCAPES])
def test_bad_po_escapes_are_errors_with_the_line(make_submission, tmp_path: Path,
                                                 escape: str, message: str) -> None:
    root = _translated(make_submission)
    _rewrite(po_path(root), 'msgstr "Десять одиннадцать."',
             f'msgstr "Десять {escape} одиннадцать."')
    line = _po_line(root, "Десять ")
    _all_commands_report(root, tmp_path, line)
    with pytest.raises(PoError) as info:
        parse_po(po_path(root).read_bytes())
    assert info.value.line == line and message in info.value.message


@pytest.mark.parametrize("value", ["\\nДесять одиннадцать.", "Десять одиннадцать.\\n"])
def test_a_line_break_msgfmt_refuses_is_an_error_with_the_line(make_submission,
                                                              tmp_path: Path,
                                                              value: str) -> None:
    root = _translated(make_submission)
    _rewrite(po_path(root), 'msgstr "Десять одиннадцать."', f'msgstr "{value}"')
    _all_commands_report(root, tmp_path, _po_line(root, "Десять "))


def test_update_removes_temporaries_an_interrupted_update_left(make_submission) -> None:
    root = _translated(make_submission)
    folder = root / "locales"
    stale = folder / ".ru.po.k3j_x9a2.tmp"
    stale.write_text("half a catalogue", encoding="utf-8")
    other = [folder / ".ru.po.notes.tmp", folder / "ru.po.k3j_x9a2.tmp",
             folder / ".kk.po.k3j_x9a2.tmp"]
    for path in other:
        path.write_text("not an interrupted ru update", encoding="utf-8")
    code, out = invoke("i18n", "update", root, "--lang", "ru")
    assert code == 0, out
    assert not stale.exists()
    assert all(path.exists() for path in other)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["ru.po", *(p.name for p in other)])


def test_check_lang_and_build_agree_on_a_quoted_line_break(make_submission,
                                                           tmp_path: Path) -> None:
    """Escapes that are fine (line break, tab, quote, a markup backslash, UTF-8 bytes)
    pass check and build."""
    root = _translated(make_submission)
    _rewrite(po_path(root), 'msgstr "Десять одиннадцать."',
             'msgstr "Десять\\tодиннадцать \\"и\\" \\\\\\\\ \\xd0\\x94\\n."')
    assert invoke("check", root, "--lang", "ru")[0] == 0
    code, out = invoke("build", root, "--lang", "ru", "--out", tmp_path / "out")
    assert code == 0, out
    (docx,) = (tmp_path / "out").glob("*-ru.docx")
    texts = " ".join(p.text for p in read_docx(docx).paragraphs())
    assert "одиннадцать «и» \\ Д" in texts, texts


@pytest.mark.parametrize("width", ["30", "200"])
def test_update_after_msgcat_rewrapped_the_catalogue_changes_nothing(
        make_submission, width: str) -> None:
    """GNU msgcat (as Poedit or Weblate would) wraps the file its own way; an update with
    nothing new keeps that file byte for byte, and a real change is still written."""
    root = _translated(make_submission)
    path = po_path(root)
    subprocess.run(["msgcat", f"--width={width}", "-o", str(path), str(path)], check=True)
    wrapped = path.read_bytes()
    report = update_catalogue(root, "ru")
    assert not report.written and path.read_bytes() == wrapped
    _rewrite(root / "sections/20-b.yaml", "Ten eleven.", "Ten and eleven.")
    assert update_catalogue(root, "ru").written
