"""Checks of exercise results, the pure logic behind ``check("07-dates", events)``.

The case folder's ``checks/*.toml`` (or ``checks.toml``) assigns each exercise id a generic kind and
its reference (see ``docs/checks.md``); this package holds the generic kinds, one module each in
``checks/kinds/`` (``ids``, ``table``, ``labels``, ``number``, and for open work ``coverage`` and
``text``), each a :class:`~casekit.checks.kinds.CheckKind` registered by one line in ``KINDS``.

A check never raises on a learner's value: a wrong type, a missing column or
an unparseable date gives one sentence that says what was expected. The
placeholder ``...`` (or None) means "not started yet". The learner's ``check``,
which also records the result, is ``casekit.notebook.checking.check``.
"""

from .kinds import KINDS, CheckKind, build_reference, check_coverage, check_ids, check_labels, check_number, check_table, check_text
from .registry import load_registry, registry
from .result import CheckResult
from .run import key_text, run_check
from .steps import stepped
from .validate import validate_checks

__all__ = [
    "KINDS",
    "CheckKind",
    "CheckResult",
    "build_reference",
    "check_coverage",
    "check_ids",
    "check_labels",
    "check_number",
    "check_table",
    "check_text",
    "key_text",
    "load_registry",
    "registry",
    "run_check",
    "stepped",
    "validate_checks",
]
