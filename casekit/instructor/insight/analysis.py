"""What a class's progress files say per exercise and question: who tried, first-try success, tries to pass, reveals,
the common wrong answers and the named misconceptions each learner showed.

Pure figures from the records (no HTML): ``class_figures(files, misconceptions, keys)``.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ...common.folding import fold_label
from ...common.ids import lesson_of
from .collect import LearnerFile
from .misconceptions import Misconception, shows

__all__ = ["ClassFigures", "ItemFigures", "class_figures", "item_key_diff"]

OK = ("passed", "correct")
WRONG = ("failed", "incorrect", "partly")


@dataclass
class ItemFigures:
    """One exercise or question across the class."""

    item: str
    part: str  # "checks" or "quiz"
    lesson: str
    tried: int = 0
    passed: int = 0
    first_try: int = 0
    revealed: int = 0
    passed_unaided: int = 0  # passed without asking for the answer
    tries_to_pass: list[int] = field(default_factory=list)
    wrong_answers: Counter = field(default_factory=Counter)  # an answer (as JSON text) -> learners who gave it
    wrong_items: Counter = field(default_factory=Counter)  # "C16=analysis", "+S04", "-S06" -> learners
    misconceptions: dict[str, set[str]] = field(default_factory=dict)  # misconception id -> learners

    @property
    def median_tries(self) -> float | None:
        """The median number of tries of the learners who passed (None when nobody did)."""
        return statistics.median(self.tries_to_pass) if self.tries_to_pass else None


@dataclass
class ClassFigures:
    """The figures of a class: per item, per learner (tries, passes, reveals) and the misconceptions by id."""

    items: dict[str, ItemFigures] = field(default_factory=dict)
    learners: dict[str, dict] = field(default_factory=dict)
    misconceptions: list[Misconception] = field(default_factory=list)

    def shown(self, m: Misconception) -> set[str]:
        """The learners whose wrong tries showed misconception ``m``."""
        item = self.items.get(m.item)
        return set(item.misconceptions.get(m.id, set())) if item else set()


def _int(value) -> int:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else int(value) if str(value).isdigit() else 0


def _history(rec: dict) -> list[dict]:
    history = rec.get("history")
    return [h for h in history if isinstance(h, dict)] if isinstance(history, list) else []


def _answer_text(answer) -> str:
    if isinstance(answer, list):
        answer = sorted(map(str, answer))
    return json.dumps(answer, ensure_ascii=False, sort_keys=True)


def item_key_diff(answer, key) -> list[str]:
    """The parts of a wrong answer that differ from the key: ``+S04`` (given, not in the key), ``-S06`` (left out), ``C16=analysis``.

    ``key`` is the compact form of the key (ids, ``id=label`` or table rows); without a key, every part of the answer counts.

    >>> item_key_diff(["S01", "S04"], ["S01", "S06"])
    ['+S04', '-S06']
    >>> item_key_diff(["C01=framing", "C16=analysis"], ["C01=framing", "C16=factual_claim"])
    ['C16=analysis']
    """
    if isinstance(answer, dict):
        answer = [f"{k}={v}" for k, v in answer.items()]
    if not isinstance(answer, list):
        return [] if key is not None and fold_label(answer) == fold_label(key) else [str(answer)]
    given = {fold_label(a): str(a) for a in answer}
    if key is None:
        return sorted(given.values())
    keyed = {fold_label(k): str(k) for k in (key if isinstance(key, list) else [key])}
    paired = all("=" in a or ": " in a for a in [*given.values(), *keyed.values()])
    if paired:
        return sorted(v for f, v in given.items() if f not in keyed)
    return sorted([f"+{v}" for f, v in given.items() if f not in keyed] + [f"-{v}" for f, v in keyed.items() if f not in given])


def _learner_item(rec: dict) -> dict:
    history = _history(rec)
    attempts = max(_int(rec.get("attempts")), len(history))
    status = rec.get("status")
    first_ok = history[0].get("status") in OK if history else (attempts == 1 and status in OK)
    to_pass = next((i for i, h in enumerate(history, start=1) if h.get("status") in OK), None)
    if to_pass is None and status in OK:
        to_pass = attempts or 1
    wrong = [h.get("answer") for h in history if h.get("status") in WRONG and not h.get("revealed")]
    return {
        "attempts": attempts,
        "status": status,
        "first_ok": first_ok,
        "to_pass": to_pass,
        "revealed": bool(rec.get("revealed")),
        "wrong": wrong,
    }


def class_figures(
    files: list[LearnerFile],
    misconceptions: dict[str, list[Misconception]],
    keys: dict | None = None,
    *,
    known: set[str] | None = None,
    skipped: list[str] | None = None,
) -> ClassFigures:
    """The class's figures from its progress records; ``keys`` (item -> the key's compact form) names what differs from the key.

    With ``known`` (the case's exercise and question ids), records of other items are left out and counted in one
    line of ``skipped``; a record that cannot be read as one is left out too.
    """
    keys = keys or {}
    skipped = skipped if skipped is not None else []
    unknown: set[str] = set()
    figures = ClassFigures(misconceptions=[m for ms in misconceptions.values() for m in ms])
    for lf in files:
        mine = figures.learners.setdefault(lf.learner, {"tries": 0, "passed": 0, "revealed": 0, "first_try": 0, "items": 0, "shown": []})
        for part in ("checks", "quiz"):
            records = lf.data.get(part, {})
            for item_id, rec in records.items() if isinstance(records, dict) else []:
                if not isinstance(rec, dict) or not isinstance(item_id, str):
                    continue
                if known is not None and item_id not in known:
                    unknown.add(item_id)
                    continue
                try:
                    seen = _learner_item(rec)
                except (TypeError, ValueError) as exc:
                    skipped.append(f"{lf.path}: the record of {item_id[:40]!r} cannot be read ({type(exc).__name__}); left out.")
                    continue
                if not seen["attempts"] and not seen["revealed"]:
                    continue
                fig = figures.items.setdefault(item_id, ItemFigures(item_id, part, lesson_of(item_id)))
                fig.tried += 1 if seen["attempts"] else 0
                fig.passed += seen["status"] in OK
                fig.first_try += bool(seen["first_ok"])
                fig.revealed += seen["revealed"]
                fig.passed_unaided += seen["status"] in OK and not seen["revealed"]
                if seen["to_pass"]:
                    fig.tries_to_pass.append(seen["to_pass"])
                answers = {_answer_text(a): a for a in seen["wrong"] if a is not None}
                fig.wrong_answers.update(answers.keys())
                fig.wrong_items.update({d for a in answers.values() for d in item_key_diff(a, keys.get(item_id))})
                for m in misconceptions.get(item_id, []):
                    if any(shows(m, a) for a in answers.values()):
                        fig.misconceptions.setdefault(m.id, set()).add(lf.learner)
                        mine["shown"].append(f"{m.id} ({item_id})")
                mine["tries"] += seen["attempts"]
                mine["items"] += 1
                mine["passed"] += seen["status"] in OK
                mine["revealed"] += seen["revealed"]
                mine["first_try"] += bool(seen["first_ok"])
    if unknown:
        skipped.append(
            f"{len(unknown)} record name(s) that are no exercise or question of this case (an older or edited file, "
            f"e.g. {sorted(unknown)[0][:40]!r}); left out."
        )
    return figures
