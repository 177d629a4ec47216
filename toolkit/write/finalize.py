"""Final documents with real page numbers, through LibreOffice running headless.

python-docx cannot paginate, so the DOCX writer leaves the table of contents' page
numbers empty (Word fills them on F9). :func:`finalize` opens a built DOCX in LibreOffice,
updates every index (the TOC) and field, and saves a DOCX with page numbers filled in
and/or a PDF.

LibreOffice's Python-UNO bridge (Debian's ``python3-uno``) is importable only from the
interpreter it was built for (``/usr/bin/python3``, or the python bundled with
LibreOffice), not from the toolkit's virtual environment. So this module re-runs *itself*
as a script under such an interpreter (see :func:`_helper_main`); the helper starts
``soffice`` on a private, throw-away user profile (concurrent runs and fresh CI machines
work), talks to it over a private named pipe, and always shuts it down again. The module's
top level therefore imports only the standard library.

Outputs are written atomically: the previous file stays intact if anything fails.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

__all__ = [
    "INSTALL_HINT",
    "FinalizeError",
    "LibreOfficeMissing",
    "finalize",
    "has_comments",
    "heading_pages",
    "libreoffice_available",
    "toc_page_numbers",
]

INSTALL_HINT = "apt-get install libreoffice-writer-nogui python3-uno fonts-liberation2"


class LibreOfficeMissing(Exception):
    """LibreOffice or its Python-UNO bridge is not installed."""

    def __init__(self, detail: str = "") -> None:
        message = (
            "LibreOffice (headless) with its Python UNO bridge is needed to update the table "
            f"of contents and write PDFs. On Debian/Ubuntu: {INSTALL_HINT}"
        )
        super().__init__(f"{message} ({detail})" if detail else message)


class FinalizeError(RuntimeError):
    """LibreOffice is installed but the conversion failed or timed out."""


_BOOT = (
    "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
)


# --------------------------------------------------------------------------- discovery

_SOFFICE_CANDIDATES = [
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/usr/local/lib/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
]
_checked_pythons: dict[str, bool] = {}


def _find_soffice() -> str | None:
    """Path of the soffice launcher; ``$TOOLKIT_SOFFICE`` overrides the search."""
    override = os.environ.get("TOOLKIT_SOFFICE")
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _SOFFICE_CANDIDATES:
        for path in sorted(glob.glob(pattern), reverse=True):
            if os.access(path, os.X_OK):
                return path
    return None


def _helper_env() -> dict[str, str]:
    """Our environment minus the variables that would point another python at our venv."""
    env = dict(os.environ)
    for name in ("PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONSAFEPATH"):
        env.pop(name, None)
    return env


def _can_import_uno(python: str) -> bool:
    if python not in _checked_pythons:
        try:
            proc = subprocess.run(
                [python, "-c", "import uno, unohelper"],
                capture_output=True, timeout=60, env=_helper_env(), check=False,
            )
            _checked_pythons[python] = proc.returncode == 0
        except (OSError, subprocess.SubprocessError):
            _checked_pythons[python] = False
    return _checked_pythons[python]


def _find_uno_python(soffice: str | None = None) -> str | None:
    """An interpreter that can ``import uno``; ``$TOOLKIT_UNO_PYTHON`` overrides the search.

    Tries Debian's ``/usr/bin/python3`` (python3-uno), then the python that LibreOffice
    bundles next to soffice (TDF builds, macOS, Windows), then ``python3`` on PATH.
    """
    override = os.environ.get("TOOLKIT_UNO_PYTHON")
    candidates = [override] if override else []
    if not override:
        candidates.append("/usr/bin/python3")
        if soffice:
            program = Path(os.path.realpath(soffice)).parent
            candidates += [str(program / "python"), str(program / "python.exe"),
                           str(program.parent / "Resources" / "python")]
        which = shutil.which("python3")
        if which:
            candidates.append(which)
    for python in candidates:
        if python and os.path.isfile(python) and _can_import_uno(python):
            return python
    return None


def _require_libreoffice() -> tuple[str, str]:
    soffice = _find_soffice()
    if soffice is None:
        raise LibreOfficeMissing("no 'soffice' program found")
    python = _find_uno_python(soffice)
    if python is None:
        raise LibreOfficeMissing("no Python interpreter can 'import uno'")
    return soffice, python


def libreoffice_available() -> bool:
    """True when both soffice and a UNO-capable Python interpreter are installed."""
    try:
        _require_libreoffice()
    except LibreOfficeMissing:
        return False
    return True


# --------------------------------------------------------------------------- finalize


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the helper and everything it started (soffice runs in its process group)."""
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _check_output(path: Path, kind: str) -> bytes:
    if not path.is_file() or path.stat().st_size == 0:
        raise FinalizeError(f"LibreOffice wrote no {kind} output")
    data = path.read_bytes()
    if kind == "PDF" and not data.startswith(b"%PDF"):
        raise FinalizeError("LibreOffice's PDF output is not a PDF")
    if kind == "DOCX":
        try:
            with zipfile.ZipFile(path) as archive:
                archive.getinfo("word/document.xml")
        except (zipfile.BadZipFile, KeyError) as exc:
            raise FinalizeError(f"LibreOffice's DOCX output is not a DOCX: {exc}") from None
    return data


