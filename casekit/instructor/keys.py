"""The keys of one lesson for the instructor (``python -m casekit keys 04``), and the solution checked against them.

For each case that registers an exercise or a quiz bank for the lesson: every exercise's
key (``key_text``) and every quiz question's answer (``quiz_answer_text``; the source banks
in ``solutions/quizzes/`` when they are there, else the case's sealed copies). Then the
lesson's solution notebook is read, not run: each ``check(...)`` call's stored output
must say "Passed:", and every registered exercise of the lesson must be checked by it.
An exercise whose key is empty (a query that selects no rows) is a problem too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..case.folder import case_folders, kit_root, main_case
from ..checks.kinds import build_reference
from ..checks.references import cached_case
from ..checks.registry import load_registry
from ..checks.run import key_text
from ..checks.validate import empty_key
from ..common.ids import lesson_of
from ..common.wording import plural
from ..errors import CasekitError
from ..quizzes.bank import parse_bank
from ..quizzes.marking import quiz_answer_text
from .grading.intake.scan import check_calls

__all__ = ["LessonKeys", "lesson_keys", "lesson_number"]

_PASSED = "Passed:"


@dataclass
class LessonKeys:
    """What ``keys`` prints: each case's exercise keys and quiz answers, and the problems found with the solution."""

    lesson: str
    solution: Path | None
    exercises: list[tuple[str, str, str, str]] = field(default_factory=list)  # case, exercise id, kind, key
    questions: list[tuple[str, str, str]] = field(default_factory=list)  # bank (as a path in the kit), question id, answer
    problems: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The keys and the problems, as plain text for a terminal."""
        where = f" ({self.solution.as_posix()})" if self.solution else ""
        lines = [f"Keys of lesson {self.lesson}{where}"]
        for case in dict.fromkeys(c for c, *_ in self.exercises):
            lines += ["", f"Exercises ({case}):"]
            for _, eid, kind, key in (e for e in self.exercises if e[0] == case):
                lines.append(_entry(f"{eid} ({kind})", key))
        for bank in dict.fromkeys(b for b, *_ in self.questions):
            lines += ["", f"Quiz questions ({bank}):"]
            lines += [_entry(qid, answer) for b, qid, answer in self.questions if b == bank]
        lines.append("")
        if self.problems:
            lines.append(f"{plural(len(self.problems), 'problem')}:")
            lines += [f"- {p}" for p in self.problems]
        elif self.exercises:
            lines.append(f"The solution's stored outputs pass all {plural(len(self.exercises), 'exercise')} of lesson {self.lesson}.")
        return "\n".join(lines)


def _entry(name: str, text: str) -> str:
    body = "\n".join(f"      {line}" for line in (text or "(no key)").splitlines())
    return f"  {name}:\n{body}"


def lesson_number(lesson: str) -> str:
    """The two digits of a lesson given as "4", "04", "04-timeline" or a notebook's path; CasekitError when there are none.

    >>> lesson_number("4"), lesson_number("solutions/04-timeline.ipynb")
    ('04', '04')
    """
    name = Path(str(lesson)).name
    found = re.match(r"(\d{1,2})(?:\b|-|_|$)", name)
    if not found:
        msg = f"{lesson!r} names no lesson; give its number (04) or its name (04-timeline)."
        raise CasekitError(msg)
    return found.group(1).zfill(2)


def _banks(root: Path, case: Path, number: str) -> list[tuple[Path, bool]]:
    """The case's banks of the lesson, each with whether it is the plain source (else a sealed student copy)."""
    data = root / "data"
    try:
        is_main = main_case(data) == case
    except CasekitError:
        is_main = False
    source_dir = root / "solutions" / "quizzes" / ("" if is_main else case.name)
    sources = sorted(source_dir.glob(f"{number}-*.toml")) if source_dir.is_dir() else []
    if sources:
        return [(p, True) for p in sources]
    return [(p, False) for p in sorted((case / "quizzes").glob(f"{number}-*.toml"))]


