"""Short answer: a few words or a number, typed (a text box); compared after folding both sides.

An answer matches when it folds to one of the accepted texts (``fold_answer``:
case, accents, quotes, dashes, whitespace, surrounding punctuation), or when the one
number in it (``number_in``: "12", "12 years", "twelve") is the expected number within
its tolerance.
"""

from __future__ import annotations

import math
import re

from ...common.folding import fold_answer
from ...common.wording import describe
from ..model import Marking, Question
from .base import OUTCOMES, QuestionType, outcome_problems

__all__ = ["ShortAnswer", "number_in", "short_matches"]

_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_NUMBER_WORDS = {
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
    """The one number in a short answer ('12', '12 years', 'twelve'), or None.

    >>> number_in("about 12.5 years"), number_in("twelve"), number_in("12 or 13")
    (12.5, 12.0, None)
    """
    found = _NUMBER.findall(text.replace("\u2212", "-"))
    if len(found) == 1:
        return float(found[0].replace(",", ""))
    if not found:
        words = [_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", fold_answer(text)) if w in _NUMBER_WORDS]
        if len(words) == 1:
            return float(words[0])
    return None


def short_matches(q: Question, text: str) -> bool:
    """True when a short answer is one of the accepted texts, or the expected number within its tolerance."""
    folded = fold_answer(text)
    if any(folded == fold_answer(a) for a in q.accept):
        return True
    if q.number is not None:
        value = number_in(text)
        return value is not None and math.isfinite(value) and abs(value - float(q.number)) <= q.tolerance + 1e-9
    return False


class ShortAnswer(QuestionType):
    """``type = "short"``: ``accept`` (texts) and/or ``number`` with ``tolerance`` and ``unit``; feedback ``correct``,
    ``incorrect`` and one entry per common wrong answer, keyed by that answer."""

    name = "short"
    public_fields = ("unit",)
    secret_fields = ("accept", "number", "tolerance")

    def problems(self, q: dict) -> list[str]:
        """Accepted texts and/or a number, a tolerance of 0 or more, the outcome feedback, no feedback for an accepted answer."""
        accept, number = q.get("accept"), q.get("number")
        if accept is None and number is None:
            problems = ['a short question needs accept = ["..."] and/or number = ...']
        else:
            problems = []
            if accept is not None and (not isinstance(accept, list) or not all(isinstance(a, str) and fold_answer(a) for a in accept)):
                problems.append(f"accept must be a list of non-empty texts; got {accept!r}.")
            if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)):
                problems.append(f"number must be a number such as 12; got {number!r}.")
            tol = q.get("tolerance", 0)
            if isinstance(tol, bool) or not isinstance(tol, int | float) or tol < 0:
                problems.append(f"tolerance must be a number of 0 or more; got {tol!r}.")
            if "answer" in q:
                problems.append("a short question uses accept and number, not answer.")
        problems += outcome_problems(q)
        if not problems:
            probe = Question.from_dict(q)
            for key in set(q["feedback"]) - set(OUTCOMES):
                if short_matches(probe, key):
                    problems.append(f"feedback {key!r} is written for a wrong answer, but that answer is accepted as correct.")
        return problems

    def mark(self, q: Question, answer) -> Marking:
        """A text or a number; a common wrong answer gets its own feedback."""
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return Marking.of("empty", "type your answer, then press Check.")
        if isinstance(answer, bool) or not isinstance(answer, str | int | float):
            return Marking.of("invalid", f"expected a short text{' or a number' if q.number is not None else ''}; got {describe(answer)}.")
        text = answer if isinstance(answer, str) else repr(answer)
        if not fold_answer(text):
            return Marking.of("empty", "type your answer, then press Check.")
        if short_matches(q, text):
            return Marking.of("correct", q.feedback["correct"])
        for key, message in q.feedback.items():
            if key in OUTCOMES:
                continue
            common = Question(id="", type=self.name, prompt="", accept=[key], number=number_in(key), tolerance=0.0)
            if short_matches(common, text):
                return Marking.of("incorrect", message)
        if q.number is not None and not q.accept and number_in(text) is None:
            return Marking.of("invalid", f"expected one number{(' (in ' + q.unit + ')') if q.unit else ''}; got {text[:40]!r}.")
        return Marking.of("incorrect", q.feedback["incorrect"])

    def canonical(self, q: Question, answer):
        """The answer folded (``fold_answer``); a number as a number."""
        if isinstance(answer, str):
            return fold_answer(answer)
        return float(answer) if isinstance(answer, int | float) and not isinstance(answer, bool) else answer

    def answer_example(self, q: Question) -> str:
        """A text, or a number."""
        return "<a number>" if q.number is not None and not q.accept else '"<your answer>"'

    def key_text(self, q: Question) -> str:
        """The first accepted text, or the number with its unit and tolerance; and why."""
        if q.accept:
            return f"{q.accept[0]}. {q.feedback.get('correct', '')}".strip()
        unit = f" {q.unit}" if q.unit else ""
        within = f" (within {q.tolerance:g})" if q.tolerance else ""
        return f"{q.number:g}{unit}{within}. {q.feedback.get('correct', '')}".strip()

    def answer_parts(self, q: Question) -> list[tuple[str, list[str]]]:
        """What to type: a number, or a few words (with the unit)."""
        unit = f" (in {q.unit})" if q.unit else ""
        if q.number is not None and not q.accept:
            return [(f"Answer with a number{unit}.", [])]
        return [(f"Answer in a few words{unit}.", [])]
