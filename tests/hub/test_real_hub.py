"""The kit on a real JupyterHub: two learners log in, pull the student bundle with the kit's link, and answer a quiz.

The hub runs on 127.0.0.1 with the parts a small course would use: jupyterhub
(from the test extras), its proxy configurable-http-proxy (from npm:
``npm ci --prefix tests/hub``, which ``make test`` and ``.ci/run`` do), the
dummy authenticator and the simple local process spawner, each learner's home
a temporary folder. The student bundle (``casekit release``) is a local git
repository; the link ``casekit hub-link`` prints, pointed at it, is what each
learner follows: nbgitpuller (from the test extras, on the hub's single-user
environment) clones it into the learner's home and opens lesson 00.

Checked: the link has the form nbgitpuller expects; the pull puts the bundle
in each learner's home; each learner's quiz answer lands in that learner's own
home, never the other's. Without Node.js the test is skipped, saying why.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from casekit.instructor.hub import nbgitpuller_link
from casekit.instructor.insight.report import class_report
from casekit.instructor.release import make_release
from tests.browser.helpers import (
    LOOPBACK,
    ROOT,
    BrowserSuiteError,
    RequestLog,
    check_buttons,
    choose_answer,
    click_check,
    first_question,
    free_port,
    notebook_state,
    quiz_cells,
)
from tests.browser.helpers import with_chromium as shared_with_chromium

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
LESSON = "lessons/00-start-here.ipynb"
LEARNERS = ("alice", "bob")
PASSWORD = secrets.token_hex(8)
BUNDLE = "casekit-student"

CONFIG = """
import sys
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://{ip}:{port}"
c.JupyterHub.hub_bind_url = "http://{ip}:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://{ip}:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {work!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {work!r} + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = {work!r} + "/cookie_secret"
c.JupyterHub.pid_file = {work!r} + "/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {work!r} + "/homes/{{username}}"
c.Spawner.ip = "{ip}"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
"""


def _proxy_or_skip() -> str:
    if PROXY.is_file():
        return str(PROXY)
    if shutil.which("configurable-http-proxy"):
        return shutil.which("configurable-http-proxy")
    if not shutil.which("node"):
        pytest.skip(
            "Node.js is not installed, so JupyterHub's proxy (configurable-http-proxy, from npm) cannot run: install Node.js 20 or newer and run `npm ci --prefix tests/hub` to test the hub"
        )
    pytest.fail("configurable-http-proxy is missing: run `npm ci --prefix tests/hub` (make test and .ci/run do this)", pytrace=False)


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=casekit test", "-c", "user.email=test@localhost", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def bundle_repo(tmp_path_factory) -> Path:
    """The student bundle, unpacked and committed as a git repository on branch main (what an instructor publishes)."""
    work = tmp_path_factory.mktemp("bundle")
    archive = work / f"{BUNDLE}.zip"
    make_release(ROOT, archive)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(work / "repo")
    repo = work / "repo" / BUNDLE
    _git("init", "-q", "-b", "main", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "student bundle", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    proxy = _proxy_or_skip()
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
    except ImportError as exc:
        pytest.fail(
            f"{exc.name} is not installed: it is in the test extras (pip install -e '.[test]', which make test runs)", pytrace=False
        )
    work = tmp_path_factory.mktemp("hub")
    (work / "homes").mkdir()
    port = free_port()
    args = ["--LabApp.expose_app_in_browser=True", "--ServerApp.terminals_enabled=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    config = CONFIG.format(
        ip=LOOPBACK, port=port, hub_port=free_port(), api_port=free_port(), proxy=proxy, work=str(work), password=PASSWORD, args=args
    )
    (work / "jupyterhub_config.py").write_text(config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CASEKIT_", "PYTHONPATH"))}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    log = open(work / "jupyterhub.log", "ab")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterhub", "-f", str(work / "jupyterhub_config.py")],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://{LOOPBACK}:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/hub/api", timeout=2) as resp:
                if resp.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            tail = (work / "jupyterhub.log").read_text(errors="replace")[-3000:]
            os.killpg(proc.pid, signal.SIGKILL) if proc.poll() is None else None
            pytest.fail(f"JupyterHub did not start on {base}; the end of its log:\n{tail}", pytrace=False)
        time.sleep(0.3)
    yield {"base": base, "port": port, "work": work}
    proc.send_signal(signal.SIGTERM)  # the hub stops the learners' servers and the proxy (cleanup_servers)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    log.close()


def with_chromium(work):
    """``work(browser)`` with a Chromium of its own, in a thread of its own (see ``tests.browser.helpers.with_chromium``)."""
    try:
        return shared_with_chromium(work)
    except BrowserSuiteError as exc:
        pytest.fail(str(exc), pytrace=False)


def test_hub_link_has_the_form_nbgitpuller_expects():
    link = nbgitpuller_link("https://hub.example.org", f"https://git.example.org/course/{BUNDLE}", "main")
    parts = urllib.parse.urlsplit(link)
    assert parts.path == "/hub/user-redirect/git-pull"
    query = urllib.parse.parse_qs(parts.query, strict_parsing=True)
    assert query == {"repo": [f"https://git.example.org/course/{BUNDLE}"], "branch": ["main"], "urlpath": [f"lab/tree/{BUNDLE}/{LESSON}"]}


def _log_in_from_the_link(browser, hub, link: str, name: str):
    """Follow the link as a learner would: the hub asks for a login, then starts the server; nbgitpuller pulls, the lesson opens."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    context.request_log = RequestLog(context, hub["port"])
    page = context.new_page()
    page.goto(link, wait_until="domcontentloaded")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("[type=submit]", no_wait_after=True)
    return context, page


