"""The case's registry of exercises: ``checks.toml`` and ``checks/*.toml`` give each exercise id a kind and a reference.

See ``docs/checks.md`` for the fields. Files are re-read only when they change.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from ..case.folder import case_folder_and_id
from ..common.wording import describe, did_you_mean
from .result import CheckResult, result

__all__ = ["check_files", "find_exercise", "load_registry", "registry"]

_files: dict[Path, tuple[float, list[dict]]] = {}


def check_files(folder: Path) -> list[Path]:
    """The files that register exercises: ``checks.toml`` and every ``checks/*.toml`` (one per lesson)."""
    folder = Path(folder)
    single = [folder / "checks.toml"] if (folder / "checks.toml").is_file() else []
    return single + sorted((folder / "checks").glob("*.toml"))


def load_registry(case=None) -> list[dict]:
    """The exercises registered in the case folder (``checks.toml`` and ``checks/*.toml``), as tables."""
    folder, _ = case_folder_and_id(case)
    exercises: list[dict] = []
    for path in check_files(folder):
        mtime = path.stat().st_mtime
        if path not in _files or _files[path][0] != mtime:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            _files[path] = (mtime, [e for e in data.get("exercise", []) if isinstance(e, dict)])
        exercises.extend(_files[path][1])
    return exercises


def registry(case=None) -> pd.DataFrame:
    """The registered exercises: id, kind, description.

    Example::

        registry()
    """
    rows = [{"id": e.get("id"), "kind": e.get("kind"), "description": e.get("description", "")} for e in load_registry(case)]
    return pd.DataFrame(rows, columns=["id", "kind", "description"])


def find_exercise(exercise_id, case) -> tuple[dict | None, CheckResult | None]:
    """The registered exercise with this id, or an error result that says which ids there are."""
    try:
        exercises = load_registry(case)
    except Exception as exc:  # noqa: BLE001 - the learner sees one sentence
        return None, result("error", f"the case's checks.toml cannot be read ({exc}); ask your instructor.")
    if not isinstance(exercise_id, str):
        example = next((e.get("id") for e in exercises if isinstance(e.get("id"), str)), "07-dates")
        return None, result("error", f"the exercise id must be text, such as {example!r}; got {describe(exercise_id)}.")
    for ex in exercises:
        if ex.get("id") == exercise_id:
            return ex, None
    ids = [str(e.get("id")) for e in exercises]
    hint = did_you_mean(exercise_id, ids, 0.5) or (f"the exercises are {', '.join(ids)}." if ids else "this case registers no exercises.")
    return None, result("error", f"there is no exercise {exercise_id[:60]!r}; {hint}")
