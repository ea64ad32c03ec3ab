"""Grading throughput: 40 generated submissions of one lesson, graded sandboxed with 2 jobs (target: under 60 s).

Run alone with ``python benchmarks/bench_grade.py`` (it also grades the same 40
without the sandbox, to show what the sandbox costs); ``make bench`` calls
:func:`grade_40` and :func:`sandbox_cost`. The sandbox is bubblewrap where it
works here (``--sandbox auto``); the figures say which mode ran.
The submissions are copies of ``lessons/00-start-here.ipynb`` whose exercise
placeholders are filled in four ways in turn: the solution's own lines, left
as ``...``, an empty list, and a wrong list, so passed, not-started and
failed results are all exercised.
"""

from __future__ import annotations

import asyncio
import re
import resource
import statistics
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
    """Peak resident memory of this process plus the largest finished child, in MB (the grader's side)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KB on Linux
    return (own + children) / scale


def grade_40(n: int = 40, jobs: int = 2, timeout: float = 60, sandbox: str = "auto") -> tuple[float, float, float, str, float]:
    """Grade ``n`` generated submissions with ``jobs`` kernels at once.

    Returns (wall seconds, the grader's peak MB, the largest notebook's peak MB with all its processes, the sandbox
    mode, CPU seconds of the grader and of every notebook's processes together).
    """
    from casekit.instructor.grading import GradeOptions, grade_class

    with tempfile.TemporaryDirectory(prefix="casekit-bench-") as tmp:
        subs = make_submissions(Path(tmp) / "submissions", n)
        start, cpu = time.perf_counter(), _cpu()
        run = grade_class(
            [subs[0].parent],
            Path(tmp) / "grades.csv",
            # unsafe: the notebooks are the benchmark's own, and without a sandbox the grader runs from inside the kit
            GradeOptions(
                timeout=timeout, jobs=jobs, root=ROOT, progress=False, sandbox=sandbox, say=lambda _: None, unsafe=sandbox == "none"
            ),
        )
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
    table = run.table
    learners = table["learner"].nunique()
    if learners != n:
        msg = f"graded {learners} learners, expected {n}"
        raise RuntimeError(msg)
    grade_40.last_table = table
    return wall, peak_mb(), run.peak_memory / 2**20, run.sandbox, cpu + run.cpu


def _cpu() -> float:
    """CPU seconds used so far by this process (the grader); the notebooks' processes are measured by the grader's watch."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _one_run(mode: str, workdir: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the grader and the notebook's processes) to start a kernel in ``mode``, run one cell, stop."""
    import nbformat

    from casekit.instructor.grading.run.runner import execute, kit_copy
    from casekit.instructor.grading.run.sandbox import choose

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        env = kit_copy(ROOT, Path(tmp), None)
        start, cpu = time.perf_counter(), _cpu()
        run = asyncio.run(execute(nb, [], Path(tmp), env, 30, choose(mode)))
        return time.perf_counter() - start, _cpu() - cpu + run.cpu


def sandbox_cost(pairs: int = 6) -> tuple[float, float]:
    """The sandbox's cost per notebook: medians of (bwrap - none) in CPU and wall seconds, over one-cell notebooks run in turn.

    CPU time is the steadier figure on a busy machine: other work slows the wall clock, not the CPU a run needs.
    """
    from casekit.instructor.grading import bwrap_problem

    problem = bwrap_problem()
    if problem:
        raise RuntimeError(problem)
    with tempfile.TemporaryDirectory(prefix="casekit-bench-") as tmp:
        runs = [(_one_run("bwrap", Path(tmp)), _one_run("none", Path(tmp))) for _ in range(pairs)]
    cpu = statistics.median(b[1] - n[1] for b, n in runs)
    wall = statistics.median(b[0] - n[0] for b, n in runs)
    return cpu, wall


if __name__ == "__main__":
    import os

    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    seconds, mb, notebook_mb, mode, cpu = grade_40()
    print(f"grade: 40 submissions, 2 jobs, --sandbox {mode}: {seconds:.1f} s wall (target < 60 s), {cpu:.1f} s CPU;")
    print(f"  grader peak {mb:.0f} MB; one notebook, all its processes, at most {notebook_mb:.0f} MB")
    print(grade_40.last_table["status"].value_counts().to_string())
    bare, _, _, _, bare_cpu = grade_40(sandbox="none")
    print(f"grade: the same 40, --sandbox none: {bare:.1f} s wall, {bare_cpu:.1f} s CPU")
    print(f"  the sandbox per notebook: {(cpu - bare_cpu) / 40 * 1000:.0f} ms CPU, {(seconds - bare) / 40 * 1000:.0f} ms wall")
    one_cpu, one_wall = sandbox_cost()
    print(f"sandbox cost per one-cell notebook (median of 6 pairs): {one_cpu * 1000:.0f} ms CPU, {one_wall * 1000:.0f} ms wall")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
