"""Nothing leaves the machine: every request the page makes goes to the loopback server.

A classroom network may be closed. The browser resolves no host name but the
loopback address (see CHROMIUM_ARGS), and every request and websocket of the
page is recorded; a request to any other host fails the test, named.
The student run of every notebook (student_run.py, asserted by test_lessons.py
and test_solutions.py) records the requests of its page until at least a second
after its charts are drawn; the last test here asserts on that record for one
lesson with charts and a quiz, with its own message. JupyterLab itself, from a
fresh page with nothing cached, is checked on a plain install of the kit, as
learners get it (tests/install/test_settings_travel.py: no outside request, no
news, update or extension query).
"""

from __future__ import annotations

import pytest

from .helpers import ROOT, discover_notebooks, quiz_cells, uses_charts
from .params import found_or_fail


def offline_target() -> list[str]:
    """One student notebook with charts (and a quiz, if one has both); every notebook gets the same check in test_lessons.py and test_solutions.py."""
    notebooks = discover_notebooks()
    lessons = [p for p in notebooks if p.startswith("lessons/")] or notebooks
    charts = [p for p in lessons if uses_charts(ROOT / p)]
    both = [p for p in charts if quiz_cells(ROOT / p)]
    quizzes = [p for p in lessons if quiz_cells(ROOT / p)]
    return (both or charts or quizzes)[:1]


def test_kit_settings_turn_off_news_and_update_checks(lab_server):
    settings = lab_server.api("lab/api/settings/@jupyterlab/apputils-extension:notification")
    # Overrides change the defaults in the schema the server hands to JupyterLab.
    composite = {key: spec.get("default") for key, spec in settings["schema"]["properties"].items()}
    composite.update(settings.get("settings") or {})
    assert composite.get("fetchNews") == "false", (
        f"fetchNews is {composite.get('fetchNews')!r}; jupyter/overrides.json should set it to 'false'"
    )
    assert composite.get("checkForUpdates") is False, (
        f"checkForUpdates is {composite.get('checkForUpdates')!r}; jupyter/overrides.json should set it to false"
    )


@pytest.mark.parametrize("relpath", found_or_fail(offline_target(), "no lesson with a quiz or a chart found: nothing was run offline"))
def test_lesson_runs_without_any_outside_request(relpath, notebook_runs):
    run = notebook_runs.result(relpath)
    run.raise_if_broken()
    external = run.external
    assert external == [], f"{relpath} made requests to outside hosts (a closed classroom network would break them): " + ", ".join(external)
