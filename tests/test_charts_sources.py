"""casekit.charts.sources: the chain of provenance and the rubric comparison."""

import pandas as pd
import pytest

import casekit.charts as charts
from casekit.case import load_case
from casekit.charts.sources import scores_table
from casekit.errors import InputError


@pytest.fixture(scope="module")
def case():
    return load_case()


def test_provenance_chain_lists_links_in_order_from_source_to_reader():
    links = pd.DataFrame({"from": ["b", "a"], "to": ["reader", "b"], "how": ["published", "quoted"], "certainty": ["stated", "unclear"]})
    sources = pd.DataFrame({"source_id": ["a", "b"], "name": ["Ann", "Outlet"], "type": ["analyst", "news_outlet"]})
    chart = charts.provenance_chain(links, sources)
    assert chart.description == (
        "Chain of provenance, 2 links (1 unclear, drawn dashed), from the first sources on the left to the "
        "reader on the right: Ann → Outlet (quoted; unclear); Outlet → you, the reader (published; stated)."
    )


@pytest.mark.parametrize(
    "links,expected",
    [
        (pd.DataFrame({"from": [], "to": []}), "is empty"),
        (pd.DataFrame({"source": ["a"]}), "has no column"),
        ([("a", "b")], "(a DataFrame)"),
    ],
)
def test_provenance_chain_bad_input(links, expected):
    with pytest.raises(InputError, match=expected):
        charts.provenance_chain(links)


def test_scores_table_from_a_nested_dict():
    df = scores_table({"lund": {"expertise": 2, "proximity": 0}})
    assert df.values.tolist() == [["lund", "expertise", 2], ["lund", "proximity", 0]]


@pytest.mark.parametrize(
    "scores,expected",
    [
        ({"lund": {"expertise": 3}}, "is not 0, 1 or 2"),
        ({"lund": {"expertise": "high"}}, "is not 0, 1 or 2"),
        ({"lund": {"expertise": True}}, "is not 0, 1 or 2"),
        ({"lund": 2}, "should be a dict"),
        (["lund"], "expected scores as a dict"),
    ],
)
def test_scores_table_bad_input_gets_one_sentence(scores, expected):
    with pytest.raises(InputError, match=expected):
        scores_table(scores)


def test_rubric_comparison_without_learner_scores_shows_the_instructor(case):
    chart = charts.rubric_comparison(case.rubric_scores, ..., case.rubric)
    assert chart.description.startswith("Instructor's scores only (you have not scored yet).")


def test_rubric_comparison_names_each_disagreement(case):
    theirs = case.rubric_scores.query("source_id == 'lund'").set_index("criterion_id")["score"].to_dict()
    mine = {c: int(s) for c, s in theirs.items()}
    mine["proximity"] = 2 if theirs["proximity"] != 2 else 0
    chart = charts.rubric_comparison(case.rubric_scores, {"lund": mine}, case.rubric)
    assert "lund: you agree on 4 of 5 criteria (differ on Proximity to events you" in chart.description


def test_rubric_comparison_rejects_an_unknown_criterion(case):
    with pytest.raises(InputError, match="is not a criterion"):
        charts.rubric_comparison(case.rubric_scores, {"lund": {"honesty": 1}}, case.rubric)


def test_case_charts_render_offline_to_png(case, tmp_path):
    for chart in (
        charts.provenance_chain(case.provenance, case.sources),
        charts.rubric_comparison(case.rubric_scores, {"lund": {"expertise": 1}}, case.rubric),
    ):
        path = tmp_path / "chart.png"
        chart.save(path)
        assert path.stat().st_size > 1000


def test_every_source_worth_scoring_has_all_criteria(case):
    counts = case.rubric_scores.groupby("source_id")["criterion_id"].nunique()
    assert {"caliber", "wsj", "khatib", "lund", "reports", "officials"} <= set(counts.index)
    assert (counts == len(case.rubric)).all()
