"""casekit.quizwidgets: drive the quiz widgets from Python (set a value, click Check, read the feedback)."""

import pytest

from casekit import quiz
from casekit.notebook.quiz_widgets import QuizView
from casekit.quizzes.types.ordering import ordinal


def view_of(case_dir, qid):
    return QuizView(quiz(qid, case=case_dir)).views[0]


def set_single(v, value):
    v.control.value = value


def set_multiple(v, ids):
    for option, box in zip(v.question.options, v.controls):
        box.value = option.id in ids


def set_dropdowns(v, values):
    for dd, value in zip(v.controls, values):
        dd.value = value


@pytest.mark.parametrize(
    "qid,setter,value,starts",
    [
        ("98-single", set_single, "a", "<strong>Correct.</strong> Red is one of the three."),
        ("98-single", set_single, "c", "<strong>Not yet.</strong> Brown is mixed from several."),
        ("98-single", set_single, None, "<strong>No answer yet:</strong> choose one option"),
        ("98-multiple", set_multiple, ["a", "c"], "<strong>Correct.</strong>"),
        ("98-multiple", set_multiple, ["a", "b"], "<strong>Partly right.</strong> You chose 1 of the 2"),
        ("98-multiple", set_multiple, [], "<strong>No answer yet:</strong>"),
        ("98-ordering", set_dropdowns, ["one", "two", "three"], "<strong>Correct.</strong>"),
        ("98-ordering", set_dropdowns, ["three", "one", "two"], "<strong>Not yet.</strong>"),
        ("98-ordering", set_dropdowns, ["one", None, None], "<strong>Cannot check:</strong> position 2 is empty"),
        ("98-matching", set_dropdowns, ["mammal", "fish", "mammal"], "<strong>Correct.</strong>"),
        ("98-matching", set_dropdowns, ["mammal", "mammal", "mammal"], "<strong>Partly right.</strong>"),
        ("98-short", set_single, "  PARIS ", "<strong>Correct.</strong>"),
        ("98-short", set_single, "Lyon", "<strong>Not yet.</strong> Lyon is large"),
        ("98-number", set_single, "13 years", "<strong>Correct.</strong>"),
    ],
)
def test_check_button_shows_feedback_that_starts_with_a_word(case_dir, qid, setter, value, starts):
    v = view_of(case_dir, qid)
    setter(v, value)
    v.check_button.click()
    assert starts in v.feedback.value
    assert 'role="status"' in v.feedback.value


def test_retry_replaces_the_feedback(case_dir):
    v = view_of(case_dir, "98-single")
    v.control.value = "b"
    v.check_button.click()
    v.control.value = "a"
    v.check_button.click()
    assert "<strong>Correct.</strong>" in v.feedback.value and "Not yet" not in v.feedback.value


def test_hint_button_shows_the_hint(case_dir):
    v = view_of(case_dir, "98-single")
    assert v.hint.value == ""
    v.hint_button.click()
    assert v.hint.value == '<div role="note"><strong>Hint:</strong> Think of paint.</div>'


def test_a_question_without_hint_has_no_hint_button(case_dir):
    assert view_of(case_dir, "98-multiple").hint_button is None


def test_every_control_has_a_label(case_dir):
    for view in [*QuizView(quiz("98-all", case=case_dir)).views, view_of(case_dir, "98-short")]:
        for control in view.controls:
            assert control.description.strip()
        assert view.check_button.description == "Check" and view.check_button.tooltip


def test_ordering_dropdowns_are_named_by_position(case_dir):
    assert [dd.description for dd in view_of(case_dir, "98-ordering").controls] == ["1st:", "2nd:", "3rd:"]
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


def test_matching_dropdowns_are_named_by_item(case_dir):
    assert [dd.description for dd in view_of(case_dir, "98-matching").controls] == ["1) Cat:", "2) Trout:", "3) Dog:"]


def test_score_line_follows_checks_in_a_set(case_dir):
    qv = QuizView(quiz("98-all", case=case_dir))
    assert "0 of 4 correct; 4 not answered yet" in qv.score.value
    first, second = qv.views[:2]
    first.control.value = "a"
    first.check_button.click()
    set_multiple(second, ["b"])
    second.check_button.click()
    assert "1 of 4 correct; 1 not right yet; 2 not answered yet" in qv.score.value


def test_rerun_restores_the_earlier_answer_and_feedback(case_dir):
    v = view_of(case_dir, "98-matching")
    set_dropdowns(v, ["mammal", "mammal", "mammal"])
    v.check_button.click()
    again = view_of(case_dir, "98-matching")
    assert [dd.value for dd in again.controls] == ["mammal", "mammal", "mammal"]
    assert "<strong>Partly right.</strong>" in again.feedback.value
    assert "This is your earlier answer" in again.feedback.value


def test_a_stale_record_does_not_break_the_view(case_dir, progress_dir):
    from casekit.records.store import record_quiz

    record_quiz("test-case", "98-ordering", {"not": "a list"}, "incorrect", "old")
    v = view_of(case_dir, "98-ordering")
    assert [dd.value for dd in v.controls] == [None, None, None]


def test_learner_text_is_escaped_in_feedback(case_dir):
    v = view_of(case_dir, "98-number")
    v.control.value = "<script>alert(1)</script>"
    v.check_button.click()
    assert "<script>" not in v.feedback.value
