"""The ``ids`` kind: a set of ids (sentences, claims, actors ...) against the reference set."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ...common.ids import example_ids, split_ids
from ...common.wording import describe, listing, plural
from ..references import labels_for, source_table
from ..result import CheckResult, result
from .base import CheckKind, Spec

__all__ = ["IdsKind", "check_ids"]

_ID_LIKE = re.compile(r"^[A-Za-z_]*\d+[A-Za-z]?$")


def _ids_in_text(text: str, example: list[str]) -> tuple[list[str] | None, str | None]:
    """Ids typed as one text ("S03, S12" or "S03 S12"), or what to type instead."""
    parts = split_ids(text)
    if parts and all(_ID_LIKE.match(p) for p in parts):
        return parts, None
    return None, f"expected a list or set of ids, such as {example!r}; got the text {text[:40]!r}. Put each id in quotes inside [ ]."


def id_values(value: Any, example: list[str]) -> tuple[list[str] | None, str | None]:
    """The ids in a learner's value, or a sentence saying what was expected (``example``: two ids shaped like the reference's)."""
    expect = f"expected a list or set of ids, such as {example!r}"
    if isinstance(value, str):
        return _ids_in_text(value, example)
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            value = value.iloc[:, 0]
        else:
            return None, f"{expect}; got a table (DataFrame) with columns {', '.join(map(str, value.columns[:6]))} (pick one column)."
    if isinstance(value, dict):
        return None, f"{expect}; got a dict (use list(your_dict) for its keys)."
    if isinstance(value, pd.Series | pd.Index):
        value = value.tolist()
    if not isinstance(value, list | tuple | set | frozenset) and not hasattr(value, "tolist"):
        return None, f"{expect}; got {describe(value)}."
    if hasattr(value, "tolist"):
        value = value.tolist()
    items = list(value)
    bad = [v for v in items if not isinstance(v, str)]
    if bad:
        return None, f"expected ids as text, such as {example[0]!r}; got {describe(bad[0])} ({str(bad[0])[:20]}) in the list."
    return [v.strip() for v in items], None


def check_ids(value, reference, labels: dict[str, str] | None = None, noun: str = "id") -> CheckResult:
    """Compare a collection of ids with the reference set; name missing and extra ids, with labels.

    >>> check_ids(["P1"], ["P1", "P2"], noun="paragraph").status
    'failed'
    """
    labels = labels or {}
    ref = list(dict.fromkeys(str(r) for r in reference))
    got, problem = id_values(value, example_ids(ref))
    if problem or got is None:
        return result("error", problem or "expected a list of ids.")
    notes = [f"your text was read as the list {got!r}; next time type it like that."] if isinstance(value, str) else []
    if not got:
        return result("failed", f"the list is empty; the reference has {plural(len(ref), noun)}.", right=0, total=len(ref), noun=noun)
    mine = list(dict.fromkeys(got))
    show = lambda i: f"{i} ({labels[i]})" if labels.get(i) else i  # noqa: E731
    missing = [i for i in ref if i not in mine]
    extra = [i for i in mine if i not in ref]
    details = [f"missing: {show(i)}" for i in missing] + [f"not in the reference: {show(i)}" for i in extra]
    for i in extra:
        twin = next((r for r in missing if r.casefold() == i.casefold()), None)
        if twin:
            notes.append(f"{i!r} differs from {twin!r} only in upper/lower case; ids must match exactly.")
    dups = [i for i in mine if got.count(i) > 1]
    notes += [f"{i} is listed more than once (counted once)." for i in dups]
    details += notes
    shown = {"right": len(ref) - len(missing), "total": len(ref), "noun": noun, "extra": extra, "notes": notes}
    if not missing and not extra:
        return result("passed", f"your {plural(len(ref), noun)} match the reference exactly.", details, **shown)
    found = len(ref) - len(missing)
    parts = [f"{found} of {len(ref)} {noun}s found"]
    if missing:
        parts.append(f"missing: {listing([show(i) for i in missing])}")
    if extra:
        parts.append(f"not in the reference: {listing([show(i) for i in extra])}")
    return result("failed", "; ".join(parts) + ".", details, **shown)


class IdsKind(CheckKind):
    """A set of ids: from a table column (cells may hold ``;``-separated ids) or literal ``values``."""

    name = "ids"
    fields = frozenset({"reference", "values", "label"})
    verb = "found"
    general_hint = "Go back to what the exercise asks for and test each candidate against it, one by one."
    second_hint = "Some are still to find: search the text again with the cue words of the lesson, and read each hit."

    def build(self, case, ex: dict) -> Spec:
        """The reference ids, and the labels shown beside them."""
        ref = ex.get("reference") or {}
        if "values" in ex:
            values, df = [str(v) for v in ex["values"]], None
        else:
            df = source_table(case, ref)
            values = list(dict.fromkeys(i for cell in df[ref["column"]] for i in split_ids(cell)))
        return {"reference": values, "labels": labels_for(case, ex, df, ref.get("column")), "noun": ex.get("noun", "id")}

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_ids`."""
        return check_ids(value, **spec)

    def key_text(self, spec: Spec, ex: dict) -> str:
        """The ids, each with its label."""
        labels = spec.get("labels") or {}
        return ", ".join(f"{i} ({labels[i]})" if labels.get(i) else i for i in spec["reference"])
