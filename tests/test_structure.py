"""casekit.structure: open work checked for shape (coverage tables, written briefs), never for judgement."""

import pandas as pd
import pytest

from casekit.case import load_case
from casekit.checks import run_check
from casekit.checks.kinds import check_coverage, check_text
from casekit.reading.evidence import evidence_table, linked_rows

VALID = {"C01", "C02", "S01"}


def _table(**overrides):
    row = {"explanation_id": "a", "weight": "strong", "claim_ids": "C01;C02", "missing": "dates"}
    row.update(overrides)
    return pd.DataFrame([row, {"explanation_id": "b", "weight": "weak", "claim_ids": "C02", "missing": "a voice"}])


def _cover(value):
    return check_coverage(
        value, ["a", "b"], "explanation_id", {"weight": ["strong", "weak"]}, {"claim_ids": VALID}, "explanation", filled=["missing"]
    )


@pytest.mark.parametrize(
    "value,expected",
    [
        (_table(), "Passed: every explanation has a row"),
        (_table().iloc[:1], "missing 1 explanation: b"),
        (_table(weight="huge"), "a: weight is 'huge'; use one of strong, weak."),
        (_table(claim_ids="C01;C99"), "a: claim_ids names C99, which do not exist."),
        (_table(claim_ids=""), "a: claim_ids is empty; cite at least one id."),
        (_table(missing=" "), "a: missing is empty; write a few words."),
        (_table().drop(columns="weight"), "the table has no column 'weight'"),
        ([("a", "strong")], "expected a table (DataFrame) with columns explanation_id, weight, claim_ids, missing; got list."),
    ],
)
def test_coverage_names_what_is_missing_or_wrong(value, expected):
    assert expected in str(_cover(value))


@pytest.mark.parametrize(
    "text,expected",
    [
        (" ".join(f"w{i}" for i in range(20)) + " C01 S01", "Passed: 22 words, citing 2 existing ids"),
        ("too short C01", "3 words; write at least 10."),
        ("word " * 40 + "C01", "41 words; cut to at most 30."),
        (" ".join(f"w{i}" for i in range(20)) + " C01 C77", "cites C77, which do not exist in this case."),
        ("word " * 20, "cites 0 existing ids; cite at least 2"),
        (42, "expected your text as a string in quotes; got int."),
    ],
)
def test_text_checks_length_and_citations_only(text, expected):
    assert expected in str(check_text(text, (10, 30), r"\b[CS]\d{2}\b", VALID, 2))


def test_capstone_checks_report_not_started_for_the_placeholder():
    assert run_check("05-brief", ...).status == "not-started"
    assert run_check("05-brief", "\n\n").status == "not-started"
    assert run_check("05-weighing", ...).status == "not-started"


def test_evidence_table_gives_unattributed_claims_the_publishers_voice():
    case = load_case()
    table = evidence_table(case.explanations, case.claims, case.rubric_scores, unattributed="caliber")
    assert set(table["explanation_id"]) == set(case.explanations["explanation_id"])
    assert table["source"].notna().all()
    assert table["source_score"].between(0, 2).all()


def test_linked_rows_keep_the_order_of_the_ids():
    df = pd.DataFrame({"k": ["x", "y", "z"], "v": [1, 2, 3]})
    assert list(linked_rows(df, "z;x;nope", "k")["v"]) == [3, 1]
