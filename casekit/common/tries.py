"""Tries before the answer is offered: one rule for quizzes and checks alike; ``digest``, the fingerprint of an answer made canonical."""

from __future__ import annotations

import hashlib
import json

__all__ = ["REVEAL_AFTER", "digest"]

REVEAL_AFTER = 2  # tries that were not right before the learner is offered the answer (and why)


def digest(canonical) -> str:
    """A short fingerprint of an answer already made canonical (JSON-able; anything else is taken as text).

    >>> digest(["a", "b"]) == digest(["a", "b"]), digest(["a", "b"]) == digest(["b", "a"])
    (True, False)
    """
    try:
        text = json.dumps(canonical, sort_keys=True, default=str, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(type(canonical))
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:12]
