"""Progress records summed up per lesson: one learner's, a whole class's collected files, or the files handed in with notebooks."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..common.ids import lesson_of
from ..common.printable import clean
from .reading import read_record

__all__ = ["QuizScore", "lesson_rows", "quiz_scores", "summarise_dir"]


def lesson_rows(data: dict, questions: dict[str, list[str]] | None = None, exercises: dict[str, list[str]] | None = None) -> list[dict]:
    """One row per lesson of a progress record: questions answered and correct, checks passed, answers shown.

    ``questions`` and ``exercises`` (ids by lesson number) add the lessons' totals.
    """
    questions = questions or {}
    exercises = exercises or {}
    lessons = sorted({*questions, *exercises, *map(lesson_of, data.get("quiz", {})), *map(lesson_of, data.get("checks", {}))})
    rows = []
    for lesson in lessons:
        quiz = {k: v for k, v in data.get("quiz", {}).items() if lesson_of(k) == lesson}
        checks = {k: v for k, v in data.get("checks", {}).items() if lesson_of(k) == lesson}
        rows.append(
            {
                "lesson": lesson,
                "questions": len(questions.get(lesson, [])) or None,
                "answered": sum(1 for r in quiz.values() if r.get("status")),
                "correct": sum(1 for r in quiz.values() if r.get("status") == "correct"),
                "checks": len(exercises.get(lesson, [])) or None,
                "passed": sum(1 for r in checks.values() if r.get("status") == "passed"),
                "revealed": sum(1 for r in (*quiz.values(), *checks.values()) if r.get("revealed")),
            }
        )
    return rows


def summarise_dir(folder: str | os.PathLike):
    """One row per learner per lesson from every progress file under ``folder`` (a class's collected files).

    Columns: case, learner, lesson, answered, correct, checks_passed, checks_failed, answers_shown.
    Files that are not progress records (by their shape), links, devices, pipes and files too large are skipped with
    one warning each, saying why; links to folders are not followed.
    """
    rows = []
    for path in _json_files(Path(folder)):
        if ".corrupt-" in path.name:
            continue
        why: list[str] = []
        data = read_record(path, why)
        if data is None:
            warnings.warn(
                f"{clean(str(path))}: not a readable progress file, so it was skipped ({why[0] if why else 'unreadable'}).", stacklevel=2
            )
            continue
        learner = str(data.get("learner") or path.stem)
        case_id = str(data.get("case") or path.parent.name)
        checks = data["checks"]
        for row in lesson_rows(data):
            failed = sum(1 for k, r in checks.items() if lesson_of(k) == row["lesson"] and r.get("status") != "passed")
            rows.append(
                {
                    "case": case_id,
                    "learner": learner,
                    "lesson": row["lesson"],
                    "answered": row["answered"],
                    "correct": row["correct"],
                    "checks_passed": row["passed"],
                    "checks_failed": failed,
                    "answers_shown": row["revealed"],
                }
            )
    columns = ["case", "learner", "lesson", "answered", "correct", "checks_passed", "checks_failed", "answers_shown"]
    return pd.DataFrame(rows, columns=columns)


def _json_files(folder: Path) -> list[Path]:
    """Every ``*.json`` entry under ``folder``, sorted; folders reached through a link are not entered."""
    found = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        found += [Path(top) / name for name in files if name.endswith(".json")]
        dirs[:] = [d for d in dirs if not d.startswith(".")]
    return sorted(found)


@dataclass(frozen=True)
class QuizScore:
    """A learner's quizzes in one lesson, as their progress file says (a learner can edit it: a picture, not proof)."""

    answered: int
    correct: int
    questions: int | None


def quiz_scores(
    files: list[tuple[str, Path]], questions: dict[str, list[str]] | None = None, skipped: list[str] | None = None
) -> dict[tuple[str, str], QuizScore]:
    """(learner, lesson number) -> quiz score, from progress files handed in as ``(learner, path)``; unreadable files are skipped.

    ``questions`` (question ids by lesson number) adds each lesson's number of questions; ``skipped``, when given,
    gets one line for each file that is not a progress record (a hand-edited record, a link, a pipe, too large).
    """
    out: dict[tuple[str, str], QuizScore] = {}
    for learner, path in files:
        why: list[str] = []
        data = read_record(path, why)
        if data is None:
            if skipped is not None:
                skipped.append(
                    f"{learner}'s {path.name}: not a progress file ({why[0] if why else 'unreadable'}); its quiz scores are left out."
                )
            continue
        for row in lesson_rows(data, questions):
            if row["answered"]:
                out[(learner, row["lesson"])] = QuizScore(row["answered"], row["correct"], row["questions"])
    return out
