"""casekit.network: graph, measures and a deterministic layout."""

import itertools

import pandas as pd
import pytest

from casekit.case import load_case
from casekit.reading.network import NetworkError, agency, brokers, build_graph, label_lines, layout, measures

ACTORS = pd.DataFrame(
    {
        "actor_id": ["a", "b", "c", "d", "e"],
        "name": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"],
        "type": ["state", "state", "analyst", "news_outlet", "civilians"],
    }
)
RELATIONS = pd.DataFrame(
    {
        "source": ["a", "a", "b", "d"],
        "target": ["b", "b", "c", "c"],
        "relation": ["supports", "withdrew_support_from", "leads", "quotes"],
        "period": ["before", "after", "throughout", "after"],
        "sentence_id": ["S01", "S02", "S03", "S04"],
    }
)


def test_every_actor_is_a_node_and_every_relation_an_edge():
    graph = build_graph(ACTORS, RELATIONS)
    assert sorted(graph.nodes) == ["a", "b", "c", "d", "e"]
    assert graph.number_of_edges() == 4


@pytest.mark.parametrize("period,expected", [("before", {"supports", "leads"}), ("after", {"withdrew_support_from", "leads", "quotes"})])
def test_a_period_keeps_its_relations_and_those_that_held_throughout(period, expected):
    graph = build_graph(ACTORS, RELATIONS, period)
    assert {d["relation"] for _, _, d in graph.edges(data=True)} == expected


def test_unknown_actor_gives_the_row_and_the_known_ids():
    bad = RELATIONS.copy()
    bad.loc[2, "target"] = "asad"
    with pytest.raises(NetworkError, match=r"relations row 3: target 'asad' is not an actor id; known ids: a, b, c, d, e\."):
        build_graph(ACTORS, bad)


@pytest.mark.parametrize(
    "actors,relations,period,expected",
    [
        ("nope", RELATIONS, None, "expected the actors table"),
        (ACTORS.drop(columns="type"), RELATIONS, None, "no column 'type'"),
        (ACTORS, RELATIONS.drop(columns="period"), None, "no column 'period'"),
        (pd.concat([ACTORS, ACTORS.head(1)]), RELATIONS, None, "appears more than once"),
        (ACTORS, RELATIONS, 2024, "period must be one period as text"),
    ],
)
def test_bad_tables_give_one_plain_sentence(actors, relations, period, expected):
    with pytest.raises(NetworkError, match=expected):
        build_graph(actors, relations, period)


def test_measures_count_degree_and_betweenness():
    table = measures(build_graph(ACTORS, RELATIONS)).set_index("actor_id")
    assert table.loc["a", "degree"] == 2 and table.loc["a", "partners"] == 1
    assert table.loc["c", "betweenness"] > 0  # c joins b's side and d
    assert table.loc["e", "degree"] == 0


def test_brokers_name_the_group_each_bridge_cuts_off():
    table = brokers(build_graph(ACTORS, RELATIONS))
    assert set(table["broker"]) == {"b", "c"}
    row = table[table["broker"] == "c"].iloc[0]
    assert row["cuts_off"] == "Delta"


def test_agency_counts_acting_and_acted_upon():
    table = agency(build_graph(ACTORS, RELATIONS)).set_index("actor_id")
    assert (table.loc["a", "acts"], table.loc["a", "acted_upon"]) == (2, 0)
    assert (table.loc["c", "acts"], table.loc["c", "acted_upon"]) == (0, 2)


def test_layout_is_the_same_on_every_run():
    case = load_case()
    first = layout(build_graph(case.actors, case.relations))
    second = layout(build_graph(case.actors.iloc[::-1], case.relations.iloc[::-1]))
    pd.testing.assert_frame_equal(first, second)


def test_layout_puts_every_node_in_its_own_cell_inside_the_picture():
    case = load_case()
    pos = layout(build_graph(case.actors, case.relations), 420, 470)
    assert len(pos) == len(case.actors)
    assert not pos.duplicated(["x", "y"]).any()
    assert pos["x"].between(0, 420).all() and pos["y"].between(0, 470).all()
    # labels are one cell wide: no two nodes of a row closer than a cell
    for _, row in pos.groupby("y"):
        xs = sorted(row["x"])
        assert all(b - a >= row["cell_width"].iloc[0] - 0.5 for a, b in itertools.pairwise(xs))


def test_label_lines_keep_names_whole():
    assert label_lines("Bashar al-Assad", 14) == ["Bashar", "al-Assad"]
