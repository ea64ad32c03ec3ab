"""The case's exercise files checked before use: one line per problem, naming the file and the exercise.

Here too is the data rule ``validate`` applies to keys (``empty_key``): an exercise whose key
is empty can never be passed. It lives in the checks layer because a key is built by the
check kinds, which the case layer (``casekit.case.rules``, the other data rules) may not import;
``python -m casekit validate`` runs it through ``validate_checks`` and ``keys`` through ``empty_key``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..common.ids import is_item_id
from .kinds import COMMON_FIELDS, KINDS
from .references import cached_case
from .registry import check_files

__all__ = ["empty_key", "validate_checks"]


def validate_checks(case_dir) -> list[str]:
    """Check the exercise files of a case folder; one line per problem (empty when valid or absent)."""
    folder = Path(case_dir)
    files = check_files(folder)
    if not files:
        return []
    try:
        case = cached_case(folder)
    except Exception as exc:  # noqa: BLE001
        return [f"checks: the case folder cannot be loaded to build references ({exc})."]
    problems: list[str] = []
    seen: set = set()
    for path in files:
        problems += _validate_check_file(path, path.relative_to(folder).as_posix(), case, seen)
    return problems


def _validate_check_file(path: Path, name: str, case, seen: set) -> list[str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [f"{name}: not valid TOML ({exc}); fix that line."]
    exercises = data.get("exercise")
    if not isinstance(exercises, list):
        return [f"{name}: no [[exercise]] tables; each exercise needs id, kind and a reference."]
    problems = []
    for i, ex in enumerate(exercises, start=1):
        eid = ex.get("id") if isinstance(ex, dict) else None
        where = f"{name}, exercise {eid if isinstance(eid, str) and eid else i}"
        if not isinstance(ex, dict):
            problems.append(f"{where}: must be a table.")
            continue
        if not isinstance(eid, str) or not is_item_id(eid):
            problems.append(f'{where}: id {eid!r} must start with the lesson\'s two digits and a dash, e.g. "07-dates".')
        if eid in seen:
            problems.append(f"{where}: the id is used twice (ids must be unique across all check files).")
        seen.add(eid)
        if "hint" in ex and not (isinstance(ex["hint"], str) and ex["hint"].strip()):
            problems.append(f"{where}: hint must be a text (a hint about the concept, naming no answer).")
        hints = ex.get("hints", {})
        if not isinstance(hints, dict) or not all(isinstance(v, str) and v.strip() for v in hints.values()):
            problems.append(f'{where}: hints must be a table of item id = "a hint for that item".')
        accept = ex.get("accept", [])
        if not isinstance(accept, list) or not all(
            isinstance(a, dict) and isinstance(a.get("item"), str) and isinstance(a.get("reading"), str) and a["reading"].strip()
            for a in accept
        ):
            problems.append(
                f'{where}: accept must be a list of {{ item = "...", reading = "the kit\'s reading" }} (with value or values for a label or a cell).'
            )
        kind = KINDS.get(str(ex.get("kind")))
        if kind is None:
            problems.append(f"{where}: kind {ex.get('kind')!r} is unknown; use one of {', '.join(KINDS)}.")
            continue
        unknown = set(ex) - COMMON_FIELDS - kind.fields
        if unknown:
            takes = ", ".join(sorted(kind.fields))
            problems.append(
                f"{where}: unknown field(s) {', '.join(sorted(unknown))}. A {kind.name} check takes {takes} (and {', '.join(sorted(COMMON_FIELDS))})."
            )
        try:
            spec = kind.build(case, ex)
        except Exception as exc:  # noqa: BLE001 - bad table, column, query: one line
            if isinstance(exc, LookupError) and not isinstance(exc, KeyError):
                problems.append(f"{where}: {str(exc).rstrip('.')}.")
            else:
                problems.append(f"{where}: the reference cannot be built ({type(exc).__name__}: {exc}).")
            continue
        empty = empty_key(ex, spec.get("reference"))
        if empty:
            problems.append(f"{where}: {empty}")
        problems += [f"{where}: {p}" for p in kind.reference_problems(spec, ex)]
    return problems


# A query that compares a column with an empty text: pandas reads an empty cell as missing, never as ''.
_EMPTY_TEXT = re.compile(r"""(?:`([^`]+)`|(\w+))?\s*(==|!=)\s*(?:''|"")""")


def empty_key(ex: dict, reference: Any) -> str:
    """The sentence for an exercise whose key (its built ``reference``) is empty, and why that usually happens; "" when it is not.

    >>> print(empty_key({"reference": {"table": "claims", "query": "attributed_to == ''"}}, set()))
    the key is empty: the query "attributed_to == ''" selects no row of claims, so no answer can pass; it compares a column
    with '', but an empty cell is read as missing, never as an empty text: write attributed_to.isna() instead. Try the query
    on case.claims in a notebook and correct it.
    >>> empty_key({"reference": {"table": "claims", "query": "kind == 'x'"}}, {"C01"})
    ''

    """
    if reference is None or not hasattr(reference, "__len__") or len(reference) > 0:
        return ""
    given = ex.get("reference")
    spec: dict = given if isinstance(given, dict) else {}
    table, query = spec.get("table", "its table"), str(spec.get("query") or "")
    if not query:
        return (
            f"the key is empty: {table} has no rows with a value in the column the reference reads, so no answer can pass; "
            "fill in the table, or point the reference at the column that holds the key."
        )
    found = _EMPTY_TEXT.search(query)
    if found:
        column = found.group(1) or found.group(2) or "column"
        column = f"`{column}`" if found.group(1) else column
        test = f"{column}.isna()" if found.group(3) == "==" else f"{column}.notna()"
        why = f"it compares a column with '', but an empty cell is read as missing, never as an empty text: write {test} instead"
    else:
        why = (
            "that usually happens when the query names an id or a value the table does not have (spelled otherwise, or kept in "
            "another column), or compares with '' a cell that is read as missing (write `column.isna()`)"
        )
    return (
        f"the key is empty: the query {query!r} selects no row of {table}, so no answer can pass; {why}. "
        f"Try the query on case.{table} in a notebook and correct it."
    )
