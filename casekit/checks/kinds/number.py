"""The ``number`` kind: a number against the reference, within a tolerance and in a unit."""

from __future__ import annotations

import math
import numbers

from ...common.wording import describe
from ..references import source_table
from ..result import CheckResult, result
from .base import CheckKind, Spec

__all__ = ["AGGREGATES", "NumberKind", "check_number"]

AGGREGATES = ("count", "nunique", "sum", "min", "max", "mean")


def check_number(value, reference: float, tolerance: float = 0.0, unit: str = "") -> CheckResult:
    """Compare a number with the reference, within ``tolerance`` (in ``unit``).

    >>> check_number(13.9, 14, tolerance=0.5, unit="years").status
    'passed'
    """
    u = f" {unit}" if unit else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, str):
            return result("error", f"expected a number such as 3.5; got the text {value[:20]!r} (remove the quotes).")
        return result("error", f"expected a number such as 3.5; got {describe(value)}.")
    if not math.isfinite(float(value)):
        return result("error", f"expected a finite number; got {value}.")
    if abs(float(value) - float(reference)) <= float(tolerance) + 1e-9:
        within = f" (within {tolerance:g}{u})" if tolerance else ""
        return result("passed", f"{value:g}{u} matches the reference{within}.")
    side = "high" if float(value) > float(reference) else "low"
    notes = []
    if unit == "years" and reference and abs(float(value) / 365.25 - float(reference)) <= float(tolerance) + 0.5:
        notes.append("that looks like a number of days; divide it by 365.25 to get years.")
    elif float(value).is_integer() and abs(float(value) - float(reference)) < 1:
        notes.append("close: do not round to a whole number; keep one decimal place.")
    message = f"{value:g}{u} is too {side}" + (f" by more than {tolerance:g}{u}." if tolerance else ".")
    return result("failed", message, notes, notes=notes)


class NumberKind(CheckKind):
    """A number: literal ``value``, or an ``aggregate`` of a table column; ``tolerance`` and ``unit``."""

    name = "number"
    fields = frozenset({"reference", "value", "tolerance", "unit"})

    def build(self, case, ex: dict) -> Spec:
        """The reference number, its tolerance and unit."""
        if "value" in ex:
            value = ex["value"]
        else:
            ref = ex.get("reference") or {}
            how = ref.get("aggregate", "count")
            if how not in AGGREGATES:
                msg = f"aggregate {how!r} is unknown; use {', '.join(AGGREGATES[:-1])} or {AGGREGATES[-1]}."
                raise LookupError(msg)
            value = getattr(source_table(case, ref)[ref["column"]], how)()
        return {"reference": float(value), "tolerance": float(ex.get("tolerance", 0)), "unit": ex.get("unit", "")}

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_number`."""
        return check_number(value, **spec)

    def key_text(self, spec: Spec, ex: dict) -> str:
        """The number, its unit and tolerance."""
        within = f" (within {spec['tolerance']:g})" if spec["tolerance"] else ""
        return f"{spec['reference']:g} {spec['unit']}".strip() + within
