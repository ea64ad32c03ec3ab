"""No hint or message refers to a mark, a highlight or a cue word that the learner's screen does not show.

Checks name the learner's items in words ("C05: your label ... is not the key's"); nothing on a check's
reply is marked or highlighted, and a hint speaks of cue words only in a lesson that teaches them. Quizzes of the matching and ordering
types do mark the learner's wrong items (in the widget and in the text), so their banks may say "marked".
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from casekit.checks import KINDS
from casekit.checks.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(p.parent for p in (ROOT / "data").glob("*/case.toml"))
NOT_SHOWN = re.compile(r"\b(marked|highlighted|in bold|in red|in green)\b", re.IGNORECASE)
CUE_WORDS = re.compile(r"\bcue words?\b", re.IGNORECASE)
MARKING_TYPES = {"matching", "ordering", "multiple"}


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def test_the_kinds_hints_point_at_nothing_that_is_not_shown():
    hints = [(name, h) for name, kind in KINDS.items() for h in (kind.general_hint, kind.second_hint) if h]
    assert hints
    assert not [(n, h) for n, h in hints if NOT_SHOWN.search(h) or CUE_WORDS.search(h)], (
        "a kind serves every lesson: no marks, no cue words"
    )


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_the_exercises_hints_point_at_nothing_that_is_not_shown(case):
    exercises = load_registry(case)
    assert exercises
    found = [
        (ex["id"], t) for ex in exercises for t in _texts([ex.get("hint"), ex.get("hints"), ex.get("description")]) if NOT_SHOWN.search(t)
    ]
    assert not found, found


def test_quiz_feedback_speaks_of_marks_only_where_the_widget_marks_items():
    banks = sorted((ROOT / "solutions" / "quizzes").rglob("*.toml"))
    assert banks
    found = []
    for bank in banks:
        for q in tomllib.loads(bank.read_text(encoding="utf-8")).get("question", []):
            if q.get("type") in MARKING_TYPES:
                continue
            found += [(q.get("id"), t) for t in _texts([q.get("feedback"), q.get("hint"), q.get("hints")]) if NOT_SHOWN.search(t)]
    assert not found, found
