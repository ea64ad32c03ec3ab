"""Partial and uncertain dates in EDTF (the Library of Congress Extended Date/Time Format).

A thin layer over the ``edtf`` library: parse a string, get its earliest and
latest possible day, say how precise it is, and write it for a reader.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from ..errors import DateError

__all__ = ["bounds", "label", "parse", "precision"]

_HOW = "write it like 2021-06-15 (a day), 2021-06 (a month), 2021 (a year), 1999/2001 (a range), 2021-06-15~ (about) or 2021? (uncertain)"
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


@lru_cache(maxsize=1024)
def parse(text: str):
    """Parse an EDTF string; raise DateError with an example of the right form.

    >>> parse("2021-06-15").precision
    'day'
    """
    from edtf import parse_edtf
    from edtf.parser.edtf_exceptions import EDTFParseException

    if not isinstance(text, str) or not text.strip():
        raise DateError(f"{text!r} is not an EDTF date; {_HOW}.")
    try:
        return parse_edtf(text.strip())
    except (EDTFParseException, ValueError, TypeError) as exc:
        raise DateError(f"{text!r} is not an EDTF date; {_HOW}.") from exc


def _to_date(struct) -> dt.date | None:
    from edtf import struct_time_to_date

    try:
        return struct_time_to_date(struct)
    except TypeError:  # an open end ("..") is infinite
        return None


def bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest day the date can mean (``1970/1971`` gives 1970-01-01 and 1971-12-31).

    An open end (``2021-06-15/..``) gives None. Approximate (``~``) and
    uncertain (``?``) marks do not widen the bounds; ``precision`` reports them.
    """
    d = parse(text)
    return _to_date(d.lower_strict()), _to_date(d.upper_strict())


def _qualifiers(d) -> list[str]:
    marks = []
    if getattr(d, "_uncertain_and_approximate", False):
        return ["approximate", "uncertain"]
    if getattr(d, "_is_approximate", False):
        marks.append("approximate")
    if getattr(d, "_is_uncertain", False):
        marks.append("uncertain")
    return marks


def precision(text: str) -> str:
    """How precise the date is: day, month, year, decade, season or range, plus any qualifiers.

    >>> precision("2021-06-15~")
    'day, approximate'
    """
    d = parse(text)
    inner = getattr(d, "date", d)
    if hasattr(d, "lower") and hasattr(d, "upper"):
        base = "range"
        marks = _qualifiers(d) + _qualifiers(d.lower) + _qualifiers(d.upper)
    else:
        base = getattr(inner, "precision", None) or ("season" if hasattr(inner, "season") else "unknown")
        marks = _qualifiers(d)
    marks = list(dict.fromkeys(marks))
    return ", ".join([base, *marks])


def _single_label(d) -> str:
    inner = getattr(d, "date", d)
    p = getattr(inner, "precision", None)
    lo = bounds(str(inner))[0]
    if p == "day":
        text = f"{lo.day} {_MONTHS[lo.month - 1]} {lo.year}"
    elif p == "month":
        text = f"{_MONTHS[lo.month - 1]} {lo.year}"
    else:
        text = str(inner)
    marks = _qualifiers(d)
    if "approximate" in marks:
        text = f"about {text}"
    if "uncertain" in marks:
        text = f"{text} (uncertain)"
    return text


def label(text: str) -> str:
    """The date written for a reader: ``2021-06-15~`` gives 'about 15 June 2021'."""
    d = parse(text)
    if hasattr(d, "lower") and hasattr(d, "upper"):
        lo, hi = bounds(text)
        if hi is None:
            return f"{_single_label(d.lower)} or later"
        if lo is None:
            return f"{_single_label(d.upper)} or earlier"
        return f"{_single_label(d.lower)} to {_single_label(d.upper)}"
    return _single_label(d)
