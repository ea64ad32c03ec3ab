"""Packing: data the student copy keeps out of plain sight, as one line of text (not encryption).

Anyone can decode it; it keeps answers from being read at a glance while browsing the files.
The sealed question banks and the sealed columns of a student bundle's tables use it.
"""

from __future__ import annotations

import base64
import json
import zlib

__all__ = ["pack", "unpack"]


def pack(payload: object) -> str:
    """``payload`` (JSON-safe) as base64 of zlib-compressed JSON.

    >>> unpack(pack({"a": [1, "b"]}))
    {'a': [1, 'b']}
    """
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def unpack(text: str) -> object:
    """The payload packed in ``text``; ValueError when it does not decode."""
    try:
        return json.loads(zlib.decompress(base64.b64decode(str(text).strip(), validate=True)).decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        msg = f"the packed text does not decode ({exc})."
        raise ValueError(msg) from exc
