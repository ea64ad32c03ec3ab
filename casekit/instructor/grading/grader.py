"""Grade a class's submitted notebooks: ``python -m casekit grade SUBMISSIONS... --out grades.csv``.

Each submission is run in a fresh kernel, in a sandbox (see ``sandbox``), on a
temporary copy of the kit, with a time limit and resource limits per notebook
(see ``limits``). The case's registered checks then run **in the grading
process** on the values the learner passed to ``check(...)``. What the
notebook printed is never trusted: a learner who redefines ``check`` or
patches casekit in their kernel changes nothing in the grades.

Who handed in which lesson is read from the names (see ``submissions``,
``layouts`` and ``intake``).

What is graded
--------------
Every exercise of the lesson (the case's registered exercises whose id starts
with the lesson's number) and every ``check("<id>", <value>)`` call found in
the notebook. The value is the expression passed to ``check`` (usually a
variable), read from the kernel right after the cell that calls it ran, and
carried to the grading process as plain JSON (never pickle: unpickling could
run the learner's code in the grader). The CSV has one row per learner,
notebook and exercise, with columns ``learner, notebook, exercise, status,
message, points, possible``; the status is one of ``statuses.STATUSES``.

Beside the grades, ``grade`` collects the written answers (``answers``) into a
review page per lesson (``review``), merges the instructor's marks
(``marks``), and writes a feedback page per learner and lesson (``feedback``).

Isolation
---------
In ``bwrap`` mode a kernel sees only the system, the kit's Python (read-only)
and its own copy; it has no network and cannot see or signal the grader, and
every process it starts ends with it. In ``none`` mode the copy, the limits
and the stopping of leftover processes remain, but code that knows an absolute
path can reach whatever the grading account may write.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from ...case.folder import kit_root
from ...case.load import load_case
from ...case.model import Case
from ...checks.run import run_check
from ...common.ids import lesson_of
from ...common.wording import plural
from ...errors import GradeError
from .feedback import Feedback, learner_message, write_feedback
from .firsttry import first_try
from .intake.lessons import lesson_by_content, settle
from .intake.scan import CheckCall, check_calls, read_notebook
from .intake.submissions import Submission, find_progress_files, find_submissions, in_shard, parse_shard
from .outcomes import Outcome, outcomes
from .points import check_points, read_weights
from .progressfiles import quiz_scores
from .report import write_report
from .run.limits import Limits
from .run.runner import EXTRACT_TIMEOUT, Run, execute, kit_copy
from .run.sandbox import Sandbox, choose
from .setting import Setting
from .statuses import COLUMNS, STATUSES
from .written.answers import Answer, collect, slots_for
from .written.marks import Mark, mark_rows, read_marks
from .written.review import write_review

Say = Callable[[str], None]

__all__ = ["Graded", "grade", "grade_all", "grade_notebook", "grade_one", "table_of"]


def _expected(lesson: str | None, calls: list[CheckCall], registered: list[str]) -> list[str]:
    prefixes = {lesson_of(c.exercise) for c in calls} - {"??"}
    if lesson and lesson_of(lesson) != "??":
        prefixes.add(lesson_of(lesson))
    ids = [i for i in registered if lesson_of(i) in prefixes]
    ids += [c.exercise for c in calls if c.exercise not in ids]
    return ids


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
    seconds: float = 0.0


def _rows(sub: Submission, notebook: str, items: list[tuple[str, str, str]], setting: Setting) -> list[dict]:
    registered = set(setting.registered)
    return [
        dict(zip(COLUMNS, (sub.learner, notebook, ex, st, msg, *check_points(st, ex, setting.weights, registered))))
        for ex, st, msg in items
    ]


def _learner_lines(o: Outcome, setting: Setting) -> tuple[str, str, str, list[str]]:
    if o.result is None:
        return o.exercise, o.status, learner_message(o.message), []
    line, notes = first_try(o.result, setting.kinds.get(o.exercise, ""), setting.spec(o.exercise) or {}, o.value)
    extra = o.message[len(o.result.message) :].strip()
    return o.exercise, o.status, line, [*notes, *([learner_message(extra)] if extra else [])]


def _run(sub: Submission, nb, calls, lesson: str | None, setting: Setting) -> Run:
    base = setting.workdir or Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nb-", dir=base) as tmp:
        workdir = Path(tmp)
        env = kit_copy(setting.kit, workdir, setting.seed_cache)
        nbformat.write(nb, workdir / "kit" / "lessons" / (f"{lesson}.ipynb" if lesson else "submission.ipynb"))
        sandbox = setting.sandbox or choose("auto")
        budget = setting.timeout + 4 * EXTRACT_TIMEOUT + 30
        try:
            return asyncio.run(asyncio.wait_for(execute(nb, calls, workdir, env, setting.timeout, sandbox), budget))
        except TimeoutError:
            return Run(stopped_at=0, stop_reason="died")


def _unrun(sub: Submission, notebook: str, items: list[tuple[str, str, str]], setting: Setting) -> Graded:
    """A submission that did not run: its rows, and the same sentences for the learner."""
    rows = _rows(sub, notebook, items, setting)
    return Graded(sub, notebook, rows, feedback=[(ex, st, learner_message(msg), []) for ex, st, msg in items])


def grade_one(sub: Submission, setting: Setting) -> Graded:
    """Grade one submission in ``setting``; never raises on the notebook."""
    start = time.perf_counter()
    nb, problem = read_notebook(sub.path)
    if problem:
        expected = _expected(sub.lesson, [], setting.registered) if sub.lesson else []
        return _unrun(sub, sub.notebook, [(ex, "invalid", problem) for ex in expected] or [("", "invalid", problem)], setting)
    calls = check_calls(nb)
    lesson = sub.lesson or lesson_by_content(nb, setting.lessons, calls)[0]
    notebook = lesson or sub.path.name
    expected = _expected(lesson, calls, setting.registered)
    if not expected and not setting.slots.get(lesson or ""):
        msg = (
            f"{sub.path.name}: cannot tell which lesson this is (the name matches no lesson and it calls no check); "
            "name it like 00-start-here.ipynb or alice-00-start-here.ipynb, or pass --lesson."
        )
        return _unrun(sub, notebook, [("", "invalid", msg)], setting)
    try:
        run = _run(sub, nb, calls, lesson, setting)
    except Exception as exc:  # noqa: BLE001 - one broken run must not stop the class
        msg = f"the grader could not run {sub.path.name} ({type(exc).__name__}: {str(exc)[:120]}); try again with a longer --timeout."
        return _unrun(sub, notebook, [(ex, "error", msg) for ex in expected], setting)
    sandbox = setting.sandbox or choose("auto")
    limits = sandbox.limits if sandbox else Limits()
    main = setting.case if setting.case is not None else load_case(setting.kit / "data", validate=False)
    found = outcomes(
        expected,
        calls,
        run,
        len(nb.cells),
        setting.timeout,
        limits,
        lambda ex, value: run_check(ex, value, case=setting.owners.get(ex, main)),
    )
    rows = _rows(sub, notebook, [(o.exercise, o.status if o.status in STATUSES else "error", o.message) for o in found], setting)
    values = {o.exercise: o.value for o in found if o.value is not None}
    answers = collect(nb, setting.slots.get(lesson or "", []), sub.learner, values)
    graded = Graded(sub, notebook, rows, found, answers, [_learner_lines(o, setting) for o in found], run.peak_memory, run.cpu)
    graded.seconds = time.perf_counter() - start
    return graded


def grade_notebook(
    sub: Submission,
    *,
    kit: Path,
    timeout: float = 60,
    lessons: list[str] | None = None,
    registered: list[str] | None = None,
    seed_cache: Path | None = None,
    case: Case | None = None,
    sandbox: Sandbox | None = None,
) -> list[dict]:
    """Grade one submission; return its CSV rows (dicts with :data:`COLUMNS`). Never raises on the notebook.

    ``case`` is the kit's loaded case (loaded here when omitted); the checks run on it in this process.
    """
    kit = Path(kit)
    setting = Setting.for_kit(kit, timeout=timeout, lessons=list(lessons or []), seed_cache=seed_cache, sandbox=sandbox, case=case)
    if registered is not None:
        setting.registered = list(registered)
    return grade_one(sub, setting).rows


def grade_all(subs: list[Submission], setting: Setting, jobs: int, progress: bool = True) -> list[Graded]:
    """Grade ``subs`` with ``jobs`` kernels at once; a submission the grader fails on gets one error row."""
    from tqdm import tqdm

    done: list[Graded] = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(grade_one, s, setting): s for s in subs}
        bar = tqdm(total=len(futures), desc="grading", unit="notebook", file=sys.stderr, disable=not progress)
        for future in as_completed(futures):
            sub = futures[future]
            try:
                done.append(future.result())
            except Exception as exc:  # noqa: BLE001 - reported, the rest graded
                msg = f"the grader failed on {sub.path.name} ({type(exc).__name__}: {str(exc)[:120]})."
                done.append(Graded(sub, sub.notebook, _rows(sub, sub.notebook, [("", "error", msg)], setting)))
            bar.update(1)
        bar.close()
    return done


def table_of(rows: Iterable[dict]) -> pd.DataFrame:
    """The grades table: :data:`COLUMNS`, text, sorted by learner, notebook and exercise."""
    table = pd.DataFrame(list(rows), columns=COLUMNS).fillna("").astype(str)
    return table.sort_values(["learner", "notebook", "exercise"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- the class


def _lessons(kit: Path) -> list[str]:
    names = {p.stem for folder in ("lessons", "solutions") for p in (kit / folder).glob("*.ipynb")}
    return sorted(n for n in names if lesson_of(n) != "??")


def _seed_cache(kit: Path, folder: Path) -> Path:
    """Validate the kit's case once, in a cache folder copied into every kernel's home (so no kernel re-validates)."""
    old = os.environ.get("CASEKIT_CACHE_DIR")
    os.environ["CASEKIT_CACHE_DIR"] = str(folder)
    try:
        load_case(kit / "data")
    finally:
        if old is None:
            os.environ.pop("CASEKIT_CACHE_DIR", None)
        else:
            os.environ["CASEKIT_CACHE_DIR"] = old
    return folder


def _feedback_pages(graded: list[Graded], table: pd.DataFrame, setting: Setting, marks: list[Mark], progress_files) -> list[Feedback]:
    scores = quiz_scores(progress_files, setting.kit / "data")
    given = {(m.learner, m.answer): m for m in marks}
    merged = {(r.learner, r.exercise) for r in table.itertuples() if r.status == "marked"}
    pages = []
    for g in graded:
        lesson = g.notebook
        slots = {s.answer: s for s in setting.slots.get(lesson, [])}
        items = [(slots.get(a.answer), a, given.get((a.learner, a.answer)) if (a.learner, a.answer) in merged else None) for a in g.answers]
        pages.append(Feedback(g.sub.learner, lesson, g.feedback, scores.get((g.sub.learner, lesson_of(lesson))), items))
    return pages


def grade(
    paths: Iterable[str | os.PathLike],
    out: str | os.PathLike | None = None,
    *,
    timeout: float = 60,
    jobs: int | None = None,
    shard: str | tuple[int, int] | None = None,
    report: str | os.PathLike | None = None,
    lesson: str | None = None,
    root: str | os.PathLike | None = None,
    progress: bool = True,
    sandbox: str = "auto",
    limits: Limits | None = None,
    review: str | os.PathLike | None = None,
    marks: Iterable[str | os.PathLike] = (),
    feedback: str | os.PathLike | None = None,
    workdir: str | os.PathLike | None = None,
    say: Say | None = None,
) -> pd.DataFrame:
    """Grade submitted notebooks; write the CSV (and the report, review and feedback pages) and return the table.

    Parameters
    ----------
    paths
        Notebook files, or folders searched for ``*.ipynb`` (and progress files, ``*.json``).
    out
        Where to write the CSV (columns :data:`COLUMNS`); None writes none.
    timeout
        Seconds one notebook may run (all its cells together) before it is stopped.
    jobs
        Notebooks run at once, each in its own kernel (default: the number of cores).
    shard
        ``"I/N"`` or ``(I, N)``: grade only the learners in shard I of N (see :func:`in_shard`).
    report
        Where to write the HTML class report; None writes none.
    lesson
        The lesson of every submission whose file name does not say (``"00-start-here"``).
    root
        The kit whose checks, data and casekit are used (default: found from the current folder).
    progress
        Show a progress bar on stderr.
    sandbox
        ``"auto"`` (bubblewrap where it works), ``"bwrap"`` or ``"none"``; see ``sandbox``.
    limits
        Memory, processes, file size, CPU time and output per notebook (default: :class:`Limits`).
    review
        The folder for the review pages and marks files of written answers; None writes none.
    marks
        Marks files (as the review writes them, filled in) to merge into the grades.
    feedback
        The folder for one feedback page per learner and lesson; None writes none.
    workdir
        Where the run's temporary folders go (default: the system's); all are removed at the end.
    say
        Called with each line for the instructor (the sandbox notice, the intake report); default: print to stderr.

    Example::

        table = grade(["submissions/"], "grades.csv", timeout=60, jobs=4, feedback="feedback/")
    """
    say = say or (lambda line: print(line, file=sys.stderr))
    kit = kit_root(root)
    if not (kit / "data").is_dir():
        msg = f"{kit}: no data/ folder here; run from the kit's folder or pass root=."
        raise GradeError(msg)
    shard = parse_shard(shard)
    lessons = _lessons(kit)
    if lesson is not None and lesson not in lessons:
        msg = f"--lesson {lesson!r} is not a lesson of this kit; the lessons are: {', '.join(lessons) or 'none'}."
        raise GradeError(msg)
    paths = list(paths)
    if not paths:
        msg = "no submissions given; name notebooks or folders of notebooks."
        raise GradeError(msg)
    chosen = choose(sandbox, limits)
    setting = Setting.for_kit(kit, timeout=timeout, lessons=lessons, sandbox=chosen)
    text = [e for e, k in setting.kinds.items() if k == "text"]
    setting.slots = {name: slots_for(kit, name, text) for name in lessons}
    answer_ids = [s.answer for slots in setting.slots.values() for s in slots]
    setting.weights = read_weights(kit / "data", known=setting.registered + answer_ids)
    given, unmarked = read_marks(list(marks), setting.weights)
    subs = find_submissions(paths, lessons)
    if not subs:
        msg = f"no notebooks (*.ipynb) found in {', '.join(map(str, paths))}."
        raise GradeError(msg)
    if chosen.notice:
        say(chosen.notice)
    subs, intake = settle([s for s in subs if in_shard(s.learner, shard)], lessons, lesson)
    for line in intake:
        say(line)
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    base = Path(workdir) if workdir is not None else None
    if base is not None:
        base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="casekit-grade-", dir=base) as run_dir:
        setting.workdir = Path(run_dir) / "notebooks"
        setting.seed_cache = _seed_cache(kit, Path(run_dir) / "seed") if subs else None
        graded = grade_all(subs, setting, jobs, progress)
    rows = [r for g in graded for r in g.rows]
    extra, left_out = mark_rows(given, {(g.sub.learner, g.notebook) for g in graded}, {s.answer: s.lesson for s in _all(setting)})
    for line in left_out + (
        [f"{plural(unmarked, 'written answer')} in the marks files have no points yet; they are left out."] if unmarked else []
    ):
        say(line)
    table = table_of(rows + extra)
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False)
    if report is not None:
        write_report(table, report)
    answers = [a for g in graded for a in g.answers]
    if review is not None and answers:
        for line in write_review(review, setting.slots, answers, setting.weights):
            say(line)
    if feedback is not None:
        pages = _feedback_pages(graded, table, setting, given, find_progress_files(paths))
        say(f"Wrote {plural(len(write_feedback(feedback, pages)), 'feedback page')} in {feedback}.")
    peaks = [g.peak_memory for g in graded if g.peak_memory]
    cpu = sum(g.cpu for g in graded)
    table.attrs["run"] = {"notebooks": len(graded), "sandbox": chosen.mode, "peak_memory": max(peaks, default=0), "cpu": cpu}
    return table


def _all(setting: Setting):
    return [s for slots in setting.slots.values() for s in slots]
