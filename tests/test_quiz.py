"""casekit.quiz: banks, sealing, marking every question type, and the notebook object."""

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit import quiz
from casekit.common.folding import fold_answer
from casekit.errors import BankError, CasekitError, QuestionNotFound
from casekit.instructor.banks import build_banks, seal_bank
from casekit.quizzes import Question, mark_answer, parse_bank, score_line, unseal, validate_bank_text, validate_banks

BANK_TEXT = (Path(__file__).parent / "fixtures" / "bank-98.toml").read_text(encoding="utf-8")
QUESTIONS = {q.id: q for q in parse_bank(BANK_TEXT, "98-every-type.toml")}


# ---------------------------------------------------------------- marking


@pytest.mark.parametrize(
    "qid,answer,status,expected",
    [
        ("98-single", "a", "correct", "Correct. Red is one of the three."),
        ("98-single", " A ", "correct", "Correct. Red is one of the three."),
        ("98-single", "b", "incorrect", "Not yet. Green-ish is mixed."),
        ("98-single", None, "empty", "No answer yet: choose one option, then press Check."),
        ("98-single", "", "empty", "No answer yet: choose one option, then press Check."),
        ("98-single", "e", "invalid", "Cannot check: 'e' is not one of the options a, b, c; choose one of them."),
        ("98-single", ["a"], "invalid", "Cannot check: expected one option id as text, such as 'a'; got a list."),
        ("98-multiple", ["a", "c"], "correct", "Correct. 2 is even. 4 is even."),
        ("98-multiple", ("c", "a", "a"), "correct", "Correct. 2 is even. 4 is even."),
        ("98-multiple", ["a"], "partly", "Partly right. You chose 1 of the 2 options that fit. One more option fits."),
        (
            "98-multiple",
            ["a", "b"],
            "partly",
            "Partly right. You chose 1 of the 2 options that fit, and 1 that does not. One more option fits.\n- b) 3: 3 is odd.",
        ),
        (
            "98-multiple",
            ["b", "d"],
            "incorrect",
            "Not yet. None of your choices fits. 2 more options fit.\n- b) 3: 3 is odd.\n- d) 5: 5 is odd.",
        ),
        ("98-multiple", [], "empty", "No answer yet: tick every option that fits, then press Check."),
        ("98-multiple", ["a", "z"], "invalid", "Cannot check: 'z' is not one of the options a, b, c, d; choose among them."),
        ("98-multiple", {"a": 1}, "invalid", "Cannot check: expected a list of option ids, such as ['a', 'b']; got a dict."),
        ("98-multiple", [1, 2], "invalid", "Cannot check: expected option ids as text, such as 'a'; got a number in the list."),
        ("98-ordering", ["one", "two", "three"], "correct", "Correct. One, two, three."),
        (
            "98-ordering",
            ["one", "three", "two"],
            "partly",
            "Partly right. 1 of 3 are in the right place. Count from one.\n- c) Three, placed 2nd: Three is the largest.\n"
            "- b) Two, placed 3rd: not right yet.",
        ),
        (
            "98-ordering",
            ["three", "one", "two"],
            "incorrect",
            "Not yet. None of the 3 is in the right place yet. Count from one.\n- c) Three, placed 1st: Three is the largest.\n"
            "- a) One, placed 2nd: not right yet.\n- b) Two, placed 3rd: not right yet.",
        ),
        ("98-ordering", [None, None, None], "empty", "No answer yet: choose an item for each position, then press Check."),
        ("98-ordering", ["one", None, "two"], "invalid", "Cannot check: position 2 is empty; choose an item for every position."),
        ("98-ordering", ["one", "one", "two"], "invalid", "Cannot check: 'one' is in more than one place; put each item in one place."),
        ("98-ordering", ["one", "two"], "invalid", "Cannot check: put all 3 items in order; you placed 2."),
        (
            "98-ordering",
            {"one", "two", "three"},
            "invalid",
            "Cannot check: expected the items' letters in order (a list), such as ['a', 'b', ...]; got a set, which has no order.",
        ),
        (
            "98-matching",
            {"cat": "mammal", "trout": "fish", "dog": "mammal"},
            "correct",
            "Correct. Cats and dogs are mammals; trout are fish.",
        ),
        (
            "98-matching",
            {"cat": "mammal", "trout": "mammal", "dog": "mammal"},
            "partly",
            "Partly right. 2 of 3 matches are right. Think of gills and fur.\n- 2) Trout: A trout breathes with gills.",
        ),
        (
            "98-matching",
            {"cat": "fish", "trout": "mammal", "dog": "fish"},
            "incorrect",
            "Not yet. None of the 3 matches is right yet. Think of gills and fur.\n- 1) Cat: not right yet.\n"
            "- 2) Trout: A trout breathes with gills.\n- 3) Dog: not right yet.",
        ),
        ("98-matching", {}, "empty", "No answer yet: choose a match for each item, then press Check."),
        ("98-matching", {"cat": "mammal"}, "invalid", "Cannot check: no match yet for trout, dog; choose a match for every item."),
        ("98-matching", {"cow": "mammal"}, "invalid", "Cannot check: 'cow' is not one of the items 1, 2, 3 (or the ids cat, trout, dog)."),
        ("98-matching", {"cat": "bird"}, "invalid", "Cannot check: 'bird' is not one of the choices a, b (or the ids mammal, fish)."),
        (
            "98-matching",
            ["mammal"],
            "invalid",
            "Cannot check: expected a dict of item number -> choice letter, such as {1: 'a', 2: 'b'}; got a list.",
        ),
        ("98-short", "Paris", "correct", "Correct. Paris it is."),
        ("98-short", "  ville DE   paris. ", "correct", "Correct. Paris it is."),
        ("98-short", "Lyon!", "incorrect", "Not yet. Lyon is large, but not the capital."),
        ("98-short", "Marseille", "incorrect", "Not yet. Not that city."),
        ("98-short", "   ", "empty", "No answer yet: type your answer, then press Check."),
        ("98-short", "...", "empty", "No answer yet: type your answer, then press Check."),
        ("98-short", ["Paris"], "invalid", "Cannot check: expected a short text; got a list."),
        ("98-number", "13", "correct", "Correct. Thirteen years."),
        ("98-number", "13 years", "correct", "Correct. Thirteen years."),
        ("98-number", "about 12.6", "correct", "Correct. Thirteen years."),
        ("98-number", "thirteen", "correct", "Correct. Thirteen years."),
        ("98-number", 13, "correct", "Correct. Thirteen years."),
        ("98-number", "14", "incorrect", "Not yet. That counts both end years."),
        ("98-number", "20", "incorrect", "Not yet. Subtract 2011 from 2024."),
        ("98-number", "many", "invalid", "Cannot check: expected one number (in years); got 'many'."),
        ("98-number", True, "invalid", "Cannot check: expected a short text or a number; got True/False."),
    ],
)
def test_mark_answer_gives_the_feedback_written_for_each_answer(qid, answer, status, expected):
    fb = mark_answer(QUESTIONS[qid], answer)
    assert (fb.status, fb.message) == (status, expected)
    assert fb.correct is {"correct": True, "partly": False, "incorrect": False}.get(status)


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
@pytest.mark.parametrize(
    "hostile",
    ["x" * 1_048_576, ["a"] * 300_000, object(), 3.5, float("nan"), {"a": {"b": ["c"]}}, b"a", Ellipsis],
    ids=["1MB-string", "huge-list", "object", "float", "nan", "nested-dict", "bytes", "ellipsis"],
)
def test_mark_answer_answers_hostile_input_with_one_sentence(qid, hostile):
    fb = mark_answer(QUESTIONS[qid], hostile)
    assert fb.status in {"invalid", "empty", "incorrect"}
    assert fb.correct is not True
    assert "\n" not in fb.message and len(fb.message) < 300
    assert "Traceback" not in fb.message


