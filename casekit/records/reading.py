"""A progress file read and shape-checked into a plain record: the one reader of the progress JSON.

The learner's store (``store``), a class's summary (``summary``) and the
grader's feedback pages all read progress files through it, so they agree on
what counts as a progress record: a JSON object whose ``quiz`` and ``checks``
(when present) are objects of records, each record an object whose known
fields have their type (``status`` and ``time`` text, ``attempts`` a count,
``revealed`` true or false, ``tried`` a list of text).

A progress file can be handed in, or edited by hand: it is read only when it
is a plain file (never through a link, never a device or a pipe) of at most
:data:`MAX_BYTES`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..common.plainfile import read_plain

__all__ = ["MAX_BYTES", "VERSIONS", "parse_record", "read_record", "record_problem"]

VERSIONS = (1, 2)  # the progress-file versions this kit reads: 2 adds each record's ``history`` of tries

MAX_BYTES = 8 * 1024 * 1024  # a progress file larger than this is not one (a year of answers is well under 1 MB)

_FIELDS: dict[str, Any] = {"status": str, "time": str, "attempts": int, "revealed": bool, "tried": list, "history": list}


def _entry_problem(part: str, key: str, entry) -> str:
    if not isinstance(entry, dict):
        return f"its {part} record {key!r} is not an object"
    for name, kind in _FIELDS.items():
        value: Any = entry.get(name)
        if value is None:
            continue
        if not isinstance(value, kind) or (kind is int and (isinstance(value, bool) or value < 0)):
            return f"its {part} record {key!r}: {name} is not {'a count' if kind is int else 'a ' + kind.__name__}"
        if name == "tried" and not all(isinstance(t, str) for t in value):
            return f"its {part} record {key!r}: tried is not a list of texts"
    return ""


def record_problem(data) -> str:
    """'' when ``data`` (parsed JSON) has the shape of a progress record; else what does not fit, in a few words.

    >>> record_problem({"quiz": {"01-wsj-prefix": "correct"}})
    "its quiz record '01-wsj-prefix' is not an object"
    >>> record_problem({"checks": {"02-x": {"status": "passed", "attempts": 2}}})
    ''
    """
    if not isinstance(data, dict):
        return "it is not a JSON object"
    for part in ("quiz", "checks"):
        records = data.get(part, {})
        if not isinstance(records, dict):
            return f"its {part} is not an object"
        for key, entry in records.items():
            problem = _entry_problem(part, key, entry)
            if problem:
                return problem
    return ""


def parse_record(raw: bytes | str) -> dict | None:
    """The progress record in ``raw`` (JSON text), with ``quiz`` and ``checks`` always present; None when it is not one.

    >>> parse_record('{"learner": "ana", "quiz": {"02-sources": {"status": "correct"}}}')["checks"]
    {}
    >>> parse_record('[1, 2]') is None, parse_record('{"quiz": []}') is None, parse_record(b'\\xff') is None
    (True, True, True)
    >>> parse_record('{"quiz": {"01-q": "correct"}}') is None, parse_record('{"checks": {"01-c": {"attempts": "x"}}}') is None
    (True, True)
    """
    return _parsed(raw)[0]


def _parsed(raw: bytes | str) -> tuple[dict | None, str]:
    try:
        data = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None, "it is not JSON"
    problem = record_problem(data)
    if problem:
        return None, problem
    data.setdefault("quiz", {})
    data.setdefault("checks", {})
    return data, ""


def read_record(path: str | os.PathLike, why: list[str] | None = None) -> dict | None:
    """The progress record in the file at ``path`` (see :func:`parse_record`); None when it cannot be read or is not one.

    A link, a device, a pipe or a file over :data:`MAX_BYTES` is not read. ``why``, when given, gets the reason in a
    few words when the answer is None.
    """
    raw, problem = read_plain(Path(path), MAX_BYTES)
    data = None
    if raw is not None:
        data, problem = _parsed(raw)
    if data is None and why is not None:
        why.append(problem)
    return data
