"""The kit's JupyterLab settings reach every install route, not only `make lab`.

Each route installs the kit into a brand-new virtual environment, without make:
``pip install .``, ``pip install -e .`` (also what conda's environment.yml runs),
and ``pip install -e .`` inside an unpacked student bundle. JupyterLab from that
environment must then carry the kit's settings on its own (no private settings
folder, no test layer): the server's settings API reports the news and update
checks off and the extension manager disabled, and a real page in Chromium asks
for no news, shows no news popup and makes no extension-manager query.

To stay fast and offline, the new environment reuses the packages of the test
environment (a ``.pth`` line, after its own site-packages) and pip installs only
the kit itself (``--no-deps``; hatchling without build isolation when it is there).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from casekit.instructor.release import make_release
from tests.browser.helpers import ROOT, BrowserSuiteError, LabServer, RequestLog
from tests.browser.helpers import with_chromium as shared_with_chromium

NEWS_POPUP = "notified about official Jupyter news"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"
EXTENSION_MANAGER = "@jupyterlab/extensionmanager-extension:plugin"


def _has_hatchling() -> bool:
    try:
        import hatchling  # noqa: F401
    except ImportError:
        return False
    return True


def fresh_venv(where: Path) -> Path:
    """A new virtual environment that sees the test environment's packages after its own; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=60)
    python = where / "bin" / "python"
    own = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True, timeout=30
    ).stdout.strip()
    Path(own, "_casekit_test_base.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    # Nor the data files that pip puts beside them: JupyterLab's assets (its app directory is
    # {sys.prefix}/share/jupyter/lab, which the kit's settings create) and the widgets' extensions.
    # Linked in, all but the settings, which are what the test is about.
    base_share, share = Path(sys.prefix, "share", "jupyter"), where / "share" / "jupyter"
    (share / "lab").mkdir(parents=True)
    for entry in (base_share / "lab").iterdir():
        if entry.name != "settings":
            (share / "lab" / entry.name).symlink_to(entry)
    if (base_share / "labextensions").is_dir():
        (share / "labextensions").symlink_to(base_share / "labextensions")
    # The reused packages bring no console scripts; `jupyter lab` looks for this one beside python.
    script = where / "bin" / "jupyter-lab"
    script.write_text(f"#!{python}\nimport sys\nfrom jupyterlab.labapp import main\nsys.exit(main())\n", encoding="utf-8")
    script.chmod(0o755)
    return python


def pip_install(python: Path, source: Path, editable: bool) -> None:
    cmd = [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--ignore-installed", "--no-index", "--disable-pip-version-check"]
    if _has_hatchling():
        cmd.append("--no-build-isolation")
    else:  # hatchling comes from the machine's package index into a build environment
        cmd.remove("--no-index")
    cmd += ["-e", str(source)] if editable else [str(source)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env, cwd=source.parent)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}"


class BareLab(LabServer):
    """JupyterLab exactly as the environment has it: no test settings layered on, only the lessons copied."""

    def _prepare(self) -> None:
        for name in (
            "root",
            "home",
            "jupyter-config",
            "jupyter-data",
            "jupyter-runtime",
            "lab-user-settings",
            "lab-workspaces",
            "progress",
            "casekit-cache",
        ):
            (self.workdir / name).mkdir(parents=True, exist_ok=True)

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env.pop("PYTHONPATH", None)  # the kit must come from the new environment, not from the work tree
        return env


def student_bundle(tmp: Path) -> Path:
    archive = tmp / "casekit-student.zip"
    make_release(ROOT, archive)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp)
    return tmp / "casekit-student"


ROUTES = {
    "pip install .": (lambda tmp: ROOT, False),
    "pip install -e .": (lambda tmp: ROOT, True),
    "student bundle, pip install -e .": (student_bundle, True),
}


def with_chromium(work):
    """``work(browser)`` with a Chromium of its own, in a thread of its own (see ``tests.browser.helpers.with_chromium``)."""
    try:
        return shared_with_chromium(work)
    except BrowserSuiteError as exc:
        pytest.fail(str(exc), pytrace=False)


