"""Resource limits on a graded notebook (memory, processes, file size, CPU time, output) and the sentence for each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ....errors import GradeError

__all__ = ["Limits", "parse_size", "size_words"]

MB = 2**20
GB = 2**30
_UNITS = {"k": 2**10, "m": MB, "g": GB, "t": 2**40}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt])(?:i?b)?\s*", re.I)


def parse_size(text: str | int | float, flag: str = "--memory") -> int:
    """``"2G"`` -> bytes. A size needs its unit (K, M, G or T), so that ``2`` is never read as 2 bytes.

    >>> parse_size("2G"), parse_size("500 MB"), parse_size(1024)
    (2147483648, 524288000, 1024)
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        return int(text)
    m = _SIZE.fullmatch(str(text))
    if not m or float(m.group(1)) <= 0:
        msg = f"{flag} must be a size with its unit, such as 2G or 500M; received {text!r}."
        raise GradeError(msg)
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def size_words(n: int) -> str:
    """A size as a reader says it: ``2 GB``, ``100 MB``, ``1.5 GB``.

    >>> size_words(2 * 2**30), size_words(100 * 2**20), size_words(1536 * 2**20)
    ('2 GB', '100 MB', '1.5 GB')
    """
    for unit, size in (("TB", 2**40), ("GB", GB), ("MB", MB), ("KB", 2**10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) or value >= 100 else f"{value:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"


@dataclass(frozen=True)
class Limits:
    """What one notebook may use. ``cpu`` of None means twice the notebook's time limit."""

    memory: int = 2 * GB  # bytes, all of the notebook's processes together
    processes: int = 512  # processes and threads at once
    file_size: int = 100 * MB  # the largest file it may write
    cpu: float | None = None  # seconds of CPU time, all processes together
    output: int = 10 * MB  # output the grader reads from it; past this the notebook is stopped

    def __post_init__(self):
        for name, low in (("memory", 64 * MB), ("processes", 16), ("file_size", MB), ("output", 64 * 2**10)):
            if getattr(self, name) < low:
                flag = "--" + name.replace("_", "-")
                msg = f"{flag} is too low to run a notebook at all; the least is {size_words(low) if name != 'processes' else low}."
                raise GradeError(msg)
        if self.cpu is not None and self.cpu < 1:
            msg = "--cpu must be at least 1 second."
            raise GradeError(msg)

    @classmethod
    def from_flags(cls, memory="2G", processes=512, file_size="100M", cpu=None, output="10M") -> Limits:
        """Limits from the command line's words: sizes with their unit (``"2G"``), a count, seconds."""
        return cls(
            memory=parse_size(memory, "--memory"),
            processes=int(processes),
            file_size=parse_size(file_size, "--file-size"),
            cpu=cpu,
            output=parse_size(output, "--output"),
        )

    def cpu_for(self, timeout: float) -> float:
        """The CPU-time limit for a notebook given ``timeout`` seconds of wall-clock time."""
        return float(self.cpu) if self.cpu is not None else max(10.0, 2.0 * timeout)

    def rlimits(self, timeout: float) -> dict[str, int]:
        """The per-process operating-system limits (``resource.RLIMIT_<name>``) that back these limits."""
        return {"DATA": self.memory, "FSIZE": self.file_size, "CPU": int(self.cpu_for(timeout)) + 1, "NPROC": self.processes}

    def message(self, kind: str, timeout: float = 60) -> str:
        """The plain sentence for a notebook that ran into ``kind``: ``"used more than 2 GB of memory"``."""
        return {
            "memory": f"used more than {size_words(self.memory)} of memory",
            "processes": f"started more than {self.processes} processes and threads",
            "file_size": f"wrote a file larger than {size_words(self.file_size)}",
            "cpu": f"used more than {self.cpu_for(timeout):g} s of CPU time",
            "output": f"printed more than {size_words(self.output)} of output",
        }[kind]

    def sentence(self, timeout: float = 60) -> str:
        """One line for the start of a run: every limit in words."""
        return (
            f"limits per notebook: {size_words(self.memory)} of memory, {self.processes} processes and threads, "
            f"files up to {size_words(self.file_size)}, {self.cpu_for(timeout):g} s of CPU time, {size_words(self.output)} of output"
        )
