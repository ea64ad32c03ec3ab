"""Running notebooks in JupyterLab as a student would, several at once, and listing what went wrong.

For each notebook: the kernel starts without a kernel-selection dialog, Run All
finishes with no error output, every quiz shows its widget, every chart is
drawn (an svg or canvas inside vega-embed), one question per quiz cell answers
within a second, nothing is fetched from outside the machine (counted until at
least a second after the charts are drawn, for late requests), and on lessons
axe-core finds no serious problem in the kit's outputs. A notebook whose run
found a problem is photographed, top to bottom, into
test-artifacts/screenshots/ (what the student saw after Run All and one answer
per quiz); with ``CASEKIT_BROWSER_SCREENSHOTS=all`` every notebook is.
(Pictures are for the reader of a failure; taking them for every notebook
costs a fifth of the suite's browser time.)

:class:`NotebookRuns` does this for every notebook the selected tests name,
in a few pages of one browser at once ("lanes"): each page is a student's
JupyterLab, which opens its next notebook as a new tab once it has closed the
last one (a lane that met a problem starts a fresh JupyterLab). While one page is
being inspected, the others load, start kernels and Run All. Tests then read
the observations of their notebook (``runs.result(relpath)``), waiting only
for the runs they need; test_lessons.py, test_solutions.py,
test_accessibility.py and test_offline.py all assert on the same runs, so no
notebook runs twice.

Solutions, where lessons prove the behaviour: a quiz cell of a solution whose
source is the same as a quiz cell of its lesson, when that lesson has already
run and pressed Check on it, is checked in the solution for rendering (widget
and answer controls shown) and takes its feedback check from the lesson; the
solution's test fails if that feedback was missing or late. (Lessons are run
first, so this is the usual case; otherwise the solution presses Check itself.)
"""

from __future__ import annotations

import os
import time
import warnings
from collections import deque
from dataclasses import dataclass, field

from .a11y import axe_problems, quiz_control_name_problems
from .helpers import (
    ROOT,
    cell_report,
    check_buttons,
    choose_answer,
    click_check,
    close_notebook,
    dialog_text,
    dom_errors,
    finish_open,
    first_question,
    notebook_state,
    output_locator,
    quiz_cells,
    read_cells,
    remove_screenshots,
    run_state,
    screenshot_notebook,
    start_open,
    start_run,
    wait_for_charts,
)

FEEDBACK_LIMIT_MS = 1000
OPEN_TIMEOUT = 90.0  # seconds from opening to an idle kernel
RUN_TIMEOUT = 180.0  # seconds for Run All
POLL = 0.2  # seconds between looks at pages that are loading or running
LATE_REQUESTS = 1.0  # seconds after the charts are drawn during which late requests (fonts, images) are still counted
SCREENSHOTS = os.environ.get("CASEKIT_BROWSER_SCREENSHOTS", "failures")  # or "all"
# Observations a test may ask for on top of the student run (pytest.mark.notebook_run("...")).
OBSERVATIONS = ("quiz control names",)


def _label(relpath: str) -> str:
    return relpath.replace("/", "__").removesuffix(".ipynb")


@dataclass
class Feedback:
    chosen: str
    ms: float | None
    text: str


@dataclass
class NotebookRun:
    """What one student run of one notebook showed; tests assert on it."""

    relpath: str
    fatal: str = ""  # the run could not go on (a dialog instead of a kernel; Run All did not finish)
    error: BaseException | None = None  # the driver failed (a timeout, a Playwright error): raised again in each test
    problems: list[str] = field(default_factory=list)  # cells, errors on the page, quiz widgets, charts
    feedback: dict[int, Feedback] = field(default_factory=dict)  # quiz cell -> the answer given and its feedback
    twins: dict[int, tuple[str, int]] = field(default_factory=dict)  # solution quiz cell -> (lesson, cell) whose feedback counts
    axe: list[str] = field(default_factory=list)
    observed: dict[str, list[str]] = field(default_factory=dict)  # extra observations (OBSERVATIONS) -> problems
    warnings: list[Warning] = field(default_factory=list)  # raised during the run (axe on JupyterLab's chrome); re-issued by the test
    external: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def raise_if_broken(self) -> None:
        if self.error is not None:
            raise self.error
        assert not self.fatal, f"{self.relpath}: {self.fatal}"


def feedback_problems(runs: NotebookRuns, run: NotebookRun) -> list[str]:
    """One line per quiz cell whose Check gave no feedback in time, in this notebook or in the lesson it defers to."""
    problems = []
    for index, fb in sorted(run.feedback.items()):
        if fb.ms is None:
            problems.append(
                f"cell {index}: no feedback within {FEEDBACK_LIMIT_MS} ms after choosing {fb.chosen!r} and pressing Check (feedback area: {fb.text!r})"
            )
    for index, (lesson, twin) in sorted(run.twins.items()):
        other = runs.result(lesson)
        fb = other.feedback[twin]
        if fb.ms is None:
            problems.append(
                f"cell {index}: the same quiz in {lesson} (cell {twin}) gave no feedback within {FEEDBACK_LIMIT_MS} ms "
                f"after choosing {fb.chosen!r} and pressing Check (feedback area: {fb.text!r})"
            )
    return problems


