"""Generate the student lessons from the instructor solutions (one source, two builds).

In a solution notebook, what learners must write is marked:

* in code cells, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
  become ``name = ...`` for every name the region assigns (a placeholder that
  runs, and that ``check`` reports as "not started yet");
* in markdown cells, the text between ``<!-- BEGIN SOLUTION -->`` and
  ``<!-- END SOLUTION -->`` becomes an invitation to write the answer;
* cells tagged ``instructor`` are left out of the lesson.

Outputs, execution counts and per-run metadata are stripped; the kernelspec
is kept, so JupyterLab opens the lesson without asking for a kernel.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from ..errors import BuildError

__all__ = ["build_lessons", "lesson_from_solution", "solution_regions"]

CODE_BEGIN, CODE_END = "### BEGIN SOLUTION", "### END SOLUTION"
MD_BEGIN, MD_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
MD_PLACEHOLDER = "_Your answer: write it here (double-click this cell to edit it)._"
INSTRUCTOR_TAG = "instructor"


def _assigned_names(code: str, where: str) -> list[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise BuildError(
            f"{where}: the solution region is not valid Python on its own ({exc.msg}, line {exc.lineno}); mark whole statements."
        ) from exc
    names: list[str] = []
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        )
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name) and sub.id not in names:
                    names.append(sub.id)
    return names


def _is_prose(code: str) -> bool:
    """True when a solution region is one name given a text: the lesson then offers triple quotes to write between."""
    body = ast.parse(code).body
    return (
        len(body) == 1
        and isinstance(body[0], ast.Assign)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
        and "\n" in body[0].value.value
    )


def solution_regions(source: str, begin: str, end: str, where: str) -> list[tuple[int, int]]:
    """Line spans (begin marker, end marker) of the solution regions in a cell; raise BuildError on an unbalanced marker."""
    spans, start = [], None
    for i, line in enumerate(source.splitlines()):
        text = line.strip()
        if text == begin:
            if start is not None:
                raise BuildError(f"{where}: '{begin}' twice without '{end}' in between.")
            start = i
        elif text == end:
            if start is None:
                raise BuildError(f"{where}: '{end}' without a '{begin}' before it.")
            spans.append((start, i))
            start = None
    if start is not None:
        raise BuildError(f"{where}: '{begin}' is never closed by '{end}'.")
    return spans


def _strip_code(source: str, where: str) -> str:
    lines = source.splitlines()
    out, last = [], 0
    for start, stop in solution_regions(source, CODE_BEGIN, CODE_END, where):
        out.extend(lines[last:start])
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        region = "\n".join(line[len(indent) :] if line.startswith(indent) else line for line in lines[start + 1 : stop])
        names = _assigned_names(region, where)
        if _is_prose(region):
            out += [f'{indent}{names[0]} = """', "", '"""  # write your answer between the triple quotes above']
        elif names:
            out.extend(f"{indent}{name} = ...  # your answer: replace ... (see the example above)" for name in names)
        else:
            out.append(f"{indent}# your answer here (see the example above)")
        last = stop + 1
    out.extend(lines[last:])
    return "\n".join(out)


def _strip_markdown(source: str, where: str) -> str:
    lines = source.splitlines()
    out, last = [], 0
    for start, stop in solution_regions(source, MD_BEGIN, MD_END, where):
        out.extend(lines[last:start])
        out.append(MD_PLACEHOLDER)
        last = stop + 1
    out.extend(lines[last:])
    return "\n".join(out)


def lesson_from_solution(solution: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """Return the student version of a solution notebook (a new object; the solution is untouched)."""
    if "kernelspec" not in solution.metadata:
        raise BuildError(
            f"{name}: no kernelspec in the notebook metadata; JupyterLab would ask for a kernel. Open it once in JupyterLab and save."
        )
    lesson = nbformat.v4.new_notebook()
    lesson.metadata = {"kernelspec": solution.metadata["kernelspec"]}
    language = solution.metadata.get("language_info", {}).get("name")
    if language:  # only the name: the version recorded by the last run would make lessons differ by machine
        lesson.metadata["language_info"] = {"name": language}
    for index, cell in enumerate(solution.cells, start=1):
        tags = cell.get("metadata", {}).get("tags", [])
        if INSTRUCTOR_TAG in tags:
            continue
        where = f"{name}, cell {index}"
        metadata = {"tags": tags} if tags else {}
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(_strip_code(cell.source, where), metadata=metadata)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(_strip_markdown(cell.source, where), metadata=metadata)
        else:
            new = nbformat.v4.new_raw_cell(cell.source, metadata=metadata)
        if "id" in cell:
            new["id"] = cell["id"]
        lesson.cells.append(new)
    return lesson


def _read(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises many kinds on a broken file
        raise BuildError(f"{path.name}: cannot be read as a notebook ({exc.__class__.__name__}: {exc}).") from exc


def build_lessons(solutions: Path, lessons: Path, *, check: bool = False) -> list[str]:
    """Write ``lessons/*.ipynb`` from ``solutions/*.ipynb``; return the names that changed.

    With ``check=True`` nothing is written: the names returned are the lessons
    that are stale or missing (and lessons without a solution).
    """
    solutions, lessons = Path(solutions), Path(lessons)
    changed = []
    sources = sorted(solutions.glob("*.ipynb"))
    if not sources:
        raise BuildError(f"no solution notebooks in {solutions}; run from the kit's folder.")
    for src in sources:
        text = nbformat.writes(lesson_from_solution(_read(src), src.name)) + "\n"
        target = lessons / src.name
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        changed.append(target.name)
        if not check:
            lessons.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {src.name for src in sources}
    orphans = [p.name for p in sorted(lessons.glob("*.ipynb")) if p.name not in expected]
    if check:
        changed.extend(f"{name} (no solution)" for name in orphans)
    return changed
