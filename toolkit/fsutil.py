"""Writing files so that nothing is ever half-written.

Every output (DOCX, PO catalogue, export) goes to a temporary file in the same folder and
is renamed over the target in one step: an interrupted build leaves the previous file
intact, and two builds at once never interleave their bytes. :func:`write_files` writes
several files all or none: every temporary is written first (a full disk fails there),
then all are renamed. Any OS error (a read-only folder, a full disk, a file where a folder
should be) becomes one :class:`WriteError` naming the path, with no temporary left behind.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from toolkit.model.diagnostics import UserError
from toolkit.model.document import SourcePos


class WriteError(UserError):
    """An output could not be written; the message names the path and what to do."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message, SourcePos(str(path)))
        self.path = path


_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EROFS: "the file system is read-only: choose another output folder with --out",
    errno.EACCES: "permission denied: choose a folder you may write to (--out)",
    errno.EPERM: "permission denied: choose a folder you may write to (--out)",
    errno.ENOTDIR: "a file is in the way where a folder is needed: rename it or choose "
                   "another output folder (--out)",
    errno.EISDIR: "this is a folder: give a file name, or remove the folder",
    errno.ENAMETOOLONG: "the name is too long: choose a shorter output folder",
}


def write_error(path: Path, exc: OSError) -> WriteError:
    """One clear message for an OS error met while writing ``path``."""
    advice = _ADVICE.get(exc.errno or 0) or (exc.strerror or str(exc))
    return WriteError(path, f"cannot write this file: {advice}")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (same-folder temp file, fsync, rename)."""
    write_files([(Path(path), data)])


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_files(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file or none: stage all temporaries, then rename them into place.

    If any file cannot be written, every temporary is removed and no target is touched
    (a rename that fails half-way removes the targets this call already renamed: a file
    the run could not finish is never left as if it were complete).
    """
    staged: list[tuple[str, Path]] = []
    renamed: list[Path] = []
    current = Path(".")
    try:
        for path, data in files:
            current = Path(path)
            _check_target(current)
            staged.append((_stage(current, data), current))
        for tmp, path in staged:
            current = path
            os.replace(tmp, path)
            renamed.append(path)
    except OSError as exc:
        _discard([tmp for tmp, path in staged if path not in renamed] + renamed)
        raise write_error(current, exc) from None
    except BaseException:
        _discard([tmp for tmp, path in staged if path not in renamed])
        raise


def _check_target(path: Path) -> None:
    """Only a regular file (or nothing) is ever replaced: never a folder, /dev/full or a
    FIFO (renaming over a device node would replace the device itself)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise _parent_is_file(path) from None
    except OSError as exc:
        raise write_error(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise WriteError(path, "cannot write this file: a folder of that name is in the way: "
                         "rename it or choose another output folder (--out)")
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(path, "cannot write this file: it is not an ordinary file (a device, "
                         "pipe or socket): choose another output name")


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary beside ``path``; return the temporary's name."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise _parent_is_file(path) from None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 would hide outputs from co-workers
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _discard([tmp])
        raise
    os.close(fd)
    return tmp


def _parent_is_file(path: Path) -> WriteError:
    folder = path.parent
    while folder.parent != folder and not folder.exists():
        folder = folder.parent
    return WriteError(folder, "this is a file, not a folder: the output cannot go inside it; "
                      "rename it or choose another output folder (--out)")


def _discard(paths: Sequence[str | Path]) -> None:
    for name in paths:
        try:
            os.unlink(name)
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
