"""Arithmetic on partial dates: count a rounded duration back (``count_back``), compare what two EDTF dates
can mean (``contains``, ``overlaps``), and show what each date means (``date_table``).

Built on ``casekit.case.dates`` (parse, bounds, precision, label). Durations in news
text are rounded ("13 years of war"), so counting back gives a range, not a day.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..case import dates
from ..errors import DateError

__all__ = ["contains", "count_back", "date_table", "overlaps"]


def _minus_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _write(day: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def count_back(anchor: str, years: int) -> str:
    """When something began that had lasted ``years`` whole years (but fewer than ``years + 1``) at ``anchor``.

    Parameters
    ----------
    anchor : str
        An EDTF day, month or year: the moment the duration is counted from,
        such as the time of writing.
    years : int
        The number of years the text gives ("13 years of war" gives 13).

    Returns
    -------
    str
        An EDTF range at the anchor's precision.

    >>> count_back("2020-06", 10)
    '2009-06/2010-06'
    """
    if isinstance(years, bool) or not isinstance(years, int) or years < 0:
        msg = f"years must be a whole number of years, 0 or more, such as 13; received {years!r}."
        raise DateError(msg)
    parsed = dates.parse(anchor)
    precision = getattr(parsed, "precision", None)
    if precision not in ("day", "month", "year") or hasattr(parsed, "lower"):
        msg = f"{anchor!r} cannot be counted back from: give one day, month or year, such as 2020-06."
        raise DateError(msg)
    lo, hi = dates.bounds(anchor)
    if lo is None or hi is None:
        msg = f"{anchor!r} has an open end and cannot be counted back from: give one day, month or year, such as 2020-06."
        raise DateError(msg)
    earliest = _minus_years(lo, years + 1)
    latest = _minus_years(hi, years)
    return f"{_write(earliest, precision)}/{_write(latest, precision)}"


def _span(text: str) -> tuple[dt.date, dt.date]:
    lo, hi = dates.bounds(text)
    return lo or dt.date.min, hi or dt.date.max


def contains(outer: str, inner: str) -> bool:
    """True when every day ``inner`` can mean lies within ``outer`` (``contains("2010-12/2011-12", "2011-03")``)."""
    (olo, ohi), (ilo, ihi) = _span(outer), _span(inner)
    return olo <= ilo and ihi <= ohi


def overlaps(a: str, b: str) -> bool:
    """True when the two dates share at least one possible day (``overlaps("1973-12/1974-12", "1970/1971")`` is False)."""
    (alo, ahi), (blo, bhi) = _span(a), _span(b)
    return alo <= bhi and blo <= ahi


def date_table(texts: list[str]) -> pd.DataFrame:
    """One row per EDTF date: the date, how a reader would say it, its precision, and its earliest and latest day.

    Example::

        date_table(["2021-06-15", "1999~", "2021-06-15/.."])
    """
    if isinstance(texts, str) or not hasattr(texts, "__iter__"):
        msg = f"give a list of EDTF dates, such as ['2021-06-15', '1999~']; received {texts!r}."
        raise DateError(msg)
    rows = []
    for text in texts:
        lo, hi = dates.bounds(text)
        rows.append(
            {
                "edtf": text,
                "label": dates.label(text),
                "precision": dates.precision(text),
                "earliest": lo.isoformat() if lo else "open",
                "latest": hi.isoformat() if hi else "open",
            }
        )
    return pd.DataFrame(rows, columns=["edtf", "label", "precision", "earliest", "latest"])
