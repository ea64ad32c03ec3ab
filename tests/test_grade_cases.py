"""The grader finds each exercise in the case that registers it: lesson 06's exercises live in the second case."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from casekit.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.integration
def test_lesson_06_is_graded_against_its_own_case(tmp_path, capsys):
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "06-transfer.ipynb", tmp_path / "subs" / "alice")
    out = tmp_path / "grades.csv"
    assert main(["grade", str(tmp_path / "subs"), "--out", str(out), "--root", str(ROOT), "--quiet"]) == 0
    grades = pd.read_csv(out)
    assert set(grades["exercise"]) >= {"06-sources", "06-checkable", "06-verdicts", "06-comparison"}
    assert (grades["status"] == "passed").all(), grades[["exercise", "status", "message"]].to_string()
    capsys.readouterr()
