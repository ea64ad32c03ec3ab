"""Intake as work really arrives: Canvas and Moodle downloads, nbgrader folders, renamed lessons, duplicates; each recognised or reported in one line.

No kernel runs here: these tests read names and notebooks only.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

import nbformat
import pytest
from test_grade import RIGHT, notebook, write_class

from casekit.instructor import grading as G
from casekit.instructor.grading.intake.layouts import read_layout
from casekit.instructor.grading.intake.lessons import lesson_by_content, settle
from casekit.instructor.grading.intake.submissions import find_progress_files

LESSONS = ["00-start-here", "02-source-evaluation", "03-actor-mapping"]


@pytest.mark.parametrize(
    "path,learner,filename,how",
    [
        ("dl/smithjane_12345_67890_02-source-evaluation.ipynb", "smithjane", "02-source-evaluation.ipynb", "canvas"),
        ("dl/smithjane_LATE_12345_67890_02-source-evaluation-1.ipynb", "smithjane", "02-source-evaluation-1.ipynb", "canvas"),
        ("dl/Jane Smith_4711_assignsubmission_file_/02-source-evaluation.ipynb", "Jane Smith", "02-source-evaluation.ipynb", "moodle"),
        ("dl/Jane Smith_4711_assignsubmission_file_02-source-evaluation.ipynb", "Jane Smith", "02-source-evaluation.ipynb", "moodle"),
        ("course/submitted/jsmith/lesson02/02-source-evaluation.ipynb", "jsmith", "02-source-evaluation.ipynb", "nbgrader"),
        ("course/autograded/jsmith/lesson02/02-source-evaluation.ipynb", "jsmith", "02-source-evaluation.ipynb", "nbgrader"),
        (
            "exchange/course/inbound/jsmith+lesson02+2024-12-08 10:00:00/02-source-evaluation.ipynb",
            "jsmith",
            "02-source-evaluation.ipynb",
            "nbgrader",
        ),
    ],
)
def test_lms_and_nbgrader_layouts_name_the_learner(path, learner, filename, how):
    got = read_layout(PurePath(path))
    assert (got.learner, got.filename, got.how) == (learner, filename, how)


@pytest.mark.parametrize(
    "path", ["class/alice-02-source-evaluation.ipynb", "class/alice/02-source-evaluation.ipynb", "alice_00-start-here.ipynb"]
)
def test_plain_names_are_no_lms_layout(path):
    assert read_layout(PurePath(path)) is None


def _touch(base: Path, names: list[str], content=None) -> Path:
    for name in names:
        p = base / name
        p.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(content or notebook(*RIGHT), p)
    return base


def test_a_mixed_download_is_read_learner_by_learner(tmp_path):
    _touch(
        tmp_path,
        [
            "canvas/smithjane_12345_67890_02-source-evaluation.ipynb",
            "moodle/Cy Lee_4711_assignsubmission_file_/02-source-evaluation.ipynb",
            "nbgrader/submitted/dkim/lesson02/02-source-evaluation.ipynb",
            "plain/erin/02-source-evaluation.ipynb",
            "plain/fay-02-source-evaluation.ipynb",
            "renamed/Gus Ho - 02 Source Evaluation (1).ipynb",
        ],
    )
    subs = G.find_submissions([tmp_path], LESSONS)
    got = {(s.learner, s.lesson, s.how) for s in subs}
    assert got == {
        ("smithjane", "02-source-evaluation", "canvas"),
        ("Cy Lee", "02-source-evaluation", "moodle"),
        ("dkim", "02-source-evaluation", "nbgrader"),
        ("erin", "02-source-evaluation", "folder"),
        ("fay", "02-source-evaluation", "name"),
        ("gus-ho", "02-source-evaluation", "name"),
    }
    kept, lines = settle(subs, LESSONS)
    assert len(kept) == 6
    assert lines[0] == "Read the learner from 1 Canvas, 1 Moodle and 1 nbgrader names."
    assert "Gus Ho - 02 Source Evaluation (1).ipynb: read as gus-ho's 02-source-evaluation (the name is spelled differently)." in lines


def test_a_notebook_named_after_nothing_is_placed_by_its_title_in_one_line(tmp_path):
    nb = notebook(setup=False)  # "# 00 · Start here" and no check calls
    nb.cells[0].source = "# 02 · Source evaluation\n\nSome text."
    _touch(tmp_path, ["homework.ipynb", "hana/homework.ipynb"], nb)
    subs = G.find_submissions([tmp_path], LESSONS)
    kept, lines = settle(subs, LESSONS)
    assert [(s.learner, s.lesson) for s in kept] == [("hana", "02-source-evaluation"), ("homework", "02-source-evaluation")]
    assert lines == [
        "hana/homework.ipynb: the name does not say the lesson; its title says 02-source-evaluation (hana's).",
        "homework.ipynb: the name does not say the lesson; its title says 02-source-evaluation (homework's).",
    ]


def test_lesson_by_content_prefers_the_title_then_the_checks():
    nb = notebook("x = 1\ncheck('03-edges', x)", setup=False)
    assert lesson_by_content(nb, LESSONS) == ("00-start-here", "its title says")
    nb.cells[0].source = "Untitled"
    assert lesson_by_content(nb, LESSONS) == ("03-actor-mapping", "its check() calls say")
    nb.cells = nb.cells[:1]
    assert lesson_by_content(nb, LESSONS) == (None, "")


def test_one_lesson_handed_in_twice_is_graded_once_with_newest_and_said_in_one_line(tmp_path):
    _touch(tmp_path, ["alice/02-source-evaluation.ipynb", "alice/02-source-evaluation-Copy1.ipynb"])
    newer = tmp_path / "alice" / "02-source-evaluation-Copy1.ipynb"
    os.utime(newer, (newer.stat().st_atime, newer.stat().st_mtime + 60))
    kept, lines = settle(G.find_submissions([tmp_path], LESSONS), LESSONS, newest=True)
    assert [s.path.name for s in kept] == ["02-source-evaluation-Copy1.ipynb"] and not kept[0].problem
    assert lines == [
        "alice handed in 02-source-evaluation 2 times (alice/02-source-evaluation.ipynb, alice/02-source-evaluation-Copy1.ipynb); "
        "graded the newest, alice/02-source-evaluation-Copy1.ipynb."
    ]


def test_one_lesson_handed_in_twice_is_held_for_the_instructor_to_choose(tmp_path):
    _touch(tmp_path, ["alice/02-source-evaluation.ipynb", "alice/02-source-evaluation-Copy1.ipynb"])
    kept, lines = settle(G.find_submissions([tmp_path], LESSONS), LESSONS)
    assert len(kept) == 1 and "pass --newest" in kept[0].problem
    assert lines[0].startswith(
        "alice handed in 02-source-evaluation 2 times (alice/02-source-evaluation.ipynb, alice/02-source-evaluation-Copy1.ipynb); none graded"
    )


def test_lesson_option_applies_before_the_content_is_read(tmp_path):
    _touch(tmp_path, ["carol.ipynb"])
    kept, lines = settle(G.find_submissions([tmp_path], LESSONS), LESSONS, "03-actor-mapping")
    assert kept[0].lesson == "03-actor-mapping" and lines == []


def test_progress_files_are_found_beside_the_notebooks(tmp_path):
    for name in ("alice/progress.json", "bob.json", "smithjane_12345_67890_progress.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    assert sorted(learner for learner, _ in find_progress_files([tmp_path])) == ["alice", "bob", "smithjane"]


@pytest.mark.integration
def test_duplicated_and_deleted_check_cells_grade_the_last_and_report_the_missing(tmp_path):
    """A duplicated check cell counts once (the last one run); a deleted one is not-started with its reason."""
    from test_grade import make_kit

    kit = make_kit(tmp_path / "kit")
    subs = write_class(
        tmp_path / "subs",
        {"dup-00-start-here.ipynb": notebook("ids = ['S02']\ncheck('00-ids', ids)", "ids = ['S03']\ncheck('00-ids', ids)")},
    )
    table = G.grade([subs], None, root=kit, progress=False, say=lambda _: None, timeout=40)
    assert list(table["status"]) == ["not-started", "passed"]
    assert 'No check("00-count", ...) cell in the notebook' in table.iloc[0]["message"]
