"""What the browser tests and benchmarks share: a private JupyterLab, headless Chromium, and notebook driving.

Nothing here imports pytest, so ``benchmarks/bench_browser.py`` can use it too.

* :class:`LabServer` starts JupyterLab from the kit's own environment
  (``sys.executable -m jupyter lab``) on a free loopback port with a random
  token, in a private copy of the kit (``data/``, ``lessons/``, ``solutions/``),
  with every Jupyter and casekit folder pointed into a temporary folder. The
  kit's notebooks are never opened in place, so running cells can never
  mark them dirty or save them.
* :func:`launch_chromium` starts Debian's Chromium with Playwright.
* :func:`open_notebook`, :func:`run_all` and friends drive a notebook through
  ``window.jupyterapp`` (the server runs with ``expose_app_in_browser``).
  Each has a non-blocking half (:func:`start_open`, :func:`start_run`, polled
  with :func:`notebook_state` and :func:`run_state`), so that one Python thread
  can keep several pages busy at once (see student_run.py).
"""

from __future__ import annotations

import ast
import atexit
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_FOLDERS = ("lessons", "solutions")
CHROMIUM = os.environ.get("CASEKIT_CHROMIUM", "/usr/bin/chromium")
LOOPBACK = "127.0.0.1"
# Every name lookup fails except the loopback address: a CDN request fails at
# once (as on a closed classroom network) instead of hanging; it is still
# recorded by the page's request log, which is what the offline test reads.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
# Test-only JupyterLab settings, layered over the kit's jupyter/overrides.json:
# every cell stays in the page (no windowed rendering), so a cell's outputs can
# be found by its position and seen in a screenshot.
TEST_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
# The private server's config: each notebook's kernel gets a progress folder of
# its own (as each notebook does under nbval, see conftest.py), so notebooks
# running side by side never write to one progress file, and a solution never
# shows the answers given in its lesson.
SERVER_CONFIG = """
import os, re
from jupyter_server.services.sessions.sessionmanager import SessionManager

PROGRESS = {progress!r}
ROOT = {root!r}


class ProgressPerNotebook(SessionManager):
    def get_kernel_env(self, path, name=None):
        env = super().get_kernel_env(path, name)
        notebook = os.path.relpath(env.get("JPY_SESSION_NAME") or "kernel", ROOT)
        return {{**env, "CASEKIT_PROGRESS_DIR": os.path.join(PROGRESS, re.sub(r"[^A-Za-z0-9.-]+", "_", notebook))}}


c.ServerApp.session_manager_class = ProgressPerNotebook
"""
CHART_SELECTOR = ".vega-embed svg, .vega-embed canvas"
FEEDBACK_SELECTOR = ".casekit-feedback, [role='status']"
# A quiz's Check button. ipywidgets draws a button's icon as a Font Awesome glyph
# that ends up in the accessible name ("\uf00c Check"); the tests find the
# button despite that, and test_accessibility.py reports the glyph separately.
CHECK_BUTTON = re.compile(r"^[\ue000-\uf8ff\s]*Check$")


class BrowserSuiteError(RuntimeError):
    """The browser suite cannot run here (no Chromium, JupyterLab does not start)."""


# ---------------------------------------------------------------- the kit's notebooks


def discover_notebooks(root: Path = ROOT) -> list[str]:
    """Every notebook in lessons/ and solutions/, as paths relative to the kit ("lessons/00-start-here.ipynb")."""
    found = []
    for folder in NOTEBOOK_FOLDERS:
        found += sorted(p.relative_to(root).as_posix() for p in (root / folder).glob("*.ipynb"))
    return found


def read_cells(path: Path) -> list[dict]:
    """The cells of a notebook file (raw JSON: no nbformat needed)."""
    with open(path, encoding="utf-8") as fh:
        nb = json.load(fh)
    cells = nb.get("cells", [])
    for cell in cells:
        src = cell.get("source", "")
        cell["source"] = "".join(src) if isinstance(src, list) else src
    return cells


