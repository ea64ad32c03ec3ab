"""Time expressions proposed from a text, each resolved to EDTF at the precision it was written.

The expressions are found by the kit's common English patterns
(``templates/time_patterns.csv``) and the case's own ``time_patterns.csv``;
where two overlap, the longer wins. A calendar date keeps its precision
("1999" stays a year, "March 1999" a month, "November 1, 2020" a day); a
relative one ("Monday", "3 days ago", "last week") is counted from the
publication date in ``case.toml`` when that is known to the day (or to the
month or year, for "last year"), and otherwise left unresolved and said so;
a duration ("9 years of drought") is counted back from it. Every EDTF value
written is checked with the kit's EDTF layer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...case import dates
from ...errors import DateError
from ...reading.datecalc import count_back
from ...reading.timeexpr import find_time_expressions
from .words import split_words as _split

__all__ = ["Anchor", "TimeExpression", "anchor_of", "find_times", "resolve"]

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "time_patterns.csv"
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBERS = dict(
    zip(_split("a an one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"), [1, 1, *range(1, 16)])
)
_NUMBERS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a few": 3, "several": 3, "a couple of": 2, "half a": 0})


@dataclass
class Anchor:
    """The moment relative expressions are counted from: the publication date, or what is known of it."""

    day: dt.date | None  # the day, when the date is known to the day (or the start of a range is)
    edtf: str  # as case.toml gives it ("" when it gives none)
    note: str  # how the anchor was taken, for the basis column

    @property
    def year(self) -> int | None:
        """The year of publication, when it is known."""
        if self.day:
            return self.day.year
        lo, hi = dates.bounds(self.edtf) if self.edtf else (None, None)
        return lo.year if lo and hi and lo.year == hi.year else None


@dataclass
class TimeExpression:
    """One time expression found in a sentence, resolved where the text and the anchor allow."""

    sentence_id: str
    expression: str
    kind: str
    start: int
    resolves_to: str
    basis: str


def anchor_of(published: str) -> Anchor:
    """The anchor for a publication date in EDTF ("2021-06-15", "2021-06", "2021-06-15/..", "").

    >>> anchor_of("2021-06-15").day, anchor_of("2021-06").day, anchor_of("2021-06-15/..").day
    (datetime.date(2021, 6, 15), None, datetime.date(2021, 6, 15))
    """
    if not isinstance(published, str) or not published.strip():
        return Anchor(None, "", "case.toml gives no publication date")
    try:
        parsed = dates.parse(published)
    except DateError:
        return Anchor(None, "", f"case.toml's date {published!r} is not EDTF")
    lo, _ = dates.bounds(published)
    first = published.split("/")[0].strip()
    if "/" not in published and getattr(parsed, "precision", None) == "day":
        return Anchor(lo, published, f"counted from the publication date, {published}")
    if lo is not None and "/" in published and first not in {"", ".."} and dates.precision(first).split(",")[0] == "day":
        return Anchor(lo, published, f"counted from the earliest publication date, {lo.isoformat()} (case.toml gives {published})")
    return Anchor(None, published, f"the publication date, {published}, is not known to the day")


def _number(text: str) -> int | None:
    text = text.casefold().strip()
    if text.isdigit():
        return int(text)
    return _NUMBERS.get(text)


def _minus(day: dt.date, n: int, unit: str) -> tuple[str, str]:
    """``n`` units before ``day`` at the unit's precision, and that precision's name."""
    if unit.startswith("day"):
        return (day - dt.timedelta(days=n)).isoformat(), "day"
    if unit.startswith("week"):
        return (day - dt.timedelta(weeks=n)).isoformat() + "~", "day"
    if unit.startswith("month"):
        month = day.year * 12 + day.month - 1 - n
        return f"{month // 12:04d}-{month % 12 + 1:02d}", "month"
    if unit.startswith("decade"):
        return f"{day.year - 10 * n:04d}~", "year"
    return f"{day.year - n:04d}", "year"


def _month_day(text: str) -> tuple[int, int] | None:
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = next((i + 1 for w in words for i, m in enumerate(_MONTHS) if w.casefold() in {m, m[:3], m[:4]}), None)
    day = next((int(w) for w in words if w.isdigit() and int(w) <= 31), None)
    return (month, day) if month and day else None


def _calendar(text: str, anchor: Anchor) -> tuple[str, str] | None:
    """A date written on the calendar, at its precision; a month and day without a year takes the anchor's year."""
    plain = re.sub(r"\b(?:on|the|of)\b", " ", text, flags=re.IGNORECASE)
    plain = re.sub(r"^\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b,?", " ", plain, flags=re.IGNORECASE)
    plain = " ".join(plain.replace(",", " ").split())
    if re.fullmatch(r"(?:1[89]|20)\d{2}(?:-\d{2}){0,2}", plain):
        return plain, "as written"
    form = dates.edtf_form(plain)
    if form:
        return form, "as written"
    found = _month_day(plain)
    if found and not re.search(r"\b(?:1[89]|20)\d{2}\b", plain):
        if anchor.year is None:
            return "", f"a month and day without a year, and {anchor.note}: write the year"
        month, day = found
        year = anchor.year
        if anchor.day and (month, day) > (anchor.day.month, anchor.day.day):
            year -= 1  # a date after the day of writing is last year's
        try:
            return dt.date(year, month, day).isoformat(), f"no year written; the year of publication ({anchor.note})"
        except ValueError:
            return None
    return None