def test_mark_answer_reports_the_length_of_a_huge_answer():
    fb = mark_answer(QUESTIONS["98-short"], "x" * 1_048_576)
    assert fb.message == "Cannot check: the answer is 1,048,576 characters long; answers here have at most 500 characters."


def test_mark_answer_accepts_a_sealed_bank_table():
    sealed = tomllib.loads(seal_bank(BANK_TEXT, "98-every-type.toml"))["question"][0]
    assert mark_answer(sealed, "a").status == "correct"


# ---------------------------------------------------------------- folding short answers


@pytest.mark.parametrize(
    "text,expected",
    [
        ("  The  WALL\tStreet Journal. ", "the wall street journal"),
        ("Hayʼat Tahrir al-Sham", "hay'at tahrir al-sham"),
        ("Hay’at", "hay'at"),
        ("“quoted”", "quoted"),
        ("Café Müller", "cafe muller"),
        ("Straße", "strasse"),
        ("end—dash", "end-dash"),
        ("ﬁne", "fine"),
        ("?!", ""),
    ],
)
def test_fold_answer_folds_case_accents_quotes_and_punctuation(text, expected):
    assert fold_answer(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_answer_is_idempotent(text):
    assert fold_answer(fold_answer(text)) == fold_answer(text)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü'", min_size=1, max_size=8).filter(lambda w: w.strip("'"))


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(_WORD, min_size=1, max_size=4),
    upper=st.booleans(),
    spaces=st.sampled_from([" ", "  ", "\t", " \n "]),
    quote=st.sampled_from(["'", "\u2019", "\u02bc", "\u2018"]),
    tail=st.sampled_from(["", ".", " !", "?"]),
)
def test_variants_of_an_accepted_answer_are_accepted(words, upper, spaces, quote, tail):
    accepted = " ".join(words)
    q = Question(id="98-x", type="short", prompt="?", accept=[accepted], feedback={"correct": "Yes.", "incorrect": "No."})
    variant = spaces + spaces.join(words).replace("'", quote) + tail
    variant = variant.upper() if upper else variant
    assert mark_answer(q, variant).status == "correct"


