"""The ipywidgets view of a quiz: one labelled control per question, Check and Hint buttons, feedback.

Built only when a notebook displays a quiz (``quiz_view`` imports this
module lazily). Every control has a description (its accessible label), and
feedback starts with a word ("Correct.", "Not yet.", "Partly right.") so
state is never carried by colour alone. The learner's items that are not
right are marked on their controls ("✗ ... (not right yet)" and a border) and
listed by name under the feedback. Tests drive it from Python: set a
control's value, call ``check_button.click()``, read ``feedback.value``.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..quizzes.marking import mark_answer, resolved_answer, score_line
from ..quizzes.model import MARK_WORDS, Marking, Question
from ..quizzes.types import question_type
from ..quizzes.types.base import mark_control

if TYPE_CHECKING:  # the quiz imports this module when it is shown, never the other way round
    from .quiz_view import Quiz

__all__ = ["QuestionView", "QuizView", "feedback_html"]


REPEATED = "You checked this answer before, so it is not counted as a new try."


def feedback_html(fb: Marking) -> str:
    """A marking as HTML for the widget: the status word in bold first, then the message, then its marked items as a list."""
    word = MARK_WORDS[fb.status]
    head = fb.headline
    rest = head[len(word) :].strip() if head.startswith(word) else head
    marks = "".join(f"<li>✗ <strong>{escape(m.name)}</strong>: {escape(m.note or 'not right yet.')}</li>" for m in fb.marks)
    listing = f'<ul class="casekit-marks">{marks}</ul>' if marks else ""
    return (
        f'<div role="status" aria-live="polite" class="casekit-feedback casekit-{fb.status}"><strong>{escape(word)}</strong> '
        f"{escape(rest)}{listing}</div>"
    )


def unmark(control) -> None:
    """Take a "not right yet" mark off a control (its value has changed since the Check)."""
    if getattr(control, "_casekit_label", None) is not None and control.description != control._casekit_label:
        mark_control(control, "", False)


class QuestionView:
    """The widgets of one question: the controls its type makes, Check, Hint and Show the answer buttons, feedback.

    ``get_answer``/``set_answer`` translate to and from ``mark_answer`` answers (through the question's type).
    """

    def __init__(self, quiz: Quiz, question: Question, number: int, on_result=None):
        self.quiz = quiz
        self.question = question
        self.number = number
        self.on_result = on_result
        self.status: str | None = None
        self.kind = question_type(question)
        prompt = w.HTML(f"<p><strong>Question {number}.</strong> {escape(question.prompt)}</p>")
        self.control, self.controls = self.kind.make_controls(question)
        for control in self.controls:  # a marked control is unmarked once the learner changes it
            control.observe(lambda change: unmark(change["owner"]), names="value")
        self.check_button = w.Button(description="Check", tooltip=f"Check your answer to question {number}")
        self.check_button.on_click(self._on_check)
        buttons = [self.check_button]
        self.hint = w.HTML("")
        self.hint_button = None
        if question.hint:
            self.hint_button = w.Button(description="Hint", tooltip=f"Show a hint for question {number}")
            self.hint_button.on_click(self._on_hint)
            buttons.append(self.hint_button)
        self.reveal_button = w.Button(
            description="Show the answer", tooltip=f"Show the answer to question {number} and why", layout=w.Layout(display="none")
        )
        self.reveal_button.on_click(self._on_reveal)
        buttons.append(self.reveal_button)
        self.feedback = w.HTML("")
        self.answer = w.HTML("")
        self.box = w.VBox([prompt, self.control, w.HBox(buttons), self.hint, self.feedback, self.answer])
        self._restore()

    # ---- answers

    def get_answer(self):
        """The learner's answer as ``mark_answer`` expects it."""
        return self.kind.read_controls(self.question, self.controls)

    def set_answer(self, answer) -> None:
        """Show an answer in the controls (values that do not fit are left out)."""
        try:
            self.kind.fill_controls(self.question, self.controls, answer)
        except Exception:  # noqa: BLE001 - a stale record must not break the quiz
            pass

    # ---- events

    def show(self, fb: Marking, note: str = "") -> None:
        """Put a marking's feedback in the feedback area."""
        extra = f'<p class="casekit-note">{escape(note)}</p>' if note else ""
        self.feedback.value = feedback_html(fb) + extra

    def mark(self, fb: Marking) -> None:
        """Mark the controls that hold the learner's wrong items, and unmark the rest."""
        try:
            self.kind.mark_controls(self.question, self.controls, fb)
        except Exception:  # noqa: BLE001 - marking is a help; the feedback says it all
            pass

    def _on_check(self, _button=None) -> None:
        done = self.quiz.attempt(self.question.id, self.get_answer())
        fb = done.marking
        self.show(fb, REPEATED if done.repeated else "")
        self.mark(fb)
        if fb.status not in ("empty", "invalid"):
            self.status = fb.status
            if self.on_result:
                self.on_result()
        self._offer_answer()

    def _offer_answer(self) -> None:
        """Show the "Show the answer" button once the learner has tried enough without getting it right."""
        self.reveal_button.layout.display = None if self.quiz.can_reveal(self.question.id) and not self.answer.value else "none"

    def _on_reveal(self, _button=None) -> None:
        text = self.quiz.reveal(self.question.id)
        self.answer.value = (
            f'<div role="note" class="casekit-answer"><strong>Answer:</strong> {escape(text.removeprefix("The answer: "))}</div>'
        )
        self.reveal_button.layout.display = "none"

    def _on_hint(self, _button=None) -> None:
        self.hint.value = f'<div role="note"><strong>Hint:</strong> {escape(self.question.hint)}</div>'

    def _restore(self) -> None:
        rec = self.quiz.record(self.question.id)
        if not rec or "answer" not in rec:
            return
        answer = resolved_answer(self.question, rec["answer"])  # a letter typed in the text view, as its id
        self.set_answer(answer)
        fb = mark_answer(self.question, answer)
        self.status = fb.status if fb.status not in ("empty", "invalid") else rec.get("status")
        self.show(fb, "This is your earlier answer; change it and press Check to try again.")
        self.mark(fb)
        self._offer_answer()


class QuizView:
    """The widget of a whole quiz: its questions, and a score line for a set."""

    def __init__(self, quiz: Quiz):
        self.quiz = quiz
        self.views = [QuestionView(quiz, q, n, self._update_score) for n, q in enumerate(quiz.questions, start=1)]
        self.score = w.HTML("")
        parts = [v.box for v in self.views]
        if len(self.views) > 1:
            parts = [w.HTML(f"<h3 style='font-size:1em'>Quiz {escape(quiz.title)}: {len(self.views)} questions</h3>"), *parts, self.score]
            self._update_score()
        self.box = w.VBox(parts)

    def _update_score(self) -> None:
        if len(self.views) > 1:
            self.score.value = f'<p role="status"><strong>Score:</strong> {escape(score_line([v.status for v in self.views]))}</p>'

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.box._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = self.quiz.text()
        return bundle
