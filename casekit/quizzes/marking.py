"""Marking one answer to one quiz question: never raises on a learner's answer, says why an answer fits or not.

The reading and marking are the question type's (``quizzes/types/``); here is
what every type shares: a sealed table read, a placeholder or an oversized
answer turned away, a hostile value caught, and the score line of a set.
"""

from __future__ import annotations

import json

from ..common.tries import digest
from .model import Marking, Question
from .types import question_type

__all__ = ["MAX_CHARS", "answer_fingerprint", "mark_answer", "quiz_answer_text", "resolved_answer", "score_line"]

MAX_CHARS = 500  # longest short answer worth marking


def _too_long(answer) -> Marking | None:
    try:
        size = len(answer) if isinstance(answer, str) else len(json.dumps(answer, default=str))
    except (TypeError, ValueError, RecursionError):
        size = 0
    if size > MAX_CHARS * 4 or (isinstance(answer, str) and size > MAX_CHARS):
        return Marking.of("invalid", f"the answer is {size:,} characters long; answers here have at most {MAX_CHARS} characters.")
    return None


def mark_answer(question, answer) -> Marking:
    """Mark one answer to one quiz question; never raises on a learner's answer.

    ``question`` is a Question or a bank table (plain or sealed). The answer
    is an option id (single), a list of option ids (multiple), a list of item
    ids in order (ordering), a dict item id -> choice id (matching), or a text
    or number (short); the letters (and a matching item's number) that the
    text view shows may stand for the ids. The message starts with "Correct.", "Partly right.",
    "Not yet.", "No answer yet:" or "Cannot check:". Raises BankError only for
    a question whose type is not registered.

    Example::

        mark_answer(question, "b").status
        'correct'
    """
    if not isinstance(question, Question):
        question = Question.from_dict(question)
    kind = question_type(question)
    if answer is Ellipsis:
        return Marking.of("empty", "replace ... with your answer, then check again.")
    long = _too_long(answer)
    if long:
        return long
    try:
        return kind.mark(question, kind.resolve(question, answer))
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as exc:  # a hostile value, not a bug to show
        return Marking.of("invalid", f"this answer cannot be read ({type(exc).__name__}); answer in the form the question asks for.")


def resolved_answer(question: Question, answer):
    """The answer with the letters shown read as ids (what a widget would give); the answer as it is when it cannot be read."""
    try:
        return question_type(question).resolve(question, answer)
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError):
        return answer


def answer_fingerprint(question: Question, answer) -> str:
    """A short fingerprint of an answer as the learner meant it: the same for a re-run, a letter or its id, another case.

    For multiple choice the set of options counts; for ordering the order; for matching the pairs.

    >>> from casekit.quizzes.model import Choice
    >>> q = Question(id="x", type="multiple", prompt="", options=[Choice("a", "A"), Choice("b", "B")])
    >>> answer_fingerprint(q, ["b", "a"]) == answer_fingerprint(q, "A, B")
    True
    """
    kind = question_type(question)
    try:
        canonical = kind.canonical(question, kind.resolve(question, answer))
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError):
        canonical = repr(answer)[:MAX_CHARS]
    return digest([question.type, canonical])


def score_line(statuses: list[str | None]) -> str:
    """'2 of 3 correct; 1 not answered yet' from the last status of each question.

    >>> score_line(["correct", "partly", None])
    '1 of 3 correct; 1 not right yet; 1 not answered yet'
    """
    n = len(statuses)
    right = statuses.count("correct")
    unanswered = sum(1 for s in statuses if s is None)
    wrong = n - right - unanswered
    parts = [f"{right} of {n} correct"]
    if wrong:
        parts.append(f"{wrong} not right yet")
    if unanswered:
        parts.append(f"{unanswered} not answered yet")
    return "; ".join(parts)


def quiz_answer_text(q: Question) -> str:
    """The key of a quiz question written out, with the feedback that explains it (for a learner who asked)."""
    return question_type(q).key_text(q)
