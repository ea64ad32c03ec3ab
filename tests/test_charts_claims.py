"""casekit.charts.claims: claim kinds and attribution by paragraph."""

import altair as alt
import pandas as pd
import pytest

import casekit.charts as charts
from casekit.case import load_case
from casekit.charts.claims import claims_by_paragraph
from casekit.errors import InputError


@pytest.fixture(scope="module")
def case():
    return load_case()


@pytest.fixture
def small():
    sentences = pd.DataFrame({"sentence_id": ["S01", "S02", "S03"], "paragraph": [1, 2, 3], "part": ["headline", "lede", "body"]})
    claims = pd.DataFrame(
        {"sentence_id": ["S01", "S02", "S02"], "kind": ["framing", "analysis", "analysis"], "attributed_to": ["x", None, None]}
    )
    return claims, sentences


def test_claims_by_paragraph_counts_per_kind(small):
    claims, sentences = small
    counts = claims_by_paragraph(claims, sentences, "kind")
    assert counts[["paragraph", "kind", "claims"]].values.tolist() == [[1, "framing", 1], [2, "analysis", 2]]
    assert counts["label"].tolist() == ["1 headline", "2 lede"]


def test_claim_kinds_describes_every_paragraph_in_words(small):
    chart = charts.claim_kinds(*small)
    assert isinstance(chart, alt.Chart)
    assert chart.description == "Kinds of claim by paragraph (3 claims). 1 headline: 1 framing; 2 lede: 2 analysis; 3 body: none."


def test_attribution_counts_attributed_claims(small):
    chart = charts.attribution(*small)
    assert chart.description.startswith("Attributed and unattributed claims by paragraph: 1 of 3 claims name a source.")
    assert "2 lede: 2 no source given" in chart.description


def test_charts_stay_changeable_by_the_learner(small):
    chart = charts.claim_kinds(*small).properties(width=300).interactive()
    assert chart.to_dict()["width"] == 300


@pytest.mark.parametrize(
    "claims,expected",
    [
        ("not a table", "(a DataFrame)"),
        (pd.DataFrame({"sentence_id": ["S01"]}), "has no column"),
    ],
)
def test_bad_input_gets_one_sentence(small, claims, expected):
    with pytest.raises(InputError, match=expected):
        charts.claim_kinds(claims, small[1])


def test_case_charts_render_offline_to_png(case, tmp_path):
    for chart in (charts.claim_kinds(case.claims, case.sentences), charts.attribution(case.claims, case.sentences)):
        path = tmp_path / "chart.png"
        chart.save(path)
        assert path.stat().st_size > 1000
        assert len(chart.to_json()) < 50_000  # small embedded data
