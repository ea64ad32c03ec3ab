"""Points: the weight of each exercise and written answer, set in the case folder's ``grading.toml`` (default 1).

The file is optional::

    # data/grading.toml
    [weights]
    "02-verdicts" = 2        # a checked exercise: 2 points when it passes, else 0
    "05-written-brief" = 10  # a written answer: marked out of 10

A passed exercise earns its weight, any other status 0. A written answer
earns the mark the instructor gives, out of its weight (or of the ``out_of``
written in the marks file).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ...errors import GradeError

__all__ = ["FILE", "check_points", "format_points", "read_weights"]

FILE = "grading.toml"


def read_weights(case_dir: Path, known: list[str] | None = None) -> dict[str, float]:
    """The weights of ``grading.toml`` (empty when there is none); GradeError names a bad value or an unknown id."""
    path = Path(case_dir) / FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        msg = f"{FILE}: not valid TOML ({exc}); fix that line."
        raise GradeError(msg) from exc
    weights = data.get("weights", {})
    if not isinstance(weights, dict):
        msg = f'{FILE}: [weights] must be a table of id = points, e.g. "02-verdicts" = 2.'
        raise GradeError(msg)
    problems = []
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.append(f"{FILE}: the weight of {key} must be a number of points, 0 or more; it is {value!r}.")
        elif known is not None and key not in known:
            problems.append(f"{FILE}: {key} is not an exercise or written answer of this kit.")
    if problems:
        raise GradeError(problems[0] + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""))
    return {k: float(v) for k, v in weights.items()}


def format_points(value: float | None) -> str:
    """Points as the CSV writes them: ``2``, ``1.5``, or empty for none.

    >>> format_points(2.0), format_points(1.5), format_points(None)
    ('2', '1.5', '')
    """
    return "" if value is None else f"{value:g}"


def check_points(status: str, exercise: str, weights: dict[str, float], registered: set[str]) -> tuple[str, str]:
    """(points, possible) of one exercise's row: its weight when passed, else 0; nothing for an id the case does not register."""
    if exercise not in registered:
        return "", ""
    weight = weights.get(exercise, 1.0)
    return format_points(weight if status == "passed" else 0.0), format_points(weight)
