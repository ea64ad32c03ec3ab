"""A progress file read and shape-checked into a plain record: the one reader of the progress JSON.

The learner's store (``store``), a class's summary (``summary``) and the
grader's feedback pages all read progress files through it, so they agree on
what counts as a progress record: a JSON object whose ``quiz`` and ``checks``
(when present) are objects.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["VERSIONS", "parse_record", "read_record"]

VERSIONS = (1, 2)  # the progress-file versions this kit reads: 2 adds each record's ``history`` of tries


def parse_record(raw: bytes | str) -> dict | None:
    """The progress record in ``raw`` (JSON text), with ``quiz`` and ``checks`` always present; None when it is not one.

    >>> parse_record('{"learner": "ana", "quiz": {"02-sources": {"status": "correct"}}}')["checks"]
    {}
    >>> parse_record('[1, 2]') is None, parse_record('{"quiz": []}') is None, parse_record(b'\\xff') is None
    (True, True, True)
    """
    try:
        data = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("quiz", {}), dict) or not isinstance(data.get("checks", {}), dict):
        return None
    data.setdefault("quiz", {})
    data.setdefault("checks", {})
    return data


def read_record(path: str | os.PathLike) -> dict | None:
    """The progress record in the file at ``path`` (see :func:`parse_record`); None when it cannot be read or is not one."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    return parse_record(raw)
