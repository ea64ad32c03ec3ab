"""Accessibility checks run on a page after Run All (see student_run.py).

axe-core runs on the notebook outputs only (``.jp-OutputArea``: the kit's
widgets, tables and charts): a serious or critical violation there is a problem,
a minor one a warning. JupyterLab's own chrome is left out, since the kit cannot
fix it (and scanning it took half of axe's time).

The quiz controls as a screen reader or voice control meets them: the names
of the Check and Hint buttons and of the radio buttons
(test_accessibility.py asserts on them).
"""

from __future__ import annotations

import re
import warnings

from .helpers import output_locator

BLOCKING = {"serious", "critical"}


def _in_outputs(page, target) -> bool:
    """Whether an axe node (a CSS selector, or a path through shadow roots/frames) lies inside a notebook output."""
    selector = target[-1] if isinstance(target, list) else target
    if isinstance(selector, list):  # a shadow-DOM path: the host decides
        selector = selector[0]
    return page.evaluate(
        "(sel) => { try { const el = document.querySelector(sel); return !!(el && el.closest('.jp-OutputArea')); } catch (e) { return false; } }",
        selector,
    )


def axe_problems(page, relpath: str) -> list[str]:
    """axe-core on the notebook outputs as they are: serious or critical violations are problems, the rest warnings."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [".jp-OutputArea"]})
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
    return [f"accessibility: {line}" for line in kit]


def quiz_control_name_problems(page, quizzes) -> list[str]:
    """Quiz buttons named other than plainly "Check" or "Hint", and radio buttons without a label, per quiz cell.

    ipywidgets draws a button's ``icon`` as a Font Awesome glyph (a private-use
    character) that becomes part of the accessible name ("\\uf00c Check");
    exact-name locators, and voice-control users saying "click Check", then
    miss the button, and some screen readers read the glyph out.
    """
    problems = []
    for index in quizzes:
        output = output_locator(page, index)
        for label in ("Check", "Hint"):
            found = output.get_by_role("button", name=re.compile(rf"^[\ue000-\uf8ff\s]*{label}$"))
            exact = output.get_by_role("button", name=label, exact=True).count()
            if found.count() and exact < found.count():
                problems.append(
                    f"cell {index}: {found.count() - exact} of {found.count()} {label} buttons are named "
                    f"{found.first.aria_snapshot()!r} instead of {label!r}: the icon glyph is part of the accessible name"
                )
        radios = output.get_by_role("radio")
        unnamed = [
            i
            for i in range(radios.count())
            if not radios.nth(i).evaluate(
                "el => (el.labels && el.labels[0] && el.labels[0].innerText.trim()) || el.getAttribute('aria-label') || ''"
            )
        ]
        if unnamed:
            problems.append(f"cell {index}: {len(unnamed)} radio button(s) without a label")
    return problems
