"""Nothing leaves the machine: every request the page makes goes to the loopback server.

A classroom network may be closed. The browser resolves no host name but the
loopback address (see CHROMIUM_ARGS), and every request and websocket of the
page is recorded; a request to any other host fails the test, named.
(test_notebooks.py applies the same check to every notebook it runs.)
"""

from __future__ import annotations

import pytest

from .helpers import ROOT, cell_report, discover_notebooks, open_notebook, quiz_cells, run_all, uses_charts, wait_for_charts


def offline_targets() -> list[str]:
    """Student notebooks that draw charts, and the first lesson with a quiz (lessons/ first, else solutions/)."""
    notebooks = discover_notebooks()
    lessons = [p for p in notebooks if p.startswith("lessons/")] or notebooks
    chosen = [p for p in lessons if uses_charts(ROOT / p)]
    with_quiz = [p for p in lessons if quiz_cells(ROOT / p)]
    if with_quiz and with_quiz[0] not in chosen:
        chosen.insert(0, with_quiz[0])
    return chosen


def test_jupyterlab_itself_requests_nothing_from_outside(page, lab_server, request_log):
    page.goto(lab_server.url("lab", reset=""), wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=60_000)
    page.evaluate("() => window.jupyterapp.restored")
    page.wait_for_timeout(3000)  # the news and update checks run a moment after start
    assert request_log.external() == [], "JupyterLab requested outside hosts: " + ", ".join(request_log.external())
    asked = [u for u in request_log.urls if "/lab/api/news" in u or "/lab/api/update" in u]
    assert not asked, f"JupyterLab asked for news or updates despite jupyter/overrides.json: {asked}"


def test_kit_settings_turn_off_news_and_update_checks(lab_server):
    settings = lab_server.api("lab/api/settings/@jupyterlab/apputils-extension:notification")
    # Overrides change the defaults in the schema the server hands to JupyterLab.
    composite = {key: spec.get("default") for key, spec in settings["schema"]["properties"].items()}
    composite.update(settings.get("settings") or {})
    assert composite.get("fetchNews") == "false", f"fetchNews is {composite.get('fetchNews')!r}; jupyter/overrides.json should set it to 'false'"
    assert composite.get("checkForUpdates") is False, f"checkForUpdates is {composite.get('checkForUpdates')!r}; jupyter/overrides.json should set it to false"


@pytest.mark.parametrize("relpath", offline_targets() or [pytest.param(None, marks=pytest.mark.skip(reason="no lesson with a quiz or chart yet"))])
def test_lesson_runs_without_any_outside_request(relpath, page, lab_server, request_log):
    assert open_notebook(page, lab_server, relpath) == "ready"
    run_all(page)
    for cell in cell_report(page):
        if cell["charts"]:
            wait_for_charts(page, cell["index"], cell["charts"])
    page.wait_for_timeout(1000)  # late requests (fonts, images, lazy scripts)
    external = request_log.external()
    assert external == [], f"{relpath} made requests to outside hosts (a closed classroom network would break them): " + ", ".join(external)
