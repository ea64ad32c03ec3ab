"""Benchmarks of the quiz loop: a simulated click to feedback, and a progress-file write.

Each function returns seconds (the median of ``repeat`` runs) and writes only
to a temporary progress folder. Run directly for a quick look::

    python benchmarks/bench_quiz.py
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def _private_progress():
    """Point progress at a temporary folder for the duration of a benchmark."""
    old = {k: os.environ.get(k) for k in ("CASEKIT_PROGRESS_DIR", "CASEKIT_LEARNER")}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CASEKIT_PROGRESS_DIR"] = folder
        os.environ["CASEKIT_LEARNER"] = "bench"
        try:
            yield Path(folder)
        finally:
            for key, value in old.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def bench_click_to_feedback(repeat: int = 50, case_dir: Path | None = None) -> float:
    """Median seconds from pressing Check (``button.click()``) to feedback shown, saving included. Target: < 0.020."""
    from casekit import quiz
    from casekit.case.folder import main_case
    from casekit.notebook.quiz_widgets import QuizView
    from casekit.quizzes import load_questions

    case_dir = case_dir or main_case(ROOT / "data")  # data/ holds one folder per case
    with _private_progress():
        first = next(iter(load_questions(case_dir).values()))
        view = QuizView(quiz(first.id, case=case_dir)).views[0]
        options = [o.id for o in first.options] or [None]
        times = []
        for i in range(repeat):
            if first.type == "single":
                view.control.value = options[i % len(options)]
            elif first.type == "short":
                view.control.value = str(i)
            start = time.perf_counter()
            view.check_button.click()
            times.append(time.perf_counter() - start)
            if not view.feedback.value:
                msg = "the click gave no feedback; the benchmark is not measuring the quiz."
                raise RuntimeError(msg)
    return statistics.median(times)


def bench_progress_write(repeat: int = 50) -> float:
    """Median seconds to record one quiz answer (re-read, merge, atomic replace) in a file of 100 records."""
    from casekit.records.store import record_quiz

    with _private_progress():
        for i in range(100):
            record_quiz("bench-case", f"00-q{i}", "a", "correct", "Correct. A sentence of feedback.")
        times = []
        for i in range(repeat):
            start = time.perf_counter()
            record_quiz("bench-case", f"01-q{i}", ["a", "b"], "partly", "Partly right. A sentence of feedback.")
            times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    print(f"click to feedback: {bench_click_to_feedback() * 1000:.1f} ms (target < 20 ms)")
    print(f"progress write:    {bench_progress_write() * 1000:.1f} ms")
