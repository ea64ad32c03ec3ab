"""Partial and uncertain dates in EDTF (the Library of Congress Extended Date/Time Format).

A thin layer over the ``edtf`` library: parse a string, get its earliest and
latest possible day, say how precise it is, and write it for a reader.

The library's parser takes about 18 ms a date here (a second for the two cases'
sixty dates, in every kernel that loads them). What it finds for each string,
its bounds, precision and label, is remembered in the cache folder
(``edtf-*.json``, named for this module's code and the library's version), so
only the first kernel on a machine parses; :func:`remember` fills it for a
whole column at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..common.files import cache_dir, write_atomic
from ..errors import DateError

__all__ = ["bounds", "edtf_form", "label", "parse", "precision", "remember"]

_HOW = "write it like 2021-06-15 (a day), 2021-06 (a month), 2021 (a year), 1999/2001 (a range), 2021-06-15~ (about) or 2021? (uncertain)"
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


# Common English spellings of a day or a month, and the EDTF precision each keeps.
_SPELLINGS = [(f, "day") for f in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y %m %d", "%A %B %d %Y", "%A %d %B %Y")]
_SPELLINGS += [(f, "month") for f in ("%B %Y", "%b %Y")]


def edtf_form(text: str) -> str | None:
    """The EDTF form of a date written in a common English way, at the precision it was written, or None.

    >>> edtf_form("December 5, 2024"), edtf_form("8th Dec. 2024"), edtf_form("November 2024"), edtf_form("soon")
    ('2024-12-05', '2024-12-08', '2024-11', None)
    """
    if not isinstance(text, str):
        return None
    plain = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip())
    plain = " ".join(re.sub(r"[,.]|(?<=\d)[/-](?=\d)", " ", plain).split())
    for form, kept in _SPELLINGS:
        try:
            day = dt.datetime.strptime(plain, form).date()
        except ValueError:
            continue
        return day.isoformat() if kept == "day" else day.isoformat()[:7]
    return None


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
        form = edtf_form(text)
        how = f"in EDTF that is {form}" if form and form != text.strip() else _HOW
        raise DateError(f"{text!r} is not an EDTF date; {how}.") from exc


def _to_date(struct) -> dt.date | None:
    from edtf import struct_time_to_date

    try:
        return struct_time_to_date(struct)
    except TypeError:  # an open end ("..") is infinite
        return None


def _bounds_of(d) -> tuple[dt.date | None, dt.date | None]:
    return _to_date(d.lower_strict()), _to_date(d.upper_strict())


def bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest day the date can mean (``1970/1971`` gives 1970-01-01 and 1971-12-31).

    An open end (``2021-06-15/..``) gives None. Approximate (``~``) and
    uncertain (``?``) marks do not widen the bounds; ``precision`` reports them.
    """
    lo, hi, _, _ = _facts(text)
    return lo, hi


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
    return _facts(text)[2]


def _precision_of(d) -> str:
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
    lo = _bounds_of(parse(str(inner)))[0]
    if lo is not None and p == "day":
        text = f"{lo.day} {_MONTHS[lo.month - 1]} {lo.year}"
    elif lo is not None and p == "month":
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
    return _facts(text)[3]


def _label_of(d) -> str:
    if hasattr(d, "lower") and hasattr(d, "upper"):
        lo, hi = _bounds_of(d)
        if hi is None:
            return f"{_single_label(d.lower)} or later"
        if lo is None:
            return f"{_single_label(d.upper)} or earlier"
        return f"{_single_label(d.lower)} to {_single_label(d.upper)}"
    return _single_label(d)


# ---------------------------------------------------------------- what the parser found, remembered

Facts = tuple[dt.date | None, dt.date | None, str, str]  # bounds, precision, label


@lru_cache(maxsize=1)
def _code_key() -> str:
    from importlib.metadata import version

    return hashlib.sha256(Path(__file__).read_bytes() + version("edtf").encode()).hexdigest()[:12]


def _memo_file() -> Path:
    return cache_dir() / f"edtf-{_code_key()}.json"


def _memo() -> dict[str, Facts]:
    """The facts remembered in this cache folder, read from its file once per process."""
    return _memo_at(_memo_file())


@lru_cache(maxsize=8)
def _memo_at(path: Path) -> dict[str, Facts]:
    """The facts in ``path``; an unreadable file counts as empty, and a malformed entry as missing."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    memo = {}
    for text, entry in raw.items() if isinstance(raw, dict) else ():
        try:
            lo, hi, prec, words = entry
            if isinstance(prec, str) and isinstance(words, str):
                memo[text] = (_day(lo), _day(hi), prec, words)
        except (TypeError, ValueError):
            pass  # parsed again when asked for
    return memo


def _day(value) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _facts(text: str) -> Facts:
    found = _memo().get(text) if isinstance(text, str) else None
    if found is None:
        d = parse(text)
        found = (*_bounds_of(d), _precision_of(d), _label_of(d))
        _memo()[text] = found
    return found


def remember(texts: Iterable[str]) -> None:
    """Parse whichever of ``texts`` are not remembered yet, and keep them in the cache folder (one write).

    A DateError names the first string that is not an EDTF date. A cache folder
    that cannot be written only means parsing again next time.
    """
    memo = _memo()
    new = [t for t in dict.fromkeys(texts) if t not in memo]
    for text in new:
        _facts(text)
    if not new:
        return
    plain = {
        t: [None if lo is None else lo.isoformat(), None if hi is None else hi.isoformat(), p, w] for t, (lo, hi, p, w) in memo.items()
    }
    path = _memo_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(plain, ensure_ascii=False, sort_keys=True))
    except OSError:
        pass
