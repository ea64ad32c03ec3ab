"""The ``table`` kind: a DataFrame against a reference table, row by row on key columns."""

from __future__ import annotations

import math

import pandas as pd

from ...case.dates import bounds
from ...common.folding import fold_label
from ...common.values import is_missing
from ...common.wording import describe, listing, plural
from ...errors import DateError
from ..references import labels_for, source_table
from ..result import CheckResult, result
from ..vocab import IdCatalogue, Vocabulary, reader_of
from .base import CheckKind, Spec, accepted_readings, extras_nameable

__all__ = ["TableKind", "check_table"]


def _same(a, b) -> bool:
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return fold_label(a) == fold_label(b)


def _date_problem(mine, ref, key: str, column: str) -> str | None:
    if is_missing(mine) and is_missing(ref):
        return None
    if is_missing(mine):
        return f"{key} {column}: empty; the reference has {ref}."
    try:
        same = bounds(str(mine)) == bounds(str(ref))
    except DateError as exc:
        return f"{key} {column}: {exc}"
    return None if same else f"{key} {column}: you have {mine}, the reference has {ref}."


def _spelled_as_reference(df: pd.DataFrame, reference: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The learner's key cells written as the reference writes them when they differ only in case, spaces, dashes or underscores."""
    df = df.copy()
    for k in key:
        canon = {fold_label(v): v for v in reference[k].dropna().astype(str)}
        df[k] = df[k].map(lambda v, canon=canon: canon.get(fold_label(v), v) if isinstance(v, str) else v)
    return df


def _keys(key: list[str] | str | None) -> list[str]:
    return [key] if isinstance(key, str) else list(key or [])


Reader = IdCatalogue | Vocabulary


def _slip_in_date(value) -> str | None:
    """A sentence when a learner's date is not EDTF (with the EDTF form of what was typed), else None."""
    if is_missing(value):
        return None
    try:
        bounds(str(value))
    except DateError as exc:
        return str(exc).rstrip(".")
    return None


def _read_cells(
    df: pd.DataFrame, readers: dict[str, Reader], dates: list[str], key: list[str]
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """(the table with ids, names and labels read as the case writes them, notes, slips of form naming their row)."""
    df = df.copy()
    notes: list[str] = []
    slips: list[str] = []
    for position, (index, row) in enumerate(df.iterrows(), start=1):
        where = " ".join(str(row[k]) for k in key if not is_missing(row[k])) or f"row {position}"
        for column, reader in readers.items():
            cell = row[column]
            if is_missing(cell) and column not in key:
                continue
            found, said = reader.read(str(cell) if not is_missing(cell) else cell)
            if found is None:
                slips.append(f"{where}, {column}: {said.rstrip('.')}")
            else:
                df.at[index, column] = found
                if said:
                    notes.append(said)
        slips += [f"{where}, {column}: {slip}" for column in dates if column in df.columns and (slip := _slip_in_date(row[column]))]
    return df, notes, slips


def _accepted(accept: dict[tuple[str, str], tuple[list[str], str]], k: str, col: str, mine, is_date: bool) -> str | None:
    """The kit's reading when the learner's value for row ``k`` and ``col`` is one the exercise accepts, else None."""
    values, reading = accept.get((k, col), ([], ""))
    for value in values:
        try:
            same = bounds(str(mine)) == bounds(value) if is_date else fold_label(mine) == fold_label(value)
        except DateError:
            same = False
        if same:
            return f"{k} {col} (accepted): {reading}"
    return None


def _read_as_key(df: pd.DataFrame, key: list[str], accept: dict[tuple[str, str], tuple[list[str], str]]) -> tuple[pd.DataFrame, list[str]]:
    """The learner's key cells that the exercise accepts for a key value (``column`` is a key column), read as that value."""
    df, readings = df.copy(), []
    for (item, column), (values, reading) in accept.items():
        if column not in key:
            continue
        taken = df[column].map(lambda v, values=values: isinstance(v, str) and any(fold_label(v) == fold_label(x) for x in values))
        if taken.any():
            df.loc[taken, column] = item
            readings.append(f"{column} {listing(sorted(set(values)))} (accepted for {item}): {reading}")
    return df, readings


def _extra_reading(accept: dict[tuple[str, str], tuple[list[str], str]], k: str, row: pd.Series) -> str | None:
    """The kit's reading when a row the reference does not have is one the exercise accepts (with its values, if it names them)."""
    for (item, column), (values, reading) in accept.items():
        if fold_label(item) != fold_label(k):
            continue
        if not column or (column in row.index and any(fold_label(row[column]) == fold_label(v) for v in values)):
            return f"{k} (accepted): {reading}"
    return None


def check_table(
    value,
    reference: pd.DataFrame,
    key: list[str] | str,
    columns: list[str] | None = None,
    dates: list[str] | None = None,
    labels: dict[str, str] | None = None,
    noun: str = "row",
    readers: dict[str, Reader] | None = None,
    accept: dict[tuple[str, str], tuple[list[str], str]] | None = None,
) -> CheckResult:
    """Compare a DataFrame with the reference table by key columns and the listed value columns.

    Columns in ``dates`` are compared as EDTF dates by meaning (same earliest and latest day).
    Only the listed columns are compared; the message says so. ``readers`` read a column's
    cells as the case writes them (ids, names and labels typed any way a person would); a cell
    they cannot read, or a date that is not EDTF, is a slip of form (status ``error``).
    ``accept`` maps (row key, column) to other values the exercise takes, with the kit's reading; an entry
    whose column is a key column reads those values as the row key's value (another name for an actor), and
    an entry for a row the reference does not have accepts that extra row (with the values it names).
    """
    key = _keys(key)
    columns = list(columns or [])
    dates = list(dates or [])
    labels, readers, accept = labels or {}, readers or {}, accept or {}
    need = [*key, *columns]
    if not isinstance(value, pd.DataFrame):
        return result("error", f"expected a table (DataFrame) with columns {', '.join(need)}; got {describe(value)}.")
    df = value
    if any(k not in df.columns for k in key) and any(n in key for n in (df.index.names or [])):
        df = df.reset_index()
    absent = [c for c in need if c not in df.columns]
    if absent:
        have = ", ".join(map(str, df.columns[:8])) or "none"
        return result(
            "error", f"expected a table with columns {', '.join(need)}; column {', '.join(absent)} is missing (you have: {have})."
        )
    df, notes, slips = _read_cells(df[need], {c: r for c, r in readers.items() if c in need}, [d for d in dates if d in columns], key)
    if slips:
        more = f" (and {len(slips) - 1} more like it)" if len(slips) > 1 else ""
        return result("error", f"{slips[0]}{more}. Fix that, then run the cell again; this was not counted as a try.")
    df = _spelled_as_reference(df, reference, key)
    df, readings = _read_as_key(df, key, accept)
    keyof = lambda row: " ".join(str(row[k]).strip() for k in key)  # noqa: E731
    ref_rows = {keyof(r): r for _, r in reference.iterrows()}
    mine_rows: dict[str, pd.Series] = {}
    for _, row in df.iterrows():
        k = keyof(row)
        if k in mine_rows:
            notes.append(f"{k} appears more than once (the first row is compared).")
            continue
        mine_rows[k] = row
    show = lambda i: f"{i} ({labels[i]})" if labels.get(i) else i  # noqa: E731
    missing = [k for k in ref_rows if k not in mine_rows]
    extra = []
    for k in (k for k in mine_rows if k not in ref_rows):
        reading = _extra_reading(accept, k, mine_rows[k])
        readings += [reading] if reading else []
        extra += [] if reading else [k]
    wrong: list[str] = []
    differs: dict[str, list[str]] = {}
    for k, ref in ref_rows.items():
        if k not in mine_rows:
            continue
        for col in columns:
            mine = mine_rows[k][col]
            if col in dates:
                problem = _date_problem(mine, ref[col], k, col)
            else:
                problem = None if _same(mine, ref[col]) else f"{k} {col}: you have {mine}, the reference has {ref[col]}."
            reading = _accepted(accept, k, col, mine, col in dates) if problem else None
            if reading:
                readings.append(reading)
            elif problem:
                wrong.append(problem)
                differs.setdefault(k, []).append(col)
    right = len(ref_rows) - len(missing) - len(differs)
    details = [*(f"missing: {show(k)}" for k in missing), *(f"not in the reference: {k}" for k in extra), *wrong, *notes]
    compared = f"compared by {', '.join(key)}" + (f" on {', '.join(columns)}" if columns else " only")
    first_key = readers.get(key[0]) if len(key) == 1 else None
    universe = len(first_key.ids) if isinstance(first_key, IdCatalogue) else None
    named = extras_nameable(missing=len(missing), mine=len(mine_rows), key=len(ref_rows), universe=universe)
    shown = {
        "right": right,
        "total": len(ref_rows),
        "noun": noun,
        "wrong": {k: f"{' and '.join(cols)} not right yet" for k, cols in differs.items()},
        "extra": extra if named else [],
        "unnamed": 0 if named else len(extra),
        "notes": notes,
        "readings": readings,
    }
    if not missing and not extra and not wrong:
        accepted = " with an accepted reading (see below)" if readings else ""
        return result(
            "passed", f"all {plural(len(ref_rows), noun)} match the reference ({compared}){accepted}.", [*details, *readings], **shown
        )
    parts = [f"{right} of {plural(len(ref_rows), noun)} match"]
    if missing:
        parts.append(f"missing: {listing([show(k) for k in missing])}")
    if extra:
        parts.append(f"not in the reference: {listing(extra)}")
    if wrong:
        short = [w.split(";")[0].rstrip(".") for w in wrong[:2]]
        parts += short + ([f"and {len(wrong) - 2} more differences"] if len(wrong) > 2 else [])
    return result("failed", "; ".join(parts) + ".", details, **shown)


def _rows_text(df: pd.DataFrame, columns: list[str], explain: str | None = None) -> str:
    """Each row as 'id, value', with the text of its ``explain`` column in brackets where it has one."""

    def one(row) -> str:
        text = ", ".join(str(row[c]) for c in columns)
        why = row.get(explain) if explain else None
        return f"{text} ({why.strip().rstrip('.')})" if isinstance(why, str) and why.strip() else text

    return "; ".join(one(row) for _, row in df.iterrows())


class TableKind(CheckKind):
    """A table: rows of a case table (``key``, ``columns``, ``explain``, ``query``) or literal ``rows``; ``dates`` by meaning."""

    name = "table"
    keyed_by_row = True
    fields = frozenset({"reference", "rows", "key", "columns", "dates", "label"})
    general_hint = "Compare each of your rows, column by column, with the sentence or reference it comes from."
    second_hint = "For each row named above, check the column it names against its evidence, not against your memory."

    def build(self, case, ex: dict) -> Spec:
        """The reference rows, the key and value columns, the date columns and the labels beside keys."""
        readers: dict[str, Reader] = {}
        if "rows" in ex:
            key, df, columns = ex.get("key"), pd.DataFrame(ex["rows"]), ex.get("columns", [])
        else:
            ref = ex.get("reference") or {}
            key, df, columns = ref.get("key"), source_table(case, ref), ref.get("columns", [])
            dates = set(ex.get("dates", []))
            found = {c: reader_of(case, ref["table"], c) for c in [*_keys(key), *columns] if c not in dates}
            readers = {c: r for c, r in found.items() if r is not None}
        accept = {}
        for entry in accepted_readings(ex):
            values = entry.get("values", [entry.get("value")])
            accept[(entry["item"], str(entry.get("column", "")))] = ([str(v) for v in values if v is not None], entry["reading"])
        return {
            "reference": df,
            "key": key,
            "columns": columns,
            "dates": ex.get("dates", []),
            "labels": labels_for(case, ex, df, key),
            "noun": ex.get("noun", "row"),
            "readers": readers,
            "accept": accept,
        }

    def key_columns(self, case, ex: dict) -> list[str]:
        """The compared columns and the column that explains them (the key columns name the rows, and stay)."""
        ref = ex.get("reference") or {}
        return [] if "rows" in ex else [c for c in [*ref.get("columns", []), ref.get("explain")] if c and c not in _keys(ref.get("key"))]

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_table`."""
        return check_table(value, **spec)

    def key_text(self, spec: Spec, ex: dict) -> str:
        """Each row of the key, with its explanation where the case gives an ``explain`` column."""
        explain = (ex.get("reference") or {}).get("explain") if "rows" not in ex else None
        return _rows_text(spec["reference"], [*_keys(spec["key"]), *spec["columns"]], explain)

    def reference_problems(self, spec: Spec, ex: dict) -> list[str]:
        """A key is required, and the key and value columns must be in the reference."""
        problems = [
            f"the reference has no column {c!r}." for c in [*_keys(spec["key"]), *spec["columns"]] if c not in spec["reference"].columns
        ]
        return problems + ([] if spec["key"] else ["a table check needs a key column."])
