"""Where content catalogues live and how they are read and written.

``locales/<lang>.po`` beside submission.yaml; a malformed file is a user error with its
line. Writes hold an advisory lock on the folder, keep a CRLF file CRLF, and clear the
temporaries an interrupted update left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from toolkit.i18n.po import PoError, PoFile, parse_po
from toolkit.model.diagnostics import UserError
from toolkit.model.document import Document, SourcePos
from toolkit.model.languages import SOURCE_LANGUAGES, catalogue_language
from toolkit.read.submission import ReadResult, read_submission

__all__ = [
    "Catalogues",
    "catalogue_path",
    "display_path",
    "load_catalogue",
    "read_catalogue",
    "read_checked",
    "remove_stale_temporaries",
    "target_language",
    "target_languages",
    "update_hint",
    "update_lock",
    "with_line_ends",
]


def display_path(path: Path) -> str:
    """A path as the reader shows files: relative to the working folder when possible."""
    if path.is_absolute():
        try:
            return os.path.relpath(path, Path.cwd())
        except ValueError:  # another drive on Windows
            return str(path)
    return str(path)


def catalogue_path(root: Path, lang: str) -> Path:
    return Path(root) / "locales" / f"{lang}.po"


class Catalogues:
    """The catalogues one run has read, each parsed once for all its checks and its
    translation (owned by its caller, a loaded submission: never process-wide). A file
    changed since it was read (another stamp) is read again. The parsed catalogues are
    shared: whoever reads one does not change it."""

    def __init__(self) -> None:
        self._read: dict[tuple[str, str], tuple[object, tuple[PoFile | None, str]]] = {}

    def load(self, root: Path, lang: str) -> tuple[PoFile | None, str]:
        from toolkit.read.submission import file_stamp

        path = catalogue_path(root, lang)
        key = (str(path.absolute()), os.getcwd())
        stamp = file_stamp(path)
        kept = self._read.get(key)
        if kept is not None and stamp is not None and kept[0] == stamp:
            return kept[1]
        po, shown, _ = read_catalogue(root, lang)  # a UserError is not kept: raised again
        self._read[key] = (stamp, (po, shown))
        return po, shown


def load_catalogue(root: Path, lang: str, catalogues: Catalogues | None = None
                   ) -> tuple[PoFile | None, str]:
    """The parsed catalogue (None if there is none) and its path for messages; read once
    per run when the run's ``catalogues`` are given.

    A malformed file raises :class:`UserError` with ``file:line: message``.
    """
    if catalogues is not None:
        return catalogues.load(root, lang)
    po, shown, _ = read_catalogue(root, lang)
    return po, shown


def read_catalogue(root: Path, lang: str) -> tuple[PoFile | None, str, bytes | None]:
    """:func:`load_catalogue` plus the file's bytes (to keep its line ends on update).

    The file goes through the guarded opener: a regular file inside the submission (a
    ``locales/`` linked elsewhere is refused too), at most 10 MB; nothing of a refused file
    is read, so nothing of it is shown.
    """
    from toolkit.read.files import UnreadableFile, read_guarded

    path = catalogue_path(root, lang)
    shown = display_path(path)
    if not (path.is_symlink() or path.exists()):
        return None, shown, None
    try:
        raw = read_guarded(path, "po", Path(root))
    except UnreadableFile as exc:
        raise UserError(exc.message, SourcePos(shown)) from None
    try:
        return parse_po(raw), shown, raw
    except PoError as exc:
        raise UserError(exc.message, SourcePos(shown, exc.line)) from None


def read_checked(root: Path) -> ReadResult:
    """Read the submission; a catalogue cannot follow text the reader could not parse."""
    result = read_submission(Path(root))
    if result.diagnostics.errors or result.document is None:
        raise UserError(result.diagnostics)
    return result


def target_language(lang: str, source: str) -> str:
    if lang == "kk-Latn":
        raise UserError("kk-Latn is built from the Kazakh catalogue: use --lang kk")
    if lang not in SOURCE_LANGUAGES:
        raise UserError(f"unknown language '{lang}': choose one of {', '.join(SOURCE_LANGUAGES)}")
    if lang == source:
        raise UserError(f"'{lang}' is the source language of this submission: "
                        "it needs no catalogue")
    return lang


def target_languages(document: Document, built: Iterable[str] | None = None) -> list[str]:
    """The languages of submission.yaml that need a catalogue, in order; with ``built``
    (build languages), only the catalogues those are made from (``kk-Latn`` → ``kk``)."""
    wanted = None if built is None else {catalogue_language(lang) for lang in built}
    out: list[str] = []
    for lang in document.meta.languages:
        base = catalogue_language(lang)
        if base != document.meta.source_language and base in SOURCE_LANGUAGES \
                and base not in out and (wanted is None or base in wanted):
            out.append(base)
    return out


def update_hint(root: Path, lang: str) -> str:
    """The command that fixes a stale or missing catalogue, for messages."""
    return f"run toolkit i18n update {display_path(Path(root))} --lang {lang}"


def with_line_ends(text: str, before: bytes | None) -> str:
    """``text`` with CRLF line ends if the file had them (as a Windows editor saved it), so
    an update changes only the entries that changed. Lone CR becomes LF: gettext's own
    tools cannot read it."""
    if before is not None:
        first = re.search(rb"\r\n|\r|\n", before)
        if first is not None and first.group() == b"\r\n":
            return text.replace("\n", "\r\n")
    return text


#: The temporary files of toolkit.fsutil's atomic writes: ".ru.po." + mkstemp's 8 characters.
_TEMPORARY = re.compile(r"\.(?P<name>[A-Za-z-]+\.po)\.[a-z0-9_]{8}\.tmp")


def remove_stale_temporaries(folder: Path, lang: str) -> None:
    """Delete what an interrupted update left (``.ru.po.*.tmp``): under the update lock no
    other update is writing, so each is stale; the catalogue itself is always whole."""
    if not folder.is_dir():
        return
    for path in folder.glob(f".{lang}.po.*.tmp"):
        m = _TEMPORARY.fullmatch(path.name)
        if m and m.group("name") == f"{lang}.po" and path.is_file() and not path.is_symlink():
            try:
                path.unlink()
            except OSError:
                pass  # not ours to insist on: the next update tries again


@contextlib.contextmanager
def update_lock(folder: Path) -> Iterator[None]:
    """One update at a time per locales folder (an advisory lock, released by the system
    even when the process is killed); where there is no flock, no lock."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    from toolkit.fsutil import write_error

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY)
    except FileExistsError:
        raise UserError("locales is a file, not a folder: rename it so the catalogues can be "
                        "written to locales/", SourcePos(display_path(folder))) from None
    except OSError as exc:
        raise write_error(folder, exc) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