# ---------------------------------------------------------------- banks: validation


def _mutate(path_value):
    """A copy of the test bank with one field of the first matching question changed."""
    qid, key, value = path_value
    data = tomllib.loads(BANK_TEXT)
    for q in data["question"]:
        if q["id"] == qid:
            if value is None:
                q.pop(key)
            else:
                q[key] = value
    from casekit.instructor.banks import _toml_value

    lines = []
    for q in data["question"]:
        lines.append("[[question]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in q.items() if k != "feedback"]
        if "feedback" in q:
            lines.append(f"feedback = {_toml_value(q['feedback'])}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    "change,expected",
    [
        (("98-single", "answer", "e"), "b.toml, question 98-single: answer 'e' is not one of the options a, b, c."),
        (
            ("98-single", "type", "essay"),
            "b.toml, question 98-single: type 'essay' is unknown; use one of single, multiple, ordering, matching, short, date.",
        ),
        (
            ("98-single", "feedback", {"a": "x", "b": "y"}),
            "b.toml, question 98-single: no feedback for option 'c'; add c = \"...\" under [question.feedback].",
        ),
        (("98-single", "id", "01-single"), "b.toml, question 01-single: id '01-single' does not start with this bank's lesson number 98."),
        (
            ("98-single", "id", "single"),
            "b.toml, question single: id 'single' must start with the lesson's two digits and a dash, e.g. \"07-sources\".",
        ),
        (
            ("98-single", "anwser", "a"),
            "b.toml, question 98-single: unknown field(s) anwser; the fields are accept, answer, choices, feedback, hint, id, items, level, misconception, number, options, prompt, set, tolerance, type, unit.",
        ),
        (("98-single", "prompt", None), "b.toml, question 98-single: needs a prompt."),
        (
            ("98-single", "id", {"a": "b"}),
            "b.toml, question 1: id {'a': 'b'} must start with the lesson's two digits and a dash, e.g. \"07-sources\".",
        ),
        (
            ("98-single", "set", ["98-all"]),
            "b.toml, question 98-single: set ['98-all'] must start with the lesson's two digits and a dash, e.g. \"07-warmup\".",
        ),
        (("98-multiple", "answer", ["a", "a"]), "b.toml, question 98-multiple: answer lists a twice."),
        (
            ("98-ordering", "answer", ["one", "two"]),
            "b.toml, question 98-ordering: answer must list every item id once, in order (one, two, three); got ['one', 'two'].",
        ),
        (
            ("98-matching", "answer", {"cat": "mammal", "trout": "bird", "dog": "mammal"}),
            "b.toml, question 98-matching: answer for 'trout' is 'bird', which is not one of the choices mammal, fish.",
        ),
        (
            ("98-matching", "feedback", {"correct": "x"}),
            "b.toml, question 98-matching: no 'incorrect' feedback; add incorrect = \"...\" under [question.feedback].",
        ),
        (("98-short", "accept", None), 'b.toml, question 98-short: a short question needs accept = ["..."] and/or number = ...'),
        (
            ("98-short", "feedback", {"correct": "x", "incorrect": "y", "PARIS": "z"}),
            "b.toml, question 98-short: feedback 'PARIS' is written for a wrong answer, but that answer is accepted as correct.",
        ),
        (("98-number", "tolerance", -1), "b.toml, question 98-number: tolerance must be a number of 0 or more; got -1."),
        (("98-short", "id", "98-single"), "b.toml, question 98-single: the id is used twice in this bank."),
    ],
)
def test_validate_names_file_question_and_problem(change, expected):
    assert expected in [p.replace("98-b.toml", "b.toml") for p in validate_bank_text(_mutate(change), "98-b.toml")]


def test_validate_reports_malformed_toml_with_its_line():
    (problem,) = validate_bank_text('[[question]]\nid = "98-a"\nprompt = \n', "quizzes/98-x.toml")
    assert problem.startswith("quizzes/98-x.toml: not valid TOML (") and "line 3" in problem


def test_validate_banks_reports_duplicate_ids_across_banks_and_bad_seals(case_dir):
    shutil.copy(case_dir / "quizzes" / "98-every-type.toml", case_dir / "quizzes" / "98-copy.toml")
    broken = (case_dir / "quizzes" / "98-copy.toml").read_text().replace('sealed = "', 'sealed = "!!', 1)
    (case_dir / "quizzes" / "98-copy.toml").write_text(broken)
    problems = validate_banks(case_dir)
    assert (
        "quizzes/98-copy.toml, question 98-single: the sealed field does not decode; build the bank again with `python -m casekit build`."
        in problems
    )
    assert "quizzes/98-every-type.toml: id '98-single' is also used in quizzes/98-copy.toml; ids must be unique across banks." in problems


def test_validate_banks_rejects_plain_answers_in_the_student_copy(case_dir):
    (case_dir / "quizzes" / "98-every-type.toml").write_text(BANK_TEXT)
    problems = validate_banks(case_dir)
    assert problems and all("plain text in the student copy" in p for p in problems)


# ---------------------------------------------------------------- sealing and building


def test_sealed_copy_hides_answers_and_feedback_but_keeps_what_is_shown():
    sealed = seal_bank(BANK_TEXT, "98-every-type.toml")
    for secret in ("Red is one of the three", "Ville de Paris", "answer =", "feedback", "tolerance"):
        assert secret not in sealed
    for shown in ("Which is a primary colour?", "Think of paint.", '"Green-ish"', 'set = "98-all"', 'unit = "years"'):
        assert shown in sealed
    assert validate_bank_text(sealed, "98-every-type.toml", sealed_copy=True) == []


def test_sealed_copy_round_trips_every_question():
    sealed = parse_bank(seal_bank(BANK_TEXT, "98-every-type.toml"), "98-every-type.toml")
    assert [(q.id, q.answer, q.accept, q.number, q.feedback) for q in sealed] == [
        (q.id, q.answer, q.accept, q.number, q.feedback) for q in QUESTIONS.values()
    ]


def test_unseal_of_garbage_raises_one_sentence():
    with pytest.raises(BankError, match=r"^the sealed field does not decode; build the bank again"):
        unseal("not base64 at all")


def test_seal_bank_refuses_an_invalid_source_naming_the_problem():
    with pytest.raises(BankError, match=r"question 98-single: answer 'e' is not one of the options a, b, c\."):
        seal_bank(_mutate(("98-single", "answer", "e")), "98-b.toml")


def test_build_banks_writes_reports_drift_and_removes_orphans(tmp_path):
    src, case = tmp_path / "solutions" / "quizzes", tmp_path / "data"
    src.mkdir(parents=True)
    (src / "98-every-type.toml").write_text(BANK_TEXT)
    assert build_banks(tmp_path / "solutions", case, check=True) == ["98-every-type.toml"]
    assert not (case / "quizzes").exists()
    assert build_banks(tmp_path / "solutions", case) == ["98-every-type.toml"]
    assert build_banks(src, case, check=True) == []
    (src / "98-every-type.toml").write_text(BANK_TEXT.replace("Think of paint.", "Think of a paint box."))
    assert build_banks(src, case, check=True) == ["98-every-type.toml"]
    (src / "98-every-type.toml").rename(src / "98-renamed.toml")
    assert build_banks(src, case) == ["98-renamed.toml", "98-every-type.toml"]
    assert sorted(p.name for p in (case / "quizzes").iterdir()) == ["98-renamed.toml"]


# ---------------------------------------------------------------- quiz() in a notebook


def test_quiz_finds_a_set_and_shows_readable_text(case_dir):
    qz = quiz("98-all", case=case_dir)
    assert [q.id for q in qz.questions] == ["98-single", "98-multiple", "98-ordering", "98-matching"]
    text = qz.text()
    assert text.splitlines()[0] == "Quiz 98-all: 4 questions (0 of 4 correct; 4 not answered yet)"
    assert (
        "1. Which is a primary colour?  [98-single]\n   Choose one:\n   a) Red\n   b) Green-ish\n   c) Brown\n"
        '   Answer with quiz("98-all").answer("98-single", "<letter>")\n   Hint available: quiz("98-all").hint("98-single")'
    ) in text
    assert "Choose all that apply:" in text and "Put in order:" in text and "Match each item:" in text
    assert "mammal" not in text.lower().split("with one of:")[0]  # the answer is not in the text


def test_quiz_text_shows_the_earlier_answer_and_its_feedback(case_dir):
    qz = quiz("98-single", case=case_dir)
    qz.answer("98-single", "b")
    again = quiz("98-single", path=case_dir)
    assert "Your earlier answer: b) Green-ish. Not yet. Green-ish is mixed." in again.text()
    assert again.text().startswith("Quiz 98-single: 1 question (0 of 1 correct; 1 not right yet)")


def test_quiz_mimebundle_has_text_and_a_widget_view(case_dir):
    bundle = quiz("98-all", case=case_dir)._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Quiz 98-all")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_quiz_renders_text_even_when_widgets_fail(case_dir, monkeypatch):
    import casekit.notebook.quiz_widgets

    def broken(*_args):
        raise RuntimeError("no frontend")

    monkeypatch.setattr(casekit.notebook.quiz_widgets, "QuizView", broken)
    bundle = quiz("98-all", case=case_dir)._repr_mimebundle_()
    assert list(bundle) == ["text/plain"]


@pytest.mark.parametrize(
    "qid,expected",
    [
        ("98-singel", "There is no question or set '98-singel' in case/quizzes; did you mean '98-single'?"),
        ("zzz", "There is no question or set 'zzz' in case/quizzes; the ids start with a lesson number, such as '98-all'."),
        (42, "quiz() needs a question or set id as text, such as '98-single'; got a number."),
    ],
)
def test_quiz_with_an_unknown_id_raises_one_sentence(case_dir, qid, expected):
    with pytest.raises(QuestionNotFound) as info:
        quiz(qid, case=case_dir)
    assert str(info.value) == expected
    assert isinstance(info.value, CasekitError)
    assert info.value._render_traceback_() == [f"QuestionNotFound: {expected}"]


def test_answers_are_recorded_only_when_they_can_be_graded(case_dir, progress_dir):
    qz = quiz("98-short", case=case_dir)
    qz.answer("98-short", "")
    qz.answer("98-short", "x" * 5000)
    assert not (progress_dir / "test-case" / "tester.json").exists()
    qz.answer("98-short", "Lyon")
    qz.answer("98-short", "paris")
    saved = json.loads((progress_dir / "test-case" / "tester.json").read_text())
    assert len(saved["quiz"]["98-short"].pop("tried")) == 2  # a fingerprint of each answer tried, nothing of the key
    history = saved["quiz"]["98-short"].pop("history")
    assert saved["quiz"]["98-short"] | {"time": "T"} == {
        "answer": "paris",
        "status": "correct",
        "message": "Correct. Paris it is.",
        "time": "T",
        "attempts": 2,
    }
    assert [(h["answer"], h["status"]) for h in history] == [("Lyon", "incorrect"), ("paris", "correct")]


@pytest.mark.parametrize(
    "statuses,expected",
    [
        (["correct", "incorrect", None], "1 of 3 correct; 1 not right yet; 1 not answered yet"),
        (["correct", "correct"], "2 of 2 correct"),
        ([None], "0 of 1 correct; 1 not answered yet"),
        (["partly"], "0 of 1 correct; 1 not right yet"),
    ],
)
def test_score_line_never_claims_more_than_was_checked(statuses, expected):
    assert score_line(statuses) == expected


@pytest.mark.integration
def test_a_quiz_renders_as_text_in_an_executed_notebook(tmp_path):
    """What nbval and nbconvert see: the question as text, beside the widget view."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from casekit import quiz\nquiz('00-warmup')"),
        nbformat.v4.new_code_cell("quiz('00-byline').answer('00-byline', 'b')"),
        nbformat.v4.new_code_cell("quiz('00-byline')"),
    ]
    ROOT = Path(__file__).resolve().parents[1]
    nbclient.NotebookClient(nb, timeout=60, resources={"metadata": {"path": str(ROOT)}}).execute()
    first, answered, again = (cell.outputs[0]["data"] for cell in nb.cells)
    assert first["text/plain"].startswith("Quiz 00-warmup: 3 questions (0 of 3 correct; 3 not answered yet)")
    assert "application/vnd.jupyter.widget-view+json" in first
    assert answered["text/plain"].startswith("Correct. ")  # a marking shows as its message
    assert "Your earlier answer: b) Aghakazim Guliyev. Correct." in again["text/plain"]


def test_a_self_check_on_a_static_page_is_headed_by_its_bank_title(case_dir, monkeypatch):
    monkeypatch.setenv("CASEKIT_STATIC_OUTPUT", "1")
    html = quiz("98-all", path=case_dir)._repr_mimebundle_()["text/html"]
    assert "<strong>Self-check: Every type</strong>" in html and "98-all" not in html.split("</strong>")[0]
