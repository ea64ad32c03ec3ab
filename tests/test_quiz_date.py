"""The date question type: any common spelling of a date, compared with the key at its EDTF precision."""

import datetime as dt
from pathlib import Path

import pytest

from casekit import quiz
from casekit.instructor.banks import seal_bank
from casekit.notebook.quiz_static import quiz_html
from casekit.notebook.quiz_widgets import QuizView
from casekit.quizzes import Question, mark_answer, parse_bank, quiz_answer_text, validate_bank_text
from casekit.quizzes.marking import answer_fingerprint
from casekit.quizzes.types.date import read_date

BANK_TEXT = (Path(__file__).parent / "fixtures" / "bank-98.toml").read_text(encoding="utf-8")
MONTH = {q.id: q for q in parse_bank(BANK_TEXT, "98-every-type.toml")}["98-date"]  # answer = "1969-07"
DAY = Question(
    id="98-day",
    type="date",
    prompt="On which day?",
    answer="2024-11-04",
    feedback={"correct": "On 4 November 2024.", "incorrect": "Look again."},
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Nov 4, 2024", ("2024-11-04", "day")),
        ("4 November 2024", ("2024-11-04", "day")),
        ("2024-11-04", ("2024-11-04", "day")),
        ("4th Nov. 2024", ("2024-11-04", "day")),
        ("November 2024", ("2024-11", "month")),
        ("2024-11", ("2024-11", "month")),
        ("2024", ("2024", "year")),
        ("next week", None),
        ("1999/2001", None),
        ("11/04/2024", None),
    ],
)
def test_a_typed_date_is_read_at_the_precision_it_was_written(text, expected):
    assert read_date(text) == expected


@pytest.mark.parametrize("spelling", ["Nov 4, 2024", "4 November 2024", "2024-11-04", " 4th Nov. 2024 ", dt.date(2024, 11, 4)])
def test_every_common_spelling_of_the_key_day_is_correct(spelling):
    assert mark_answer(DAY, spelling).message == "Correct. On 4 November 2024."


@pytest.mark.parametrize("spelling", ["July 1969", "Jul 1969", "1969-07"])
def test_a_month_key_accepts_a_month_answer(spelling):
    assert mark_answer(MONTH, spelling).message == "Correct. In July 1969."


def test_a_day_inside_a_month_key_is_too_precise_and_partly_right():
    fb = mark_answer(MONTH, "20 July 1969")
    assert fb.status == "partly"
    assert fb.message == "Partly right. Your date is too precise: the question asks for a month, not a day; answer with a month only."


@pytest.mark.parametrize("answer,asked,given", [("November 2024", "a day", "a month"), ("2024", "a day", "a year")])
def test_a_date_around_the_key_is_not_precise_enough(answer, asked, given):
    fb = mark_answer(DAY, answer)
    assert fb.status == "partly"
    assert fb.message == f"Partly right. Your date is not precise enough: the question asks for {asked}, not only {given}."


def test_a_year_for_a_month_key_is_not_precise_enough():
    assert "not precise enough: the question asks for a month, not only a year" in mark_answer(MONTH, 1969).message


def test_a_wrong_date_gets_the_feedback_written_for_it_or_the_incorrect_one():
    assert mark_answer(MONTH, "November 1969").message == "Not yet. That was the second landing."
    assert mark_answer(MONTH, "Nov 1969").message == "Not yet. That was the second landing."
    assert mark_answer(MONTH, "June 1970").message == "Not yet. Think of the end of the 1960s."
    assert mark_answer(DAY, "5 November 2024").message == "Not yet. Look again."


def test_a_wrong_date_at_another_precision_says_which_precision_is_asked():
    assert mark_answer(MONTH, "3 March 1970").message == "Not yet. Think of the end of the 1960s. (The question asks for a month.)"


@pytest.mark.parametrize(
    "answer,status,expected",
    [
        ("", "empty", "No answer yet: type a date, then press Check."),
        (None, "empty", "No answer yet: type a date, then press Check."),
        ("soon", "invalid", "Cannot check: 'soon' is not a date I can read; write it like 15 June 2021, June 2021, 2021-06-15 or 2021."),
        (["1969-07"], "invalid", "Cannot check: expected a date as text, such as '15 June 2021'; got a list."),
    ],
)
def test_an_answer_that_is_not_a_date_is_not_marked(answer, status, expected):
    fb = mark_answer(MONTH, answer)
    assert (fb.status, fb.message, fb.correct) == (status, expected, None)


def test_two_spellings_of_one_date_are_the_same_try():
    assert answer_fingerprint(DAY, "Nov 4, 2024") == answer_fingerprint(DAY, "2024-11-04")
    assert answer_fingerprint(DAY, "Nov 4, 2024") != answer_fingerprint(DAY, "Nov 5, 2024")


def test_the_key_is_written_for_a_reader():
    assert quiz_answer_text(MONTH) == "July 1969. In July 1969."
    assert quiz_answer_text(DAY) == "4 November 2024. On 4 November 2024."


@pytest.mark.parametrize(
    "answer,problem",
    [
        ('"July 1969"', 'answer must be one EDTF date, quoted, at day, month or year precision (in EDTF that is answer = "1969-07")'),
        ('"1969/1970"', "answer must be one EDTF date, quoted, at day, month or year precision"),
        ("1969-07-20", "answer must be one EDTF date, quoted"),  # a TOML date, not a quoted text
    ],
)
def test_a_key_that_is_not_one_edtf_date_is_a_bank_problem(answer, problem):
    bank = BANK_TEXT.replace('answer = "1969-07"', f"answer = {answer}")
    assert any(problem in line for line in validate_bank_text(bank, "98-b.toml"))


def test_feedback_for_a_wrong_answer_must_be_keyed_by_a_date():
    bank = BANK_TEXT.replace('"1969-11" = ', '"the autumn" = ')
    assert any(
        "feedback 'the autumn' is neither correct, incorrect, partly nor a date" in line for line in validate_bank_text(bank, "98-b.toml")
    )


def test_the_student_copy_seals_the_date():
    sealed = seal_bank(BANK_TEXT, "98-every-type.toml")
    part = sealed[sealed.index('id = "98-date"') :]
    assert "1969-07" not in part and 'type = "date"' in part


def test_the_widget_is_a_labelled_text_box_that_marks_the_typed_date(case_dir):
    view = QuizView(quiz("98-date", case=case_dir)).views[0]
    assert type(view.control).__name__ == "Text" and view.control.description == "Your answer:"
    view.control.value = "July 1969"
    view.check_button.click()
    assert "<strong>Correct.</strong> In July 1969." in view.feedback.value


def test_the_text_view_and_the_static_block_say_how_to_answer():
    assert "Answer with a date" in quiz_html("Dates", [MONTH])
    assert quiz_html("Dates", [MONTH]).count("In July 1969.") == 1
    assert "Think of the end of the 1960s." in quiz_html("Dates", [MONTH])
