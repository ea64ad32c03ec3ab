"""Submissions handed in: who handed in which lesson, read from file and folder names; shards of a class.

A submission is a notebook file, or a folder searched for ``*.ipynb`` (sub
folders included, hidden folders and ``.ipynb_checkpoints`` skipped). Its file
name says who handed it in and which lesson it is:

* ``alice-02-source-evaluation.ipynb`` (or ``alice_02-...``): learner
  ``alice``, lesson ``02-source-evaluation``;
* ``02-source-evaluation.ipynb`` (or a name that starts with a lesson's name,
  such as ``02-source-evaluation-Copy1.ipynb``): the lesson, handed in by the
  learner named by the **folder** that holds it (``class/alice/02-....ipynb``);
* any other name, such as ``alice.ipynb``: learner ``alice``; the lesson is
  the one whose number the notebook's ``check("02-...", ...)`` calls share, or
  the one given with ``lesson=`` (``--lesson``).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ...errors import GradeError

__all__ = ["Submission", "find_submissions", "in_shard", "parse_shard"]


@dataclass
class Submission:
    """One notebook handed in: its path, the learner, and its lesson (None when the name does not say)."""

    path: Path
    learner: str
    lesson: str | None = None

    @property
    def notebook(self) -> str:
        """What the CSV's ``notebook`` column shows: the lesson's name, else the file's name."""
        return self.lesson or self.path.name


def _split_name(path: Path, lessons: list[str]) -> tuple[str, str | None]:
    """(learner, lesson) from a file name, by the rule in the module docstring."""
    stem = path.stem
    for lesson in sorted(lessons, key=len, reverse=True):
        if stem == lesson or stem.startswith(lesson):
            return path.resolve().parent.name, lesson
        if stem.endswith(lesson) and len(stem) > len(lesson) + 1 and stem[-len(lesson) - 1] in "-_ .":
            return stem[: -len(lesson) - 1], lesson
    return stem, None


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts[:-1]) or path.name.startswith(".")


def find_submissions(paths: Iterable[str | os.PathLike], lessons: list[str] | None = None) -> list[Submission]:
    """The notebooks under ``paths`` (files, or folders searched recursively), each with its learner and lesson.

    Example::

        find_submissions(["class/"], ["00-start-here"])[0]
        Submission(path=PosixPath('class/alice/00-start-here.ipynb'), learner='alice', lesson='00-start-here')
    """
    lessons = list(lessons or [])
    found: list[Submission] = []
    for raw in paths:
        target = Path(raw)
        if target.is_dir():
            files = sorted(p for p in target.rglob("*.ipynb") if p.is_file() and not _hidden(p, target))
        elif target.is_file():
            files = [target]
        else:
            msg = f"{target}: no such file or folder; give notebooks or folders of notebooks."
            raise GradeError(msg)
        for path in files:
            learner, lesson = _split_name(path, lessons)
            found.append(Submission(path, learner, lesson))
    return found


def parse_shard(text: str | tuple[int, int] | None) -> tuple[int, int] | None:
    """``"2/4"`` -> ``(2, 4)``: this run grades shard 2 of 4 (shards count from 1)."""
    if text is None or isinstance(text, tuple):
        shard = text
    else:
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(text))
        if not m:
            msg = f"--shard must look like 2/4 (this run grades shard 2 of 4); received {text!r}."
            raise GradeError(msg)
        shard = (int(m.group(1)), int(m.group(2)))
    if shard is not None and not 1 <= shard[0] <= shard[1]:
        msg = f"--shard {shard[0]}/{shard[1]}: the shard must be between 1 and {max(shard[1], 1)}."
        raise GradeError(msg)
    return shard


def in_shard(learner: str, shard: tuple[int, int] | None) -> bool:
    """True when ``learner`` falls in ``shard`` (I, N): sha256(learner) mod N == I - 1.

    The rule depends on the learner's name only, so every notebook of one
    learner is graded by the same run, on any machine.
    """
    if shard is None:
        return True
    index, count = shard
    return int(hashlib.sha256(learner.encode("utf-8")).hexdigest(), 16) % count == index - 1
