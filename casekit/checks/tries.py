"""What counts as a try: a new, well-formed answer. Blank runs, re-runs of the same answer and slips of form do not."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from ..common.folding import fold_label
from ..common.tries import digest
from .result import CheckResult

__all__ = ["counts_as_try", "fingerprint"]

_DEPTH = 4


def _canonical(value: Any, depth: int = 0) -> Any:
    """The answer as a person meant it: text folded, order of a collection ignored, numbers as numbers."""
    if depth > _DEPTH:
        return "…"
    if isinstance(value, pd.DataFrame):
        rows = value.reset_index(drop=not any(value.index.names)).astype(object).to_numpy().tolist()
        return ["table", sorted(map(fold_label, value.columns)), sorted(json.dumps(_canonical(r, depth + 1)) for r in rows)]
    if isinstance(value, pd.Series):
        return _canonical(value.to_dict(), depth)
    if isinstance(value, dict):
        return sorted([_canonical(k, depth + 1), _canonical(v, depth + 1)] for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset | pd.Index):
        return sorted({json.dumps(_canonical(v, depth + 1)) for v in value})
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return None if isinstance(value, float) and math.isnan(value) else round(float(value), 9)
    return fold_label(value)


def fingerprint(value: Any) -> str:
    """A short fingerprint of an answer: the same for "S13" and "s13", for a list in any order, for a re-run.

    >>> fingerprint(["S13", "S14"]) == fingerprint(["s14", " S13"])
    True
    """
    try:
        canonical = _canonical(value)
    except RecursionError:
        canonical = repr(type(value))
    return digest(canonical)


def counts_as_try(result: CheckResult) -> bool:
    """True for a well-formed answer (passed or not yet); a blank run or a slip of form is not a try."""
    return result.status in ("passed", "failed")