def _span_of_year(text: str, anchor: Anchor) -> tuple[str, str] | None:
    low = text.casefold()
    year_m = re.search(r"(?:1[89]|20)\d{2}", low)
    if year_m:
        year, how = int(year_m.group(0)), "as written"
    elif "year" in low and anchor.year is not None:
        shift = 1 if "next year" in low else -1 if "last year" in low else 0
        year, how = anchor.year + shift, anchor.note
    else:
        return None
    spans = {
        "first half": ("01", "06"),
        "second half": ("07", "12"),
        "first quarter": ("01", "03"),
        "second quarter": ("04", "06"),
        "third quarter": ("07", "09"),
        "fourth quarter": ("10", "12"),
        "final quarter": ("10", "12"),
        "last quarter": ("10", "12"),
        "start": ("01", "03"),
        "beginning": ("01", "03"),
        "early": ("01", "04"),
        "middle": ("05", "08"),
        "mid": ("05", "08"),
        "late": ("09", "12"),
        "end": ("10", "12"),
    }
    for words, (a, b) in spans.items():
        if re.search(rf"\b{words}\b", low):
            return f"{year:04d}-{a}/{year:04d}-{b}", f"part of a year ({words}), {how}"
    seasons = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
    for words, code in seasons.items():
        if words in low:
            return f"{year:04d}-{code}", f"a season, {how}"
    return None


_FUTURE = re.compile(
    r"\b(?:will|shall|won[’']t|is due|are due|is set to|are set to|plans? to|is scheduled|are scheduled)\b|[’']ll\b", re.IGNORECASE
)


def resolve(expression: str, anchor: Anchor, sentence: str = "") -> tuple[str, str]:
    """The EDTF an expression stands for (or "") and a sentence on how it was found, for the basis column.

    ``sentence`` is the sentence the expression stands in: a weekday in a sentence
    about the future ("will meet on Friday") is the next one, else the last one.

    >>> a = anchor_of("2021-06-15")  # a Tuesday
    >>> [resolve(e, a)[0] for e in ("1999", "March 1999", "November 1, 2020", "1 November 2020", "Monday", "3 days ago", "last week")]
    ['1999', '1999-03', '2020-11-01', '2020-11-01', '2021-06-14', '2021-06-12', '2021-06-07/2021-06-13']
    """
    text = expression.strip()
    low = text.casefold()
    # a span of years, a decade
    m = re.fullmatch(r"(?:from |between )?((?:1[89]|20)\d{2}) ?(?:-|–|—|to|and|until|through) ?((?:1[89]|20)?\d{2})", low)
    if m:
        start, end = m.group(1), m.group(2)
        end = start[:2] + end if len(end) == 2 else end
        return f"{start}/{end}", "a span of years, as written"
    m = re.search(r"\b((?:1[89]|20)\d)0s\b", low)
    if m:
        return f"{m.group(1)}X", "a decade, as written"
    if re.search(
        r"\b(?:half|quarter|start|beginning|end|middle|spring|summer|autumn|fall|winter) of\b|\b(?:early|mid|late)[- ](?:1[89]|20)\d{2}",
        low,
    ):
        found = _span_of_year(text, anchor)
        if found:
            return found
    if re.fullmatch(r"(?:1[89]|20)\d{2}", low):
        return text, "a calendar year, as written (no more precise than the text)"
    found = _calendar(text, anchor)
    if found:
        value, how = found
        return value, how if how != "as written" else "a calendar date, at the precision written"
    return _relative(low, anchor, future=bool(_FUTURE.search(sentence)))


