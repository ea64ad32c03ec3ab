"""Every notebook in solutions/, opened and run in a real JupyterLab (see student_run.py for what is checked).

The notebooks are found when the tests are collected, so a new one is tested as soon as it exists.
"""

from __future__ import annotations

import pytest

from .helpers import discover_notebooks
from .student_run import run_like_a_student

NOTEBOOKS = [n for n in discover_notebooks() if n.startswith("solutions/")]


@pytest.mark.parametrize("relpath", NOTEBOOKS or [pytest.param(None, marks=pytest.mark.skip(reason="no notebooks in solutions/ yet"))])
def test_solution_runs_in_jupyterlab_with_widgets_charts_and_feedback(relpath, page, lab_server, request_log, screenshot_dir):
    run_like_a_student(relpath, page, lab_server, request_log, screenshot_dir)
