"""A case's question banks read into questions (validated first, re-read only when a file changes), and their levels counted."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from ..errors import BankError
from .model import LEVELS, Question
from .validate import validate_bank_text

__all__ = ["count_levels", "load_questions", "parse_bank"]


def parse_bank(text: str, name: str) -> list[Question]:
    """The questions of one bank (plain or sealed); raise BankError naming the first problem."""
    problems = validate_bank_text(text, name)
    if problems:
        raise BankError(problems)
    data = tomllib.loads(text)
    title = str(data.get("title") or "")
    return [Question.from_dict(q, bank=name, bank_title=title) for q in data["question"]]


_bank_cache: dict[Path, tuple[float, int, list[Question]]] = {}


def load_questions(case_dir: Path) -> dict[str, Question]:
    """Every question of the case's banks, by id (banks are re-read when they change)."""
    out: dict[str, Question] = {}
    for path in sorted((Path(case_dir) / "quizzes").glob("*.toml")):
        st = path.stat()
        cached = _bank_cache.get(path)
        if cached is None or cached[:2] != (st.st_mtime, st.st_size):
            cached = (st.st_mtime, st.st_size, parse_bank(path.read_text(encoding="utf-8"), f"quizzes/{path.name}"))
            _bank_cache[path] = cached
        for q in cached[2]:
            out.setdefault(q.id, q)
    return out


def count_levels(questions: Iterable[Question]) -> dict[str, int]:
    """How many questions are at each level: ``{"recall": n, "apply": n, "unmarked": n}`` (unmarked: no level given).

    >>> count_levels([Question("07-a", "single", "?", level="recall"), Question("07-b", "single", "?", level="apply"),
    ...               Question("07-c", "single", "?")])
    {'recall': 1, 'apply': 1, 'unmarked': 1}
    """
    counts = dict.fromkeys((*LEVELS, "unmarked"), 0)
    for q in questions:
        counts[q.level if q.level in LEVELS else "unmarked"] += 1
    return counts