OVERRIDES_IN_VENV = """
import json, os
from jupyterlab.commands import get_app_dir
from jupyterlab_server.settings_utils import _get_overrides
overrides, error = _get_overrides(os.path.join(get_app_dir(), "settings"))
import casekit
print(json.dumps({"overrides": overrides, "error": error, "casekit": casekit.__file__}))
"""


@pytest.fixture(scope="module")
def install(tmp_path_factory):
    """``install(route)``: a fresh environment with the kit installed by ``route`` (once per route);
    its folder, its python, a clean environment for it and the folder installed from."""
    done: dict[str, tuple[Path, Path, dict[str, str], Path]] = {}

    def installed(route: str):
        if route not in done:
            source_of, editable = ROUTES[route]
            tmp = tmp_path_factory.mktemp("route")
            python = fresh_venv(tmp / "venv")
            source = source_of(tmp)
            pip_install(python, source, editable)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHONPATH"))}
            done[route] = (tmp, python, env, source)
        return done[route]

    return installed


@pytest.mark.parametrize("route", list(ROUTES))
def test_every_install_route_brings_the_settings(route, install):
    tmp_path, python, env, source = install(route)
    installed = tmp_path / "venv" / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "casekit.json"
    assert installed.is_file(), f"{route} did not install the kit's JupyterLab settings at {installed}"
    done = subprocess.run([python, "-c", OVERRIDES_IN_VENV], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert not found["error"], found["error"]
    wanted = json.loads((ROOT / "jupyter" / "overrides.json").read_text(encoding="utf-8"))
    assert found["overrides"] == wanted, f"{route}: JupyterLab in the new environment reads {found['overrides']}, not the kit's settings"
    where = found["casekit"]
    expected = source if ROUTES[route][1] else tmp_path / "venv"
    assert where.startswith(str(expected)), f"{route}: casekit imports from {where!r}, not from {expected}"


@pytest.mark.browser
def test_jupyterlab_of_a_plain_install_shows_no_news_and_queries_nothing(install, tmp_path):
    """`pip install .`, as a hub image does: the running server and a real page carry the kit's settings."""
    route = "pip install ."
    _, python, _, _ = install(route)
    server = BareLab(tmp_path / "lab", python=str(python))
    try:
        server.start()
    except BrowserSuiteError as exc:
        pytest.fail(f"{route}: {exc}", pytrace=False)
    try:

        def default(plugin: str, key: str):
            settings = server.api(f"lab/api/settings/{plugin}")
            return {**{k: s.get("default") for k, s in settings["schema"]["properties"].items()}, **(settings.get("settings") or {})}[key]

        assert default(NOTIFICATION, "fetchNews") == "false", f"{route}: JupyterLab would ask learners about news"
        assert default(NOTIFICATION, "checkForUpdates") is False, f"{route}: JupyterLab would check for updates"
        assert default(EXTENSION_MANAGER, "enabled") is False, f"{route}: the extension manager is on (it queries PyPI)"

        def look(chromium):
            context = chromium.new_context(viewport={"width": 1280, "height": 900})
            log = RequestLog(context, server.port)
            page = context.new_page()
            try:
                page.goto(server.url("lab", reset=""), wait_until="domcontentloaded")
                page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=60_000)
                page.evaluate("() => window.jupyterapp.restored")
                page.wait_for_timeout(3000)  # the news check and the popup come a moment after start
                return log, page.inner_text("body")
            finally:
                context.close()

        log, body = with_chromium(look)
        asked = [u for u in log.urls if any(p in u for p in ("/lab/api/news", "/lab/api/update", "/lab/api/extensions"))]
        assert not asked, f"{route}: JupyterLab asked for news, updates or extensions: {asked}"
        assert NEWS_POPUP not in body, f"{route}: the news popup is shown"
        assert log.external() == [], f"{route}: requests left the machine: {log.external()}"
    finally:
        server.stop()
