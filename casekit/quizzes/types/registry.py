"""The question types a bank may use, registered once each: ``type = "..."`` in a bank names one of ``TYPES``.

Adding a type is one module in ``quizzes/types/`` (a ``QuestionType`` subclass)
and one ``register(...)`` line below; see docs/question-banks.md.
"""

from __future__ import annotations

from ...errors import BankError
from ..model import QUESTION_FIELDS, Question
from .base import QuestionType
from .matching import Matching
from .multiple import MultipleChoice
from .ordering import Ordering
from .short import ShortAnswer
from .single import SingleChoice

__all__ = ["TYPES", "public_fields", "question_type", "register", "secret_fields"]

TYPES: dict[str, QuestionType] = {}


def register(kind: QuestionType) -> QuestionType:
    """Make a question type usable in banks under its ``name``; return it. Raise BankError when the name is taken.

    Example::

        register(YesNo())
    """
    if not isinstance(kind, QuestionType) or not kind.name:
        msg = f"a question type is a QuestionType object with a name; got {kind!r}."
        raise BankError(msg)
    if kind.name in TYPES:
        msg = f"the question type {kind.name!r} is already registered; give the new type another name."
        raise BankError(msg)
    TYPES[kind.name] = kind
    return kind


def question_type(question: Question | str) -> QuestionType:
    """The type of a question (or the type with this name); raise BankError for a type no bank may use."""
    name = question.type if isinstance(question, Question) else question
    if name not in TYPES:
        which = f"question {question.id!r} has type {name!r}" if isinstance(question, Question) else f"there is no question type {name!r}"
        msg = f"{which}; the types are {', '.join(TYPES)}."
        raise BankError(msg)
    return TYPES[name]


def public_fields() -> tuple[str, ...]:
    """The fields a bank shows the learner (kept readable in the student copy), in the order a student copy writes them."""
    return tuple(dict.fromkeys([*QUESTION_FIELDS, *(f for kind in TYPES.values() for f in kind.public_fields)]))


def secret_fields() -> tuple[str, ...]:
    """The fields that give an answer away (sealed in the student copy): each type's, the feedback and the misconceptions."""
    return tuple(dict.fromkeys([*(f for kind in TYPES.values() for f in kind.secret_fields), "feedback", "misconception"]))


register(SingleChoice())
register(MultipleChoice())
register(Ordering())
register(Matching())
register(ShortAnswer())
