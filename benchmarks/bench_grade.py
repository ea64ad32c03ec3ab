"""Grading throughput: 40 generated submissions of one lesson, graded with 2 jobs (target: under 60 s).

Run alone with ``python benchmarks/bench_grade.py``; ``make bench`` calls :func:`grade_40`.
The submissions are copies of ``lessons/00-start-here.ipynb`` whose exercise
placeholders are filled in four ways in turn: the solution's own lines, left
as ``...``, an empty list, and a wrong list, so passed, not-started and
failed results are all exercised.
"""

from __future__ import annotations

import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
LESSON = "00-start-here"
PLACEHOLDER = re.compile(r"^(?P<indent>\s*)(?P<name>[A-Za-z_]\w*) = \.\.\.  # your answer.*$", re.M)


def _solution_regions(nb) -> list[str]:
    """The code of each solution region of a solution notebook, in order."""
    regions = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
            regions += re.findall(r"### BEGIN SOLUTION\n(.*?)\n\s*### END SOLUTION", cell.source, re.S)
    return regions


def make_submissions(folder: Path, n: int = 40, lesson: str = LESSON) -> list[Path]:
    """Write ``n`` submissions of ``lesson`` into ``folder`` as ``learnerNN-<lesson>.ipynb``."""
    from casekit.instructor.build import lesson_from_solution

    source = ROOT / "lessons" / f"{lesson}.ipynb"
    solution = nbformat.read(ROOT / "solutions" / f"{lesson}.ipynb", as_version=4)
    base = nbformat.read(source, as_version=4) if source.is_file() else lesson_from_solution(solution, source.name)
    answers = _solution_regions(solution)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        nb = nbformat.from_dict(base)
        k = 0
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue

            def fill(m, i=i):
                nonlocal k
                answer = answers[k] if k < len(answers) else f"{m['name']} = ..."
                k += 1
                return [answer, f"{m['name']} = ...", f"{m['name']} = []", f"{m['name']} = ['x{i}']"][i % 4]

            cell.source = PLACEHOLDER.sub(fill, cell.source)
        path = folder / f"learner{i:02d}-{lesson}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def peak_mb() -> float:
    """Peak resident memory of this process plus the largest finished child (kernels), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KB on Linux
    return (own + children) / scale


def grade_40(n: int = 40, jobs: int = 2, timeout: float = 60) -> tuple[float, float]:
    """Grade ``n`` generated submissions with ``jobs`` kernels at once; return (wall seconds, peak MB)."""
    from casekit.instructor.grading import grade

    with tempfile.TemporaryDirectory(prefix="casekit-bench-") as tmp:
        subs = make_submissions(Path(tmp) / "submissions", n)
        start = time.perf_counter()
        table = grade([subs[0].parent], Path(tmp) / "grades.csv", timeout=timeout, jobs=jobs, root=ROOT, progress=False)
        wall = time.perf_counter() - start
    learners = table["learner"].nunique()
    if learners != n:
        msg = f"graded {learners} learners, expected {n}"
        raise RuntimeError(msg)
    grade_40.last_table = table
    return wall, peak_mb()


if __name__ == "__main__":
    seconds, mb = grade_40()
    print(f"grade: 40 submissions, 2 jobs: {seconds:.1f} s wall, peak {mb:.0f} MB (target < 60 s)")
    print(grade_40.last_table["status"].value_counts().to_string())
