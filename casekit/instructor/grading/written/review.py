"""The review of written answers: one page per lesson (each question, then every learner's answer) and a marks file to fill in.

The page is one offline HTML file to read in a browser or print to PDF. Each
question shows the prompt as the lesson gives it (with its self-check list or
rubric), how many answered, then each learner's answer as they wrote it, or
"Unanswered". The marks file beside it has a row per learner and answer;
fill in ``points`` (and ``comment``) and pass it back with ``grade --marks``.
An existing marks file is never overwritten.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from ....common.files import write_atomic
from ....common.wording import plural
from ....errors import GradeError
from ..csvfile import read_csv, write_csv
from ..page import markdown_html, page
from ..points import format_points
from .answers import Answer, Slot
from .marks import MARK_COLUMNS

__all__ = ["review_html", "write_review"]


def review_html(lesson: str, slots: list[Slot], answers: list[Answer]) -> str:
    """The review page of one lesson as a string."""
    by_slot: dict[str, list[Answer]] = {}
    for a in answers:
        by_slot.setdefault(a.answer, []).append(a)
    learners = sorted({a.learner for a in answers})
    toc = "".join(f'<li><a href="#{escape(s.answer)}">{escape(s.answer)}</a></li>' for s in slots)
    parts = [
        f"<h1>Written answers: {escape(lesson)}</h1>",
        f"<p>{plural(len(slots), 'question')}, {plural(len(learners), 'learner')}. "
        "Each question shows the prompt as the lesson gives it, then every learner's answer as written. "
        "Mark them in the marks file beside this page and pass it to <code>grade --marks</code>.</p>",
        f'<nav aria-label="Questions"><ul>{toc}</ul></nav>',
    ]
    for slot in slots:
        got = sorted(by_slot.get(slot.answer, []), key=lambda a: a.learner.casefold())
        done = sum(1 for a in got if a.text)
        kind = f" (the text passed to <code>check(&quot;{escape(slot.exercise)}&quot;, ...)</code>)" if slot.exercise else ""
        section = [
            f'<section id="{escape(slot.answer)}" aria-labelledby="h-{escape(slot.answer)}">',
            f'<h2 id="h-{escape(slot.answer)}">{escape(slot.answer)}</h2>',
            f'<div class="prompt">{markdown_html(slot.prompt) or "<p>(no prompt)</p>"}</div>',
            f"<p>{done} of {plural(len(got), 'learner')} answered{kind}.</p>",
        ]
        for a in got:
            note = f' <span class="note">({escape(a.note)})</span>' if a.note else ""
            body = f'<div class="answer">{escape(a.text)}</div>' if a.text else '<p class="answer empty">Unanswered.</p>'
            section.append(f'<div class="learner"><h3>{escape(a.learner)}{note}</h3>{body}</div>')
        section.append("</section>")
        parts.append("".join(section))
    return page(f"Written answers: {lesson}", "".join(parts))


def _marks_rows(slots: list[Slot], answers: list[Answer], weights: dict[str, float]) -> list[list[str]]:
    order = {s.answer: i for i, s in enumerate(slots)}
    rows = [MARK_COLUMNS]
    for a in sorted(answers, key=lambda a: (a.learner.casefold(), order.get(a.answer, 99))):
        rows.append([a.learner, a.lesson, a.answer, "yes" if a.text else "no", "", format_points(weights.get(a.answer, 1.0)), ""])
    return rows


def _pairs(path: Path) -> set[tuple[str, str]]:
    """The (learner, answer) pairs of an existing marks file; none when it cannot be read."""
    try:
        _header, rows = read_csv(path, "the marks file", "")
    except GradeError:
        return set()
    return {(r.get("learner", ""), r.get("answer", "")) for r in rows}


def write_review(
    folder: str | os.PathLike, slots: dict[str, list[Slot]], answers: list[Answer], weights: dict[str, float] | None = None
) -> list[str]:
    """Write ``<lesson>.html`` and ``<lesson>-marks.csv`` per lesson with written answers; return one line per file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for lesson, lesson_slots in sorted(slots.items()):
        got = [a for a in answers if a.lesson == lesson]
        if not lesson_slots or not got:
            continue
        html = write_atomic(folder / f"{lesson}.html", review_html(lesson, lesson_slots, got))
        marks = folder / f"{lesson}-marks.csv"
        if marks.exists():
            new = len({(a.learner, a.answer) for a in got} - _pairs(marks))
            more = f"; {plural(new, 'answer')} of this run are not in it (delete it to start a new one)" if new else ""
            lines.append(f"Wrote {html}; kept your marks file {marks} as it is{more}.")
        else:
            write_csv(marks, _marks_rows(lesson_slots, got, weights or {}), line_end="\n")
            lines.append(f"Wrote {html} and {marks} (fill in points, then grade --marks {marks}).")
    return lines
