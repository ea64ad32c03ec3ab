"""The instructor's marks on written answers: the marks file the review writes, read back and merged into the grades.

A marks file has one row per learner and written answer: ``learner, lesson,
answer, answered, points, out_of, comment``. The instructor fills in
``points`` (and may change ``out_of`` or write a ``comment``); a row whose
points are empty is not marked yet and is left out of the grades.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ....common.wording import first_problem, plural
from ....errors import GradeError
from ..csvfile import read_csv
from ..points import format_points

__all__ = ["MARK_COLUMNS", "Mark", "mark_rows", "read_marks"]

MARK_COLUMNS = ["learner", "lesson", "answer", "answered", "points", "out_of", "comment"]


@dataclass(frozen=True)
class Mark:
    """One written answer marked: ``points`` out of ``out_of``, and the instructor's comment for the learner."""

    learner: str
    lesson: str
    answer: str
    points: float
    out_of: float
    comment: str = ""


def _number(text: str, where: str, what: str, problems: list[str]) -> float | None:
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        problems.append(f"{where}: {what} must be a number; it is {text!r}.")
        return None
    if value < 0:
        problems.append(f"{where}: {what} must be 0 or more; it is {text}.")
        return None
    return value


def read_marks(paths: list[str | os.PathLike], weights: dict[str, float] | None = None) -> tuple[list[Mark], int]:
    """The marks in ``paths`` and how many rows are not marked yet; GradeError lists a broken file or value."""
    weights = weights or {}
    marks: list[Mark] = []
    problems: list[str] = []
    unmarked = 0
    for raw in paths:
        path = Path(raw)
        header, rows = read_csv(path, "the marks file", "save it from your spreadsheet as CSV UTF-8.")
        header = [h.strip().lower() for h in header]
        need = [c for c in ("learner", "answer", "points") if c not in header]
        if rows and need:
            msg = (
                f"{path.name}: the columns {', '.join(need)} are missing; use the marks file the review wrote ({', '.join(MARK_COLUMNS)})."
            )
            raise GradeError(msg)
        for line, row in enumerate(rows, start=2):
            row = {k.strip().lower(): v.strip() for k, v in row.items()}
            where = f"{path.name}, line {line}"
            if not row.get("points"):
                unmarked += 1
                continue
            answer = row.get("answer", "")
            points = _number(row["points"], where, "points", problems)
            out_of = _number(row["out_of"], where, "out_of", problems) if row.get("out_of") else weights.get(answer, 1.0)
            if points is None or out_of is None:
                continue
            if points > out_of:
                problems.append(f"{where}: {format_points(points)} points is more than the {format_points(out_of)} the answer is out of.")
                continue
            marks.append(Mark(row.get("learner", ""), row.get("lesson", ""), answer, points, out_of, row.get("comment", "")))
    if problems:
        raise GradeError(first_problem(problems, "the marks file is not valid"))
    return marks, unmarked


def mark_rows(marks: list[Mark], graded: set[tuple[str, str]], lesson_of_answer: dict[str, str]) -> tuple[list[dict], list[str]]:
    """Grade rows for the marks of learners graded in this run, and one line for each mark left out."""
    rows, left_out = [], []
    latest = {(m.learner, m.answer): m for m in marks}  # a mark given twice: the later one counts
    for m in latest.values():
        lesson = lesson_of_answer.get(m.answer) or m.lesson
        if (m.learner, lesson) not in graded:
            left_out.append(f"{m.learner}'s mark for {m.answer}: no {lesson or 'such lesson'} of {m.learner} was graded in this run.")
            continue
        message = f"Marked {format_points(m.points)} of {format_points(m.out_of)} by the instructor." + (
            f" Comment: {m.comment}" if m.comment else ""
        )
        rows.append(
            {
                "learner": m.learner,
                "notebook": lesson,
                "exercise": m.answer,
                "status": "marked",
                "message": message,
                "points": format_points(m.points),
                "possible": format_points(m.out_of),
            }
        )
    if len(left_out) > 3:
        left_out = [*left_out[:3], f"... and {plural(len(left_out) - 3, 'more mark')} left out the same way."]
    return rows, left_out
