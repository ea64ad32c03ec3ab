"""Running one handed-in notebook in a fresh kernel, on a temporary copy of the kit, against a deadline.

The kernel's folder is a temporary copy laid out like the kit (``data/``,
``casekit/``, ``lessons/``); its ``HOME``, progress and cache folders are
inside that copy, and it imports casekit from the copy.
"""

from __future__ import annotations

import asyncio
import importlib.util
import math
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .scan import CheckCall
from .transport import KERNEL_DUMP, read_values

__all__ = ["EXTRACT_TIMEOUT", "Run", "execute", "kit_copy", "package_folder"]

EXTRACT_TIMEOUT = 10  # seconds for reading the values back after a check cell
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def package_folder() -> Path:
    """The folder of the casekit package itself, wherever its modules sit."""
    spec = importlib.util.find_spec("casekit")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


@dataclass
class Run:
    """What happened when a notebook ran: values per exercise, errors per cell, where time ran out."""

    values: dict[str, dict] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)  # 0-based cell -> "Name: message"
    stopped_at: int | None = None  # the cell running when the time limit hit, or the kernel died
    stop_reason: str = ""  # "timeout" or "died"


def kit_copy(kit: Path, tmp: Path, seed_cache: Path | None) -> dict:
    """Lay out ``tmp`` like the kit (data/ and casekit/ copied) and return the kernel's environment."""
    root = tmp / "kit"
    shutil.copytree(kit / "data", root / "data", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(package_folder(), root / "casekit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (root / "lessons").mkdir()
    home = tmp / "home"
    cache = home / ".cache" / "casekit"
    if seed_cache is not None and seed_cache.is_dir():
        shutil.copytree(seed_cache, cache)
    cache.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("CASEKIT_CASE", "OLDPWD", "JPY_SESSION_NAME")}
    env.update(
        {
            "HOME": str(home),
            "USERPROFILE": str(home),
            "PWD": str(root / "lessons"),
            "PYTHONPATH": os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])]),
            "CASEKIT_PROGRESS_DIR": str(home / "progress"),
            "CASEKIT_CACHE_DIR": str(cache),
            "CASEKIT_LEARNER": "learner",
            "IPYTHONDIR": str(home / ".ipython"),
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


async def execute(nb, calls: list[CheckCall], workdir: Path, env: dict, timeout: float) -> Run:
    """Run the cells one by one against a deadline, reading the check values after each check cell."""
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    run = Run()
    by_cell: dict[int, dict[str, str]] = {}
    for call in calls:
        by_cell.setdefault(call.cell, {})[call.exercise] = call.expression  # the last call of an id in a cell wins
    cwd = workdir / "kit" / "lessons"
    client = NotebookClient(
        nb,
        timeout=math.ceil(timeout),
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=True,
        store_widget_state=False,
        record_timing=False,
        error_on_timeout={"ename": "CellTimeoutError", "evalue": "the time limit was reached", "traceback": []},
        shutdown_kernel="immediate",
        iopub_timeout=2,
        raise_on_iopub_timeout=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    deadline = time.monotonic() + timeout
    out_dir = workdir / "values"
    out_dir.mkdir()
    quiet = subprocess.DEVNULL  # the kernel's own chatter (and a learner's writes to fd 2) stay out of the grader's terminal
    async with client.async_setup_kernel(env=env, cwd=str(cwd), stdout=quiet, stderr=quiet, stdin=quiet):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                run.stopped_at, run.stop_reason = index, "timeout"
                break
            client.timeout = max(1, math.ceil(remaining))
            try:
                await asyncio.wait_for(client.async_execute_cell(cell, index), remaining + EXTRACT_TIMEOUT)
            except DeadKernelError:
                run.stopped_at, run.stop_reason = index, "died"
                break
            except TimeoutError:
                run.stopped_at, run.stop_reason = index, "timeout"
                break
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if any(o.get("ename") == "CellTimeoutError" for o in errors) or time.monotonic() > deadline:
                run.stopped_at, run.stop_reason = index, "timeout"
                break
            if errors:
                run.errors[index] = _last_line(errors[0])
            if index in by_cell:
                path = out_dir / f"cell{index}.json"
                extract = nbformat_cell(KERNEL_DUMP.replace("__PATH__", repr(str(path))).replace("__EXPRS__", repr(by_cell[index])))
                client.timeout = EXTRACT_TIMEOUT
                try:
                    await asyncio.wait_for(client.async_execute_cell(extract, index), EXTRACT_TIMEOUT + 5)
                except (DeadKernelError, TimeoutError):
                    run.stopped_at, run.stop_reason = index, "died"
                    break
                run.values.update(read_values(path, by_cell[index]))
        client.timeout = EXTRACT_TIMEOUT
    return run


def nbformat_cell(source: str):
    """A code cell for the grader's own code (not part of the learner's notebook)."""
    import nbformat

    return nbformat.v4.new_code_cell(source)
