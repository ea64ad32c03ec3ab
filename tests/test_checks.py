"""casekit.checks: the generic check kinds, the case's registry, and check() with progress."""

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from casekit import check
from casekit.case import load_case
from casekit.checks import (
    build_reference,
    check_ids,
    check_labels,
    check_number,
    check_table,
    load_registry,
    registry,
    run_check,
    validate_checks,
)
from casekit.checks.result import NOT_STARTED

DATA = Path(__file__).resolve().parents[1] / "data" / "assad-fall-2024"
CASE = load_case(DATA, validate=False)
EXERCISES = {e["id"]: e for e in load_registry(DATA)}

# ---------------------------------------------------------------- ids

LABELS = {"S03": "“Both Russia …”", "S12": "“Analysts such as …”", "S05": "“Meanwhile …”"}


@pytest.mark.parametrize(
    "value,status,expected",
    [
        ({"S03", "S12"}, "passed", "Passed: your 2 sentences match the reference exactly."),
        (pd.Series(["S12", "S03"]), "passed", "Passed: your 2 sentences match the reference exactly."),
        (("S03 ", "S12"), "passed", "Passed: your 2 sentences match the reference exactly."),
        (["S03"], "failed", "Not yet: 1 of 2 sentences found; missing: S12 (“Analysts such as …”)."),
        (["S03", "S12", "S05"], "failed", "Not yet: 2 of 2 sentences found; not in the reference: S05 (“Meanwhile …”)."),
        ([], "failed", "Not yet: the list is empty; the reference has 2 sentences."),
        ("S03", "failed", "Not yet: 1 of 2 sentences found; missing: S12 (“Analysts such as …”)."),
        ("S03, S12", "passed", "Passed: your 2 sentences match the reference exactly."),
        (
            "the third sentence",
            "error",
            "Cannot check: expected a list or set of ids, such as ['S01', 'S02']; got the text 'the third sentence'. Put each id in quotes inside [ ].",
        ),
        (3, "error", "Cannot check: expected a list or set of ids, such as ['S01', 'S02']; got a number."),
        ([3, 12], "error", "Cannot check: expected ids as text, such as 'S01'; got a number (3) in the list."),
        (
            {"S03": 1},
            "error",
            "Cannot check: expected a list or set of ids, such as ['S01', 'S02']; got a dict (use list(your_dict) for its keys).",
        ),
        (
            pd.DataFrame({"a": [1], "b": [2]}),
            "error",
            "Cannot check: expected a list or set of ids, such as ['S01', 'S02']; got a table (DataFrame) with columns a, b (pick one column).",
        ),
    ],
)
def test_check_ids_names_missing_and_extra_ids_with_labels(value, status, expected):
    result = check_ids(value, ["S03", "S12"], LABELS, noun="sentence")
    assert (result.status, result.message) == (status, expected)


def test_check_ids_reads_ids_whatever_their_case_spaces_or_dashes():
    assert check_ids(["S03", "s12 "], ["S03", "S12"], noun="sentence").status == "passed"
    assert check_ids(["syrian-government"], ["syrian_government"], noun="actor").status == "passed"


# ---------------------------------------------------------------- table

REF = pd.DataFrame(
    {
        "event_id": ["E01", "E02", "E03"],
        "date": ["2011-03", "2024-12-08", "2015-09-30"],
        "kind": ["protest", "flight", "intervention"],
    }
)
EVENT_LABELS = {"E01": "protests begin, S14", "E02": "the flight, S05", "E03": "the intervention, S08"}


def _table(changes):
    df = REF.copy()
    for (row, col), value in changes.items():
        df.loc[row, col] = value
    return df


