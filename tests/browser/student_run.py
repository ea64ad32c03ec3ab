"""Running a notebook in JupyterLab as a student would, and listing what went wrong.

For each notebook: the kernel starts without a kernel-selection dialog, Run All
finishes with no error output, every quiz shows its widget, every chart is
drawn (an svg or canvas inside vega-embed), one question per quiz cell answers
within a second, and nothing is fetched from outside the machine. A
screenshot of each run notebook goes to test-artifacts/screenshots/.

Used by test_lessons.py and test_solutions.py (two files, so that pytest-xdist
runs them on two workers at once).
"""

from __future__ import annotations

from .a11y import axe_problems
from .helpers import (
    ROOT,
    cell_report,
    check_buttons,
    choose_answer,
    click_check,
    dialog_text,
    dom_errors,
    first_question,
    open_notebook,
    output_locator,
    quiz_cells,
    run_all,
    screenshot_notebook,
    wait_for_charts,
)

FEEDBACK_LIMIT_MS = 1000


def _label(relpath: str) -> str:
    return relpath.replace("/", "__").removesuffix(".ipynb")


def run_like_a_student(relpath: str, page, lab_server, request_log, screenshot_dir) -> None:
    """Open, Run All, inspect and answer one question per quiz; fail with every problem found, named."""
    state = open_notebook(page, lab_server, relpath)
    assert state == "ready", f"{relpath}: a dialog appeared instead of a running kernel: {dialog_text(page)!r}"

    run_all(page)
    cells = cell_report(page)
    problems = []

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
            problems.append(f"cell {index}: {calls} quiz(...) call(s) but {checks.count()} quiz widget(s) rendered; the output shows {text!r}")
            continue
        controls = output.locator(".widget-radio-box, .widget-checkbox, select, input[type='text'], .widget-text")
        if controls.count() == 0:
            problems.append(f"cell {index}: the quiz shows no answer controls")

    # Every chart output is drawn.
    for cell in cells:
        if cell["charts"]:
            drawn = wait_for_charts(page, cell["index"], cell["charts"])
            if drawn < cell["charts"]:
                problems.append(f"cell {cell['index']}: {cell['charts']} chart(s) in the output but {drawn} drawn (no svg/canvas in .vega-embed)")


    # One question per quiz cell: choose an answer, press Check, feedback within a second.
    for index in quizzes:
        output = output_locator(page, index)
        if check_buttons(output).count() == 0:
            continue
        question, check = first_question(output)
        chosen = choose_answer(page, question)
        ms, text = click_check(page, question, check, timeout_ms=FEEDBACK_LIMIT_MS)
        if ms is None:
            problems.append(f"cell {index}: no feedback within {FEEDBACK_LIMIT_MS} ms after choosing {chosen!r} and pressing Check (feedback area: {text!r})")
    # What the student sees after Run All and one answer per quiz.
    screenshot_notebook(page, screenshot_dir / f"{_label(relpath)}.png")

    # axe-core on every lesson (the student versions; solutions show the same widgets and charts).
    if relpath.startswith("lessons/"):
        problems += axe_problems(page, relpath)

    external = request_log.external()
    problems += [f"the page requested {url} (only the local server is allowed)" for url in external]
    assert not problems, f"{relpath}:\n  " + "\n  ".join(problems)
