"""Grade a class's submitted notebooks: ``python -m casekit grade SUBMISSIONS... --out grades.csv``.

Each submission is run in a fresh kernel, in a sandbox (see ``run.sandbox``), on a
temporary copy of the kit, with a time limit and resource limits per notebook
(see ``run.limits``). The case's registered checks then run **in the grading
process** on the values the learner passed to ``check(...)``. What the
notebook printed is never trusted: a learner who redefines ``check`` or
patches casekit in their kernel changes nothing in the grades.

Who handed in which lesson is read from the names (see ``intake.submissions``,
``intake.layouts`` and ``intake.lessons``). One submission is graded in ``graded``.

What is graded
--------------
Every exercise of the lesson: the exercises the case's registries give the
lesson's number, whatever the notebook calls (a ``check`` of another lesson
counts for nothing, and one line names it). The value is the expression passed
to ``check`` (usually a variable), read from the kernel right after the cell
that calls it ran, and carried to the grading process as plain JSON (never
pickle: unpickling could run the learner's code in the grader). A value of more
than ``run.transport.MAX_ITEMS`` parts is not judged, each check is judged
against a deadline (``outcomes.JUDGE_SECONDS``), and one submission that holds
the grader past its grace gets one error row: the class's CSV is always
written. The CSV has one row per learner, notebook and exercise, with columns
``learner, notebook, exercise, status, message, points, possible``; the status
is one of ``outcomes.STATUSES``. Every CSV cell a spreadsheet would run as a
formula is neutralised (``csvfile``), and every line said is stripped of control
characters.

Beside the grades, ``grade`` collects the written answers (``written.answers``) into a
review page per lesson (``written.review``), merges the instructor's marks
(``written.marks``), and writes a feedback page per learner and lesson (``feedback``).

Isolation
---------
In both modes a kernel gets a clean environment (``run.runner.kernel_environment``:
none of the grader's tokens), and the run judges by a copy of ``data/`` taken
before it starts. In ``bwrap`` mode a kernel sees only the system, the kit's
Python (read-only) and its own copy; it has no network and cannot see or
signal the grader, and every process it starts ends with it. In ``none`` mode
the copy, the limits and the stopping of leftover processes remain, but code
that knows an absolute path can reach whatever the grading account may write;
it refuses to run from inside the kit unless told (``unsafe``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...case.folder import kit_root
from ...case.load import load_case
from ...common.ids import lesson_of
from ...common.printable import clean
from ...common.wording import plural
from ...errors import GradeError
from ...quizzes.bank import load_questions
from ...records.summary import quiz_scores
from .csvfile import write_csv
from .feedback import FeedbackPage, write_feedback
from .graded import Graded, Scratch, grade_all
from .intake.lessons import credited, settle
from .intake.submissions import Submission, find_progress_files, find_submissions, in_shard, parse_shard
from .outcomes import COLUMNS
from .report import write_report
from .run.limits import Limits
from .run.sandbox import choose
from .setting import Setting
from .written.marks import Mark, mark_rows, read_marks
from .written.review import write_review

Say = Callable[[str], None]

__all__ = ["ClassGrades", "GradeOptions", "grade", "grade_class", "table_of"]


@dataclass(frozen=True)
class GradeOptions:
    """How a grading run goes and what it writes beside the CSV; the keywords of :func:`grade`.

    Attributes
    ----------
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
        ``"auto"`` (bubblewrap where it works), ``"bwrap"`` or ``"none"``; see ``run.sandbox``.
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
    newest
        When one learner handed in one lesson more than once, grade the newest file (else none, and say so).
    unsafe
        With ``sandbox="none"``: grade even when the kit is reachable from the notebooks (``--unsafe-i-trust-these-notebooks``).
    say
        Called with each line for the instructor (the sandbox notice, the intake report); default: print to stderr.
    """

    timeout: float = 60
    jobs: int | None = None
    shard: str | tuple[int, int] | None = None
    report: str | os.PathLike | None = None
    lesson: str | None = None
    root: str | os.PathLike | None = None
    progress: bool = True
    sandbox: str = "auto"
    limits: Limits | None = None
    review: str | os.PathLike | None = None
    marks: Iterable[str | os.PathLike] = ()
    feedback: str | os.PathLike | None = None
    workdir: str | os.PathLike | None = None
    newest: bool = False
    unsafe: bool = False
    say: Say | None = None


@dataclass(frozen=True)
class ClassGrades:
    """What a grading run gave: the grades table, and the run's figures (notebooks run, sandbox, peak memory, CPU time)."""

    table: pd.DataFrame
    notebooks: int
    sandbox: str  # the sandbox mode the notebooks ran in: "bwrap" or "none"
    peak_memory: int  # bytes: the largest notebook's peak, all its processes together
    cpu: float  # seconds of CPU time of every notebook's processes together


