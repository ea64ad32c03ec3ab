"""Question banks and their marking: the logic of quizzes (no files of the learner; ipywidgets only once a quiz is shown).

Question banks
--------------
Instructors write banks in plain TOML in ``solutions/quizzes/<lesson>.toml``;
the build step seals them into the student copy ``data/quizzes/<lesson>.toml``
(see ``docs/question-banks.md``). A bank is a list of ``[[question]]`` tables:

``id``        required; starts with the lesson's two digits, e.g. ``"07-sources"``.
``set``       optional; questions sharing a set are shown together: ``quiz("07-warmup")``.
``type``      ``single``, ``multiple``, ``ordering``, ``matching`` or ``short``.
``prompt``    the question.
``hint``      optional; shown when the learner presses Hint.
``level``     ``"recall"`` (the answer is stated in the lesson above the question) or ``"apply"`` (a skill
              used on material the lesson has not resolved); optional here, required in this kit's banks.
``options``   single, multiple: ``[{id = "a", text = "..."}, ...]``.
``items``     ordering: the things to put in order; matching: the left side.
``choices``   matching: the right side (a choice may fit several items).
``answer``    single: an option id; multiple: a list of option ids;
              ordering: the item ids in order; matching: a table item id -> choice id.
``accept``    short: a list of accepted texts (compared after folding: ``fold_answer``).
``number``    short: the expected number, with ``tolerance`` (default 0) and optional ``unit``.
              date: ``answer`` is one EDTF date ("2021-06-15", "2021-06", "2021"), compared at its precision.
``[question.feedback]``
              single, multiple: one entry per option id (why it fits, or what it misses).
              ordering, matching, short: ``correct`` and ``incorrect`` (and optional
              ``partly``); ordering and matching may add an entry per item id (shown when
              that item is misplaced); short may add an entry per common wrong answer
              (the key is the answer, e.g. ``"18" = "..."``).

A bank's student copy packs the answer fields into one ``sealed`` field
(``sealing``); ``casekit.instructor.banks`` writes it.

Question types
--------------
Each type is one object in ``types/`` (a ``QuestionType``): its fields and their
checks in a bank, how an answer is marked, the key written out, its text form,
its widget controls and its block on a static page. ``types/registry.py``
registers each type with one line; ``mark_answer`` and the notebook's views
dispatch to the type.
"""

from .bank import count_levels, load_questions, parse_bank
from .marking import mark_answer, quiz_answer_text, score_line
from .model import LEVELS, Marking, Question
from .sealing import unseal
from .types import TYPES, QuestionType, register
from .validate import validate_bank_text, validate_banks

__all__ = [
    "LEVELS",
    "TYPES",
    "Marking",
    "Question",
    "QuestionType",
    "count_levels",
    "load_questions",
    "mark_answer",
    "parse_bank",
    "quiz_answer_text",
    "register",
    "score_line",
    "unseal",
    "validate_bank_text",
    "validate_banks",
]
