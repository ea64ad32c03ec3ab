"""Grading one answer to one question: never raises on a learner's answer, says why an answer fits or not."""

from __future__ import annotations

import json

from ..common.wording import describe
from ..errors import BankError
from .answers import normalise, number_in, short_matches
from .model import TYPES, Feedback, Question

__all__ = ["MAX_CHARS", "REVEAL_AFTER", "WORD", "answer_text", "grade", "score_line"]

MAX_CHARS = 500  # longest short answer worth grading
REVEAL_AFTER = 2  # tries that were not right before the answer is offered
WORD = {"correct": "Correct.", "partly": "Partly right.", "incorrect": "Not yet.", "invalid": "Cannot check:", "empty": "No answer yet:"}


def _fb(status: str, text: str) -> Feedback:
    correct = {"correct": True, "partly": False, "incorrect": False}.get(status)
    return Feedback(correct, status, f"{WORD[status]} {text}".strip())


def _too_long(answer) -> Feedback | None:
    try:
        size = len(answer) if isinstance(answer, str) else len(json.dumps(answer, default=str))
    except (TypeError, ValueError, RecursionError):
        size = 0
    if size > MAX_CHARS * 4 or (isinstance(answer, str) and size > MAX_CHARS):
        return _fb("invalid", f"the answer is {size:,} characters long; answers here have at most {MAX_CHARS} characters.")
    return None


def _clean_id(value) -> str | None:
    return value.strip() if isinstance(value, str) else None


def _grade_single(q: Question, answer) -> Feedback:
    ids = [o.id for o in q.options]
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return _fb("empty", "choose one option, then press Check.")
    oid = _clean_id(answer)
    if oid is None:
        return _fb("invalid", f"expected one option id as text, such as {ids[0]!r}; got {describe(answer)}.")
    if oid not in ids:
        lower = {i.lower(): i for i in ids}
        if oid.lower() not in lower:
            return _fb("invalid", f"{oid[:40]!r} is not one of the options {', '.join(ids)}; choose one of them.")
        oid = lower[oid.lower()]
    status = "correct" if oid == q.answer else "incorrect"
    return _fb(status, q.feedback.get(oid, ""))


def _as_id_list(answer, what: str, example: str) -> tuple[list | None, Feedback | None]:
    if isinstance(answer, str):
        answer = [answer] if answer.strip() else []
    if isinstance(answer, dict) or not isinstance(answer, list | tuple | set | frozenset):
        return None, _fb("invalid", f"expected a list of {what}, such as {example}; got {describe(answer)}.")
    return list(answer), None


def _grade_multiple(q: Question, answer) -> Feedback:
    ids = [o.id for o in q.options]
    if answer is None:
        return _fb("empty", "tick every option that fits, then press Check.")
    chosen, bad = _as_id_list(answer, "option ids", str(ids[:2]))
    if bad:
        return bad
    if not chosen:
        return _fb("empty", "tick every option that fits, then press Check.")
    if not all(isinstance(c, str) for c in chosen):
        return _fb(
            "invalid",
            f"expected option ids as text, such as {ids[0]!r}; got {describe(next(c for c in chosen if not isinstance(c, str)))} in the list.",
        )
    chosen = list(dict.fromkeys(c.strip() for c in chosen))
    unknown = [c for c in chosen if c not in ids]
    if unknown:
        return _fb("invalid", f"{unknown[0][:40]!r} is not one of the options {', '.join(ids)}; choose among them.")
    key = set(q.answer)
    right = [c for c in chosen if c in key]
    wrong = [c for c in chosen if c not in key]
    missed = len(key) - len(right)
    if not wrong and not missed:
        return _fb("correct", " ".join(q.feedback[c] for c in ids if c in key))
    notes = " ".join(q.feedback[c] for c in ids if c in wrong)
    more = "" if not missed else (" One more option fits." if missed == 1 else f" {missed} more options fit.")
    if not right:
        return _fb("incorrect", f"None of your choices fits. {notes}{more}")
    also = f", and {len(wrong)} that {'does' if len(wrong) == 1 else 'do'} not" if wrong else ""
    return _fb("partly", f"You chose {len(right)} of the {len(key)} options that fit{also}. {notes}{more}".replace("  ", " ").strip())