def count_calls(source: str, name: str) -> int:
    """How many times ``name(...)`` is called in a code cell (comments and strings do not count).

    Cells with IPython magics that do not parse fall back to a regular expression on
    the lines without comments.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        code = "\n".join(line.split("#", 1)[0] for line in source.splitlines())
        return len(re.findall(rf"(?<![\w.]){re.escape(name)}\(", code))
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == name) or (isinstance(node.func, ast.Attribute) and node.func.attr == name)
        )
    )


def quiz_cells(path: Path) -> dict[int, int]:
    """{cell index: number of quiz(...) calls} for the code cells of a notebook that show quizzes."""
    found = {}
    for i, cell in enumerate(read_cells(path)):
        if cell.get("cell_type") == "code":
            n = count_calls(cell["source"], "quiz")
            if n:
                found[i] = n
    return found


def uses_charts(path: Path) -> bool:
    """Whether a notebook imports casekit.charts (or draws with Altair itself)."""
    pattern = re.compile(
        r"^\s*(from\s+casekit(\.charts)?\s+import\s+.*\bcharts?\b|from\s+casekit\.charts\b|import\s+casekit\.charts\b|import\s+altair\b)",
        re.M,
    )
    return any(c.get("cell_type") == "code" and pattern.search(c["source"]) for c in read_cells(path))


# ---------------------------------------------------------------- JupyterLab


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _copy_kit(source: Path, dest: Path) -> None:
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")
    for name in ("data", *NOTEBOOK_FOLDERS):
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name, ignore=ignore)
        else:
            (dest / name).mkdir(parents=True)


def kit_settings_overrides(source: Path = ROOT) -> dict:
    """The kit's JupyterLab settings (jupyter/overrides.json) with the test-only settings layered on top."""
    path = source / "jupyter" / "overrides.json"
    settings = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for plugin, values in TEST_SETTINGS.items():
        settings.setdefault(plugin, {}).update(values)
    return settings