def _relative(low: str, anchor: Anchor, *, future: bool = False) -> tuple[str, str]:
    day = anchor.day
    need_day = f"cannot be resolved: {anchor.note}"
    m = re.search(r"\b(\d+|a few|several|a couple of|[a-z]+) (day|week|month|year|decade)s? ago\b", low)
    if m:
        n = _number(m.group(1))
        if n is None:
            return "", "a count back with no number: " + need_day
        if day is None and m.group(2) in {"day", "week"}:
            return "", need_day
        if day is None and anchor.year is not None and m.group(2) in {"year", "decade"}:
            day = dt.date(anchor.year, 7, 1)
        if day is None:
            return "", need_day
        value, _ = _minus(day, n, m.group(2))
        approx = "~" if m.group(1) in {"a few", "several", "a couple of"} else ""
        return value.rstrip("~") + approx if approx else value, f"counted back {m.group(0).removesuffix(' ago')}, {anchor.note}"
    m = re.search(r"\b(today|tonight|this (?:morning|afternoon|evening))\b", low)
    if m:
        return (day.isoformat(), anchor.note) if day else ("", need_day)
    for word, shift in (("yesterday", -1), ("tomorrow", 1), ("last night", -1)):
        if word in low:
            return ((day + dt.timedelta(days=shift)).isoformat(), anchor.note) if day else ("", need_day)
    m = re.search(r"\b(last|past|next|coming|this) (week|weekend|month|year|few (?:days|weeks|months|years))\b", low)
    if m:
        return _this_last_next(m.group(1), m.group(2), low, anchor)
    for i, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            if day is None:
                return "", need_day
            back = (day.weekday() - i) % 7
            if "next" in low or (future and "last" not in low):
                return (day + dt.timedelta(days=(i - day.weekday()) % 7 or 7)).isoformat(), f"the next {name.title()}, {anchor.note}"
            if "last" in low and back == 0:
                back = 7
            return (day - dt.timedelta(days=back)).isoformat(), f"the {name.title()} on or before publication, {anchor.note}"
    return _duration(low, anchor)


def _this_last_next(which: str, unit: str, low: str, anchor: Anchor) -> tuple[str, str]:
    day = anchor.day
    need = f"cannot be resolved: {anchor.note}"
    sign = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[which]
    if unit == "year":
        if anchor.year is None:
            return "", need
        if which in {"past", "coming"} and day:  # the past year: the twelve months before
            other = (
                day.replace(year=day.year + sign) if not (day.month == 2 and day.day == 29) else day.replace(year=day.year + sign, day=28)
            )
            lo, hi = sorted([other, day])
            return f"{lo.isoformat()}/{hi.isoformat()}", anchor.note
        return f"{anchor.year + sign:04d}", anchor.note
    if day is None:
        return "", need
    if unit == "month":
        if which in {"past", "coming"}:
            other = day + dt.timedelta(days=30 * sign)
            lo, hi = sorted([other, day])
            return f"{lo.isoformat()}~/{hi.isoformat()}" if sign < 0 else f"{lo.isoformat()}/{hi.isoformat()}~", anchor.note
        month = day.year * 12 + day.month - 1 + sign
        return f"{month // 12:04d}-{month % 12 + 1:02d}", anchor.note
    if unit.startswith("few"):
        return (f"../{day.isoformat()}" if sign < 0 else f"{day.isoformat()}/.."), f"an open span {which} the day of writing; {anchor.note}"
    if which in {"past", "coming"} or low.startswith(("over", "during", "in the last", "in the past")):
        other = day + dt.timedelta(days=7 * sign)
        lo, hi = sorted([other, day])
        return f"{lo.isoformat()}/{hi.isoformat()}", f"the seven days {'before' if sign < 0 else 'after'}; {anchor.note}"
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=sign)
    if unit == "weekend":
        saturday = monday + dt.timedelta(days=5)
        return f"{saturday.isoformat()}/{(saturday + dt.timedelta(days=1)).isoformat()}", anchor.note
    return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}", f"the calendar week (Monday to Sunday); {anchor.note}"


