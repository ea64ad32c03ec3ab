"""Checks of exercise results, the pure logic behind ``check("07-dates", events)``.

The case folder's ``checks/*.toml`` (or ``checks.toml``) assigns each exercise id a generic kind and
its reference (see ``docs/checks.md``); this package holds the generic kinds:

``ids``     a set of ids against a reference set (names missing and extra ids, with labels).
``table``   a DataFrame against a reference table by key columns (optionally EDTF dates by meaning).
``labels``  a mapping id -> label against a reference column, explaining each disagreement.
``number``  a number with a tolerance and a unit.
``coverage`` and ``text`` (in ``openwork``): open work checked for shape, not content.

A check never raises on a learner's value: a wrong type, a missing column or
an unparseable date gives one sentence that says what was expected. The
placeholder ``...`` (or None) means "not started yet". The learner's ``check``,
which also records the result, is ``casekit.notebook.checking.check``.
"""

from .kinds import check_ids, check_labels, check_number, check_table
from .openwork import check_coverage, check_text
from .references import KINDS
from .registry import load_registry, registry
from .result import CheckResult
from .run import run_check
from .validate import validate_checks

__all__ = [
    "KINDS",
    "CheckResult",
    "check_coverage",
    "check_ids",
    "check_labels",
    "check_number",
    "check_table",
    "check_text",
    "load_registry",
    "registry",
    "run_check",
    "validate_checks",
]