def _grade_ordering(q: Question, answer) -> Feedback:
    ids = [i.id for i in q.items]
    example = str(ids[:2])[:-1] + ", ...]"
    if answer is None:
        return _fb("empty", "choose an item for each position, then press Check.")
    seq, bad = _as_id_list(answer, "item ids in order", example)
    if bad:
        return bad
    if isinstance(answer, set | frozenset):
        return _fb("invalid", f"expected the item ids in order (a list), such as {example}; got a set, which has no order.")
    if all(s is None or (isinstance(s, str) and not s.strip()) for s in seq):
        return _fb("empty", "choose an item for each position, then press Check.")
    if not all(isinstance(s, str) and s.strip() for s in seq):
        blank = next(i for i, s in enumerate(seq, start=1) if not (isinstance(s, str) and s.strip()))
        return _fb("invalid", f"position {blank} is empty; choose an item for every position.")
    seq = [s.strip() for s in seq]
    unknown = [s for s in seq if s not in ids]
    if unknown:
        return _fb("invalid", f"{unknown[0][:40]!r} is not one of the items {', '.join(ids)}.")
    dup = [s for s in dict.fromkeys(seq) if seq.count(s) > 1]
    if dup:
        return _fb("invalid", f"{dup[0]!r} is in more than one place; put each item in one place.")
    if len(seq) != len(ids):
        return _fb("invalid", f"put all {len(ids)} items in order; you placed {len(seq)}.")
    if seq == list(q.answer):
        return _fb("correct", q.feedback["correct"])
    placed = sum(a == b for a, b in zip(seq, q.answer))
    notes = " ".join(q.feedback[s] for s, a in zip(seq, q.answer) if s != a and s in q.feedback)
    if placed:
        return _fb(
            "partly", f"{placed} of {len(ids)} are in the right place. {q.feedback.get('partly', q.feedback['incorrect'])} {notes}".strip()
        )
    return _fb("incorrect", f"None of the {len(ids)} is in the right place yet. {q.feedback['incorrect']} {notes}".strip())


def _grade_matching(q: Question, answer) -> Feedback:
    ids = [i.id for i in q.items]
    choice_ids = [c.id for c in q.choices]
    if answer is None:
        return _fb("empty", "choose a match for each item, then press Check.")
    if not isinstance(answer, dict):
        if hasattr(answer, "to_dict") and not hasattr(answer, "columns"):
            answer = answer.to_dict()
        else:
            return _fb(
                "invalid", f"expected a dict of item id -> choice id, such as {{{ids[0]!r}: {choice_ids[0]!r}}}; got {describe(answer)}."
            )
    given = {k: v.strip() for k, v in answer.items() if isinstance(v, str) and v.strip()}
    if not given:
        return _fb("empty", "choose a match for each item, then press Check.")
    unknown = [k for k in answer if k not in ids]
    if unknown:
        return _fb("invalid", f"{str(unknown[0])[:40]!r} is not one of the items {', '.join(ids)}.")
    bad = [v for v in given.values() if v not in choice_ids]
    if bad:
        return _fb("invalid", f"{bad[0][:40]!r} is not one of the choices {', '.join(choice_ids)}.")
    missing = [i for i in ids if i not in given]
    if missing:
        return _fb("invalid", f"no match yet for {', '.join(missing)}; choose a match for every item.")
    wrong = [i for i in ids if given[i] != q.answer[i]]
    if not wrong:
        return _fb("correct", q.feedback["correct"])
    notes = " ".join(q.feedback[i] for i in wrong if i in q.feedback)
    right = len(ids) - len(wrong)
    if right:
        return _fb(
            "partly", f"{right} of {len(ids)} matches are right. {q.feedback.get('partly', q.feedback['incorrect'])} {notes}".strip()
        )
    return _fb("incorrect", f"None of the {len(ids)} matches is right yet. {q.feedback['incorrect']} {notes}".strip())


