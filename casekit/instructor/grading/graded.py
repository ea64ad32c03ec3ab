"""One submission graded: its notebook run in the sandbox, each exercise's outcome, its grade rows, answers and learner lines.

Never raises on the notebook: a notebook that cannot be read, whose lesson
cannot be told, or that the grader cannot run gets rows that say so.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ...checks.run import run_check
from ...checks.steps import stepped
from ...common.ids import lesson_of
from ...common.printable import clean
from ...common.wording import listing
from .feedback import learner_message
from .intake.lessons import lesson_by_content
from .intake.scan import CheckCall, check_calls, read_notebook
from .intake.submissions import Submission
from .outcomes import COLUMNS, JUDGE_SECONDS, STATUSES, Outcome, outcomes
from .points import check_points
from .run.runner import EXTRACT_TIMEOUT, Run, execute, kit_copy
from .setting import Setting
from .written.answers import Answer, collect

__all__ = ["Graded", "Scratch", "grace", "grade_all", "grade_bounded", "grade_one"]


@dataclass(frozen=True)
class Scratch:
    """Where one run's temporary copies go, and the validated case cache copied into every kernel's home."""

    workdir: Path
    seed_cache: Path | None = None


@dataclass
class Graded:
    """One submission graded: its CSV rows, each exercise's outcome, its written answers and its learner feedback."""

    sub: Submission
    notebook: str
    rows: list[dict]
    outcomes: list[Outcome] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    feedback: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # (exercise, status, line, notes)
    peak_memory: int = 0
    cpu: float = 0.0
    lines: list[str] = field(default_factory=list)  # for the instructor: checks ignored, and the like


def _expected(lesson: str | None, calls: list[CheckCall], registered: list[str]) -> list[str]:
    """The exercises a notebook is graded on: its lesson's registered exercises, never the checks it happens to call.

    Only a notebook whose lesson cannot be told is graded on the exercises its calls name.
    """
    if lesson and lesson_of(lesson) != "??":
        return [i for i in registered if lesson_of(i) == lesson_of(lesson)]
    prefixes = {lesson_of(c.exercise) for c in calls} - {"??"}
    ids = [i for i in registered if lesson_of(i) in prefixes]
    ids += [c.exercise for c in calls if c.exercise not in ids]
    return ids


def _ignored(sub: Submission, lesson: str | None, calls: list[CheckCall], expected: list[str]) -> list[str]:
    """A line for the instructor naming the check() calls that are not exercises of the notebook's lesson (ignored)."""
    extra = list(dict.fromkeys(c.exercise for c in calls if c.exercise not in expected))
    if not extra or not lesson:
        return []
    names = listing([clean(e) for e in extra], show=4)
    return [f"{sub.learner}'s {lesson} ({sub.shown or sub.path.name}) calls check() on {names}, not exercises of {lesson}; ignored."]


def rows_of(sub: Submission, notebook: str, items: list[tuple[str, str, str]], setting: Setting) -> list[dict]:
    """Grade rows (dicts with :data:`COLUMNS`) for ``(exercise, status, message)`` items of one submission."""
    registered = set(setting.registered)
    return [
        dict(zip(COLUMNS, (sub.learner, notebook, ex, st, msg, *check_points(st, ex, setting.weights, registered))))
        for ex, st, msg in items
    ]


def _learner_lines(o: Outcome, setting: Setting) -> tuple[str, str, str, list[str]]:
    if o.result is None:
        return o.exercise, o.status, learner_message(o.message), []
    shown = stepped(o.result, 1, setting.exercise(o.exercise))  # the learner's view, as the notebook shows a first try
    extra = o.message[len(o.result.message) :].strip()
    return o.exercise, o.status, shown.message, [*shown.details, *([learner_message(extra)] if extra else [])]


def _run(nb, calls, lesson: str | None, setting: Setting, scratch: Scratch) -> Run:
    scratch.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nb-", dir=scratch.workdir) as tmp:
        workdir = Path(tmp)
        env = kit_copy(setting.kit, workdir, scratch.seed_cache, setting.data_dir)
        nbformat.write(nb, workdir / "kit" / "lessons" / (f"{lesson}.ipynb" if lesson else "submission.ipynb"))
        budget = setting.timeout + 4 * EXTRACT_TIMEOUT + 30
        try:
            return asyncio.run(asyncio.wait_for(execute(nb, calls, workdir, env, setting.timeout, setting.sandbox), budget))
        except TimeoutError:
            return Run(stopped_at=0, stop_reason="died")


def _unrun(sub: Submission, notebook: str, items: list[tuple[str, str, str]], setting: Setting) -> Graded:
    """A submission that did not run: its rows, and the same sentences for the learner."""
    rows = rows_of(sub, notebook, items, setting)
    return Graded(sub, notebook, rows, feedback=[(ex, st, learner_message(msg), []) for ex, st, msg in items])


