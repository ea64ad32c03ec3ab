"""Load a case folder into typed pandas tables, after checking it against its data package.

A case folder holds ``case.toml`` (what the article is), the article text,
CSV tables and ``datapackage.json`` (a Frictionless Data Package that
describes every table). Two extensions to the data package are read here
and in ``validate``:

* ``"casekit:list_of": "table.field"`` on a field whose cells hold ids
  separated by ``;``: every id must exist in ``table.field``.
* ``"casekit:format": "edtf"`` on a date field: every value must be EDTF; the
  loaded table gains ``<field>_start``, ``<field>_end``, ``<field>_precision``
  and ``<field>_label`` columns.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from ..common.files import cache_dir
from ..common.version import VERSION
from ..errors import CaseError
from . import dates
from .folder import find_case, read_descriptor, read_meta, read_table
from .model import Case
from .sealed import SEALED_FILE, restore_sealed
from .validate import validate_case

__all__ = ["load_case"]


def _typed(df: pd.DataFrame, resource: dict) -> pd.DataFrame:
    df = df.copy()
    for fld in resource["schema"]["fields"]:
        name, kind = fld["name"], fld.get("type", "string")
        if name not in df:
            continue
        if kind == "integer":
            df[name] = pd.to_numeric(df[name]).astype("Int64")
        elif kind == "number":
            df[name] = pd.to_numeric(df[name]).astype("Float64")
        elif kind == "boolean":
            df[name] = df[name].str.lower().map({"true": True, "false": False}).astype("boolean")
        if fld.get("casekit:format") == "edtf":
            dates.remember(df[name])
            spans = [dates.bounds(v) for v in df[name]]
            df[f"{name}_start"] = pd.to_datetime([lo for lo, _ in spans]).as_unit("s")
            df[f"{name}_end"] = pd.to_datetime([hi for _, hi in spans]).as_unit("s")
            df[f"{name}_precision"] = [dates.precision(v) for v in df[name]]
            df[f"{name}_label"] = [dates.label(v) for v in df[name]]
    return df


def _signature(folder: Path, descriptor: dict) -> str:
    digest = hashlib.sha256(VERSION.encode())
    files = ["datapackage.json", "case.toml", SEALED_FILE, *(r.get("path", "") for r in descriptor.get("resources", []))]
    for name in files:
        path = folder / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def load_case(path: str | os.PathLike | None = None, *, validate: bool = True) -> Case:
    """Load a case folder as typed tables, after validating it against its data package.

    Raises CaseError (one line per problem) when the folder is not valid. A
    successful validation is remembered (by a hash of the files) in the
    user's cache folder, so later loads of the same files skip it.

    Example::

        case = load_case()          # finds data/ from a lesson folder too
        case.sentences.head()
    """
    folder = find_case(path)
    descriptor = read_descriptor(folder)
    meta = read_meta(folder)
    if validate:
        stamp = cache_dir() / f"valid-{_signature(folder, descriptor)}"
        if not stamp.exists():
            problems = validate_case(folder)
            if problems:
                raise CaseError(problems)
            try:
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.touch()
            except OSError:
                pass  # a read-only home only costs a re-validation next time
    raw = {res["name"]: read_table(folder, res) for res in descriptor["resources"]}
    descriptor, raw = restore_sealed(folder, descriptor, raw)
    tables = {res["name"]: _typed(raw[res["name"]], res) for res in descriptor["resources"]}
    article = (folder / meta["article"].get("file", "article.txt")).read_text(encoding="utf-8")
    return Case(path=folder, meta=meta, article=article, tables=tables)
