"""A quiz as a static self-check block, for the course website: the question, its options, then hint and answer behind "show" controls.

A page has no kernel to grade an answer, so the reader checks themselves: help
comes in the order a quiz in JupyterLab gives it (the hint first, the answer and
its feedback last), each behind a ``<details>`` control the reader opens.
"""

from __future__ import annotations

from html import escape

from ..quizzes.grading import answer_text
from ..quizzes.model import Question, answer_parts

__all__ = ["quiz_html"]

STYLE = "border:1px solid #767676;border-radius:6px;padding:0.6em 1em;margin:0.8em 0;"  # grey with 4.5:1 contrast on white
HOW = "Answer for yourself first (on paper, or aloud with a partner), then open the hint, and the answer last."


def _choices(q: Question) -> str:
    html = ""
    for instruction, options in answer_parts(q):
        items = "".join(f"<li>{escape(o)}</li>" for o in options)
        html += f"<p>{escape(instruction)}</p>" + (f"<ul style='list-style:none;padding-left:1em'>{items}</ul>" if items else "")
    return html


def _feedback(q: Question) -> str:
    """Why each option is right or wrong (choice questions), or the note on a wrong answer."""
    letters = q.labels()
    if q.type in ("single", "multiple"):
        rows = "".join(
            f"<li>{escape(letters[o.id])}) {escape(o.text)}: {escape(q.feedback.get(o.id, ''))}</li>"
            for o in q.options
            if q.feedback.get(o.id)
        )
        return f"<ul>{rows}</ul>" if rows else ""
    wrong = q.feedback.get("incorrect", "")
    return f"<p>If yours differs: {escape(wrong)}</p>" if wrong else ""


def _question(q: Question, n: int, anchor: str) -> str:
    hint = f"<details><summary>Show a hint</summary><p>{escape(q.hint)}</p></details>" if q.hint else ""
    answer = f"<p><strong>The answer:</strong> {escape(answer_text(q))}</p>{_feedback(q)}"
    return (
        f"<section class='casekit-selfcheck-question' aria-labelledby='{anchor}'>"
        f"<p id='{anchor}'><strong>{n}.</strong> {escape(q.prompt)}</p>{_choices(q)}{hint}"
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
