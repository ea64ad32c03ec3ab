"""Multiple choice: every option that fits is ticked (a checkbox each)."""

from __future__ import annotations

from ...common.wording import describe
from ..model import Mark, Marking, Question, by_letter
from .base import OptionsType, as_id_list, mark_control, shown_as, split_letters

__all__ = ["MultipleChoice"]


class MultipleChoice(OptionsType):
    """``type = "multiple"``: ``options``, ``answer`` = a list of option ids, feedback for every option."""

    name = "multiple"
    instruction = "Choose all that apply:"

    def answer_problems(self, answer, ids: list[str]) -> list[str]:
        """The key must be a non-empty list of option ids, each once."""
        if not isinstance(answer, list) or not answer or not all(isinstance(a, str) for a in answer):
            return [f'answer must be a list of option ids such as ["a", "c"]; got {answer!r}.']
        bad = [a for a in answer if a not in ids]
        dup = {a for a in answer if answer.count(a) > 1}
        listing = ", ".join(ids)
        return [f"answer {a!r} is not one of the options {listing}." for a in bad] + (
            [f"answer lists {', '.join(sorted(dup))} twice."] if dup else []
        )

    def resolve(self, q: Question, answer):
        """Letters shown ("a, c" or ["a", "c"]) read as option ids."""
        answer = split_letters(answer)
        if isinstance(answer, list | tuple | set | frozenset):
            return [by_letter(a, q.options) for a in answer]
        return by_letter(answer, q.options)

    def canonical(self, q: Question, answer):
        """The set of option ids chosen (order and repeats do not matter)."""
        if isinstance(answer, str):
            answer = [answer]
        if isinstance(answer, list):
            return sorted({a.strip() for a in answer if isinstance(a, str)})
        return answer

    def answer_example(self, q: Question) -> str:
        """A list of letters."""
        return '["<letter>", "<letter>", ...]'

    def mark(self, q: Question, answer) -> Marking:
        """A list of option ids; partly right when some that fit are chosen; each wrong choice named, with its feedback."""
        ids = [o.id for o in q.options]
        if answer is None:
            return Marking.of("empty", "tick every option that fits, then press Check.")
        chosen, bad = as_id_list(answer, "option ids", str(ids[:2]))
        if bad:
            return bad
        if not chosen:
            return Marking.of("empty", "tick every option that fits, then press Check.")
        if not all(isinstance(c, str) for c in chosen):
            odd = next(c for c in chosen if not isinstance(c, str))
            return Marking.of("invalid", f"expected option ids as text, such as {ids[0]!r}; got {describe(odd)} in the list.")
        chosen = list(dict.fromkeys(c.strip() for c in chosen))
        unknown = [c for c in chosen if c not in ids]
        if unknown:
            return Marking.of("invalid", f"{unknown[0][:40]!r} is not one of the options {shown_as(q.options)}; choose among them.")
        key = set(q.answer)
        right = [c for c in chosen if c in key]
        wrong = [c for c in chosen if c not in key]
        missed = len(key) - len(right)
        if not wrong and not missed:
            return Marking.of("correct", " ".join(q.feedback[c] for c in ids if c in key))
        marks = [Mark(c, self.option_name(q, c), q.feedback.get(c, "")) for c in ids if c in wrong]
        more = "" if not missed else (" One more option fits." if missed == 1 else f" {missed} more options fit.")
        if not right:
            return Marking.of("incorrect", f"None of your choices fits.{more}", marks)
        also = f", and {len(wrong)} that {'does' if len(wrong) == 1 else 'do'} not" if wrong else ""
        return Marking.of("partly", f"You chose {len(right)} of the {len(key)} options that fit{also}.{more}", marks)

    def key_text(self, q: Question) -> str:
        """Each option that fits, with why."""
        names = q.names()
        return "; ".join(f"{names.get(a, a)} ({q.feedback.get(a, '').rstrip('.')})" for a in q.answer)

    def make_controls(self, q: Question) -> tuple[object, list]:
        """A checkbox per option."""
        import ipywidgets as w

        letters = q.labels()
        boxes = [
            w.Checkbox(value=False, description=f"{letters[o.id]}) {o.text}", indent=False, layout=w.Layout(width="auto"))
            for o in q.options
        ]
        return w.VBox(boxes), boxes

    def read_controls(self, q: Question, controls: list) -> list[str]:
        """The ids of the ticked options."""
        return [o.id for o, box in zip(q.options, controls) if box.value]

    def fill_controls(self, q: Question, controls: list, answer) -> None:
        """Tick the earlier options."""
        for o, box in zip(q.options, controls):
            box.value = o.id in (answer or [])

    def mark_controls(self, q: Question, controls: list, marking: Marking) -> None:
        """Mark the ticked options that do not fit."""
        wrong = {m.id: m.name for m in marking.marks}
        for o, box in zip(q.options, controls):
            mark_control(box, wrong.get(o.id, o.text), o.id in wrong)
