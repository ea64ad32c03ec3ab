"""The check kinds for exercises with one right answer: a set of ids, a table, labels per id, a number.

Each compares a learner's value with a reference and says, in one line and a
few details, what agrees and what does not. None raises on a learner's value.
"""

from __future__ import annotations

import math
import numbers
import re

import pandas as pd

from ..case.dates import bounds
from ..common.folding import fold
from ..common.ids import example_ids, split_ids
from ..common.values import is_blank, is_missing
from ..common.wording import describe, listing, plural
from ..errors import DateError
from .result import CheckResult, result

__all__ = ["check_ids", "check_labels", "check_number", "check_table"]


_ID_LIKE = re.compile(r"^[A-Za-z_]*\d+[A-Za-z]?$")


def _ids_in_text(text: str, example: list[str]) -> tuple[list[str] | None, str | None]:
    """Ids typed as one text ("S03, S12" or "S03 S12"), or what to type instead."""
    parts = split_ids(text)
    if parts and all(_ID_LIKE.match(p) for p in parts):
        return parts, None
    return None, f"expected a list or set of ids, such as {example!r}; got the text {text[:40]!r}. Put each id in quotes inside [ ]."


def _id_values(value, example: list[str]) -> tuple[list[str] | None, str | None]:
    """The ids in a learner's value, or a sentence saying what was expected (``example``: two reference ids)."""
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
    got, problem = _id_values(value, example_ids(ref))
    if problem:
        return result("error", problem)
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


def label_key(value) -> str:
    """A label or name reduced for comparison: case, accents and quotes folded; spaces, dashes and underscores alike.

    >>> label_key("Withdrew support-from") == label_key("withdrew_support_from")
    True
    """
    return "_".join(fold(str(value)).replace("-", " ").replace("_", " ").split())


def _same(a, b) -> bool:
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return label_key(a) == label_key(b)


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
        canon = {label_key(v): v for v in reference[k].dropna().astype(str)}
        df[k] = df[k].map(lambda v, canon=canon: canon.get(label_key(v), v) if isinstance(v, str) else v)
    return df


def check_table(
    value,
    reference: pd.DataFrame,
    key: list[str] | str,
    columns: list[str] | None = None,
    dates: list[str] | None = None,
    labels: dict[str, str] | None = None,
    noun: str = "row",
) -> CheckResult:
    """Compare a DataFrame with the reference table by key columns and the listed value columns.

    Columns in ``dates`` are compared as EDTF dates by meaning (same earliest
    and latest day). Only the listed columns are compared; the message says so.
    """
    key = [key] if isinstance(key, str) else list(key)
    columns = list(columns or [])
    dates = list(dates or [])
    labels = labels or {}
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
    df = _spelled_as_reference(df, reference, key)
    keyof = lambda row: " ".join(str(row[k]).strip() for k in key)  # noqa: E731
    ref_rows = {keyof(r): r for _, r in reference.iterrows()}
    mine_rows: dict[str, pd.Series] = {}
    notes: list[str] = []
    for _, row in df.iterrows():
        k = keyof(row)
        if k in mine_rows:
            notes.append(f"{k} appears more than once (the first row is compared).")
            continue
        mine_rows[k] = row
    show = lambda i: f"{i} ({labels[i]})" if labels.get(i) else i  # noqa: E731
    missing = [k for k in ref_rows if k not in mine_rows]
    extra = [k for k in mine_rows if k not in ref_rows]
    wrong: list[str] = []
    differs: dict[str, list[str]] = {}
    for k, ref in ref_rows.items():
        if k not in mine_rows:
            continue
        for col in columns:
            if col in dates:
                problem = _date_problem(mine_rows[k][col], ref[col], k, col)
            else:
                problem = (
                    None
                    if _same(mine_rows[k][col], ref[col])
                    else f"{k} {col}: you have {mine_rows[k][col]}, the reference has {ref[col]}."
                )
            if problem:
                wrong.append(problem)
                differs.setdefault(k, []).append(col)
    right = len(ref_rows) - len(missing) - len(differs)
    details = [*(f"missing: {show(k)}" for k in missing), *(f"not in the reference: {k}" for k in extra), *wrong, *notes]
    compared = f"compared by {', '.join(key)}" + (f" on {', '.join(columns)}" if columns else " only")
    shown = {
        "right": right,
        "total": len(ref_rows),
        "noun": noun,
        "wrong": {k: f"{' and '.join(cols)} not right yet" for k, cols in differs.items()},
        "extra": extra,
        "notes": notes,
    }
    if not missing and not extra and not wrong:
        return result("passed", f"all {plural(len(ref_rows), noun)} match the reference ({compared}).", details, **shown)
    parts = [f"{right} of {plural(len(ref_rows), noun)} match"]
    if missing:
        parts.append(f"missing: {listing([show(k) for k in missing])}")
    if extra:
        parts.append(f"not in the reference: {listing(extra)}")
    if wrong:
        short = [w.split(";")[0].rstrip(".") for w in wrong[:2]]
        parts += short + ([f"and {len(wrong) - 2} more differences"] if len(wrong) > 2 else [])
    return result("failed", "; ".join(parts) + ".", details, **shown)


