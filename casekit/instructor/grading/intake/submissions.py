"""Submissions handed in: who handed in which lesson, read from file and folder names; shards of a class.

A submission is a notebook file, or a folder searched for ``*.ipynb`` (sub
folders included, hidden folders and ``.ipynb_checkpoints`` skipped). Its file
name says who handed it in and which lesson it is:

* ``alice-02-source-evaluation.ipynb`` (or ``alice_02-...``): learner
  ``alice``, lesson ``02-source-evaluation``;
* ``02-source-evaluation.ipynb`` (or a name that starts with a lesson's name,
  such as ``02-source-evaluation-Copy1.ipynb``): the lesson, handed in by the
  learner named by the **folder** that holds it (``class/alice/02-....ipynb``);
* any other name, such as ``alice.ipynb``: learner ``alice`` (or, in a
  learner's folder, ``class/alice/homework.ipynb``, the folder); the lesson is
  the one given with ``lesson=`` (``--lesson``), or the one the notebook's title
  or its ``check("02-...", ...)`` calls name (see ``intake``).

A file whose name names a learner (``alice-02-...``) inside a sub-folder
named for another learner of the class (``class/bob/alice-02-....ipynb``) was
handed in by Bob: it is marked a claim, reported and credited to nobody (a
folder named for no learner only sorts files, and each keeps the learner its
name says). Links, devices, pipes and files outside the folder given are
reported and never read.

Names an LMS or nbgrader gives are read first (see ``layouts``), and a name
that holds a lesson's name in other spelling (``Alice 02 Source Evaluation
(1).ipynb``) is recognised too. Progress files (``*.json``) handed in beside the
notebooks are found by :func:`find_progress_files`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ....common.folding import fold
from ....common.plainfile import kind_of
from ....errors import GradeError
from .layouts import read_layout

__all__ = ["Submission", "find_progress_files", "find_submissions", "in_shard", "parse_shard"]


@dataclass
class Submission:
    """One notebook handed in: its path, the learner, and its lesson (None when the name does not say)."""

    path: Path
    learner: str
    lesson: str | None = None
    how: str = "name"  # how the learner was read: name, folder, canvas, moodle or nbgrader
    note: str = ""  # one line for the intake report when the name needed reading (renamed, odd)
    shown: str = ""  # the path as handed in, below the folder given (what the intake lines show)
    named: str | None = None  # the learner the file's own name claims when the folder (or LMS) says who handed it in
    problem: str = ""  # why it is not graded (set at intake: two files for one lesson); the row says so

    @property
    def notebook(self) -> str:
        """What the CSV's ``notebook`` column shows: the lesson's name, else the file's name."""
        return self.lesson or self.path.name


def _norm(text: str) -> str:
    """Lower case, plain letters, one dash between words: ``Alice 02 Source Evaluation (1)`` -> ``alice-02-source-evaluation-1``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def lesson_in_name(stem: str, lessons: list[str]) -> tuple[str | None, str | None, bool]:
    """(lesson, the learner part before it or None, renamed) for a file name's stem; (None, None, False) when it names no lesson."""
    ordered = sorted(lessons, key=len, reverse=True)
    for lesson in ordered:
        if stem == lesson or stem.startswith(lesson):
            return lesson, None, False
        if stem.endswith(lesson) and len(stem) > len(lesson) + 1 and stem[-len(lesson) - 1] in "-_ .":
            return lesson, stem[: -len(lesson) - 1], False
    norm = _norm(stem)
    for lesson in ordered:
        at = norm.find(_norm(lesson))
        if at == 0 or (at > 0 and norm[at - 1] == "-"):
            return lesson, norm[: at - 1] if at > 0 else None, True
    return None, None, False


def same_learner(a: str, b: str) -> bool:
    """Whether two spellings name one learner (``Jane Smith``, ``jane-smith``, ``jane_smith``)."""
    return _norm(a) == _norm(b)


def _read_name(path: Path, base: Path, lessons: list[str]) -> Submission:
    """The learner and lesson of one file, by the rules in the module docstring.

    Where the file was handed in says who handed it in: an LMS layout, else the folder that holds it. A learner
    named in the file's own name there is kept as ``named``, for the intake to compare with the class.
    """
    layout = read_layout(path, base)
    filename = layout.filename if layout else path.name
    lesson, prefix, renamed = lesson_in_name(Path(filename).stem, lessons)
    folder = path.parent.name if path.parent != base else None
    if layout:
        learner, how = layout.learner, layout.how
    elif lesson and prefix:
        learner, how = prefix, "name"
    elif lesson or path.parent != base:  # class/alice/02-....ipynb, class/alice/homework.ipynb
        learner, how = path.resolve().parent.name, "folder"
    else:
        learner, how = path.stem, "name"
    # who the name says, where something else (an LMS folder, a learner's folder) may say who handed it in
    named = prefix if layout and prefix and not same_learner(prefix, learner) else None
    if how == "name" and folder and not same_learner(folder, learner):
        named, learner, how = learner, folder, "folder?"  # settled at intake: a learner's folder, or one that sorts files
    note = f"{path.name}: read as {named or learner}'s {lesson} (the name is spelled differently)." if renamed else ""
    shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name
    return Submission(path, learner, lesson, how, note, shown, named)


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts[:-1]) or path.name.startswith(".")


