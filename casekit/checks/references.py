"""What every check kind builds its reference from: the case (loaded once), a table with its query, labels beside ids."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..case.folder import case_folder_and_id
from ..case.load import load_case
from ..case.model import Case
from ..common.values import is_missing

__all__ = ["cached_case", "ids_at", "labels_for", "source_table"]

_QUOTE_MARKS = "“”\"'"  # a quoted label is not quoted twice


_cases: dict[Path, tuple[tuple, Case]] = {}


def cached_case(case) -> Case:
    """The loaded case for ``case`` (a Case is used as it is; a folder is loaded once and kept until its CSVs change)."""
    if isinstance(case, Case):
        return case.full_view()
    folder, _ = case_folder_and_id(case)
    stamp = tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.csv")))
    if folder not in _cases or _cases[folder][0] != stamp:
        _cases[folder] = (stamp, load_case(folder, validate=False))
    return _cases[folder][1]


def source_table(case: Case, spec: dict) -> pd.DataFrame:
    """The table ``spec`` names (``table``), filtered by its ``query``; a LookupError names a missing table or column."""
    name = spec.get("table")
    if name not in case.tables:
        msg = f"table {name!r} is not a table of the case; its tables are {', '.join(case.tables)}."
        raise LookupError(msg)
    df = case.tables[name]
    if spec.get("query"):
        df = df.query(spec["query"])
    for col in [spec.get("key"), spec.get("column"), *(spec.get("columns") or []), spec.get("explain")]:
        for c in [col] if isinstance(col, str) else (col or []):
            if c not in df.columns:
                msg = f"table {name!r} has no column {c!r}; its columns are {', '.join(map(str, df.columns))}."
                raise LookupError(msg)
    return df


def labels_for(case: Case, ex: dict, ref_df: pd.DataFrame | None, key: list[str] | str | None) -> dict[str, str]:
    """Labels shown beside ids: from ``label = {table, key, columns, words}``."""
    spec = ex.get("label")
    if not spec:
        return {}
    df = source_table(case, spec) if spec.get("table") else ref_df
    k = spec.get("key") or key
    if df is None or k is None or (isinstance(k, list) and len(k) != 1):
        return {}
    k = k if isinstance(k, str) else k[0]
    cols = spec.get("columns") or [spec.get("column", "text")]
    words = int(spec.get("words", 0) or 0)
    out = {}
    for _, row in df.iterrows():
        parts = []
        for c in cols:
            v = row.get(c)
            if is_missing(v):
                continue
            text = str(v)
            if words and len(text.split()) > words:
                text = " ".join(text.split()[:words]) + " …"
            parts.append(f"“{text.strip(_QUOTE_MARKS)}”" if words else text)
        out[str(row[k])] = ", ".join(parts)
    return out


def _other_case(case, name: str) -> Case:
    """The case named ``name``: a folder beside ``case`` in its data/ folder, else one found by that name."""
    beside = Path(case.path).parent / name
    return cached_case(beside if (beside / "datapackage.json").is_file() else name)


def ids_at(case: Case, target: str) -> set[str]:
    """The ids in ``"table.column"`` of the case, or in ``"other-case:table.column"`` of another case of the kit."""
    name, _, place = target.rpartition(":")
    table, _, column = place.partition(".")
    source = _other_case(case, name) if name else case
    return set(source_table(source, {"table": table, "column": column})[column].astype(str))
