"""Intake: every submission's lesson settled (from its name, ``--lesson``, its title or its checks), duplicates resolved, and a line for each that needed it.

A notebook whose name does not say its lesson is placed by its first heading
(``# 02 · Source evaluation``) or by the lesson number its ``check("02-...")``
calls share. When one learner handed in one lesson twice (a re-upload, a
``-Copy1``), both are named in one line and neither is graded until the
instructor removes one, or passes ``newest=True`` (``--newest``) to grade the
newest.

Who handed a file in is where it was handed in (an LMS layout, the learner's
folder). A file whose name claims another learner of the class
(``class/bob/alice-02-....ipynb``) is reported in one line and credited to
nobody.
"""

from __future__ import annotations

import re
from collections import Counter

from ....common.ids import lesson_of
from ....common.wording import listing, plural
from .scan import CheckCall, check_calls, read_notebook
from .submissions import Submission

__all__ = ["credited", "lesson_by_content", "settle"]

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
    """The file as a line names it: its path below the folder given (with the learner's folder)."""
    return sub.shown or (f"{sub.path.parent.name}/{sub.path.name}" if sub.how == "folder" else sub.path.name)


def _claims(subs: list[Submission]) -> tuple[list[Submission], list[str]]:
    """The submissions credited to who handed them in; a line for each whose name claims another learner (see ``submissions``)."""
    keep, lines = [], []
    for sub in subs:
        if sub.how == "refused":
            lines.append(sub.note)
        elif sub.how == "claim":
            lines.append(
                f"{_shown(sub)}: the name says {sub.named}'s, but it was handed in by {sub.learner}; "
                "not graded, credited to nobody (look at it by hand)."
            )
        else:
            keep.append(sub)
    return keep, lines


def _mtime(sub: Submission) -> float:
    try:
        return sub.path.stat().st_mtime
    except OSError:
        return 0.0


def settle(
    subs: list[Submission], lessons: list[str], default: str | None = None, newest: bool = False
) -> tuple[list[Submission], list[str]]:
    """The submissions to grade (one per learner and lesson) and the intake report, one line each.

    Two files for one learner and lesson are both named; with ``newest`` the newest is graded, else one held
    submission stands for them, its ``problem`` saying so (its row is ``invalid`` until the instructor chooses).
    """
    subs, lines = _claims(subs)
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
        last = group[-1]
        names = listing([_shown(s) for s in group], show=4)
        said = f"{learner} handed in {lesson} {plural(len(group), 'time')} ({names})"
        if newest:
            keep.append(last)
            lines.append(f"{said}; graded the newest, {_shown(last)}.")
            continue
        last.problem = f"{said}: remove all but one and grade again, or pass --newest to grade the newest ({_shown(last)})."
        keep.append(last)
        lines.append(f"{said}; none graded: remove all but one, or pass --newest to grade the newest ({_shown(last)}).")
    order = {id(s): i for i, s in enumerate(subs)}
    return sorted(keep, key=lambda s: order[id(s)]), lines


def credited(subs: list[Submission]) -> list[str]:
    """One line per learner: the files credited to them, each by the path it was handed in at.

    >>> from pathlib import Path
    >>> credited([Submission(Path("c/alice-02-x.ipynb"), "alice", "02-x", shown="alice-02-x.ipynb")])
    ['Credited to alice: alice-02-x.ipynb (02-x).']
    """
    by_learner: dict[str, list[str]] = {}
    for sub in subs:
        what = sub.lesson or "lesson not yet told"
        by_learner.setdefault(sub.learner, []).append(f"{_shown(sub)} ({what}{', held' if sub.problem else ''})")
    return [f"Credited to {learner}: {', '.join(files)}." for learner, files in sorted(by_learner.items(), key=lambda kv: kv[0].casefold())]