@pytest.mark.parametrize(
    "value,status,expected",
    [
        (REF, "passed", "Passed: all 3 events match the reference (compared by event_id on date, kind)."),
        (REF.set_index("event_id"), "passed", "Passed: all 3 events match the reference (compared by event_id on date, kind)."),
        (
            _table({(0, "date"): "2011-03-01/2011-03-31"}),
            "passed",
            "Passed: all 3 events match the reference (compared by event_id on date, kind).",
        ),
        (REF.drop(index=2), "failed", "Not yet: 2 of 3 events match; missing: E03 (the intervention, S08)."),
        (
            pd.concat([REF, pd.DataFrame({"event_id": ["E09"], "date": ["2020"], "kind": ["x"]})]),
            "failed",
            "Not yet: 3 of 3 events match; not in the reference: E09.",
        ),
        (_table({(0, "date"): "2011"}), "failed", "Not yet: 2 of 3 events match; E01 date: you have 2011, the reference has 2011-03."),
        (
            _table({(1, "date"): "December 5, 2024"}),
            "error",
            "Cannot check: E02, date: 'December 5, 2024' is not an EDTF date; in EDTF that is 2024-12-05. "
            "Fix that, then run the cell again; this was not counted as a try.",
        ),
        (_table({(1, "kind"): "Flight "}), "passed", "Passed: all 3 events match the reference (compared by event_id on date, kind)."),
        (
            _table({(2, "kind"): "withdrawal"}),
            "failed",
            "Not yet: 2 of 3 events match; E03 kind: you have withdrawal, the reference has intervention.",
        ),
        (
            REF[["event_id", "kind"]],
            "error",
            "Cannot check: expected a table with columns event_id, date, kind; column date is missing (you have: event_id, kind).",
        ),
        ([{"event_id": "E01"}], "error", "Cannot check: expected a table (DataFrame) with columns event_id, date, kind; got a list."),
        ({"E01": "2011-03"}, "error", "Cannot check: expected a table (DataFrame) with columns event_id, date, kind; got a dict."),
    ],
)
def test_check_table_compares_rows_by_key_and_dates_by_meaning(value, status, expected):
    result = check_table(value, REF, "event_id", ["date", "kind"], dates=["date"], labels=EVENT_LABELS, noun="event")
    assert (result.status, result.message) == (status, expected)


def test_check_table_lists_every_difference_in_details():
    result = check_table(_table({(0, "date"): "2011", (1, "date"): "2023", (2, "date"): "2016"}), REF, "event_id", ["date"], dates=["date"])
    assert result.message.endswith("and 1 more differences.")
    assert len(result.details) == 3


def test_check_table_reports_duplicate_keys():
    result = check_table(pd.concat([REF, REF.iloc[[0]]]), REF, "event_id", ["date"])
    assert "E01 appears more than once (the first row is compared)." in result.details


# ---------------------------------------------------------------- labels

KEY = {"C05": "attributed_opinion", "C08": "factual_claim"}
WHY = {"C05": "An analyst's judgement, quoted."}


@pytest.mark.parametrize(
    "value,status,expected,detail",
    [
        ({"C05": "attributed opinion", "C08": "Factual-Claim"}, "passed", "Passed: all 2 claims asked about have the key's label.", None),
        (
            pd.Series({"C05": "attributed_opinion", "C08": "factual_claim", "C01": "framing"}),
            "passed",
            "Passed: all 2 claims asked about have the key's label (1 other id not asked about, so not checked).",
            None,
        ),
        (
            pd.DataFrame({"claim_id": ["C05", "C08"], "kind": ["analysis", "factual_claim"]}),
            "failed",
            "Not yet: 1 of 2 labels agree with the key; see the notes below.",
            "C05: you said analysis; the key says attributed_opinion (An analyst's judgement, quoted).",
        ),
        ({"C08": "factual_claim"}, "failed", "Not yet: 1 of 2 labels agree with the key; see the notes below.", "C05: no label yet."),
        ({}, "failed", "Not yet: no labels yet; the reference labels 2 claims.", None),
        (
            ["analysis"],
            "error",
            "Cannot check: expected a mapping from id to label (a dict, a Series, or a table with two columns); got a list.",
            None,
        ),
        (
            pd.DataFrame({"a": [1], "b": [2], "c": [3]}),
            "error",
            "Cannot check: expected a mapping from id to label (a dict, a Series, or a table with two columns); got a table (DataFrame) with 3 columns.",
            None,
        ),
        ({5: "analysis"}, "error", "Cannot check: expected ids as text, such as 'C05'; got a number (5) as a key.", None),
    ],
)
def test_check_labels_explains_each_disagreement(value, status, expected, detail):
    result = check_labels(value, KEY, WHY, noun="claim")
    assert (result.status, result.message) == (status, expected)
    if detail:
        assert detail in result.details


# ---------------------------------------------------------------- number


@pytest.mark.parametrize(
    "value,status,expected",
    [
        (13, "passed", "Passed: 13 years matches the reference (within 0.5 years)."),
        (12.6, "passed", "Passed: 12.6 years matches the reference (within 0.5 years)."),
        (14, "failed", "Not yet: 14 years is too high by more than 0.5 years."),
        (10, "failed", "Not yet: 10 years is too low by more than 0.5 years."),
        ("13", "error", "Cannot check: expected a number such as 3.5; got the text '13' (remove the quotes)."),
        (True, "error", "Cannot check: expected a number such as 3.5; got True/False."),
        (float("nan"), "error", "Cannot check: expected a finite number; got nan."),
        ([13], "error", "Cannot check: expected a number such as 3.5; got a list."),
    ],
)
def test_check_number_uses_tolerance_and_unit(value, status, expected):
    result = check_number(value, 13, 0.5, "years")
    assert (result.status, result.message) == (status, expected)


