"""Ordering: the items put in order (a drop-down per position: 1st, 2nd ...)."""

from __future__ import annotations

from ..model import Mark, Marking, Question, by_letter, letter, short_name
from .base import WIDE, QuestionType, as_id_list, mark_control, outcome_problems, pairs_problems, shown_as, split_letters

__all__ = ["Ordering", "ordinal"]

_ORDINALS = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st.

    >>> [ordinal(n) for n in (1, 2, 11, 23)]
    ['1st', '2nd', '11th', '23rd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINALS.get(n % 10, "th")
    return f"{n}{suffix}"


class Ordering(QuestionType):
    """``type = "ordering"``: ``items``, ``answer`` = every item id in order; feedback ``correct``, ``incorrect``, per item."""

    name = "ordering"
    public_fields = ("items",)

    def problems(self, q: dict) -> list[str]:
        """At least two items; the key lists each once; the outcome feedback, and an entry per item at most."""
        problems, ids = pairs_problems(q, "items", 2)
        if problems:
            return problems
        answer = q.get("answer")
        if not isinstance(answer, list) or sorted(map(str, answer)) != sorted(ids):
            problems.append(f"answer must list every item id once, in order ({', '.join(ids)}); got {answer!r}.")
        return problems + outcome_problems(q, ids)

    def resolve(self, q: Question, answer):
        """Letters shown ("d, a, e" or ["d", "a", "e"]) read as item ids."""
        answer = split_letters(answer)
        if isinstance(answer, list | tuple):
            return [by_letter(a, q.items) for a in answer]
        return by_letter(answer, q.items) if isinstance(answer, str) else answer

    def canonical(self, q: Question, answer):
        """The item ids in the learner's order."""
        return [a.strip() if isinstance(a, str) else a for a in answer] if isinstance(answer, list) else answer

    def answer_example(self, q: Question) -> str:
        """The letters, first to last."""
        return '["<letter>", "<letter>", ...]'

    def mark(self, q: Question, answer) -> Marking:
        """The item ids in order; partly right when some are in their place; each misplaced item named, with its feedback."""
        ids = [i.id for i in q.items]
        example = str([letter(n) for n in range(min(2, len(ids)))])[:-1] + ", ...]"
        if answer is None:
            return Marking.of("empty", "choose an item for each position, then press Check.")
        seq, bad = as_id_list(answer, "the items' letters in order", example)
        if bad or seq is None:
            return bad or Marking.of("invalid", f"expected the items' letters in order, such as {example}.")
        if isinstance(answer, set | frozenset):
            return Marking.of(
                "invalid", f"expected the items' letters in order (a list), such as {example}; got a set, which has no order."
            )
        if all(s is None or (isinstance(s, str) and not s.strip()) for s in seq):
            return Marking.of("empty", "choose an item for each position, then press Check.")
        if not all(isinstance(s, str) and s.strip() for s in seq):
            blank = next(i for i, s in enumerate(seq, start=1) if not (isinstance(s, str) and s.strip()))
            return Marking.of("invalid", f"position {blank} is empty; choose an item for every position.")
        seq = [s.strip() for s in seq]
        unknown = [s for s in seq if s not in ids]
        if unknown:
            return Marking.of("invalid", f"{unknown[0][:40]!r} is not one of the items {shown_as(q.items)}.")
        dup = [s for s in dict.fromkeys(seq) if seq.count(s) > 1]
        if dup:
            return Marking.of("invalid", f"{dup[0]!r} is in more than one place; put each item in one place.")
        if len(seq) != len(ids):
            return Marking.of("invalid", f"put all {len(ids)} items in order; you placed {len(seq)}.")
        if seq == list(q.answer):
            return Marking.of("correct", q.feedback["correct"])
        placed = sum(a == b for a, b in zip(seq, q.answer))
        letters = {i.id: letter(n) for n, i in enumerate(q.items)}
        names = q.names()
        marks = [
            Mark(s, f"{letters[s]}) {short_name(names[s])}, placed {ordinal(n)}", q.feedback.get(s, ""))
            for n, (s, a) in enumerate(zip(seq, q.answer), start=1)
            if s != a
        ]
        if placed:
            partly = q.feedback.get("partly", q.feedback["incorrect"])
            return Marking.of("partly", f"{placed} of {len(ids)} are in the right place. {partly}", marks)
        return Marking.of("incorrect", f"None of the {len(ids)} is in the right place yet. {q.feedback['incorrect']}", marks)

    def key_text(self, q: Question) -> str:
        """The items in order, and why."""
        names = q.names()
        return " → ".join(names.get(a, a) for a in q.answer) + f". {q.feedback.get('correct', '')}".rstrip()

    def answer_parts(self, q: Question) -> list[tuple[str, list[str]]]:
        """The items, lettered in the bank's order."""
        return [("Put in order:", [f"{letter(i)}) {o.text}" for i, o in enumerate(q.items)])]

    def make_controls(self, q: Question) -> tuple[object, list]:
        """A drop-down of the lettered items per position, named 1st, 2nd ..."""
        import ipywidgets as w

        opts = [("(choose)", None), *((f"{letter(n)}) {i.text}", i.id) for n, i in enumerate(q.items))]
        downs = [
            w.Dropdown(options=opts, value=None, description=f"{ordinal(n)}:", style=WIDE, layout=w.Layout(width="auto"))
            for n in range(1, len(q.items) + 1)
        ]
        return w.VBox(downs), downs

    def read_controls(self, q: Question, controls: list) -> list:
        """The item chosen for each position (None where none is)."""
        return [dd.value for dd in controls]

    def fill_controls(self, q: Question, controls: list, answer) -> None:
        """Put the earlier order back (positions whose item is unknown stay empty)."""
        valid = {i.id for i in q.items}
        for dd, value in zip(controls, answer or []):
            dd.value = value if value in valid else None

    def mark_controls(self, q: Question, controls: list, marking: Marking) -> None:
        """Mark the positions whose item is not in its place."""
        wrong = {m.id: m.name for m in marking.marks}
        for dd in controls:
            mark_control(dd, wrong.get(dd.value, ""), dd.value in wrong)
