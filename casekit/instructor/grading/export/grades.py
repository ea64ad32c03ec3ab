"""Grades an LMS imports: ``python -m casekit export-grades grades.csv --format canvas|moodle|csv --roster ROSTER.csv --out FILE``.

Points per lesson are the sum of the grades' ``points`` (each exercise's
weight when it passed, each marked answer's mark; see ``points``) out of the
lesson's ``possible``. Learners are matched to the roster (see ``roster``).

* ``canvas``: Canvas's gradebook import: ``Student, ID, SIS User ID, SIS Login
  ID, Section``, one column per lesson (the roster's own assignment column
  when one is named after the lesson, so Canvas updates it), and a
  "Points Possible" row.
* ``moodle``: Moodle's grade import CSV: ``First name, Last name, ID number,
  Email address`` (map "Email address" to the user's e-mail when importing),
  then one column per lesson.
* ``csv``: every graded learner, roster or not: ``learner, name, login, email``,
  one column per lesson, ``total``, after a "Points Possible" row.

Nobody is dropped silently: graded learners who are not on the roster, and
roster learners with no grade, are listed in the lines returned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ....common.ids import lesson_of
from ....common.wording import listing, plural
from ....errors import GradeError
from ..csvfile import read_table, write_csv
from ..points import check_points, format_points
from .roster import Roster, read_roster, squash

__all__ = ["FORMATS", "Exported", "export_grades", "lesson_points"]

FORMATS = ("canvas", "moodle", "csv")
CANVAS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE = ["First name", "Last name", "ID number", "Email address"]


@dataclass
class Exported:
    """What an export wrote, and one line for each learner or row that needs the instructor's eye."""

    path: Path
    learners: int
    lessons: list[str]
    lines: list[str] = field(default_factory=list)


def _read_grades(path: Path) -> pd.DataFrame:
    try:
        table = read_table(path)
    except FileNotFoundError as exc:
        msg = f"{path}: no such grades file; make it with python -m casekit grade."
        raise GradeError(msg) from exc
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        msg = f"{path}: not a grades CSV ({type(exc).__name__}); use the file python -m casekit grade wrote."
        raise GradeError(msg) from exc
    need = [c for c in ("learner", "notebook", "exercise", "status") if c not in table.columns]
    if need:
        msg = f"{path.name}: the columns {', '.join(need)} are missing; use the file python -m casekit grade wrote."
        raise GradeError(msg)
    return table


def _with_points(table: pd.DataFrame, root) -> pd.DataFrame:
    """The table with points and possible; a grades file from before points existed gets them from the kit's weights."""
    if {"points", "possible"} <= set(table.columns):
        return table
    from ....case.folder import kit_root
    from ....checks.registry import registry
    from ..points import read_weights

    kit = kit_root(root)
    registered = {str(i) for i in registry(case=kit / "data")["id"].dropna()}
    weights = read_weights(kit / "data")
    pairs = [check_points(s, e, weights, registered) for s, e in zip(table["status"], table["exercise"])]
    return table.assign(points=[p for p, _ in pairs], possible=[q for _, q in pairs])


def lesson_points(table: pd.DataFrame) -> tuple[dict[str, dict[str, float]], dict[str, float], list[str]]:
    """({learner: {lesson: points}}, {lesson: points possible}, one line per row that cannot be exported)."""
    per: dict[str, dict[str, float]] = {}
    possible: dict[tuple[str, str], float] = {}
    lines = []
    skipped = table[(table["notebook"].map(lesson_of) == "??")]
    for (learner, notebook), _ in skipped.groupby(["learner", "notebook"]):
        lines.append(f"{learner}: {notebook} is not a lesson (its lesson could not be told), so it is not exported.")
    rows = table[(table["notebook"].map(lesson_of) != "??") & (table["possible"].astype(str).str.strip() != "")]
    for r in rows.itertuples():
        try:
            got, out_of = float(r.points or 0), float(r.possible)
        except ValueError:
            lines.append(f"{r.learner}, {r.exercise}: the points {r.points!r} of {r.possible!r} are not numbers; left out.")
            continue
        per.setdefault(r.learner, {}).setdefault(r.notebook, 0.0)
        per[r.learner][r.notebook] += got
        possible[(r.learner, r.notebook)] = possible.get((r.learner, r.notebook), 0.0) + out_of
    best: dict[str, float] = {}
    for (_, lesson), value in possible.items():
        best[lesson] = max(best.get(lesson, 0.0), value)
    short = sorted({f"{learner} ({lesson})" for (learner, lesson), v in possible.items() if v < best[lesson]})
    if short:
        verb = "has" if len(short) == 1 else "have"
        lines.append(
            f"{plural(len(short), 'learner')} {verb} fewer points possible than the rest (a written answer not marked yet?): {listing(short)}."
        )
    return per, best, lines


