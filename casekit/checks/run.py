"""Running the check registered for an exercise on a learner's value: no side effects, never raises on the value."""

from __future__ import annotations

from ..common.wording import describe
from .kinds import check_ids, check_labels, check_number, check_table
from .openwork import check_coverage, check_text
from .references import build_reference, case_tables
from .registry import find_exercise
from .result import NOT_STARTED, CheckResult, result

__all__ = ["RUNNERS", "run_check"]


RUNNERS = {
    "ids": check_ids,
    "labels": check_labels,
    "table": check_table,
    "number": check_number,
    "coverage": check_coverage,
    "text": check_text,
}


def run_check(exercise_id: str, value, case=None) -> CheckResult:
    """Run the check registered for ``exercise_id`` on ``value``; no side effects, never raises on the value.

    Example::

        run_check("07-dates", dates).status     # 'passed', 'failed', 'not-started' or 'error'
    """
    ex, problem = find_exercise(exercise_id, case)
    if problem:
        problem.exercise_id = str(exercise_id)
        return problem
    if value is Ellipsis or value is None:
        return CheckResult("not-started", NOT_STARTED, [], exercise_id)
    try:
        spec = build_reference(case_tables(case), ex)
    except Exception as exc:  # noqa: BLE001 - a broken registry entry is the instructor's to fix
        return CheckResult(
            "error", f"Cannot check: the reference for {exercise_id} cannot be built ({exc}); ask your instructor.", [], exercise_id
        )
    try:
        outcome = RUNNERS[ex["kind"]](value, **spec)
    except Exception as exc:  # noqa: BLE001 - an odd value must not give a traceback
        outcome = result("error", f"this value cannot be compared ({type(exc).__name__}: {str(exc)[:80]}); {describe(value)} was given.")
    outcome.exercise_id = exercise_id
    return outcome