def finalize(
    docx_in: Path,
    *,
    docx_out: Path | None = None,
    pdf_out: Path | None = None,
    timeout: float = 180,
) -> None:
    """Update the TOC and all fields of ``docx_in`` in LibreOffice and save the results.

    ``docx_out`` gets a DOCX with the TOC's page numbers filled in (it may be ``docx_in``
    itself), ``pdf_out`` a PDF. Both are written atomically and only when the whole
    conversion succeeded. Raises :class:`LibreOfficeMissing` when LibreOffice or its UNO
    bridge is not installed, :class:`FinalizeError` when the conversion fails or takes
    longer than ``timeout`` seconds (soffice is killed then).
    """
    from toolkit.fsutil import atomic_write_bytes

    docx_in = Path(docx_in)
    if docx_out is None and pdf_out is None:
        raise ValueError("finalize needs docx_out= and/or pdf_out=")
    if not docx_in.is_file():
        raise FileNotFoundError(docx_in)
    soffice, python = _require_libreoffice()
    # the folder holds the private soffice profile too; a killed soffice may leave litter
    scratch = tempfile.TemporaryDirectory(prefix="toolkit-finalize-", ignore_cleanup_errors=True)
    with scratch as work_name:
        work = Path(work_name)
        source = work / "in.docx"  # a private copy: docx_out may be docx_in
        shutil.copyfile(docx_in, source)
        if has_comments(source):
            # LibreOffice 7.4 headless crashes loading a document with comments over UNO.
            # A PDF never shows them (ExportNotes=False), so it is made from a copy
            # without them; a finalized DOCX would lose them, so it is refused.
            if docx_out is not None:
                raise FinalizeError(
                    f"{docx_in.name} holds reviewers' comments, which finalizing would lose: "
                    "build the draft without --finalize (Word fills in the page numbers of "
                    "the contents when you press F9)")
            from toolkit.write.oxml import without_comments

            source.write_bytes(without_comments(source.read_bytes()))
        out_docx = work / "out.docx"
        out_pdf = work / "out.pdf"
        # run_path rather than "python finalize.py": the script's folder (toolkit/) must
        # not land on the helper's sys.path, where its modules could shadow the stdlib's.
        args = [python, "-c", _BOOT, os.path.abspath(__file__), "--soffice", soffice,
                "--profile", str(work / "profile"),
                "--pipe", f"toolkit_{os.getpid()}_{time.time_ns()}",
                "--timeout", str(timeout), str(source)]
        if docx_out is not None:
            args += ["--docx", str(out_docx)]
        if pdf_out is not None:
            args += ["--pdf", str(out_pdf)]
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_helper_env(),
            cwd=work, start_new_session=(os.name == "posix"),
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise FinalizeError(f"LibreOffice did not finish within {timeout:g} s") from None
        except BaseException:
            _kill_group(proc)
            raise
        if proc.returncode != 0:
            # the helper reports its error on the last stderr line; show a short tail
            tail = "\n".join(stderr.decode("utf-8", "replace").strip().splitlines()[-5:])
            raise FinalizeError(
                f"LibreOffice could not finalize {docx_in.name} (exit {proc.returncode}): {tail}"
            )
        results = []
        if docx_out is not None:
            results.append((Path(docx_out), _check_output(out_docx, "DOCX")))
        if pdf_out is not None:
            results.append((Path(pdf_out), _check_output(out_pdf, "PDF")))
    for path, data in results:
        atomic_write_bytes(path, data)


def has_comments(docx: Path) -> bool:
    """Whether a DOCX holds Word comments (a comments part)."""
    try:
        with zipfile.ZipFile(docx) as package:
            return "word/comments.xml" in package.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


# --------------------------------------------------------------------------- PDF reading

# "Heading text ....... 12" (dot leader) or "Heading text      12" (blank leader)
_TOC_LINE = re.compile(r"^\s*(?P<text>\S.*?)(?:\s*\.{2,}\s*|\s{2,})(?P<page>\d+)\s*$")


