"""Running the check registered for an exercise on a learner's value: no side effects, never raises on the value."""

from __future__ import annotations

from ..common.wording import describe
from .kinds import build_reference, kind_of
from .references import cached_case
from .registry import find_exercise
from .result import NOT_STARTED, CheckResult, result

__all__ = ["key_text", "run_check"]


def run_check(exercise_id: str, value, case=None) -> CheckResult:
    """Run the check registered for ``exercise_id`` on ``value``; no side effects, never raises on the value.

    Example::

        run_check("07-dates", dates).status     # 'passed', 'failed', 'not-started' or 'error'
    """
    ex, problem = find_exercise(exercise_id, case)
    if problem or ex is None:
        problem = problem or result("error", f"there is no exercise {exercise_id!r}.")
        problem.exercise_id = str(exercise_id)
        return problem
    if value is Ellipsis or value is None:
        return CheckResult("not-started", NOT_STARTED, [], exercise_id)
    if isinstance(value, str) and not value.strip():
        return CheckResult(
            "not-started", "Not started yet: write your answer between the quotes, then run this cell again.", [], exercise_id
        )
    try:
        kind = kind_of(ex)
        spec = kind.build(cached_case(case), ex)
    except Exception as exc:  # noqa: BLE001 - a broken registry entry is the instructor's to fix
        return CheckResult(
            "error", f"Cannot check: the reference for {exercise_id} cannot be built ({exc}); ask your instructor.", [], exercise_id
        )
    try:
        outcome = kind.compare(value, **spec)
    except Exception as exc:  # noqa: BLE001 - an odd value must not give a traceback
        outcome = result("error", f"this value cannot be compared ({type(exc).__name__}: {str(exc)[:80]}); {describe(value)} was given.")
    outcome.exercise_id = exercise_id
    return outcome


def key_text(exercise_id: str, case=None) -> str:
    """The key of an exercise written out for a learner who asked for it, with its explanations where the case has them."""
    ex, problem = find_exercise(exercise_id, case)
    if problem or ex is None:
        return ""
    try:
        kind = kind_of(ex)
        return kind.key_text(build_reference(cached_case(case), ex), ex)
    except Exception:  # noqa: BLE001 - no answer is better than a traceback
        return ""
