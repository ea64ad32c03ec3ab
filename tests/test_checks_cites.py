"""A `text` check that cites ids of two cases: each case's ids carry a prefix, so S01 of one is not S01 of the other."""

import shutil
from pathlib import Path

import pytest

from casekit.case import load_case
from casekit.checks import build_reference, run_check, validate_checks

CASE = Path(__file__).resolve().parents[1] / "data" / "white-house-2024-12-08"

EXERCISE = """
[[exercise]]
id = "07-compare"
kind = "text"
description = "A comparison citing both texts."
words = [5, 60]
[exercise.cites]
pattern = "\\\\b(?:one|two):[SC]\\\\d{2}\\\\b"
min = 2
[exercise.cites.prefixed]
"one:" = ["sentences.sentence_id"]
"two:" = ["other:sentences.sentence_id", "other:claims.claim_id"]
"""


@pytest.fixture
def two_cases(tmp_path):
    """Two case folders side by side in a data/ folder; the first registers the exercise, citing the second."""
    data = tmp_path / "data"
    first, other = data / "first", data / "other"
    shutil.copytree(CASE, first)
    shutil.copytree(CASE, other)
    shutil.rmtree(first / "checks")
    (first / "checks").mkdir()
    (first / "checks" / "07-compare.toml").write_text(EXERCISE, encoding="utf-8")
    sentences = other / "sentences.csv"
    sentences.write_text(sentences.read_text(encoding="utf-8").replace("S21,", "S99,"), encoding="utf-8")
    return first, other


def test_prefixed_targets_read_the_ids_of_a_case_beside_this_one(two_cases):
    first, _ = two_cases
    case = load_case(first, validate=False)
    exercise = {"kind": "text", "cites": {"prefixed": {"one:": ["sentences.sentence_id"], "two:": ["other:sentences.sentence_id"]}}}
    valid = build_reference(case, exercise)["valid"]
    assert {"one:S01", "one:S21", "two:S01", "two:S99"} <= valid
    assert "two:S21" not in valid and "one:S99" not in valid and "S01" not in valid


@pytest.mark.parametrize(
    "text,status,expected",
    [
        ("Both texts open with a title: one:S01 and two:S01, then one:S04.", "passed", "citing 3 existing ids"),
        ("The first text ends at one:S21, the other at two:S99, and two:C24 is a claim.", "passed", "citing 3 existing ids"),
        ("The first ends at one:S99 and the other at two:S21, says the writer.", "failed", "cites one:S99, two:S21, which do not exist"),
        ("Bare ids such as S01 and C02 name no text, so they are not counted here.", "failed", "cites 0 existing ids; cite at least 2"),
    ],
)
def test_a_text_check_verifies_the_ids_of_both_cases(two_cases, text, status, expected):
    first, _ = two_cases
    result = run_check("07-compare", text, case=load_case(first, validate=False))
    assert result.status == status
    assert expected in " ".join([result.message, *result.details])


def test_the_exercise_file_citing_another_case_validates(two_cases):
    first, _ = two_cases
    assert validate_checks(first) == []


def test_a_target_in_a_case_that_is_not_there_is_reported_in_one_line(two_cases):
    first, _ = two_cases
    path = first / "checks" / "07-compare.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("other:", "missing-case:"), encoding="utf-8")
    problems = validate_checks(first)
    assert len(problems) == 1 and "07-compare" in problems[0] and "missing-case" in problems[0]
