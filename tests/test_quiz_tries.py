"""Quiz feedback that a class cannot game: what counts as a try, what the record keeps, letters, hints, wrong items marked."""

import json
from pathlib import Path

import pytest

from casekit import quiz
from casekit.common.tries import REVEAL_AFTER
from casekit.errors import QuestionNotFound
from casekit.notebook.quiz_view import NOT_COUNTED
from casekit.notebook.quiz_widgets import REPEATED, QuizView
from casekit.quizzes import mark_answer
from casekit.quizzes.bank import load_questions
from casekit.quizzes.marking import answer_fingerprint, quiz_answer_text
from casekit.records.store import quiz_record

ROOT = Path(__file__).resolve().parents[1]
CASES = [ROOT / "data" / "assad-fall-2024", ROOT / "data" / "white-house-2024-12-08"]


def view_of(case_dir, qid):
    return QuizView(quiz(qid, case=case_dir)).views[0]


def attempts(qid):
    return (quiz_record("test-case", qid) or {}).get("attempts", 0)


# ---------------------------------------------------------------- what counts as a try


def test_blank_runs_a_wrong_type_and_a_repeated_answer_are_not_tries(case_dir, progress_dir):
    qz = quiz("98-single", case=case_dir)
    blank = qz.answer("98-single", "")
    qz.answer("98-single", "   ")
    wrong_type = qz.answer("98-single", ["b"])
    assert blank.message == "No answer yet: choose one option, then press Check."  # one plain sentence
    assert wrong_type.message == "Cannot check: expected one option id as text, such as 'a'; got a list."
    assert attempts("98-single") == 0
    first = qz.answer("98-single", "b")
    again = qz.answer("98-single", "b")
    assert attempts("98-single") == 1
    assert NOT_COUNTED not in first.message and again.message.splitlines()[1] == NOT_COUNTED
    assert not qz.can_reveal("98-single") and "reveal(" not in again.message
    qz.answer("98-single", "c")  # a new wrong answer is the next try
    assert attempts("98-single") == REVEAL_AFTER == 2
    assert qz.can_reveal("98-single")


def test_an_option_that_does_not_exist_is_not_a_try(case_dir, progress_dir):
    qz = quiz("98-multiple", case=case_dir)
    fb = qz.answer("98-multiple", ["a", "z"])
    assert fb.status == "invalid" and "\n" not in fb.message
    assert quiz_record("test-case", "98-multiple") is None


def test_the_same_answer_spelled_another_way_is_the_same_try(case_dir, progress_dir):
    qz = quiz("98-all", case=case_dir)
    for same in (["b", "d"], ("d", "b", "b"), "B, D", "d b"):  # a set of options: order, case and repeats do not matter
        qz.answer("98-multiple", same)
    for same in (["three", "one", "two"], "c a b", ["C", "A)", "b"]):  # letters shown or ids
        qz.answer("98-ordering", same)
    for same in ({"cat": "fish", "trout": "fish", "dog": "fish"}, {3: "b", 1: "B", "2": "fish"}):
        qz.answer("98-matching", same)
    assert [attempts(q) for q in ("98-multiple", "98-ordering", "98-matching")] == [1, 1, 1]


def test_order_matters_for_ordering_and_not_for_multiple_choice(case_dir):
    q = {q.id: q for q in quiz("98-all", case=case_dir).questions}
    assert answer_fingerprint(q["98-multiple"], ["a", "b"]) == answer_fingerprint(q["98-multiple"], ["b", "a"])
    assert answer_fingerprint(q["98-ordering"], ["one", "three", "two"]) != answer_fingerprint(q["98-ordering"], ["three", "one", "two"])
    assert answer_fingerprint(q["98-matching"], {"cat": "fish", "dog": "mammal", "trout": "fish"}) != answer_fingerprint(
        q["98-matching"], {"cat": "mammal", "dog": "fish", "trout": "fish"}
    )


def test_the_widget_counts_only_new_answers_before_offering_the_answer(case_dir, progress_dir):
    v = view_of(case_dir, "98-ordering")
    v.check_button.click()  # nothing chosen
    v.check_button.click()
    for dd, value in zip(v.controls, ["three", "one", "two"]):
        dd.value = value
    v.check_button.click()
    v.check_button.click()  # the same order again
    assert REPEATED in v.feedback.value
    assert attempts("98-ordering") == 1 and v.reveal_button.layout.display == "none"
    v.controls[0].value, v.controls[1].value = "one", "three"  # a new order
    v.check_button.click()
    assert REPEATED not in v.feedback.value
    assert attempts("98-ordering") == 2 and v.reveal_button.layout.display is None


# ---------------------------------------------------------------- the record keeps what was shown