def _refusal(path: Path, base: Path) -> str:
    """'' for a plain file inside ``base``; else what it is (a link, a device, a pipe, outside the folder)."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    if not stat.S_ISREG(mode):
        return f"it is {kind_of(mode)}"
    if not path.resolve().is_relative_to(base.resolve()):
        return "it is outside the folder handed in"
    return ""


def _walk(folder: Path) -> list[Path]:
    """Every entry under ``folder``, sorted, without following a link to a folder (the link itself is listed)."""
    out = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        here = Path(top)
        out += [here / name for name in files]
        out += [here / name for name in dirs if (here / name).is_symlink()]
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
    return sorted(out)


def _files(paths: Iterable[str | os.PathLike], suffix: str) -> tuple[list[tuple[Path, Path]], list[tuple[Path, Path, str]]]:
    """(file, the folder it was found in) for every plain file ending in ``suffix`` under ``paths``; and those refused, with why.

    A link (to a file or a folder), a device, a named pipe or a socket is refused, never read: a learner's link
    could point at the solutions or at another learner's notebook.
    """
    out, refused = [], []
    for raw in paths:
        target = Path(raw)
        if target.is_dir():  # a folder the instructor names is taken as it is; what is inside is checked
            for p in _walk(target):
                linked_folder = p.is_symlink() and p.is_dir()
                if not (p.name.endswith(suffix) or linked_folder) or _hidden(p, target):
                    continue
                why = _refusal(p, target)
                (refused.append((p, target, why)) if why else out.append((p, target)))
        elif target.is_symlink() or (target.exists() and not target.is_file()):
            refused.append((target, target.parent, _refusal(target, target.parent) or "it is a link"))
        elif target.is_file():
            out.append((target, target.parent))
        else:
            msg = f"{target}: no such file or folder; give notebooks or folders of notebooks."
            raise GradeError(msg)
    return out, refused


def find_submissions(paths: Iterable[str | os.PathLike], lessons: list[str] | None = None) -> list[Submission]:
    """The notebooks under ``paths`` (files, or folders searched recursively), each with its learner and lesson.

    Example::

        find_submissions(["class/"], ["00-start-here"])[0]
        Submission(path=PosixPath('class/alice/00-start-here.ipynb'), learner='alice', lesson='00-start-here', how='folder', note='')
    """
    lessons = list(lessons or [])
    found, refused = _files(paths, ".ipynb")
    subs = _owned([_read_name(path, base, lessons) for path, base in found])
    for path, base, why in refused:
        shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name
        subs.append(Submission(path, "", None, "refused", f"{shown}: {why}; not read, not graded.", shown))
    return subs


def _key(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _owned(subs: list[Submission]) -> list[Submission]:
    """Each file credited to who handed it in; a file whose own name claims another learner of the class marked ``claim``.

    A file in a sub-folder whose name names someone else (``class/bob/alice-02-....ipynb``) is in Bob's folder when
    ``bob`` is a learner of the class (``how`` "claim", not graded); otherwise the folder only sorts files and the
    name says the learner. In an LMS layout a name that is another learner of the class is a claim the same way.
    """
    known = {_key(s.learner) for s in subs if s.how != "folder?"}
    for sub in subs:
        if sub.how == "folder?" and _key(sub.learner) not in known:
            sub.learner, sub.how, sub.named = sub.named or sub.learner, "name", None
        elif sub.how == "folder?" or (sub.named is not None and _key(sub.named) in known - {_key(sub.learner)}):
            sub.how = "claim"
        else:
            sub.named = None
    return subs


def find_progress_files(paths: Iterable[str | os.PathLike]) -> list[tuple[str, Path]]:
    """(learner, file) for every ``*.json`` under the folders in ``paths``.

    The learner comes from an LMS layout, else the first folder under the one given (``class/alice/...``), else the file's name.
    """
    found = []
    plain, refused = _files([p for p in paths if Path(p).is_dir()], ".json")
    for path, base in sorted([*plain, *((p, b) for p, b, _ in refused)]):  # the reader refuses a link or pipe, in one line
        layout = read_layout(path, base)
        parts = path.relative_to(base).parts
        found.append((layout.learner if layout else parts[0] if len(parts) > 1 else path.stem, path))
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
