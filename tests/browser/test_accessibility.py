"""Accessibility of the kit's own outputs (quizzes, charts) in JupyterLab, checked with axe-core.

axe runs on the whole page after Run All and one answered question. A
serious or critical violation whose element sits inside a notebook output
(``.jp-OutputArea``: the kit's widgets, tables and charts) fails the test;
violations in JupyterLab's own chrome are reported as warnings, since the kit
cannot fix them.
"""

from __future__ import annotations

import re
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


def _in_outputs(page, target) -> bool:
    """Whether an axe node (a CSS selector, or a path through shadow roots/frames) lies inside a notebook output."""
    selector = target[-1] if isinstance(target, list) else target
    if isinstance(selector, list):  # a shadow-DOM path: the host decides
        selector = selector[0]
    return page.evaluate("(sel) => { try { const el = document.querySelector(sel); return !!(el && el.closest('.jp-OutputArea')); } catch (e) { return false; } }", selector)


@pytest.mark.parametrize("relpath", a11y_targets() or [pytest.param(None, marks=pytest.mark.skip(reason="no lesson with a quiz or chart yet"))])
def test_kit_outputs_have_no_serious_axe_violations(relpath, ran):
    """axe-core on the page after Run All: the kit's outputs have no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    page = ran(relpath)
    results = Axe().run(page)
    kit, others = [], {}
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            impact = node.get("impact") or violation.get("impact")
            inside = _in_outputs(page, node["target"])
            if inside and impact in BLOCKING:
                summary = " ".join(node.get("failureSummary", "").split())[:160]
                kit.append(f"{violation['id']} ({impact}): {violation['help']}; element {node['html'][:120]!r}; {summary}")
            else:
                key = (violation["id"], impact, "in outputs" if inside else "JupyterLab")
                others.setdefault(key, [violation["help"], 0, node["target"]])[1] += 1
    for (rule, impact, where), (text, count, target) in sorted(others.items()):
        warnings.warn(f"axe in {relpath}, {where}: {rule} ({impact}) {text}: {count} element(s), e.g. {target}", stacklevel=1)
    assert not kit, f"{relpath}: serious or critical accessibility problems in the kit's outputs:\n  " + "\n  ".join(kit)


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
