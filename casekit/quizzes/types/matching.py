"""Matching: each item matched with one of the choices (a drop-down per item; a choice may serve several)."""

from __future__ import annotations

from ...common.wording import describe
from ..model import Marking, Question
from .base import WIDE, QuestionType, outcome_problems, pairs_problems

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

    def mark(self, q: Question, answer) -> Marking:
        """A dict item id -> choice id for every item; partly right when some matches are, with the feedback of each wrong one."""
        ids = [i.id for i in q.items]
        choice_ids = [c.id for c in q.choices]
        if answer is None:
            return Marking.of("empty", "choose a match for each item, then press Check.")
        if not isinstance(answer, dict):
            if hasattr(answer, "to_dict") and not hasattr(answer, "columns"):
                answer = answer.to_dict()
            else:
                example = f"{{{ids[0]!r}: {choice_ids[0]!r}}}"
                return Marking.of("invalid", f"expected a dict of item id -> choice id, such as {example}; got {describe(answer)}.")
        given = {k: v.strip() for k, v in answer.items() if isinstance(v, str) and v.strip()}
        if not given:
            return Marking.of("empty", "choose a match for each item, then press Check.")
        unknown = [k for k in answer if k not in ids]
        if unknown:
            return Marking.of("invalid", f"{str(unknown[0])[:40]!r} is not one of the items {', '.join(ids)}.")
        bad = [v for v in given.values() if v not in choice_ids]
        if bad:
            return Marking.of("invalid", f"{bad[0][:40]!r} is not one of the choices {', '.join(choice_ids)}.")
        missing = [i for i in ids if i not in given]
        if missing:
            return Marking.of("invalid", f"no match yet for {', '.join(missing)}; choose a match for every item.")
        wrong = [i for i in ids if given[i] != q.answer[i]]
        if not wrong:
            return Marking.of("correct", q.feedback["correct"])
        notes = " ".join(q.feedback[i] for i in wrong if i in q.feedback)
        right = len(ids) - len(wrong)
        if right:
            partly = q.feedback.get("partly", q.feedback["incorrect"])
            return Marking.of("partly", f"{right} of {len(ids)} matches are right. {partly} {notes}".strip())
        return Marking.of("incorrect", f"None of the {len(ids)} matches is right yet. {q.feedback['incorrect']} {notes}".strip())

    def key_text(self, q: Question) -> str:
        """Each item with its match, and why."""
        names = q.names()
        return "; ".join(f"{names.get(k, k)}: {names.get(v, v)}" for k, v in q.answer.items()) + f". {q.feedback.get('correct', '')}"

    def answer_parts(self, q: Question) -> list[tuple[str, list[str]]]:
        """The items, then the lettered choices."""
        letters = q.labels()
        return [("Match each item:", [f"- {o.text}" for o in q.items]), ("with one of:", [f"{letters[c.id]}) {c.text}" for c in q.choices])]

    def make_controls(self, q: Question) -> tuple[object, list]:
        """A drop-down of the choices per item, named by the item."""
        import ipywidgets as w

        opts = [("(choose)", None), *((c.text, c.id) for c in q.choices)]
        downs = [w.Dropdown(options=opts, value=None, description=f"{i.text}:", style=WIDE, layout=w.Layout(width="auto")) for i in q.items]
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
