"""Progress files handed in beside the notebooks: each learner's quiz score per lesson, for their feedback page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ...common.ids import lesson_of
from ...quizzes.bank import load_questions
from ...records.summary import lesson_rows

__all__ = ["QuizScore", "quiz_scores"]


@dataclass(frozen=True)
class QuizScore:
    """A learner's quizzes in one lesson, as their progress file says (a learner can edit it: a picture, not proof)."""

    answered: int
    correct: int
    questions: int | None


def _record(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("quiz", {}), dict) or not ("quiz" in data or "checks" in data):
        return None
    return data


def quiz_scores(files: list[tuple[str, Path]], case_dir: Path) -> dict[tuple[str, str], QuizScore]:
    """(learner, lesson number) -> score, from the progress files found with the submissions; unreadable files are skipped."""
    questions: dict[str, list[str]] = {}
    try:
        for qid in load_questions(case_dir):
            questions.setdefault(lesson_of(qid), []).append(qid)
    except Exception:  # noqa: BLE001 - a broken bank must not stop the feedback
        questions = {}
    out: dict[tuple[str, str], QuizScore] = {}
    for learner, path in files:
        data = _record(path)
        if data is None:
            continue
        for row in lesson_rows(data, questions):
            if row["answered"]:
                out[(learner, row["lesson"])] = QuizScore(row["answered"], row["correct"], row["questions"])
    return out
