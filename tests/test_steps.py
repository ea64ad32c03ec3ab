"""Feedback in steps: no answer before the learner asks for it, more help on each try, a reveal that is recorded."""

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casekit import check, quiz
from casekit.case import load_case
from casekit.checks import build_reference
from casekit.checks.kinds import check_number
from casekit.checks.references import cached_case
from casekit.checks.registry import load_registry
from casekit.checks.vocab import vocabulary_of
from casekit.common.folding import fold, fold_label
from casekit.common.ids import split_ids
from casekit.reading.text import cue_pattern
from casekit.records.store import load

DATA = Path(__file__).resolve().parents[1] / "data" / "assad-fall-2024"
CASE = load_case(DATA, validate=False)
EXERCISES = {e["id"]: e for e in load_registry(DATA)}
STEPPED = sorted(i for i, e in EXERCISES.items() if e["kind"] in ("ids", "labels", "table"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w-]+", text))


def _wrong_value(ex: dict, column: str, right: str, dates: list[str], variant: int) -> str:
    """A well-formed wrong value for a column: another of its labels, another date, or a made-up text."""
    if column in dates:
        return str(1999 - variant)
    vocabulary = vocabulary_of(CASE, (ex.get("reference") or {}).get("table", ""), column)
    if vocabulary:
        return [label for label in vocabulary.labels if label != right][variant]
    return f"zzz{variant or ''}"


def _wrong_try(exercise_id: str, variant: int = 0):
    """A plausible, well-formed wrong answer and what it must not give away: (value, secrets).

    Another ``variant`` gives another wrong answer, as a learner's second try would be.
    """
    ex = EXERCISES[exercise_id]
    spec = build_reference(cached_case(DATA), ex)
    ref = spec["reference"]
    if ex["kind"] == "ids":
        ref = list(ref)
        others = [i for i in spec["catalogue"].ids if i not in ref]
        value = [ref[0], others[variant]] if len(ref) > 1 else [others[variant]]
        return value, set(ref[1:] if len(ref) > 1 else ref)
    if ex["kind"] == "labels":
        labels = sorted(set(ref.values()))
        chosen = max(labels, key=lambda lab: sum(v != lab for v in ref.values()))
        value = dict.fromkeys(ref, chosen)
        if variant:
            value.pop(next(iter(value)))
        return value, {lab for lab in labels if lab != chosen}
    key = [spec["key"]] if isinstance(spec["key"], str) else list(spec["key"])
    mine = ref[[*key, *spec["columns"]]].copy().reset_index(drop=True)
    dropped = " ".join(str(mine.loc[0, k]) for k in key)
    if not spec["columns"]:  # keys only: leave one row out, add one of your own
        extra = mine.iloc[[0]].assign(**{key[-1]: f"zzz{variant or ''}"})
        return pd.concat([mine.iloc[1:], extra], ignore_index=True), {dropped}
    column = spec["columns"][0]
    changed = 1 if len(mine) > 1 else 0
    secret = str(mine.loc[changed, column])
    mine.loc[changed, column] = _wrong_value(ex, column, secret, spec["dates"], variant)
    if not changed:
        return mine, {secret}
    return mine.iloc[1:].reset_index(drop=True), {dropped, secret}


@pytest.mark.parametrize("exercise_id", STEPPED)
def test_a_first_wrong_try_gives_nothing_away(exercise_id):
    value, secrets = _wrong_try(exercise_id)
    first = check(exercise_id, value, case=DATA)
    assert first.status == "failed"
    text = str(first) + first._repr_html_()
    leaked = {s for s in secrets if (s in _words(text) if re.fullmatch(r"[\w-]+", s) else s in text)}
    assert not leaked, f"{exercise_id}: the first try shows {leaked}:\n{first}"
    assert "Hint:" in str(first) and "reveal=True" not in str(first)


@pytest.mark.parametrize("exercise_id", STEPPED)
def test_the_second_try_adds_a_hint_and_offers_the_answer(exercise_id):
    first = check(exercise_id, _wrong_try(exercise_id)[0], case=DATA)
    again = check(exercise_id, _wrong_try(exercise_id)[0], case=DATA)
    assert str(again) == str(first), "running the same answer again is not another try"
    second = check(exercise_id, _wrong_try(exercise_id, variant=1)[0], case=DATA)
    assert str(second).count("Hint") > str(first).count("Hint")
    assert second.can_reveal and "reveal=True" in str(second)


@pytest.mark.parametrize("exercise_id", STEPPED)
def test_a_reveal_shows_the_key_and_is_recorded(exercise_id):
    value, secrets = _wrong_try(exercise_id)
    shown = check(exercise_id, value, case=DATA, reveal=True)
    assert shown.revealed and "The answer:" in str(shown)
    assert secrets & (_words(str(shown)) | {s for s in secrets if s in str(shown)})
    record = load(CASE.id)["checks"][exercise_id]
    assert record["revealed"] is True
    check(exercise_id, value, case=DATA)
    assert load(CASE.id)["checks"][exercise_id]["revealed"] is True, "a later try keeps the reveal on record"


def test_the_show_the_answer_button_appears_after_two_tries_and_records_the_reveal():
    value, _ = _wrong_try("00-analysts")
    assert "application/vnd.jupyter.widget-view+json" not in check("00-analysts", value, case=DATA)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in check("00-analysts", value, case=DATA)._repr_mimebundle_()
    second = check("00-analysts", _wrong_try("00-analysts", variant=1)[0], case=DATA)
    bundle = second._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    answer = second._reveal()
    assert answer.revealed and "The answer:" in str(answer)
    assert load(CASE.id)["checks"]["00-analysts"]["revealed"] is True


def test_the_grader_sees_the_full_comparison_whatever_the_learner_was_shown():
    from casekit.checks.run import run_check

    value, secrets = _wrong_try("00-analysts")
    assert secrets <= _words(str(run_check("00-analysts", value, case=DATA)))


def test_a_quiz_offers_its_answer_after_two_wrong_tries_and_records_the_reveal(case_dir):
    q = quiz("98-single", case=case_dir)
    right = q.question("98-single").answer
    wrong, other = [o.id for o in q.question("98-single").options if o.id != right][:2]
    q.answer("98-single", wrong)
    assert not q.can_reveal("98-single")
    q.answer("98-single", wrong)  # the same answer again is not a new try
    assert not q.can_reveal("98-single")
    q.answer("98-single", other)
    assert q.can_reveal("98-single") and "reveal(" in q.text()
    assert q.reveal("98-single").startswith("The answer: ")
    assert load("test-case")["quiz"]["98-single"]["revealed"] is True


@pytest.mark.parametrize(
    "value,note",
    [
        (24 * 365.25 + 146, "looks like a number of days"),
        (24, "do not round to a whole number"),
    ],
)
def test_number_checks_name_the_usual_slips(value, note):
    res = check_number(value, 24.4, 0.3, "years")
    assert res.status == "failed" and note in str(res)


@given(st.text(alphabet="abc XYZ-_", min_size=1, max_size=20))
def test_label_names_compare_alike_with_spaces_dashes_or_underscores(name):
    assert fold_label(name) == fold_label(name.replace(" ", "_")) == fold_label(name.replace("_", "-")) == fold_label(name.upper())


@given(st.lists(st.from_regex(r"[A-Z]\d{2}", fullmatch=True), min_size=1, max_size=6), st.sampled_from([";", ",", " ", ", ", "; "]))
def test_id_lists_typed_as_text_split_back_into_the_ids(ids, sep):
    assert split_ids(sep.join(ids)) == ids


@given(st.text(max_size=30))
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_a_straight_quote_in_a_cue_finds_curly_quotes_too():
    pattern = re.compile(cue_pattern(['"', "'s"]))
    assert pattern.search("He said “no”") and pattern.search('He said "no"') and pattern.search("Assad’s rule")


def test_a_relation_typed_with_spaces_matches_its_underscored_name():
    ref = pd.DataFrame({"source": ["A"], "target": ["B"], "relation": ["withdrew_support_from"]})
    from casekit.checks.kinds import check_table

    mine = ref.assign(relation="withdrew support from")
    assert check_table(mine, ref, ["source", "target"], ["relation"]).passed


def test_a_relation_typed_with_spaces_matches_in_a_key_column_too():
    from casekit.checks.kinds import check_table

    ref = pd.DataFrame({"source": ["A"], "target": ["B"], "relation": ["withdrew_support_from"], "period": ["1990s"]})
    mine = ref.assign(relation="Withdrew support from")
    assert check_table(mine, ref, ["source", "target", "relation"], ["period"]).passed
