"""A class that tries to cheat: one submission cannot stall the class, claim another's work, score points of other
lessons, read what it was not handed in as, or reach the grader's secrets; what the grader writes is safe to open.

The unit tests here need no kernel; the class run at the end grades 40 learners, one hostile member of each kind,
in each sandbox mode.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest
from test_grade import RIGHT, TIMEOUT, make_kit, notebook, row, write_class

from casekit.instructor import grading as G
from casekit.instructor.grading.intake.lessons import credited, settle
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


# ---------------------------------------------------------------- 3. identity from where the file was handed in

LESSONS = ["00-start-here", "01-reading-the-article", "02-source-evaluation"]


def _touch(base, names):
    for name in names:
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook(*RIGHT), path)


def _intake(base, newest=False):
    kept, lines = settle(G.find_submissions([base], LESSONS), LESSONS, newest=newest)
    return {(s.learner, s.lesson): s.shown for s in kept}, lines


def test_a_file_named_for_alice_in_bobs_folder_is_reported_not_credited(tmp_path):
    _touch(tmp_path, ["alice-01-reading-the-article.ipynb", "bob/01-reading-the-article.ipynb", "bob/alice-01-reading-the-article.ipynb"])
    later = tmp_path / "bob" / "alice-01-reading-the-article.ipynb"
    os.utime(later, (later.stat().st_atime, later.stat().st_mtime + 600))  # newer than Alice's own
    got, lines = _intake(tmp_path, newest=True)
    assert got == {
        ("alice", "01-reading-the-article"): "alice-01-reading-the-article.ipynb",
        ("bob", "01-reading-the-article"): "bob/01-reading-the-article.ipynb",
    }
    assert "bob/alice-01-reading-the-article.ipynb: the name says alice's, but it was handed in by bob; not graded" in lines[0]


@pytest.mark.parametrize(
    "inside",
    ["Alice Ng_4712_assignsubmission_file_/01-reading-the-article.ipynb", "submitted/Alice Ng/lesson01/01-reading-the-article.ipynb"],
)
def test_the_outermost_lms_folder_owns_everything_inside_it(tmp_path, inside):
    bob = "Bob Li_4711_assignsubmission_file_"
    _touch(tmp_path, ["Alice Ng_4712_assignsubmission_file_/01-reading-the-article.ipynb", f"{bob}/{inside}"])
    later = tmp_path / bob / inside
    os.utime(later, (later.stat().st_atime, later.stat().st_mtime + 600))
    got, _ = _intake(tmp_path, newest=True)
    assert got == {
        ("Alice Ng", "01-reading-the-article"): "Alice Ng_4712_assignsubmission_file_/01-reading-the-article.ipynb",
        ("Bob Li", "01-reading-the-article"): f"{bob}/{inside}",
    }


def test_a_name_claiming_another_learner_inside_an_lms_folder_is_reported(tmp_path):
    _touch(tmp_path, ["alice/01-reading-the-article.ipynb", "Bob_4711_assignsubmission_file_/alice-01-reading-the-article.ipynb"])
    got, lines = _intake(tmp_path)
    assert list(got) == [("alice", "01-reading-the-article")]
    assert "the name says alice's, but it was handed in by Bob" in lines[-1]


def test_files_in_a_sorting_folder_keep_the_learner_their_names_say(tmp_path):
    _touch(tmp_path, ["plain/fay-01-reading-the-article.ipynb", "plain/gus-01-reading-the-article.ipynb"])
    got, lines = _intake(tmp_path)
    assert set(got) == {("fay", "01-reading-the-article"), ("gus", "01-reading-the-article")} and lines == []


def test_the_intake_names_each_learner_with_the_path_credited_to_them(tmp_path):
    _touch(tmp_path, ["alice-01-reading-the-article.ipynb", "bob/01-reading-the-article.ipynb"])
    kept, _ = settle(G.find_submissions([tmp_path], LESSONS), LESSONS)
    assert credited(kept) == [
        "Credited to alice: alice-01-reading-the-article.ipynb (01-reading-the-article).",
        "Credited to bob: bob/01-reading-the-article.ipynb (01-reading-the-article).",
    ]


# ---------------------------------------------------------------- 4. what counts is the lesson's own exercises


def test_points_come_from_the_lessons_registry_not_from_the_checks_a_notebook_runs():
    from casekit.instructor.grading.graded import Submission, _expected, _ignored

    registered = ["01-a", "01-b", "02-a", "02-b", "02-c"]
    calls = [CheckCall("01-a", 1, "x"), CheckCall("02-a", 2, "y"), CheckCall("02-b", 3, "z"), CheckCall("01-bogus", 4, "w")]
    assert _expected("01-reading", calls, registered) == ["01-a", "01-b"]
    sub = Submission(Path("alice-01-reading.ipynb"), "alice", "01-reading", shown="alice-01-reading.ipynb")
    assert _ignored(sub, "01-reading", calls, ["01-a", "01-b"]) == [
        "alice's 01-reading (alice-01-reading.ipynb) calls check() on 02-a, 02-b, 01-bogus, not exercises of 01-reading; ignored."
    ]


# ---------------------------------------------------------------- 5. no links, devices, pipes or files from outside


def test_links_devices_and_pipes_are_reported_and_never_read(tmp_path):
    solutions = tmp_path / "kit" / "solutions"
    _touch(solutions, ["01-reading-the-article.ipynb"])
    subs = tmp_path / "class"
    _touch(subs, ["alice-01-reading-the-article.ipynb"])
    (subs / "bob").mkdir()
    (subs / "bob" / "01-reading-the-article.ipynb").symlink_to(solutions / "01-reading-the-article.ipynb")
    (subs / "carol-01-reading-the-article.ipynb").symlink_to(subs / "alice-01-reading-the-article.ipynb")
    (subs / "dan").symlink_to(solutions)
    os.mkfifo(subs / "erin-01-reading-the-article.ipynb")
    got, lines = _intake(subs)
    assert got == {("alice", "01-reading-the-article"): "alice-01-reading-the-article.ipynb"}
    assert sorted(lines) == [
        "bob/01-reading-the-article.ipynb: it is a link; not read, not graded.",
        "carol-01-reading-the-article.ipynb: it is a link; not read, not graded.",
        "dan: it is a link; not read, not graded.",
        "erin-01-reading-the-article.ipynb: it is a named pipe; not read, not graded.",
    ]


def test_a_huge_sparse_notebook_is_refused_by_its_size_before_it_is_read(tmp_path):
    from casekit.instructor.grading.intake.scan import read_notebook

    path = tmp_path / "alice-01-reading-the-article.ipynb"
    with path.open("wb") as f:
        f.truncate(2 * 2**30)  # 2 GB of nothing: refused from its size, never held in memory
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    nb, problem = read_notebook(path)
    assert nb is None and "too large to be a lesson notebook" in problem
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB: far less than the file


# ---------------------------------------------------------------- 7. bubblewrap with any TMPDIR


@pytest.mark.parametrize("mode", MODES)
def test_a_120_character_tmpdir_still_grades(tmp_path, monkeypatch, mode):
    import tempfile

    long = tmp_path / ("t" * 60) / ("m" * (120 - len(str(tmp_path)) - 62))
    long = Path(str(long)[:120])
    long.mkdir(parents=True)
    assert len(str(long)) == 120
    monkeypatch.setenv("TMPDIR", str(long))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    table, _ = grade_in(tmp_path, {"alice-00-start-here.ipynb": notebook(*RIGHT)}, mode)
    assert list(table["status"]) == ["passed", "passed"], table


# ---------------------------------------------------------------- 8. no live formulas in any CSV the kit writes


def test_every_csv_cell_a_spreadsheet_would_run_is_neutralised_and_read_back_as_it_was(tmp_path):
    from casekit.instructor.grading.csvfile import read_csv, read_table, write_csv

    hostile = ['=HYPERLINK("http://evil","x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    path = write_csv(tmp_path / "x.csv", [["learner", "exercise"], *[["=1+1 FORMULA", h] for h in hostile]])
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        for piece in line.split(","):
            assert not piece.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r")), line
    _, rows = read_csv(path, "the file", "")
    assert [r["exercise"] for r in rows] == hostile and {r["learner"] for r in rows} == {"=1+1 FORMULA"}
    assert list(read_table(path)["exercise"]) == hostile


# ---------------------------------------------------------------- 9. feedback pages never collide


def test_feedback_file_names_keep_their_hash_and_never_collide_case_insensitively(tmp_path):
    from casekit.instructor.grading.feedback import FeedbackPage, safe_name, write_feedback

    names = ["zoe", "Zoe", "ZOE", "zoe ", "x" * 100, "x" * 100 + "y", "CON", "con", f"zoe-{'0' * 10}", "../etc", "A/b", "A_b"]
    folders = [safe_name(n).lower() for n in names]
    assert len(set(folders)) == len(names), dict(zip(names, folders))
    assert all(len(f) <= 80 and "/" not in f and not f.startswith(".") for f in folders)
    pages = write_feedback(tmp_path, [FeedbackPage(n, "00-start-here", [], None, []) for n in names])
    assert len({p.parent.name.lower() for p in pages}) == len(names)


# ---------------------------------------------------------------- 10. nothing a learner names reaches the terminal raw

FORGED = "00-x\x1b[2J\x1b]0;owned\x07\nGraded 99 notebooks of 99 learners: all passed."


def test_the_summary_strips_escape_sequences_and_forged_lines():
    import pandas as pd

    table = pd.DataFrame(
        [[FORGED, "00-start-here", FORGED, "failed", "x", "0", "1"], ["bob", "00-start-here", "00-ids", "passed", "x", "1", "1"]],
        columns=G.COLUMNS,
    )
    text = G.summary(table)
    assert "\x1b" not in text and "\x07" not in text
    assert not any(line.startswith("Graded 99") for line in text.splitlines())


def test_the_progress_summary_prints_no_escape_sequences(tmp_path, capsys):
    from casekit.cli import main

    folder = tmp_path / "collected"
    folder.mkdir()
    (folder / "ada.json").write_text('{"learner": "ada\\u001b[2J\\nGraded 99", "quiz": {"00-q": {"status": "correct"}}}')
    assert main(["progress", "--all", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and not any(line.startswith("Graded 99") for line in out.splitlines())
