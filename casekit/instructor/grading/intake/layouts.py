"""Submissions as an LMS or nbgrader lays them out: Canvas and Moodle download names, nbgrader's folders; the learner in each.

* Canvas ("Download submissions"): ``lastfirst_12345_67890_<file>`` (or
  ``lastfirst_LATE_12345_67890_<file>``): learner ``lastfirst``, the file the
  learner uploaded (Canvas may add ``-1`` to a resubmission's name).
* Moodle ("Download all submissions"): ``Full Name_12345_assignsubmission_file_``
  folders holding the uploaded files, or files named
  ``Full Name_12345_assignsubmission_file_<file>``: learner ``Full Name``.
* nbgrader: ``submitted/<student>/<assignment>/<file>`` (and ``autograded/``,
  ``feedback/``), or the exchange's ``inbound/<student>+<assignment>+<time>/<file>``:
  learner ``<student>``; the folder that holds the file is the assignment.

Where layouts nest (a Moodle folder holding an nbgrader tree, or another
learner's Moodle folder), the outermost one names the learner: a file belongs
to whoever handed in the folder it came in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

__all__ = ["Layout", "read_layout"]

_CANVAS = re.compile(r"^(?P<name>[a-z0-9]+?)(?:_late)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<file>.+)$", re.I)
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assignsubmission_(?:file|onlinetext)_?(?P<file>.*)$")
_NBGRADER = ("submitted", "autograded", "feedback")


@dataclass(frozen=True)
class Layout:
    """What a layout says of one file: the learner, the file name the learner gave it, and which layout it was."""

    learner: str
    filename: str
    how: str  # "canvas", "moodle" or "nbgrader"


def read_layout(path: PurePath, base: PurePath | None = None) -> Layout | None:
    """The learner and original file name when ``path`` (relative to ``base``) follows an LMS or nbgrader layout; else None.

    >>> read_layout(PurePath("dl/smithjane_12345_67890_02-source-evaluation.ipynb"))
    Layout(learner='smithjane', filename='02-source-evaluation.ipynb', how='canvas')
    >>> read_layout(PurePath("dl/Jane Smith_12345_assignsubmission_file_/02-source-evaluation.ipynb")).learner
    'Jane Smith'
    >>> read_layout(PurePath("course/submitted/jsmith/lesson02/02-source-evaluation.ipynb"))
    Layout(learner='jsmith', filename='02-source-evaluation.ipynb', how='nbgrader')

    The outermost learner folder wins: what sits inside Bob's Moodle folder is Bob's, whatever folders it holds.

    >>> read_layout(PurePath("dl/Bob_1_assignsubmission_file_/submitted/carol/a1/02-x.ipynb")).learner
    'Bob'
    """
    parts = list(path.relative_to(base).parts if base is not None and path.is_relative_to(base) else path.parts)
    name = parts[-1]
    for i, part in enumerate(parts[:-1]):  # the outermost learner folder owns everything under it
        if part in _NBGRADER and len(parts) - i >= 4:
            return Layout(parts[i + 1], name, "nbgrader")
        if part == "inbound" and i + 2 < len(parts) and parts[i + 1].count("+") >= 2:
            return Layout(parts[i + 1].split("+")[0], name, "nbgrader")
        m = _MOODLE.match(part)
        if m:
            return Layout(m.group("name").strip(), name, "moodle")
    m = _MOODLE.match(name)
    if m and m.group("file"):
        return Layout(m.group("name").strip(), m.group("file"), "moodle")
    m = _CANVAS.match(name)
    if m:
        return Layout(m.group("name"), m.group("file"), "canvas")
    return None
