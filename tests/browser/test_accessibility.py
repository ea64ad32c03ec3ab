"""Accessibility of the quiz controls, as a screen reader or voice control meets them.

axe-core itself runs on every lesson after Run All, inside test_lessons.py
(see a11y.py): every lesson has a quiz or a chart, so each is checked once.
"""

from __future__ import annotations

import re

import pytest

from .helpers import (
    ROOT,
    cell_report,
    check_buttons,
    choose_answer,
    click_check,
    discover_notebooks,
    first_question,
    open_notebook,
    output_locator,
    quiz_cells,
    run_all,
    wait_for_charts,
)


def a11y_targets() -> list[str]:
    """The first lesson with a quiz (student versions first)."""
    notebooks = discover_notebooks()
    lessons = [p for p in notebooks if p.startswith("lessons/")]
    return [p for p in (lessons or notebooks) if quiz_cells(ROOT / p)][:1]


@pytest.fixture(scope="module")
def ran(browser_context, lab_server):
    """open(relpath) -> a page with that notebook run and one question answered; each notebook runs once per module."""
    from .conftest import new_page

    pages = {}

    def get(relpath):
        if relpath not in pages:
            page = new_page(browser_context)
            pages[relpath] = page
            _prepare(page, lab_server, relpath)
        return pages[relpath]

    yield get
    for page in pages.values():
        page.close()
    lab_server.shutdown_sessions(wait=False)


def _prepare(page, lab_server, relpath):
    assert open_notebook(page, lab_server, relpath) == "ready"
    run_all(page)
    for cell in cell_report(page):
        if cell["charts"]:
            wait_for_charts(page, cell["index"], cell["charts"])
    # Answer one question so that the feedback's colours and roles are checked too.
    for index in quiz_cells(ROOT / relpath):
        output = output_locator(page, index)
        if check_buttons(output).count():
            question, check = first_question(output)
            choose_answer(page, question)
            click_check(page, question, check)
            break


@pytest.mark.parametrize("relpath", a11y_targets()[:1] or [pytest.param(None, marks=pytest.mark.skip(reason="no lesson with a quiz yet"))])
def test_quiz_buttons_have_plain_accessible_names(relpath, ran):
    """A screen reader announces a quiz button as "Check" or "Hint", with nothing before it.

    ipywidgets draws a button's ``icon`` as a Font Awesome glyph (a private-use
    character) that becomes part of the accessible name ("\\uf00c Check");
    exact-name locators, and voice-control users saying "click Check", then
    miss the button, and some screen readers read the glyph out.
    """
    page = ran(relpath)
    problems = []
    for index in quiz_cells(ROOT / relpath):
        output = output_locator(page, index)
        for label in ("Check", "Hint"):
            found = output.get_by_role("button", name=re.compile(rf"^[\ue000-\uf8ff\s]*{label}$"))
            exact = output.get_by_role("button", name=label, exact=True).count()
            if found.count() and exact < found.count():
                problems.append(f"cell {index}: {found.count() - exact} of {found.count()} {label} buttons are named "
                                f"{found.first.aria_snapshot()!r} instead of {label!r}: the icon glyph is part of the accessible name")
        radios = output.get_by_role("radio")
        unnamed = [i for i in range(radios.count()) if not radios.nth(i).evaluate(
            "el => (el.labels && el.labels[0] && el.labels[0].innerText.trim()) || el.getAttribute('aria-label') || ''")]
        if unnamed:
            problems.append(f"cell {index}: {len(unnamed)} radio button(s) without a label")
    assert not problems, f"{relpath}:\n  " + "\n  ".join(problems)
