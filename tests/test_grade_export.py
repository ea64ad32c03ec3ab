"""Grades an LMS imports: ``export-grades`` to Canvas's gradebook CSV, Moodle's grade import CSV, and a plain CSV; nobody dropped silently.

The grades file is written here by hand (no kernel runs); the rosters in
tests/fixtures are shaped like the files Canvas and Moodle export.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from test_grade import make_kit

from casekit.cli import main
from casekit.errors import GradeError
from casekit.instructor.grading import export_grades
from casekit.instructor.grading.export.grades import lesson_points
from casekit.instructor.grading.export.roster import read_roster

FIXTURES = Path(__file__).parent / "fixtures"
CANVAS = FIXTURES / "canvas-gradebook.csv"
MOODLE = FIXTURES / "moodle-grades.csv"

ROWS = [
    # learner, notebook, exercise, status, points, possible
    ("smithjane", "00-start-here", "00-a", "passed", "1", "1"),
    ("smithjane", "00-start-here", "00-b", "failed", "0", "1"),
    ("smithjane", "00-start-here", "00-written-1", "marked", "2", "3"),
    ("smithjane", "02-source-evaluation", "02-x", "passed", "1", "1"),
    ("clee", "00-start-here", "00-a", "passed", "1", "1"),
    ("clee", "00-start-here", "00-b", "passed", "1", "1"),
    ("Gus Ho", "00-start-here", "00-a", "passed", "1", "1"),
    ("Gus Ho", "00-start-here", "00-b", "error", "0", "1"),
    ("Gus Ho", "00-start-here", "00-written-1", "marked", "1", "3"),
    ("zed", "00-start-here", "00-a", "passed", "1", "1"),
    ("zed", "00-start-here", "00-b", "passed", "1", "1"),
    ("zed", "00-start-here", "00-written-1", "marked", "3", "3"),
    ("zed", "00-start-here", "00-unknown", "error", "", ""),
    ("hana", "hana.ipynb", "", "invalid", "", ""),
]


@pytest.fixture
def grades(tmp_path) -> Path:
    table = pd.DataFrame(ROWS, columns=["learner", "notebook", "exercise", "status", "points", "possible"])
    table.insert(4, "message", "a message")
    path = tmp_path / "grades.csv"
    table.to_csv(path, index=False)
    return path


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_points_per_lesson_sum_weights_and_marks(grades):
    per, possible, lines = lesson_points(pd.read_csv(grades, dtype=str, keep_default_na=False))
    assert per["smithjane"] == {"00-start-here": 3.0, "02-source-evaluation": 1.0}
    assert per["zed"] == {"00-start-here": 5.0} and possible == {"00-start-here": 5.0, "02-source-evaluation": 1.0}
    assert "hana: hana.ipynb is not a lesson (its lesson could not be told), so it is not exported." in lines
    assert "1 learner has fewer points possible than the rest (a written answer not marked yet?): clee (00-start-here)." in lines


def test_a_canvas_roster_is_read_as_canvas_exports_it():
    roster = read_roster(CANVAS)
    assert roster.kind == "canvas"
    assert [roster.name(r) for r in roster.rows] == [
        "Smith, Jane",
        "Lee, Cy",
        "Nobody, Ned",
        "Ho, Gus",
        "Ho, Gus",
    ]  # no Points Possible, no test student
    matched, missing, problems = roster.match(["smithjane", "clee", "Gus Ho", "zed", "jsmith@uni.example"])
    assert matched == {"smithjane": 0, "clee": 1}
    assert missing == ["zed"]
    assert problems[0] == "Gus Ho: matches 2 roster rows (Ho, Gus; Ho, Gus); not exported."
    assert problems[1] == "jsmith@uni.example: matches the same roster row as smithjane (Smith, Jane); not exported."


def test_canvas_export_is_the_gradebook_import_with_points_possible(grades, tmp_path):
    done = export_grades(grades, "canvas", tmp_path / "canvas.csv", roster=CANVAS)
    rows = _read(tmp_path / "canvas.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "00 Start here (4711)", "02 Source evaluation (4712)"]
    assert rows[1] == ["Points Possible", "", "", "", "", "5", "1"]
    assert rows[2] == ["Smith, Jane", "101", "S101", "jsmith", "Section A", "3", "1"]
    assert rows[3] == ["Lee, Cy", "102", "S102", "clee", "Section A", "2", ""]
    assert rows[4] == ["Nobody, Ned", "103", "S103", "nned", "Section B", "", ""]
    assert len(rows) == 7  # every roster learner, none dropped; the test student is not one
    assert done.learners == 2 and done.lessons == ["00-start-here", "02-source-evaluation"]
    assert "1 graded learner not on the roster, so not in canvas.csv: zed." in done.lines
    assert "Gus Ho: matches 2 roster rows (Ho, Gus; Ho, Gus); not exported." in done.lines
    assert "3 roster learners with no grade (left blank): Nobody, Ned; Ho, Gus; Ho, Gus." in done.lines
    assert "02-source-evaluation: 1 learner on the roster handed in other lessons but not this one (left blank): Lee, Cy." in done.lines


def test_moodle_export_is_the_grade_import_csv(grades, tmp_path):
    done = export_grades(grades, "moodle", tmp_path / "moodle.csv", roster=MOODLE)
    rows = _read(tmp_path / "moodle.csv")
    assert rows[0] == ["First name", "Last name", "ID number", "Email address", "Assignment: 00 Start here (Real)", "02-source-evaluation"]
    assert rows[1] == ["Jane", "Smith", "S101", "jane.smith@uni.example", "3", "1"]
    assert rows[2] == ["Cy", "Lee", "S102", "cy.lee@uni.example", "", ""]
    assert len(rows) == 4
    assert "3 graded learners not on the roster, so not in moodle.csv: clee, Gus Ho, zed." in done.lines


def test_csv_export_keeps_every_graded_learner(grades, tmp_path):
    done = export_grades(grades, "csv", tmp_path / "plain.csv", roster=CANVAS)
    rows = _read(tmp_path / "plain.csv")
    assert rows[0] == ["learner", "name", "login", "email", "00 Start here (4711)", "02 Source evaluation (4712)", "total"]
    assert rows[1] == ["Points Possible", "", "", "", "5", "1", "6"]
    assert [r[0] for r in rows[2:]] == ["clee", "Gus Ho", "smithjane", "zed"]
    assert rows[2] == ["clee", "Lee, Cy", "clee", "", "2", "", "2"]
    assert rows[5] == ["zed", "", "", "", "5", "", "5"]
    assert "1 graded learner not on the roster (kept, with no name, login or e-mail): zed." in done.lines
    export_grades(grades, "csv", tmp_path / "bare.csv")
    assert _read(tmp_path / "bare.csv")[0] == ["learner", "name", "login", "email", "00-start-here", "02-source-evaluation", "total"]


def test_grades_without_points_get_them_from_the_case_weights(tmp_path):
    kit = make_kit(tmp_path / "kit")
    (kit / "data" / "grading.toml").write_text('[weights]\n"00-ids" = 3\n', encoding="utf-8")
    old = tmp_path / "old.csv"
    old.write_text(
        "learner,notebook,exercise,status,message\nann,00-start-here,00-ids,passed,m\nann,00-start-here,00-count,failed,m\n",
        encoding="utf-8",
    )
    export_grades(old, "csv", tmp_path / "out.csv", root=kit)
    assert _read(tmp_path / "out.csv")[1:] == [["Points Possible", "", "", "", "4", "4"], ["ann", "", "", "", "3", "3"]]


@pytest.mark.parametrize(
    "args,expected",
    [
        (["--format", "canvas"], "Error: --format canvas needs --roster: the class list exported from Canvas"),
        (["--format", "csv", "--roster", "missing.csv"], "Error: missing.csv: the roster cannot be read"),
    ],
)
def test_cli_export_errors_are_one_plain_sentence(grades, tmp_path, capsys, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    assert main(["export-grades", str(grades), "--out", str(tmp_path / "x.csv"), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected) and "Traceback" not in err


def test_cli_export_grades_writes_the_file_and_lists_who_is_left_out(grades, tmp_path, capsys):
    assert main(["export-grades", str(grades), "--format", "canvas", "--roster", str(CANVAS), "--out", str(tmp_path / "c.csv")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Wrote {tmp_path / 'c.csv'}: 2 learners, 2 lessons (00-start-here, 02-source-evaluation).")
    assert "not on the roster, so not in c.csv: zed." in out


def test_a_grades_file_that_is_not_one_is_refused(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,score\nann,3\n", encoding="utf-8")
    with pytest.raises(GradeError, match="the columns learner, notebook, exercise, status are missing"):
        export_grades(bad, "csv", tmp_path / "x.csv")
