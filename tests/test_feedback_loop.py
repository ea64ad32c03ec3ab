"""A class plays the feedback loop: supersets, lower case, blank runs, re-runs, slips of form, then a real wrong answer.

On every ids, labels and table exercise of every case, no reply and no stored record lets the key be
read off, a right answer typed in lower case passes, and only new, well-formed answers count as tries.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from casekit import check
from casekit.case.folder import case_folders
from casekit.checks import build_reference
from casekit.checks.references import cached_case
from casekit.checks.registry import load_registry
from casekit.records.store import load, progress_file

DATA = Path(__file__).resolve().parents[1] / "data"
CASES = case_folders(DATA)
EXERCISES = [
    (folder, ex)
    for folder in CASES
    for ex in load_registry(folder)
    if ex.get("kind") in ("ids", "labels", "table") and "values" not in ex and "rows" not in ex
]
IDS = [f"{folder.name}:{ex['id']}" for folder, ex in EXERCISES]


def test_the_class_plays_every_stepped_exercise_of_every_case():
    assert len(CASES) >= 2 and {f.name for f, _ in EXERCISES} == {f.name for f in CASES}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w-]+", text))


def _spec(folder: Path, ex: dict) -> dict:
    return build_reference(cached_case(folder), ex)


def _key_items(ex: dict, spec: dict) -> set[str]:
    """The ids of the key: reference ids, labelled ids, or row keys."""
    if ex["kind"] == "ids":
        return set(spec["reference"])
    if ex["kind"] == "labels":
        return set(spec["reference"])
    key = [spec["key"]] if isinstance(spec["key"], str) else list(spec["key"])
    return {" ".join(str(r[k]) for k in key) for _, r in spec["reference"].iterrows()}


def _superset(folder: Path, ex: dict, spec: dict):
    """Everything there is to list: every id of the table, every row of the table (with the key's columns)."""
    case = cached_case(folder)
    if ex["kind"] == "ids":
        return list(spec["catalogue"].ids)
    if ex["kind"] == "labels":
        label = next(iter(spec["reference"].values()))
        return dict.fromkeys(spec["keys"].ids if spec["keys"] else spec["reference"], label)
    key = [spec["key"]] if isinstance(spec["key"], str) else list(spec["key"])
    table = case.tables[ex["reference"]["table"]]
    return table[[*key, *spec["columns"]]].drop_duplicates(subset=key).reset_index(drop=True)


def _lower(value):
    """The answer typed in lower case."""
    if isinstance(value, pd.DataFrame):
        return value.map(lambda v: v.lower() if isinstance(v, str) else v)
    if isinstance(value, dict):
        return {k.lower(): v.lower() for k, v in value.items()}
    return [v.lower() for v in value]


def _right(ex: dict, spec: dict):
    if ex["kind"] == "table":
        key = [spec["key"]] if isinstance(spec["key"], str) else list(spec["key"])
        return spec["reference"][[*key, *spec["columns"]]].reset_index(drop=True)
    return list(spec["reference"]) if ex["kind"] == "ids" else dict(spec["reference"])


def _slip(ex: dict, spec: dict):
    """A slip of form: an id that does not exist, a label outside the vocabulary, a date in words."""
    right = _right(ex, spec)
    if ex["kind"] == "ids":
        return [*right[:1], "ZZ999"]
    if ex["kind"] == "labels":
        return dict.fromkeys(right, "no-such-label")
    table = right.copy()
    column = next((c for c in spec["columns"] if c in spec["dates"]), None)
    if column:
        table.loc[0, column] = "the day after"
        return table
    first_key = spec["key"] if isinstance(spec["key"], str) else spec["key"][0]
    table.loc[0, first_key] = "ZZ999"
    return table


def _attempts(case_id: str, exercise_id: str) -> int:
    return int(load(case_id)["checks"].get(exercise_id, {}).get("attempts", 0))


@pytest.mark.parametrize(("folder", "ex"), EXERCISES, ids=IDS)
def test_no_trick_reads_off_the_key_and_only_new_answers_count(folder, ex, progress_dir):
    spec = _spec(folder, ex)
    case_id = cached_case(folder).id
    eid = ex["id"]
    key = _key_items(ex, spec)

    for _ in range(2):  # blank runs
        assert check(eid, ..., case=folder).status == "not-started"
    slip = check(eid, _slip(ex, spec), case=folder)
    assert slip.status == "error" and "not counted as a try" in slip.message, slip
    assert _attempts(case_id, eid) == 0, "blank runs and slips of form are not tries"

    everything = _superset(folder, ex, spec)
    reply = check(eid, everything, case=folder)
    assert reply.status in ("failed", "passed")
    if reply.status == "failed" and ex["kind"] != "labels":
        given = set(everything) if ex["kind"] == "ids" else _key_items(ex, {**spec, "reference": everything})
        named = {i for i in given - key if i in _words(str(reply)) or i in str(reply)}
        assert not named, f"{eid}: a superset's reply names {sorted(named)[:5]}, so the key is the rest:\n{reply}"
    assert _attempts(case_id, eid) == 1

    again = check(eid, everything, case=folder)
    assert str(again) == str(reply) and _attempts(case_id, eid) == 1, "re-running the same answer is not another try"
    assert not again.can_reveal

    assert check(eid, _lower(_right(ex, spec)), case=folder).status == "passed", "a right answer in lower case passes"
    assert _attempts(case_id, eid) == 2

    stored = progress_file(case_id).read_text(encoding="utf-8")
    record = json.loads(stored)["checks"][eid]
    assert "the key says" not in stored and "the reference has" not in stored and "missing:" not in record["message"]


@pytest.mark.parametrize(("folder", "ex"), EXERCISES, ids=IDS)
def test_the_stored_record_of_a_wrong_try_holds_only_what_was_shown(folder, ex, progress_dir):
    spec = _spec(folder, ex)
    right = _right(ex, spec)
    if ex["kind"] == "ids":
        wrong = [i for i in spec["catalogue"].ids if i not in right][:1]
    elif ex["kind"] == "labels":
        labels = spec["labels"].labels
        wrong = {k: next(lab for lab in labels if lab != v) for k, v in right.items()}
    else:
        wrong = right.iloc[1:] if len(right) > 1 else right.iloc[0:0]
    shown = check(ex["id"], wrong, case=folder)
    assert shown.status == "failed", shown
    record = load(cached_case(folder).id)["checks"][ex["id"]]
    assert record["message"] == shown.message
    hidden = _key_items(ex, spec) - (set(wrong) if not isinstance(wrong, pd.DataFrame) else _key_items(ex, {**spec, "reference": wrong}))
    leaked = {i for i in hidden if i in _words(record["message"]) or i in _words(str(shown))}
    assert not leaked, f"{ex['id']}: a wrong try shows or stores {sorted(leaked)}"


@pytest.mark.parametrize(
    ("exercise_id", "answer", "reading"),
    [
        ("01-attribution", ["S01", "S03", "S06", "S10", "S12", "S14"], "S14 (accepted): accepted either way."),
        (
            "01-claim-kinds",
            {
                "C01": "framing",
                "C05": "attributed opinion",
                "C07": "analysis",
                "C08": "factual claim",
                "C13": "background",
                "C16": "analysis",
                "C22": "framing",
            },
            "C16 (accepted): 'analysis' is accepted",
        ),
    ],
)
def test_an_accepted_reading_passes_and_says_why_the_kit_reads_it_otherwise(exercise_id, answer, reading, progress_dir):
    main = DATA / "assad-fall-2024"
    shown = check(exercise_id, answer, case=main)
    assert shown.status == "passed" and "accepted" in shown.message
    assert any(d.startswith(reading) for d in shown.readings) and any(d.startswith(reading) for d in shown.details)
    assert "The kit keys" in str(shown) or "the kit's key" in str(shown)
    assert load(cached_case(main).id)["checks"][exercise_id]["status"] == "passed"


def test_accepted_readings_are_validated(tmp_path):
    from casekit.checks import validate_checks

    case = tmp_path / "case"
    shutil.copytree(DATA / "assad-fall-2024", case, ignore=shutil.ignore_patterns("checks"))
    (case / "checks.toml").write_text('[[exercise]]\nid = "00-x"\nkind = "number"\nvalue = 3\naccept = ["x"]\n', encoding="utf-8")
    assert any("accept must be a list" in p for p in validate_checks(case))


def test_a_pass_shows_the_kits_reasons_and_a_wrong_try_does_not(progress_dir):
    main = DATA / "assad-fall-2024"
    spec = _spec(main, next(ex for f, ex in EXERCISES if f == main and ex["id"] == "04-kinds"))
    right = dict(spec["reference"])
    wrong = {k: ("absolute" if v != "absolute" else "relative") for k, v in right.items()}
    assert "The kit's reasons" not in str(check("04-kinds", wrong, case=main))
    passed = check("04-kinds", right, case=main)
    assert passed.status == "passed" and any(d.startswith("The kit's reasons: ") for d in passed.details)