# ---------------------------------------------------------------- the registry of this case


def prose(n: int) -> str:
    """``n`` words of plain sentences (eight words each, a varied vocabulary): filler that reads as writing."""
    vocabulary = [f"word{i}" for i in range(50)]
    words = [vocabulary[i % len(vocabulary)] for i in range(n)]
    return " ".join(w + ("." if i % 8 == 7 else "") for i, w in enumerate(words)) + ". "


def reference_value(exercise: dict):
    """The value that passes: built from the same reference the check uses (for open work, a well-formed answer)."""
    spec = build_reference(CASE, exercise)
    if exercise["kind"] == "coverage":
        rows = [
            {
                spec["key"]: ident,
                **{c: options[0] for c, options in spec["allowed"].items()},
                **{c: sorted(valid)[0] for c, valid in spec["cites"].items()},
                **{c: "some words" for c in spec["filled"]},
            }
            for ident in spec["reference"]
        ]
        return pd.DataFrame(rows)
    if exercise["kind"] == "text":
        low, _ = spec["words"]
        cited = [next(form for form in (v, f"self-score: {v}") if re.findall(spec["pattern"], form) == [v]) for v in sorted(spec["valid"])]
        return prose(low) + " ".join(cited[: spec["min_cites"]])
    return spec["reference"]


def wrong_values(exercise: dict) -> list:
    """Typical wrong values: a row/id missing, an extra id, a wrong label, a wrong type."""
    ref = reference_value(exercise)
    kind = exercise["kind"]
    if kind == "ids":
        return [ref[1:], [*ref, "S99-extra"], pd.DataFrame({"x": [1], "y": [2]}), "S01"]
    if kind == "labels":
        first = next(iter(ref))
        return [{**ref, first: "not-a-kind"}, {k: v for k, v in ref.items() if k != first}, list(ref.values())]
    if kind in {"table", "coverage"}:
        return [ref.iloc[1:], ref.iloc[:, :1], ref.to_dict("records")]
    if kind == "text":
        return ["Too short.", ref + " Z99 " + "word " * 400, ["a list"]]
    return [ref + 1000, str(ref), [ref]]


def test_the_registry_lists_every_exercise():
    table = registry(DATA)
    assert list(table.columns) == ["id", "kind", "description"]
    assert "00-analysts" in set(table["id"])
    assert table["description"].str.len().min() > 10


def test_checks_toml_is_valid():
    assert validate_checks(DATA) == []


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_check_passes_on_its_reference_value(exercise_id):
    result = run_check(exercise_id, reference_value(EXERCISES[exercise_id]), DATA)
    assert result.status == "passed", result


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_check_explains_typical_wrong_values(exercise_id):
    for wrong in wrong_values(EXERCISES[exercise_id]):
        result = run_check(exercise_id, wrong, DATA)
        assert result.status in {"failed", "error"}, (wrong, result)
        assert result.message.startswith(("Not yet: ", "Cannot check: "))
        assert "Traceback" not in str(result) and len(result.message) < 400


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
@pytest.mark.parametrize("placeholder", [Ellipsis, None])
def test_every_check_reports_the_placeholder_as_not_started(exercise_id, placeholder):
    result = run_check(exercise_id, placeholder, DATA)
    assert (result.status, result.message) == ("not-started", NOT_STARTED)


def test_the_warmup_reference_is_the_two_analyst_sentences():
    assert sorted(reference_value(EXERCISES["00-analysts"])) == ["S03", "S12"]
    result = run_check("00-analysts", ["S03"], DATA)
    assert result.message.startswith("Not yet: 1 of 2 sentences found; missing: S12 (“Analysts such as Aron Lund from")


KINDS_EXERCISE = """[[exercise]]
id = "01-kinds"
kind = "labels"
description = "The kind of statement of six claims."
noun = "claim"
reference = { table = "claims", key = "claim_id", column = "kind", explain = "evidence", query = "claim_id in ['C02', 'C05', 'C08', 'C09', 'C13', 'C22']" }
"""


