"""A class that tries to cheat: one submission cannot stall the class, claim another's work, score points of other
lessons, read what it was not handed in as, or reach the grader's secrets; what the grader writes is safe to open.

The unit tests here need no kernel; the class run at the end grades 40 learners, one hostile member of each kind,
in each sandbox mode.
"""

from __future__ import annotations

import time

import nbformat
import pytest
from test_grade import RIGHT, TIMEOUT, make_kit, notebook, row, write_class

from casekit.instructor import grading as G
from casekit.instructor.grading.intake.scan import CheckCall, check_calls
from casekit.instructor.grading.outcomes import judged, outcomes
from casekit.instructor.grading.run.limits import Limits
from casekit.instructor.grading.run.runner import Run

BWRAP = G.bwrap_problem()
MODES = [pytest.param("bwrap", marks=pytest.mark.skipif(bool(BWRAP), reason=BWRAP or "")), "none"]

# ---------------------------------------------------------------- 1. one submission cannot stall the class


def test_a_huge_value_is_refused_before_it_is_judged():
    value = [f"X{i}" for i in range(200_000)]
    run = Run(values={"00-ids": {"value": value}})
    calls = [CheckCall("00-ids", 1, "attributed")]
    called = []
    start = time.monotonic()
    found = outcomes(["00-ids"], calls, run, 3, 10, Limits(), lambda ex, v: called.append(ex))
    assert time.monotonic() - start < 2
    assert not called, "the check must not be run on a value of 200,000 items"
    assert found[0].status == "error"
    assert "more than 20,000 parts" in found[0].message


def test_a_check_that_takes_too_long_is_stopped_at_its_deadline():
    start = time.monotonic()
    assert judged(lambda ex, v: time.sleep(5), "00-ids", [], seconds=0.2) is None
    assert time.monotonic() - start < 1


@pytest.mark.parametrize("comment", ["a" * 3_000_000, "check(x, " * 300_000, "ab " * 1_000_000])
def test_a_check_cell_with_a_3_mb_comment_is_scanned_in_a_moment(comment):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"x = 1\ncheck('00-ids', x)\ncheck('00-count', x)\n# {comment}")]
    start = time.monotonic()
    calls = check_calls(nb)
    assert time.monotonic() - start < 2
    assert [(c.exercise, c.expression) for c in calls] == [("00-ids", "x"), ("00-count", "x")]


def test_a_submission_that_holds_the_grader_gets_one_error_row_and_the_class_goes_on(tmp_path, monkeypatch):
    from casekit.instructor.grading import graded as graded_module

    sub = graded_module.Submission(tmp_path / "alice-00-start-here.ipynb", "alice", "00-start-here")
    monkeypatch.setattr(graded_module, "grade_one", lambda *a: time.sleep(30))
    setting = type("S", (), {"timeout": 1, "registered": [], "weights": {}})()
    start = time.monotonic()
    got = graded_module.grade_bounded(sub, setting, None, seconds=0.3)
    assert time.monotonic() - start < 2
    assert [r["status"] for r in got.rows] == ["error"]
    assert "gave up on alice-00-start-here.ipynb" in got.rows[0]["message"]


# ---------------------------------------------------------------- 2. the grader's secrets stay out of the kernel


def grade_in(tmp_path, items: dict, mode: str, **options):
    """``items`` graded in sandbox ``mode`` on the tiny kit of test_grade; (table, lines said)."""
    kit = make_kit(tmp_path / "kit")
    subs = write_class(tmp_path / "submissions", items)
    lines: list[str] = []
    options = {"timeout": TIMEOUT, "jobs": 2, "root": kit, "progress": False, "sandbox": mode, "say": lines.append, **options}
    out = options.pop("out", tmp_path / "out" / "grades.csv")
    return G.grade_class([subs], out, G.GradeOptions(**options)).table, lines


SHOW_ENV = "import os\nraise RuntimeError(f\"TOKEN={os.environ.get('CANVAS_API_TOKEN', 'none')} SECRETS={[k for k in os.environ if 'SECRET' in k]}\")"


@pytest.mark.parametrize("mode", MODES)
def test_a_variable_of_the_graders_environment_is_invisible_to_the_kernel(tmp_path, monkeypatch, mode):
    monkeypatch.setenv("CANVAS_API_TOKEN", "s3cret-token-of-the-grader")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "another-secret")
    table, _ = grade_in(tmp_path, {"alice-00-start-here.ipynb": notebook(SHOW_ENV, *RIGHT)}, mode)
    message = row(table, "alice", "00-ids")["message"]
    assert "TOKEN=none SECRETS=[]" in message, message
    assert row(table, "alice", "00-count")["status"] == "passed"
