"""Lesson 04's exercise checks (data/checks/04-timeline.toml): the solution passes, typical mistakes get named."""

import pandas as pd
import pytest

from casekit.checks import run_check

SOLUTIONS = {
    "04-durations": ["S05", "S17"],
    "04-kinds": {"T02": "relative", "T03": "absolute", "T04": "relative", "T06": "relative", "T08": "relative", "T09": "implicit"},
    "04-relative": pd.DataFrame({"expression_id": ["T02", "T08"], "resolves_to": ["1970/1971", "2010-12/2011-12"]}),
    "04-events": pd.DataFrame(
        {
            "event_id": ["E07", "E08", "E10", "E11", "E12"],
            "date": ["2024-11-29/2024-11-30", "2024-12-05", "2024-12-07", "2024-12-07/2024-12-08", "2024-12-08"],
        }
    ),
}


@pytest.mark.parametrize("exercise", sorted(SOLUTIONS))
def test_solution_passes(exercise):
    result = run_check(exercise, SOLUTIONS[exercise])
    assert result.status == "passed", str(result)


@pytest.mark.parametrize("exercise", sorted(SOLUTIONS))
def test_blank_exercise_is_not_started(exercise):
    assert run_check(exercise, ...).status == "not-started"


def test_dates_are_compared_by_meaning():
    same = pd.DataFrame({"expression_id": ["T02", "T08"], "resolves_to": ["1970-01-01/1971-12-31", "2010-12-01/2011-12-31"]})
    assert run_check("04-relative", same).passed


@pytest.mark.parametrize(
    "exercise,value,expected",
    [
        ("04-durations", ["S05"], "missing: S17"),
        ("04-durations", "S05", "your text was read as the list ['S05']"),
        ("04-kinds", {"T02": "relative", "T03": "relative"}, "T03: you said relative; the key says absolute"),
        (
            "04-relative",
            pd.DataFrame({"expression_id": ["T02", "T08"], "resolves_to": ["1974", "2011"]}),
            "T02 resolves_to: you have 1974, the reference has 1970/1971",
        ),
        ("04-relative", pd.DataFrame({"expression_id": ["T02"], "resolves_to": ["7th Dec"]}), "'7th Dec' is not an EDTF date"),
        ("04-events", SOLUTIONS["04-events"].iloc[:3], "missing: E11"),
        (
            "04-events",
            SOLUTIONS["04-events"].assign(date=lambda d: d["date"].str.replace("2024-11-29/", "", regex=False)),
            "E07 date: you have 2024-11-30, the reference has 2024-11-29/2024-11-30",
        ),
        ("04-events", SOLUTIONS["04-events"].rename(columns={"date": "when"}), "column date is missing"),
    ],
)
def test_typical_mistakes_are_named(exercise, value, expected):
    result = run_check(exercise, value)
    assert result.status in ("failed", "error")
    assert expected in str(result)


def test_relative_dates_keep_the_key_until_asked_then_give_it_with_its_reasons(progress_dir):
    from casekit import check
    from casekit.checks.run import key_text

    wrong = pd.DataFrame({"expression_id": ["T02", "T08"], "resolves_to": ["1974", "2011"]})
    other = pd.DataFrame({"expression_id": ["T02", "T08"], "resolves_to": ["1975", "2011"]})
    for answer in (wrong, wrong, other):
        shown = check("04-relative", answer)._repr_html_()
        assert "1970/1971" not in shown and "2010-12/2011-12" not in shown and "Hafez" not in shown
    assert "reveal=True" in shown, "after two tries the learner is told how to ask for the key"
    asked = check("04-relative", wrong, reveal=True)._repr_html_()
    assert "1970/1971" in asked and "Hafez al-Assad" in asked, "the key comes with its reasons"
    assert key_text("04-relative").startswith("T02, 1970/1971 (A duration, so it must be counted back")
