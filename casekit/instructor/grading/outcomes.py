"""Each exercise's status and message from what one run gave back: checked values, cells that raised, where and why it stopped.

The statuses and the grades table's columns are here too: the grader, its summary, the class report and the exports share them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from ...checks.result import CheckResult
from ...common.wording import plural
from .intake.scan import CheckCall
from .run.limits import Limits
from .run.runner import Run
from .run.transport import MAX_ITEMS, decode_value, items_in

__all__ = ["COLUMNS", "FLAGS", "STATUSES", "Outcome", "outcomes"]

COLUMNS = ["learner", "notebook", "exercise", "status", "message", "points", "possible"]
STATUSES = ("passed", "failed", "not-started", "error", "timeout", "invalid", "marked")  # "marked": a written answer the instructor marked

JUDGE_SECONDS = 30  # the most one value may take to be judged in the grading process

FLAGS = {"memory": "--memory", "processes": "--processes", "file_size": "--file-size", "cpu": "--cpu", "output": "--output"}


@dataclass
class Outcome:
    """One exercise of one notebook: status, message for the instructor, and the check's result and value when it ran."""

    exercise: str
    status: str
    message: str
    result: CheckResult | None = None  # the CheckResult, when the check ran
    value: object = None  # the learner's value, rebuilt, when it could be read


def _limit_words(run: Run, limits: Limits, timeout: float) -> str:
    return f"{limits.message(run.limit, timeout)} (the limit per notebook; {FLAGS[run.limit]} sets it)"


def _notes(run: Run, nb_cells: int, timeout: float, limits: Limits) -> str:
    note = ""
    if run.errors and run.stop_reason != "limit":
        first = min(run.errors)
        more = len(run.errors) - 1
        extra = f"; {plural(more, 'more cell')} raised errors" if more else ""
        note = f" (Note: cell {first + 1} of {nb_cells} raised {run.errors[first]}{extra}; the other cells ran.)"
    where = run.stopped_at + 1 if run.stopped_at is not None else "?"
    if run.stop_reason == "timeout":
        note += f" (Note: cell {where} ran past the {timeout:g} s limit; the cells after it were not run.)"
    elif run.stop_reason == "died":
        note += f" (Note: the kernel stopped at cell {where}; the cells after it were not run.)"
    elif run.stop_reason == "limit":
        note += f" (Note: cell {where} {_limit_words(run, limits, timeout)}; the cells after it were not run.)"
    if run.left_running:
        note += f" (Note: the notebook left {plural(run.left_running, 'process', 'processes')} running; the grader stopped them.)"
    return note


def _not_reached(call: CheckCall, run: Run, timeout: float, limits: Limits, note: str) -> tuple[str, str]:
    stop = (run.stopped_at or 0) + 1
    if run.stop_reason == "timeout":
        where = (
            f"its check in cell {call.cell + 1} did not finish"
            if call.cell == run.stopped_at
            else f"the check in cell {call.cell + 1} was not reached"
        )
        return "timeout", f"The notebook did not finish within {timeout:g} s: cell {stop} was still running (an endless loop?), so {where}."
    if run.stop_reason == "limit":
        return (
            "error",
            f"Cannot check: cell {stop} {_limit_words(run, limits, timeout)}, so the check in cell {call.cell + 1} was not graded.",
        )
    if run.stop_reason == "died":
        return (
            "error",
            f"The kernel stopped at cell {stop} (the notebook may call exit(), or kill its own process), so the check in cell {call.cell + 1} was not reached.",
        )
    return "error", f"The check in cell {call.cell + 1} could not be read back.{note}"


def judged(check: Callable[[str, object], object], exercise: str, value, seconds: float = JUDGE_SECONDS):
    """``check(exercise, value)`` against a deadline, in a thread of its own; None when it did not finish in time.

    A check that runs past it is left to end on its own (a daemon thread: it never holds the run, or the exit, up).
    """
    box: list = []

    def judge() -> None:
        try:
            box.append(check(exercise, value))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box.append(exc)

    worker = threading.Thread(target=judge, daemon=True, name=f"judge {exercise}"[:40])
    worker.start()
    worker.join(seconds)
    if box and isinstance(box[0], BaseException):
        raise box[0]
    return box[0] if box else None


def outcomes(
    expected: list[str],
    calls: list[CheckCall],
    run: Run,
    nb_cells: int,
    timeout: float,
    limits: Limits,
    check: Callable[[str, object], object],
) -> list[Outcome]:
    """One outcome per expected exercise; ``check(exercise, value)`` runs the case's check in this process."""
    last_call = {c.exercise: c for c in calls}
    note = _notes(run, nb_cells, timeout, limits)
    out = []
    for ex in expected:
        call = last_call.get(ex)
        if call is None:
            msg = f'No check("{ex}", ...) cell in the notebook: the learner has not done it, or deleted or renamed that cell.'
            out.append(Outcome(ex, "not-started", msg))
            continue
        got = run.values.get(ex)
        if run.stop_reason == "limit" and run.stopped_at is not None and call.cell >= run.stopped_at:
            got = None  # a check at or after the cell that ran into a limit is not graded
        if got is None:
            out.append(Outcome(ex, *_not_reached(call, run, timeout, limits, note)))
            continue
        if "missing" in got:
            raised = run.errors.get(call.cell)
            why = (
                f"cell {call.cell + 1} raised {raised}"
                if raised
                else f"{call.expression} is not defined after cell {call.cell + 1} ({got['missing']})"
            )
            out.append(Outcome(ex, "error", f"Cannot check: {why}; the answer could not be read.{note}"))
            continue
        if "unreadable" in got:
            msg = (
                f"Cannot check: the value of {call.expression} is a {got['unreadable']}, which the grader cannot read "
                f"({got.get('why', '')}); use a list, dict, number, text or DataFrame.{note}"
            )
            out.append(Outcome(ex, "error", msg))
            continue
        if items_in(got.get("value")) > MAX_ITEMS:
            msg = (
                f"Cannot check: the value of {call.expression} has more than {MAX_ITEMS:,} parts (items, cells), "
                f"far more than any answer of this lesson; it was not judged.{note}"
            )
            out.append(Outcome(ex, "error", msg))
            continue
        try:
            value = decode_value(got.get("value"))
        except Exception as exc:  # noqa: BLE001 - a forged or odd file gives one line
            msg = f"Cannot check: the value of {call.expression} could not be rebuilt ({type(exc).__name__}).{note}"
            out.append(Outcome(ex, "error", msg))
            continue
        result = judged(check, ex, value)
        if result is None:
            msg = f"Cannot check: judging the value of {call.expression} took over {JUDGE_SECONDS} s; it was stopped.{note}"
            out.append(Outcome(ex, "error", msg))
            continue
        out.append(Outcome(ex, result.status, f"{result.message}{note}", result, value))
    return out
