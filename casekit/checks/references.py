"""Reference values of exercises, built from the case's tables (or from literals in the registry)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..case.folder import case_folder_and_id
from ..case.load import load_case
from ..case.model import Case
from ..common.ids import split_ids
from ..common.values import is_missing

__all__ = ["KINDS", "build_reference", "case_tables"]

_QUOTE_MARKS = "“”\"'"  # a quoted label is not quoted twice
KINDS = ("ids", "table", "labels", "number", "coverage", "text")


_cases: dict[Path, tuple[tuple, object]] = {}


def case_tables(case) -> Case:
    """The loaded case for ``case`` (a Case is used as it is; a folder is loaded once and kept until its CSVs change)."""
    if isinstance(case, Case):
        return case
    folder, _ = case_folder_and_id(case)
    stamp = tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.csv")))
    if folder not in _cases or _cases[folder][0] != stamp:
        _cases[folder] = (stamp, load_case(folder, validate=False))
    return _cases[folder][1]


def _table(case, spec: dict) -> pd.DataFrame:
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


def _labels_for(case, ex: dict, ref_df: pd.DataFrame | None, key: list[str] | str | None) -> dict[str, str]:
    """Labels shown beside ids: from ``label = {table, key, columns, words}``."""
    spec = ex.get("label")
    if not spec:
        return {}
    df = _table(case, spec) if spec.get("table") else ref_df
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
    return case_tables(beside if (beside / "datapackage.json").is_file() else name)


def _ids_at(case, target: str) -> set[str]:
    """The ids in ``"table.column"`` of the case, or in ``"other-case:table.column"`` of another case of the kit."""
    name, _, place = target.rpartition(":")
    table, _, column = place.partition(".")
    source = _other_case(case, name) if name else case
    return set(_table(source, {"table": table, "column": column})[column].astype(str))


def build_reference(case: Case, ex: dict) -> dict:
    """The reference value of an exercise, and its labels/explanations, from case tables or literals."""
    kind, ref = ex.get("kind"), ex.get("reference") or {}
    if kind == "ids":
        if "values" in ex:
            values = [str(v) for v in ex["values"]]
            df = None
        else:
            df = _table(case, ref)
            values = list(dict.fromkeys(i for cell in df[ref["column"]] for i in split_ids(cell)))
        return {"reference": values, "labels": _labels_for(case, ex, df, ref.get("column")), "noun": ex.get("noun", "id")}
    if kind == "labels":
        if "values" in ex:
            return {
                "reference": {str(k): str(v) for k, v in ex["values"].items()},
                "explanations": dict(ex.get("explanations", {})),
                "noun": ex.get("noun", "id"),
            }
        df = _table(case, ref)
        keys = df[ref["key"]].astype(str)
        explanations = dict(zip(keys, df[ref["explain"]])) if ref.get("explain") else {}
        return {"reference": dict(zip(keys, df[ref["column"]].astype(str))), "explanations": explanations, "noun": ex.get("noun", "id")}
    if kind == "table":
        key = ref.get("key") if "rows" not in ex else ex.get("key")
        if "rows" in ex:
            df = pd.DataFrame(ex["rows"])
            columns = ex.get("columns", [])
        else:
            df = _table(case, ref)
            columns = ref.get("columns", [])
        return {
            "reference": df,
            "key": key,
            "columns": columns,
            "dates": ex.get("dates", []),
            "labels": _labels_for(case, ex, df, key),
            "noun": ex.get("noun", "row"),
        }
    if kind == "number":
        if "value" in ex:
            value = ex["value"]
        else:
            df = _table(case, ref)
            how = ref.get("aggregate", "count")
            if how not in ("count", "nunique", "sum", "min", "max", "mean"):
                msg = f"aggregate {how!r} is unknown; use count, nunique, sum, min, max or mean."
                raise LookupError(msg)
            value = getattr(df[ref["column"]], how)()
        return {"reference": float(value), "tolerance": float(ex.get("tolerance", 0)), "unit": ex.get("unit", "")}
    if kind == "coverage":
        df = _table(case, ref)
        cites = {
            column: set(_table(case, {"table": target.split(".")[0]})[target.split(".")[1]].astype(str))
            for column, target in ex.get("cites", {}).items()
        }
        return {
            "reference": [str(v) for v in df[ref["column"]]],
            "key": ex.get("key", ref["column"]),
            "allowed": dict(ex.get("allowed", {})),
            "cites": cites,
            "noun": ex.get("noun", "row"),
            "filled": list(ex.get("filled", [])),
        }
    if kind == "text":
        cites = ex.get("cites", {})
        valid = set()
        for target in cites.get("exist_in", []):
            valid |= _ids_at(case, target)
        for prefix, targets in cites.get("prefixed", {}).items():
            valid |= {f"{prefix}{i}" for target in targets for i in _ids_at(case, target)}
        low, high = ex.get("words", [0, 10**6])
        return {
            "words": (int(low), int(high)),
            "pattern": cites.get("pattern", r"\b\w+\d+\b"),
            "valid": valid,
            "min_cites": int(cites.get("min", 1)),
        }
    msg = f"kind {kind!r} is unknown; use one of {', '.join(KINDS)}."
    raise LookupError(msg)
