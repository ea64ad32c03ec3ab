"""The README's pictures: a quiz with its feedback, and the timeline chart of lesson 04.

``make screenshots`` runs ``pytest tests/browser -k readme`` with
``CASEKIT_SCREENSHOTS=docs/img``: the folder (relative to the kit) where the
pictures are written. Without it (for example in ``make test``) these tests
are skipped: test_lessons.py and test_solutions.py already proves that quiz feedback shows and
that every chart is drawn, and the suite stays faster.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from .helpers import (
    ROOT,
    cell_locator,
    cell_report,
    check_buttons,
    count_calls,
    discover_notebooks,
    feedback_text,
    first_question,
    open_notebook,
    output_locator,
    quiz_cells,
    read_cells,
    run_all,
    wait_for_charts,
)

PICTURES = ["quiz-feedback", "timeline"]


def picture_dir() -> Path:
    target = os.environ.get("CASEKIT_SCREENSHOTS")
    if not target:
        pytest.skip("README pictures are refreshed only with CASEKIT_SCREENSHOTS set (make screenshots)")
    folder = ROOT / target
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def png_size(path: Path) -> tuple[int, int]:
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def _prefer_lesson(stem_glob: str) -> str | None:
    notebooks = discover_notebooks()
    for folder in ("lessons", "solutions"):
        for p in notebooks:
            if p.startswith(folder + "/") and Path(p).match(stem_glob):
                return p
    return None


@pytest.fixture
def readme_page(chromium, lab_server):
    """A narrower, sharper page than the test pages: the pictures are shown in a README."""
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, device_scale_factor=2)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    try:  # only this page's kernels: other pages of the suite may be running theirs
        paths = page.evaluate(
            "() => window.jupyterapp ? [...window.jupyterapp.shell.widgets('main')].map(w => w.context && w.context.path).filter(Boolean) : []"
        )
    except Exception:
        paths = []
    context.close()
    lab_server.shutdown_sessions(paths=paths)


def _quiz_feedback(page, lab_server, out: Path) -> None:
    relpath = _prefer_lesson("00-*.ipynb")
    if relpath is None or not quiz_cells(ROOT / relpath):
        pytest.skip("no 00-start-here notebook with a quiz yet: docs/img/quiz-feedback.png not refreshed")
    assert open_notebook(page, lab_server, relpath) == "ready"
    run_all(page)
    index = next(iter(quiz_cells(ROOT / relpath)))
    output = output_locator(page, index)
    check_buttons(output).first.wait_for(state="visible", timeout=10_000)
    question, check = first_question(output)
    radios = question.get_by_role("radio")
    assert radios.count(), f"{relpath}: the first question of the quiz in cell {index} is not a single-choice question"
    # Try each option until the feedback says it is right (the key is sealed; the widget knows it).
    names = [radios.nth(i).evaluate("el => el.labels[0].innerText.trim()") for i in range(radios.count())]
    for name in names:
        question.get_by_role("radio", name=name, exact=True).check()
        before = feedback_text(question)
        check.click()
        page.wait_for_function(
            "([q, before]) => { const f = q.querySelector('.casekit-feedback, [role=status]'); return f && f.innerText.trim() && f.innerText !== before; }",
            arg=[question.element_handle(), before],
            timeout=2000,
        )
        if feedback_text(question).startswith("Correct"):
            break
    else:
        pytest.fail(f"{relpath}: no option of the first question got 'Correct' feedback: {names}")
    check.blur()
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    cell_locator(page, index).screenshot(path=str(out))


def _timeline(page, lab_server, out: Path) -> None:
    # The answer key draws the finished timeline; the lesson may leave it to the learner.
    relpath = next((p for p in discover_notebooks() if p.startswith("solutions/") and Path(p).match("04-*.ipynb")), None) or _prefer_lesson(
        "04-*.ipynb"
    )
    if relpath is None:
        pytest.skip("lesson 04 (the timeline) does not exist yet: docs/img/timeline.png not refreshed")
    timeline_cells = [
        i for i, c in enumerate(read_cells(ROOT / relpath)) if c.get("cell_type") == "code" and count_calls(c["source"], "timeline")
    ]
    if not timeline_cells:
        pytest.skip(f"{relpath} has no cell calling timeline(...) yet: docs/img/timeline.png not refreshed")
    assert open_notebook(page, lab_server, relpath) == "ready"
    run_all(page)
    charts = {c["index"]: c["charts"] for c in cell_report(page) if c["charts"]}
    drawn = [i for i in timeline_cells if i in charts]
    assert drawn, f"{relpath}: the timeline(...) cells {timeline_cells} show no chart after Run All"
    index = drawn[-1]
    assert wait_for_charts(page, index, charts[index]) >= charts[index], f"{relpath}: the timeline in cell {index} is not drawn"
    page.mouse.move(0, 0)
    page.wait_for_timeout(500)
    output_locator(page, index).screenshot(path=str(out))


@pytest.mark.parametrize("name", PICTURES)
def test_readme_screenshots(name, request, lab_server):
    out = picture_dir() / f"{name}.png"
    readme_page = request.getfixturevalue("readme_page")
    tmp = out.with_suffix(".new.png")
    {"quiz-feedback": _quiz_feedback, "timeline": _timeline}[name](readme_page, lab_server, tmp)
    width, height = png_size(tmp)
    assert width >= 400 and height >= 150, f"{tmp}: {width}x{height} px is too small to be the picture"
    tmp.replace(out)
