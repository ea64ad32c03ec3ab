"""What counts as an empty cell or a missing value, in one place."""

from __future__ import annotations

import pandas as pd

__all__ = ["is_blank", "is_missing"]


def is_missing(value) -> bool:
    """True for None, NaN, NA and NaT (never raises on an odd value).

    >>> is_missing(None), is_missing(float("nan")), is_missing(""), is_missing([1])
    (True, True, False, False)
    """
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def is_blank(value) -> bool:
    """True for a missing value, the placeholder ``...``, or text with nothing but spaces.

    >>> is_blank(" "), is_blank(...), is_blank("C01"), is_blank(0)
    (True, True, False, False)
    """
    return value is Ellipsis or is_missing(value) or (isinstance(value, str) and not value.strip())
