"""casekit.charts.actor_network: every node and edge drawn, same picture every run, a text description."""

import json

import pytest

from casekit.case import load_case
from casekit.charts import actor_network, network_description
from casekit.reading.network import NetworkError


@pytest.fixture(scope="module")
def case():
    return load_case()


def _rows(chart):
    spec = chart.to_dict()
    return [row for rows in spec["datasets"].values() for row in rows]


def test_every_actor_and_relation_is_drawn(case):
    rows = _rows(actor_network(case.actors, case.relations, sentences=case.sentences))
    actors = [r for r in rows if r["mark"] == "node"]
    edges = [r for r in rows if r["mark"] == "edge"]
    assert {r["actor_id"] for r in actors} == set(case.actors["actor_id"])
    assert len(edges) == len(case.relations)
    assert all(r["evidence"] for r in edges)  # the tooltip shows the sentence


def test_two_periods_give_two_panels_on_the_same_layout(case):
    chart = actor_network(case.actors, case.relations, ["before-2022", "late-2024"])
    rows = _rows(chart)
    panels = {r["panel"] for r in rows}
    assert len(panels) == 2
    place = {}
    for r in rows:
        if r["mark"] == "node":
            place.setdefault(r["actor_id"], set()).add((r["x"], r["y"]))
    assert all(len(p) == 1 for p in place.values())  # every actor at the same place in both panels
    assert "Only in before-2022" in chart.description


def test_same_input_gives_the_same_chart(case):
    a = actor_network(case.actors, case.relations, ["before-2022", "late-2024"], sentences=case.sentences).to_json()
    b = actor_network(case.actors, case.relations, ["before-2022", "late-2024"], sentences=case.sentences).to_json()
    assert a == b


def test_the_description_lists_every_relation(case):
    text = network_description(case.actors, case.relations)
    assert text.count("\n- ") + text.startswith("- ") == len(case.relations)
    chart = actor_network(case.actors, case.relations)
    assert chart.description == text


def test_embedded_data_stays_small(case):
    chart = actor_network(case.actors, case.relations, ["before-2022", "late-2024"], sentences=case.sentences)
    assert len(json.dumps(chart.to_dict())) < 80_000


def test_unknown_actor_and_unknown_period_give_clear_messages(case):
    bad = case.relations.copy()
    bad.loc[0, "target"] = "asad"
    with pytest.raises(NetworkError, match="relations row 1: target 'asad' is not an actor id"):
        actor_network(case.actors, bad)
    with pytest.raises(NetworkError, match="no relation has the period '2030'"):
        actor_network(case.actors, case.relations, "2030")


def test_the_description_makes_each_verb_agree_with_a_plural_subject():
    import pandas as pd

    actors = pd.DataFrame(
        {
            "actor_id": ["holders", "board", "rebels", "states", "group"],
            "name": ["ATSG's shareholders", "the board", "rebel forces", "United States", "Hamas"],
            "type": ["group"] * 5,
        }
    )
    relations = pd.DataFrame(
        {
            "source": ["holders", "board", "rebels", "states", "group"],
            "target": ["board", "holders", "states", "group", "rebels"],
            "relation": ["approves", "reports_on", "fights", "supports", "leads"],
            "period": ["throughout"] * 5,
            "sentence_id": ["S01", "S02", "S03", "S04", "S05"],
        }
    )
    lines = network_description(actors, relations).splitlines()[1:]
    assert lines == [
        "- ATSG's shareholders approve the board (S01).",
        "- Hamas leads rebel forces (S05).",
        "- United States supports Hamas (S04).",
        "- rebel forces fight United States (S03).",
        "- the board reports on ATSG's shareholders (S02).",
    ]


@pytest.mark.parametrize(
    "subject,verb,expected",
    [
        ("ATSG's shareholders", "approves", "approve"),
        ("other militias and factions", "fights", "fight"),
        ("residents of Damascus", "reports on", "report on"),
        ("coalition of countries", "leads", "leads"),
        ("Syrian people", "supports", "support"),
        ("HTS", "leads", "leads"),
        ("Hamas", "fights", "fights"),
        ("United States", "supports", "supports"),
        ("Iran's proxies", "is allied with", "are allied with"),
        ("rebels", "carries", "carry"),
        ("rebels", "pushes", "push"),
        ("rebels", "withdrew support from", "withdrew support from"),
        ("militias", "part of", "part of"),
    ],
)
def test_a_verb_agrees_with_its_subject_by_one_generic_rule(subject, verb, expected):
    from casekit.common.wording import agree

    assert agree(subject, verb) == expected