def test_the_kinds_exercise_explains_from_the_evidence_column(case_copy):
    (case_copy / "checks.toml").write_text(KINDS_EXERCISE, encoding="utf-8")
    result = run_check(
        "01-kinds",
        {"C02": "background", "C05": "analysis", "C08": "factual_claim", "C09": "factual_claim", "C13": "background", "C22": "framing"},
        case_copy,
    )
    assert result.details == [
        "C05: you said analysis; the key says attributed_opinion (An analyst's judgement, quoted; it can be weighed but not checked)."
    ]


@pytest.mark.parametrize(
    "exercise_id,expected",
    [
        ("00-analyst", "Cannot check: there is no exercise '00-analyst'; did you mean '00-analysts'"),
        (7, "Cannot check: the exercise id must be text, such as '00-analysts'; got a number."),
    ],
)
def test_an_unknown_exercise_gives_one_sentence(exercise_id, expected):
    assert run_check(exercise_id, [], DATA).message.startswith(expected)


def test_check_records_results_but_not_the_placeholder(progress_dir):
    check("00-analysts", ..., DATA)
    assert not (progress_dir / CASE.id).exists()
    check("00-analysts", ["S03"], DATA)
    check("00-analysts", {"S03", "S12"}, DATA)
    saved = json.loads((progress_dir / CASE.id / "tester.json").read_text())["checks"]["00-analysts"]
    assert (saved["status"], saved["attempts"]) == ("passed", 2)


def test_check_result_displays_its_status_word_first():
    bundle = run_check("00-analysts", ["S03"], DATA)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Not yet: 1 of 2")
    assert bundle["text/html"].startswith('<div role="status" class="casekit-check casekit-failed"><strong>Not yet:</strong> 1 of 2')


# ---------------------------------------------------------------- validation of checks.toml


@pytest.fixture
def case_copy(tmp_path):
    """A copy of the case whose only exercises are those a test writes into checks.toml."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    shutil.rmtree(target / "checks", ignore_errors=True)
    (target / "checks.toml").unlink(missing_ok=True)
    return target


@pytest.mark.parametrize(
    "exercise,expected",
    [
        (
            'id = "00-x"\nkind = "guess"',
            "checks.toml, exercise 00-x: kind 'guess' is unknown; use one of ids, table, labels, number, coverage, text, spans.",
        ),
        (
            'id = "00-x"\nkind = "ids"\nreference = {table = "nope", column = "a"}',
            "checks.toml, exercise 00-x: table 'nope' is not a table of the case; its tables are sentences, ",
        ),
        (
            'id = "00-x"\nkind = "ids"\nreference = {table = "sources", column = "nope"}',
            "checks.toml, exercise 00-x: table 'sources' has no column 'nope'; its columns are",
        ),
        (
            'id = "00-x"\nkind = "ids"\nreference = {table = "sources", column = "sentence_ids", query = "tpye == 1"}',
            "checks.toml, exercise 00-x: the reference cannot be built (UndefinedVariableError",
        ),
        (
            'id = "00-x"\nkind = "ids"\nreference = {table = "sources", column = "sentence_ids", query = "type == \'nobody\'"}',
            "checks.toml, exercise 00-x: the key is empty: the query \"type == 'nobody'\" selects no row of sources, so no answer can pass; "
            "that usually happens when the query names an id or a value the table does not have",
        ),
        ('id = "x"\nkind = "number"\nvalue = 3', "checks.toml, exercise x: id 'x' must start with the lesson's two digits and a dash"),
        ('id = "00-x"\nkind = "number"\nvalue = 3\nvaleu = 4', "checks.toml, exercise 00-x: unknown field(s) valeu."),
    ],
)
def test_validate_checks_reports_one_line_per_problem(case_copy, exercise, expected):
    (case_copy / "checks.toml").write_text(f"[[exercise]]\n{exercise}\n", encoding="utf-8")
    problems = validate_checks(case_copy)
    assert any(p.startswith(expected) for p in problems), problems


def test_validate_checks_reports_malformed_toml(case_copy):
    (case_copy / "checks.toml").write_text("[[exercise]\n", encoding="utf-8")
    (problem,) = validate_checks(case_copy)
    assert problem.startswith("checks.toml: not valid TOML (") and "line 1" in problem


def test_a_broken_reference_is_an_error_result_not_a_traceback(case_copy):
    (case_copy / "checks.toml").write_text('[[exercise]]\nid = "00-x"\nkind = "ids"\nreference = {table = "nope", column = "a"}\n')
    result = run_check("00-x", ["S01"], case_copy)
    assert result.status == "error" and result.message.startswith("Cannot check: the reference for 00-x cannot be built (table 'nope'")
