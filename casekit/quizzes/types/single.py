"""Single choice: one option of several is right (radio buttons)."""

from __future__ import annotations

from ...common.wording import describe
from ..model import Marking, Question, by_letter
from .base import WIDE, OptionsType, shown_as

__all__ = ["SingleChoice"]


class SingleChoice(OptionsType):
    """``type = "single"``: ``options``, ``answer`` = one option id, feedback for every option."""

    name = "single"
    instruction = "Choose one:"

    def answer_problems(self, answer, ids: list[str]) -> list[str]:
        """The key must be one of the option ids."""
        if not isinstance(answer, str):
            return [f'answer must be one option id such as "{ids[0] if ids else "a"}"; got {answer!r}.']
        return [] if answer in ids else [f"answer {answer!r} is not one of the options {', '.join(ids)}."]

    def resolve(self, q: Question, answer):
        """The option shown with a letter ("d") read as its id."""
        return by_letter(answer, q.options)

    def canonical(self, q: Question, answer):
        """The option id (its case does not matter)."""
        return answer.strip().lower() if isinstance(answer, str) else answer

    def answer_example(self, q: Question) -> str:
        """One letter."""
        return '"<letter>"'

    def mark(self, q: Question, answer) -> Marking:
        """One option id or the letter shown (its case and surrounding spaces do not matter); the feedback is the chosen option's."""
        ids = [o.id for o in q.options]
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return Marking.of("empty", "choose one option, then press Check.")
        if not isinstance(answer, str):
            return Marking.of("invalid", f"expected one option id as text, such as {ids[0]!r}; got {describe(answer)}.")
        oid = answer.strip()
        if oid not in ids:
            lower = {i.lower(): i for i in ids}
            if oid.lower() not in lower:
                return Marking.of("invalid", f"{oid[:40]!r} is not one of the options {shown_as(q.options)}; choose one of them.")
            oid = lower[oid.lower()]
        return Marking.of("correct" if oid == q.answer else "incorrect", q.feedback.get(oid, ""))

    def key_text(self, q: Question) -> str:
        """The right option and why."""
        return f"{q.names().get(q.answer, q.answer)}. {q.feedback.get(q.answer, '')}".strip()

    def show_answer(self, q: Question, answer) -> str:
        """'b) Green' for an option id."""
        if isinstance(answer, str):
            return f"{q.labels().get(answer, answer)}) {q.names().get(answer, answer)}"
        return super().show_answer(q, answer)

    def make_controls(self, q: Question) -> tuple[object, list]:
        """Radio buttons, one per option."""
        import ipywidgets as w

        letters = q.labels()
        radio = w.RadioButtons(
            options=[(f"{letters[o.id]}) {o.text}", o.id) for o in q.options],
            value=None,
            description="Your answer:",
            style=WIDE,
            layout=w.Layout(width="auto"),
        )
        return radio, [radio]

    def fill_controls(self, q: Question, controls: list, answer) -> None:
        """Select the earlier option (none when it is not one of the options)."""
        controls[0].value = answer if answer in [o.id for o in q.options] else None
