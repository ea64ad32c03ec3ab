"""python -m casekit keys: a lesson's exercise keys and quiz answers for the instructor, and its solution checked against them."""

import shutil
from pathlib import Path

import nbformat
import pytest

from casekit.cli import main
from casekit.errors import CasekitError
from casekit.instructor.keys import lesson_keys, lesson_number

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def kit(tmp_path):
    """A copy of the kit's data/ and solutions/, free to break."""
    root = tmp_path / "kit"
    for folder in ("data", "solutions"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def test_keys_lists_every_exercise_and_question_of_the_lesson_and_finds_the_solution_passing():
    keys = lesson_keys("04", root=ROOT)
    assert [e[1] for e in keys.exercises] == ["04-durations", "04-kinds", "04-relative", "04-events"]
    assert all(key.strip() for *_, key in keys.exercises)
    assert keys.questions and all(qid.startswith("04-") and answer for _, qid, answer in keys.questions)
    assert {bank for bank, *_ in keys.questions} == {"solutions/quizzes/04-timeline.toml"}
    assert keys.problems == []
    assert keys.text().endswith("The solution's stored outputs pass all 4 exercises of lesson 04.")


def test_keys_of_another_case_come_from_its_checks_and_its_own_bank_folder():
    keys = lesson_keys("06-transfer", root=ROOT)
    assert {case for case, *_ in keys.exercises} == {"white-house-2024-12-08"}
    assert {bank for bank, *_ in keys.questions} == {"solutions/quizzes/white-house-2024-12-08/06-transfer.toml"}
    assert keys.problems == []


def test_without_source_banks_the_sealed_copies_give_the_answers(kit):
    shutil.rmtree(kit / "solutions" / "quizzes")
    keys = lesson_keys("04", root=kit)
    assert {bank for bank, *_ in keys.questions} == {"data/assad-fall-2024/quizzes/04-timeline.toml, sealed copy"}
    assert [(q, a) for _, q, a in keys.questions] == [(q, a) for _, q, a in lesson_keys("04", root=ROOT).questions]


def test_keys_reports_a_failed_stored_check_an_exercise_never_checked_and_an_empty_key(kit):
    path = kit / "solutions" / "04-timeline.ipynb"
    nb = nbformat.read(path, as_version=4)
    cells = {c.source.split("check(")[-1][:16]: c for c in nb.cells if c.cell_type == "code" and "check(" in c.source}
    cells['"04-durations", '].outputs = [nbformat.v4.new_output("stream", text="Not yet: 1 of your 2 sentences is not right yet.\n")]
    cells['"04-kinds", kind'].source = "kinds = {}"
    nbformat.write(nb, path)
    checks = kit / "data" / "assad-fall-2024" / "checks" / "04-timeline.toml"
    checks.write_text(
        checks.read_text(encoding="utf-8").replace("expression_id in ['T02', 'T08']", "expression_id in ['T99']", 1), encoding="utf-8"
    )

    problems = lesson_keys("04", root=kit).problems
    assert len(problems) == 3, problems
    assert problems[0].startswith(
        "04-durations: the key is empty: the query \"expression_id in ['T99']\" selects no row of time_expressions"
    )
    assert problems[0].endswith("(The exercise is in assad-fall-2024/checks/.)")
    assert problems[1].startswith("04-durations: the solution's stored output (cell ")
    assert "is not a pass (Not yet: 1 of your 2 sentences is not right yet.)" in problems[1]
    assert problems[2] == (
        "04-kinds: registered for lesson 04, but 04-timeline.ipynb never checks it; add check('04-kinds', ...) to the solution."
    )


def test_the_command_prints_the_keys_and_exits_1_on_a_problem(kit, capsys):
    assert main(["keys", "04", "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Keys of lesson 04 (solutions/04-timeline.ipynb)") and "04-relative (table):" in out
    (kit / "solutions" / "04-timeline.ipynb").unlink()
    assert main(["keys", "04", "--root", str(kit)]) == 1
    assert "there is no solution notebook solutions/04-*.ipynb" in capsys.readouterr().out


def test_case_limits_the_keys_to_one_case(capsys):
    assert main(["keys", "06", "--case", "white-house-2024-12-08", "--root", str(ROOT)]) == 0
    assert main(["keys", "06", "--case", "assad-fall-2024", "--root", str(ROOT)]) == 1
    assert "lesson 06 has no exercise and no quiz question in case assad-fall-2024" in capsys.readouterr().err
    assert main(["keys", "04", "--case", "nowhere", "--root", str(ROOT)]) == 1
    assert "there is no case 'nowhere'" in capsys.readouterr().err


@pytest.mark.parametrize("given,number", [("4", "04"), ("04", "04"), ("04-timeline", "04"), ("solutions/04-timeline.ipynb", "04")])
def test_a_lesson_is_named_by_number_name_or_path(given, number):
    assert lesson_number(given) == number


def test_a_lesson_without_a_number_is_refused_in_one_sentence():
    with pytest.raises(CasekitError, match="names no lesson"):
        lesson_number("timeline")
