"""Short answers reduced for comparison: folded text, and the one number in an answer."""

from __future__ import annotations

import math
import re

from ..common.folding import fold
from .model import Question

__all__ = ["normalise", "number_in", "short_matches"]

_TRAIL = ".,;:!?'\" "


def normalise(text: str) -> str:
    """A short answer reduced for comparison: case, accents, quotes, dashes, whitespace, surrounding punctuation.

    >>> normalise("  The  WALL Street Journal. ")
    'the wall street journal'
    """
    text = str(text)
    for _ in range(8):  # stripping a quote can expose a full stop, and so on
        again = " ".join(fold(text).split()).strip(_TRAIL)
        if again == text:
            break
        text = again
    return text


_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}


def number_in(text: str) -> float | None:
    """The one number in a short answer ('12', '12 years', 'twelve'), or None."""
    found = _NUMBER.findall(text.replace("\u2212", "-"))
    if len(found) == 1:
        return float(found[0].replace(",", ""))
    if not found:
        words = [_WORDS[w] for w in re.findall(r"[a-z]+", normalise(text)) if w in _WORDS]
        if len(words) == 1:
            return float(words[0])
    return None


def short_matches(q: Question, text: str) -> bool:
    """True when a short answer is one of the accepted texts, or the expected number within its tolerance."""
    norm = normalise(text)
    if any(norm == normalise(a) for a in q.accept):
        return True
    if q.number is not None:
        value = number_in(text)
        return value is not None and math.isfinite(value) and abs(value - float(q.number)) <= q.tolerance + 1e-9
    return False
