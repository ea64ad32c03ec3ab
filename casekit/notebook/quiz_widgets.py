"""The ipywidgets view of a quiz: one labelled control per question, Check and Hint buttons, feedback.

Built only when a notebook displays a quiz (``quiz_view`` imports this
module lazily). Every control has a description (its accessible label), and
feedback starts with a word ("Correct.", "Not yet.", "Partly right.") so
state is never carried by colour alone. Tests drive it from Python: set a
control's value, call ``check_button.click()``, read ``feedback.value``.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..quizzes.grading import WORD, grade, score_line
from ..quizzes.model import Feedback, Question

if TYPE_CHECKING:  # the quiz imports this module when it is shown, never the other way round
    from .quiz_view import Quiz

__all__ = ["QuestionView", "QuizView", "feedback_html", "ordinal"]

_WIDE = {"description_width": "initial"}
_ORDINALS = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINALS.get(n % 10, "th")
    return f"{n}{suffix}"


def feedback_html(fb: Feedback) -> str:
    """Feedback as HTML for the widget: the status word in bold first, then the message."""
    word = WORD[fb.status]
    rest = fb.message[len(word) :].strip() if fb.message.startswith(word) else fb.message
    return f'<div role="status" aria-live="polite" class="casekit-feedback casekit-{fb.status}"><strong>{escape(word)}</strong> {escape(rest)}</div>'


class QuestionView:
    """The widgets of one question; ``get_answer``/``set_answer`` translate to and from ``grade`` answers."""

    def __init__(self, quiz: Quiz, question: Question, number: int, on_result=None):
        self.quiz = quiz
        self.question = question
        self.number = number
        self.on_result = on_result
        self.status: str | None = None
        letters = question.labels()
        prompt = w.HTML(f"<p><strong>Question {number}.</strong> {escape(question.prompt)}</p>")
        kind = question.type
        if kind == "single":
            self.control = w.RadioButtons(
                options=[(f"{letters[o.id]}) {o.text}", o.id) for o in question.options],
                value=None,
                description="Your answer:",
                style=_WIDE,
                layout=w.Layout(width="auto"),
            )
            self.controls = [self.control]
        elif kind == "multiple":
            self.controls = [
                w.Checkbox(value=False, description=f"{letters[o.id]}) {o.text}", indent=False, layout=w.Layout(width="auto"))
                for o in question.options
            ]
            self.control = w.VBox(self.controls)
        elif kind == "ordering":
            opts = [("(choose)", None), *((i.text, i.id) for i in question.items)]
            self.controls = [
                w.Dropdown(options=opts, value=None, description=f"{ordinal(n)}:", style=_WIDE, layout=w.Layout(width="auto"))
                for n in range(1, len(question.items) + 1)
            ]
            self.control = w.VBox(self.controls)
        elif kind == "matching":
            opts = [("(choose)", None), *((c.text, c.id) for c in question.choices)]
            self.controls = [
                w.Dropdown(options=opts, value=None, description=f"{i.text}:", style=_WIDE, layout=w.Layout(width="auto"))
                for i in question.items
            ]
            self.control = w.VBox(self.controls)
        else:
            label = f"Your answer{' (' + question.unit + ')' if question.unit else ''}:"
            self.control = w.Text(value="", description=label, placeholder="type your answer", style=_WIDE)
            self.controls = [self.control]
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
        """The learner's answer as ``grade`` expects it."""
        q = self.question
        if q.type == "single":
            return self.control.value
        if q.type == "multiple":
            return [o.id for o, box in zip(q.options, self.controls) if box.value]
        if q.type == "ordering":
            return [dd.value for dd in self.controls]
        if q.type == "matching":
            return {i.id: dd.value for i, dd in zip(q.items, self.controls) if dd.value is not None}
        return self.control.value

    def set_answer(self, answer) -> None:
        """Show an answer in the controls (values that do not fit are left out)."""
        q = self.question
        try:
            if q.type == "single":
                self.control.value = answer if answer in [o.id for o in q.options] else None
            elif q.type == "multiple":
                for o, box in zip(q.options, self.controls):
                    box.value = o.id in (answer or [])
            elif q.type == "ordering":
                valid = {i.id for i in q.items}
                for dd, value in zip(self.controls, answer or []):
                    dd.value = value if value in valid else None
            elif q.type == "matching":
                valid = {c.id for c in q.choices}
                for i, dd in zip(q.items, self.controls):
                    value = (answer or {}).get(i.id)
                    dd.value = value if value in valid else None
            else:
                self.control.value = "" if answer is None else str(answer)
        except Exception:  # noqa: BLE001 - a stale record must not break the quiz
            pass

    # ---- events

    def show(self, fb: Feedback, note: str = "") -> None:
        """Put feedback in the feedback area."""
        extra = f'<p class="casekit-note">{escape(note)}</p>' if note else ""
        self.feedback.value = feedback_html(fb) + extra

    def _on_check(self, _button=None) -> None:
        fb = self.quiz.answer(self.question.id, self.get_answer())
        self.show(fb)
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
        self.set_answer(rec["answer"])
        fb = grade(self.question, rec["answer"])
        self.status = fb.status if fb.status not in ("empty", "invalid") else rec.get("status")
        self.show(fb, "This is your earlier answer; change it and press Check to try again.")
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
