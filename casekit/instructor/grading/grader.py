"""Grade a class's submitted notebooks: ``python -m casekit grade SUBMISSIONS... --out grades.csv``.

Each submission is run in a fresh kernel on a temporary copy of the kit, with
a time limit per notebook, and the case's registered checks are then run **in
the grading process** on the values the learner passed to ``check(...)``. What
the notebook printed is never trusted: a learner who redefines ``check`` or
patches casekit in their kernel changes nothing in the grades.

Who handed in which lesson is read from the names (see ``submissions``).

What is graded
--------------
Every exercise of the lesson (the case's registered exercises whose id starts
with the lesson's number) and every ``check("<id>", <value>)`` call found in
the notebook. The value is the expression passed to ``check`` (usually a
variable), read from the kernel right after the cell that calls it ran, and
carried to the grading process as plain JSON (never pickle: unpickling could
run the learner's code in the grader). The CSV has one row per learner,
notebook and exercise, with columns ``learner, notebook, exercise, status,
message``; the status is one of ``statuses.STATUSES``.

Isolation, and its limit
------------------------
The kernel's folder is a temporary copy laid out like the kit (``data/``,
``casekit/``, ``lessons/``), its ``HOME``, progress and cache folders are
inside that copy, and it imports casekit from the copy: a notebook that
deletes ``../data`` or rewrites casekit damages only the copy, and the
grader never writes into the submissions or into ``data/``. This is isolation
by copying, not an operating-system sandbox: code that knows an absolute path
can still reach whatever the grading account may write. Grade work you do not
trust in a container or as an unprivileged user (on the hub, for example).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import nbformat
import pandas as pd

from ...case.folder import kit_root
from ...case.load import load_case
from ...case.model import Case
from ...checks.registry import registry
from ...checks.run import run_check
from ...common.ids import lesson_of
from ...common.wording import plural
from ...errors import GradeError
from .report import write_report
from .runner import EXTRACT_TIMEOUT, Run, execute, kit_copy
from .scan import CheckCall, check_calls, read_notebook
from .statuses import COLUMNS, STATUSES
from .submissions import Submission, find_submissions, in_shard, parse_shard
from .transport import decode_value

__all__ = ["grade", "grade_notebook", "summary"]


def _registered(case_dir: Path) -> list[str]:
    return [str(i) for i in registry(case=case_dir)["id"].dropna()]


def _expected(lesson: str | None, calls: list[CheckCall], registered: list[str]) -> list[str]:
    prefixes = {lesson_of(c.exercise) for c in calls} - {"??"}
    if lesson and lesson_of(lesson) != "??":
        prefixes.add(lesson_of(lesson))
    ids = [i for i in registered if lesson_of(i) in prefixes]
    ids += [c.exercise for c in calls if c.exercise not in ids]
    return ids


def _infer_lesson(calls: list[CheckCall], lessons: list[str]) -> str | None:
    prefixes = {lesson_of(c.exercise) for c in calls} - {"??"}
    matches = [lesson for lesson in lessons if lesson_of(lesson) in prefixes]
    return matches[0] if len(matches) == 1 else None


def _cell_note(run: Run, nb_cells: int) -> str:
    if not run.errors:
        return ""
    first = min(run.errors)
    more = len(run.errors) - 1
    extra = f"; {plural(more, 'more cell')} raised errors" if more else ""
    return f" (Note: cell {first + 1} of {nb_cells} raised {run.errors[first]}{extra}; the other cells ran.)"


def grade_notebook(
    sub: Submission,
    *,
    kit: Path,
    timeout: float = 60,
    lessons: list[str] | None = None,
    registered: list[str] | None = None,
    seed_cache: Path | None = None,
    case: Case | None = None,
) -> list[dict]:
    """Grade one submission; return its CSV rows (dicts with :data:`COLUMNS`). Never raises on the notebook.

    ``case`` is the kit's loaded case (loaded here when omitted); the checks run on it in this process.
    """
    kit = Path(kit)
    case_dir = kit / "data"
    registered = _registered(case_dir) if registered is None else registered
    nb, problem = read_notebook(sub.path)

    def rows(items: list[tuple[str, str, str]], notebook: str | None = None) -> list[dict]:
        return [dict(zip(COLUMNS, (sub.learner, notebook or sub.notebook, ex, status, msg))) for ex, status, msg in items]

    if problem:
        expected = _expected(sub.lesson, [], registered) if sub.lesson else []
        return rows([(ex, "invalid", problem) for ex in expected] or [("", "invalid", problem)])
    calls = check_calls(nb)
    lesson = sub.lesson or _infer_lesson(calls, lessons or [])
    notebook = lesson or sub.path.name
    expected = _expected(lesson, calls, registered)
    if not expected:
        msg = (
            f"{sub.path.name}: cannot tell which lesson this is (the name matches no lesson and it calls no check); "
            "name it like 00-start-here.ipynb or alice-00-start-here.ipynb, or pass --lesson."
        )
        return rows([("", "invalid", msg)], notebook)
    with tempfile.TemporaryDirectory(prefix="casekit-grade-") as tmp:
        workdir = Path(tmp)
        try:
            env = kit_copy(kit, workdir, seed_cache)
            nbformat.write(nb, workdir / "kit" / "lessons" / (f"{lesson}.ipynb" if lesson else "submission.ipynb"))
            run = asyncio.run(asyncio.wait_for(execute(nb, calls, workdir, env, timeout), timeout + 4 * EXTRACT_TIMEOUT + 30))
        except TimeoutError:
            run = Run(stopped_at=0, stop_reason="died")
        except Exception as exc:  # noqa: BLE001 - one broken run must not stop the class
            msg = f"the grader could not run {sub.path.name} ({type(exc).__name__}: {str(exc)[:120]}); try again with a longer --timeout."
            return rows([(ex, "error", msg) for ex in expected], notebook)
    last_call = {c.exercise: c for c in calls}
    note = _cell_note(run, len(nb.cells))
    if run.stop_reason:
        where = run.stopped_at + 1 if run.stopped_at is not None else "?"
        note += (
            f" (Note: cell {where} ran past the {timeout:g} s limit; the cells after it were not run.)"
            if run.stop_reason == "timeout"
            else f" (Note: the kernel stopped at cell {where}; the cells after it were not run.)"
        )
    out = []
    for ex in expected:
        call = last_call.get(ex)
        if call is None:
            out.append(
                (
                    ex,
                    "not-started",
                    f'No check("{ex}", ...) cell in the notebook: the learner has not done it, or deleted or renamed that cell.',
                )
            )
            continue
        got = run.values.get(ex)
        if got is None:
            if run.stop_reason == "timeout":
                where = (
                    f"its check in cell {call.cell + 1} did not finish"
                    if call.cell == run.stopped_at
                    else f"the check in cell {call.cell + 1} was not reached"
                )
                out.append(
                    (
                        ex,
                        "timeout",
                        f"The notebook did not finish within {timeout:g} s: cell {run.stopped_at + 1} was still running (an endless loop?), so {where}.",
                    )
                )
            elif run.stop_reason == "died":
                out.append(
                    (
                        ex,
                        "error",
                        f"The kernel stopped at cell {(run.stopped_at or 0) + 1} (the notebook may call exit(), or run out of memory), so the check in cell {call.cell + 1} was not reached.",
                    )
                )
            else:
                out.append((ex, "error", f"The check in cell {call.cell + 1} could not be read back.{note}"))
            continue
        if "missing" in got:
            raised = run.errors.get(call.cell)
            why = (
                f"cell {call.cell + 1} raised {raised}"
                if raised
                else f"{call.expression} is not defined after cell {call.cell + 1} ({got['missing']})"
            )
            out.append((ex, "error", f"Cannot check: {why}; the answer could not be read.{note}"))
            continue
        if "unreadable" in got:
            out.append(
                (
                    ex,
                    "error",
                    f"Cannot check: the value of {call.expression} is a {got['unreadable']}, which the grader cannot read ({got.get('why', '')}); use a list, dict, number, text or DataFrame.{note}",
                )
            )
            continue
        try:
            value = decode_value(got.get("value"))
        except Exception as exc:  # noqa: BLE001 - a forged or odd file gives one line
            out.append((ex, "error", f"Cannot check: the value of {call.expression} could not be rebuilt ({type(exc).__name__}).{note}"))
            continue
        case = case if case is not None else load_case(case_dir, validate=False)
        result = run_check(ex, value, case=case)
        status = result.status if result.status in STATUSES else "error"
        out.append((ex, status, f"{result.message}{note}"))
    return rows(out, notebook)


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
) -> pd.DataFrame:
    """Grade submitted notebooks; write the CSV (and the HTML report) and return the table.

    Parameters
    ----------
    paths
        Notebook files, or folders searched for ``*.ipynb``; see the module docstring for how
        the learner and the lesson are read from the names.
    out
        Where to write the CSV (columns ``learner, notebook, exercise, status, message``); None writes none.
    timeout
        Seconds one notebook may run (all its cells together) before it is stopped.
    jobs
        Notebooks run at once, each in its own kernel (default: the number of cores).
    shard
        ``"I/N"`` or ``(I, N)``: grade only the learners in shard I of N (see :func:`in_shard`).
    report
        Where to write the HTML class report (self-contained; opens offline); None writes none.
    lesson
        The lesson of every submission whose file name does not say (``"00-start-here"``).
    root
        The kit whose checks, data and casekit are used (default: found from the current folder).
    progress
        Show a progress bar on stderr.

    Example::

        table = grade(["submissions/"], "grades.csv", timeout=60, jobs=4)
    """
    from tqdm import tqdm

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
    subs = find_submissions(paths, lessons)
    if not subs:
        msg = f"no notebooks (*.ipynb) found in {', '.join(map(str, paths))}."
        raise GradeError(msg)
    for sub in subs:
        sub.lesson = sub.lesson or lesson
    subs = [s for s in subs if in_shard(s.learner, shard)]
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    registered = _registered(kit / "data")
    case = load_case(kit / "data", validate=False)
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="casekit-seed-") as seed:
        seed_cache = _seed_cache(kit, Path(seed) / "cache") if subs else None
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {
                pool.submit(
                    grade_notebook, s, kit=kit, timeout=timeout, lessons=lessons, registered=registered, seed_cache=seed_cache, case=case
                ): s
                for s in subs
            }
            bar = tqdm(total=len(futures), desc="grading", unit="notebook", file=sys.stderr, disable=not progress)
            for future in as_completed(futures):
                sub = futures[future]
                try:
                    results.extend(future.result())
                except Exception as exc:  # noqa: BLE001 - reported, the rest graded
                    msg = f"the grader failed on {sub.path.name} ({type(exc).__name__}: {str(exc)[:120]})."
                    results.append(dict(zip(COLUMNS, (sub.learner, sub.notebook, "", "error", msg))))
                bar.update(1)
            bar.close()
    table = pd.DataFrame(results, columns=COLUMNS).astype(str)
    table = table.sort_values(["learner", "notebook", "exercise"], kind="stable").reset_index(drop=True)
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False)
    if report is not None:
        write_report(table, report)
    return table


def summary(table: pd.DataFrame) -> str:
    """A few lines for the terminal: counts per status and the pass rate of each exercise, hardest first."""
    if table.empty:
        return "Nothing graded (no submissions in this shard)."
    learners = table["learner"].nunique()
    notebooks = len(table[["learner", "notebook"]].drop_duplicates())
    counts = table["status"].value_counts()
    lines = [
        f"Graded {plural(notebooks, 'notebook')} of {plural(learners, 'learner')}: {len(table)} results.",
        "  " + " · ".join(f"{s} {int(counts.get(s, 0))}" for s in STATUSES),
    ]
    per = table[table["exercise"] != ""]
    if len(per):
        rates = pd.DataFrame(
            {"total": per.groupby("exercise").size(), "passed": per.assign(ok=per["status"] == "passed").groupby("exercise")["ok"].sum()}
        ).astype(int)
        rates["rate"] = rates["passed"] / rates["total"]
        rates = rates.sort_values(["rate", "total"], ascending=[True, False])
        width = max(map(len, rates.index))
        lines.append("Pass rate by exercise (hardest first):")
        lines += [f"  {ex:<{width}}  {int(r.passed)} of {int(r.total)} ({r.rate:.0%})" for ex, r in rates.iterrows()]
    return "\n".join(lines)
