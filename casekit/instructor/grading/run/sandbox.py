"""The sandbox a graded kernel runs in: bubblewrap on Linux (``bwrap``), or limits and a process group where it is missing.

``bwrap`` mode: the kernel sees the system's programs and the kit's Python
read-only, its own copy of the kit (and a private ``/tmp``) writable, nothing
else of the file system (no home folder, no submissions, no kit); no network;
its own process, user and IPC namespaces, so every process it starts dies with
it and it cannot see or signal the grader. ``none`` mode keeps the limits and
a first process of its own that stops what the kernel leaves, but the kernel
runs as you, with your files and your network. ``auto`` takes ``bwrap`` when it
works here.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ....errors import GradeError
from .limits import Limits

__all__ = ["MODES", "PYTHON", "Sandbox", "bwrap_problem", "choose"]

MODES = ("auto", "bwrap", "none")
PYTHON = os.path.normpath(os.path.abspath(sys.executable))  # as invoked (a venv's python is a link), without any ".."
NANNY = Path(__file__).with_name("nanny.py")

# What of /etc a Python kernel needs (libraries, fonts, time zones, certificates), and nothing else:
# no passwords, keys or host configuration.
ETC = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "fonts",
    "localtime",
    "timezone",
    "ssl",
    "ca-certificates",
    "mime.types",
    "nsswitch.conf",
    "passwd",
    "group",
    "hosts",
    "locale.alias",
    "locale.gen",
    "matplotlibrc",
    "os-release",
)
OFF_WITHOUT_BWRAP = "a notebook can read and write your files by their full paths, use the network, and see and signal your other processes"
HOW_TO_GET_BWRAP = "install bubblewrap (Debian and Ubuntu: apt install bubblewrap; Fedora: dnf install bubblewrap) to grade in a sandbox"


def _system_roots() -> list[tuple[str, str]]:
    """(kind, path) for the system folders: real folders are bound read-only, symlinks (merged /usr) copied as links."""
    out = []
    for name in ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            out.append(("symlink", str(path)))
        elif path.is_dir():
            out.append(("dir", str(path)))
    return out


def _python_roots() -> list[tuple[str, str]]:
    """(source, place) of the folders the kernel's Python needs: the environment and the installation it was made from.

    A folder reached through a symlink is bound at both its real place and the place the links name.
    """
    seen = [sys.prefix, sys.base_prefix, os.path.dirname(os.path.dirname(PYTHON))]
    seen += [p for p in sys.path if p and "site-packages" in p and os.path.isdir(p)]
    pairs = set()
    system = ("/usr/", "/bin", "/lib", "/sbin")
    for p in seen:
        named, real = os.path.normpath(os.path.abspath(p)), os.path.realpath(p)
        for place in {named, real}:
            if not (place + "/").startswith(system):
                pairs.add((real, place))
    return sorted(pairs)


def _bwrap_args(workdir: Path, cwd: Path, user_namespace: bool, sockets: Path | None = None) -> list[str]:
    exe = shutil.which("bwrap") or "bwrap"
    args = [exe, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent"]
    if user_namespace:
        args += ["--unshare-user"]
    if os.geteuid() == 0:
        args += ["--cap-drop", "ALL"]
    for kind, path in _system_roots():
        args += ["--symlink", os.readlink(path), path] if kind == "symlink" else ["--ro-bind", path, path]
    for name in ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    args += ["--proc", "/proc", "--dev", "/dev", "--hostname", "grading"]
    args += ["--bind", str(workdir / "shm"), "/dev/shm", "--bind", str(workdir / "tmp"), "/tmp"]
    # after the private /tmp, so that a kit (and its Python) kept under /tmp is still seen
    for source, place in _python_roots():
        args += ["--ro-bind", source, place]
    args += ["--bind", str(workdir), str(workdir)]
    if sockets is not None and not sockets.is_relative_to(workdir):  # a short socket folder (a long TMPDIR): seen at its own path
        args += ["--bind", str(sockets), str(sockets)]
    # the sandbox's own root and /dev are in memory: read-only, so that no file there escapes the limits
    return [*args, "--remount-ro", "/dev", "--remount-ro", "/", "--chdir", str(cwd)]


@functools.cache
def _probe(user_namespace: bool) -> str:
    """'' when bwrap runs a Python here with these options; else why not, in a few words."""
    exe = shutil.which("bwrap")
    if not exe:
        return "bwrap is not installed"
    import tempfile

    with tempfile.TemporaryDirectory(prefix="casekit-probe-") as tmp:
        work = Path(tmp)
        (work / "tmp").mkdir()
        (work / "shm").mkdir()
        cmd = [*_bwrap_args(work, work, user_namespace), "--", PYTHON, "-I", "-S", "-c", "print('ok')"]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bwrap could not start ({type(exc).__name__})"
    if done.returncode != 0 or done.stdout.strip() != "ok":
        why = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"bwrap does not work here ({why[:160]})"
    return ""


def bwrap_problem() -> str:
    """'' when the bubblewrap sandbox works on this machine; else why not."""
    if not sys.platform.startswith("linux"):
        return "bubblewrap runs on Linux only"
    return _probe(True) and _probe(False)


@dataclass(frozen=True)
class Sandbox:
    """How kernels are started: ``mode`` is ``bwrap`` or ``none``; ``notice`` says what is off (empty in bwrap mode)."""

    mode: str
    limits: Limits
    notice: str = ""
    user_namespace: bool = True

    def command(self, kernel: list[str], workdir: Path, cwd: Path, timeout: float, sockets: Path | None = None) -> list[str]:
        """The full command that starts ``kernel`` for one notebook whose folder is ``workdir`` (its sockets in ``sockets``)."""
        import json

        own = self.mode == "bwrap" and self.user_namespace
        config = json.dumps({"rlimits": self.limits.rlimits(timeout), "reap": True, "own_namespace": own})
        nanny = [PYTHON, "-I", "-S", "-c", NANNY.read_text(encoding="utf-8"), config, *kernel]
        if self.mode == "bwrap":
            return [*_bwrap_args(workdir, cwd, self.user_namespace, sockets), "--", *nanny]
        return nanny


def choose(mode: str = "auto", limits: Limits | None = None) -> Sandbox:
    """The sandbox for ``--sandbox MODE``; ``bwrap`` where it does not work is an error, ``auto`` falls back with a notice."""
    limits = limits or Limits()
    if mode not in MODES:
        msg = f"--sandbox must be one of {', '.join(MODES)}; received {mode!r}."
        raise GradeError(msg)
    if mode == "none":
        return Sandbox("none", limits, f"Grading without a sandbox (--sandbox none): {OFF_WITHOUT_BWRAP}. Limits still apply.")
    problem = bwrap_problem()
    if not problem:
        return Sandbox("bwrap", limits, user_namespace=not _probe(True))
    if mode == "bwrap":
        msg = f"--sandbox bwrap: {problem}; {HOW_TO_GET_BWRAP}, or pass --sandbox none to grade without it."
        raise GradeError(msg)
    notice = (
        f"Grading without a sandbox: {problem}. Off: {OFF_WITHOUT_BWRAP}. "
        f"Still on: the resource limits, and every process a notebook starts is stopped at its end. To turn it on, {HOW_TO_GET_BWRAP}."
    )
    return Sandbox("none", limits, notice)
