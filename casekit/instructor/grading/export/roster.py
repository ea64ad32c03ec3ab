"""The class roster: an LMS's own export (Canvas gradebook, Moodle grades) or a plain list, and each graded learner matched to one row.

A Canvas roster is the gradebook CSV Canvas exports: ``Student, ID, SIS User
ID, SIS Login ID, Section``, assignment columns, and a "Points Possible" row.
A Moodle roster is its exported grades or participants: ``First name, Last
name`` (or ``Surname``), ``ID number``, ``Email address``, ... Any other CSV
with a ``name``, ``login``/``username`` or ``email`` column works too.

A learner (as the grades name them, from file or folder names) matches a
roster row by login, e-mail (or the part before the @), id, or name (in
either order, without case, accents or punctuation: Canvas's ``smithjane``
matches "Smith, Jane"). A name that matches two rows matches neither.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ....common.folding import fold
from ....errors import GradeError
from ..csvfile import read_csv

__all__ = ["Roster", "read_roster", "squash"]

_ALIASES = {
    "name": ("student", "name", "full name", "fullname", "student name"),
    "first": ("first name", "firstname", "given name"),
    "last": ("last name", "lastname", "surname", "family name"),
    "login": ("sis login id", "login", "login id", "username", "user name", "user"),
    "email": ("email", "email address", "e-mail", "e-mail address", "mail"),
    "id": ("id", "sis user id", "id number", "student id", "user id", "idnumber"),
    "section": ("section", "group", "groups"),
}
_SKIP_ROWS = ("points possible", "student, test", "test student")


def squash(text: str) -> str:
    """Text reduced for matching: folded, letters and digits only.

    >>> squash("Smith, Jané"), squash("jane.smith@uni.example")
    ('smithjane', 'janesmithuniexample')
    """
    return re.sub(r"[^a-z0-9]+", "", fold(str(text)))


@dataclass
class Roster:
    """The rows of a roster (each a dict of its columns), which columns mean what, and its format (canvas, moodle or plain)."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    roles: dict[str, list[str]] = field(default_factory=dict)  # role -> the roster's columns for it
    kind: str = "plain"

    def value(self, row: dict[str, str], role: str) -> str:
        """The first non-empty column of ``row`` that plays ``role`` (name, first, last, login, email, id, section)."""
        return next((row[c].strip() for c in self.roles.get(role, []) if row.get(c, "").strip()), "")

    def name(self, row: dict[str, str]) -> str:
        """The learner's name as the roster writes it."""
        return self.value(row, "name") or " ".join(p for p in (self.value(row, "first"), self.value(row, "last")) if p)

    def _keys(self, row: dict[str, str]) -> tuple[set[str], set[str]]:
        """(exact keys: login, e-mail, ids; name keys: the name both ways round)."""
        exact = set()
        for role in ("login", "email", "id"):
            for c in self.roles.get(role, []):
                v = row.get(c, "").strip()
                if v:
                    exact.add(squash(v))
                    if "@" in v:
                        exact.add(squash(v.split("@")[0]))
        names = set()
        full = self.value(row, "name")
        if full:
            names.add(squash(full))
            if "," in full:
                last, first = full.split(",", 1)
                names.add(squash(first + last))
        first, last = self.value(row, "first"), self.value(row, "last")
        if first or last:
            names |= {squash(first + last), squash(last + first)}
        return exact - {""}, names - {""}

    def match(self, learners: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
        """({learner: row index}, learners on no row, one line per ambiguous or doubled match)."""
        exact: dict[str, set[int]] = {}
        names: dict[str, set[int]] = {}
        for i, row in enumerate(self.rows):
            e, n = self._keys(row)
            for k in e:
                exact.setdefault(k, set()).add(i)
            for k in n:
                names.setdefault(k, set()).add(i)
        matched: dict[str, int] = {}
        missing, problems = [], []
        taken: dict[int, str] = {}
        for learner in learners:
            keys = {squash(learner)} | ({squash(learner.split("@")[0])} if "@" in learner else set())
            hits = set().union(*(exact.get(k, set()) for k in keys)) or set().union(*(names.get(k, set()) for k in keys))
            if len(hits) > 1:
                problems.append(
                    f"{learner}: matches {len(hits)} roster rows ({'; '.join(self.name(self.rows[i]) for i in sorted(hits))}); not exported."
                )
            elif not hits:
                missing.append(learner)
            else:
                (i,) = hits
                if i in taken:
                    problems.append(f"{learner}: matches the same roster row as {taken[i]} ({self.name(self.rows[i])}); not exported.")
                else:
                    taken[i] = learner
                    matched[learner] = i
        return matched, missing, problems


def read_roster(path: str | os.PathLike) -> Roster:
    """Read a roster CSV; GradeError when it cannot be read or names nobody."""
    path = Path(path)
    header, rows = read_csv(path, "the roster", "export it again as CSV.")
    lower = {h: h.strip().lower() for h in header}
    roles = {role: [h for h in header if lower[h] in names] for role, names in _ALIASES.items()}
    if not any(roles[r] for r in ("name", "first", "last", "login", "email", "id")):
        msg = f"{path.name}: no column names the learners; a roster needs a name, login or e-mail column (it has: {', '.join(header[:8])})."
        raise GradeError(msg)
    first = roles["name"][0] if roles["name"] else None
    rows = [r for r in rows if not (first and r.get(first, "").strip().lower() in _SKIP_ROWS) and any(v.strip() for v in r.values())]
    kind = "canvas" if {"student", "sis login id"} <= set(lower.values()) else "moodle" if "email address" in lower.values() else "plain"
    return Roster(path, header, rows, roles, kind)
