"""Lesson 06's closing comparison: ids of both texts, each with its prefix, looked up in its own case."""

from pathlib import Path

import pytest

from casekit.checks import run_check, validate_checks

SPEECH = Path(__file__).resolve().parents[1] / "data" / "white-house-2024-12-08"


def prose(n: int) -> str:
    """``n`` words of plain sentences (eight words each, a varied vocabulary): filler that reads as writing."""
    vocabulary = [f"word{i}" for i in range(50)]
    words = [vocabulary[i % len(vocabulary)] for i in range(n)]
    return " ".join(w + ("." if i % 8 == 7 else "") for i, w in enumerate(words)) + ". "


FILLER = prose(120)


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


@pytest.mark.parametrize(
    "text,problem",
    [
        ("word " * 130 + "speech:S13 speech:C12 article:S02 article:C03", "repeats words"),
        ("speech:S13 speech:C12 article:S02 article:C03 " * 30, "sentences of five words or more"),
        (prose(120) + "speech:S13 speech:C12 speech:S21 speech:C24", "cites nothing with article:"),
    ],
)
def test_filler_or_one_text_does_not_pass_the_comparison(text, problem):
    result = run_check("06-comparison", text, case=SPEECH)
    assert result.status == "failed"
    assert problem in " ".join(result.details)