def grade(paths: Iterable[str | os.PathLike], out: str | os.PathLike | None = None, **options) -> pd.DataFrame:
    """Grade submitted notebooks; write the CSV (and the report, review and feedback pages) and return the table.

    ``paths`` are notebook files, or folders searched for ``*.ipynb`` (and progress files, ``*.json``); ``out`` is
    where to write the CSV (columns :data:`COLUMNS`; None writes none). The keywords are :class:`GradeOptions`'s
    fields; :func:`grade_class` gives the run's figures too.

    Example::

        table = grade(["submissions/"], "grades.csv", timeout=60, jobs=4, feedback="feedback/")
    """
    return grade_class(paths, out, GradeOptions(**options)).table


def grade_class(
    paths: Iterable[str | os.PathLike], out: str | os.PathLike | None = None, options: GradeOptions | None = None
) -> ClassGrades:
    """Grade submitted notebooks as :func:`grade` does; return the table with the run's figures."""
    options = options or GradeOptions()
    raw_say = options.say or _to_stderr

    def say(line: str) -> None:  # names and ids come from learners: no escape sequence or forged line reaches the terminal
        raw_say(clean(line))

    paths = list(paths)
    kit, lessons, shard = _checked(paths, options)
    sandbox = choose(options.sandbox, options.limits)
    _refuse_exposed(kit, sandbox, options)
    base = Path(options.workdir) if options.workdir is not None else None
    if base is not None:
        base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="casekit-key-", dir=base) as key:
        data = _key_copy(kit, Path(key))  # judged by a copy taken now: a kernel that edits the kit mid-run changes no grade
        before = _digest(kit / "data")
        setting = Setting.for_kit(kit, sandbox=sandbox, lessons=lessons, timeout=options.timeout, data=data)
        given, unmarked = read_marks(list(options.marks), setting.weights)
        subs = _intake(paths, setting, shard, options, say)
        graded = _run_all(subs, setting, options)
        table = _table(graded, given, unmarked, setting, say)
        _write(table, graded, given, paths, setting, out, options, say)
    after = _digest(kit / "data")
    changed = sorted(name for name in {*before, *after} if before.get(name) != after.get(name))
    if changed:
        say(
            f"The kit's data/ changed while the notebooks ran ({', '.join(changed[:4])}{' ...' if len(changed) > 4 else ''}): "
            "this run judged by the copy taken before it, but check those files (git diff) before the next run."
        )
    peaks = [g.peak_memory for g in graded if g.peak_memory]
    return ClassGrades(table, len(graded), setting.sandbox.mode, max(peaks, default=0), sum(g.cpu for g in graded))


def _refuse_exposed(kit: Path, sandbox, options: GradeOptions) -> None:
    """GradeError when kernels would run without a sandbox from inside the kit (``/proc`` leads them to its checks)."""
    if sandbox.mode != "none" or options.unsafe:
        return
    inside = [
        f"{what} ({where})"
        for what, where in (("this folder", Path.cwd()), ("the work folder", Path(options.workdir) if options.workdir else None))
        if where is not None and where.resolve().is_relative_to(kit.resolve())
    ]
    if inside:
        msg = (
            f"refusing to grade without a sandbox from inside the kit: {' and '.join(inside)} is in {kit}, and a notebook "
            "finds it through /proc and can change its checks and solutions. Run from a folder outside the kit (with --root), "
            "install bubblewrap, or pass --unsafe-i-trust-these-notebooks."
        )
        raise GradeError(msg)


def _key_copy(kit: Path, folder: Path) -> Path:
    """A copy of the kit's data/ (its cases, checks and weights) in ``folder``: what the run judges by."""
    target = folder / "data"
    shutil.copytree(kit / "data", target, ignore=shutil.ignore_patterns(".*", "__pycache__"), symlinks=False)
    return target


