"""Reliability as the user sees it: files the toolkit reads (catalogues as links, pipes,
oversized), outputs it writes (a file in the way, a device, a full or read-only disk, an
input folder), and the output of all languages written all or none.

Each test runs the command, then asserts the exit code, one message at the path, no
traceback, and what is (not) on disk afterwards.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE, VALID_FILES, write_submission
from tests.docx_inspect import read_docx
from toolkit import fsutil
from toolkit.cli.main import app

runner = CliRunner()
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def invoke(args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def errors(output: str) -> list[str]:
    """The error lines (``file[:line[:col]]: message``), without summaries and warnings."""
    return [line for line in output.splitlines()
            if ": " in line and ": warning: " not in line and not line.startswith("wrote ")
            and not line[0].isdigit()]


@pytest.fixture()
def example(tmp_path: Path) -> Path:
    """A copy of the CCPR example: three languages, complete catalogues."""
    root = tmp_path / "kaz"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    return root


@pytest.fixture()
def small(tmp_path: Path) -> Path:
    return write_submission(tmp_path / "sub", VALID_FILES)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# --------------------------------------------------------------------------- reading


def test_catalogue_linked_to_a_system_file_is_refused_unread(example: Path) -> None:
    po = example / "locales" / "ru.po"
    po.unlink()
    po.symlink_to("/etc/passwd")
    for args in (["check", str(example)], ["build", str(example), "--lang", "ru",
                                           "--out", str(example / "out")]):
        code, output = invoke(args)
        assert code == 1
        assert "root:" not in output  # not a byte of the file is shown
        [line] = [e for e in errors(output) if "locales/ru.po" in e]
        assert "outside the submission folder" in line
    assert files_in(example / "out") == []


def test_locales_folder_linked_outside_is_refused(example: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.move(example / "locales", elsewhere)
    (example / "locales").symlink_to(elsewhere)
    code, output = invoke(["check", str(example), "--lang", "ru"])
    assert code == 1
    assert any("locales/ru.po" in e and "outside the submission folder" in e
               for e in errors(output)), output


def test_catalogue_that_is_a_pipe_does_not_hang(example: Path) -> None:
    po = example / "locales" / "ru.po"
    po.unlink()
    os.mkfifo(po)
    # a real process, so that a hang is a failure (timeout) rather than a stuck suite
    for args in (["check", str(example)], ["i18n", "status", str(example)],
                 ["build", str(example), "--lang", "ru", "--out", str(example / "out")]):
        proc = subprocess.run(
            [sys.executable, "-c", "from toolkit.cli.main import main; main()", *args],
            capture_output=True, text=True, timeout=300, check=False)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "locales/ru.po: not a regular file" in proc.stderr
    assert files_in(example / "out") == []


def test_oversized_catalogue_is_refused_before_reading(example: Path) -> None:
    po = example / "locales" / "ru.po"
    with po.open("r+b") as handle:  # sparse: 50 MB on paper, nothing read
        handle.truncate(50 * 2**20)
    code, output = invoke(["check", str(example)])
    assert code == 1
    assert any(e.startswith(f"{po}: file is larger than 10 MB") or
               "locales/ru.po: file is larger than 10 MB" in e for e in errors(output)), output


def test_themes_yaml_keeps_words_as_written(tmp_path: Path) -> None:
    """``on:`` is the theme id "on" (YAML 1.1 would read True); its name is shown."""
    root = write_submission(tmp_path / "upr", {})
    shutil.rmtree(root)
    shutil.copytree(EXAMPLE.parent / "kaz-upr-2024", root,
                    ignore=shutil.ignore_patterns("build"))
    (root / "themes.yaml").write_text("on: Working on it\n", encoding="utf-8")
    from toolkit.pipeline import load

    loaded = load(root)
    assert not loaded.diagnostics.errors, loaded.diagnostics
    assert loaded.themes["on"] == "Working on it"


# --------------------------------------------------------------------------- writing


def test_out_at_an_existing_file(small: Path, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("keep me")
    for args in (["build", str(small), "--out", str(target)],
                 ["export", "recommendations", str(small), "--out", str(target)],
                 ["schema", "--out", str(target)]):
        code, output = invoke(args)
        assert code == 1, output
        [line] = errors(output)
        assert line.startswith(f"{target}: this is a file, not a folder"), output
        assert "nothing was written" in output
    assert target.read_text() == "keep me"
    assert files_in(tmp_path) == ["a-file", "sub"]  # no temporaries left


def test_template_export_to_a_device_or_pipe_is_refused(tmp_path: Path) -> None:
    """``template export /dev/full`` must not rename a file over the device. The test uses
    its own device node (root) or a FIFO, never the system's /dev/full: with the defect,
    the node would be replaced."""
    import stat

    target = tmp_path / "full"
    if IS_ROOT:
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a /dev/full of our own
    else:
        os.mkfifo(target)
    kind = os.stat(target).st_mode
    code, output = invoke(["template", "export", str(target)])
    assert code == 1
    [line] = errors(output)
    assert line.startswith(f"{target}: cannot write this file: it is not an ordinary file")
    assert os.stat(target).st_mode == kind  # still the device (or pipe)
    assert files_in(tmp_path) == ["full"]  # no temporary left


def test_i18n_update_when_locales_is_a_file(example: Path) -> None:
    shutil.rmtree(example / "locales")
    (example / "locales").write_text("not a folder")
    code, output = invoke(["i18n", "update", str(example)])
    assert code == 1
    [line] = errors(output)
    assert "locales is a file, not a folder" in line
    assert (example / "locales").read_text() == "not a folder"


def test_full_disk_writes_no_language(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three languages; the disk fills while the second file is written: none is left."""
    real_write, real_mkstemp = os.write, fsutil.tempfile.mkstemp
    started: list[str] = []

    def mkstemp(**kwargs: object) -> tuple[int, str]:
        fd, name = real_mkstemp(**kwargs)  # type: ignore[call-overload]
        started.append(name)
        return fd, name

    def write(fd: int, data: bytes) -> int:
        if len(started) >= 2:  # the second file: half written, then the disk is full
            real_write(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(fsutil.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(fsutil.os, "write", write)
    out = example / "out"
    code, output = invoke(["build", str(example), "--out", str(out)])
    assert code == 1, output
    [line] = errors(output)
    assert "the disk is full" in line and line.startswith(str(out)), output
    assert files_in(out) == []  # neither the first language nor any temporary


def test_i18n_update_on_a_full_disk_loses_nothing(example: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for po in (example / "locales").glob("*.po"):  # an update that has to write both
        po.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy\n", ""),
                      encoding="utf-8")
    (example / "sections" / "99-new.yaml").write_text(
        "id: new\nkind: annex\nheading: New annex\nparagraphs:\n  - text: A new text.\n",
        encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (example / "locales").iterdir()}

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fsutil.os, "write", full)
    code, output = invoke(["i18n", "update", str(example)])
    assert code == 1, output
    assert "the disk is full" in output
    after = {p.name: p.read_bytes() for p in (example / "locales").iterdir()}
    assert after == before  # every translation kept, no temporary left


@pytest.mark.skipif(not IS_ROOT or not shutil.which("mount"), reason="mounting needs root")
def test_real_full_and_read_only_file_systems(small: Path, tmp_path: Path) -> None:
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(tiny)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        code, output = invoke(["build", str(small), "--out", str(tiny)])
        assert code == 1 and "the disk is full" in output, output
        assert files_in(tiny) == []
        subprocess.run(["mount", "-o", "remount,ro", str(tiny)], check=True)
        code, output = invoke(["build", str(small), "--out", str(tiny)])
        assert code == 1 and "the file system is read-only" in output, output
    finally:
        subprocess.run(["umount", str(tiny)], check=False)


# --------------------------------------------------------------------------- inputs kept


@pytest.mark.parametrize("inside", ["sections", "locales", "templates", "sections/deeper"])
def test_output_folder_inside_an_input_folder_is_refused(example: Path, inside: str) -> None:
    before = files_in(example / inside.split("/")[0])
    code, output = invoke(["build", str(example), "--out", str(example / inside)])
    assert code == 1
    [line] = errors(output)
    assert f"inside the submission's {inside.split('/')[0]}/ folder" in line
    assert files_in(example / inside.split("/")[0]) == before
    code, _ = invoke(["check", str(example)])
    assert code == 0


def test_output_over_the_reference_document_is_refused(small: Path) -> None:
    assert invoke(["template", "export", str(small / "sub-en.docx")])[0] == 0
    yaml_text = (small / "submission.yaml").read_text()
    (small / "submission.yaml").write_text(
        yaml_text.replace("coalition:", "reference_doc: sub-en.docx\ncoalition:"))
    reference = (small / "sub-en.docx").read_bytes()
    code, output = invoke(["build", str(small), "--out", str(small)])
    assert code == 1
    [line] = errors(output)
    assert "would overwrite an input of the submission" in line
    assert (small / "sub-en.docx").read_bytes() == reference


def test_default_build_folder_and_submission_folder_stay_allowed(small: Path) -> None:
    assert invoke(["build", str(small)])[0] == 0
    assert files_in(small / "build") == ["sub-en.docx"]
    assert invoke(["build", str(small), "--out", str(small)])[0] == 0
    assert (small / "sub-en.docx").is_file()


# --------------------------------------------------------------------------- check = build


def test_many_annexes_are_lettered_past_z(small: Path) -> None:
    from toolkit.transform.prepare import annex_letter

    for i in range(30):
        (small / "sections" / f"9{i:02d}-annex.yaml").write_text(
            f"id: annex{i}\nkind: annex\nheading: Annex {i}\nparagraphs:\n  - text: Text {i}.\n",
            encoding="utf-8")
    assert invoke(["check", str(small)])[0] == 0
    code, output = invoke(["build", str(small)])
    assert code == 0, output
    headings = [p.text for p in read_docx(small / "build" / "sub-en.docx").styled("Heading2")
                if p.text.startswith("Annex ")]
    letters = [h.split(".")[0].removeprefix("Annex ") for h in headings]
    assert letters == [annex_letter(i) for i in range(len(letters))], letters
    assert letters[-1] == "AG" and headings[-1] == "Annex AG. Annex 29"  # 3 generated + 30


def test_annex_letters_continue_like_spreadsheet_columns() -> None:
    from toolkit.transform.prepare import annex_letter

    assert [annex_letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == \
        ["A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_renamed_macro_document_as_reference_passes_check_and_build(small: Path) -> None:
    """A .docm saved as .docx: check and build agree (both accept it, the macros dropped,
    the output an ordinary .docx)."""
    invoke(["template", "export", str(small / "plain.docx")])
    with zipfile.ZipFile(small / "plain.docx") as src, \
            zipfile.ZipFile(small / "styles.docx", "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument."
                    b"wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml")
                data = data.replace(b"</Types>", b'<Default Extension="bin" ContentType='
                                    b'"application/vnd.ms-office.vbaProject"/></Types>')
            dst.writestr(info, data)
        dst.writestr("word/vbaProject.bin", b"\0" * 64)
    (small / "plain.docx").unlink()
    text = (small / "submission.yaml").read_text()
    (small / "submission.yaml").write_text(
        text.replace("coalition:", "reference_doc: styles.docx\ncoalition:"))
    code, output = invoke(["check", str(small)])
    assert code == 0, output
    code, output = invoke(["build", str(small)])
    assert code == 0, output
    with zipfile.ZipFile(small / "build" / "sub-en.docx") as docx:
        assert b"macroEnabled" not in docx.read("[Content_Types].xml")
        assert not [n for n in docx.namelist() if "vba" in n.lower()]


@pytest.mark.parametrize("file, old, new, where", [
    ("submission.yaml", "state_report: CCPR/C/KAZ/2", "state_report: CCPR/C/KAZ/XX",
     "submission.yaml:5:"),
    ("submission.yaml", "previous_outcome: CCPR/C/KAZ/CO/1", "previous_outcome: CCPR/C/KAZ/C0/1",
     "submission.yaml:5:"),
    ("previous.yaml", "document: CCPR/C/KAZ/CO/1", "document: CCPR-C-KAZ-CO-1",
     "previous.yaml:2:"),
])
def test_unknown_document_symbols_warn_alike_in_check_and_build(
        small: Path, file: str, old: str, new: str, where: str) -> None:
    path = small / file
    path.write_text(path.read_text().replace(old, new, 1))
    symbol = new.split(": ")[1]
    outputs = []
    for args in (["check", str(small)], ["build", str(small)]):
        code, output = invoke(args)
        assert code == 0, output
        [line] = [x for x in output.splitlines() if f"'{symbol}' is not a well-formed" in x]
        assert re.search(rf"(^|/){re.escape(where)}\d+: warning: ", line), line
        outputs.append(line)
    assert outputs[0] == outputs[1]  # the same warning, at the same place
    assert (small / "build" / "sub-en.docx").is_file()
