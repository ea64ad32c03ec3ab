"""casekit.charts.compare: two texts' explanations side by side, by the actors they name."""

import altair as alt
import pandas as pd
import pytest

import casekit.charts as charts
from casekit.errors import InputError


@pytest.fixture
def texts():
    report = pd.DataFrame(
        {
            "explanation_id": ["drought", "prices"],
            "statement": ["A drought ruined the harvest.", "Prices rose."],
            "claim_ids": ["C01;C02", "C03"],
            "actor_ids": ["farmers;ministry", "traders;farmers"],
        }
    )
    speech = pd.DataFrame(
        {
            "explanation_id": ["weather", "aid"],
            "statement": ["The weather was bad.", "Our aid came in time."],
            "claim_ids": ["C05", "C06;C07;C08"],
            "actor_ids": ["growers", "government;ministry"],
        }
    )
    return {"report": report, "speech": speech}


def test_explanation_actors_marks_the_actors_every_text_names(texts):
    long = charts.explanation_actors(texts, same={"growers": "farmers"})
    shared = set(long.loc[long["named_by"] == "named by every text", "actor_id"])
    assert shared == {"farmers", "ministry"}
    assert long.loc[long["explanation_id"] == "aid", "claims"].tolist() == [3, 3]


def test_compare_explanations_describes_what_each_text_leaves_out(texts):
    chart = charts.compare_explanations(texts, same={"growers": "farmers"})
    assert isinstance(chart, alt.HConcatChart)
    assert chart.description.splitlines() == [
        "Explanations of 2 texts compared by the actors they name: report, 2 explanations; speech, 2 explanations.",
        "Named in the explanations of every text: farmers, ministry.",
        "Only in report: traders.",
        "Only in speech: government.",
        "report, drought (2 claims): farmers, ministry.",
        "report, prices (1 claim): traders, farmers.",
        "speech, weather (1 claim): farmers.",
        "speech, aid (3 claims): government, ministry.",
    ]
    spec = chart.to_dict()
    assert [p["title"] for p in spec["hconcat"]] == ["report", "speech"]
    domains = [p["encoding"]["y"]["scale"]["domain"] for p in spec["hconcat"]]
    assert domains[0] == domains[1] == ["farmers", "ministry", "government", "traders"]


def test_without_same_ids_that_differ_count_as_different_actors(texts):
    description = charts.compare_explanations(texts).description
    assert "Named in the explanations of every text: ministry." in description


@pytest.mark.parametrize(
    "value,expected",
    [
        ("not a dict", "expected a dict of at least two explanation tables"),
        (
            {"one": pd.DataFrame({"explanation_id": ["x"]}), "two": pd.DataFrame({"explanation_id": ["y"]})},
            "the explanations of 'one' has no column 'statement'",
        ),
    ],
)
def test_bad_input_gets_one_sentence(value, expected):
    with pytest.raises(InputError, match=expected):
        charts.compare_explanations(value)
