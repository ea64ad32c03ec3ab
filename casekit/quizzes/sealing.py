"""Sealing: the fields that give an answer away, packed into one field of the student copy.

It is not encryption: anyone can decode it. It keeps answers from being read at
a glance while browsing data/ (see docs/question-banks.md).
"""

from __future__ import annotations

import base64
import json
import zlib

from ..errors import BankError

__all__ = ["seal_payload", "unseal"]


def seal_payload(payload: dict) -> str:
    """The ``sealed`` text for a dict of secret fields (base64 of zlib-compressed JSON)."""
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def unseal(sealed: str) -> dict:
    """Decode a ``sealed`` field back into the fields it packs; raise BankError if it does not decode."""
    try:
        data = json.loads(zlib.decompress(base64.b64decode(str(sealed), validate=True)).decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        msg = "the sealed field does not decode; build the bank again with `python -m casekit build`."
        raise BankError(msg) from exc
    if not isinstance(data, dict):
        msg = "the sealed field does not hold a table of fields; build the bank again with `python -m casekit build`."
        raise BankError(msg)
    return data
