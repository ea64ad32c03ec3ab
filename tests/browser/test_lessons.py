"""Every notebook in lessons/, opened and run in a real JupyterLab (see student_run.py for what is checked).

The notebooks are found when the tests are collected, so a new one is tested as soon as it exists.
"""

from __future__ import annotations

import pytest

from .helpers import discover_notebooks
from .params import found_or_fail
from .student_run import student_problems

NOTEBOOKS = [n for n in discover_notebooks() if n.startswith("lessons/")]


@pytest.mark.parametrize("relpath", found_or_fail(NOTEBOOKS, "no notebook found in lessons/: run `make build`"))
def test_lesson_runs_in_jupyterlab_with_widgets_charts_and_feedback(relpath, notebook_runs):
    problems = student_problems(notebook_runs, relpath)
    assert not problems, f"{relpath}:\n  " + "\n  ".join(problems)