def grade_one(sub: Submission, setting: Setting, scratch: Scratch) -> Graded:
    """Grade one submission in ``setting``, its copies in ``scratch``; never raises on the notebook."""
    if sub.problem:  # held at intake (two files for one lesson): not run until the instructor chooses
        return _unrun(sub, sub.notebook, [("", "invalid", sub.problem)], setting)
    nb, problem = read_notebook(sub.path)
    if problem:
        expected = _expected(sub.lesson, [], setting.registered) if sub.lesson else []
        return _unrun(sub, sub.notebook, [(ex, "invalid", problem) for ex in expected] or [("", "invalid", problem)], setting)
    calls = check_calls(nb)
    lesson = sub.lesson or lesson_by_content(nb, setting.lessons, calls)[0]
    notebook = lesson or sub.path.name
    expected = _expected(lesson, calls, setting.registered)
    ignored = _ignored(sub, lesson, calls, expected)
    calls = [c for c in calls if c.exercise in expected]  # a check of another lesson is not run for values, nor graded
    if not expected and not setting.slots.get(lesson or ""):
        msg = (
            f"{sub.path.name}: cannot tell which lesson this is (the name matches no lesson and it calls no check); "
            "name it like 00-start-here.ipynb or alice-00-start-here.ipynb, or pass --lesson."
        )
        return _unrun(sub, notebook, [("", "invalid", msg)], setting)
    try:
        run = _run(nb, calls, lesson, setting, scratch)
    except Exception as exc:  # noqa: BLE001 - one broken run must not stop the class
        msg = f"the grader could not run {sub.path.name} ({type(exc).__name__}: {str(exc)[:120]}); try again with a longer --timeout."
        return _unrun(sub, notebook, [(ex, "error", msg) for ex in expected], setting)
    found = outcomes(
        expected,
        calls,
        run,
        len(nb.cells),
        setting.timeout,
        setting.sandbox.limits,
        lambda ex, value: run_check(ex, value, case=setting.case_of(ex)),
    )
    rows = rows_of(sub, notebook, [(o.exercise, o.status if o.status in STATUSES else "error", o.message) for o in found], setting)
    values = {o.exercise: o.value for o in found if o.value is not None}
    answers = collect(nb, setting.slots.get(lesson or "", []), sub.learner, values)
    learner_lines = [_learner_lines(o, setting) for o in found]
    return Graded(sub, notebook, rows, found, answers, learner_lines, run.peak_memory, run.cpu, ignored)


def grace(setting: Setting) -> float:
    """The most one submission may take in the grader, its run and its judging together; past it, it is reported and left."""
    return setting.timeout + 4 * EXTRACT_TIMEOUT + 30 + 4 * JUDGE_SECONDS


def grade_bounded(sub: Submission, setting: Setting, scratch: Scratch, seconds: float | None = None) -> Graded:
    """:func:`grade_one` against a deadline (``grace``): a submission that holds the grader longer gets one error row.

    It runs in a daemon thread, so one that never ends costs a core, not the class's grades.
    """
    box: list = []

    def work() -> None:
        try:
            box.append(grade_one(sub, setting, scratch))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box.append(exc)

    worker = threading.Thread(target=work, daemon=True, name=f"grade {sub.path.name}"[:40])
    limit = grace(setting) if seconds is None else seconds
    worker.start()
    worker.join(limit)
    if not box:
        msg = f"the grader gave up on {sub.path.name} after {limit:g} s (its values took too long to judge); its other results are lost."
        return Graded(sub, sub.notebook, rows_of(sub, sub.notebook, [("", "error", msg)], setting))
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def grade_all(subs: list[Submission], setting: Setting, scratch: Scratch, jobs: int, progress: bool = True) -> list[Graded]:
    """Grade ``subs`` with ``jobs`` kernels at once; a submission the grader fails on gets one error row."""
    from tqdm import tqdm

    done: list[Graded] = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(grade_bounded, s, setting, scratch): s for s in subs}
        bar = tqdm(total=len(futures), desc="grading", unit="notebook", file=sys.stderr, disable=not progress)
        for future in as_completed(futures):
            sub = futures[future]
            try:
                done.append(future.result())
            except Exception as exc:  # noqa: BLE001 - reported, the rest graded
                msg = f"the grader failed on {sub.path.name} ({type(exc).__name__}: {str(exc)[:120]})."
                done.append(Graded(sub, sub.notebook, rows_of(sub, sub.notebook, [("", "error", msg)], setting)))
            bar.update(1)
        bar.close()
    return done
