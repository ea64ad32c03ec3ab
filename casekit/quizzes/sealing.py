"""Sealing: the fields that give an answer away, packed into one field of the student copy.

It is not encryption: anyone can decode it. It keeps answers from being read at
a glance while browsing data/ (see docs/question-banks.md).
"""

from __future__ import annotations

from ..common.sealing import pack, unpack
from ..errors import BankError

__all__ = ["seal_payload", "unseal"]


def seal_payload(payload: dict) -> str:
    """The ``sealed`` text for a dict of secret fields (base64 of zlib-compressed JSON)."""
    return pack(payload)


def unseal(sealed: str) -> dict:
    """Decode a ``sealed`` field back into the fields it packs; raise BankError if it does not decode."""
    try:
        data = unpack(sealed)
    except ValueError as exc:
        msg = "the sealed field does not decode; build the bank again with `python -m casekit build`."
        raise BankError(msg) from exc
    if not isinstance(data, dict):
        msg = "the sealed field does not hold a table of fields; build the bank again with `python -m casekit build`."
        raise BankError(msg)
    return data
