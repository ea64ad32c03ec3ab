"""casekit.mentions: normalised, alias-aware search versus a naive search."""

import pandas as pd
import pytest

from casekit.case import load_case
from casekit.common.folding import fold
from casekit.reading.mentions import MentionError, alias_pattern, characters, count_mentions, find_mentions

SENTENCES = pd.DataFrame(
    {
        "sentence_id": ["S01", "S02", "S03"],
        "text": ["The offensive by Hayʼat Tahrir al-Sham (HTS).", "Assad’s regime fell.", "Assadist slogans; Café owners."],
    }
)
ACTORS = pd.DataFrame(
    {
        "actor_id": ["hts", "assad"],
        "name": ["Hayʼat Tahrir al-Sham", "Bashar al-Assad"],
        "aliases": ["HTS;Hayʼat Tahrir al-Sham", "Assad;Bashar al-Assad"],
    }
)


@pytest.mark.parametrize("a,b", [("Hayʼat", "Hay'at"), ("Hay’at", "HAY'AT"), ("Café", "cafe"), ("al‐Sham", "al-sham")])
def test_folding_treats_lookalike_characters_alike(a, b):
    assert fold(a) == fold(b)


def test_characters_names_the_modifier_letter_apostrophe():
    table = characters("Hayʼat")
    assert table.loc[3, "code_point"] == "U+02BC"
    assert table.loc[3, "unicode_name"] == "MODIFIER LETTER APOSTROPHE"


def test_naive_search_misses_the_modifier_letter_apostrophe_and_aware_search_finds_it():
    assert find_mentions(SENTENCES, "Hay'at", naive=True).empty
    assert list(find_mentions(SENTENCES, "Hay'at")["sentence_id"]) == ["S01"]


def test_alias_pattern_matches_whole_words_only():
    pattern = alias_pattern("Assad")
    assert pattern.search(fold("Assad’s regime"))
    assert pattern.search(fold("Bashar al-Assad"))
    assert not pattern.search(fold("Assadist slogans"))


def test_count_mentions_reports_what_the_naive_search_missed():
    table = count_mentions(SENTENCES, ACTORS).set_index("actor_id")
    assert table.loc["assad", "naive"] == 0
    assert table.loc["assad", "alias_aware"] == 1
    assert table.loc["assad", "missed_by_naive"] == "S02"


def test_alias_aware_search_reproduces_the_case_actor_table():
    case = load_case()
    counted = count_mentions(case.sentences, case.actors).set_index("actor_id")["sentence_ids"]
    recorded = case.actors.set_index("actor_id")["sentence_ids"]
    assert counted.to_dict() == recorded.to_dict()


@pytest.mark.parametrize(
    "call,expected",
    [
        (lambda: find_mentions("not a table", "x"), "expected the sentences table"),
        (lambda: find_mentions(SENTENCES[["text"]], "x"), "no column 'sentence_id'"),
        (lambda: find_mentions(SENTENCES), "give one or more words"),
        (lambda: count_mentions(SENTENCES, ACTORS[["actor_id"]]), "no column 'name', 'aliases'"),
        (lambda: alias_pattern(["", " "]), "no alias to search for"),
    ],
)
def test_bad_input_gives_one_plain_sentence(call, expected):
    with pytest.raises(MentionError, match=expected):
        call()


def test_a_comma_separated_text_searches_for_each_name():
    sentences = pd.DataFrame({"sentence_id": ["S1", "S2", "S3"], "text": ["Smith spoke.", "The UN met.", "Nobody came."]})
    assert find_mentions(sentences, "Smith, UN")["sentence_id"].tolist() == ["S1", "S2"]
