"""Running the check registered for an exercise on a learner's value: no side effects, never raises on the value."""

from __future__ import annotations

from ..common.wording import describe
from .kinds import check_ids, check_labels, check_number, check_table
from .openwork import check_coverage, check_text
from .references import build_reference, case_tables
from .registry import find_exercise
from .result import NOT_STARTED, CheckResult, result

__all__ = ["RUNNERS", "answer_text", "run_check"]


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
    if isinstance(value, str) and not value.strip():
        return CheckResult(
            "not-started", "Not started yet: write your answer between the quotes, then run this cell again.", [], exercise_id
        )
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


def _rows_text(df, columns: list[str], explain: str | None = None) -> str:
    """Each row as 'id, value', with the text of its ``explain`` column in brackets where it has one."""

    def one(row) -> str:
        text = ", ".join(str(row[c]) for c in columns)
        why = row.get(explain) if explain else None
        return f"{text} ({why.strip().rstrip('.')})" if isinstance(why, str) and why.strip() else text

    return "; ".join(one(row) for _, row in df.iterrows())


def answer_text(exercise_id: str, case=None) -> str:
    """The key of an exercise written out for a learner who asked for it, with its explanations where the case has them."""
    ex, problem = find_exercise(exercise_id, case)
    if problem:
        return ""
    try:
        spec = build_reference(case_tables(case), ex)
    except Exception:  # noqa: BLE001 - no answer is better than a traceback
        return ""
    kind, ref = ex["kind"], spec.get("reference")
    labels = spec.get("labels") or {}
    if kind == "ids":
        return ", ".join(f"{i} ({labels[i]})" if labels.get(i) else i for i in ref)
    if kind == "labels":
        why = spec.get("explanations") or {}
        return "; ".join(f"{k}: {v}" + (f" ({why[k]})" if isinstance(why.get(k), str) and why[k] else "") for k, v in ref.items())
    if kind == "table":
        key = [spec["key"]] if isinstance(spec["key"], str) else list(spec["key"])
        explain = (ex.get("reference") or {}).get("explain") if "rows" not in ex else None
        return _rows_text(ref, [*key, *spec["columns"]], explain)
    if kind == "number":
        within = f" (within {spec['tolerance']:g})" if spec["tolerance"] else ""
        return f"{spec['reference']:g} {spec['unit']}".strip() + within
    return "this is open work with no single answer; compare yours with the rubric and the self-check list."
