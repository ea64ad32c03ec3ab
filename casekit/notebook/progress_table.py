"""The learner's progress per lesson, as a table in a notebook and as text in a terminal."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from ..case.folder import case_folder_and_id
from ..checks.registry import load_registry
from ..common.ids import lesson_of
from ..errors import CasekitError
from ..quizzes.bank import load_questions
from ..records.store import learner_name, load, progress_file
from ..records.summary import lesson_rows

__all__ = ["Progress", "progress", "report"]


def _known_items(case_dir: Path | None) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Question and exercise ids of the case, by lesson; empty when they cannot be read."""
    questions: dict[str, list[str]] = {}
    exercises: dict[str, list[str]] = {}
    if case_dir is None:
        return questions, exercises
    try:
        for qid in load_questions(case_dir):
            questions.setdefault(lesson_of(qid), []).append(qid)
    except Exception:  # noqa: BLE001 - a broken bank must not hide a learner's progress
        pass
    try:
        for ex in load_registry(case_dir):
            exercises.setdefault(lesson_of(ex["id"]), []).append(ex["id"])
    except Exception:  # noqa: BLE001 - nor a broken registry
        pass
    return questions, exercises


class Progress:
    """What a learner has done in a case, per lesson; displays as a table in a notebook."""

    def __init__(self, case_id: str, learner: str, rows: list[dict], path: Path, show_path: bool = False):
        self.case_id = case_id
        self.learner = learner
        self.rows = rows
        self.path = path
        self.show_path = show_path  # off in notebooks, so stored outputs do not depend on the machine

    @property
    def table(self):
        """The per-lesson table as a pandas DataFrame."""
        return pd.DataFrame(self.rows, columns=["lesson", "questions", "answered", "correct", "checks", "passed", "revealed"])

    def _cells(self, row: dict) -> list[str]:
        q = f" of {row['questions']}" if row["questions"] else ""
        c = f" of {row['checks']}" if row["checks"] else ""
        return [row["lesson"], f"{row['answered']}{q}", f"{row['correct']}", f"{row['passed']}{c}", f"{row.get('revealed', 0)}"]

    def __str__(self) -> str:
        head = f"Progress of {self.learner} in case {self.case_id}" + (f" (saved in {self.path})" if self.show_path else "")
        if not self.rows:
            return head + "\nNothing recorded yet: answer a quiz or run a check, then look again."
        cols = ["lesson", "questions answered", "answered correctly", "checks passed", "answers shown"]
        cells = [self._cells(r) for r in self.rows]
        widths = [max(len(cols[i]), *(len(c[i]) for c in cells)) for i in range(len(cols))]
        line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
        return "\n".join([head, line(cols), *(line(c) for c in cells)])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = f"<p>Progress of <strong>{escape(self.learner)}</strong> in case {escape(self.case_id)}.</p>"
        if not self.rows:
            return head + "<p>Nothing recorded yet: answer a quiz or run a check, then look again.</p>"
        cols = ["Lesson", "Questions answered", "Answered correctly", "Checks passed", "Answers shown"]
        th = "".join(f'<th scope="col">{c}</th>' for c in cols)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in self._cells(r)) + "</tr>" for r in self.rows)
        return f"{head}<table><caption>Progress per lesson</caption><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": str(self), "text/html": self._repr_html_()}


def _resolve_case(case_id: str | None, case=None) -> tuple[str, Path | None]:
    if case_id is not None and case is None:
        try:
            folder, found = case_folder_and_id(None)
        except CasekitError:
            return case_id, None
        return case_id, folder if found == case_id else None
    folder, found = case_folder_and_id(case)
    return case_id or found, folder


def progress(case=None, learner: str | None = None) -> Progress:
    """The learner's progress in the case, per lesson, for display in a notebook.

    Example::

        progress()          # a table: lesson, questions answered, correct, checks passed
    """
    case_id, folder = _resolve_case(None, case)
    name = learner_name(learner)
    questions, exercises = _known_items(folder)
    return Progress(case_id, name, lesson_rows(load(case_id, name), questions, exercises), progress_file(case_id, name))


def report(case_id: str | None = None, learner: str | None = None, case=None) -> str:
    """The progress table as text, for ``python -m casekit progress``; ``case`` a case folder, or its name under data/."""
    case_id, folder = _resolve_case(case_id, case)
    name = learner_name(learner)
    questions, exercises = _known_items(folder)
    return str(
        Progress(case_id, name, lesson_rows(load(case_id, name), questions, exercises), progress_file(case_id, name), show_path=True)
    )
