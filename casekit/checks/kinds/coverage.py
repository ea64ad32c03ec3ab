"""The ``coverage`` kind: open work as a table with one row per reference id, allowed values and cited ids that exist.

It says what is missing or malformed and never judges the reasoning: a pass means "complete and well-formed".
"""

from __future__ import annotations

import pandas as pd

from ...common.ids import split_ids
from ...common.values import is_blank
from ...common.wording import listing, plural
from ..references import source_table
from ..result import CheckResult, result
from .base import CheckKind, Spec

__all__ = ["CoverageKind", "check_coverage"]


def check_coverage(
    value,
    reference: list[str],
    key: str,
    allowed: dict[str, list[str]] | None = None,
    cites: dict[str, set[str]] | None = None,
    noun: str = "row",
    filled: list[str] | None = None,
) -> CheckResult:
    """One row per reference id in column ``key``; ``allowed`` values per column; ``cites`` columns must name
    existing ids; ``filled`` columns must not be empty."""
    allowed, cites, filled = allowed or {}, cites or {}, filled or []
    needed = [key, *allowed, *cites, *filled]
    if not isinstance(value, pd.DataFrame):
        return result("error", f"expected a table (DataFrame) with columns {', '.join(needed)}; got {type(value).__name__}.")
    absent = [c for c in needed if c not in value.columns]
    if absent:
        return result("error", f"the table has no column {', '.join(map(repr, absent))}; it needs {', '.join(needed)}.")
    have = [str(v) for v in value[key]]
    missing = [r for r in reference if r not in have]
    unknown = sorted({h for h in have if h not in reference})
    details = []
    for row in value.itertuples(index=False):
        ident = str(getattr(row, key))
        for column, options in allowed.items():
            cell = getattr(row, column)
            if str(cell) not in options:
                details.append(f"{ident}: {column} is {cell!r}; use one of {', '.join(options)}.")
        for column in filled:
            cell = getattr(row, column)
            if is_blank(cell):
                details.append(f"{ident}: {column} is empty; write a few words.")
        for column, valid in cites.items():
            ids = split_ids(getattr(row, column))
            if not ids:
                details.append(f"{ident}: {column} is empty; cite at least one id.")
            bad = [i for i in ids if i not in valid]
            if bad:
                details.append(f"{ident}: {column} names {listing(bad)}, which do not exist.")
    if missing:
        details.insert(0, f"missing {plural(len(missing), noun)}: {listing(missing)}.")
    if unknown:
        details.insert(0, f"not {noun}s of this case: {listing(unknown)}.")
    if details:
        return result("failed", f"{len(reference) - len(missing)} of {plural(len(reference), noun)} covered; see below.", details)
    return result(
        "passed", f"every {noun} has a row with allowed values and existing ids. (This checks completeness and form, not your reasoning.)"
    )


class CoverageKind(CheckKind):
    """One row per id of a table column (``key``), with ``allowed`` values, ``cites`` that exist and ``filled`` columns."""

    name = "coverage"
    fields = frozenset({"reference", "key", "allowed", "cites", "filled"})
    open_work = True

    def build(self, case, ex: dict) -> Spec:
        """The ids to cover, the allowed values per column, and the ids each citing column may name."""
        ref = ex.get("reference") or {}
        df = source_table(case, ref)
        cites = {}
        for column, target in ex.get("cites", {}).items():
            table, _, cited = target.partition(".")
            cites[column] = set(source_table(case, {"table": table})[cited].astype(str))
        return {
            "reference": [str(v) for v in df[ref["column"]]],
            "key": ex.get("key", ref["column"]),
            "allowed": dict(ex.get("allowed", {})),
            "cites": cites,
            "noun": ex.get("noun", "row"),
            "filled": list(ex.get("filled", [])),
        }

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_coverage`."""
        return check_coverage(value, **spec)
