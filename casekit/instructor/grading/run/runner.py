"""One handed-in notebook run in a fresh kernel, in its sandbox, on a temporary copy of the kit, against a deadline and the limits.

The kernel's folder is a temporary copy laid out like the kit (``data/``,
``casekit/``, ``lessons/``); its ``HOME``, ``/tmp``, progress and cache
folders are inside that copy, and it imports casekit from the copy. The
kernel talks to the grader over Unix sockets in the copy (it has no network),
its messages are capped in size, and only its error outputs are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..intake.scan import CheckCall
from .sandbox import PYTHON
from .transport import KERNEL_DUMP, read_values

__all__ = ["EXTRACT_TIMEOUT", "Run", "execute", "kernel_environment", "kit_copy", "package_folder"]

EXTRACT_TIMEOUT = 10  # seconds for reading the values back after a check cell
FLOOD_GRACE_STEPS = 20  # tenths of a second a kernel must outlive a dropped connection to count as a flood
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SOCKET_PATH_MAX = 90  # Unix socket paths are limited to about 104 bytes; the kernel adds a suffix


def package_folder() -> Path:
    """The folder of the casekit package itself, wherever its modules sit."""
    spec = importlib.util.find_spec("casekit")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]).resolve() if locations else Path(__file__).resolve().parents[3]


@dataclass
class Run:
    """What happened when a notebook ran: values per exercise, errors per cell, where and why it stopped."""

    values: dict[str, dict] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)  # 0-based cell -> "Name: message"
    stopped_at: int | None = None  # the cell running when the time limit hit, the kernel died or a limit was reached
    stop_reason: str = ""  # "timeout", "died" or "limit"
    limit: str = ""  # with "limit": memory, processes, file_size, cpu or output
    left_running: int = 0  # processes the cells left running at the end (all stopped)
    peak_memory: int = 0  # bytes, all of the notebook's processes together
    cpu: float = 0.0  # CPU seconds of all of the notebook's processes, the sandbox's own included


KEPT = ("PATH", "LANG", "LANGUAGE", "TZ", "CASEKIT_STATIC_OUTPUT")  # of the grader's environment, with LC_*; the rest is set below


def kernel_environment(grader: dict[str, str]) -> dict[str, str]:
    """What of the grader's environment a kernel may see: PATH, the language and time zone, and nothing else.

    No token, key, password or path of the grader's reaches a learner's notebook; ``kit_copy`` adds the kernel's own
    HOME, TMPDIR, PYTHONPATH and CASEKIT_* folders.

    >>> kernel_environment({"PATH": "/usr/bin", "LC_ALL": "C", "CANVAS_API_TOKEN": "x", "CASEKIT_CASE": "/home/me/case"})
    {'PATH': '/usr/bin', 'LC_ALL': 'C'}
    """
    return {k: v for k, v in grader.items() if k in KEPT or k.startswith("LC_")}


def kit_copy(kit: Path, tmp: Path, seed_cache: Path | None, data: Path | None = None) -> dict:
    """Lay out ``tmp`` like the kit (data/ (or ``data``) and casekit/ copied) and return the kernel's environment."""
    root = tmp / "kit"
    shutil.copytree(data if data is not None else kit / "data", root / "data", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(package_folder(), root / "casekit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (root / "lessons").mkdir()
    for name in ("tmp", "shm", "run", "values"):
        (tmp / name).mkdir()
    home = tmp / "home"
    cache = home / ".cache" / "casekit"
    if seed_cache is not None and seed_cache.is_dir():
        shutil.copytree(seed_cache, cache)
    cache.mkdir(parents=True, exist_ok=True)
    env = kernel_environment(dict(os.environ))
    env.update(
        {
            "HOME": str(home),
            "USERPROFILE": str(home),
            "PWD": str(root / "lessons"),
            "TMPDIR": str(tmp / "tmp"),
            "PYTHONPATH": str(root),
            "CASEKIT_PROGRESS_DIR": str(home / "progress"),
            "CASEKIT_CACHE_DIR": str(cache),
            "CASEKIT_LEARNER": "learner",
            "IPYTHONDIR": str(home / ".ipython"),
            "JUPYTER_RUNTIME_DIR": str(tmp / "run"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "MPLCONFIGDIR": str(home / ".config" / "matplotlib"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def _last_line(output: dict) -> str:
    text = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip().rstrip(":")
    return _ANSI.sub("", text).replace("\n", " ")[:200]


def _limit_of(output: dict) -> str:
    """The limit an error output shows the cell ran into ('' for an ordinary error)."""
    name, value = str(output.get("ename", "")), str(output.get("evalue", ""))
    if name in ("MemoryError", "_ArrayMemoryError") or "Unable to allocate" in value:
        return "memory"
    if "File too large" in value or "[Errno 27]" in value:
        return "file_size"
    if "can't start new thread" in value or ("[Errno 11]" in value and name in ("BlockingIOError", "OSError")):
        return "processes"
    return ""


def _output_size(content: dict) -> int:
    if "text" in content:
        return len(str(content["text"]))
    size = sum(len(str(v)) for v in (content.get("data") or {}).values())
    return size + len(str(content.get("evalue", ""))) + sum(len(str(t)) for t in content.get("traceback") or [])


def _socket_dir(workdir: Path) -> tuple[Path, bool]:
    """Where the kernel's sockets go: the run's folder when its path is short enough, else a short temporary one.

    A short folder on the host's /tmp is bound into the sandbox at the same path (``Sandbox.command``), so the
    kernel inside, whose /tmp is private, sees it too.
    """
    if len(str(workdir / "run" / "k-00000")) <= _SOCKET_PATH_MAX:
        return workdir / "run", False
    return Path(tempfile.mkdtemp(prefix="ck-", dir="/tmp" if os.path.isdir("/tmp") else None)), True


def _clients():
    """The kernel manager and notebook client classes, made on first use (jupyter_client and nbclient load slowly)."""
    import zmq
    from jupyter_client import AsyncKernelManager
    from nbclient import NotebookClient

    class SandboxedKernel(AsyncKernelManager):
        """A kernel started through the sandbox's command, with a zmq context whose messages are capped in size."""

        def setup(self, sandbox, workdir: Path, cwd: Path, timeout: float, context, sockets: Path) -> None:
            self.sandbox, self.workdir, self.cwd, self.run_timeout, self.capped = sandbox, workdir, cwd, timeout, context
            self.sockets = sockets

        def format_kernel_cmd(self, extra_arguments=None):
            kernel = [PYTHON, "-m", "ipykernel_launcher", "-f", self.connection_file]
            return self.sandbox.command(kernel, self.workdir, self.cwd, self.run_timeout, sockets=self.sockets)

        def client(self, **kwargs):
            return super().client(context=self.capped, **kwargs)

    class CappedClient(NotebookClient):
        """Keeps only error outputs, and stops the notebook once its output passes the limit."""

        def setup(self, limit: int, on_flood) -> None:
            self.output_limit, self.on_flood, self.output_bytes, self.current = limit, on_flood, 0, 0
            self.flooded_at: int | None = None

        def flood(self, cell_index: int) -> None:
            if self.flooded_at is None:
                self.flooded_at = cell_index
                self.on_flood()

        def output(self, outs, msg, display_id, cell_index):
            self.output_bytes += _output_size(msg.get("content") or {})
            if self.output_bytes > self.output_limit:
                self.flood(cell_index)
            if msg.get("msg_type") != "error":
                return None
            return super().output(outs, msg, display_id, cell_index)

    return zmq, SandboxedKernel, CappedClient


def _code_cell(source: str):
    """A code cell for the grader's own code (not part of the learner's notebook)."""
    import nbformat

    return nbformat.v4.new_code_cell(source)


async def execute(nb, calls: list[CheckCall], workdir: Path, env: dict, timeout: float, sandbox) -> Run:
    """Run the cells one by one in ``sandbox`` against a deadline, reading the check values after each check cell."""
    import zmq.asyncio
    from nbclient.exceptions import DeadKernelError

    from .watch import TOKEN, Watch

    zmq_, SandboxedKernel, CappedClient = _clients()
    limits = sandbox.limits
    run = Run()
    by_cell: dict[int, dict[str, str]] = {}
    for call in calls:
        by_cell.setdefault(call.cell, {})[call.exercise] = call.expression  # the last call of an id in a cell wins
    cwd = workdir / "kit" / "lessons"
    token = uuid.uuid4().hex
    env = {**env, TOKEN: token}
    if sandbox.mode == "bwrap":
        env["TMPDIR"] = "/tmp"
    sockets, own_sockets = _socket_dir(workdir)
    context = zmq.asyncio.Context()
    context.setsockopt(zmq_.MAXMSGSIZE, limits.output + 2**20)
    km = SandboxedKernel(transport="ipc", ip=str(sockets / "k"), connection_file=str(workdir / "run" / "kernel.json"), context=context)
    km.setup(sandbox, workdir, cwd, timeout, context, sockets)
    client = CappedClient(
        nb,
        km=km,
        timeout=math.ceil(timeout),
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=False,
        store_widget_state=False,
        record_timing=False,
        error_on_timeout={"ename": "CellTimeoutError", "evalue": "the time limit was reached", "traceback": []},
        iopub_timeout=2,
        raise_on_iopub_timeout=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    watch: Watch | None = None
    client.setup(limits.output, lambda: watch.kill() if watch else None)
    deadline = time.monotonic() + timeout
    quiet = subprocess.DEVNULL  # the kernel's own chatter (and a learner's writes to fd 1 and 2) stay out of the grader's terminal
    task = None
    try:
        async with client.async_setup_kernel(env=env, cwd=str(cwd), stdout=quiet, stderr=quiet, stdin=quiet):
            watch = Watch(km.provisioner.process.pid, limits, timeout, token)
            watch.mark_base()
            task = asyncio.gather(watch.run(), _oversize(client, watch, zmq_))
            await _cells(client, nb, by_cell, run, workdir, deadline, DeadKernelError)
            if watch.reason or client.flooded_at is not None:
                run.stop_reason, run.limit = "limit", watch.reason or "output"
                if run.stopped_at is None or client.flooded_at is not None:
                    run.stopped_at = client.flooded_at if client.flooded_at is not None else run.stopped_at
            run.left_running = watch.left_running()
            watch.sample()  # a last measure of the CPU time, before the kernel is shut down
            client.timeout = EXTRACT_TIMEOUT
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        with contextlib.suppress(Exception):
            if client.kc is not None:
                client.kc.stop_channels()
        with contextlib.suppress(Exception):
            await km.shutdown_kernel(now=True)
        if watch is not None:
            run.peak_memory, run.cpu = watch.peak_memory, watch.cpu_seconds()
            watch.stop_all()
        context.destroy(linger=0)
        if own_sockets:
            shutil.rmtree(sockets, ignore_errors=True)
    return run


async def _oversize(client, watch, zmq_) -> None:
    """A message over the size cap makes zmq drop the kernel's connection; so does a kernel that dies.

    It is an output flood only if the kernel still lives a while later: under load the sandbox of a
    kernel that died (``os._exit``) can take a second to end, and was once taken for a flood.
    The flood is put on the cell that was running when the connection dropped.
    """
    monitor = client.kc.iopub_channel.socket.get_monitor_socket(zmq_.EVENT_DISCONNECTED)
    try:
        while True:
            await monitor.recv_multipart()
            cell = client.current
            for _ in range(FLOOD_GRACE_STEPS):
                await asyncio.sleep(0.1)
                if not watch.alive():
                    break
            else:
                client.flood(cell)
                return
    finally:
        monitor.close(linger=0)


async def _cells(client, nb, by_cell, run: Run, workdir: Path, deadline: float, DeadKernelError) -> None:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            run.stopped_at, run.stop_reason = index, "timeout"
            return
        client.timeout = max(1, math.ceil(remaining))
        client.current = index
        try:
            await asyncio.wait_for(client.async_execute_cell(cell, index), remaining + EXTRACT_TIMEOUT)
        except DeadKernelError:
            run.stopped_at, run.stop_reason = index, "died"
            return
        except TimeoutError:
            run.stopped_at, run.stop_reason = index, "timeout"
            return
        if client.flooded_at is not None:
            run.stopped_at = index
            return
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if any(o.get("ename") == "CellTimeoutError" for o in errors) or time.monotonic() > deadline:
            run.stopped_at, run.stop_reason = index, "timeout"
            return
        if errors:
            run.errors[index] = _last_line(errors[0])
            limit = _limit_of(errors[0])
            if limit:
                run.stopped_at, run.stop_reason, run.limit = index, "limit", limit
                return
        if index in by_cell:
            path = workdir / "values" / f"cell{index}.json"
            extract = _code_cell(KERNEL_DUMP.replace("__PATH__", repr(str(path))).replace("__EXPRS__", repr(by_cell[index])))
            client.timeout = EXTRACT_TIMEOUT
            try:
                await asyncio.wait_for(client.async_execute_cell(extract, index), EXTRACT_TIMEOUT + 5)
            except (DeadKernelError, TimeoutError):
                run.stopped_at, run.stop_reason = index, "died"
                return
            run.values.update(read_values(path, by_cell[index]))
