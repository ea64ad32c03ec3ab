"""Files written whole or not at all, and the user's cache folder."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["cache_dir", "write_atomic"]


def write_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename it into place.

    A crash mid-write leaves the old file (or none), never a shortened one.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def cache_dir() -> Path:
    """The kit's cache folder: ``$CASEKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/casekit`` (``~/.cache/casekit``)."""
    base = os.environ.get("CASEKIT_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "casekit"
