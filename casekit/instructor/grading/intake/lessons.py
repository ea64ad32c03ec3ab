"""Intake: every submission's lesson settled (from its name, ``--lesson``, its title or its checks), duplicates resolved, and a line for each that needed it.

A notebook whose name does not say its lesson is placed by its first heading
(``# 02 · Source evaluation``) or by the lesson number its ``check("02-...")``
calls share. When one learner handed in one lesson twice (a re-upload, a
``-Copy1``), the newest file is graded and the others are named in one line.
"""

from __future__ import annotations

import re
from collections import Counter

from ....common.ids import lesson_of
from ....common.wording import listing, plural
from .scan import CheckCall, check_calls, read_notebook
from .submissions import Submission

__all__ = ["lesson_by_content", "settle"]

_TITLE = re.compile(r"^\s*#\s*(\d\d)(?!\d)")
_HOW = {"canvas": "Canvas", "moodle": "Moodle", "nbgrader": "nbgrader"}


def lesson_by_content(nb, lessons: list[str], calls: list[CheckCall] | None = None) -> tuple[str | None, str]:
    """(lesson, how it was told) from the notebook's first heading, else from its check calls; (None, '') when neither says."""
    by_number = {lesson_of(lesson): lesson for lesson in lessons}
    for cell in [c for c in nb.cells if c.cell_type == "markdown"][:3]:
        m = _TITLE.match(cell.get("source", ""))
        if m and m.group(1) in by_number:
            return by_number[m.group(1)], "its title says"
    numbers = {lesson_of(c.exercise) for c in (calls if calls is not None else check_calls(nb))} - {"??"}
    matches = [by_number[n] for n in numbers if n in by_number]
    if len(matches) == 1:
        return matches[0], "its check() calls say"
    return None, ""


def _shown(sub: Submission) -> str:
    """The file as a line names it: with its folder when the folder names the learner."""
    return f"{sub.path.parent.name}/{sub.path.name}" if sub.how == "folder" else sub.path.name


def _mtime(sub: Submission) -> float:
    try:
        return sub.path.stat().st_mtime
    except OSError:
        return 0.0


def settle(subs: list[Submission], lessons: list[str], default: str | None = None) -> tuple[list[Submission], list[str]]:
    """The submissions to grade (one per learner and lesson) and the intake report, one line each."""
    lines = []
    layouts = Counter(s.how for s in subs if s.how in _HOW)
    if layouts:
        parts = [f"{n} {_HOW[how]}" for how, n in sorted(layouts.items())]
        kinds = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        lines.append(f"Read the learner from {kinds} {'name' if sum(layouts.values()) == 1 else 'names'}.")
    for sub in subs:
        if sub.note:
            lines.append(sub.note)
        if sub.lesson is None and default:
            sub.lesson = default
        if sub.lesson is None:
            nb, problem = read_notebook(sub.path)
            if problem:
                continue  # graded as invalid, with its own message
            lesson, how = lesson_by_content(nb, lessons)
            if lesson:
                sub.lesson = lesson
                lines.append(f"{_shown(sub)}: the name does not say the lesson; {how} {lesson} ({sub.learner}'s).")
    groups: dict[tuple[str, str], list[Submission]] = {}
    for sub in subs:
        groups.setdefault((sub.learner, sub.lesson or sub.path.name), []).append(sub)
    keep = []
    for (learner, lesson), group in groups.items():
        if len(group) == 1 or not group[0].lesson:
            keep += group
            continue
        group.sort(key=lambda s: (_mtime(s), s.path.name))
        newest = group[-1]
        keep.append(newest)
        names = listing([s.path.name for s in group], show=4)
        lines.append(f"{learner} handed in {lesson} {plural(len(group), 'time')} ({names}); graded the newest, {newest.path.name}.")
    order = {id(s): i for i, s in enumerate(subs)}
    return sorted(keep, key=lambda s: order[id(s)]), lines
