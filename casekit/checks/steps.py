"""Feedback in steps: what a learner is told on each try, and the answer only when they ask for it.

A check compares a value with the key and keeps the whole comparison (``CheckResult.message``
and ``details``). What the learner sees grows with each try:

1. the first wrong try says how many are right, which of the learner's own items
   are wrong or extra, and gives the exercise's hint about the concept;
2. later tries add a hint per wrong item (the case folder's ``hints``, or a general
   one for the kind) and say how to ask for the answer;
3. the answer, with its explanation, shows only on request (``reveal=True``).

Nothing before the reveal names an item the learner left out, nor a label or value of the key.
"""

from __future__ import annotations

from dataclasses import replace

from ..common.tries import REVEAL_AFTER
from ..common.wording import listing, plural
from .kinds import KINDS, CheckKind
from .result import CheckResult, result

__all__ = ["REVEAL_AFTER", "stepped"]


def stepped(full: CheckResult, attempt: int, exercise: dict | None = None, *, answer: str = "", reveal: bool = False) -> CheckResult:
    """The result a learner sees on try number ``attempt`` (1 for the first) of a check whose full result is ``full``.

    ``exercise`` is the exercise's registry entry (its kind, ``hint`` about the concept and
    ``hints`` per item); ``answer`` is the key written out, shown only when ``reveal`` is true, or, with its
    reasons, on a pass (explanations are shown when earned).
    This is the one learner-safe view of a result: the notebook, the progress file and the
    feedback pages show what it gives, built from the result's structured fields.
    """
    ex = exercise or {}
    kind = KINDS.get(str(ex.get("kind", "")))
    hint = str(ex.get("hint", "") or "")
    if reveal:
        comparison = [d for d in full.details if d not in full.message]
        return replace(full, details=[*([f"The answer: {answer}"] if answer else []), *comparison], revealed=True)
    if full.status == "passed" and answer:  # earned: the kit's reasons for each item
        return replace(full, details=[*full.details, f"{kind.earned if kind else CheckKind.earned}: {answer}"])
    if full.status != "failed":
        return full
    if full.total is None:  # a number or open work: its message names no key; add the concept hint
        return replace(full, details=[*full.details, f"Hint: {hint}"]) if hint else full
    item_hints: dict = ex["hints"] if isinstance(ex.get("hints"), dict) else {}
    words = [f"{full.right} of {plural(full.total, full.noun)} {kind.verb if kind else 'right'}"]
    if full.extra:
        words.append(f"not in the answer: {listing(full.extra)}")
    if full.unnamed:
        words.append(f"{full.unnamed} of yours {'is' if full.unnamed == 1 else 'are'} not in the answer")
    details = [f"{item}: {note}." for item, note in full.wrong.items()]
    details += [f"{item}: not in the answer." for item in full.extra if len(full.extra) > 1]
    details += full.notes
    if full.unnamed and full.right == full.total:
        details.append(
            f"Every {full.noun} of the answer is in your list, with {full.unnamed} that {'is' if full.unnamed == 1 else 'are'} not; "
            "naming those would give the answer away. Test each of yours against the question and drop the ones that do not meet it."
        )
    elif full.unnamed:
        details.append(
            "Your list covers most of what there is, so the ones not in the answer are not named: listing everything is not an "
            "answer. Keep only the ones that meet the question."
        )
    concept = hint or (kind.general_hint if kind else "")
    if concept:
        details.append(f"Hint: {concept}")
    if attempt >= 2:
        mine = [*full.wrong, *full.extra]
        specific = [f"Hint for {item}: {item_hints[item]}" for item in mine if item_hints.get(item)]
        details += specific or ([f"Hint: {kind.second_hint}"] if kind and kind.second_hint else [])
    if attempt >= REVEAL_AFTER:
        details.append(f"Stuck? check({full.exercise_id!r}, your_answer, reveal=True) shows the answer and why.")
    shown = result("failed", "; ".join(words) + ".", details)
    return replace(
        shown,
        exercise_id=full.exercise_id,
        right=full.right,
        total=full.total,
        noun=full.noun,
        wrong=full.wrong,
        extra=full.extra,
        unnamed=full.unnamed,
        notes=full.notes,
        readings=full.readings,
        can_reveal=attempt >= REVEAL_AFTER,
    )
