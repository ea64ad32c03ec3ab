"""Accessibility of the quiz controls, as a screen reader or voice control meets them.

axe-core itself runs on every lesson after Run All, inside the student run
(see student_run.py and a11y.py): every lesson has a quiz or a chart, so each
is checked once. The names of the quiz controls are read in the same run of
the first lesson with a quiz, after Run All and one answer per quiz (so the
feedback's roles are there too).
"""

from __future__ import annotations

import pytest

from .helpers import ROOT, discover_notebooks, quiz_cells
from .params import found_or_fail


def a11y_targets() -> list[str]:
    """The first lesson with a quiz (student versions first)."""
    notebooks = discover_notebooks()
    lessons = [p for p in notebooks if p.startswith("lessons/")]
    return [p for p in (lessons or notebooks) if quiz_cells(ROOT / p)][:1]


@pytest.mark.notebook_run("quiz control names")
@pytest.mark.parametrize("relpath", found_or_fail(a11y_targets()[:1], "no lesson with a quiz found: the quiz buttons were not checked"))
def test_quiz_buttons_have_plain_accessible_names(relpath, notebook_runs):
    """A screen reader announces a quiz button as "Check" or "Hint", with nothing before it.

    ipywidgets draws a button's ``icon`` as a Font Awesome glyph (a private-use
    character) that becomes part of the accessible name ("\\uf00c Check");
    exact-name locators, and voice-control users saying "click Check", then
    miss the button, and some screen readers read the glyph out. Radio buttons
    need a label too. (The check itself: a11y.quiz_control_name_problems.)
    """
    run = notebook_runs.result(relpath)
    run.raise_if_broken()
    problems = run.observed["quiz control names"]
    assert not problems, f"{relpath}:\n  " + "\n  ".join(problems)
