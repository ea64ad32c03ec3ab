"""The test suite's time by part (unit tests, notebooks under nbval, browser, hub, install routes, website) and as a whole, as `make test` runs it.

Each part is one pytest run with the options of `make test` (2 xdist workers,
``--dist loadfile``; the browser part is one unit of work, so it runs in one
process). The figure is pytest's own time (its "in 41.2s"), which is what the
suite's target counts, with the CPU seconds of every process the run started:
kernels, JupyterLab and Chromium included, read from /proc (Linux). On 2 cores
the wall time can never be under half the CPU time, and the CPU time hardly
moves when other programs share the machine, so it is the figure to compare
between two runs on a busy machine. Run directly for the table alone::

    python benchmarks/bench_suite.py
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JOBS = os.environ.get("JOBS", "3")  # as the Makefile sets it
XDIST = ["-n", JOBS, "--dist", "loadfile"]
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval-sanitize.cfg"]
# As the Makefile's `test` recipe runs pytest, and its parts.
WHOLE = [*XDIST, *NBVAL, "--doctest-modules", "casekit", "tests", "lessons", "solutions", "--ignore=tests/browser/test_solutions.py"]
APART = ("tests/browser", "tests/hub", "tests/install", "tests/test_site.py")
PARTS = {
    "unit tests (tests/, doctests)": [*XDIST, "--doctest-modules", "casekit", "tests", *(f"--ignore={p}" for p in APART)],
    "notebooks (nbval: lessons/, solutions/)": [*XDIST, *NBVAL, "lessons", "solutions"],
    "browser, lessons (tests/browser/ as make test runs it)": ["tests/browser", "--ignore=tests/browser/test_solutions.py"],
    "JupyterHub, two learners (tests/hub/)": ["tests/hub"],
    "install routes (tests/install/)": ["tests/install"],
    "website, student edition (tests/test_site.py)": ["tests/test_site.py"],
}
_SUMMARY = re.compile(r"\bin ([0-9]+(?:\.[0-9]+)?)s\b")
_HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_table(marker: bytes) -> dict[str, tuple[str, bool, str, float]]:
    """{pid: (parent pid, carries the marker, start time, CPU seconds so far)} for every process on the machine."""
    table = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
            with open(f"/proc/{pid}/environ", "rb") as fh:
                marked = marker in fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        table[pid] = (fields[1], marked, fields[19], (int(fields[11]) + int(fields[12])) / _HZ)
    return table


def measured(args: list[str]) -> dict:
    """Run pytest with ``args``; {'pytest': its own seconds, 'wall': seconds, 'cpu': CPU seconds or None, 'ok': passed}."""
    marker = f"CASEKIT_BENCH_RUN={os.getpid()}-{time.monotonic_ns()}"
    env = dict(os.environ, CASEKIT_BENCH_RUN=marker.split("=", 1)[1])
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # CPU of the run's processes, sampled while they live: a process is the run's when it or an ancestor
    # carries the marker in its environment (Chromium's helpers do not, but their parents do).
    seen: dict[tuple[str, str], float] = {}
    can_sample = Path("/proc/self/stat").exists()
    output = []

    def sample():
        table = _proc_table(marker.encode())
        for pid, (_ppid, _marked, started, cpu) in table.items():
            up, hops = pid, 0
            while up in table and not table[up][1] and hops < 64:
                up, hops = table[up][0], hops + 1
            if up in table and table[up][1]:
                seen[(pid, started)] = cpu

    reader = threading.Thread(target=lambda: output.extend(proc.stdout), daemon=True)
    reader.start()
    while proc.poll() is None:
        if can_sample:
            sample()
        time.sleep(0.2)
    wall = time.perf_counter() - start
    reader.join(timeout=5)
    text = "".join(output)
    found = _SUMMARY.findall(text.splitlines()[-1] if text.strip() else "")
    return {
        "pytest": float(found[-1]) if found else wall,
        "wall": wall,
        "cpu": sum(seen.values()) if can_sample else None,
        "ok": proc.returncode == 0,
        "tail": text[-2000:],
    }


def quick_args() -> list[str]:
    """The arguments of `make quick`'s pytest, read from the Makefile (``make -n quick``), so the figure follows it."""
    dry = subprocess.run(["make", "-n", "quick"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    words = shlex.split(next(line for line in dry.splitlines() if " -m pytest " in line))
    return words[words.index("pytest") + 1 :]


def quick_figure() -> dict:
    """`make quick`'s pytest (unit and data tests, no integration test), measured as the suite's parts are."""
    return measured(quick_args())


def figures():
    """(label, measured(...)) for each part, then for the whole suite, as each finishes."""
    for name, args in PARTS.items():
        yield f"suite part: {name}", measured(args)
    yield f"suite: make test's pytest (all parts, -n {JOBS})", measured(WHOLE)


def describe(result: dict) -> str:
    cpu = f", CPU {result['cpu']:.0f} s" if result["cpu"] is not None else ""
    return f"{result['pytest']:.1f} s{cpu}" + ("" if result["ok"] else " (tests FAILED)")


if __name__ == "__main__":
    for label, result in figures():
        print(f"{label:<52} {describe(result)}", flush=True)
