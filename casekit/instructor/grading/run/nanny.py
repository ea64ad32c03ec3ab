"""The kernel's first process: it applies the limits, starts the kernel, and stops every process left when the kernel ends.

Run by the grader as ``python -I -S -c <this file's text> <config JSON> <kernel command...>``
(standard library only, so nothing the learner can change is imported). The
config has ``rlimits`` (``{"DATA": bytes, ...}``, applied to this process and
inherited by the kernel) and ``reap`` (become the parent of every orphaned
process the kernel leaves, so that they can be stopped). The kernel's parent is
this process, not the grader: a cell that kills its parent ends only its own
notebook.
"""

import json
import os
import signal
import subprocess
import sys
import time

try:
    import resource
except ImportError:  # Windows: no resource limits of this kind
    resource = None  # type: ignore[assignment]  # checked before use

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> None:
    """Linux's prctl; nothing on other systems."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _user_processes() -> int:
    """How many tasks this user runs now (Linux), so that a process limit leaves room for the kernel's own."""
    uid, count = os.getuid(), 0
    try:
        names = os.listdir("/proc")
    except OSError:
        return 0
    for name in names:
        if name.isdigit():
            try:
                st = os.stat(f"/proc/{name}")
                if st.st_uid == uid:
                    count += len(os.listdir(f"/proc/{name}/task"))
            except OSError:
                continue
    return count


def _apply(rlimits: dict, own_namespace: bool) -> None:
    if resource is None:
        return
    for name, value in rlimits.items():
        which = getattr(resource, f"RLIMIT_{name}", None)
        if which is None or value is None:
            continue
        if name == "NPROC" and not own_namespace:
            # the count is per user: outside a user namespace it includes every process the account runs
            if not hasattr(os, "geteuid") or os.geteuid() == 0:
                continue
            value += _user_processes()
        try:
            _soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


def _descendants(root: int) -> list[int]:
    """Every process below ``root`` (Linux /proc), deepest last."""
    parents: dict[int, list[int]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return []
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _stop_all() -> None:
    """Kill every process below this one, until none is left (orphans arrive here because of the subreaper flag)."""
    me = os.getpid()
    for _ in range(50):
        left = _descendants(me)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid = 0
            if pid == 0:
                break
        if not left:
            return
        time.sleep(0.02)


def main(argv: list[str]) -> int:
    config, command = json.loads(argv[0]), argv[1:]
    parent = os.getppid()
    _prctl(PR_SET_PDEATHSIG, getattr(signal, "SIGKILL", 9))  # the grader gone, this process goes too
    if os.getppid() != parent:
        return 1
    if config.get("reap"):
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _apply(config.get("rlimits", {}), bool(config.get("own_namespace")))
    env = dict(os.environ)
    env["JPY_PARENT_PID"] = str(os.getpid())  # the kernel ends itself if this process is killed
    kernel = subprocess.Popen(command, env=env)

    def forward(signum, _frame):
        try:
            kernel.send_signal(signum)
        except OSError:
            pass
        if signum == signal.SIGTERM:
            if sys.platform.startswith("linux"):
                _stop_all()
            os._exit(128 + signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, lambda *_: None)  # the grader interrupts the kernel's whole process group
    code = kernel.wait()
    if config.get("reap") and sys.platform.startswith("linux"):
        _stop_all()
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
