"""Fixtures of the browser suite: one private JupyterLab and one headless Chromium per pytest process.

Under pytest-xdist every worker starts its own server and browser (session
scope). The server serves a temporary copy of data/, lessons/ and solutions/,
so the kit's notebooks are never touched. When Chromium is missing, every
browser test errors with one sentence that says how to install it: the suite
fails loudly, it never skips.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import ROOT, BrowserSuiteError, LabServer, RequestLog, launch_chromium

ARTIFACTS = ROOT / "test-artifacts"
HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: opens the kit in a real JupyterLab with headless Chromium (slow; needs /usr/bin/chromium)")


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


@pytest.fixture
def request_log(browser_context):
    """The requests of this test only."""
    browser_context.request_log.clear()
    return browser_context.request_log


def new_page(context):
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return page


@pytest.fixture
def page(browser_context, lab_server, request_log):
    """A new tab; its kernels are shut down after the test."""
    page = new_page(browser_context)
    yield page
    page.close()
    lab_server.shutdown_sessions(wait=False)


@pytest.fixture(scope="session")
def screenshot_dir():
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