@dataclass
class LabServer:
    """A private JupyterLab for tests: ``start()``, use ``url(...)``/``api(...)``, ``stop()``.

    ``workdir`` holds everything the run writes: ``root/`` (the copy of the kit
    that JupyterLab serves), ``home/``, Jupyter's config, data, runtime,
    settings and workspace folders, casekit's progress folder (one subfolder
    per notebook, see SERVER_CONFIG) and cache folder, and ``jupyterlab.log``.
    """

    workdir: Path
    source: Path = ROOT
    python: str = sys.executable
    token: str = field(default_factory=lambda: secrets.token_hex(24))
    port: int = 0
    proc: subprocess.Popen | None = None

    @property
    def root(self) -> Path:
        return self.workdir / "root"

    @property
    def log_path(self) -> Path:
        return self.workdir / "jupyterlab.log"

    @property
    def base(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def url(self, path: str = "lab", **query) -> str:
        query = {"token": self.token, **query}
        return f"{self.base}/{path.lstrip('/')}?{urllib.parse.urlencode(query)}"

    def notebook_url(self, relpath: str, workspace: str | None = None) -> str:
        """A fresh workspace per page, so no earlier layout (and no other notebook) is restored."""
        workspace = workspace or f"t{uuid.uuid4().hex[:12]}"
        return self.url(f"lab/workspaces/{workspace}/tree/{urllib.parse.quote(relpath)}")

    def environment(self) -> dict[str, str]:
        w = self.workdir
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CASEKIT_", "IPYTHON"))}
        env.update(
            HOME=str(w / "home"),
            XDG_CONFIG_HOME=str(w / "home" / ".config"),
            XDG_CACHE_HOME=str(w / "home" / ".cache"),
            XDG_DATA_HOME=str(w / "home" / ".local" / "share"),
            IPYTHONDIR=str(w / "home" / ".ipython"),
            JUPYTER_CONFIG_DIR=str(w / "jupyter-config"),
            JUPYTER_DATA_DIR=str(w / "jupyter-data"),
            JUPYTER_RUNTIME_DIR=str(w / "jupyter-runtime"),
            JUPYTERLAB_SETTINGS_DIR=str(w / "lab-user-settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(w / "lab-workspaces"),
            JUPYTER_PLATFORM_DIRS="1",
            CASEKIT_PROGRESS_DIR=str(w / "progress"),
            CASEKIT_CACHE_DIR=str(w / "casekit-cache"),
            CASEKIT_LEARNER="browser-test",
            PATH=os.pathsep.join([str(Path(self.python).parent), env.get("PATH", "")]),
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    def _prepare(self) -> None:
        if not self.root.exists():
            _copy_kit(self.source, self.root)
        for name in ("home", "jupyter-data", "jupyter-runtime", "lab-user-settings", "lab-workspaces", "progress", "casekit-cache"):
            (self.workdir / name).mkdir(parents=True, exist_ok=True)
        # The kit's settings override (news and update checks off), applied
        # through the private config folder, so the real environment is untouched.
        labconfig = self.workdir / "jupyter-config" / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "default_setting_overrides.json").write_text(
            json.dumps(kit_settings_overrides(self.source), indent=2), encoding="utf-8"
        )
        (self.workdir / "jupyter-config" / "jupyter_server_config.py").write_text(
            SERVER_CONFIG.format(progress=str(self.workdir / "progress"), root=str(self.root)), encoding="utf-8"
        )

    def start(self, timeout: float = 90.0, attempts: int = 3) -> LabServer:
        self._prepare()
        last = ""
        for _ in range(attempts):
            self.port = free_port()
            cmd = [
                self.python,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                f"--ServerApp.ip={LOOPBACK}",
                f"--ServerApp.port={self.port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
                "--ServerApp.open_browser=False",
                "--LabApp.expose_app_in_browser=True",
                "--LabApp.extension_manager=readonly",  # as in `make lab`: no PyPI queries
                "--ServerApp.terminals_enabled=False",
                "--MappingKernelManager.cull_idle_timeout=0",
            ]
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                cmd.append("--allow-root")  # containers and CI images often run as root
            log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
            self._log = log
            self.proc = subprocess.Popen(
                cmd, cwd=self.root, env=self.environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    with urllib.request.urlopen(self.url("api/status"), timeout=2) as resp:
                        if resp.status == 200:
                            atexit.register(self.stop)  # no orphaned server if the caller dies before stop()
                            return self
                except (urllib.error.URLError, OSError):
                    pass
                time.sleep(0.25)
            last = self.log_tail()
            self.stop()
        raise BrowserSuiteError(f"JupyterLab did not answer on /api/status within {timeout:.0f} s; the end of its log:\n{last}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.base}/{path.lstrip('/')}", method=method, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_sessions(self, wait: bool = True, paths: list[str] | None = None) -> None:
        """Stop the kernels running now (between tests, so memory stays flat); ``wait=False`` does it in the background.

        With ``paths``, only the kernels of those notebooks stop (other pages may be running theirs).
        """
        try:
            ids = [session["id"] for session in self.api("api/sessions") if paths is None or session.get("path") in paths]
        except (urllib.error.URLError, OSError):
            return

        def delete():
            for sid in ids:
                try:
                    self.api(f"api/sessions/{sid}", method="DELETE")
                except (urllib.error.URLError, OSError):
                    pass

        if wait:
            delete()
        else:
            threading.Thread(target=delete, daemon=True).start()

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if proc is not None:
            # Kernels are started by the server in its own process group; stop any left behind.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        log = getattr(self, "_log", None)
        if log is not None:
            log.close()
            self._log = None


# ---------------------------------------------------------------- Chromium


def launch_chromium(playwright):
    """Debian's Chromium, headless, with a fresh profile (Playwright makes a temporary user-data-dir per launch)."""
    if not Path(CHROMIUM).is_file():
        msg = (
            f"Chromium is not installed at {CHROMIUM}: the browser tests need it. "
            "Install it with `sudo apt-get install chromium` (.ci/run does this), "
            "or point CASEKIT_CHROMIUM at a Chromium binary."
        )
        raise BrowserSuiteError(msg)
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def is_local(url: str, port: int | None = None) -> bool:
    """Whether a request stays on this machine: the loopback server, or data:/blob:/about: URLs."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension", "devtools"):
        return True
    if parts.hostname not in (LOOPBACK, "localhost"):
        return False
    return port is None or parts.port == port


def _page_of(request):
    """The page that made a request, or None (a service worker's request has no page)."""
    try:
        return request.frame.page
    except Exception:
        return None


class RequestLog:
    """Every request and websocket a browser context opens, with the page that opened it, for the offline check.

    ``mark()`` and ``external(since=..., page=...)`` give the requests of one
    stretch of time in one page; a request no page can be blamed for counts
    for every page.
    """

    def __init__(self, context, port: int):
        self.port = port
        self.entries: list[tuple[str, object]] = []  # (url, page or None)
        context.on("request", lambda req: self.entries.append((req.url, _page_of(req))))
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page) -> None:
        page.on("websocket", lambda ws: self.entries.append((ws.url, page)))

    @property
    def urls(self) -> list[str]:
        return [url for url, _ in self.entries]

    def clear(self) -> None:
        self.entries.clear()

    def mark(self) -> int:
        return len(self.entries)

    def external(self, since: int = 0, page=None) -> list[str]:
        return sorted({u for u, p in self.entries[since:] if (page is None or p is None or p is page) and not is_local(u, self.port)})


# ---------------------------------------------------------------- driving a notebook

_STATE_JS = """
(path) => {
  const app = window.jupyterapp;
  if (!app) return 'no app';
  if (document.querySelector('.jp-Dialog')) return 'dialog';
  const w = app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path) return 'no notebook';
  if (!w.context.isReady || !w.content || w.content.widgets.length === 0) return 'loading';
  const s = w.sessionContext;
  if (!s || !s.session || !s.session.kernel) return 'no kernel';
  const k = s.session.kernel;
  return (k.connectionStatus === 'connected' && k.status === 'idle') ? 'ready' : 'kernel ' + k.status;
}
"""


def start_open(page, server: LabServer, relpath: str) -> None:
    """Start opening a notebook, without waiting for its kernel (poll :func:`notebook_state`).

    In a page that already shows JupyterLab the notebook opens as a new tab of
    it, as when a student double-clicks it in the file browser; otherwise the
    page loads JupyterLab at the notebook's address.
    """
    if page.evaluate("() => !!(window.jupyterapp && window.jupyterapp.commands && document.querySelector('#main'))"):
        page.evaluate(
            """(path) => {
          window.__casekitOpen = '';
          window.jupyterapp.commands.execute('docmanager:open', {path}).catch((e) => { window.__casekitOpen = String(e); });
        }""",
            relpath,
        )
    else:
        page.goto(server.notebook_url(relpath), wait_until="domcontentloaded")


def finish_open(page, state: str) -> str:
    if state == "ready":
        # More room for the notebook (and the screenshots): fold away the file browser.
        page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    return state


def open_notebook(page, server: LabServer, relpath: str, timeout: float = 90.0) -> str:
    """Open a notebook and wait until its kernel is connected and idle; return 'ready' or 'dialog'."""
    start_open(page, server, relpath)
    handle = page.wait_for_function(
        f"() => {{ const s = ({_STATE_JS})({json.dumps(relpath)}); return (s === 'ready' || s === 'dialog') ? s : false; }}",
        timeout=timeout * 1000,
    )
    return finish_open(page, handle.json_value())


def notebook_state(page, relpath: str) -> str:
    """'ready' (kernel connected and idle), 'dialog', or what it is waiting for ('loading', 'no kernel', ...)."""
    try:
        return page.evaluate(_STATE_JS, relpath)
    except Exception as exc:
        if "navigat" in str(exc) or "context was destroyed" in str(exc):
            return "loading"
        raise


def close_notebook(page, server: LabServer, relpath: str) -> None:
    """Close a notebook's tab without the save prompt, and stop its kernel; JupyterLab stays open for the next one."""
    page.evaluate(
        """(path) => {
      for (const w of [...window.jupyterapp.shell.widgets('main')]) {
        if (w.context && w.context.path === path) w.dispose();
      }
    }""",
        relpath,
    )
    server.shutdown_sessions(wait=False, paths=[relpath])


def dialog_text(page) -> str:
    dialogs = page.locator(".jp-Dialog")
    return dialogs.first.inner_text() if dialogs.count() else ""


_RUN_FINISHED_JS = """() => {
  if (window.__casekitRun === 'running') return false;
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  return ![...w.node.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'));
}"""


def start_run(page) -> None:
    """Clear the stored outputs and start Run All, without waiting for it (poll :func:`run_state`)."""
    page.evaluate("""async () => {
      const app = window.jupyterapp;
      await app.commands.execute('notebook:clear-all-cell-outputs');
      window.__casekitRun = 'running';
      app.commands.execute('notebook:run-all-cells').then(
        () => { window.__casekitRun = 'done'; },
        (e) => { window.__casekitRun = 'failed: ' + e; });
    }""")


def run_state(page) -> str:
    """'running' until Run All has finished and the kernel is idle; then 'done', or 'failed: ...'."""
    return page.evaluate(f"() => ({_RUN_FINISHED_JS})() ? String(window.__casekitRun) : 'running'")


def run_all(page, timeout: float = 180.0) -> float:
    """Clear the stored outputs, Run All, and wait until the run has finished and the kernel is idle; return seconds."""
    start_run(page)
    start = time.perf_counter()
    page.wait_for_function(_RUN_FINISHED_JS, timeout=timeout * 1000, polling=100)
    elapsed = time.perf_counter() - start
    outcome = page.evaluate("window.__casekitRun")
    if outcome != "done":
        raise AssertionError(f"Run All did not finish: {outcome}")
    return elapsed


def cell_report(page) -> list[dict]:
    """For every cell: its type, whether it ran, its error outputs, and which outputs are charts."""
    return page.evaluate("""() => {
      const w = window.jupyterapp.shell.currentWidget;
      return w.content.widgets.map((cell, index) => {
        const m = cell.model;
        const out = {index, type: m.type, source: m.sharedModel.getSource(), executionCount: null, errors: [], charts: 0, outputs: 0};
        if (m.type !== 'code') return out;
        out.executionCount = m.executionCount;
        for (let i = 0; i < m.outputs.length; i++) {
          const o = m.outputs.get(i).toJSON();
          out.outputs += 1;
          if (o.output_type === 'error') out.errors.push(o.ename + ': ' + o.evalue);
          if (o.output_type === 'stream' && o.name === 'stderr' && String(o.text).includes('Traceback')) out.errors.push(String(o.text).slice(0, 400));
          const data = o.data || {};
          const plain = String(data['text/plain'] || '');
          const keys = Object.keys(data);
          if (plain.includes('JupyterChart') || keys.some(k => k.startsWith('application/vnd.vegalite') || k.startsWith('application/vnd.vega.'))
              || String(data['text/html'] || '').includes('vegaEmbed')) out.charts += 1;
        }
        return out;
      });
    }""")


def cell_locator(page, index: int):
    """The DOM node of the index-th cell of the open notebook (all cells are in the page: windowing is off)."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(index)


def output_locator(page, index: int):
    return cell_locator(page, index).locator(".jp-OutputArea")


def dom_errors(page) -> list[str]:
    """Tracebacks and widget errors as the student sees them."""
    return page.evaluate("""() => {
      const found = [];
      for (const el of document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
        if (el.textContent.includes('Traceback') || el.textContent.includes('Error')) found.push(el.textContent.slice(0, 300));
      }
      for (const el of document.querySelectorAll('.jp-OutputArea-output')) {
        const t = el.textContent;
        if (t.includes('Error displaying widget') || t.includes('Error rendering output')) found.push(t.slice(0, 300));
      }
      return found;
    }""")


def wait_for_charts(page, index: int, expected: int, timeout: float = 20.0) -> int:
    """Wait until the cell shows ``expected`` drawn charts (an svg or canvas inside .vega-embed); return how many it shows."""
    out = output_locator(page, index)
    try:
        page.wait_for_function(
            """([el, n]) => el && el.querySelectorAll('.vega-embed').length >= n &&
                 [...el.querySelectorAll('.vega-embed')].filter(v => v.querySelector('svg, canvas')).length >= n""",
            arg=[out.element_handle(timeout=5000), expected],
            timeout=timeout * 1000,
        )
    except Exception:
        pass
    return out.locator(".vega-embed").filter(has=page.locator("svg, canvas")).count()


def check_buttons(scope):
    """The quizzes' Check buttons inside a part of the page."""
    return scope.get_by_role("button", name=CHECK_BUTTON)


def first_question(output):
    """The first question of a quiz in an output area: the box around its first Check button."""
    check = check_buttons(output).first
    return check.locator("xpath=../.."), check


def choose_answer(page, question, option: int = 0) -> str:
    """Give an answer to one question of any type; return what was chosen (a label or text)."""
    radios = question.get_by_role("radio")
    if radios.count():
        names = [
            radios.nth(i).evaluate("el => el.labels && el.labels[0] ? el.labels[0].innerText.trim() : el.value")
            for i in range(radios.count())
        ]
        name = names[option % len(names)]
        question.get_by_role("radio", name=name, exact=True).check()
        return name
    boxes = question.get_by_role("checkbox")
    if boxes.count():
        box = boxes.nth(option % boxes.count())
        box.check()
        return box.evaluate("el => el.labels && el.labels[0] ? el.labels[0].innerText.trim() : ''")
    selects = question.locator("select")
    if selects.count():
        chosen = []
        for i in range(selects.count()):
            values = selects.nth(i).locator("option").all_inner_texts()
            pick = values[1 + (i + option) % max(1, len(values) - 1)] if len(values) > 1 else values[0]
            selects.nth(i).select_option(label=pick)
            chosen.append(pick)
        return ", ".join(chosen)
    box = question.get_by_role("textbox").first
    text = str(option + 1)
    box.fill(text)
    box.press("Enter")  # a Text widget with continuous_update=False sends its value on Enter or blur
    return text


def feedback_text(question) -> str:
    fb = question.locator(FEEDBACK_SELECTOR)
    return fb.first.inner_text().strip() if fb.count() else ""


def click_check(page, question, check, timeout_ms: float = 1000.0) -> tuple[float | None, str]:
    """Press Check like a user (Playwright click) and time until new feedback text shows; (ms or None, text)."""
    handle = question.element_handle()
    page.evaluate(
        """([q, sel]) => {
      window.__casekitFb = {before: q.innerText, t0: 0, t1: 0};
      const obs = new MutationObserver(() => {
        const fb = q.querySelector(sel);
        if (fb && fb.innerText.trim() && q.innerText !== window.__casekitFb.before && !window.__casekitFb.t1) {
          window.__casekitFb.t1 = performance.now(); obs.disconnect();
        }
      });
      obs.observe(q, {subtree: true, childList: true, characterData: true, attributes: true});
      window.__casekitFbObs = obs;
    }""",
        [handle, FEEDBACK_SELECTOR],
    )
    check.evaluate("b => b.addEventListener('click', () => { window.__casekitFb.t0 = performance.now(); }, {once: true, capture: true})")
    check.click()
    try:
        page.wait_for_function("() => window.__casekitFb.t1 > 0", timeout=timeout_ms, polling=10)
    except Exception:
        page.evaluate("() => window.__casekitFbObs && window.__casekitFbObs.disconnect()")
        return None, feedback_text(question)
    ms = page.evaluate("() => window.__casekitFb.t1 - window.__casekitFb.t0")
    return ms, feedback_text(question)


def remove_screenshots(path: Path) -> None:
    """Remove the pictures NAME-01.png, NAME-02.png ... that :func:`screenshot_notebook` wrote for ``path``."""
    for old in path.parent.glob(f"{path.stem}-[0-9][0-9].png"):
        old.unlink()


def screenshot_notebook(page, path: Path, page_height: int = 2000) -> list[Path]:
    """Pictures of the whole notebook, top to bottom, in pages of ``page_height`` px: NAME-01.png, NAME-02.png ...

    The notebook scrolls inside JupyterLab's window, so a full-page screenshot
    would show only the first screen; instead the viewport is made tall and
    the notebook is scrolled one screen at a time. Old pages of the same name
    are removed first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_screenshots(path)
    size = page.viewport_size or {"width": 1280, "height": 900}
    page.set_viewport_size({"width": size["width"], "height": page_height})
    page.wait_for_timeout(300)
    scroll = """(top) => {
      const o = window.jupyterapp.shell.currentWidget.content.node.querySelector('.jp-WindowedPanel-outer');
      const inner = o.querySelector('.jp-WindowedPanel-viewport') || o;
      if (top !== null) o.scrollTop = top;
      return [o.scrollTop, o.clientHeight, inner.scrollHeight];
    }"""
    pictures = []
    top = 0
    while len(pictures) < 40:
        at, visible, total = page.evaluate(scroll, top)
        page.wait_for_timeout(150)
        shot = path.with_name(f"{path.stem}-{len(pictures) + 1:02d}.png")
        page.screenshot(path=str(shot))
        pictures.append(shot)
        if at + visible >= total or at < top - 1:  # the end, or it cannot scroll further
            break
        top = at + visible - 60  # a little overlap, so no line is cut in half unseen
    page.evaluate(scroll, 0)
    page.set_viewport_size(size)
    return pictures


def with_chromium(work):
    """``work(browser)`` with a Chromium of its own, in a thread of its own.

    pytest-xdist may run this file on a worker that already holds the browser suite's
    Playwright, and Playwright's sync API allows one driver per thread.
    """

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            try:
                browser = launch_chromium(pw)
            except BrowserSuiteError:
                raise
            try:
                return work(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