def _pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (``pdftotext -layout``), in order."""
    try:
        proc = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True, check=True, timeout=120,
        )
    except FileNotFoundError:
        raise LibreOfficeMissing("pdftotext not found: apt-get install poppler-utils") from None
    pages = proc.stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def _norm(text: str) -> str:
    """Collapse whitespace (tabs become layout spaces in pdftotext) for comparisons."""
    return " ".join(text.split())


def _toc_page_indexes(pages: list[str]) -> list[int]:
    """0-based indexes of the pages that carry the table of contents.

    The TOC is the first page whose lines mostly end in page numbers, plus the pages
    directly after it that do too.
    """
    def is_toc(page: str) -> bool:
        lines = [line for line in page.splitlines() if line.strip()]
        numbered = [line for line in lines if _TOC_LINE.match(line)]
        return len(numbered) >= 3 and len(numbered) * 3 >= len(lines)

    indexes: list[int] = []
    for index, page in enumerate(pages):
        if is_toc(page):
            indexes.append(index)
        elif indexes:
            break
    return indexes


def toc_page_numbers(pdf: Path) -> dict[str, int]:
    """Heading text → page number, as printed in the PDF's table of contents.

    Heading texts are whitespace-normalised (``"I.\\tTitle"`` reads ``"I. Title"``).
    An entry that wraps (a nearly full-width line without a page number) is joined with
    the line that carries its page number.
    """
    pages = _pdf_pages(Path(pdf))
    result: dict[str, int] = {}
    for index in _toc_page_indexes(pages):
        lines = pages[index].splitlines()
        width = max(len(line.rstrip()) for line in lines if _TOC_LINE.match(line))
        pending = ""
        for line in lines:
            match = _TOC_LINE.match(line)
            if match:
                text = _norm(f"{pending} {match['text']}".rstrip(". "))
                result.setdefault(text, int(match["page"]))
                pending = ""
            elif len(line.rstrip()) >= 0.6 * width:
                pending = f"{pending} {line}"  # an entry that wraps: nearly full width
            else:
                pending = ""  # blank line, the TOC's title, a running header ...
    return result


def heading_pages(pdf: Path, headings: list[str]) -> dict[str, int]:
    """Page (1-based) on which each heading first appears as a line, skipping TOC pages.

    Whitespace is normalised before comparing; a heading that wraps onto several lines is
    matched against consecutive lines. Headings not found are left out of the result.
    """
    pages = _pdf_pages(Path(pdf))
    skip = set(_toc_page_indexes(pages))
    wanted = {_norm(h): h for h in headings}
    found: dict[str, int] = {}
    for index, page in enumerate(pages):
        if index in skip:
            continue
        lines = [_norm(line) for line in page.splitlines() if line.strip()]
        for start in range(len(lines)):
            joined = ""
            for end in range(start, min(start + 4, len(lines))):
                joined = _norm(f"{joined} {lines[end]}")
                heading = wanted.get(joined)
                if heading is not None and heading not in found:
                    found[heading] = index + 1
    return found


# --------------------------------------------------------------------------- helper
# Everything below runs in the UNO-capable interpreter (``python finalize.py ...``).


def _helper_main(argv: list[str]) -> int:  # pragma: no cover - runs in another interpreter
    import argparse

    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException

    parser = argparse.ArgumentParser()
    parser.add_argument("source")
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--pipe", required=True)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--docx")
    parser.add_argument("--pdf")
    opts = parser.parse_args(argv)
    deadline = time.monotonic() + opts.timeout

    def props(**values: object) -> tuple[object, ...]:
        out = []
        for name, value in values.items():
            prop = PropertyValue()
            prop.Name = name
            prop.Value = value
            out.append(prop)
        return tuple(out)

    command = [
        opts.soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
        "--nolockcheck", "--nofirststartwizard",
        f"-env:UserInstallation={Path(opts.profile).resolve().as_uri()}",
        f"--accept=pipe,name={opts.pipe};urp;StarOffice.ComponentContext",
    ]
    office = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    desktop = None
    document = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        while True:
            try:
                context = resolver.resolve(
                    f"uno:pipe,name={opts.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if office.poll() is not None:
                    raise RuntimeError(
                        f"soffice exited early (status {office.returncode})") from None
                if time.monotonic() > deadline:
                    raise RuntimeError("soffice did not accept a connection in time") from None
                time.sleep(0.25)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context)
        url = Path(opts.source).resolve().as_uri()
        document = desktop.loadComponentFromURL(
            url, "_blank", 0,
            props(Hidden=True, ReadOnly=False, UpdateDocMode=0, FilterName="MS Word 2007 XML"))
        if document is None:
            raise RuntimeError("LibreOffice could not open the document (not a valid DOCX?)")
        # Twice: filling in page numbers can change the TOC's length and so pagination.
        for _ in range(2):
            indexes = document.getDocumentIndexes()
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
            document.getTextFields().refresh()
            document.refresh()
        if opts.docx:
            document.storeToURL(Path(opts.docx).resolve().as_uri(),
                                props(FilterName="MS Word 2007 XML", Overwrite=True))
        if opts.pdf:
            filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", props(
                ExportBookmarks=True, ExportNotes=False, UseTaggedPDF=True,
                EmbedStandardFonts=True))
            document.storeToURL(Path(opts.pdf).resolve().as_uri(), props(
                FilterName="writer_pdf_Export", Overwrite=True, FilterData=filter_data))
        return 0
    finally:
        if document is not None:
            try:
                document.close(True)
            except Exception:  # noqa: BLE001 - best effort during shutdown
                pass
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:  # noqa: BLE001 - the bridge drops when soffice exits
                pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait(timeout=10)


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) > 1:
        try:
            sys.exit(_helper_main(sys.argv[1:]))
        except Exception as exc:  # noqa: BLE001 - one readable line for the parent
            print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
            sys.exit(3)
