"""Where a case folder is, what its case.toml says, and where the kit around it is."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pandas as pd

from ..errors import CaseError

__all__ = [
    "CASES_FILE",
    "case_folder_and_id",
    "case_folders",
    "find_case",
    "kit_root",
    "main_case",
    "read_descriptor",
    "read_meta",
    "read_table",
    "searched",
]


CASES_FILE = "cases.toml"  # in a kit's data/: which of its case folders the lessons use when none is named


def _is_case(folder: Path) -> bool:
    return (folder / "datapackage.json").is_file()


def _data_folders() -> list[Path]:
    """The kit's data/ folders from here upwards (the nearest first)."""
    here = Path.cwd().resolve()
    return [f / "data" for f in (here, *here.parents) if (f / "data").is_dir()]


def case_folders(data: str | os.PathLike) -> list[Path]:
    """The case folders of a kit's ``data/`` folder: data/ itself (one case), or its sub folders with a data package."""
    data = Path(data)
    if _is_case(data):
        return [data.resolve()]
    return sorted(f.resolve() for f in data.iterdir() if f.is_dir() and _is_case(f)) if data.is_dir() else []


def main_case(data: str | os.PathLike) -> Path:
    """The case the lessons use when they name none: the one named by ``data/cases.toml`` (``main = "..."``)."""
    data = Path(data)
    if _is_case(data):
        return data.resolve()
    try:
        name = tomllib.loads((data / CASES_FILE).read_text(encoding="utf-8"))["main"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        folders = ", ".join(f.name for f in case_folders(data)) or "none"
        msg = f'{data}: no {CASES_FILE} naming the main case (main = "folder"); the case folders here are: {folders}.'
        raise CaseError([msg]) from exc
    if not _is_case(data / str(name)):
        raise CaseError([f"{data / CASES_FILE}: main = {name!r}, but {data / str(name)} is not a case folder (no datapackage.json)."])
    return (data / str(name)).resolve()


def find_case(path: str | os.PathLike | None = None) -> Path:
    """Find a case folder.

    ``path`` is a case folder, a kit's ``data/`` folder (its main case), or the name of
    a case folder in the kit's ``data/`` (``"white-house-2024-12-08"``). Without it:
    ``$CASEKIT_CASE``, else the main case of the ``data/`` folder here or in a parent folder.
    """
    if path is None:
        path = os.environ.get("CASEKIT_CASE")
    if path is not None:
        folder = Path(path)
        if _is_case(folder):
            return folder.resolve()
        if (folder / CASES_FILE).is_file():
            return main_case(folder)
        named = [d / str(path) for d in _data_folders() if _is_case(d / str(path))] if len(folder.parts) == 1 else []
        if named:
            return named[0].resolve()
        raise CaseError(
            [f"{folder}: no datapackage.json here; give a case folder (the one with datapackage.json) or the name of one in data/."]
        )
    for data in _data_folders():
        if _is_case(data) or (data / CASES_FILE).is_file():
            return main_case(data)
    raise CaseError(
        [f"no case folder found: {searched()}; run from the kit's folder or one of its subfolders, or pass load_case(path=...)."]
    )


def searched(here: Path | None = None) -> str:
    """Which data/ folders a case is looked for in from ``here`` (default: the working folder), as a clause for a message:
    "looked for data/ in /tmp/x and each folder above it, and found none", or the data/ folders found that hold no case.
    """
    here = (here or Path.cwd()).resolve()
    found = [f / "data" for f in (here, *here.parents) if (f / "data").is_dir()]
    if not found:
        return f"looked for data/ in {here} and each folder above it, and found none"
    return f"looked in {', '.join(str(d) for d in found)} (from {here}), which hold{'s' if len(found) == 1 else ''} no datapackage.json or {CASES_FILE}"


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
    """The kit's folder: ``root`` if given, else the folder that holds the ``data/`` found from here."""
    if root is not None:
        return Path(root).resolve()
    folder = find_case()
    return folder.parent if folder.name == "data" else folder.parent.parent


def read_descriptor(folder: Path) -> dict:
    """The case's ``datapackage.json``; CaseError (one sentence) when it is not JSON."""
    try:
        return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CaseError([f"datapackage.json: cannot be read as JSON ({exc}); restore it from git."]) from exc


def read_table(folder: Path, resource: dict) -> pd.DataFrame:
    """One table of the data package read as strings; empty cells become missing values."""
    return pd.read_csv(folder / resource["path"], dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
