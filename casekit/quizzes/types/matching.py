"""Matching: each item matched with one of the choices (a drop-down per item; a choice may serve several)."""

from __future__ import annotations

from ...common.wording import describe
from ..model import Mark, Marking, Question, by_letter, short_name
from .base import WIDE, QuestionType, mark_control, outcome_problems, pairs_problems, shown_as

__all__ = ["Matching"]


class Matching(QuestionType):
    """``type = "matching"``: ``items``, ``choices``, ``answer`` = a table item id -> choice id; feedback as for ordering."""

    name = "matching"
    public_fields = ("items", "choices")

    def problems(self, q: dict) -> list[str]:
        """An item or more, two choices or more; a known choice for every item; the outcome feedback."""
        problems, ids = pairs_problems(q, "items", 1)
        more, choice_ids = pairs_problems(q, "choices", 2)
        if problems or more:
            return problems + more
        answer = q.get("answer")
        if not isinstance(answer, dict):
            problems.append(f"answer must be a table item id -> choice id; got {answer!r}.")
        else:
            problems += [f"answer has no match for item {i!r}." for i in ids if i not in answer]
            problems += [f"answer names {k!r}, which is not one of the items {', '.join(ids)}." for k in answer if k not in ids]
            problems += [
                f"answer for {k!r} is {v!r}, which is not one of the choices {', '.join(choice_ids)}."
                for k, v in answer.items()
                if v not in choice_ids
            ]
        return problems + outcome_problems(q, ids)

    def resolve(self, q: Question, answer):
        """Items by the number shown (1 or "1") and choices by the letter shown ("d") read as ids."""
        if not isinstance(answer, dict):
            return answer
        numbers = {str(n): i.id for n, i in enumerate(q.items, start=1)}
        ids = {i.id for i in q.items}

        def item(key):
            if isinstance(key, bool) or not isinstance(key, str | int):
                return key
            text = str(key).strip()
            return text if text in ids else numbers.get(text.removesuffix(")").strip(), key)

        return {item(k): by_letter(v, q.choices) for k, v in answer.items()}

    def canonical(self, q: Question, answer):
        """The learner's pairs, item id -> choice id, in the items' order."""
        if isinstance(answer, dict):
            return sorted([str(k), v.strip()] for k, v in answer.items() if isinstance(v, str) and v.strip())
        return answer

    def answer_example(self, q: Question) -> str:
        """Item numbers with letters."""
        return '{1: "<letter>", 2: "<letter>", ...}'

    def item_name(self, q: Question, item_id: str) -> str:
        """An item named as the learner sees it: '2) Trout'."""
        number = next((n for n, i in enumerate(q.items, start=1) if i.id == item_id), "?")
        return f"{number}) {short_name(q.names().get(item_id, item_id))}"

    def mark(self, q: Question, answer) -> Marking:
        """A dict item id -> choice id for every item; partly right when some matches are; each wrong one named, with its feedback."""
        ids = [i.id for i in q.items]
        choice_ids = [c.id for c in q.choices]
        if answer is None:
            return Marking.of("empty", "choose a match for each item, then press Check.")
        if not isinstance(answer, dict):
            if hasattr(answer, "to_dict") and not hasattr(answer, "columns"):
                answer = answer.to_dict()
            else:
                return Marking.of(
                    "invalid", f"expected a dict of item number -> choice letter, such as {{1: 'a', 2: 'b'}}; got {describe(answer)}."
                )
        given = {k: v.strip() for k, v in answer.items() if isinstance(v, str) and v.strip()}
        if not given:
            return Marking.of("empty", "choose a match for each item, then press Check.")
        unknown = [k for k in answer if k not in ids]
        if unknown:
            return Marking.of("invalid", f"{str(unknown[0])[:40]!r} is not one of the items {shown_as(q.items, numbered=True)}.")
        bad = [v for v in given.values() if v not in choice_ids]
        if bad:
            return Marking.of("invalid", f"{bad[0][:40]!r} is not one of the choices {shown_as(q.choices)}.")
        missing = [i for i in ids if i not in given]
        if missing:
            return Marking.of("invalid", f"no match yet for {', '.join(missing)}; choose a match for every item.")
        wrong = [i for i in ids if given[i] != q.answer[i]]
        if not wrong:
            return Marking.of("correct", q.feedback["correct"])
        marks = [Mark(i, self.item_name(q, i), q.feedback.get(i, "")) for i in wrong]
        right = len(ids) - len(wrong)
        if right:
            partly = q.feedback.get("partly", q.feedback["incorrect"])
            return Marking.of("partly", f"{right} of {len(ids)} matches are right. {partly}", marks)
        return Marking.of("incorrect", f"None of the {len(ids)} matches is right yet. {q.feedback['incorrect']}", marks)

    def key_text(self, q: Question) -> str:
        """Each item with its match, and why."""
        names = q.names()
        return "; ".join(f"{names.get(k, k)}: {names.get(v, v)}" for k, v in q.answer.items()) + f". {q.feedback.get('correct', '')}"

    def answer_parts(self, q: Question) -> list[tuple[str, list[str]]]:
        """The numbered items, then the lettered choices."""
        letters = q.labels()
        return [
            ("Match each item:", [f"{n}) {o.text}" for n, o in enumerate(q.items, start=1)]),
            ("with one of:", [f"{letters[c.id]}) {c.text}" for c in q.choices]),
        ]

    def make_controls(self, q: Question) -> tuple[object, list]:
        """A drop-down of the lettered choices per item, named by the item and its number (as the text view shows them)."""
        import ipywidgets as w

        letters = q.labels()
        opts = [("(choose)", None), *((f"{letters[c.id]}) {c.text}", c.id) for c in q.choices)]
        downs = [
            w.Dropdown(options=opts, value=None, description=f"{n}) {i.text}:", style=WIDE, layout=w.Layout(width="auto"))
            for n, i in enumerate(q.items, start=1)
        ]
        return w.VBox(downs), downs

    def read_controls(self, q: Question, controls: list) -> dict:
        """Item id -> the chosen choice id, for the items matched so far."""
        return {i.id: dd.value for i, dd in zip(q.items, controls) if dd.value is not None}

    def fill_controls(self, q: Question, controls: list, answer) -> None:
        """Put the earlier matches back (unknown choices stay empty)."""
        valid = {c.id for c in q.choices}
        for i, dd in zip(q.items, controls):
            value = (answer or {}).get(i.id)
            dd.value = value if value in valid else None

    def mark_controls(self, q: Question, controls: list, marking: Marking) -> None:
        """Mark the items whose match is not right."""
        wrong = {m.id: m.name for m in marking.marks}
        for i, dd in zip(q.items, controls):
            mark_control(dd, wrong.get(i.id, i.text), i.id in wrong)
