"""Every notebook in solutions/, opened and run in a real JupyterLab (see student_run.py for what is checked).

A quiz that the solution shares with its lesson is checked here for rendering
(widget and answer controls); its feedback is checked in the lesson's run, and
a failure there fails this test too.

The notebooks are found when the tests are collected, so a new one is tested as soon as it exists.
"""

from __future__ import annotations

import pytest

from .helpers import discover_notebooks
from .params import found_or_fail
from .student_run import student_problems

NOTEBOOKS = [n for n in discover_notebooks() if n.startswith("solutions/")]


@pytest.mark.parametrize("relpath", found_or_fail(NOTEBOOKS, "no notebook found in solutions/"))
def test_solution_runs_in_jupyterlab_with_widgets_charts_and_feedback(relpath, notebook_runs):
    problems = student_problems(notebook_runs, relpath)
    assert not problems, f"{relpath}:\n  " + "\n  ".join(problems)
