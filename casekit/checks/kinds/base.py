"""What every check kind is: one object that owns its reference, its comparison, its key's text and its hints.

A kind is a subclass of :class:`CheckKind` in a module of its own, registered by one line in
``checks/kinds/__init__.py``. Everything else (running a check, validating the case's
``checks/*.toml``, the feedback a learner sees on each try, grading) asks the kind.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from ...case.model import Case
from ..references import source_table
from ..result import CheckResult

__all__ = ["COMMON_FIELDS", "CheckKind", "Spec", "accepted_readings", "extras_nameable", "query_columns"]

# The fields every exercise entry may have, whatever its kind (see docs/checks.md).
COMMON_FIELDS = frozenset({"id", "kind", "description", "hint", "hints", "weight", "noun", "accept", "misconception"})

Spec = dict[str, Any]  # the reference and options a kind's ``compare`` takes as keyword arguments


class CheckKind:
    """One kind of check (``ids``, ``table`` ...): subclass it, set the class attributes, write the four methods.

    ``fields``        the fields its ``checks/*.toml`` entry may have beyond ``COMMON_FIELDS``.
    ``verb``          how a learner's right items are counted ("3 of 5 ids found" / "right").
    ``general_hint``  the hint about the concept on every wrong try, when the exercise gives none.
    ``second_hint``   the hint added from the second try on, when the exercise has no hint for the item.
    ``open_work``     True for work with no single right answer: a pass means "complete and well-formed".
    ``keyed_by_row``  True when only the rows the query picks hold the key (a label per item, a compared row).
    ``earned``        how the key is introduced when a pass earns it (the kit's reasons, or a model answer).
    """

    name: ClassVar[str] = ""
    fields: ClassVar[frozenset[str]] = frozenset()
    verb: ClassVar[str] = "right"
    general_hint: ClassVar[str] = ""
    second_hint: ClassVar[str] = ""
    open_work: ClassVar[bool] = False
    keyed_by_row: ClassVar[bool] = False
    earned: ClassVar[str] = "The kit's reasons"

    def build(self, case: Case, ex: dict) -> Spec:
        """The reference of exercise ``ex`` (its registry entry) from the case's tables or its literals."""
        raise NotImplementedError

    def compare(self, value: Any, **spec: Any) -> CheckResult:
        """The learner's ``value`` compared with the reference; never raises on the value."""
        raise NotImplementedError

    def key_text(self, spec: Spec, ex: dict) -> str:
        """The key written out for a learner who asked for it, with its explanations where the case has them."""
        return "this is open work with no single answer; compare yours with the rubric and the self-check list."

    def explains_on_pass(self, ex: dict) -> bool:
        """Whether a pass shows the key with its reasons: when the reference has an ``explain`` column (or ``explanations``)."""
        return bool((ex.get("reference") or {}).get("explain") or ex.get("explanations"))

    def key_columns(self, case: Case, ex: dict) -> list[str]:
        """The columns of the reference's table that would give the key away (sealed for learners until passed); none by default."""
        return []

    def key_rows(self, case: Case, ex: dict) -> Any:
        """The rows of the reference's table whose ``key_columns`` hold the key (an index), or None for every row.

        With ``keyed_by_row``, the rows the reference's query picks, when it picks them by their own ids (the exercise
        names the items it asks about, and the others key nothing). A query that picks rows by another column (the
        relations of one sentence) makes the rows themselves part of the answer: sealing only those would point at
        them, so every row is sealed.
        """
        ref = ex.get("reference") or {}
        if not (self.keyed_by_row and ref.get("query")) or ref.get("table") not in case.tables:
            return None
        key = ref.get("key")
        by_id = set(query_columns(ref, list(case.tables[ref["table"]].columns))) <= set([key] if isinstance(key, str) else key or [])
        return source_table(case, ref).index if by_id else None

    def reference_problems(self, spec: Spec, ex: dict) -> list[str]:
        """Problems of a built reference that ``validate`` reports (beyond an empty one); none by default."""
        return []

    def __repr__(self) -> str:
        return f"<check kind {self.name!r}>"


def extras_nameable(*, missing: int, mine: int, key: int, universe: int | None) -> bool:
    """Whether the learner's items that are not in the answer may be named without mapping the key.

    They may not when the learner's list holds the whole key (naming the rest names the key),
    or when it covers most of what there is to list (half of the table's ids, or, when the
    table is unknown, more than twice the key and three more).

    >>> extras_nameable(missing=1, mine=2, key=2, universe=30), extras_nameable(missing=0, mine=3, key=2, universe=30)
    (True, False)
    """
    if not missing:
        return False
    if universe:
        return mine * 2 <= universe
    return mine <= 2 * key + 3


def accepted_readings(ex: dict) -> list[dict]:
    """The exercise's ``accept`` entries: other answers it takes for an item, each with the kit's ``reading``."""
    entries = ex.get("accept") or []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("item"), str) and isinstance(e.get("reading"), str)]


def query_columns(ref: dict, columns: list[str]) -> list[str]:
    """The columns of a table (``columns``) that the reference's ``query`` reads.

    >>> query_columns({"query": "type == 'analyst' and `from` != 'x'"}, ["type", "from", "name"])
    ['type', 'from']
    """
    query = str(ref.get("query") or "")
    return [c for c in columns if re.search(rf"(?<![\w`]){re.escape(c)}(?![\w`])|`{re.escape(c)}`", query)]
