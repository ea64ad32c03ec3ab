"""Drafted rows merged into a case's tables: a ``status`` column marks them, the instructor's rows stay as they are.

A table that gets drafts gains an optional ``status`` field in the case's
``datapackage.json`` (``draft`` or ``confirmed``; an empty cell is a row the
instructor wrote) and the column in its CSV. Existing rows are kept cell for
cell, with their ids; a drafted row that repeats one already there (by the
key the caller gives) is left out; new rows get ids after the last one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...common.files import write_atomic

__all__ = ["CONFIRMED", "DRAFT", "STATUS", "STATUS_FIELD", "Merged", "merge_rows", "next_ids", "read_rows"]

STATUS, DRAFT, CONFIRMED = "status", "draft", "confirmed"
STATUS_FIELD = {
    "name": STATUS,
    "type": "string",
    "description": "draft: proposed by `python -m casekit draft` and not yet checked; set it to confirmed once checked "
    "(or delete the row). Empty: written by hand.",
    "constraints": {"enum": [DRAFT, CONFIRMED]},
}


@dataclass
class Merged:
    """What drafting did to one table."""

    table: str
    path: str
    added: int
    kept: int  # rows already there (the instructor's and earlier drafts), left as they were
    skipped: int  # drafted rows left out because the table already holds them


def read_rows(folder: Path, resource: dict) -> pd.DataFrame:
    """A table's rows as text, empty cells as empty strings (so that writing it back changes no cell)."""
    path = folder / resource["path"]
    if not path.is_file() or not path.read_text(encoding="utf-8").strip():
        return pd.DataFrame(columns=[f["name"] for f in resource["schema"]["fields"]])
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def next_ids(existing: pd.Series, prefix: str, count: int) -> list[str]:
    """``count`` new ids after the highest numbered one (``C07`` gives ``C08``...), two digits at least.

    >>> next_ids(pd.Series(["C01", "C07", "note"]), "C", 2)
    ['C08', 'C09']
    """
    numbers = [int(m.group(1)) for v in existing.astype(str) if (m := re.fullmatch(rf"{re.escape(prefix)}(\d+)", v))]
    start = max(numbers, default=0) + 1
    return [f"{prefix}{n:02d}" for n in range(start, start + count)]


def _with_status(descriptor: dict, resource: dict) -> bool:
    """Add the optional status field to ``resource`` when it lacks it; whether the descriptor changed."""
    fields = resource["schema"]["fields"]
    if any(f["name"] == STATUS for f in fields):
        return False
    fields.append(json.loads(json.dumps(STATUS_FIELD)))
    return True


def _csv_text(df: pd.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(df.columns))
    writer.writerows(df.astype(str).itertuples(index=False, name=None))
    return out.getvalue()


def merge_rows(
    folder: Path,
    descriptor: dict,
    table: str,
    rows: list[dict],
    *,
    keys: Callable[[dict], set],
    id_field: str | None = None,
    id_prefix: str = "",
    make_id: Callable[[dict, set[str]], str] | None = None,
) -> Merged | None:
    """Merge drafted ``rows`` into ``table`` of the case; None when the data package has no such table.

    ``keys`` gives, for a row (drafted or already there), what names it (a name
    and its aliases, a sentence id ...); a drafted row that shares one with a row
    already in the table (or drafted before it) is left out. New ids
    come from ``make_id`` (a name-like id not yet taken) or run on after the
    table's last ``id_prefix`` number. The caller writes the data package
    (``descriptor``), which gains the status field where it was missing.
    """
    resource = next((r for r in descriptor.get("resources", []) if r.get("name") == table), None)
    if resource is None:
        return None
    _with_status(descriptor, resource)
    columns = [f["name"] for f in resource["schema"]["fields"]]
    existing = read_rows(folder, resource)
    for column in columns:
        if column not in existing:
            existing[column] = ""
    existing = existing[columns + [c for c in existing.columns if c not in columns]]
    seen = set().union(*(keys(r) for r in existing.to_dict("records")))
    fresh = []
    for row in rows:
        mine = keys(row)
        if mine & seen:
            continue
        seen |= mine
        fresh.append(row)
    if id_field:
        taken = set(existing[id_field].astype(str))
        if make_id is not None:
            for row in fresh:
                row[id_field] = make_id(row, taken)
                taken.add(row[id_field])
        else:
            for row, new_id in zip(fresh, next_ids(existing[id_field], id_prefix, len(fresh))):
                row[id_field] = new_id
    added = pd.DataFrame([{c: r.get(c, "") for c in existing.columns} | {STATUS: DRAFT} for r in fresh], columns=existing.columns)
    merged = pd.concat([existing, added], ignore_index=True).fillna("") if len(added) else existing
    write_atomic(folder / resource["path"], _csv_text(merged))
    return Merged(table, resource["path"], len(fresh), len(existing), len(rows) - len(fresh))
