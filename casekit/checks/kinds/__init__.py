"""The check kinds, one module each, registered here by one line each.

Adding a kind: write a module with a :class:`~casekit.checks.kinds.base.CheckKind` subclass
(its fields, ``build``, ``compare``, ``key_text``, hints) and add one line to ``KINDS`` below.
Running, validating, the learner's feedback in steps and grading all ask the kind.
"""

from __future__ import annotations

from ...case.model import Case
from .base import COMMON_FIELDS, CheckKind, Spec
from .coverage import CoverageKind, check_coverage
from .ids import IdsKind, check_ids
from .labels import LabelsKind, check_labels
from .number import NumberKind, check_number
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
    "check_table",
    "check_text",
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


def build_reference(case: Case, ex: dict) -> Spec:
    """The reference of an exercise (and its labels, explanations, options) from the case's tables or literals."""
    return kind_of(ex).build(case, ex)