def _digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` by its relative path (hidden files left out)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def table_of(rows: Iterable[dict]) -> pd.DataFrame:
    """The grades table: :data:`COLUMNS`, text, sorted by learner, notebook and exercise."""
    table = pd.DataFrame(list(rows), columns=COLUMNS).fillna("").astype(str)
    return table.sort_values(["learner", "notebook", "exercise"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- the steps


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _lessons(kit: Path) -> list[str]:
    names = {p.stem for folder in ("lessons", "solutions") for p in (kit / folder).glob("*.ipynb")}
    return sorted(n for n in names if lesson_of(n) != "??")


def _checked(paths: list, options: GradeOptions) -> tuple[Path, list[str], tuple[int, int] | None]:
    """The kit, its lessons and the shard; GradeError when the kit, the lesson or the paths will not do."""
    kit = kit_root(options.root)
    if not (kit / "data").is_dir():
        msg = f"{kit}: no data/ folder here; run from the kit's folder or pass root=."
        raise GradeError(msg)
    shard = parse_shard(options.shard)
    lessons = _lessons(kit)
    if options.lesson is not None and options.lesson not in lessons:
        msg = f"--lesson {options.lesson!r} is not a lesson of this kit; the lessons are: {', '.join(lessons) or 'none'}."
        raise GradeError(msg)
    if not paths:
        msg = "no submissions given; name notebooks or folders of notebooks."
        raise GradeError(msg)
    return kit, lessons, shard


def _intake(paths: list, setting: Setting, shard, options: GradeOptions, say: Say) -> list[Submission]:
    """The submissions in this shard, each with its lesson settled; the sandbox notice and the intake report said."""
    subs = find_submissions(paths, setting.lessons)
    if not subs:
        msg = f"no notebooks (*.ipynb) found in {', '.join(map(str, paths))}."
        raise GradeError(msg)
    if setting.sandbox.notice:
        say(setting.sandbox.notice)
    subs, intake = settle([s for s in subs if in_shard(s.learner, shard)], setting.lessons, options.lesson, options.newest)
    for line in intake:
        say(line)
    for line in credited(subs):
        say(line)
    return subs


def _seed_cache(data: Path, folder: Path) -> Path:
    """Validate the kit's case once, in a cache folder copied into every kernel's home (so no kernel re-validates)."""
    old = os.environ.get("CASEKIT_CACHE_DIR")
    os.environ["CASEKIT_CACHE_DIR"] = str(folder)
    try:
        load_case(data)
    finally:
        if old is None:
            os.environ.pop("CASEKIT_CACHE_DIR", None)
        else:
            os.environ["CASEKIT_CACHE_DIR"] = old
    return folder


def _run_all(subs: list[Submission], setting: Setting, options: GradeOptions) -> list[Graded]:
    """Every submission graded, ``options.jobs`` at once, in temporary folders removed at the end."""
    jobs = max(1, int(options.jobs or os.cpu_count() or 1))
    base = Path(options.workdir) if options.workdir is not None else None
    with tempfile.TemporaryDirectory(prefix="casekit-grade-", dir=base) as run_dir:
        scratch = Scratch(Path(run_dir) / "notebooks", _seed_cache(setting.data_dir, Path(run_dir) / "seed") if subs else None)
        return grade_all(subs, setting, scratch, jobs, options.progress)


def _table(graded: list[Graded], given: list[Mark], unmarked: int, setting: Setting, say: Say) -> pd.DataFrame:
    """The grades table: every graded row and the marks of this run's learners; a line for each mark left out."""
    lesson_of_answer = {s.answer: s.lesson for s in setting.all_slots()}
    extra, left_out = mark_rows(given, {(g.sub.learner, g.notebook) for g in graded}, lesson_of_answer)
    if unmarked:
        left_out.append(f"{plural(unmarked, 'written answer')} in the marks files have no points yet; they are left out.")
    for line in [*(line for g in graded for line in g.lines), *left_out]:
        say(line)
    return table_of([r for g in graded for r in g.rows] + extra)


def _write(table, graded, given, paths, setting: Setting, out, options: GradeOptions, say: Say) -> None:
    """The CSV, the class report, the review pages and the feedback pages, each where ``out`` and ``options`` say."""
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        write_csv(out, [list(table.columns), *table.to_numpy().tolist()], line_end="\n")
    if options.report is not None:
        write_report(table, options.report)
    answers = [a for g in graded for a in g.answers]
    if options.review is not None and answers:
        for line in write_review(options.review, setting.slots, answers, setting.weights):
            say(line)
    if options.feedback is not None:
        skipped: list[str] = []
        pages = _feedback_pages(graded, table, setting, given, find_progress_files(paths), skipped)
        for line in skipped:
            say(line)
        say(f"Wrote {plural(len(write_feedback(options.feedback, pages)), 'feedback page')} in {options.feedback}.")


def _questions_by_lesson(case_dir: Path) -> dict[str, list[str]]:
    """The case's quiz question ids by lesson number (none when a bank is broken: that must not stop the feedback)."""
    questions: dict[str, list[str]] = {}
    try:
        for qid in load_questions(case_dir):
            questions.setdefault(lesson_of(qid), []).append(qid)
    except Exception:  # noqa: BLE001 - a broken bank must not stop the feedback
        return {}
    return questions


def _feedback_pages(
    graded: list[Graded], table: pd.DataFrame, setting: Setting, marks: list[Mark], progress_files, skipped: list[str]
) -> list[FeedbackPage]:
    scores = quiz_scores(progress_files, _questions_by_lesson(setting.data_dir), skipped)
    given = {(m.learner, m.answer): m for m in marks}
    merged = {(r.learner, r.exercise) for r in table.itertuples() if r.status == "marked"}
    pages = []
    for g in graded:
        lesson = g.notebook
        slots = {s.answer: s for s in setting.slots.get(lesson, [])}
        items = [(slots.get(a.answer), a, given.get((a.learner, a.answer)) if (a.learner, a.answer) in merged else None) for a in g.answers]
        pages.append(FeedbackPage(g.sub.learner, lesson, g.feedback, scores.get((g.sub.learner, lesson_of(lesson))), items))
    return pages
