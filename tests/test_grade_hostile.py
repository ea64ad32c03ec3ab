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

from casekit.errors import GradeError
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


def test_a_notebook_of_20000_check_cells_is_scanned_in_linear_time():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"x = 1\ncheck('00-ids', x)\n# {'a' * 200}") for _ in range(20_000)]
    start = time.monotonic()
    assert len(check_calls(nb)) == 20_000
    assert time.monotonic() - start < 10  # was quadratic in the number of calls (minutes)


@pytest.mark.integration
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


@pytest.mark.integration
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


@pytest.mark.integration
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


# ---------------------------------------------------------------- --sandbox none: the kit it would expose

REWRITE_KEY = """
import pathlib
kit = pathlib.Path(KIT)
(kit / 'data' / 'checks.toml').write_text((kit / 'data' / 'checks.toml').read_text().replace('values = ["S03"]', 'values = ["S01"]'))
"""


@pytest.mark.integration
def test_none_mode_refuses_to_grade_from_inside_the_kit_unless_told(tmp_path, monkeypatch):
    kit = make_kit(tmp_path / "kit")
    subs = write_class(tmp_path / "subs", {"alice-00-start-here.ipynb": notebook(*RIGHT)})
    monkeypatch.chdir(kit)
    options = {"root": kit, "progress": False, "sandbox": "none", "say": lambda _: None, "timeout": TIMEOUT}
    with pytest.raises(GradeError, match="refusing to grade without a sandbox from inside the kit"):
        G.grade([subs], None, **options)
    table = G.grade([subs], None, unsafe=True, **options)
    assert list(table["status"]) == ["passed", "passed"]


@pytest.mark.integration
def test_a_kernel_that_rewrites_the_key_mid_run_changes_no_grade_and_is_reported(tmp_path):
    """In none mode a notebook can write into the kit by its path: the run judges by the copy it took before."""
    kit = make_kit(tmp_path / "kit")
    wrong = "ids = ['S01']\ncheck('00-ids', ids)"
    subs = write_class(tmp_path / "subs", {"mal-00-start-here.ipynb": notebook(f"KIT = {str(kit)!r}\n" + REWRITE_KEY, wrong, RIGHT[1])})
    said: list[str] = []
    table = G.grade([subs], None, root=kit, progress=False, sandbox="none", say=said.append, timeout=TIMEOUT)
    assert 'values = ["S01"]' in (kit / "data" / "checks.toml").read_text(), "the notebook did reach the kit (none mode)"
    assert row(table, "mal", "00-ids")["status"] == "failed"
    assert any("The kit's data/ changed while the notebooks ran (checks.toml)" in line for line in said), said


# ---------------------------------------------------------------- a class of 40, one hostile member of each kind

STALL = "attributed = [f'X{i}' for i in range(200_000)]\nif False:\n    check('00-ids', attributed)"
COMMENT = "ids = ['S03']\ncheck('00-ids', ids)\n# " + "a" * 3_000_000
OTHER_LESSON = "more = 7\ncheck('01-more', more)"
ESCAPED = "gus\x1b[2J\nGraded 99 notebooks of 99 learners: all passed."
HONEST = [f"h{i:02d}" for i in range(27)]  # with the 13 below: 40 learners


def _class_of_40(base):
    items = {f"{name}-00-start-here.ipynb": notebook(*RIGHT) if i % 3 else notebook(*WRONG) for i, name in enumerate(HONEST)}
    items |= {
        "alice-00-start-here.ipynb": notebook(*RIGHT),
        "bob/00-start-here.ipynb": notebook(*WRONG),
        "bob/alice-00-start-here.ipynb": notebook(*WRONG),  # 3: Bob hands in a file as Alice's
        "stall-00-start-here.ipynb": notebook(STALL, RIGHT[1]),  # 1: a value that would take minutes to judge
        "comment-00-start-here.ipynb": notebook(COMMENT, RIGHT[1]),  # 1: a 3 MB comment in a check cell
        "env-00-start-here.ipynb": notebook(SHOW_ENV, *RIGHT),  # 2: looks for the grader's token
        "other-00-start-here.ipynb": notebook(*RIGHT, OTHER_LESSON),  # 4: checks of another lesson
        "=1+1 FORMULA-00-start-here.ipynb": notebook(*RIGHT),  # 8: a formula for a name
        "Zoe-00-start-here.ipynb": notebook(*RIGHT),  # 9: two learners, one name but for case
        "zoe-00-start-here.ipynb": notebook(*WRONG),
        f"{ESCAPED}-00-start-here.ipynb": notebook(*RIGHT),  # 10: an escape sequence and a forged line
        "frank/00-start-here.ipynb": notebook(*RIGHT),
        "frank/progress.json": '{"quiz": {"00-q": "correct"}}',  # 6: a hand-edited progress record
    }
    subs = write_class(base / "submissions", items)
    later = subs / "bob" / "alice-00-start-here.ipynb"
    os.utime(later, (later.stat().st_atime, later.stat().st_mtime + 600))
    (subs / "eve-00-start-here.ipynb").symlink_to(subs / "alice-00-start-here.ipynb")  # 5: a link to a peer's notebook
    with (subs / "huge-00-start-here.ipynb").open("wb") as f:  # 11: 2 GB of nothing
        f.truncate(2 * 2**30)
    return subs