def student_problems(runs: NotebookRuns, relpath: str) -> list[str]:
    """Everything the student run of ``relpath`` found wrong, in the order a reader fixes it (its warnings are issued here)."""
    run = runs.result(relpath)
    for warning in run.warnings:
        warnings.warn(warning, stacklevel=2)
    run.raise_if_broken()
    external = [f"the page requested {url} (only the local server is allowed)" for url in run.external]
    return run.problems + feedback_problems(runs, run) + run.axe + external


def plan(items) -> dict[str, set[str]]:
    """{notebook: extra observations} for the selected tests that use ``notebook_runs``, in the order they run."""
    wanted: dict[str, set[str]] = {}
    for item in items:
        if "notebook_runs" not in getattr(item, "fixturenames", ()):
            continue
        relpath = getattr(getattr(item, "callspec", None), "params", {}).get("relpath")
        if not relpath:
            continue
        extras = wanted.setdefault(relpath, set())
        for mark in item.iter_markers("notebook_run"):
            extras.update(mark.args)
    return wanted


class _Lane:
    """One page: one student's JupyterLab, running one notebook at a time."""

    def __init__(self, context):
        self.context = context
        self.page = None
        self.relpath: str | None = None
        self.stage = ""
        self.deadline = 0.0
        self.started = 0.0
        self.mark = 0
        self.renew()

    def renew(self) -> None:
        if self.page is not None:
            self.page.close()
        self.page = self.context.new_page()
        self.page.console_errors = []
        page = self.page
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))


