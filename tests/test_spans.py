"""The `spans` kind (stretches copied from the raw text) and the `text` kind's model answer, on a small case of our own."""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.checks.kinds.spans import SpansKind
from casekit.checks.kinds.text import TextKind
from casekit.checks.steps import stepped


class _Case:
    """Just the tables a check reads."""

    def __init__(self, **tables: pd.DataFrame):
        self.tables = tables


SENTENCES = pd.DataFrame(
    {
        "sentence_id": ["S01", "S02", "S03"],
        "text": [
            "On Monday the board of Acme Ltd approved the sale, the chair said.",
            "Only 12 days ago, the firm’s founder had opposed it because prices were falling.",
            "Today the founder agrees.",
        ],
    }
)
TIMES = pd.DataFrame(
    {
        "expression_id": ["T01", "T02", "T03"],
        "sentence_id": ["S01", "S02", "S03"],
        "expression": ["On Monday", "Only 12 days ago", "Today"],
    }
)
ACTORS = pd.DataFrame(
    {
        "actor_id": ["acme", "founder", "chair"],
        "name": ["Acme Ltd", "the founder", "the chair"],
        "aliases": ["the firm’s;the board of Acme Ltd", "the firm’s founder", ""],
        "sentence_ids": ["S01;S02", "S02;S03", "S01"],
    }
)
CASE = _Case(sentences=SENTENCES, time_expressions=TIMES, actors=ACTORS)
TIME_EX = {
    "id": "07-raw-time",
    "kind": "spans",
    "noun": "time expression",
    "reference": {
        "table": "time_expressions",
        "key": "expression_id",
        "spans": ["expression"],
        "where": "sentence_id",
        "sentences": ["S01", "S02", "S03"],
    },
}
ACTOR_EX = {
    "id": "07-raw-actors",
    "kind": "spans",
    "noun": "actor",
    "reference": {"table": "actors", "key": "actor_id", "spans": ["name", "aliases"], "where": "sentence_ids", "sentences": ["S01", "S02"]},
    "accept": [{"item": "prices", "reading": "prices act on the founder's view; the kit keeps to people and bodies."}],
}


def run(ex: dict, value):
    kind = SpansKind()
    return kind.compare(value, **kind.build(CASE, ex))


def test_a_shorter_or_longer_stretch_of_the_same_words_finds_the_item():
    res = run(TIME_EX, ["Monday", "12 days ago", "today"])
    assert res.passed, res.message


def test_a_whole_sentence_is_not_a_span_of_one_item():
    res = run(TIME_EX, ["Only 12 days ago, the firm’s founder had opposed it because prices were falling."])
    assert res.status == "failed" and res.right == 0 and res.total == 3


def test_words_not_in_the_passage_are_a_slip_of_form_not_a_try():
    res = run(TIME_EX, ["on Tuesday"])
    assert res.status == "error"
    assert "not in S01, S02, S03 as written" in res.message and "not counted as a try" in res.message


@pytest.mark.parametrize("value", ["Monday, today", 12, {"T01": "Monday"}, [3]])
def test_a_value_that_is_not_a_list_of_texts_gets_one_plain_sentence(value):
    res = run(TIME_EX, value)
    assert res.status == "error" and "expected a list of the words you copied" in res.message


def test_quotes_dashes_and_letter_case_do_not_matter():
    res = run(ACTOR_EX, ["THE FIRM'S FOUNDER", "acme ltd", "The Chair"])
    assert res.passed, res.message


def test_two_names_for_one_actor_are_counted_once_with_a_note():
    res = run(ACTOR_EX, ["Acme Ltd", "the board of Acme Ltd", "founder", "the chair"])
    assert res.passed
    assert any("counted once" in n for n in res.notes)


def test_an_accepted_stretch_passes_with_the_kits_reading():
    res = run(ACTOR_EX, ["Acme Ltd", "founder", "the chair", "prices"])
    assert res.passed and res.readings and "the kit keeps to people" in res.readings[0]


def test_the_learner_view_counts_and_names_only_the_learners_own_stretches():
    res = run(ACTOR_EX, ["Acme Ltd", "Monday"])
    shown = stepped(res, 1, ACTOR_EX)
    text = " ".join([shown.message, *shown.details])
    assert "1 of 3 actors found" in text and "Monday" in text
    assert "founder" not in text and "chair" not in text


def test_sealing_keeps_the_spans_of_the_passage_rows_or_the_where_column_when_rows_cite_several_sentences():
    kind = SpansKind()
    assert kind.key_columns(CASE, TIME_EX) == ["expression"]
    assert list(kind.key_rows(CASE, TIME_EX)) == [0, 1, 2]
    assert kind.key_columns(CASE, ACTOR_EX) == ["sentence_ids"]
    assert kind.key_rows(CASE, ACTOR_EX) is None


def test_a_passage_with_no_span_is_reported_as_an_empty_key():
    kind = SpansKind()
    ex = {**TIME_EX, "reference": {**TIME_EX["reference"], "sentences": ["S01"]}}
    spec = kind.build(_Case(sentences=SENTENCES, time_expressions=TIMES.assign(sentence_id="S03")), ex)
    assert kind.reference_problems(spec, ex) == ["no row of the table has a span in the passage: check its sentences, where and spans."]


MODELS = pd.DataFrame({"exercise_id": ["07-brief"], "text": ["A model brief that cites S01 and S02."]})
BRIEF = {
    "id": "07-brief",
    "kind": "text",
    "words": [8, 60],
    "cites": {"pattern": r"\bS\d{2}\b", "exist_in": ["sentences.sentence_id"], "min": 2, "what": "sentence ids such as S01"},
    "reference": {"table": "models", "query": "exercise_id == '07-brief'", "key": "exercise_id", "column": "text"},
}


def test_a_text_model_answer_shows_only_once_the_learners_own_text_passes():
    case = _Case(sentences=SENTENCES, models=MODELS)
    kind = TextKind()
    spec = kind.build(case, BRIEF)
    model = kind.key_text(spec, BRIEF)
    assert model == MODELS.text[0] and kind.explains_on_pass(BRIEF)
    short = stepped(kind.compare("Too short, S01.", **spec), 3, BRIEF)
    assert not any(model in d for d in short.details) and not short.can_reveal
    assert "(sentence ids such as S01)" in " ".join(short.details)
    good = kind.compare("The board approved the sale on Monday (S01), and the founder had opposed it before (S02).", **spec)
    shown = stepped(good, 1, BRIEF, answer=model)
    assert good.passed and any(d.startswith("A model answer") and model in d for d in shown.details)
    assert kind.key_columns(case, BRIEF) == ["text"] and list(kind.key_rows(case, BRIEF)) == [0]
