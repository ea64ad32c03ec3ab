"""The ``ids`` kind: a set of ids (sentences, claims, actors ...) against the reference set."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd

from ...common.folding import fold_label
from ...common.ids import example_ids, split_ids
from ...common.wording import describe, listing, plural
from ..references import labels_for, source_table
from ..result import CheckResult, result
from ..vocab import IdCatalogue, catalogue_for, catalogue_of
from .base import CheckKind, Spec, accepted_readings, extras_nameable, query_columns

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


def _read_items(got: list[str], ref: list[str], catalogue: IdCatalogue | None) -> tuple[list[str], list[str], list[str]]:
    """(the ids the learner meant, notes on names read as ids, slips of form): case, spaces and dashes do not matter."""
    if catalogue is None:  # ids compared as a person types them, against the reference only
        canon = {fold_label(r): r for r in ref}
        return [canon.get(fold_label(i), i) for i in got], [], []
    meant, notes, slips = [], [], []
    for item in got:
        found, said = catalogue.read(item)
        if found is None:
            slips.append(said)
            continue
        meant.append(found)
        if said:
            notes.append(said)
    return meant, notes, slips


def check_ids(
    value,
    reference,
    labels: dict[str, str] | None = None,
    noun: str = "id",
    catalogue: IdCatalogue | None = None,
    accept: dict[str, str] | None = None,
) -> CheckResult:
    """Compare a collection of ids with the reference set; name missing and extra ids, with labels.

    ``catalogue`` (the ids of the table the reference comes from) lets a learner type ids in any
    case, or a name or alias for an id; an id of another kind or one that does not exist is a slip
    of form (status ``error``), not a wrong answer. ``accept`` maps ids that may be given or left
    out to the kit's reading of them.

    >>> check_ids(["P1"], ["P1", "P2"], noun="paragraph").status
    'failed'
    >>> check_ids(["p1", "P2"], ["P1", "P2"]).status
    'passed'
    """
    labels, accept = labels or {}, accept or {}
    ref = list(dict.fromkeys(str(r) for r in reference))
    got, problem = id_values(value, example_ids(ref))
    if problem or got is None:
        return result("error", problem or "expected a list of ids.")
    notes = [f"your text was read as the list {got!r}; next time type it like that."] if isinstance(value, str) else []
    meant, read_notes, slips = _read_items(got, ref, catalogue)
    if slips:
        more = f" (and {len(slips) - 1} more like it)" if len(slips) > 1 else ""
        return result("error", f"{slips[0].rstrip('.')}{more}. Fix that, then run the cell again; this was not counted as a try.")
    notes += read_notes
    if not meant:
        return result("failed", f"the list is empty; the reference has {plural(len(ref), noun)}.", right=0, total=len(ref), noun=noun)
    mine = list(dict.fromkeys(meant))
    show = lambda i: f"{i} ({labels[i]})" if labels.get(i) else i  # noqa: E731
    optional = [i for i in accept if i not in ref]
    required = [i for i in ref if i not in accept or i in mine]
    missing = [i for i in required if i not in mine]
    extra = [i for i in mine if i not in ref and i not in optional]
    readings = [f"{i} (accepted): {accept[i]}" for i in mine if i in accept and i not in ref]
    readings += [f"{i} (accepted): {accept[i]}" for i in ref if i in accept and i not in mine]
    details = [f"missing: {show(i)}" for i in missing] + [f"not in the reference: {show(i)}" for i in extra]
    times = Counter(meant)
    notes += [f"{i} is listed more than once (counted once)." for i in mine if times[i] > 1]
    details += notes
    universe = len(catalogue.ids) if catalogue else None
    named = extras_nameable(missing=len(missing), mine=len(mine), key=len(required), universe=universe)
    shown = {
        "right": len(required) - len(missing),
        "total": len(required),
        "noun": noun,
        "extra": extra if named else [],
        "unnamed": 0 if named else len(extra),
        "notes": notes,
        "readings": readings,
    }
    if not missing and not extra:
        how = ", with an accepted reading (see below)" if readings else " exactly"
        return result("passed", f"your {plural(len(mine), noun)} match the reference{how}.", [*details, *readings], **shown)
    found = len(required) - len(missing)
    parts = [f"{found} of {len(required)} {noun}s found"]
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
    second_hint = "Reread the question, then test every candidate against it again, one by one: some may still be missing, some of yours may not belong."

    def build(self, case, ex: dict) -> Spec:
        """The reference ids, and the labels shown beside them."""
        ref = ex.get("reference") or {}
        if "values" in ex:
            values, df = [str(v) for v in ex["values"]], None
        else:
            df = source_table(case, ref)
            values = list(dict.fromkeys(i for cell in df[ref["column"]] for i in split_ids(cell)))
        accept = {e["item"]: e["reading"] for e in accepted_readings(ex)}
        return {
            "reference": values,
            "labels": labels_for(case, ex, df, ref.get("column")),
            "noun": ex.get("noun", "id"),
            "catalogue": catalogue_for(case, [*values, *accept], prefer=ref.get("table")),
            "accept": accept,
        }

    def key_columns(self, case, ex: dict) -> list[str]:
        """The columns the query selects by (the id column itself aside), else the column the ids come from."""
        ref = ex.get("reference") or {}
        if "values" in ex or ref.get("table") not in case.tables:
            return []
        table = case.tables[ref["table"]]
        own = catalogue_of(case, ref["table"])
        id_column = next((c for c in table.columns if own and set(table[c].astype(str)) == set(own.ids)), None)
        selecting = [c for c in query_columns(ref, list(table.columns)) if c != id_column]
        return selecting or ([ref["column"]] if ref.get("column") != id_column else [])

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_ids`."""
        return check_ids(value, **spec)

    def key_text(self, spec: Spec, ex: dict) -> str:
        """The ids, each with its label."""
        labels = spec.get("labels") or {}
        return ", ".join(f"{i} ({labels[i]})" if labels.get(i) else i for i in spec["reference"])
