"""casekit.text: cue-word search, highlighting, provenance chains and the who-speaks table."""

import re

import pandas as pd
import pytest

from casekit.case import load_case
from casekit.errors import CasekitError, InputError
from casekit.reading.text import chain, cue_pattern, find_sentences, highlight, trust_band, voices_by_paragraph


@pytest.fixture(scope="module")
def case():
    return load_case()


@pytest.fixture
def sentences():
    return pd.DataFrame(
        {
            "sentence_id": ["S01", "S02", "S03"],
            "paragraph": [1, 2, 2],
            "text": ["He said “no”.", "Unsaid things, according to them.", "Nothing here."],
        }
    )


@pytest.mark.parametrize(
    "words,text,expected",
    [
        (["said"], "Khatib said so", True),
        (["said"], "left unsaid", False),
        (["according to"], "according to officials", True),
        (["“"], "a “quote”", True),
        (['"'], 'a "quote"', True),
        (["WSJ"], "WSJ: why", True),
        (["reports"], "Reports indicated", True),
    ],
)
def test_cue_pattern_matches_whole_words_and_punctuation(words, text, expected):
    assert bool(re.search(cue_pattern(words), text, re.IGNORECASE)) is expected


def test_find_sentences_keeps_matching_rows_and_names_the_cues(sentences):
    found = find_sentences(sentences, ["said", "according to", "“"])
    assert found["sentence_id"].tolist() == ["S01", "S02"]
    assert found.set_index("sentence_id")["cues"].to_dict() == {"S01": "said; “", "S02": "according to"}


def test_find_sentences_accepts_a_single_word(sentences):
    assert find_sentences(sentences, "nothing")["sentence_id"].tolist() == ["S03"]


@pytest.mark.parametrize(
    "words,expected",
    [
        ([], "expected a list of words"),
        ([""], "expected a list of words"),
        ([3], "expected a list of words"),
        (5, "expected a list of words"),
    ],
)
def test_find_sentences_rejects_bad_words_with_one_sentence(sentences, words, expected):
    with pytest.raises(InputError, match=expected):
        find_sentences(sentences, words)


def test_find_sentences_names_a_missing_column():
    with pytest.raises(CasekitError, match="has no column"):
        find_sentences(pd.DataFrame({"x": [1]}), ["said"])


def test_highlight_marks_words_in_text_and_html(sentences):
    shown = highlight(sentences, ["said"])
    assert len(shown) == 1
    assert repr(shown) == "[S01] He **said** “no”."
    assert "<mark>said</mark>" in shown._repr_html_()


def test_highlight_escapes_html_and_says_when_nothing_matches():
    df = pd.DataFrame({"sentence_id": ["S01"], "text": ["<b>said</b>"]})
    assert "&lt;b&gt;" in highlight(df, ["said"])._repr_html_()
    assert "no sentence" in repr(highlight(df, ["absent"]))


@pytest.fixture
def links():
    return pd.DataFrame(
        {"from": ["a", "b", "c", "x"], "to": ["b", "c", "reader", "b"], "certainty": ["stated", "unclear", "stated", "stated"]}
    )


def test_chain_follows_links_to_the_reader(links):
    assert chain(links, "a") == [("a", ""), ("b", "stated"), ("c", "unclear")]


def test_chain_stops_at_a_loop():
    loop = pd.DataFrame({"from": ["a", "b"], "to": ["b", "a"]})
    assert [s for s, _ in chain(loop, "a")] == ["a", "b"]


@pytest.mark.parametrize(
    "score,maximum,band", [(0, 10, "weak"), (3, 10, "weak"), (4, 10, "moderate"), (7, 10, "strong"), (None, 10, "not scored")]
)
def test_trust_band(score, maximum, band):
    assert trust_band(score, maximum) == band


def test_voices_gives_unattributed_claims_to_the_default_speaker():
    sentences = pd.DataFrame({"sentence_id": ["S01", "S02", "S03"], "paragraph": [1, 2, 3]})
    claims = pd.DataFrame(
        {"claim_id": ["C01", "C02"], "sentence_id": ["S01", "S02"], "attributed_to": [None, "a"], "verdict": ["supported", None]}
    )
    sources = pd.DataFrame({"source_id": ["pub", "a"], "name": ["Publisher", "Analyst A"]})
    links = pd.DataFrame({"from": ["a", "pub"], "to": ["pub", "reader"], "certainty": ["unclear", "stated"]})
    scores = pd.DataFrame({"source_id": ["pub", "a"], "criterion_id": ["c", "c"], "score": [1, 2]})
    table = voices_by_paragraph(sentences, claims, sources, default="pub", provenance=links, scores=scores)
    rows = table.set_index("paragraph")
    assert rows.loc[1, "speaker"] == "Publisher" and rows.loc[1, "via"] == "(published directly)"
    assert rows.loc[2, "speaker"] == "Analyst A" and rows.loc[2, "via"] == "Publisher?"
    assert rows.loc[2, "score"] == "2 of 2" and rows.loc[2, "trust"] == "strong"
    assert rows.loc[1, "checked"] == "1 supported"
    assert rows.loc[3, "speaker"] == "(no claim recorded)"


def test_voices_rejects_an_unknown_default(case):
    with pytest.raises(InputError, match="is not a source_id"):
        voices_by_paragraph(case.sentences, case.claims, case.sources, default="nobody")


def test_voices_on_the_case_covers_every_paragraph_and_names_every_speaker(case):
    table = voices_by_paragraph(
        case.sentences, case.claims, case.sources, default="caliber", provenance=case.provenance, scores=case.rubric_scores
    )
    assert set(table["paragraph"]) == set(case.sentences["paragraph"])
    attributed = set(case.claims["attributed_to"].dropna())
    names = dict(zip(case.sources["source_id"], case.sources["name"]))
    assert {names[s] for s in attributed} <= set(table["speaker"])
    assert not table["score"].eq("not scored").any()
