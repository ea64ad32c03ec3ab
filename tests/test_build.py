"""casekit.build: lessons are generated from solutions, with the answers taken out."""

from pathlib import Path

import nbformat
import pytest

from casekit.cli import main
from casekit.errors import BuildError
from casekit.instructor.build import CODE_BEGIN, CODE_END, MD_BEGIN, MD_END, build_lessons, lesson_from_solution

ROOT = Path(__file__).resolve().parents[1]


def _nb(*cells, kernelspec=True):
    nb = nbformat.v4.new_notebook()
    if kernelspec:
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = list(cells)
    return nb


def test_code_region_becomes_a_runnable_placeholder_per_assigned_name():
    cell = nbformat.v4.new_code_cell(f"x = 1\n{CODE_BEGIN}\nevents = case.events\nn = len(events)\n{CODE_END}\ncheck('a', events)")
    lesson = lesson_from_solution(_nb(cell))
    src = lesson.cells[0].source
    assert "case.events" not in src
    assert "events = ...  # your answer" in src and "n = ..." in src
    assert src.startswith("x = 1") and src.endswith("check('a', events)")
    exec(compile(src.replace("check('a', events)", ""), "lesson", "exec"), {})


def test_a_written_answer_region_becomes_empty_triple_quotes_that_prose_can_fill():
    cell = nbformat.v4.new_code_cell(f'{CODE_BEGIN}\nbrief = """Two lines\nof prose."""\n{CODE_END}\ncheck("a", brief)')
    src = lesson_from_solution(_nb(cell)).cells[0].source
    assert "Two lines" not in src
    filled = src.replace('"""\n\n"""', '"""\nIt was the speed: S09 and C15 show it.\n"""', 1)
    scope: dict = {}
    exec(compile(filled.replace('check("a", brief)', ""), "lesson", "exec"), scope)
    assert "speed" in scope["brief"]


def test_indented_region_keeps_its_indentation():
    cell = nbformat.v4.new_code_cell(f"if True:\n    {CODE_BEGIN}\n    y = 2\n    {CODE_END}\n")
    src = lesson_from_solution(_nb(cell)).cells[0].source
    compile(src, "lesson", "exec")
    assert "    y = ..." in src


def test_markdown_answer_becomes_an_invitation():
    cell = nbformat.v4.new_markdown_cell(f"Why?\n{MD_BEGIN}\nBecause the source is unnamed.\n{MD_END}")
    src = lesson_from_solution(_nb(cell)).cells[0].source
    assert "unnamed" not in src and src.startswith("Why?") and "Your answer" in src


def test_outputs_counts_and_instructor_cells_are_stripped_and_kernelspec_kept():
    ran = nbformat.v4.new_code_cell(
        "1 + 1", execution_count=3, outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)]
    )
    note = nbformat.v4.new_markdown_cell("Tell the class the answer.", metadata={"tags": ["instructor"]})
    lesson = lesson_from_solution(_nb(ran, note))
    assert len(lesson.cells) == 1
    assert lesson.cells[0].outputs == [] and lesson.cells[0].execution_count is None
    assert lesson.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize(
    "source,expected",
    [
        (f"{CODE_BEGIN}\nx = 1\n", "never closed"),
        (f"x = 1\n{CODE_END}\n", "without a"),
        (f"{CODE_BEGIN}\nif x:\n{CODE_END}\n", "not valid Python on its own"),
    ],
)
def test_unbalanced_or_broken_regions_are_reported_with_their_cell(source, expected):
    with pytest.raises(BuildError, match=expected) as info:
        lesson_from_solution(_nb(nbformat.v4.new_code_cell(source)), "demo.ipynb")
    assert "demo.ipynb, cell 1" in str(info.value)


def test_notebook_without_kernelspec_is_refused():
    with pytest.raises(BuildError, match="no kernelspec"):
        lesson_from_solution(_nb(kernelspec=False), "demo.ipynb")


def test_build_check_reports_a_stale_lesson_and_build_fixes_it(tmp_path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(_nb(nbformat.v4.new_code_cell("print(1)")), tmp_path / "solutions" / "01-x.ipynb")
    assert build_lessons(tmp_path / "solutions", tmp_path / "lessons", check=True) == ["01-x.ipynb"]
    assert build_lessons(tmp_path / "solutions", tmp_path / "lessons") == ["01-x.ipynb"]
    assert build_lessons(tmp_path / "solutions", tmp_path / "lessons", check=True) == []


def test_committed_lessons_are_up_to_date(capsys):
    assert main(["build", "--check", "--root", str(ROOT)]) == 0, capsys.readouterr().out


def _solution_lines(text: str, begin: str, end: str):
    inside = False
    for line in text.splitlines():
        if line.strip() == begin:
            inside = True
        elif line.strip() == end:
            inside = False
        elif inside and len(line.strip()) > 12:
            yield line.strip()


def _outside_regions(text: str) -> set[str]:
    lines, inside = set(), False
    for line in text.splitlines():
        if line.strip() in {CODE_BEGIN, MD_BEGIN}:
            inside = True
        elif line.strip() in {CODE_END, MD_END}:
            inside = False
        elif not inside:
            lines.add(line.strip())
    return lines


@pytest.mark.parametrize("solution", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.name)
def test_no_solution_text_appears_in_the_lesson(solution):
    lesson_text = (ROOT / "lessons" / solution.name).read_text(encoding="utf-8")
    lesson = "\n".join(c.source for c in nbformat.reads(lesson_text, as_version=4).cells)
    cells = nbformat.read(solution, as_version=4).cells
    # A line that the solution also shows outside its answer regions (a worked example) is not a leak.
    shown = set().union(*(_outside_regions(c.source) for c in cells if "instructor" not in c.get("metadata", {}).get("tags", [])))
    for cell in cells:
        for line in [*_solution_lines(cell.source, CODE_BEGIN, CODE_END), *_solution_lines(cell.source, MD_BEGIN, MD_END)]:
            if line not in shown:
                assert line not in lesson, f"{solution.name}: solution line leaked: {line!r}"
        if "instructor" in cell.get("metadata", {}).get("tags", []):
            assert cell.source not in lesson


@pytest.mark.parametrize("lesson", sorted((ROOT / "lessons").glob("*.ipynb")), ids=lambda p: p.name)
def test_lessons_are_committed_without_outputs(lesson):
    nb = nbformat.read(lesson, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
