"""Accessibility checks with axe-core, run on a page after Run All (see student_run.py).

A serious or critical violation whose element sits inside a notebook output
(``.jp-OutputArea``: the kit's widgets, tables and charts) is a problem;
violations in JupyterLab's own chrome are reported as warnings, since the kit
cannot fix them.
"""

from __future__ import annotations

import warnings

BLOCKING = {"serious", "critical"}


def _in_outputs(page, target) -> bool:
    """Whether an axe node (a CSS selector, or a path through shadow roots/frames) lies inside a notebook output."""
    selector = target[-1] if isinstance(target, list) else target
    if isinstance(selector, list):  # a shadow-DOM path: the host decides
        selector = selector[0]
    return page.evaluate("(sel) => { try { const el = document.querySelector(sel); return !!(el && el.closest('.jp-OutputArea')); } catch (e) { return false; } }", selector)


def axe_problems(page, relpath: str) -> list[str]:
    """axe-core on the page as it is: serious or critical violations inside notebook outputs (the kit's own);
    the rest (JupyterLab's chrome, minor issues) become warnings."""
    from axe_playwright_python.sync_playwright import Axe

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
    return [f"accessibility: {line}" for line in kit]
