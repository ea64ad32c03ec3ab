"""The case as a learner sees it: the columns that hold an exercise's key stay sealed until it is passed or revealed.

A labels exercise's reference is one column of a case table (``claims.kind``); a table
exercise's is a few columns (``events.date``); an ids exercise's is the column its query
selects by (``actors.voice``). Handing a learner those columns would hand over the answer,
so a learner's ``load_case()`` shows them as ``sealed until <exercise>`` (and derived date
columns as empty) until the learner passes the exercise or asks for its answer. A lesson
says which it is (``load_case(lesson="04")``) and seals its own exercises' columns only: other
lessons use the kit's labels and dates (one lesson may count years from a date that a later
lesson's exercise asks for), also for a learner who skipped one. Without a lesson, every unpassed
exercise's columns are sealed. The instructor's view (``casekit.case.load_case``) and grading
see everything.

Like the sealed question banks, this is a courtesy, not a lock: the CSV files in data/ hold
every column, and the student bundle keeps the sealed columns in a packed file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..case.load import load_case as load_full_case
from ..case.model import Case
from ..checks.kinds import key_columns
from ..checks.registry import check_files, load_registry
from ..common.ids import lesson_of
from ..records.store import load

__all__ = ["LearnerCase", "load_case", "sealed_columns"]

_DERIVED = ("_start", "_end", "_precision", "_label")  # the columns load_case derives from an EDTF column


def _done(case_id: str) -> set[str]:
    """The exercises the learner has passed or asked the answer of."""
    try:
        checks = load(case_id).get("checks", {})
    except Exception:  # noqa: BLE001 - no progress: nothing is unsealed by it
        return set()
    return {eid for eid, rec in checks.items() if isinstance(rec, dict) and (rec.get("status") == "passed" or rec.get("revealed"))}


_keyed_by_case: dict[Path, tuple[tuple, dict]] = {}


def _keyed(case: Case) -> dict:
    """The case's key columns (``checks.kinds.key_columns``), worked out once per version of its exercise files."""
    folder = Path(case.path)
    stamp = tuple((p.name, p.stat().st_mtime) for p in check_files(folder))
    if folder not in _keyed_by_case or _keyed_by_case[folder][0] != stamp:
        try:
            keyed = key_columns(case, load_registry(case))
        except Exception:  # noqa: BLE001 - a case without exercises seals nothing
            keyed = {}
        _keyed_by_case[folder] = (stamp, keyed)
    return _keyed_by_case[folder][1]


def sealed_columns(case: Case, lesson: str | None = None) -> dict[tuple[str, str], list[tuple[str, Any]]]:
    """Each (table, column) sealed for this learner now: the exercises that would open it, each with its rows (None: all)."""
    keyed = _keyed(case.full_view())
    done = _done(case.id)
    number = str(lesson or "")[:2]
    elsewhere = (lambda eid: lesson_of(eid) != number) if number.isdigit() else (lambda eid: False)
    sealed = {}
    for place, entries in keyed.items():
        closed = [(eid, rows) for eid, rows in entries if eid not in done and not elsewhere(eid)]
        if closed:
            sealed[place] = closed
    return sealed


def _seal(df: pd.DataFrame, column: str, exercise: str, rows) -> None:
    """Seal ``column`` (every row, or ``rows``): text says which exercise opens it; a date or typed cell becomes empty."""
    where = df.index if rows is None else df.index.intersection(rows)
    derived = [f"{column}{s}" for s in _DERIVED if f"{column}{s}" in df.columns]
    if derived or not pd.api.types.is_string_dtype(df[column]):
        df[column] = df[column].astype(object)
        df.loc[where, column] = None
    else:
        df[column] = df[column].astype(object)
        df.loc[where, column] = f"sealed until {exercise}"
    for name in derived:
        df.loc[where, name] = None


class _SealedTables(Mapping):
    """The case's tables, each with its sealed columns hidden as the learner's progress stands when it is read."""

    def __init__(self, case: LearnerCase):
        self._case = case

    def __getitem__(self, name: str) -> pd.DataFrame:
        full = self._case.full_view().tables[name]
        places = {c: entries for (t, c), entries in sealed_columns(self._case, self._case.lesson).items() if t == name}
        if not places:
            return full
        df = full.copy()
        for column, entries in places.items():
            for exercise, rows in entries:
                _seal(df, column, exercise, rows)
        df.attrs["sealed"] = {c: [e for e, _ in entries] for c, entries in places.items()}
        return df

    def __iter__(self) -> Iterator[str]:
        return iter(self._case.full_view().tables)

    def __len__(self) -> int:
        return len(self._case.full_view().tables)


class LearnerCase(Case):
    """A case seen by a learner: tables as usual, with the columns that hold an unpassed exercise's key sealed."""

    def __init__(self, full: Case, lesson: str | None = None):
        super().__init__(path=full.path, meta=full.meta, article=full.article, tables={})
        self._full = full
        self.lesson = lesson
        self.tables = _SealedTables(self)  # type: ignore[assignment]

    def full_view(self) -> Case:
        """The case with every column: what checks and grading use."""
        return self._full

    def sealed(self) -> pd.DataFrame:
        """Which columns are sealed now, and which exercise opens each (pass it, or ask for its answer)."""
        rows = [(t, c, ", ".join(e for e, _ in entries)) for (t, c), entries in sealed_columns(self, self.lesson).items()]
        return pd.DataFrame(rows, columns=["table", "column", "opened_by"])

    def __repr__(self) -> str:
        sealed = sealed_columns(self, self.lesson)
        note = f"; {len(sealed)} columns sealed until their exercise is passed or revealed (case.sealed())" if sealed else ""
        return repr(self._full).rstrip(">") + note + ">"


def load_case(path: str | os.PathLike | None = None, *, validate: bool = True, lesson: str | None = None) -> LearnerCase:
    """Load a case as a learner sees it: every table, with the columns that hold an exercise's key sealed until it is passed.

    ``lesson`` (such as ``"04"``) seals that lesson's exercises only (other lessons need the
    kit's labels). ``case.sealed()`` lists what is sealed and what opens it.

    Example::

        case = load_case(lesson="03")     # 03's exercises sealed until passed
        case.claims.head()
    """
    return LearnerCase(load_full_case(path, validate=validate), lesson)