def test_the_record_holds_only_the_answer_and_the_message_shown(case_dir, progress_dir):
    qz = quiz("98-all", case=case_dir)
    shown = qz.answer("98-matching", {1: "a", 2: "a", 3: "a"})
    rec = quiz_record("test-case", "98-matching")
    assert set(rec) == {"answer", "status", "message", "time", "attempts", "tried", "history"}
    assert [h["answer"] for h in rec["history"]] == [rec["answer"]]  # the learner's own tries, nothing of the key
    assert rec["answer"] == {"cat": "mammal", "trout": "mammal", "dog": "mammal"}  # the learner's own answer, as ids
    assert (
        rec["message"]
        == shown.message
        == "Partly right. 2 of 3 matches are right. Think of gills and fur.\n- 2) Trout: A trout breathes with gills."
    )
    text = (progress_dir / "test-case" / "tester.json").read_text(encoding="utf-8")
    question = qz.question("98-matching")
    assert question.feedback["correct"] not in text and quiz_answer_text(question) not in text
    assert '"fish"' not in text  # the right match of the wrong item is never stored


def test_a_repeated_answer_keeps_the_record_of_what_was_shown(case_dir, progress_dir):
    qz = quiz("98-ordering", case=case_dir)
    qz.answer("98-ordering", "c a b")
    before = json.loads((progress_dir / "test-case" / "tester.json").read_text())["quiz"]["98-ordering"]
    qz.answer("98-ordering", ["three", "one", "two"])
    after = json.loads((progress_dir / "test-case" / "tester.json").read_text())["quiz"]["98-ordering"]
    assert {k: v for k, v in after.items() if k != "time"} == {k: v for k, v in before.items() if k != "time"}
    assert NOT_COUNTED not in after["message"]


# ---------------------------------------------------------------- the letters the text shows


@pytest.mark.parametrize(
    "qid,answer,status",
    [
        ("98-single", "a", "correct"),
        ("98-single", "A)", "correct"),
        ("98-multiple", "a, c", "correct"),
        ("98-multiple", ["C", "a"], "correct"),
        ("98-ordering", "a b c", "correct"),
        ("98-ordering", ["a", "b", "c"], "correct"),
        ("98-ordering", "c, a, b", "incorrect"),
        ("98-matching", {1: "a", 2: "b", 3: "a"}, "correct"),
        ("98-matching", {"1": "a)", "2)": "B", "dog": "mammal"}, "correct"),
        ("98-matching", {1: "b", 2: "b", 3: "b"}, "partly"),
    ],
)
def test_answers_may_use_the_letters_and_numbers_the_text_shows(case_dir, qid, answer, status):
    assert quiz(qid, case=case_dir).answer(qid, answer).status == status


def test_the_text_letters_ordering_items_and_numbers_matching_items(case_dir):
    text = quiz("98-all", case=case_dir).text()
    assert "Put in order:\n   a) One\n   b) Two\n   c) Three\n" in text
    assert "Match each item:\n   1) Cat\n   2) Trout\n   3) Dog\n   with one of:\n   a) Mammal\n   b) Fish\n" in text
    assert 'Answer with quiz("98-all").answer("98-matching", {1: "<letter>", 2: "<letter>", ...})' in text


def test_a_letter_that_is_not_shown_is_answered_with_the_letters_there_are(case_dir):
    fb = quiz("98-ordering", case=case_dir).answer("98-ordering", "a b z")
    assert fb.message == "Cannot check: 'z' is not one of the items a, b, c (or the ids one, two, three)."


# ---------------------------------------------------------------- hints


def test_hint_is_shown_by_id_by_position_or_for_the_only_question(case_dir):
    assert quiz("98-all", case=case_dir).hint("98-single") == "Hint: Think of paint."
    assert quiz("98-all", case=case_dir).hint(0) == "Hint: Think of paint."
    assert repr(quiz("98-single", case=case_dir).hint()) == "Hint: Think of paint."  # shown without quotes
    assert quiz("98-multiple", case=case_dir).hint() == "Question 98-multiple has no hint; its feedback says what to look at."


def test_hint_of_a_position_the_quiz_does_not_have_says_which_there_are(case_dir):
    with pytest.raises(QuestionNotFound, match=r"this quiz has 4 questions; give a position from 0 to 3 or an id: 98-single, "):
        quiz("98-all", case=case_dir).hint(7)


def test_hint_of_a_set_without_a_question_says_how_to_ask(case_dir):
    with pytest.raises(QuestionNotFound, match=r'say which question\'s hint to show, such as quiz\("98-all"\)\.hint\("98-single"\)'):
        quiz("98-all", case=case_dir).hint()


