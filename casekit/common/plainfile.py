"""Reading a file someone else handed in: a plain file only (no link, device, pipe or socket), sized before it is read.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "a.json").write_text("{}")
2
>>> read_plain(folder / "a.json", 10)
(b'{}', '')
>>> read_plain(folder / "a.json", 1)[1]
'it is larger than 1 bytes'
>>> (folder / "link.json").symlink_to(folder / "a.json")
>>> read_plain(folder / "link.json", 10)[1]
'it is a link'
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["kind_of", "read_plain"]


def kind_of(mode: int) -> str:
    """What a file is, in words, from its ``st_mode``: 'a plain file', 'a link', 'a named pipe', 'a device', ..."""
    if stat.S_ISREG(mode):
        return "a plain file"
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"


def read_plain(path: str | os.PathLike, limit: int) -> tuple[bytes | None, str]:
    """(the bytes, '') of a plain file of at most ``limit`` bytes; (None, why not) for a link, device, pipe, or larger file.

    The file is opened without following a link and without waiting on a pipe, checked with ``fstat`` on what was
    opened, and at most ``limit + 1`` bytes are read, so a sparse or growing file never fills the memory.
    """
    path = Path(path)
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror or exc})"
    if not stat.S_ISREG(mode):
        return None, f"it is {kind_of(mode)}"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror or exc})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, f"it is {kind_of(info.st_mode)}"
        if info.st_size > limit:
            return None, f"it is larger than {limit} bytes"
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, f"it cannot be read ({exc.strerror or exc})"
    finally:
        os.close(fd)
    if size > limit:
        return None, f"it is larger than {limit} bytes"
    return b"".join(chunks), ""
