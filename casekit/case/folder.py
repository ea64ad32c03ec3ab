"""Where a case folder is, what its case.toml says, and where the kit around it is."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pandas as pd

from ..errors import CaseError

__all__ = ["case_folder_and_id", "find_case", "kit_root", "read_descriptor", "read_meta", "read_table"]


def find_case(path: str | os.PathLike | None = None) -> Path:
    """Find the case folder: ``path`` if given, else ``$CASEKIT_CASE``, else ``data/`` here or in a parent folder."""
    if path is None:
        path = os.environ.get("CASEKIT_CASE")
    if path is not None:
        folder = Path(path)
        if not (folder / "datapackage.json").is_file():
            raise CaseError([f"{folder}: no datapackage.json here; give the path of the case folder (the one with datapackage.json)."])
        return folder.resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder / "data"
    raise CaseError([f"no case folder found from {here}: run from the kit's folder or one of its subfolders, or pass load_case(path=...)."])


def read_meta(folder: str | os.PathLike) -> dict:
    """The case's ``case.toml`` as a dict; CaseError (one sentence) when it is missing or not TOML."""
    try:
        return tomllib.loads((Path(folder) / "case.toml").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CaseError(["case.toml: missing; the case folder needs it to name its article."]) from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CaseError([f"case.toml: not valid TOML ({exc})."]) from exc


def case_folder_and_id(case=None) -> tuple[Path, str]:
    """The case folder and case id for ``case``: a Case, a folder path, or None (found from here).

    A folder whose case.toml cannot be read is named by its folder name.
    """
    if hasattr(case, "path") and hasattr(case, "meta"):
        return Path(case.path), str(case.id)
    folder = find_case(case)
    try:
        return folder, str(read_meta(folder)["case"]["id"])
    except (CaseError, KeyError, TypeError):
        return folder, folder.name


def kit_root(root: str | os.PathLike | None = None) -> Path:
    """The kit's folder: ``root`` if given, else the parent of the case folder found from here."""
    return Path(root).resolve() if root is not None else find_case().parent


def read_descriptor(folder: Path) -> dict:
    """The case's ``datapackage.json``; CaseError (one sentence) when it is not JSON."""
    try:
        return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CaseError([f"datapackage.json: cannot be read as JSON ({exc}); restore it from git."]) from exc


def read_table(folder: Path, resource: dict) -> pd.DataFrame:
    """One table of the data package read as strings; empty cells become missing values."""
    return pd.read_csv(folder / resource["path"], dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
