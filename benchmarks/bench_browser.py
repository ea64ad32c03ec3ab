"""Benchmarks in a real browser: open a lesson and finish Run All; click-to-feedback of a quiz.

Both use the browser suite's private JupyterLab and headless Chromium
(tests/browser/helpers.py); one server and one browser are started on first
use and shared by both figures, then stopped when Python exits. Run directly
for a quick look::

    python benchmarks/bench_browser.py
"""

from __future__ import annotations

import atexit
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import (  # noqa: E402
    LabServer,
    check_buttons,
    click_check,
    discover_notebooks,
    first_question,
    launch_chromium,
    open_notebook,
    output_locator,
    quiz_cells,
    run_all,
)

_SESSION: dict = {}


def _session():
    """(server, browser) shared by the figures of one run."""
    if not _SESSION:
        from playwright.sync_api import sync_playwright

        workdir = tempfile.TemporaryDirectory(prefix="casekit-bench-browser-")
        server = LabServer(Path(workdir.name)).start()
        driver = sync_playwright().start()
        try:
            browser = launch_chromium(driver)
        except Exception:
            server.stop()
            driver.stop()
            raise
        _SESSION.update(workdir=workdir, server=server, driver=driver, browser=browser)

        def close():
            browser.close()
            driver.stop()
            server.stop()
            workdir.cleanup()

        atexit.register(close)
    return _SESSION["server"], _SESSION["browser"]


def _default_lesson() -> str:
    notebooks = discover_notebooks()
    for path in notebooks:
        if path.startswith("lessons/00-"):
            return path
    if not notebooks:
        msg = "no notebook in lessons/ or solutions/ to benchmark."
        raise RuntimeError(msg)
    return notebooks[0]


def run_all_seconds(lesson: str | None = None) -> float:
    """Seconds from opening a lesson (page load, kernel start) to Run All finished, in a fresh browser context."""
    lesson = lesson or _default_lesson()
    server, browser = _session()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        start = time.perf_counter()
        state = open_notebook(page, server, lesson)
        if state != "ready":
            msg = f"{lesson} opened a dialog instead of a kernel."
            raise RuntimeError(msg)
        run_all(page)
        return time.perf_counter() - start
    finally:
        context.close()
        server.shutdown_sessions()


def click_to_feedback_ms(lesson: str | None = None, clicks: int = 9) -> float:
    """Median milliseconds from pressing a quiz's Check button to its feedback shown (alternating two answers)."""
    lesson = lesson or _default_lesson()
    quizzes = quiz_cells(ROOT / lesson)
    if not quizzes:
        msg = f"{lesson} has no quiz(...) cell."
        raise RuntimeError(msg)
    server, browser = _session()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_notebook(page, server, lesson)
        run_all(page)
        output = output_locator(page, next(iter(quizzes)))
        check_buttons(output).first.wait_for(state="visible", timeout=10_000)
        question, check = first_question(output)
        radios = question.get_by_role("radio")
        if radios.count() < 2:
            msg = f"the first question of {lesson} is not a single-choice question with two options or more."
            raise RuntimeError(msg)
        times = []
        for i in range(clicks):
            # Alternate answers, so that every click changes the feedback text.
            radios.nth(i % 2).check()
            page.wait_for_timeout(150)  # let the choice reach the kernel, as a person's pause would
            ms, text = click_check(page, question, check, timeout_ms=5000)
            if ms is None:
                msg = f"no feedback within 5 s of pressing Check in {lesson} (feedback area: {text!r})."
                raise RuntimeError(msg)
            times.append(ms)
        return statistics.median(times)
    finally:
        context.close()
        server.shutdown_sessions()


if __name__ == "__main__":
    print(f"browser: open {_default_lesson()} and Run All: {run_all_seconds():.1f} s")
    print(f"browser: quiz click to feedback (median): {click_to_feedback_ms():.0f} ms (target < 200 ms)")
