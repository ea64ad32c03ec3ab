"""A quiz as a static self-check block, for the course website: the question, its options, then hint and answer behind "show" controls.

What a question shows and why its answer fits are its type's (``static_choices``,
``static_feedback`` in ``quizzes/types/``); this module frames them. A page has
no kernel to mark an answer, so the reader checks themselves: help
comes in the order a quiz in JupyterLab gives it (the hint first, the answer and
its feedback last), each behind a ``<details>`` control the reader opens.
"""

from __future__ import annotations

from html import escape

from ..quizzes.marking import quiz_answer_text
from ..quizzes.model import Question
from ..quizzes.types import question_type

__all__ = ["quiz_html"]

STYLE = "border:1px solid #767676;border-radius:6px;padding:0.6em 1em;margin:0.8em 0;"  # grey with 4.5:1 contrast on white
HOW = "Answer for yourself first (on paper, or aloud with a partner), then open the hint, and the answer last."


def _question(q: Question, n: int, anchor: str) -> str:
    kind = question_type(q)
    hint = f"<details><summary>Show a hint</summary><p>{escape(q.hint)}</p></details>" if q.hint else ""
    answer = f"<p><strong>The answer:</strong> {escape(quiz_answer_text(q))}</p>{kind.static_feedback(q)}"
    return (
        f"<section class='casekit-selfcheck-question' aria-labelledby='{anchor}'>"
        f"<p id='{anchor}'><strong>{n}.</strong> {escape(q.prompt)}</p>{kind.static_choices(q)}{hint}"
        f"<details><summary>Show the answer and why</summary>{answer}</details></section>"
    )


def quiz_html(title: str, questions: list[Question]) -> str:
    """The HTML of one quiz as a self-check block (no script: it works on any static page).

    >>> from casekit.quizzes.model import Choice
    >>> q = Question(id="07-x", type="single", prompt="Who?", options=[Choice("a", "A"), Choice("b", "B")], answer="a",
    ...              feedback={"a": "Right.", "b": "No."})
    >>> html = quiz_html("07-warmup", [q])
    >>> html.index("Who?") < html.index("Show the answer") < html.index("Right.")
    True
    """
    body = "".join(_question(q, n, f"selfcheck-{escape(q.id)}") for n, q in enumerate(questions, start=1))
    return (
        f"<div class='casekit-selfcheck' role='group' aria-label='Self-check: {escape(title)}' style='{STYLE}'>"
        f"<p><strong>Self-check: {escape(title)}</strong></p><p><em>{HOW}</em></p>{body}</div>"
    )