def test_hint_available_says_how_to_get_it_and_a_first_wrong_try_offers_it(case_dir, progress_dir):
    qz = quiz("98-all", case=case_dir)
    assert '   Hint available: quiz("98-all").hint("98-single")' in qz.text()
    fb = qz.answer("98-single", "b")
    assert fb.message == 'Not yet. Green-ish is mixed.\nquiz("98-all").hint("98-single") gives a hint.'
    fb = qz.answer("98-single", "c")
    assert fb.message.splitlines()[-1] == 'Stuck? quiz("98-all").reveal("98-single") shows the answer and why.'


# ---------------------------------------------------------------- wrong items named and marked


def test_text_names_each_wrong_item_below_the_message(case_dir, progress_dir):
    qz = quiz("98-ordering", case=case_dir)
    fb = qz.answer("98-ordering", "a c b")
    assert fb.message.splitlines()[1:] == [
        "- c) Three, placed 2nd: Three is the largest.",
        "- b) Two, placed 3rd: not right yet.",
        'quiz("98-ordering").hint("98-ordering") gives a hint.',
    ]
    assert (
        "   - c) Three, placed 2nd: Three is the largest.\n   - b) Two, placed 3rd: not right yet."
        in quiz("98-ordering", case=case_dir).text()
    )


def test_matching_widget_marks_the_wrong_rows_in_words_and_lists_them(case_dir, progress_dir):
    v = view_of(case_dir, "98-matching")
    for dd, value in zip(v.controls, ["mammal", "mammal", "fish"]):
        dd.value = value
    v.check_button.click()
    cat, trout, dog = v.controls
    assert trout.description == "✗ 2) Trout (not right yet):" and dog.description == "✗ 3) Dog (not right yet):"
    assert trout.layout.border and "casekit-wrong" in trout._dom_classes and trout.tooltip == "2) Trout: not right yet"
    assert cat.description == "1) Cat:" and not cat.layout.border and "casekit-wrong" not in cat._dom_classes
    assert "<li>✗ <strong>2) Trout</strong>: A trout breathes with gills.</li>" in v.feedback.value
    assert "<li>✗ <strong>3) Dog</strong>: not right yet.</li>" in v.feedback.value
    assert "Fish" not in trout.description + v.feedback.value.split("casekit-marks")[1]  # never the right value
    trout.value = "fish"  # changed: its mark goes
    assert trout.description == "2) Trout:" and not trout.layout.border


def test_ordering_widget_marks_the_misplaced_positions(case_dir, progress_dir):
    v = view_of(case_dir, "98-ordering")
    for dd, value in zip(v.controls, ["one", "three", "two"]):
        dd.value = value
    v.check_button.click()
    assert [dd.description for dd in v.controls] == ["1st:", "✗ 2nd (not right yet):", "✗ 3rd (not right yet):"]
    assert "<strong>c) Three, placed 2nd</strong>: Three is the largest." in v.feedback.value
    for dd, value in zip(v.controls, ["one", "two", "three"]):
        dd.value = value
    v.check_button.click()
    assert [dd.description for dd in v.controls] == ["1st:", "2nd:", "3rd:"] and "casekit-marks" not in v.feedback.value


def test_multiple_choice_widget_marks_the_ticked_options_that_do_not_fit(case_dir, progress_dir):
    v = view_of(case_dir, "98-multiple")
    for option, box in zip(v.question.options, v.controls):
        box.value = option.id in ("a", "b")
    v.check_button.click()
    assert [box.description for box in v.controls] == ["a) 2", "✗ b) 3 (not right yet)", "c) 4", "d) 5"]


def test_a_restored_answer_is_marked_as_when_it_was_checked(case_dir, progress_dir):
    quiz("98-matching", case=case_dir).answer("98-matching", {1: "a", 2: "a", 3: "a"})
    again = view_of(case_dir, "98-matching")
    assert [dd.description for dd in again.controls] == ["1) Cat:", "✗ 2) Trout (not right yet):", "3) Dog:"]


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_every_message_that_speaks_of_marked_items_comes_with_them_marked(folder):
    """A bank's 'look again at the ones marked below' is true: a wrong answer lists and marks the items that are wrong."""
    checked = 0
    for q in load_questions(folder).values():
        if q.type == "ordering":
            wrong = list(reversed(q.answer))
        elif q.type == "matching":
            others = {i: next(c.id for c in q.choices if c.id != q.answer[i]) for i in q.answer}
            wrong = {**q.answer, next(iter(q.answer)): others[next(iter(q.answer))]}
        else:
            continue
        fb = mark_answer(q, wrong)
        assert fb.status in ("partly", "incorrect") and fb.marks, q.id
        assert fb.message.splitlines()[1:] == [m.line() for m in fb.marks]
        checked += 1
    assert checked