WRONG = ("ids = ['S02']\ncheck('00-ids', ids)", "count = 3\ncheck('00-count', count)")


def _graded_class(mode: str, base):
    """The class of 40 graded once in ``mode``: its table, the lines said, the CSV and the feedback pages."""
    kit = make_kit(base / "kit")
    with (kit / "data" / "checks.toml").open("a", encoding="utf-8") as f:
        f.write('\n[[exercise]]\nid = "01-more"\nkind = "number"\ndescription = "Another lesson."\nvalue = 7\nunit = "things"\n')
    subs = _class_of_40(base)
    lines: list[str] = []
    out = base / "out" / "grades.csv"
    mp = pytest.MonkeyPatch()
    mp.setenv("CANVAS_API_TOKEN", "s3cret-token-of-the-grader")
    start = time.monotonic()
    try:
        options = G.GradeOptions(
            timeout=TIMEOUT, jobs=2, root=kit, progress=False, sandbox=mode, say=lines.append, feedback=base / "feedback"
        )
        run = G.grade_class([subs], out, options)
    finally:
        mp.undo()
    return {"table": run.table, "lines": lines, "out": out, "feedback": base / "feedback", "seconds": time.monotonic() - start}


@pytest.mark.integration
@pytest.mark.parametrize("mode", MODES)
def test_a_class_of_40_with_one_hostile_member_of_each_kind_is_graded_in_one_run(tmp_path, mode):
    """One run per mode (the grading tests already take a while): every honest row right, every hostile member reported."""
    hostile_class = _graded_class(mode, tmp_path)
    _honest_rows_are_right(hostile_class)
    _hostile_members_are_reported(hostile_class)
    _outputs_are_safe(hostile_class)
    assert hostile_class["table"]["learner"].nunique() == 39  # 40 learners handed in; eve's link is not read
    assert hostile_class["seconds"] < 240


def _honest_rows_are_right(hostile_class):
    table = hostile_class["table"]
    for i, name in enumerate(HONEST):
        want = "passed" if i % 3 else "failed"
        assert list(table[table["learner"] == name]["status"]) == [want, want], name
    for name in ("alice", "frank", "Zoe", "=1+1 FORMULA"):
        assert list(table[table["learner"] == name]["status"]) == ["passed", "passed"], name
    assert list(table[table["learner"] == "zoe"]["status"]) == ["failed", "failed"]
    assert list(table[table["learner"] == "bob"]["status"]) == ["failed", "failed"]


def _hostile_members_are_reported(hostile_class):
    table, said = hostile_class["table"], "\n".join(hostile_class["lines"])
    assert "more than 20,000 parts" in row(table, "stall", "00-ids")["message"]
    assert row(table, "stall", "00-count")["status"] == "passed"
    assert row(table, "comment", "00-ids")["status"] == "passed"
    assert "TOKEN=none SECRETS=[]" in row(table, "env", "00-ids")["message"]
    assert set(table[table["learner"] == "other"]["exercise"]) == {"00-ids", "00-count"}
    assert set(table[table["learner"] == "other"]["possible"]) == {"1"}
    assert "calls check() on 01-more, not exercises of 00-start-here; ignored." in said
    assert "bob/alice-00-start-here.ipynb: the name says alice's, but it was handed in by bob" in said
    assert "eve-00-start-here.ipynb: it is a link; not read, not graded." in said
    assert "eve" not in set(table["learner"])
    assert "too large to be a lesson notebook" in row(table, "huge", "00-ids")["message"]
    assert "frank's progress.json: not a progress file" in said
    assert "\x1b" not in said and not any(line.startswith("Graded 99") for line in said.splitlines())
    assert "Credited to alice: alice-00-start-here.ipynb (00-start-here)." in hostile_class["lines"]


def _outputs_are_safe(hostile_class):
    text = hostile_class["out"].read_text(encoding="utf-8")
    assert "\n=1+1" not in text and "\n'=1+1 FORMULA," in text
    learners = {p.parent.name.lower() for p in hostile_class["feedback"].glob("*/00-start-here.html")}
    assert len(learners) == hostile_class["table"]["learner"].nunique()
