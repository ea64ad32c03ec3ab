"""`make screenshots`: the README's pictures, a quiz with its feedback and the timeline chart of lesson 04.

Not a test (test_lessons.py and test_solutions.py already prove that quiz feedback
shows and that every chart is drawn): a tool that drives the browser suite's
private JupyterLab and headless Chromium (tests/browser/helpers.py) and writes
the pictures into a folder of the kit, docs/img unless another is named::

    python tools/screenshots.py [folder]    (a folder of the kit, or an absolute path)
"""

from __future__ import annotations

import struct
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import (  # noqa: E402
    LabServer,
    cell_locator,
    cell_report,
    check_buttons,
    count_calls,
    discover_notebooks,
    feedback_text,
    first_question,
    launch_chromium,
    open_notebook,
    output_locator,
    quiz_cells,
    read_cells,
    run_all,
    wait_for_charts,
)


class PictureError(RuntimeError):
    """A picture could not be taken; the message says which and why."""


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG file, in pixels."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        msg = f"{path} is not a PNG picture."
        raise PictureError(msg)
    return struct.unpack(">II", head[16:24])


def _prefer_lesson(stem_glob: str) -> str | None:
    notebooks = discover_notebooks()
    for folder in ("lessons", "solutions"):
        for p in notebooks:
            if p.startswith(folder + "/") and Path(p).match(stem_glob):
                return p
    return None


def quiz_feedback(page, lab_server, out: Path) -> None:
    """The first quiz of lesson 00, its first question answered right, with its feedback."""
    relpath = _prefer_lesson("00-*.ipynb")
    if relpath is None or not quiz_cells(ROOT / relpath):
        msg = "no 00-start-here notebook with a quiz: quiz-feedback.png cannot be taken."
        raise PictureError(msg)
    if open_notebook(page, lab_server, relpath) != "ready":
        msg = f"{relpath} did not open in JupyterLab."
        raise PictureError(msg)
    run_all(page)
    index = next(iter(quiz_cells(ROOT / relpath)))
    output = output_locator(page, index)
    check_buttons(output).first.wait_for(state="visible", timeout=10_000)
    question, check = first_question(output)
    radios = question.get_by_role("radio")
    if not radios.count():
        msg = f"{relpath}: the first question of the quiz in cell {index} is not a single-choice question."
        raise PictureError(msg)
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
        msg = f"{relpath}: no option of the first question got 'Correct' feedback: {names}."
        raise PictureError(msg)
    check.blur()
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    cell_locator(page, index).screenshot(path=str(out))


def timeline(page, lab_server, out: Path) -> None:
    """The timeline chart of lesson 04, as the answer key draws it."""
    # The answer key draws the finished timeline; the lesson may leave it to the learner.
    relpath = next((p for p in discover_notebooks() if p.startswith("solutions/") and Path(p).match("04-*.ipynb")), None) or _prefer_lesson(
        "04-*.ipynb"
    )
    if relpath is None:
        msg = "lesson 04 (the timeline) does not exist: timeline.png cannot be taken."
        raise PictureError(msg)
    timeline_cells = [
        i for i, c in enumerate(read_cells(ROOT / relpath)) if c.get("cell_type") == "code" and count_calls(c["source"], "timeline")
    ]
    if not timeline_cells:
        msg = f"{relpath} has no cell calling timeline(...): timeline.png cannot be taken."
        raise PictureError(msg)
    if open_notebook(page, lab_server, relpath) != "ready":
        msg = f"{relpath} did not open in JupyterLab."
        raise PictureError(msg)
    run_all(page)
    charts = {c["index"]: c["charts"] for c in cell_report(page) if c["charts"]}
    drawn = [i for i in timeline_cells if i in charts]
    if not drawn:
        msg = f"{relpath}: the timeline(...) cells {timeline_cells} show no chart after Run All."
        raise PictureError(msg)
    index = drawn[-1]
    if wait_for_charts(page, index, charts[index]) < charts[index]:
        msg = f"{relpath}: the timeline in cell {index} is not drawn."
        raise PictureError(msg)
    page.mouse.move(0, 0)
    page.wait_for_timeout(500)
    output_locator(page, index).screenshot(path=str(out))


PICTURES: dict[str, Callable] = {"quiz-feedback": quiz_feedback, "timeline": timeline}


def take(browser, lab_server, name: str, folder: Path) -> Path:
    """One picture, in a narrower, sharper page than the test pages (the pictures are shown in a README)."""
    out = folder / f"{name}.png"
    tmp = out.with_suffix(".new.png")
    context = browser.new_context(viewport={"width": 1100, "height": 900}, device_scale_factor=2)
    context.set_default_timeout(15_000)
    try:
        PICTURES[name](context.new_page(), lab_server, tmp)
    finally:
        context.close()
        lab_server.shutdown_sessions()
    width, height = png_size(tmp)
    if width < 400 or height < 150:
        msg = f"{tmp}: {width}x{height} px is too small to be the picture; the old {out.name} is kept."
        raise PictureError(msg)
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Take every picture into the folder named (docs/img by default); 0 when all were written."""
    from playwright.sync_api import sync_playwright

    args = sys.argv[1:] if argv is None else argv
    folder = ROOT / (args[0] if args else "docs/img")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="casekit-screenshots-") as work, sync_playwright() as driver:
        server = LabServer(Path(work)).start()
        try:
            browser = launch_chromium(driver)
            try:
                for name in PICTURES:
                    print(f"Wrote {take(browser, server, name, folder)}", flush=True)
            finally:
                browser.close()
        except RuntimeError as exc:  # PictureError, or the browser suite's BrowserSuiteError (no Chromium, no JupyterLab)
            print(f"make screenshots: {exc}", file=sys.stderr)
            return 1
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
