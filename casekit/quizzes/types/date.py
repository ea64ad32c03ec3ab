"""A date: typed in any common spelling (a text box), compared with the key at its EDTF precision.

The key is one EDTF date (``answer = "2021-06"``): a day, a month or a year. The
learner may write "15 June 2021", "Jun 15, 2021", "2021-06-15", "June 2021" or
"2021"; the answer is read at the precision it was written (``edtf_form``, then
``parse``). It is right when it means the same day, month or year as the key. An
answer inside the key but more precise ("15 June 2021" for "2021-06") is too
precise; one that holds the key but is less precise ("2021" for "2021-06") is not
precise enough: both are said plainly and marked partly right.
"""

from __future__ import annotations

import datetime as dt

from ...case.dates import bounds, edtf_form, label, parse, precision
from ...common.wording import describe
from ...errors import CasekitError
from ..model import Marking, Question
from .base import OUTCOMES, QuestionType, outcome_problems

__all__ = ["DateAnswer", "read_date"]

_PRECISIONS = ("year", "month", "day")  # least precise first
_WHAT = {"day": "a day", "month": "a month", "year": "a year"}
_HOW = "write it like 15 June 2021, June 2021, 2021-06-15 or 2021"


def read_date(text) -> tuple[str, str] | None:
    """A typed date as (its EDTF form, its precision: day, month or year), or None when it is not one date.

    >>> read_date("Jun 15, 2021"), read_date("June 2021"), read_date("2021"), read_date("soon")
    (('2021-06-15', 'day'), ('2021-06', 'month'), ('2021', 'year'), None)
    """
    if not isinstance(text, str) or not text.strip():
        return None
    form = edtf_form(text) or " ".join(text.split()).rstrip(".")
    try:
        parse(form)
        base = precision(form).split(",")[0]
    except CasekitError:
        return None
    return (form, base) if base in _PRECISIONS else None


def _span(form: str) -> tuple[dt.date, dt.date]:
    """The first and last day a day, month or year means."""
    lo, hi = bounds(form)
    return lo or dt.date.min, hi or dt.date.max


class DateAnswer(QuestionType):
    """``type = "date"``: ``answer`` = one EDTF date (a day, a month or a year); feedback ``correct``, ``incorrect``, and dates."""

    name = "date"

    def problems(self, q: dict) -> list[str]:
        """The key is one quoted EDTF date at day, month or year precision; feedback keyed by a date must be one."""
        key = q.get("answer")
        if not isinstance(key, str) or read_date(key) is None or edtf_form(key) not in (None, key.strip()):
            found = read_date(key) if isinstance(key, str) else None
            how = f'in EDTF that is answer = "{found[0]}"' if found else 'such as answer = "2021-06-15", "2021-06" or "2021"'
            problems = [f"answer must be one EDTF date, quoted, at day, month or year precision ({how}); got {key!r}."]
        else:
            problems = []
        problems += outcome_problems(q)
        for wrong in (q.get("feedback") or {}) if isinstance(q.get("feedback"), dict) else {}:
            if wrong not in OUTCOMES and read_date(wrong) is None:
                problems.append(f"feedback {wrong!r} is neither correct, incorrect, partly nor a date; {_HOW}.")
        return problems

    def mark(self, q: Question, answer) -> Marking:
        """Read the date as typed; the same day, month or year as the key is right, inside it or around it says which way."""
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return Marking.of("empty", "type a date, then press Check.")
        if isinstance(answer, dt.date) or (isinstance(answer, int) and not isinstance(answer, bool)):
            answer = answer.isoformat() if isinstance(answer, dt.date) else str(answer)  # a date object, or a year as a number
        if not isinstance(answer, str):
            return Marking.of("invalid", f"expected a date as text, such as '15 June 2021'; got {describe(answer)}.")
        found = read_date(answer)
        if found is None:
            return Marking.of("invalid", f"{answer.strip()[:40]!r} is not a date I can read; {_HOW}.")
        form, given = found
        key, wanted = read_date(str(q.answer)) or (str(q.answer), "day")
        (lo, hi), (key_lo, key_hi) = _span(form), _span(key)
        if given == wanted and (lo, hi) == (key_lo, key_hi):
            return Marking.of("correct", q.feedback.get("correct", ""))
        for wrong, message in q.feedback.items():
            if wrong not in OUTCOMES and (read_date(wrong) or ("",))[0] == form:
                return Marking.of("incorrect", message)
        asked, yours = _WHAT[wanted], _WHAT[given]
        if _PRECISIONS.index(given) > _PRECISIONS.index(wanted) and key_lo <= lo and hi <= key_hi:
            return Marking.of("partly", f"Your date is too precise: the question asks for {asked}, not {yours}; answer with {asked} only.")
        if _PRECISIONS.index(given) < _PRECISIONS.index(wanted) and lo <= key_lo and key_hi <= hi:
            return Marking.of("partly", f"Your date is not precise enough: the question asks for {asked}, not only {yours}.")
        form_note = f" (The question asks for {asked}.)" if given != wanted else ""
        return Marking.of("incorrect", q.feedback.get("incorrect", "") + form_note)

    def canonical(self, q: Question, answer):
        """The EDTF form of a date (so "15 June 2021" and "2021-06-15" are the same try); other text folded."""
        if isinstance(answer, dt.date) or (isinstance(answer, int) and not isinstance(answer, bool)):
            answer = answer.isoformat() if isinstance(answer, dt.date) else str(answer)
        found = read_date(answer)
        return found[0] if found else super().canonical(q, answer)

    def answer_example(self, q: Question) -> str:
        """A date in words."""
        return '"<a date, such as 15 June 2021>"'

    def key_text(self, q: Question) -> str:
        """The date written for a reader ("June 2021"), and why."""
        try:
            words = label(str(q.answer))
        except CasekitError:
            words = str(q.answer)
        return f"{words}. {q.feedback.get('correct', '')}".strip()

    def answer_parts(self, q: Question) -> list[tuple[str, list[str]]]:
        """What to type: a date, as precise as the question asks."""
        return [
            (
                "Answer with a date: a day (15 June 2021 or 2021-06-15), a month (June 2021) or a year (2021), as precise as the text allows.",
                [],
            )
        ]