def _grade_short(q: Question, answer) -> Feedback:
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return _fb("empty", "type your answer, then press Check.")
    if isinstance(answer, bool) or not isinstance(answer, str | int | float):
        return _fb("invalid", f"expected a short text{' or a number' if q.number is not None else ''}; got {describe(answer)}.")
    text = answer if isinstance(answer, str) else repr(answer)
    if not normalise(text):
        return _fb("empty", "type your answer, then press Check.")
    if short_matches(q, text):
        return _fb("correct", q.feedback["correct"])
    for key, message in q.feedback.items():
        if key in ("correct", "incorrect", "partly"):
            continue
        common = Question(id="", type="short", prompt="", accept=[key], number=number_in(key), tolerance=0.0)
        if short_matches(common, text):
            return _fb("incorrect", message)
    if q.number is not None and not q.accept and number_in(text) is None:
        return _fb("invalid", f"expected one number{(' (in ' + q.unit + ')') if q.unit else ''}; got {text[:40]!r}.")
    return _fb("incorrect", q.feedback["incorrect"])


_GRADERS = {
    "single": _grade_single,
    "multiple": _grade_multiple,
    "ordering": _grade_ordering,
    "matching": _grade_matching,
    "short": _grade_short,
}


def grade(question, answer) -> Feedback:
    """Grade one answer to one question; never raises on a learner's answer.

    ``question`` is a Question or a bank table (plain or sealed). The answer
    is an option id (single), a list of option ids (multiple), a list of item
    ids in order (ordering), a dict item id -> choice id (matching), or a text
    or number (short). The message starts with "Correct.", "Partly right.",
    "Not yet.", "No answer yet:" or "Cannot check:".

    Example::

        grade(question, "b").status
        'correct'
    """
    if not isinstance(question, Question):
        question = Question.from_dict(question)
    if question.type not in _GRADERS:
        msg = f"question {question.id!r} has type {question.type!r}; the types are {', '.join(TYPES)}."
        raise BankError(msg)
    if answer is Ellipsis:
        return _fb("empty", "replace ... with your answer, then check again.")
    long = _too_long(answer)
    if long:
        return long
    try:
        return _GRADERS[question.type](question, answer)
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as exc:  # a hostile value, not a bug to show
        return _fb("invalid", f"this answer cannot be read ({type(exc).__name__}); answer in the form the question asks for.")


def score_line(statuses: list[str | None]) -> str:
    """'2 of 3 correct; 1 not answered yet' from the last status of each question."""
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


def answer_text(q: Question) -> str:
    """The key of a question written out, with the feedback that explains it (for a learner who asked)."""
    names = {o.id: o.text for o in (*q.options, *q.items, *q.choices)}
    if q.type == "single":
        return f"{names.get(q.answer, q.answer)}. {q.feedback.get(q.answer, '')}".strip()
    if q.type == "multiple":
        return "; ".join(f"{names.get(a, a)} ({q.feedback.get(a, '').rstrip('.')})" for a in q.answer)
    if q.type == "ordering":
        return " → ".join(names.get(a, a) for a in q.answer) + f". {q.feedback.get('correct', '')}".rstrip()
    if q.type == "matching":
        return "; ".join(f"{names.get(k, k)}: {names.get(v, v)}" for k, v in q.answer.items()) + f". {q.feedback.get('correct', '')}"
    if q.accept:
        return f"{q.accept[0]}. {q.feedback.get('correct', '')}".strip()
    unit = f" {q.unit}" if q.unit else ""
    within = f" (within {q.tolerance:g})" if q.tolerance else ""
    return f"{q.number:g}{unit}{within}. {q.feedback.get('correct', '')}".strip()
