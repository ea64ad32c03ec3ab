"""casekit.charts.timeline: the timeline and narrative-order charts."""

import altair as alt
import pandas as pd
import pytest

from casekit.charts import narrative_order, timeline
from casekit.charts.timelines import KIND_COLOURS, timeline_table
from casekit.errors import TimelineError

EVENTS = pd.DataFrame(
    {
        "event_id": ["E1", "E2", "E3", "E4"],
        "date": ["2024-12-07", "2024-11-29/2024-11-30", "2011~", "2024-12-08~"],
        "summary": ["Speech cancelled.", "City taken.", "War begins.", "Crowds celebrate."],
        "kind": ["in-article", "in-article", "context", "in-article"],
        "sentence_id": ["S03", "S02", None, "S01"],
        "ref_ids": ["R1;R2", None, "R3", None],
    }
)
SENTENCES = pd.DataFrame({"sentence_id": ["S01", "S02", "S03"], "text": ["a", "b", "c"]})


def test_table_draws_single_days_as_points_and_the_rest_as_spans():
    table = timeline_table(EVENTS).set_index("event_id")
    assert table.loc["E1", ["start", "end", "single", "qualified"]].tolist() == ["2024-12-07", "2024-12-08", True, False]
    assert table.loc["E2", ["start", "end", "single"]].tolist() == ["2024-11-29", "2024-12-01", False]
    assert table.loc["E3", ["start", "end", "single", "qualified"]].tolist() == ["2011-01-01", "2012-01-01", False, True]
    assert table.loc["E4", ["single", "qualified", "when"]].tolist() == [True, True, "about 8 December 2024"]


def test_table_names_the_evidence_and_sorts_by_time():
    table = timeline_table(EVENTS)
    assert table["event_id"].tolist() == ["E3", "E2", "E1", "E4"]
    assert table.set_index("event_id").loc["E1", "evidence"] == "sentence S03; refs R1, R2"
    assert table.set_index("event_id").loc["E3", "row"].startswith("E3 (context)")


@pytest.mark.parametrize(
    "events,expected",
    [
        (EVENTS.drop(columns="date"), "events has no column 'date'"),
        (EVENTS.assign(date=["7th Dec", "2024", "2024", "2024"]), "E1: '7th Dec' is not an EDTF date"),
        (EVENTS.iloc[0:0], "events is empty"),
        ([1, 2], "events must be a table"),
    ],
)
def test_table_explains_bad_events(events, expected):
    with pytest.raises(TimelineError, match=expected):
        timeline(events)


def test_timeline_is_two_linked_panels_with_a_description():
    chart = timeline(EVENTS, zoom=("2024-11-25", "2024-12-09"))
    assert isinstance(chart, alt.VConcatChart)
    spec = chart.to_dict()
    assert "4 events" in spec["description"] and "25 November 2024 to 9 December 2024" in spec["description"]
    detail_domain = spec["vconcat"][1]["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert detail_domain == ["2024-11-25", "2024-12-10"]
    assert "window below" in str(spec), "the long view marks where the lower panel lies"
    assert KIND_COLOURS["in-article"] in str(spec) and KIND_COLOURS["context"] in str(spec)
    chart.properties(title="still editable").to_dict()


def test_timeline_explains_a_bad_zoom():
    with pytest.raises(TimelineError, match="zoom must be two EDTF days"):
        timeline(EVENTS, zoom=("soon",))


def test_timeline_of_the_case_renders_offline(tmp_path):
    from casekit.case import load_case

    case = load_case()
    chart = timeline(case.events)
    assert f"Timeline of {len(case.events)} events" in chart.description
    chart.save(tmp_path / "timeline.svg")
    assert (tmp_path / "timeline.svg").stat().st_size > 1000


def test_events_without_a_date_are_left_out_and_named_in_the_description():
    undated = EVENTS.copy()
    undated.loc[0, "date"] = None
    chart = timeline(undated)
    assert f"Timeline of {len(EVENTS) - 1} events" in chart.description
    assert chart.description.endswith(
        f"Not drawn, having no date here (empty, or sealed until an exercise is passed): {undated.loc[0, 'event_id']}."
    )


def test_narrative_order_counts_jumps_back_in_time():
    chart = narrative_order(EVENTS, SENTENCES)
    text = chart.to_dict()["description"]
    assert "3 dated events in 3 sentences" in text
    # reading order S01 (8 Dec), S02 (29 Nov), S03 (7 Dec): one jump back
    assert "jumps back in time 1 time." in text
    assert "from E4" in text and "back to E2" in text


@pytest.mark.parametrize(
    "sentences,events,expected",
    [
        (SENTENCES.rename(columns={"sentence_id": "id"}), EVENTS, "sentences must be a table"),
        (SENTENCES, EVENTS.drop(columns="sentence_id"), "events needs a 'sentence_id' column"),
        (SENTENCES, EVENTS.assign(sentence_id=None), "no event has a sentence_id"),
        (SENTENCES.iloc[:1], EVENTS, "sentence S02, S03 is not in the sentences table"),
    ],
)
def test_narrative_order_explains_bad_input(sentences, events, expected):
    with pytest.raises(TimelineError, match=expected):
        narrative_order(events, sentences)
