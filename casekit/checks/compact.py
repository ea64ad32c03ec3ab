"""A learner's value in a compact, bounded form for the try history: ids sorted, labels as ``id=label``, table rows as key cells and compared columns.

The progress file keeps it for each counted try (``records.store``), so an instructor's class report
can group the wrong answers a class gave. It is what the learner typed, folded only in whitespace,
never the comparison with the key.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..common.folding import fold_label
from ..common.ids import split_ids

__all__ = ["MAX_ITEMS", "compact_answer"]

MAX_ITEMS = 40  # items (ids, labels, rows) kept of one answer
MAX_TEXT = 80  # characters kept of one item or cell
MAX_FREE_TEXT = 2500  # characters kept of a written answer: more than the longest the kit asks for (250 words), so notes are kept whole


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _capped(items: list[str]) -> list[str]:
    return items if len(items) <= MAX_ITEMS else [*items[:MAX_ITEMS], f"… {len(items) - MAX_ITEMS} more"]


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else ([str(value)] if value else [])


def _table_columns(frame: pd.DataFrame, exercise: dict) -> tuple[list, list]:
    """The frame's key columns and compared columns, found by folded name; the first column is the key when none is named."""
    ref: dict = exercise["reference"] if isinstance(exercise.get("reference"), dict) else {}
    by_fold = {fold_label(c): c for c in frame.columns}
    key = [by_fold[fold_label(k)] for k in _as_list(ref.get("key") or exercise.get("key")) if fold_label(k) in by_fold]
    if not key and len(frame.columns):
        key = [frame.columns[0]]
    named = [*_as_list(ref.get("columns") or exercise.get("columns")), *_as_list(exercise.get("dates"))]
    compared = [by_fold[fold_label(c)] for c in dict.fromkeys(named) if fold_label(c) in by_fold and by_fold[fold_label(c)] not in key]
    if not named and "columns" not in ref and "columns" not in exercise:
        compared = [c for c in frame.columns if c not in key]
    return key, compared


def _table(frame: pd.DataFrame, exercise: dict) -> list[str]:
    frame = frame.reset_index() if any(frame.index.names) else frame
    key, compared = _table_columns(frame, exercise)
    rows = []
    for _, row in frame.head(MAX_ITEMS * 5).iterrows():
        head = "/".join(_cell(row[k]) for k in key)
        rows.append(head + (": " + ", ".join(f"{fold_label(c)}={_cell(row[c])}" for c in compared) if compared else ""))
    return _capped(sorted(rows))


def _labels(pairs) -> list[str]:
    return _capped(sorted(f"{_cell(k)}={_cell(v)}" for k, v in list(pairs)[: MAX_ITEMS * 5]))


def compact_answer(value: Any, exercise: dict | None = None) -> Any:
    """A compact, JSON-safe form of a learner's value for the try history; ``exercise`` (its entry) tells a table's key and columns.

    Ids come sorted, labels as ``id=label``, a table as one ``key: column=value`` text per row
    (its key cells and the compared columns), a number as a number, writing cut to its start.
    At most ``MAX_ITEMS`` items are kept. Never raises.

    >>> compact_answer({"C05": "analysis", "C01": "framing"})
    ['C01=framing', 'C05=analysis']
    >>> compact_answer(["S12", " S03"])
    ['S03', 'S12']
    >>> compact_answer(pd.DataFrame({"event_id": ["E2", "E1"], "date": ["1990", "1989"], "note": ["x", "y"]}),
    ...                {"kind": "table", "reference": {"key": "event_id", "columns": ["date"]}})
    ['E1: date=1989', 'E2: date=1990']
    """
    exercise = exercise if isinstance(exercise, dict) else {}
    kind = exercise.get("kind")
    try:
        if value is None or value is Ellipsis:
            return None
        if isinstance(value, pd.DataFrame):
            if kind == "labels" and value.shape[1] == 2:
                return _labels(value.itertuples(index=False, name=None))
            return _table(value, exercise)
        if isinstance(value, pd.Series):
            return _labels(value.items()) if kind != "ids" else _capped(sorted(_cell(v) for v in value))
        if isinstance(value, dict):
            return _labels(value.items())
        if isinstance(value, list | tuple | set | frozenset | pd.Index):
            return _capped(sorted({_cell(v) for v in list(value)[: MAX_ITEMS * 5]}))
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return None if isinstance(value, float) and math.isnan(value) else round(float(value), 6)
        if isinstance(value, str) and kind == "ids":
            return _capped(sorted(set(split_ids(value))))
        text = " ".join(str(value).split())
        return text if len(text) <= MAX_FREE_TEXT else text[: MAX_FREE_TEXT - 1] + "…"
    except Exception:  # noqa: BLE001 - a history entry must never break a check
        return f"<{type(value).__name__}>"
