"""Feedback per learner and lesson: one self-contained, offline, accessible HTML page each, holding no answer key.

A page holds each exercise's status and the check's result as the notebook shows
a first try (``checks.steps.stepped``, the one learner-safe view: counts and the
learner's own wrong items, never what is missing or what the key says), the quiz score when the learner's
progress file was handed in (counts only), and the learner's written answers
with the instructor's marks and comments when they are given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ...common.files import write_atomic
from ...common.ids import lesson_of
from ...common.wording import plural
from ...records.summary import QuizScore
from .page import markdown_html, page
from .points import format_points
from .written.answers import Answer, Slot
from .written.marks import Mark

__all__ = ["STATUS_WORDS", "FeedbackPage", "feedback_html", "learner_message", "safe_name", "write_feedback"]

# What a learner reads for each status of the grades (see ``outcomes.STATUSES``).
STATUS_WORDS = {
    "passed": "Passed",
    "failed": "Not yet",
    "not-started": "Not started yet",
    "error": "Cannot check",
    "timeout": "Ran out of time",
    "invalid": "Not a usable notebook",
    "marked": "Marked",
}

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_TO_LEARNER = (
    ("the learner has not done it, or deleted or renamed that cell", "not done yet, or its cell was deleted or renamed"),
    ("ask the learner to re-save it from JupyterLab", "re-save it from JupyterLab and hand it in again"),
    ("the learner", "you"),
)


def learner_message(message: str) -> str:
    """A grader message about a run (not a check's result) addressed to the learner; the notes for the instructor cut."""
    text = message
    for old, new in _TO_LEARNER:
        text = text.replace(old, new)
    return text


@dataclass
class FeedbackPage:
    """What one learner's page on one lesson shows."""

    learner: str
    lesson: str
    exercises: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # (exercise, status, line, notes)
    quiz: QuizScore | None = None
    answers: list[tuple[Slot | None, Answer, Mark | None]] = field(default_factory=list)


def _exercises_html(items) -> str:
    if not items:
        return "<p>This lesson has no checked exercises.</p>"
    passed = sum(1 for _, status, _, _ in items if status == "passed")
    rows = []
    for exercise, status, line, notes in items:
        more = "<ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>" if notes else ""
        rows.append(
            f'<tr><th scope="row">{escape(exercise or "the notebook")}</th><td>{escape(STATUS_WORDS.get(status, status))}</td><td>{escape(line)}{more}</td></tr>'
        )
    return (
        f"<p>{passed} of {plural(len(items), 'exercise')} passed.</p>"
        '<table><caption class="note">Each exercise as the check saw it in the notebook you handed in.</caption>'
        '<thead><tr><th scope="col">exercise</th><th scope="col">result</th><th scope="col">what the check says</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _quiz_html(score: QuizScore | None) -> str:
    if score is None:
        return "<p>No progress file was handed in with this notebook, so there is no quiz score here.</p>"
    total = f" of the lesson's {score.questions} questions" if score.questions else ""
    return (
        f"<p>You answered {plural(score.answered, 'question')}{total}; {score.correct} {'was' if score.correct == 1 else 'were'} right "
        "at your last try "
        "(from the progress file you handed in).</p>"
    )


def _answers_html(answers) -> str:
    parts = []
    for slot, answer, mark in answers:
        prompt = f'<div class="prompt">{markdown_html(slot.prompt, top=4)}</div>' if slot and slot.prompt else ""
        text = f'<div class="answer">{escape(answer.text)}</div>' if answer.text else '<p class="answer empty">Unanswered.</p>'
        if mark is not None:
            comment = f"<p><strong>Comment:</strong> {escape(mark.comment)}</p>" if mark.comment else ""
            marked = f"<p><strong>Mark:</strong> {format_points(mark.points)} of {format_points(mark.out_of)}.</p>{comment}"
        else:
            marked = '<p class="note">Not marked yet.</p>'
        parts.append(f"<section><h3>{escape(answer.answer)}</h3>{prompt}<p>Your answer:</p>{text}{marked}</section>")
    return "".join(parts)


def feedback_html(fb: FeedbackPage, when: str | None = None) -> str:
    """The page as a string."""
    when = when or dt.date.today().isoformat()
    parts = [
        f"<h1>Feedback on {escape(fb.lesson)}</h1>",
        f"<p>For <strong>{escape(fb.learner)}</strong>, from the notebook you handed in (graded {escape(when)}). "
        "A result that is not yet right says how many of your answers are right and which of your own items are not; "
        "look again at the lesson to find the rest.</p>",
        "<h2>Checked exercises</h2>",
        _exercises_html(fb.exercises),
    ]
    if lesson_of(fb.lesson) != "??":
        parts += ["<h2>Quiz</h2>", _quiz_html(fb.quiz)]
    if fb.answers:
        parts += ["<h2>Written answers</h2>", _answers_html(fb.answers)]
    return page(f"Feedback on {fb.lesson} for {fb.learner}", "".join(parts))


_PLAIN = re.compile(r"[a-z0-9][a-z0-9_-]{0,69}")  # lower case, no dots: a file name no system reads two ways
_HASHED = re.compile(r"-[0-9a-f]{10}$")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def safe_name(name: str) -> str:
    """A file name for ``name`` that no other name shares, even where case does not count (macOS, Windows).

    A plain lower-case name stays as it is; any other gets its first 69 safe characters and a hash of the whole
    name, which is never cut off.

    >>> safe_name("zoe"), safe_name("Zoe") != safe_name("zoe"), safe_name("Zoe").lower() != safe_name("zoe")
    ('zoe', True, True)
    >>> len(safe_name("x" * 200)), safe_name("x" * 200) != safe_name("x" * 199)
    (80, True)
    """
    if _PLAIN.fullmatch(name) and not _HASHED.search(name) and name not in _RESERVED:
        return name
    base = _SAFE.sub("_", name).strip("._")[:69] or "learner"
    return f"{base}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:10]}"


def write_feedback(folder: str | os.PathLike, pages: list[FeedbackPage]) -> list[Path]:
    """Write ``<folder>/<learner>/<lesson>.html`` for every page; return the paths."""
    folder = Path(folder)
    written = []
    for fb in pages:
        target = folder / safe_name(fb.learner) / f"{safe_name(fb.lesson)}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        written.append(write_atomic(target, feedback_html(fb)))
    return written
