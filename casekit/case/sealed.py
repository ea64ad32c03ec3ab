"""Sealed columns of a student bundle's tables: kept out of the CSV files, packed in one file beside them.

The release takes the columns that hold an exercise's key out of the student copy's CSVs
(and out of its data package), and packs them into ``sealed-columns.txt``; reading the case
(``load_case``, ``validate``) puts them back in memory, so the kit works as before while the
files do not show a key at a glance. A table whose primary key loses a column loses its primary
key in the bundle's data package (the kit's own copy keeps it, and is validated with it). Like
the sealed banks, this is a courtesy, not a lock: the packing is not encryption.
"""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path

import pandas as pd

from ..common.sealing import pack, unpack
from ..errors import CaseError
from .folder import read_table

__all__ = ["SEALED_FILE", "restore_sealed", "seal_columns"]

SEALED_FILE = "sealed-columns.txt"


def _key_fields(resource: dict) -> set[str]:
    key = (resource.get("schema") or {}).get("primaryKey") or []
    return {key} if isinstance(key, str) else set(key)


def seal_columns(folder: Path, descriptor: dict, places: dict[str, list[str]]) -> tuple[dict, dict[str, bytes], str]:
    """(the bundle's data package, its CSV files by path, the sealed-columns text) with ``places`` (table -> columns) sealed."""
    sealed_descriptor = copy.deepcopy(descriptor)
    files: dict[str, bytes] = {}
    payload: dict[str, dict] = {}
    for res in sealed_descriptor.get("resources", []):
        wanted = list(places.get(res.get("name"), []))
        fields = res.get("schema", {}).get("fields", [])
        names = [f["name"] for f in fields]
        wanted = [c for c in wanted if c in names]
        if not wanted:
            continue
        df = read_table(folder, res)
        payload[res["name"]] = {
            "fields": [f for f in fields if f["name"] in wanted],
            "positions": {c: names.index(c) for c in wanted},
            "values": {c: [None if pd.isna(v) else str(v) for v in df[c]] for c in wanted},
        }
        res["schema"]["fields"] = [f for f in fields if f["name"] not in wanted]
        res["schema"]["foreignKeys"] = [
            fk
            for fk in res["schema"].get("foreignKeys", [])
            if not set([fk.get("fields")] if isinstance(fk.get("fields"), str) else fk.get("fields", [])) & set(wanted)
        ]
        if not res["schema"]["foreignKeys"]:
            del res["schema"]["foreignKeys"]
        if _key_fields(res) & set(wanted):
            res["schema"].pop("primaryKey", None)
        text = io.StringIO()
        df.drop(columns=wanted).to_csv(text, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        files[res["path"]] = text.getvalue().encode("utf-8")
    gone = {(name, f["name"]) for name, entry in payload.items() for f in entry["fields"]}
    for res in sealed_descriptor.get("resources", []):  # a foreign key that points at a sealed column goes too
        keys = [fk for fk in res.get("schema", {}).get("foreignKeys", []) if not _points_at(fk, gone)]
        if "foreignKeys" in res.get("schema", {}):
            res["schema"]["foreignKeys"] = keys
    return sealed_descriptor, files, pack(payload) + "\n" if payload else ""


def _points_at(fk: dict, gone: set[tuple[str, str]]) -> bool:
    target = fk.get("reference") or {}
    fields = target.get("fields")
    return any((target.get("resource"), f) in gone for f in ([fields] if isinstance(fields, str) else fields or []))


def restore_sealed(folder: Path, descriptor: dict, tables: dict[str, pd.DataFrame]) -> tuple[dict, dict[str, pd.DataFrame]]:
    """The data package and raw tables with the sealed columns put back (unchanged when the folder has none)."""
    path = Path(folder) / SEALED_FILE
    if not path.is_file():
        return descriptor, tables
    try:
        payload = unpack(path.read_text(encoding="utf-8"))
        if not isinstance(payload, dict):
            raise ValueError("not a table of tables")
    except (OSError, ValueError) as exc:
        raise CaseError([f"{SEALED_FILE}: cannot be read ({exc}); take it again from the student bundle."]) from exc
    full = copy.deepcopy(descriptor)
    tables = dict(tables)
    for res in full.get("resources", []):
        entry = payload.get(res.get("name"))
        if not entry or res["name"] not in tables:
            continue
        df = tables[res["name"]].copy()
        fields = res["schema"]["fields"]
        for fld in sorted(entry["fields"], key=lambda f: entry["positions"][f["name"]]):
            name = fld["name"]
            values = entry["values"][name]
            if len(values) != len(df):
                raise CaseError(
                    [f"{SEALED_FILE}: {res['name']}.{name} has {len(values)} rows, the table {len(df)}; take both again from the bundle."]
                )
            df.insert(
                min(entry["positions"][name], len(df.columns)),
                name,
                pd.Series(values, index=df.index, dtype=object).astype(df.dtypes.iloc[0]),
            )
            fields.insert(min(entry["positions"][name], len(fields)), fld)
        tables[res["name"]] = df
    return full, tables
