"""One notebook's processes watched while it runs (memory, count, CPU time against the limits) and all stopped at its end."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

import psutil  # installed with ipykernel, which every graded kernel needs

from .limits import Limits

__all__ = ["TOKEN", "Watch"]

TOKEN = "CASEKIT_GRADE_RUN"  # in the environment of every process a graded kernel starts
_GONE = (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied)


def _key(p: psutil.Process) -> tuple[int, float]:
    try:
        return p.pid, p.create_time()
    except _GONE:
        return p.pid, 0.0


def _marked(token: str) -> list[psutil.Process]:
    """This account's processes whose environment carries ``token`` (they may have left the process tree)."""
    found = []
    uid = os.getuid() if hasattr(os, "getuid") else None
    for p in psutil.process_iter():
        try:
            if uid is not None and p.uids().real != uid:
                continue
            if p.environ().get(TOKEN) == token:
                found.append(p)
        except (*_GONE, OSError):
            continue
    return found


def _kill(procs: list[psutil.Process]) -> None:
    for p in procs:
        with contextlib.suppress(*_GONE, OSError):
            p.kill()


class Watch:
    """The processes under ``pid`` (the sandbox's first process), checked every ``interval`` seconds."""

    def __init__(self, pid: int, limits: Limits, timeout: float, token: str, interval: float = 0.5):
        self.root = psutil.Process(pid)
        self.limits = limits
        self.cpu_limit = limits.cpu_for(timeout)
        self.token = token
        self.interval = interval
        self.reason = ""  # the limit that stopped the notebook: memory, processes or cpu
        self.peak_memory = 0
        self.base: set[tuple[int, float]] = set()
        self._cpu_done: dict[tuple[int, float], float] = {}

    def tree(self) -> list[psutil.Process]:
        """The first process and everything below it."""
        try:
            return [self.root, *self.root.children(recursive=True)]
        except _GONE:
            return []

    def alive(self) -> bool:
        """True while the sandbox's first process runs (it ends as soon as the kernel does)."""
        try:
            return self.root.is_running() and self.root.status() != psutil.STATUS_ZOMBIE
        except _GONE:
            return False

    def mark_base(self) -> None:
        """Remember the processes that make the kernel itself (before any cell runs)."""
        self.base = {_key(p) for p in self.tree()}

    def extra(self) -> list[psutil.Process]:
        """Processes started by the notebook's cells (not the sandbox or the kernel)."""
        return [p for p in self.tree() if _key(p) not in self.base]

    def sample(self) -> str:
        """Measure once; return the limit exceeded ('' when none)."""
        memory = tasks = 0
        for p in self.tree():
            try:
                with p.oneshot():
                    memory += p.memory_info().rss
                    tasks += p.num_threads()
                    times = p.cpu_times()
                    used = times.user + times.system
                    self._cpu_done[_key(p)] = used
            except _GONE:
                continue
        cpu = self.cpu_seconds()
        self.peak_memory = max(self.peak_memory, memory)
        if memory > self.limits.memory:
            return "memory"
        if tasks > self.limits.processes:
            return "processes"
        if cpu > self.cpu_limit:
            return "cpu"
        return ""

    def cpu_seconds(self) -> float:
        """CPU seconds the notebook's processes have used, as last measured (processes that ended keep their last figure)."""
        return sum(self._cpu_done.values())

    async def run(self) -> None:
        """Sample until cancelled; past a limit, kill every process of the notebook and remember why."""
        while True:
            reason = self.sample()
            if reason:
                self.reason = reason
                self.kill()
                return
            await asyncio.sleep(self.interval)

    def kill(self) -> None:
        """SIGKILL to the whole tree, its process group, and every process that carries the run's token."""
        procs = self.tree()
        if hasattr(os, "killpg"):
            with contextlib.suppress(OSError):
                group = os.getpgid(self.root.pid)
                if group != os.getpgid(0):  # never the grader's own group
                    os.killpg(group, signal.SIGKILL)
        _kill(procs)
        _kill(_marked(self.token))

    def left_running(self) -> int:
        """How many processes the cells started are still running (counted before the kernel is shut down)."""
        count = 0
        for p in self.extra():
            with contextlib.suppress(*_GONE):
                if p.status() != psutil.STATUS_ZOMBIE:
                    count += 1
        return count

    def stop_all(self) -> None:
        """Stop every process of the notebook that is left once the kernel is shut down, and wait until they are gone."""
        procs = {_key(p): p for p in [*self.tree(), *_marked(self.token)]}
        self.kill()
        psutil.wait_procs(list(procs.values()), timeout=3)
        rest = _marked(self.token)  # one that was forking while its parent was killed
        _kill(rest)
        psutil.wait_procs(rest, timeout=2)