def _column(roster: Roster | None, lesson: str) -> str:
    """The roster's column for ``lesson`` (so the LMS updates that assignment), else the lesson's name."""
    if roster is not None:
        key = squash(lesson)
        for h in roster.header:
            if squash(h).startswith(key) or squash(h.split(":", 1)[-1]).startswith(key):
                return h
    return lesson


def _names(names: list[str], show: int = 10) -> str:
    """Roster names, which hold commas ("Smith, Jane"), listed with semicolons."""
    head = "; ".join(names[:show])
    return head + (f" and {len(names) - show} more" if len(names) > show else "")


def export_grades(
    grades: str | os.PathLike,
    fmt: str,
    out: str | os.PathLike,
    roster: str | os.PathLike | None = None,
    root: str | os.PathLike | None = None,
) -> Exported:
    """Write the grades in ``fmt`` (canvas, moodle or csv) to ``out``; ``roster`` is required for canvas and moodle."""
    if fmt not in FORMATS:
        msg = f"--format must be one of {', '.join(FORMATS)}; received {fmt!r}."
        raise GradeError(msg)
    if fmt != "csv" and roster is None:
        msg = f"--format {fmt} needs --roster: the class list exported from {fmt.capitalize()}, so that every grade finds its learner."
        raise GradeError(msg)
    table = _with_points(_read_grades(Path(grades)), root)
    per, possible, lines = lesson_points(table)
    lessons = sorted(possible)
    roll = read_roster(roster) if roster is not None else None
    learners = sorted(per, key=str.casefold)
    matched, missing, problems = roll.match(learners) if roll else ({}, learners, [])
    lines += problems
    columns = [_column(roll, lesson) for lesson in lessons]
    if fmt == "csv":
        top = [
            "Points Possible",
            "",
            "",
            "",
            *(format_points(possible[lesson]) for lesson in lessons),
            format_points(sum(possible.values())),
        ]
        rows = [["learner", "name", "login", "email", *columns, "total"], top]
        for learner in learners:
            r = roll.rows[matched[learner]] if roll and learner in matched else {}
            who = [roll.name(r), roll.value(r, "login"), roll.value(r, "email")] if roll and r else ["", "", ""]
            got = [per[learner].get(lesson) for lesson in lessons]
            rows.append([learner, *who, *map(format_points, got), format_points(sum(g for g in got if g is not None))])
        exported = len(learners)
    else:
        if roll is None:  # said above: canvas and moodle need a roster
            raise GradeError(f"--format {fmt} needs --roster.")
        by_row = {i: learner for learner, i in matched.items()}
        head = CANVAS if fmt == "canvas" else MOODLE
        rows = [[*head, *columns]]
        if fmt == "canvas":
            rows.append(["Points Possible", "", "", "", "", *(format_points(possible[lesson]) for lesson in lessons)])
        for i, r in enumerate(roll.rows):
            owner = by_row.get(i)
            if fmt == "canvas":
                ident = [r.get(c, "") or roll.value(r, role) for c, role in zip(CANVAS, ("name", "id", "id", "login", "section"))]
            else:
                ident = [roll.value(r, "first"), roll.value(r, "last"), roll.value(r, "id"), roll.value(r, "email")]
            rows.append([*ident, *(format_points(per[owner].get(lesson)) if owner else "" for lesson in lessons)])
        exported = len(matched)
        if missing:
            lines.append(f"{plural(len(missing), 'graded learner')} not on the roster, so not in {Path(out).name}: {listing(missing, 10)}.")
        absent = [roll.name(r) for i, r in enumerate(roll.rows) if i not in by_row]
        if absent:
            lines.append(f"{plural(len(absent), 'roster learner')} with no grade (left blank): {_names(absent)}.")
        for lesson in lessons:
            blank = [roll.name(roll.rows[i]) for learner, i in matched.items() if lesson not in per[learner]]
            if blank:
                lines.append(
                    f"{lesson}: {plural(len(blank), 'learner')} on the roster handed in other lessons but not this one (left blank): {listing(blank, 10)}."
                )
    if roll and fmt == "csv" and missing:
        lines.append(
            f"{plural(len(missing), 'graded learner')} not on the roster (kept, with no name, login or e-mail): {listing(missing, 10)}."
        )
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    write_csv(out, rows)
    return Exported(Path(out), exported, lessons, lines)
