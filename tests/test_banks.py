"""Every question of every case's bank (data/<case>/quizzes), answered with its key and with a wrong answer."""

import re
from pathlib import Path

import pytest

from casekit.instructor.banks import build_kit_banks
from casekit.quizzes import Question, load_questions, mark_answer, validate_bank_text, validate_banks

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "assad-fall-2024"
QUESTIONS = load_questions(DATA)
CASES = sorted(p.parent for p in (ROOT / "data").glob("*/datapackage.json"))
EVERY_QUESTION = {f"{case.name}/{qid}": q for case in CASES for qid, q in load_questions(case).items()}
SOURCES = ROOT / "solutions" / "quizzes"  # the main case's banks at the top, another case's in a folder named for it


def key_answer(q: Question):
    """The answer the key gives, in the form ``mark_answer`` expects."""
    if q.type == "short":
        return q.accept[0] if q.accept else f"{q.number:g}"
    if q.type == "date":
        return str(q.answer)
    return q.answer


def wrong_answers(q: Question) -> list:
    """Typical wrong answers: each other option, a shuffled order, one wrong match, a far-off number."""
    if q.type == "single":
        return [o.id for o in q.options if o.id != q.answer]
    if q.type == "multiple":
        others = [o.id for o in q.options if o.id not in q.answer]
        return [[*q.answer[1:], *others[:1]] or others[:1], others or q.answer[:-1]]
    if q.type == "ordering":
        return [list(reversed(q.answer)) if list(reversed(q.answer)) != list(q.answer) else q.answer[1:] + q.answer[:1]]
    if q.type == "matching":
        first = q.items[0].id
        other = next(c.id for c in q.choices if c.id != q.answer[first])
        return [{**q.answer, first: other}]
    if q.type == "date":
        return ["1066"]
    wrong = [f"{q.number + q.tolerance + 1000:g}"] if q.number is not None else []
    return wrong + ["an answer nobody would give"] * bool(q.accept)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_case_has_valid_sealed_banks(case):
    assert load_questions(case), f"data/{case.name}/quizzes holds no questions"
    assert validate_banks(case) == []


def test_solution_banks_of_every_case_are_found_and_valid():
    banks = sorted(SOURCES.rglob("*.toml"))
    assert banks, "solutions/quizzes holds no bank"
    for path in banks:
        assert validate_bank_text(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))) == []
    seen = {DATA.name if path.parent == SOURCES else path.parent.name for path in banks}
    assert seen == {case.name for case in CASES}, "every case under data/ has its banks in solutions/quizzes"


def test_student_banks_of_every_case_are_up_to_date_with_their_sources():
    assert build_kit_banks(SOURCES, ROOT / "data", check=True) == []


@pytest.mark.parametrize("qid", sorted(EVERY_QUESTION))
def test_the_key_is_marked_correct(qid):
    q = EVERY_QUESTION[qid]
    fb = mark_answer(q, key_answer(q))
    assert (fb.status, fb.correct) == ("correct", True)
    assert fb.message.startswith("Correct. ") and len(fb.message) > len("Correct. ") + 10


@pytest.mark.parametrize("qid", sorted(EVERY_QUESTION))
def test_wrong_answers_get_their_own_feedback(qid):
    q = EVERY_QUESTION[qid]
    for wrong in wrong_answers(q):
        fb = mark_answer(q, wrong)
        assert fb.status in {"incorrect", "partly"}, (wrong, fb)
        assert fb.correct is False
        assert fb.message.startswith(("Not yet. ", "Partly right. ")) and "Correct." not in fb.message


@pytest.mark.parametrize("qid", sorted(EVERY_QUESTION))
def test_empty_answers_are_not_marked(qid):
    q = EVERY_QUESTION[qid]
    empty = {"single": None, "multiple": [], "ordering": [None] * len(q.items), "matching": {}, "short": "", "date": ""}
    assert mark_answer(q, empty[q.type]).status == "empty"


@pytest.mark.parametrize("qid", sorted(q.id for q in QUESTIONS.values() if q.set == "00-warmup"))
def test_warmup_feedback_cites_the_article_by_sentence_id(qid):
    assert all(re.search(r"\bS\d\d\b", text) for text in QUESTIONS[qid].feedback.values())


def test_the_warmup_set_has_three_questions():
    assert [q.id for q in QUESTIONS.values() if q.set == "00-warmup"] == ["00-byline", "00-whose-words", "00-cite"]