def _label_values(value, example: str) -> tuple[dict[str, str] | None, str | None]:
    expect = "expected a mapping from id to label (a dict, a Series, or a table with two columns)"
    if isinstance(value, pd.DataFrame):
        if value.shape[1] != 2:
            return None, f"{expect}; got a table (DataFrame) with {value.shape[1]} columns."
        value = dict(zip(value.iloc[:, 0], value.iloc[:, 1]))
    elif isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, dict):
        return None, f"{expect}; got {describe(value)}."
    out = {}
    for k, v in value.items():
        if not isinstance(k, str):
            return None, f"expected ids as text, such as {example!r}; got {describe(k)} ({str(k)[:20]}) as a key."
        out[k.strip()] = v
    return out, None


def check_labels(value, reference: dict[str, str], explanations: dict[str, str] | None = None, noun: str = "id") -> CheckResult:
    """Compare id -> label with the reference labels; explain each disagreement from ``explanations``.

    Labels are compared ignoring case, and spaces, dashes and underscores are treated alike.
    """
    explanations = explanations or {}
    got, problem = _label_values(value, next(iter(sorted(reference)), "id1"))
    if problem:
        return result("error", problem)
    if not got:
        return result(
            "failed", f"no labels yet; the reference labels {plural(len(reference), noun)}.", right=0, total=len(reference), noun=noun
        )
    details, agree, wrong = [], 0, {}
    for k, ref in reference.items():
        if k not in got or is_blank(got[k]):
            details.append(f"{k}: no label yet.")
            wrong[k] = "no label yet"
            continue
        if label_key(got[k]) == label_key(ref):
            agree += 1
            continue
        why = explanations.get(k)
        why = f" ({why.rstrip('.')})" if why and not is_missing(why) else ""
        details.append(f"{k}: you said {got[k]}; the key says {ref}{why}.")
        wrong[k] = f"your label {got[k]!r} is not the key's"
    extra = [k for k in got if k not in reference]
    unchecked = f" ({plural(len(extra), 'other id')} not asked about, so not checked)" if extra else ""
    notes = [f"not checked (not among the {noun}s asked about): {listing(extra, 8)}."] if extra else []
    details += notes
    shown = {"right": agree, "total": len(reference), "noun": noun, "wrong": wrong, "notes": notes}
    if agree == len(reference):
        return result("passed", f"all {plural(len(reference), noun)} asked about have the key's label{unchecked}.", details, **shown)
    return result("failed", f"{agree} of {len(reference)} labels agree with the key; see the notes below.", details, **shown)


def check_number(value, reference: float, tolerance: float = 0.0, unit: str = "") -> CheckResult:
    """Compare a number with the reference, within ``tolerance`` (in ``unit``)."""
    u = f" {unit}" if unit else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, str):
            return result("error", f"expected a number such as 3.5; got the text {value[:20]!r} (remove the quotes).")
        return result("error", f"expected a number such as 3.5; got {describe(value)}.")
    if not math.isfinite(float(value)):
        return result("error", f"expected a finite number; got {value}.")
    if abs(float(value) - float(reference)) <= float(tolerance) + 1e-9:
        within = f" (within {tolerance:g}{u})" if tolerance else ""
        return result("passed", f"{value:g}{u} matches the reference{within}.")
    side = "high" if float(value) > float(reference) else "low"
    notes = []
    if unit == "years" and reference and abs(float(value) / 365.25 - float(reference)) <= float(tolerance) + 0.5:
        notes.append("that looks like a number of days; divide it by 365.25 to get years.")
    elif float(value).is_integer() and abs(float(value) - float(reference)) < 1:
        notes.append("close: do not round to a whole number; keep one decimal place.")
    message = f"{value:g}{u} is too {side}" + (f" by more than {tolerance:g}{u}." if tolerance else ".")
    return result("failed", message, notes, notes=notes)