class NotebookRuns:
    """Student runs of the planned notebooks in ``pages`` pages of one browser context at once (see the module docstring)."""

    def __init__(self, context, server, screenshot_dir, wanted: dict[str, set[str]], pages: int = 3):
        self.context = context
        self.server = server
        self.log = context.request_log
        self.screenshot_dir = screenshot_dir
        self.wanted = {k: set(v) for k, v in wanted.items()}
        self.queue = deque(self.wanted)
        self.results: dict[str, NotebookRun] = {}
        self.lanes = [_Lane(context) for _ in range(max(1, min(pages, len(self.queue) or 1)))]

    # ------------------------------------------------------------ the tests' side

    def result(self, relpath: str) -> NotebookRun:
        """The run of ``relpath``, driving the pages until it is done (a notebook no selected test named is run next)."""
        if relpath not in self.results and relpath not in self.queue and all(lane.relpath != relpath for lane in self.lanes):
            self.wanted.setdefault(relpath, set())
            self.queue.appendleft(relpath)
        while relpath not in self.results:
            if not self._step():
                time.sleep(POLL)
        return self.results[relpath]

    def close(self) -> None:
        for lane in self.lanes:
            if lane.relpath:
                self._close_notebook(lane)
            lane.page.close()

    # ------------------------------------------------------------ the pages' side

    def _step(self) -> bool:
        """Move every page one stage on where it can; whether any did."""
        moved = False
        for lane in self.lanes:
            try:
                moved |= self._advance(lane)
            except Exception as exc:
                self._finish(lane, NotebookRun(lane.relpath, error=exc), broken=True)
                moved = True
        return moved

    def _advance(self, lane: _Lane) -> bool:
        now = time.monotonic()
        if lane.relpath is None:
            if not self.queue:
                return False
            lane.relpath = self.queue.popleft()
            lane.started = now
            lane.mark = self.log.mark()
            start_open(lane.page, self.server, lane.relpath)
            lane.stage, lane.deadline = "opening", time.monotonic() + OPEN_TIMEOUT
            return True
        if lane.stage == "opening":
            state = notebook_state(lane.page, lane.relpath)
            if state == "dialog":
                fatal = f"a dialog appeared instead of a running kernel: {dialog_text(lane.page)!r}"
                self._finish(lane, NotebookRun(lane.relpath, fatal=fatal), broken=True)
                return True
            if state == "ready":
                finish_open(lane.page, state)
                start_run(lane.page)
                lane.stage, lane.deadline = "running", time.monotonic() + RUN_TIMEOUT
                return True
            if now > lane.deadline:
                why = lane.page.evaluate("() => window.__casekitOpen || ''")
                raise TimeoutError(
                    f"{lane.relpath}: not open with an idle kernel within {OPEN_TIMEOUT:.0f} s (state: {state}{'; ' + why if why else ''})"
                )
            return False
        outcome = run_state(lane.page)
        if outcome == "running":
            if now > lane.deadline:
                raise TimeoutError(f"{lane.relpath}: Run All still running after {RUN_TIMEOUT:.0f} s")
            return False
        if outcome != "done":
            self._finish(lane, NotebookRun(lane.relpath, fatal=f"Run All did not finish: {outcome}"), broken=True)
            return True
        run = self._inspect(lane.page, lane.relpath, lane.mark)
        self._finish(lane, run)
        self._advance(lane)  # the next notebook starts loading before the other pages are looked at
        return True

    def _finish(self, lane: _Lane, run: NotebookRun, broken: bool = False) -> None:
        run.seconds = time.monotonic() - lane.started
        try:
            run.external = self.log.external(since=lane.mark, page=lane.page)
        except Exception:
            pass
        self.results[run.relpath] = run
        if broken:  # whatever went wrong (a dialog, a stuck kernel) must not reach the next notebook
            self.server.shutdown_sessions(wait=False, paths=[lane.relpath])
            lane.renew()
        else:
            self._close_notebook(lane)
        lane.relpath, lane.stage = None, ""

    def _close_notebook(self, lane: _Lane) -> None:
        close_notebook(lane.page, self.server, lane.relpath)

    def _twin_quizzes(self, relpath: str, quizzes: dict[int, int]) -> dict[int, tuple[str, int]]:
        """Quiz cells of a solution whose lesson, already run in this session, pressed Check on a cell of the same source."""
        lesson = "lessons/" + relpath.removeprefix("solutions/")
        done = self.results.get(lesson)
        if not relpath.startswith("solutions/") or done is None or not done.feedback:
            return {}
        lesson_cells = read_cells(ROOT / lesson)
        mine = read_cells(ROOT / relpath)
        twins, used = {}, set()
        for index in quizzes:
            for other in done.feedback:
                if other not in used and lesson_cells[other]["source"] == mine[index]["source"]:
                    twins[index] = (lesson, other)
                    used.add(other)
                    break
        return twins

    def _inspect(self, page, relpath: str, mark: int = 0) -> NotebookRun:
        """After Run All: what the student sees, one answer per quiz, the screenshot, axe; fills a NotebookRun."""
        run = NotebookRun(relpath)
        cells = cell_report(page)
        problems = run.problems

        # Every non-empty code cell ran, and none raised.
        for cell in cells:
            if cell["type"] != "code" or not cell["source"].strip():
                continue
            if cell["executionCount"] is None:
                problems.append(f"cell {cell['index']} did not run (Run All stopped before it)")
            for err in cell["errors"]:
                problems.append(f"cell {cell['index']} raised {err}")
        problems += [f"error shown in the page: {text!r}" for text in dom_errors(page)]

        # Every quiz shows its widget: at least one Check button per quiz(...) call, and its controls.
        quizzes = quiz_cells(ROOT / relpath)
        for index, calls in quizzes.items():
            output = output_locator(page, index)
            checks = check_buttons(output)
            try:
                checks.first.wait_for(state="visible", timeout=10_000)
            except Exception:
                pass
            if checks.count() < calls:
                text = output.inner_text()[:300] if output.count() else "(no output area)"
                problems.append(
                    f"cell {index}: {calls} quiz(...) call(s) but {checks.count()} quiz widget(s) rendered; the output shows {text!r}"
                )
                continue
            controls = output.locator(".widget-radio-box, .widget-checkbox, select, input[type='text'], .widget-text")
            if controls.count() == 0:
                problems.append(f"cell {index}: the quiz shows no answer controls")

        # Every chart output is drawn.
        for cell in cells:
            if cell["charts"]:
                drawn = wait_for_charts(page, cell["index"], cell["charts"])
                if drawn < cell["charts"]:
                    problems.append(
                        f"cell {cell['index']}: {cell['charts']} chart(s) in the output but {drawn} drawn (no svg/canvas in .vega-embed)"
                    )
        charts_drawn = time.monotonic()

        # One question per quiz cell: choose an answer, press Check, feedback within a second
        # (in a solution, only for quizzes its lesson does not prove).
        run.twins = self._twin_quizzes(relpath, quizzes)
        for index in quizzes:
            if index in run.twins:
                continue
            output = output_locator(page, index)
            if check_buttons(output).count() == 0:
                continue
            question, check = first_question(output)
            chosen = choose_answer(page, question)
            ms, text = click_check(page, question, check, timeout_ms=FEEDBACK_LIMIT_MS)
            run.feedback[index] = Feedback(chosen, ms, text)

        if "quiz control names" in self.wanted.get(relpath, ()):
            run.observed["quiz control names"] = quiz_control_name_problems(page, quizzes)

        # axe-core on every lesson (the student versions; solutions show the same widgets and charts).
        if relpath.startswith("lessons/"):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                run.axe = axe_problems(page, relpath)
            run.warnings += [w.message for w in caught]

        # What the student sees after Run All and one answer per quiz: kept when something is wrong.
        picture = self.screenshot_dir / f"{_label(relpath)}.png"
        wrong = (
            run.problems
            or run.axe
            or any(fb.ms is None for fb in run.feedback.values())
            or any(run.observed.values())
            or self.log.external(since=mark, page=page)
        )
        if wrong or SCREENSHOTS == "all":
            screenshot_notebook(page, picture)
        else:
            remove_screenshots(picture)  # none left from an earlier failing run

        late = LATE_REQUESTS - (time.monotonic() - charts_drawn)
        if late > 0:
            page.wait_for_timeout(late * 1000)
        return run
