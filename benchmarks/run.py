"""`make bench`: print the kit's timing figures as a table.

First each lesson's load and estimated time (lesson_load.py). Figures: import time of casekit; `make quick` (its lint, then its pytest); `draft`'s recall and precision against the
curated cases (bench_draft.py); each notebook executed in a fresh kernel;
quiz feedback and progress writes in the kernel; grading throughput; the class report
of 300 learners' progress files (bench_class.py); the
browser's Run All and click-to-feedback; each edition of the website built; the notebook suite serial; the test
suite's time by part (unit tests, notebooks under nbval, browser) and whole,
as `make test` runs it, each with its CPU seconds (bench_suite.py). Each
figure names its target where an issue sets one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
ROWS: list[tuple[str, str, str]] = []


def row(name: str, value: str, target: str = "") -> None:
    ROWS.append((name, value, target))
    print(f"  {name:<52} {value:>12}  {target}", flush=True)


def best_of(n: int, fn) -> float:
    return min(fn() for _ in range(n))


def import_time() -> float:
    def once():
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import casekit; from casekit import load_case, quiz, check"], check=True)
        return time.perf_counter() - t

    base = best_of(3, lambda: _timed([sys.executable, "-c", "pass"]))
    return best_of(3, once) - base


def chart_import_time(first: str) -> float:
    """``import altair`` after ``first`` (what a kernel pays for its first chart), best of three."""
    code = f"{first}\nimport time\nt = time.perf_counter()\nimport altair\nprint(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout) for _ in range(3))


def case_load_times() -> tuple[float, float]:
    """Loading every case of data/ in a fresh interpreter: with an empty cache folder, then again with it filled."""
    import tempfile

    folders = sorted(str(p.parent) for p in (ROOT / "data").glob("*/datapackage.json"))
    code = f"import time, casekit\nt = time.perf_counter()\nfor f in {folders!r}:\n    casekit.load_case(f)\nprint(time.perf_counter() - t)"
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "CASEKIT_CACHE_DIR": cache}
        once = [
            float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env).stdout)
            for _ in range(3)
        ]
    return once[0], min(once[1:])


def _timed(cmd, **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, **kw)
    return time.perf_counter() - t


def notebook_times() -> None:
    import nbformat

    from casekit.instructor.execute import execute_fresh

    for folder in ("lessons", "solutions"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            t = time.perf_counter()
            execute_fresh(nb, path=path, timeout=120)  # as a newcomer: empty progress, exports in a temporary folder
            row(f"execute {folder}/{path.name}", f"{time.perf_counter() - t:.2f} s", "target < 5 s")


def suite_times() -> None:
    """The notebook suite serial; then the suite by part and whole, as `make test` runs it (see bench_suite.py)."""
    import bench_suite

    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *bench_suite.NBVAL, "lessons", "solutions"]
    quiet = {"cwd": ROOT, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    row("notebook suite, serial", f"{_timed(args, **quiet):.1f} s")
    for label, result in bench_suite.figures():
        target = "target < 150 s (2 cores)" if label.startswith("suite:") else ""
        row(label, bench_suite.describe(result), target)


def quick_times() -> None:
    """`make quick`: its lint (warm caches) and its pytest, as the Makefile runs them; the fast loop's target is 30 s."""
    import bench_suite

    lint = best_of(2, lambda: _timed(["make", "-s", "lint"], cwd=ROOT, stdout=subprocess.DEVNULL))
    row("make lint (ruff, import contract, mypy; warm)", f"{lint:.1f} s")
    result = bench_suite.quick_figure()
    row("make quick's pytest (unit and data tests)", bench_suite.describe(result), "target < 30 s with lint (2 cores)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    row("  load average (1 min) after it", f"{load:.2f}", "figures above 2 mean others shared the cores")


def site_times() -> None:
    """`make site`: each edition built on its own (its notebooks run afresh, then Sphinx)."""
    import tempfile

    from casekit.instructor.site import build_site

    for edition in ("student", "instructor"):
        with tempfile.TemporaryDirectory(prefix="casekit-bench-site-") as tmp:
            t = time.perf_counter()
            build_site(ROOT, tmp, (edition,))
            row(f"site: {edition} edition built (notebooks, Sphinx, checks)", f"{time.perf_counter() - t:.1f} s")


def draft_quality() -> None:
    """`python -m casekit draft` on each case's text alone, against its curated tables (bench_draft.py)."""
    try:
        import bench_draft

        found = bench_draft.figures()
    except Exception as exc:  # reported, not fatal, as for the optional figures
        row("draft: recall and precision against the curated cases", "n/a", f"({exc.__class__.__name__}: {str(exc)[:60]})")
        return
    for label, value in found:
        row(label, value)


def optional(module: str, fn: str, label: str, fmt, target: str = "") -> None:
    try:
        mod = __import__(module)
        value = getattr(mod, fn)()
    except Exception as exc:  # a missing optional benchmark is reported, not fatal
        row(label, "n/a", f"({exc.__class__.__name__}: {str(exc)[:60]})")
        return
    row(label, fmt(value), target)


def lesson_load() -> None:
    """Each lesson's load and estimated time (lesson_load.py), printed before the timing figures."""
    import lesson_load as load

    print("Lesson load (lessons/; rule in benchmarks/lesson_load.py; 'over' marks a core above 75 min):")
    print(load.table(load.measure_all()) + "\n")


def main() -> int:
    os.chdir(ROOT)
    print(f"casekit benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    lesson_load()
    print(f"  {'figure':<52} {'value':>12}  target")
    row("import casekit (fresh interpreter, minus bare start)", f"{import_time():.2f} s")
    row("import altair after casekit (a kernel's first chart)", f"{chart_import_time('import casekit'):.2f} s")
    row("import altair alone (IRI checker built as it loads)", f"{chart_import_time('pass'):.2f} s")
    cold, warm = case_load_times()
    row("load every case, empty cache (validation, dates parsed)", f"{cold:.2f} s")
    row("load every case, cache filled (a later kernel)", f"{warm:.2f} s")
    quick_times()
    draft_quality()
    notebook_times()
    optional(
        "bench_quiz",
        "bench_click_to_feedback",
        "quiz: simulated click to feedback (kernel)",
        lambda v: f"{v * 1000:.1f} ms",
        "target < 20 ms",
    )
    optional("bench_quiz", "bench_progress_write", "progress: one atomic progress-file write", lambda v: f"{v * 1000:.1f} ms")
    optional(
        "bench_grade",
        "grade_40",
        "grade: 40 submissions, 2 jobs (wall, peak MB, sandbox)",
        lambda v: f"{v[0]:.1f} s, {v[1]:.0f} MB, {v[3]}",
        "target < 60 s",
    )
    optional(
        "bench_grade",
        "sandbox_cost",
        "grade: the sandbox's cost per notebook (CPU, wall)",
        lambda v: f"{v[0] * 1000:.0f}, {v[1] * 1000:.0f} ms",
    )
    optional(
        "bench_class",
        "bench_class_report",
        "class-report: 300 learners' progress files to page and CSV",
        lambda v: f"{v:.1f} s",
        "target < 10 s (2 cores)",
    )
    optional("bench_browser", "run_all_seconds", "browser: open a lesson and Run All", lambda v: f"{v:.1f} s")
    optional(
        "bench_browser", "click_to_feedback_ms", "browser: quiz click to feedback (median)", lambda v: f"{v:.0f} ms", "target < 200 ms"
    )
    site_times()
    suite_times()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