def _duration(low: str, anchor: Anchor) -> tuple[str, str]:
    """A span of time: counted back from the anchor when it has a number of years, else an open span before it."""
    end = anchor.day.isoformat() if anchor.day else anchor.edtf if anchor.edtf and "/" not in anchor.edtf else ""
    if not re.search(r"\b(?:\d+-)?(?:days?|weeks?|months?|years?|decades?|century|centuries)\b", low):
        return "", "a time phrase with no date or span in it: resolve it from what it refers to"
    n: int | None
    if "half a century" in low:
        n, unit = 50, "year"
    else:
        m = re.search(r"(\d+|a few|several|a couple of|[a-z]+)[- ](day|week|month|year|decade|centur)", low)
        n, unit = (_number(m.group(1)), m.group(2)) if m else (None, "")
    if n and unit in {"year", "decade"} and end:
        years = n * (10 if unit == "decade" else 1)
        try:
            value = count_back(end, years)
        except DateError:
            return "", f"a span of {years} years; count it back from the moment it runs to"
        more = "; 'more than' makes it earlier still" if "more than" in low or "over" in low.split()[:1] else ""
        return value, f"a span of {years} years counted back from publication ({anchor.note}){more}; check what it runs to"
    if end:
        return f"../{end}", f"a span with no number, ending at publication at the latest ({anchor.note}); its start is not in the text"
    return "", f"a span of time; cannot be resolved: {anchor.note}"


def _patterns(case_patterns: pd.DataFrame | None) -> pd.DataFrame:
    common = pd.read_csv(TEMPLATE, dtype=str, keep_default_na=False)
    if case_patterns is None or case_patterns.empty or "pattern" not in case_patterns:
        return common
    own = case_patterns[~case_patterns["pattern"].isin(common["pattern"])].copy()
    own["pattern_id"] = "case_" + own["pattern_id"].astype(str)
    return pd.concat([common, own[common.columns.intersection(own.columns)]], ignore_index=True)


def find_times(sentences: pd.DataFrame, published: str = "", case_patterns: pd.DataFrame | None = None) -> list[TimeExpression]:
    """The time expressions of the sentences, longest first where they overlap, each resolved against ``published``.

    >>> s = pd.DataFrame({"sentence_id": ["S01"], "text": ["Sales fell in 1999 and on November 1, 2020, and rose 3 days ago."]})
    >>> [(t.expression, t.resolves_to) for t in find_times(s, "2021-06-15")]
    [('1999', '1999'), ('November 1, 2020', '2020-11-01'), ('3 days ago', '2021-06-12')]
    """
    anchor = anchor_of(published)
    found = find_time_expressions(sentences[["sentence_id", "text"]], _patterns(case_patterns))
    found["end"] = found["start"] + found["expression"].str.len()
    text = dict(zip(sentences["sentence_id"].astype(str), sentences["text"].astype(str)))
    out: list[TimeExpression] = []
    for sid, group in found.groupby("sentence_id", sort=False):
        kept: list[tuple[int, int]] = []
        here: list[TimeExpression] = []
        group = group.assign(length=group["end"] - group["start"])
        for _, row in group.sort_values(["length", "start"], ascending=[False, True], kind="stable").iterrows():
            span = (int(row["start"]), int(row["end"]))
            if any(a < span[1] and span[0] < b for a, b in kept):
                continue  # inside a longer expression already kept
            kept.append(span)
            value, basis = resolve(str(row["expression"]), anchor, text.get(str(sid), ""))
            if value:
                try:
                    dates.parse(value)
                except DateError:
                    value, basis = "", f"{basis}; the draft's value was not EDTF, so it is left for you"
            kind = row["kind"] if row["kind"] in {"absolute", "relative", "implicit"} else "relative"
            here.append(TimeExpression(str(sid), str(row["expression"]), kind, span[0], value, basis))
        out += sorted(here, key=lambda t: t.start)
    return out
