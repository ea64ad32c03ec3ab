"""Accessibility of the kit's own outputs (quizzes, charts) in JupyterLab, checked with axe-core.

axe runs on the whole page after Run All and one answered question. A
serious or critical violation whose element sits inside a notebook output
(``.jp-OutputArea``: the kit's widgets, tables and charts) fails the test;
violations in JupyterLab's own chrome are reported as warnings, since the kit
cannot fix them.
"""

from __future__ import annotations

import warnings

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
    uses_charts,
    wait_for_charts,
)

BLOCKING = {"serious", "critical"}


def a11y_targets() -> list[str]:
    """00-start-here (a quiz) and every notebook that draws charts, student versions first."""
    notebooks = discover_notebooks()
    lessons = [p for p in notebooks if p.startswith("lessons/")]
    pool = lessons or notebooks
    chosen = [p for p in pool if quiz_cells(ROOT / p)][:1]
    chosen += [p for p in pool if uses_charts(ROOT / p) and p not in chosen]
    return chosen


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


def _in_outputs(page, target) -> bool:
    """Whether an axe node (a CSS selector, or a path through shadow roots/frames) lies inside a notebook output."""
    selector = target[-1] if isinstance(target, list) else target
    if isinstance(selector, list):  # a shadow-DOM path: the host decides
        selector = selector[0]
    return page.evaluate("(sel) => { try { const el = document.querySelector(sel); return !!(el && el.closest('.jp-OutputArea')); } catch (e) { return false; } }", selector)


@pytest.mark.parametrize("relpath", a11y_targets() or [pytest.param(None, marks=pytest.mark.skip(reason="no lesson with a quiz or chart yet"))])
def test_kit_outputs_have_no_serious_axe_violations(relpath, page, lab_server):
    from axe_playwright_python.sync_playwright import Axe

    _prepare(page, lab_server, relpath)
    results = Axe().run(page)
    kit, chrome = [], []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            impact = node.get("impact") or violation.get("impact")
            line = f"{violation['id']} ({impact}): {violation['help']} at {node['target']}: {node.get('failureSummary', '').strip()[:200]}"
            if _in_outputs(page, node["target"]):
                (kit if impact in BLOCKING else chrome).append(line)
            else:
                chrome.append(line)
    for line in chrome:
        warnings.warn(f"axe, outside the kit's outputs or minor, in {relpath}: {line}", stacklevel=1)
    assert not kit, f"{relpath}: serious or critical accessibility problems in the kit's outputs:\n  " + "\n  ".join(kit)


@pytest.mark.parametrize("relpath", a11y_targets()[:1] or [pytest.param(None, marks=pytest.mark.skip(reason="no lesson with a quiz yet"))])
def test_quiz_controls_have_plain_accessible_names(relpath, page, lab_server):
    """A screen reader announces a quiz button as "Check" or "Hint", with nothing before it.

    ipywidgets draws a button's ``icon`` as a Font Awesome glyph (a private-use
    character) that becomes part of the accessible name; exact-name locators,
    and voice-control users saying "click Check", then miss the button.
    """
    assert open_notebook(page, lab_server, relpath) == "ready"
    run_all(page)
    problems = []
    for index in quiz_cells(ROOT / relpath):
        output = output_locator(page, index)
        found = check_buttons(output).count()
        exact = output.get_by_role("button", name="Check", exact=True).count()
        if found and exact < found:
            names = [b.evaluate("b => b.innerText") for b in check_buttons(output).all()][:1]
            aria = output.get_by_role("button").first.aria_snapshot()
            problems.append(f"cell {index}: {found - exact} of {found} Check buttons have an accessible name other than 'Check' "
                            f"({aria!r}; visible text {names!r}); the icon glyph is read as part of the name")
        radios = output.get_by_role("radio")
        unnamed = [i for i in range(radios.count()) if not radios.nth(i).evaluate("el => (el.labels && el.labels[0] && el.labels[0].innerText.trim()) || el.getAttribute('aria-label') || ''")]
        if unnamed:
            problems.append(f"cell {index}: {len(unnamed)} radio button(s) without a label")
    assert not problems, f"{relpath}:\n  " + "\n  ".join(problems)
