"""The one way the toolkit opens a file it reads from a submission.

A submission folder is untrusted input: a file in it may be a link to /etc/passwd, a link
to itself, a FIFO that never answers, /dev/urandom, or 50 MB that would take gigabytes to
parse. Every read goes through :func:`read_guarded`, which allows only a regular file
inside the submission (after following links) and no larger than the cap of its kind, and
turns every refusal into one message a user can act on. Nothing of a refused file is read,
so nothing of it can appear in a message.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MB = 2**20

#: The largest file of each kind the toolkit reads. Real files are far smaller: a long
#: report's section is ~50 KB, its catalogue ~1 MB, a theme list a few KB.
CAPS = {
    "yaml": 20 * MB,
    "po": 10 * MB,
    "themes": 1 * MB,
    "template": 1 * MB,
    "docx": 20 * MB,
    "tbx": 20 * MB,
    "xml": 50 * MB,  # XLIFF files from CAT tools
    "memory": 100 * MB,  # translation memories (PO, TMX): years of a coalition's work
}


class UnreadableFile(Exception):
    """A file the toolkit will not read; ``message`` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def inside(root: Path, path: Path) -> Path:
    """``path`` with every link followed, if it stays inside ``root``; else UnreadableFile."""
    try:
        resolved = Path(path).resolve(strict=True)
    except RuntimeError:  # Python < 3.13: a link that leads back to itself
        raise UnreadableFile(_LOOP) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFile(_LOOP) from None
        if Path(path).is_symlink():
            raise UnreadableFile("file is a link to nothing (broken link): "
                                 "copy the file in instead") from None
        raise UnreadableFile(f"cannot open file: {exc.strerror or exc}") from None
    if not resolved.is_relative_to(Path(root).resolve()):
        raise UnreadableFile(
            "file is a link to somewhere outside the submission folder: copy the file in instead")
    return resolved


_LOOP = "file is a link that leads back to itself: replace it with the real file"


def read_guarded(path: Path, kind: str, root: Path | None = None) -> bytes:
    """The bytes of ``path``: a regular file (inside ``root`` if given) of at most the cap
    of ``kind`` (see :data:`CAPS`); otherwise :class:`UnreadableFile`.

    The file is opened without blocking and checked with ``fstat`` on the open descriptor
    before a byte is read, so a FIFO or a device never hangs the toolkit and a file swapped
    for a link after the check is still the file checked.
    """
    cap = CAPS[kind]
    target = inside(root, path) if root is not None else Path(path)
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableFile(_LOOP) from None
        raise UnreadableFile(f"cannot open file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("this is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file (a pipe, device or socket): "
                                 "put an ordinary file here")
        if info.st_size > cap:
            raise UnreadableFile(_too_large(cap))
        chunks = []
        left = cap + 1  # one byte more tells a file that grew past the cap since fstat
        while left > 0:
            chunk = os.read(fd, min(left, MB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > cap:
        raise UnreadableFile(_too_large(cap))
    return data


def _too_large(cap: int) -> str:
    return (f"file is larger than {cap // MB} MB, far more than a file of this kind ever "
            "needs: split it or check that it is the right file")
