"""Fixtures of the browser suite: one private JupyterLab and one headless Chromium for the whole suite.

Under ``--dist loadfile`` the top conftest.py sends every test of tests/browser/
to the same pytest-xdist worker, so one server and one browser (session scope)
serve them all; the notebooks run in one or more pages of that browser at once
(``notebook_runs``, see student_run.py; ``CASEKIT_BROWSER_PAGES`` pages, one per two cores by
default). The server serves a temporary copy of data/, lessons/ and
solutions/, so the kit's notebooks are never touched. When Chromium is
missing, every browser test errors with one sentence that says how to install
it: the suite fails loudly, it never skips.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .helpers import ROOT, BrowserSuiteError, LabServer, RequestLog, launch_chromium
from .student_run import OBSERVATIONS, NotebookRuns, plan

ARTIFACTS = ROOT / "test-artifacts"
HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: opens the kit in a real JupyterLab with headless Chromium (slow; needs /usr/bin/chromium)")
    config.addinivalue_line(
        "markers", f"notebook_run(*observations): the student run of this test's notebook also records these ({', '.join(OBSERVATIONS)})"
    )
    config.addinivalue_line("markers", "none_found(message): the test found nothing to run on; it fails with the message (params.py)")


def pytest_runtest_setup(item):
    """A test that found no notebook to run on fails before JupyterLab or Chromium start: the suite never skips."""
    marker = item.get_closest_marker("none_found")
    if marker is not None:
        pytest.fail(marker.args[0], pytrace=False)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """JupyterLab from the kit's own environment, on a free loopback port with a random token."""
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.start()
    except BrowserSuiteError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(playwright_driver):
    try:
        browser = launch_chromium(playwright_driver)
    except BrowserSuiteError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_context(chromium, lab_server):
    """One browser context per worker (its HTTP cache makes later pages load faster); every request is recorded."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    context.set_default_timeout(15_000)
    context.request_log = RequestLog(context, lab_server.port)
    yield context
    context.close()


def default_pages() -> int:
    """Pages run side by side: one per two cores. On 2 cores one page is fastest (measured: the lessons took
    70.7 s with 1 page, 83.7 s with 2 and 95.4 s with 3), as JupyterLab, the kernels and Chromium already fill both."""
    return max(1, (os.cpu_count() or 2) // 2)


@pytest.fixture(scope="session")
def notebook_runs(request, browser_context, lab_server, screenshot_dir):
    """The student runs of the notebooks that the selected tests name (their ``relpath``), several pages at once.

    ``notebook_runs.result(relpath)`` waits for that notebook's run (and keeps
    the other pages going meanwhile); each notebook runs once per session.
    """
    wanted = plan(request.session.items)
    pages = int(os.environ.get("CASEKIT_BROWSER_PAGES", "0")) or default_pages()
    runs = NotebookRuns(browser_context, lab_server, screenshot_dir, wanted, pages=pages)
    yield runs
    runs.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
