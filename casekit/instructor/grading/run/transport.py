"""Values carried from the learner's kernel to the grader as tagged JSON (never pickle: nothing is executed).

``KERNEL_DUMP`` runs in the kernel after a cell that calls ``check()`` and
writes the values passed to it; ``read_values`` and ``decode_value`` rebuild
them in the grading process from plain data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..intake.scan import MAX_BYTES

__all__ = ["KERNEL_DUMP", "MAX_ITEMS", "decode_value", "items_in", "read_values"]

MAX_ITEMS = 20_000  # a value read back with more parts than this (list items, table cells) is not judged: no lesson's answer is that long

# Runs in the learner's kernel after a cell that calls check(): writes the values
# passed to check() as tagged JSON. Builtins are reached through the builtins
# module, so a learner's variable called `list` or `type` does not break it.
KERNEL_DUMP = r"""
def __casekit_grade_dump(__path, __exprs):
    import builtins as B, json as J, math as M, datetime as D
    def enc(v, depth=0):
        if depth > 40:
            raise ValueError("nested too deeply")
        t = B.type(v)
        mod = t.__module__.split(".")[0]
        if v is None or t in (B.bool, B.str):
            return v
        if t is B.int:
            return v if B.abs(v) < 2**63 else {"$": "bigint", "text": B.str(v)}
        if t is B.float:
            return v if M.isfinite(v) else {"$": "float", "text": B.repr(v)}
        if v is B.Ellipsis:
            return {"$": "ellipsis"}
        if t is B.list:
            return [enc(x, depth + 1) for x in v]
        if t is B.tuple:
            return {"$": "tuple", "items": [enc(x, depth + 1) for x in v]}
        if t in (B.set, B.frozenset):
            return {"$": "set", "items": [enc(x, depth + 1) for x in v]}
        if t is B.dict:
            return {"$": "dict", "items": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in v.items()]}
        if B.isinstance(v, D.datetime) or B.isinstance(v, D.date):
            return {"$": "timestamp", "text": v.isoformat()}
        if mod == "pandas":
            import pandas as P
            if t is P.DataFrame:
                return {"$": "frame", "columns": [enc(c, depth + 1) for c in v.columns],
                        "index": [enc(i, depth + 1) for i in v.index.tolist()],
                        "index_names": [enc(n, depth + 1) for n in v.index.names],
                        "dtypes": [B.str(d) for d in v.dtypes],
                        "data": [[enc(x, depth + 2) for x in row] for row in v.itertuples(index=False, name=None)]}
            if t is P.Series:
                return {"$": "series", "name": enc(v.name, depth + 1), "dtype": B.str(v.dtype),
                        "index": [enc(i, depth + 1) for i in v.index.tolist()],
                        "values": [enc(x, depth + 1) for x in v.tolist()]}
            if B.isinstance(v, P.Index):
                return {"$": "index", "name": enc(v.name, depth + 1), "items": [enc(x, depth + 1) for x in v.tolist()]}
            if v is P.NaT or v is P.NA:
                return None
            if t is P.Timestamp:
                return {"$": "timestamp", "text": v.isoformat()}
        if mod == "numpy":
            if B.hasattr(v, "ndim") and v.ndim > 0:
                return {"$": "array", "items": enc(v.tolist(), depth + 1)}
            return enc(v.item(), depth + 1)
        raise TypeError(f"{t.__module__}.{t.__qualname__}")
    out = {}
    g = B.globals()
    for key, src in __exprs.items():
        try:
            value = B.eval(src, g)
        except B.BaseException as exc:
            out[key] = {"missing": f"{B.type(exc).__name__}: {exc}"[:200]}
            continue
        try:
            out[key] = {"value": enc(value)}
        except B.BaseException as exc:
            t = B.type(value)
            out[key] = {"unreadable": f"{t.__module__}.{t.__qualname__}", "why": B.str(exc)[:120]}
    with B.open(__path, "w", encoding="utf-8") as f:
        J.dump(out, f)
__casekit_grade_dump(__PATH__, __EXPRS__)
del __casekit_grade_dump
"""


def items_in(v, cap: int = MAX_ITEMS) -> int:
    """The parts of a tagged JSON value (every list item, dict entry and table cell), counted up to just past ``cap``.

    >>> items_in([1, [2, 3], {"$": "tuple", "items": [4]}])  # the tag counts too
    9
    >>> items_in(list(range(50)), cap=10)
    11
    """
    count, stack = 0, [v]
    while stack and count <= cap:
        x = stack.pop()
        count += 1
        if isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, dict):
            stack.extend(x.values())
    return count


def decode_value(v):
    """Rebuild a value from the tagged JSON the kernel wrote (plain data only: nothing is executed)."""
    if isinstance(v, list):
        return [decode_value(x) for x in v]
    if not isinstance(v, dict):
        return v
    tag = v.get("$")
    if tag == "ellipsis":
        return Ellipsis
    if tag == "bigint":
        return int(v["text"])
    if tag == "float":
        return float(v["text"])
    if tag == "tuple":
        return tuple(decode_value(x) for x in v["items"])
    if tag == "set":
        return {_hashable(decode_value(x)) for x in v["items"]}
    if tag == "dict":
        return {_hashable(decode_value(k)): decode_value(x) for k, x in v["items"]}
    if tag == "timestamp":
        return pd.Timestamp(v["text"])
    if tag == "array":
        return decode_value(v["items"])
    if tag == "index":
        return pd.Index([decode_value(x) for x in v["items"]], name=decode_value(v["name"]), dtype=object)
    if tag == "series":
        s = pd.Series(
            [decode_value(x) for x in v["values"]], index=[decode_value(x) for x in v["index"]], name=decode_value(v["name"]), dtype=object
        )
        return _retype(s, v.get("dtype"))
    if tag == "frame":
        columns = [decode_value(c) for c in v["columns"]]
        rows = [[decode_value(x) for x in row] for row in v["data"]]
        df = pd.DataFrame(rows, columns=range(len(columns)), dtype=object)
        for i, dtype in enumerate(v.get("dtypes", [])):
            df.isetitem(i, _retype(df.iloc[:, i], dtype))
        df.columns = pd.Index(columns)
        index = [decode_value(x) for x in v["index"]]
        names = [decode_value(n) for n in v.get("index_names", [None])]
        if len(index) == len(df):
            if len(names) > 1:
                df.index = pd.MultiIndex.from_tuples([tuple(i) if isinstance(i, list | tuple) else (i,) for i in index], names=names)
            else:
                df.index = pd.Index(index, name=names[0] if names else None)
        return df
    msg = f"unknown tag {tag!r}"
    raise ValueError(msg)


def _hashable(v):
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


def _retype(s: pd.Series, dtype: str | None) -> pd.Series:
    """Give a rebuilt column back its dtype when that is a plain one; otherwise let pandas infer it."""
    try:
        if dtype and dtype != "object" and not dtype.startswith("category"):
            return s.astype(dtype)
        return s.infer_objects() if dtype != "object" else s
    except (TypeError, ValueError):
        return s.infer_objects()


def read_values(path: Path, exprs: dict[str, str]) -> dict[str, dict]:
    """The values one extraction wrote, keyed by exercise; a missing or damaged file gives a 'missing' note."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return {k: {"unreadable": "value", "why": "larger than 50 MB"} for k in exprs}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {k: {"missing": f"the grader could not read it back ({type(exc).__name__})"} for k in exprs}
    return {k: data.get(k) if isinstance(data.get(k), dict) else {"missing": "the grader could not read it back"} for k in exprs}
