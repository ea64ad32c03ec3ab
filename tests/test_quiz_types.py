"""Question types as objects: a new type is one class and one ``register(...)`` line, and every part of the kit uses it.

The types below live in this file only: each is defined once, registered with one
line, used by a bank, and then validated, sealed, marked, shown as text, as a widget
and as a static self-check block without any other change to casekit.
"""

import tomllib

import pytest

from casekit import quiz
from casekit.common.folding import fold_answer
from casekit.common.wording import describe
from casekit.errors import BankError
from casekit.instructor.banks import seal_bank
from casekit.notebook.quiz_static import quiz_html
from casekit.notebook.quiz_widgets import QuizView
from casekit.quizzes import TYPES, Marking, QuestionType, mark_answer, parse_bank, quiz_answer_text, register, validate_bank_text
from casekit.quizzes.types import public_fields, question_type, secret_fields
from casekit.quizzes.types.base import outcome_problems


class YesNo(QuestionType):
    """``type = "yesno"``: ``answer = "yes"`` or ``"no"``; feedback ``correct`` and ``incorrect``; two toggle buttons."""

    name = "yesno"

    def problems(self, q):
        answer = q.get("answer")
        found = [] if answer in ("yes", "no") else [f'answer must be "yes" or "no"; got {answer!r}.']
        return found + outcome_problems(q)

    def mark(self, q, answer):
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            return Marking.of("empty", "choose yes or no, then press Check.")
        said = {True: "yes", False: "no"}[answer] if isinstance(answer, bool) else fold_answer(answer)
        if said not in ("yes", "no"):
            return Marking.of("invalid", f"answer yes or no; got {describe(answer)}.")
        return Marking.of("correct", q.feedback["correct"]) if said == q.answer else Marking.of("incorrect", q.feedback["incorrect"])

    def answer_parts(self, q):
        return [("Answer yes or no:", ["yes", "no"])]

    def make_controls(self, q):
        import ipywidgets as w

        buttons = w.ToggleButtons(options=["yes", "no"], value=None, description="Your answer:")
        return buttons, [buttons]


YESNO_BANK = """
title = "Yes or no"

[[question]]
id = "97-round"
set = "97-facts"
type = "yesno"
prompt = "Is the earth round?"
hint = "Look at a ship on the horizon."
answer = "yes"
[question.feedback]
correct = "Its shadow on the moon is round."
incorrect = "Ships vanish hull first over the horizon."

[[question]]
id = "97-flat"
set = "97-facts"
type = "single"
prompt = "Which shape is the earth closest to?"
options = [{id = "a", text = "A sphere"}, {id = "b", text = "A disc"}]
answer = "a"
[question.feedback]
a = "Nearly: it bulges a little at the equator."
b = "A disc would cast a line-shaped shadow at some angles."
"""


@pytest.fixture
def yesno():
    """The yes/no type, registered for one test (one line), then removed again."""
    kind = register(YesNo())
    yield kind
    TYPES.pop(kind.name)


@pytest.fixture
def yesno_case(tmp_path, yesno):
    """A case folder whose sealed bank mixes a yes/no question with a built-in type."""
    folder = tmp_path / "case"
    (folder / "quizzes").mkdir(parents=True)
    (folder / "datapackage.json").write_text("{}", encoding="utf-8")
    (folder / "case.toml").write_text('[case]\nid = "test-case"\n', encoding="utf-8")
    (folder / "quizzes" / "97-yes-no.toml").write_text(seal_bank(YESNO_BANK, "97-yes-no.toml"), encoding="utf-8")
    return folder


def test_a_registered_type_is_valid_in_a_bank_and_sealed_in_the_student_copy(yesno):
    assert validate_bank_text(YESNO_BANK, "97-yes-no.toml") == []
    sealed = seal_bank(YESNO_BANK, "97-yes-no.toml")
    assert 'type = "yesno"' in sealed and "Is the earth round?" in sealed
    assert "answer" not in sealed and "Its shadow" not in sealed
    assert validate_bank_text(sealed, "97-yes-no.toml", sealed_copy=True) == []


def test_a_registered_type_checks_its_own_fields(yesno):
    broken = YESNO_BANK.replace('answer = "yes"', 'answer = "maybe"').replace('correct = "Its shadow on the moon is round."\n', "")
    assert validate_bank_text(broken, "97-yes-no.toml") == [
        '97-yes-no.toml, question 97-round: answer must be "yes" or "no"; got \'maybe\'.',
        "97-yes-no.toml, question 97-round: no 'correct' feedback; add correct = \"...\" under [question.feedback].",
    ]


def test_an_unregistered_type_is_named_as_unknown_with_the_registered_ones():
    assert "yesno" not in TYPES
    (problem,) = validate_bank_text(YESNO_BANK, "97-yes-no.toml")
    assert (
        problem
        == "97-yes-no.toml, question 97-round: type 'yesno' is unknown; use one of single, multiple, ordering, matching, short, date."
    )