def _stored_text(cell) -> str:
    """The text a code cell's stored outputs show."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            parts.append(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")
        parts.append(str(output.get("data", {}).get("text/plain", "")) + str(output.get("text", "")))
    return "\n".join(p for p in parts if p)


def _solution_problems(solution: Path, exercise_ids: list[str], lesson: str) -> list[str]:
    """Each exercise of the lesson the solution's stored outputs do not show passing, or never check."""
    import nbformat

    try:
        nb = nbformat.read(solution, as_version=4)
    except (OSError, ValueError) as exc:
        return [f"{solution.name} cannot be read ({exc}); check the file."]
    calls = check_calls(nb)
    problems = []
    for cell in sorted({c.cell for c in calls}):
        here = [c.exercise for c in calls if c.cell == cell and c.exercise in exercise_ids]
        shown = _stored_text(nb.cells[cell])
        passes = len(re.findall(rf"(?m)^{_PASSED}", shown))
        if here and passes < len(here):
            said = shown.strip().splitlines()[0][:100] if shown.strip() else "no stored output"
            problems.append(
                f"{', '.join(here)}: the solution's stored output (cell {cell}) is not a pass ({said}); "
                f"fix the solution and run python -m casekit execute solutions/{solution.name}."
            )
    checked = {c.exercise for c in calls}
    problems += [
        f"{eid}: registered for lesson {lesson}, but {solution.name} never checks it; add check({eid!r}, ...) to the solution."
        for eid in exercise_ids
        if eid not in checked
    ]
    return problems


def lesson_keys(lesson: str, case: str | None = None, root: Path | None = None) -> LessonKeys:
    """The keys of ``lesson`` ("04" or "04-timeline") in ``case`` (a folder name under data/; default: every case that has some).

    Raises CasekitError when the kit has no such case or the lesson has no exercise and no quiz question.
    """
    root = kit_root(root)
    number = lesson_number(lesson)
    data = root / "data"
    if case is not None:
        folder = data / case
        if not (folder / "datapackage.json").is_file():
            names = ", ".join(f.name for f in case_folders(data)) or "none"
            msg = f"there is no case {case!r} in {data}; the cases are: {names}."
            raise CasekitError(msg)
        folders = [folder.resolve()]
    else:
        folders = case_folders(data)
    solutions = sorted((root / "solutions").glob(f"{number}-*.ipynb"))
    keys = LessonKeys(number, solutions[0].relative_to(root) if solutions else None)
    registered: list[str] = []
    for folder in folders:
        exercises = [e for e in load_registry(folder) if lesson_of(str(e.get("id"))) == number]
        for ex in exercises:
            eid = str(ex.get("id"))
            registered.append(eid)
            keys.exercises.append((folder.name, eid, str(ex.get("kind")), key_text(eid, folder)))
            keys.problems += _empty_key(folder, ex)
        for path, plain in _banks(root, folder, number):
            try:
                questions = parse_bank(path.read_text(encoding="utf-8"), path.name)
            except CasekitError as exc:
                keys.problems.append(f"{path.relative_to(root).as_posix()}: {exc}")
                continue
            shown = path.relative_to(root).as_posix() + ("" if plain else ", sealed copy")
            keys.questions += [(shown, q.id, quiz_answer_text(q)) for q in questions]
    if not keys.exercises and not keys.questions:
        where = f"case {case}" if case else "any case"
        msg = f"lesson {number} has no exercise and no quiz question in {where}; check the number (the lessons start 00-, 01-, ...)."
        raise CasekitError(msg)
    if registered and keys.solution is None:
        keys.problems.append(f"there is no solution notebook solutions/{number}-*.ipynb to check the keys against.")
    elif registered and keys.solution is not None:
        keys.problems += _solution_problems(root / keys.solution, registered, number)
    return keys


def _empty_key(folder: Path, ex: dict) -> list[str]:
    """One line when the exercise's reference is empty (or cannot be built)."""
    eid = str(ex.get("id"))
    try:
        reference = build_reference(cached_case(folder), ex).get("reference")
    except Exception as exc:  # noqa: BLE001 - a broken entry: one line, as validate says it
        return [f"{eid}: the key cannot be built ({type(exc).__name__}: {exc}); run python -m casekit validate."]
    empty = empty_key(ex, reference)
    return [f"{eid}: {empty} (The exercise is in {folder.name}/checks/.)"] if empty else []
