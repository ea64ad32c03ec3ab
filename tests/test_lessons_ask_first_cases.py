"""Lessons ask before they tell, on every case: an exercise of a case other than the main one is read against its own case.

The leak rules are those of test_lessons_ask_first.py; this file only finds, for each check call,
the case folder that registers its exercise, so that a lesson on a second case is held to them too.
"""

from pathlib import Path

import nbformat
import pytest
from test_lessons_ask_first import leaks_above

from casekit.case.folder import case_folders, main_case
from casekit.checks import build_reference
from casekit.checks.references import cached_case
from casekit.checks.registry import load_registry
from casekit.instructor.grading.intake.scan import check_calls

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
OTHER_CASES = [f for f in case_folders(DATA) if f != main_case(DATA)]


def _calls():
    registered = {e["id"]: (folder, e) for folder in OTHER_CASES for e in load_registry(folder)}
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for call in check_calls(nb):
            folder, ex = registered.get(call.exercise, (None, None))
            if ex and ex["kind"] in ("ids", "labels", "table"):
                yield pytest.param(path.name, nb, call, folder, ex, id=call.exercise)


@pytest.mark.parametrize("notebook,nb,call,folder,ex", list(_calls()))
def test_nothing_above_an_exercise_of_another_case_gives_its_answer(notebook, nb, call, folder, ex):
    leaks = leaks_above(nb, call, ex, build_reference(cached_case(folder), ex))
    assert not leaks, f"{notebook}, {call.exercise} (cell {call.cell + 1}): " + "; ".join(leaks)


def test_the_scan_finds_the_exercises_of_the_other_cases():
    assert OTHER_CASES, "the kit has a second case"
    assert len(list(_calls())) >= 5