def _wait_for_lesson(pages: dict, timeout: float = 150.0) -> None:
    """Wait until every learner's page shows lesson 00 with an idle kernel (their servers start side by side)."""
    relpath = f"{BUNDLE}/{LESSON}"
    states = dict.fromkeys(pages, "")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(s != "ready" for s in states.values()):
        for name, page in pages.items():
            if states[name] == "ready":
                continue
            try:
                states[name] = notebook_state(page, relpath)
                start = page.locator("#start")  # a hub that shows "Launch server"
                if start.count() and start.is_visible():
                    start.click(no_wait_after=True)
            except Exception:  # the page is navigating: hub, spawn, git-pull, lab
                states[name] = "navigating"
            if states[name] == "dialog":
                pytest.fail(f"{name}: a dialog appeared in JupyterLab: {page.inner_text('.jp-Dialog')[:300]}")
        pages[next(iter(pages))].wait_for_timeout(300)
    for name, page in pages.items():
        assert states[name] == "ready", f"{name}: lesson 00 did not open from the link (last state {states[name]!r}, at {page.url})"


RUN_ALL = """() => {
  window.__hubRun = 'running';
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
    () => { window.__hubRun = 'done'; }, (e) => { window.__hubRun = 'failed: ' + e; });
}"""


def _run_all_side_by_side(pages: dict, timeout_ms: float = 120_000) -> None:
    """Run All in every learner's lesson at once (their kernels are separate processes), then wait for each."""
    for page in pages.values():
        page.evaluate(RUN_ALL)
    for name, page in pages.items():
        page.wait_for_function("() => window.__hubRun !== 'running'", timeout=timeout_ms)
        outcome = page.evaluate("() => window.__hubRun")
        assert outcome == "done", f"{name}: Run All in lesson 00 ended with {outcome!r}"


SHOW_CELL = """async (i) => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  nb.activeCellIndex = i;
  await nb.scrollToItem(i, 'start');
}"""


def _answer_the_first_quiz(page, name: str) -> None:
    """Scroll to the first quiz as a learner would, choose an option, press Check: the feedback must appear.

    The hub runs with the kit's own settings only, so JupyterLab renders just the cells in view
    (windowed): the quiz cell is brought into view first and found by its index in the notebook.
    """
    index = next(iter(quiz_cells(ROOT / LESSON)))
    page.evaluate(SHOW_CELL, index)
    output = page.locator(f'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook [data-windowed-list-index="{index}"] .jp-OutputArea')
    check_buttons(output).first.wait_for(state="visible", timeout=30_000)
    question, check = first_question(output)
    # Under load the option labels can arrive after the buttons: wait until every option has its text.
    page.wait_for_function(
        "el => [...el.querySelectorAll('input[type=radio]')].every(r => r.labels && r.labels[0] && r.labels[0].innerText.trim())",
        arg=question.element_handle(),
        timeout=30_000,
    )
    chosen = choose_answer(page, question)
    ms, text = click_check(page, question, check, timeout_ms=10_000)
    if ms is None:
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "test-artifacts" / f"hub-{name}-quiz.png"))
    assert ms is not None, (
        f"{name}: no feedback after choosing {chosen!r} (feedback area: {text!r}; see test-artifacts/hub-{name}-quiz.png)"
    )
    page.wait_for_timeout(300)  # the answer is written to the progress file as it is checked


def test_two_learners_pull_the_bundle_and_keep_their_own_progress(hub, bundle_repo):
    link = nbgitpuller_link(hub["base"], f"https://git.example.org/course/{BUNDLE}", "main")
    # The same link, pointed at the local repository of the bundle (the hub has no network).
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
    query["repo"] = bundle_repo.as_uri()
    local_link = link.split("?", 1)[0] + "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote, safe="")
    homes = hub["work"] / "homes"

    def learners(chromium):
        opened = {name: _log_in_from_the_link(chromium, hub, local_link, name) for name in LEARNERS}
        try:
            pages = {name: page for name, (_, page) in opened.items()}
            _wait_for_lesson(pages)
            _run_all_side_by_side(pages)
            for name, (context, page) in opened.items():
                _answer_the_first_quiz(page, name)
                assert f"/user/{name}/" in page.url, f"{name} ended at {page.url}, not on their own server"
                assert context.request_log.external() == [], f"{name}: the pages requested outside hosts: {context.request_log.external()}"
        finally:
            for context, _ in opened.values():
                context.close()

    with_chromium(learners)
    for name in LEARNERS:
        pulled = homes / name / BUNDLE
        assert (pulled / LESSON).is_file() and (pulled / ".git").is_dir(), f"nbgitpuller did not clone the bundle into {name}'s home"
        assert not (pulled / "solutions").exists()
    for name in LEARNERS:
        progress = homes / name / ".local" / "share" / "casekit" / "progress"
        files = sorted(p.relative_to(progress).as_posix() for p in progress.rglob("*.json"))
        assert files, f"{name}'s home holds no progress file after a checked quiz answer"
        assert all(Path(f).stem == name for f in files), f"{name}'s home holds someone else's progress: {files}"
        saved = json.loads((progress / files[0]).read_text(encoding="utf-8"))
        assert saved, f"{name}'s progress file is empty"
    # The instructor's view of the same class: the report reads both homes by a glob, names no one without --names.
    report = class_report([str(homes / "*" / ".local" / "share" / "casekit" / "progress")], hub["work"] / "class.html", min_tries=1)
    page = report.html.read_text(encoding="utf-8")
    assert report.learners == len(LEARNERS) and report.csv.is_file(), report.skipped
    assert not any(name in page for name in LEARNERS), "a learner is named on the page without --names"
