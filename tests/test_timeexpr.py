"""casekit.timeexpr (finding time expressions) and casekit.datecalc (counting back, comparing dates)."""

import pandas as pd
import pytest

from casekit.errors import DateError, TimelineError
from casekit.reading.datecalc import contains, count_back, date_table, overlaps
from casekit.reading.timeexpr import find_time_expressions, kinds_by_sentence

SENTENCES = pd.DataFrame(
    {
        "sentence_id": ["A1", "A2", "A3"],
        "text": ["The war began in 1999.", "On March 3, after 12 years of peace, talks failed.", "Nothing here."],
    }
)
PATTERNS = pd.DataFrame(
    {
        "pattern_id": ["year", "month_day", "duration"],
        "pattern": [r"\b(?:19|20)\d{2}\b", r"\b(?:March|April) \d{1,2}\b", r"\b\d+ years? of \w+"],
        "kind": ["absolute", "absolute", "relative"],
    }
)


def test_find_returns_one_row_per_match_in_reading_order():
    found = find_time_expressions(SENTENCES, PATTERNS)
    assert found[["sentence_id", "expression", "kind"]].values.tolist() == [
        ["A1", "1999", "absolute"],
        ["A2", "March 3", "absolute"],
        ["A2", "12 years of peace", "relative"],
    ]
    assert list(found.columns) == ["sentence_id", "expression", "kind", "pattern_id", "start"]


def test_find_accepts_a_dict_of_patterns():
    found = find_time_expressions(SENTENCES, {"year": r"\d{4}"})
    assert found["expression"].tolist() == ["1999"]
    assert found["kind"].tolist() == ["unknown"]


def test_find_with_no_match_gives_an_empty_table_with_the_columns():
    found = find_time_expressions(SENTENCES.iloc[[2]], PATTERNS)
    assert found.empty and "expression" in found.columns


@pytest.mark.parametrize(
    "patterns,expected",
    [
        (
            pd.DataFrame({"pattern_id": ["bad"], "pattern": ["(unclosed"], "kind": ["absolute"]}),
            "pattern 'bad' is not a valid regular expression",
        ),
        (pd.DataFrame({"name": ["x"]}), "no column 'pattern_id', 'pattern'"),
        ("\\d{4}", "patterns must be a table"),
    ],
)
def test_find_explains_bad_patterns(patterns, expected):
    with pytest.raises(TimelineError, match=expected):
        find_time_expressions(SENTENCES, patterns)


def test_find_explains_a_table_without_text():
    with pytest.raises(TimelineError, match="columns 'sentence_id' and 'text'"):
        find_time_expressions(pd.DataFrame({"id": [1]}), PATTERNS)


def test_kinds_by_sentence_counts_every_kind():
    table = kinds_by_sentence(find_time_expressions(SENTENCES, PATTERNS))
    assert list(table.columns[:3]) == ["absolute", "relative", "implicit"]
    assert table.loc["A2"].tolist() == [1, 1, 0]


def test_case_patterns_find_the_case_expressions_that_are_not_implicit():
    from casekit.case import load_case

    case = load_case()
    found = find_time_expressions(case.sentences, case.time_patterns)
    explicit = case.time_expressions[case.time_expressions["kind"] != "implicit"]
    assert sorted(zip(found["sentence_id"], found["expression"])) == sorted(zip(explicit["sentence_id"], explicit["expression"]))
    kinds = dict(zip(explicit["expression"], explicit["kind"]))
    assert all(kinds[e] == k for e, k in zip(found["expression"], found["kind"]))


@pytest.mark.parametrize(
    "anchor,years,expected",
    [
        ("2024-12", 13, "2010-12/2011-12"),
        ("2024-12", 50, "1973-12/1974-12"),
        ("2024", 13, "2010/2011"),
        ("2024-12-08", 1, "2022-12-08/2023-12-08"),
        ("2024-02-29", 1, "2022-02-28/2023-02-28"),
    ],
)
def test_count_back_gives_a_range_at_the_anchor_precision(anchor, years, expected):
    assert count_back(anchor, years) == expected


@pytest.mark.parametrize(
    "anchor,years,expected",
    [
        ("2024-12", -1, "whole number of years"),
        ("2024-12", 1.5, "whole number of years"),
        ("1970/1971", 3, "give one day, month or year"),
        ("7th Dec", 3, "is not an EDTF date"),
    ],
)
def test_count_back_explains_bad_input(anchor, years, expected):
    with pytest.raises(DateError, match=expected):
        count_back(anchor, years)


def test_contains_and_overlaps_compare_by_bounds():
    assert contains("2010-12/2011-12", "2011-03")
    assert not contains("1973-12/1974-12", "1970-11")
    assert contains("2024-12-08/..", "2025")
    assert overlaps("2011~", "2010-12/2011-12")
    assert not overlaps("1973-12/1974-12", "1970/1971")


def test_date_table_lists_label_precision_and_bounds():
    table = date_table(["2024-12", "2024-12-08/.."])
    assert table.to_dict("records") == [
        {"edtf": "2024-12", "label": "December 2024", "precision": "month", "earliest": "2024-12-01", "latest": "2024-12-31"},
        {"edtf": "2024-12-08/..", "label": "8 December 2024 or later", "precision": "range", "earliest": "2024-12-08", "latest": "open"},
    ]


def test_date_table_wants_a_list():
    with pytest.raises(DateError, match="give a list of EDTF dates"):
        date_table("2024-12")


def test_the_main_case_patterns_keep_a_us_date_with_its_year_whole():
    from casekit import load_case

    sentences = pd.DataFrame({"sentence_id": ["X1"], "text": ["It began on November 1, 2024, not in 2023."]})
    found = find_time_expressions(sentences, load_case().time_patterns)
    assert found["expression"].tolist() == ["November 1, 2024", "2023"]