@pytest.mark.parametrize(
    "answer,status,message",
    [
        ("yes", "correct", "Correct. Its shadow on the moon is round."),
        (" YES. ", "correct", "Correct. Its shadow on the moon is round."),
        (True, "correct", "Correct. Its shadow on the moon is round."),
        ("no", "incorrect", "Not yet. Ships vanish hull first over the horizon."),
        ("", "empty", "No answer yet: choose yes or no, then press Check."),
        ("perhaps", "invalid", "Cannot check: answer yes or no; got a text."),
        (["yes"], "invalid", "Cannot check: answer yes or no; got a list."),
        ("x" * 600, "invalid", "Cannot check: the answer is 600 characters long; answers here have at most 500 characters."),
        (..., "empty", "No answer yet: replace ... with your answer, then check again."),
    ],
)
def test_a_registered_type_marks_answers_and_mark_answer_keeps_its_guards(yesno, answer, status, message):
    sealed = tomllib.loads(seal_bank(YESNO_BANK, "97-yes-no.toml"))["question"][0]
    marking = mark_answer(sealed, answer)
    assert (marking.status, marking.message) == (status, message)


def test_a_registered_type_is_shown_as_text_and_recorded(yesno_case):
    qz = quiz("97-facts", path=yesno_case)
    assert question_type(qz.questions[0]) is TYPES["yesno"]
    assert (
        "1. Is the earth round?  [97-round]\n   Answer yes or no:\n   yes\n   no\n"
        '   Answer with quiz("97-facts").answer("97-round", "your answer")\n   Hint available: quiz("97-facts").hint("97-round")'
    ) in qz.text()
    assert qz.answer("97-round", "no").status == "incorrect"
    assert "Your earlier answer: no. Not yet. Ships vanish hull first over the horizon." in quiz("97-round", path=yesno_case).text()
    assert quiz_answer_text(qz.questions[0]) == "yes. Its shadow on the moon is round."


def test_a_registered_type_brings_its_own_widget(yesno_case):
    view = QuizView(quiz("97-facts", path=yesno_case))
    round_, flat = view.views
    assert type(round_.control).__name__ == "ToggleButtons" and type(flat.control).__name__ == "RadioButtons"
    round_.control.value = "yes"
    round_.check_button.click()
    assert "<strong>Correct.</strong> Its shadow on the moon is round." in round_.feedback.value
    assert "1 of 2 correct; 1 not answered yet" in view.score.value
    again = QuizView(quiz("97-round", path=yesno_case)).views[0]
    assert again.control.value == "yes" and "This is your earlier answer" in again.feedback.value


def test_a_registered_type_has_a_static_self_check_block(yesno_case, monkeypatch):
    monkeypatch.setenv("CASEKIT_STATIC_OUTPUT", "1")
    html = quiz("97-facts", path=yesno_case)._repr_mimebundle_()["text/html"]
    assert "<strong>Self-check: Yes or no</strong>" in html
    block = html.split("<strong>2.</strong>")[0]
    assert block.index("Answer yes or no:") < block.index("Show a hint") < block.index("Show the answer and why")
    assert "<strong>The answer:</strong> yes. Its shadow on the moon is round.</p><p>If yours differs: Ships vanish" in block


def test_registering_a_taken_name_raises_one_sentence(yesno):
    with pytest.raises(BankError, match=r"^the question type 'yesno' is already registered; give the new type another name\.$"):
        register(YesNo())
    with pytest.raises(BankError, match=r"^a question type is a QuestionType object with a name"):
        register("yesno")


class Year(QuestionType):
    """``type = "year"``: a field of its own, ``year`` (sealed); the default text box, text and static block."""

    name = "year"
    secret_fields = ("year",)

    def problems(self, q):
        found = [] if isinstance(q.get("year"), int) else [f"year must be a whole number such as 1989; got {q.get('year')!r}."]
        return found + outcome_problems(q)

    def mark(self, q, answer):
        right = str(answer).strip() == str(q.extra["year"])
        return Marking.of("correct" if right else "incorrect", q.feedback["correct" if right else "incorrect"])

    def key_text(self, q):
        return f"{q.extra['year']}. {q.feedback['correct']}"

    def answer_parts(self, q):
        return [("Answer with a year.", [])]


YEAR_BANK = """
[[question]]
id = "97-wall"
type = "year"
prompt = "In which year did the Berlin Wall fall?"
year = 1989
[question.feedback]
correct = "On 9 November 1989."
incorrect = "Think of the end of the 1980s."
"""


def test_a_type_with_a_field_of_its_own_needs_no_other_change():
    register(Year())
    try:
        assert "year" in secret_fields() and "year" not in public_fields()
        sealed = seal_bank(YEAR_BANK, "97-year.toml")
        assert "1989" not in sealed
        (q,) = parse_bank(sealed, "97-year.toml")
        assert q.extra == {"year": 1989}
        assert mark_answer(q, " 1989 ").message == "Correct. On 9 November 1989."
        assert quiz_html("Years", [q]).count("On 9 November 1989.") == 1
        assert type(Year().make_controls(q)[0]).__name__ == "Text"  # the default control: a labelled text box
    finally:
        TYPES.pop("year")
    assert "year" not in secret_fields()
    assert "unknown field(s) year" in validate_bank_text(YEAR_BANK, "97-year.toml")[0]


def test_every_built_in_type_is_registered_in_the_bank_order():
    assert list(TYPES) == ["single", "multiple", "ordering", "matching", "short", "date"]
    assert public_fields() == ("id", "set", "type", "prompt", "hint", "level", "options", "items", "choices", "unit")
    assert set(secret_fields()) == {"answer", "accept", "number", "tolerance", "feedback", "misconception"}
