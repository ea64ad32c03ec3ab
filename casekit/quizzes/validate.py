"""Question banks checked before use: one line per problem, each naming the bank and the question.

The fields every question has are checked here; each type checks its own (``QuestionType.problems``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..common.ids import is_item_id
from ..errors import BankError
from .model import LEVELS
from .sealing import unseal
from .types import TYPES, public_fields, secret_fields

__all__ = ["validate_bank_text", "validate_banks"]


def _question_problems(q, lesson: str | None, sealed_copy: bool) -> list[str]:
    if not isinstance(q, dict):
        return ["each [[question]] must be a table."]
    problems = []
    qid = q.get("id")
    if not isinstance(qid, str) or not is_item_id(qid):
        problems.append(f'id {qid!r} must start with the lesson\'s two digits and a dash, e.g. "07-sources".')
    elif lesson and qid[:2] != lesson:
        problems.append(f"id {qid!r} does not start with this bank's lesson number {lesson}.")
    known = {*public_fields(), *secret_fields()}
    unknown = set(q) - known - {"sealed"}
    if unknown:
        problems.append(f"unknown field(s) {', '.join(sorted(unknown))}; the fields are {', '.join(sorted(known))}.")
    if "set" in q and (not isinstance(q["set"], str) or not is_item_id(q["set"])):
        problems.append(f'set {q["set"]!r} must start with the lesson\'s two digits and a dash, e.g. "07-warmup".')
    if "level" in q and q["level"] not in LEVELS:
        problems.append(
            f'level {q["level"]!r} is not one of "recall" (the answer is stated in the lesson above the question) or "apply" '
            "(the learner uses a skill on material the lesson has not resolved); write one of the two."
        )
    for key in ("prompt", "hint", "unit"):
        if key in q and not isinstance(q[key], str):
            problems.append(f"{key} must be text in quotes; got {q[key]!r}.")
    if not str(q.get("prompt", "")).strip():
        problems.append("needs a prompt.")
    if "sealed" in q:
        clear = [k for k in secret_fields() if k in q]
        if clear:
            problems.append(f"has both a sealed field and {', '.join(clear)} in plain text; build the bank again.")
        try:
            secret = unseal(q["sealed"])
        except BankError as exc:
            return [*problems, str(exc)]
        q = {**{k: v for k, v in q.items() if k != "sealed"}, **secret}
    elif sealed_copy and any(k in q for k in secret_fields()):
        problems.append(
            "holds its answer in plain text in the student copy; write it in solutions/quizzes and run `python -m casekit build`."
        )
    kind = q.get("type")
    if not isinstance(kind, str) or kind not in TYPES:
        return [*problems, f"type {kind!r} is unknown; use one of {', '.join(TYPES)}."]
    return problems + TYPES[kind].problems(q)


def validate_bank_text(text: str, name: str, *, sealed_copy: bool | None = None) -> list[str]:
    """Check one bank (plain or sealed); return one line per problem, each starting with ``name``.

    ``sealed_copy`` (default: guessed from whether any question is sealed)
    makes answers written in plain text a problem.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [f"{name}: not valid TOML ({exc}); fix that line."]
    questions = data.get("question")
    if not isinstance(questions, list) or not questions:
        return [f"{name}: no questions; a bank is a list of [[question]] tables."]
    extra = set(data) - {"question", "title"}
    problems = [f"{name}: unknown top-level field(s) {', '.join(sorted(extra))}; a bank holds [[question]] tables."] if extra else []
    lesson = Path(name).name[:2] if Path(name).name[:2].isdigit() else None
    if sealed_copy is None:
        sealed_copy = any(isinstance(q, dict) and "sealed" in q for q in questions)
    seen: set = set()
    for i, q in enumerate(questions, start=1):
        qid = q.get("id") if isinstance(q, dict) else None
        where = f"{name}, question {qid}" if isinstance(qid, str) and qid else f"{name}, question {i}"
        key = qid if isinstance(qid, str) else ("not text", repr(qid))  # an id written as a table or list is still compared
        if key in seen:
            problems.append(f"{where}: the id is used twice in this bank.")
        seen.add(key)
        problems += [f"{where}: {p}" for p in _question_problems(q, lesson, sealed_copy)]
    sets = {q["set"] for q in questions if isinstance(q, dict) and isinstance(q.get("set"), str) and q["set"]}
    for s in sorted(sets & seen):
        problems.append(f"{name}: {s!r} is both a set and a question id; give the set another name.")
    return problems


def validate_banks(case_dir: Path) -> list[str]:
    """Check every bank in ``case_dir/quizzes``; one line per problem (empty when all are valid)."""
    folder = Path(case_dir) / "quizzes"
    problems: list[str] = []
    owner: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        name = f"quizzes/{path.name}"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{name}: cannot be read as UTF-8 text ({exc}).")
            continue
        problems += validate_bank_text(text, name, sealed_copy=True)
        try:
            questions = tomllib.loads(text).get("question", [])
        except tomllib.TOMLDecodeError:
            continue
        tables = [q for q in questions if isinstance(q, dict)] if isinstance(questions, list) else []
        ids = {str(q[key]) for q in tables for key in ("id", "set") if isinstance(q.get(key), str) and q.get(key)}
        for ident in sorted(ids):
            if ident in owner and owner[ident] != name:
                problems.append(f"{name}: id {ident!r} is also used in {owner[ident]}; ids must be unique across banks.")
            owner.setdefault(ident, name)
    return problems
