"""Lesson 06's closing comparison: ids of both texts, each with its prefix, looked up in its own case."""

from pathlib import Path

import pytest

from casekit.checks import run_check, validate_checks

SPEECH = Path(__file__).resolve().parents[1] / "data" / "white-house-2024-12-08"
FILLER = "word " * 120


@pytest.mark.parametrize(
    "cites,status,expected",
    [
        ("speech:S13 speech:C12 article:S02 article:C03", "passed", "citing 4 existing ids"),
        ("speech:S21 article:S19 article:C25 speech:C24", "passed", "citing 4 existing ids"),
        ("speech:S22 article:S20 speech:S13 article:S02", "failed", "cites speech:S22, article:S20, which do not exist"),
        ("S13 C12 S02 C03 speech:S13", "failed", "cites 1 existing id; cite at least 4"),
    ],
)
def test_the_comparison_counts_prefixed_ids_of_both_cases(cites, status, expected):
    result = run_check("06-comparison", FILLER + cites, case=SPEECH)
    assert result.status == status
    assert expected in " ".join([result.message, *result.details])


def test_the_second_cases_checks_validate():
    assert validate_checks(SPEECH) == []
