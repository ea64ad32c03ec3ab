"""The check kinds, one module each, registered here by one line each.

Adding a kind: write a module with a :class:`~casekit.checks.kinds.base.CheckKind` subclass
(its fields, ``build``, ``compare``, ``key_text``, hints) and add one line to ``KINDS`` below.
Running, validating, the learner's feedback in steps and grading all ask the kind.
"""

from __future__ import annotations

from typing import Any

from ...case.model import Case
from .base import COMMON_FIELDS, CheckKind, Spec
from .coverage import CoverageKind, check_coverage
from .ids import IdsKind, check_ids
from .labels import LabelsKind, check_labels
from .number import NumberKind, check_number
from .spans import SpansKind, check_spans
from .table import TableKind, check_table
from .text import TextKind, check_text

__all__ = [
    "COMMON_FIELDS",
    "KINDS",
    "CheckKind",
    "build_reference",
    "check_coverage",
    "check_ids",
    "check_labels",
    "check_number",
    "check_spans",
    "check_table",
    "check_text",
    "key_columns",
    "kind_of",
]

KINDS: dict[str, CheckKind] = {
    kind.name: kind
    for kind in (
        IdsKind(),
        TableKind(),
        LabelsKind(),
        NumberKind(),
        CoverageKind(),
        TextKind(),
        SpansKind(),
    )
}


def kind_of(ex: dict) -> CheckKind:
    """The kind of a registered exercise; a LookupError names the kinds there are.

    >>> kind_of({"kind": "ids"}).name
    'ids'
    """
    name = ex.get("kind")
    if not isinstance(name, str) or name not in KINDS:
        msg = f"kind {name!r} is unknown; use one of {', '.join(KINDS)}."
        raise LookupError(msg)
    return KINDS[name]


def key_columns(case: Case, exercises: list[dict]) -> dict[tuple[str, str], list[tuple[str, Any]]]:
    """Each (table, column) that would give an exercise's key away: the exercises it keys, each with its rows (None: every row)."""
    out: dict[tuple[str, str], list[tuple[str, Any]]] = {}
    for ex in exercises:
        kind = KINDS.get(str(ex.get("kind")))
        table = (ex.get("reference") or {}).get("table")
        if kind is None or table not in case.tables:
            continue
        try:
            columns, rows = kind.key_columns(case, ex), kind.key_rows(case, ex)
        except Exception:  # noqa: BLE001 - a broken entry is validate's to report; it seals nothing
            continue
        for column in columns:
            if column in case.tables[table].columns:
                out.setdefault((table, column), []).append((str(ex.get("id")), rows))
    return out


def build_reference(case: Case, ex: dict) -> Spec:
    """The reference of an exercise (and its labels, explanations, options) from the case's tables or literals."""
    return kind_of(ex).build(case, ex)
