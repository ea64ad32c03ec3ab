"""Question banks checked before use: one line per problem, each naming the bank and the question."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..common.ids import is_item_id
from ..errors import BankError
from .answers import normalise, short_matches
from .model import PUBLIC_FIELDS, SECRET_FIELDS, TYPES, Question
from .sealing import unseal

__all__ = ["validate_bank_text", "validate_banks"]

_QUESTION_KEYS = {*PUBLIC_FIELDS, *SECRET_FIELDS, "sealed"}


def _pairs_problems(q: dict, key: str, minimum: int) -> tuple[list[str], list[str]]:
    """Problems with an options/items/choices list, and its ids."""
    raw = q.get(key)
    if not isinstance(raw, list) or len(raw) < minimum:
        return [f'needs {key} = [{{id = "a", text = "..."}}, ...] with at least {minimum} entries.'], []
    problems, ids = [], []
    for i, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not isinstance(entry.get("text"), str):
            problems.append(f"{key} entry {i} needs an id and a text, both quoted strings.")
            continue
        extra = set(entry) - {"id", "text"}
        if extra:
            problems.append(f"{key} entry {entry['id']!r} has unknown field(s) {', '.join(sorted(extra))}; only id and text are read.")
        if entry["id"] in ids:
            problems.append(f"{key} id {entry['id']!r} is used twice.")
        ids.append(entry["id"])
    return problems, ids


def _feedback_problems(q: dict, kind: str, ids: list[str]) -> list[str]:
    fb = q.get("feedback")
    if not isinstance(fb, dict) or not all(isinstance(v, str) for v in fb.values()):
        return ["needs a [question.feedback] table of texts."]
    problems = []
    if kind in ("single", "multiple"):
        for oid in ids:
            if not fb.get(oid, "").strip():
                problems.append(f'no feedback for option {oid!r}; add {oid} = "..." under [question.feedback].')
        extra = set(fb) - set(ids) - {"correct", "incorrect", "partly"}
        if extra:
            problems.append(f"feedback for unknown option(s) {', '.join(sorted(extra))}; the options are {', '.join(ids)}.")
        return problems
    for key in ("correct", "incorrect"):
        if not fb.get(key, "").strip():
            problems.append(f"no '{key}' feedback; add {key} = \"...\" under [question.feedback].")
    if kind in ("ordering", "matching"):
        extra = set(fb) - set(ids) - {"correct", "incorrect", "partly"}
        if extra:
            problems.append(f"feedback for unknown item(s) {', '.join(sorted(extra))}; the items are {', '.join(ids)}.")
    return problems


def _answer_problems(q: dict, kind: str, ids: list[str], choice_ids: list[str]) -> list[str]:
    ans = q.get("answer")
    listing = ", ".join(ids)
    if kind == "single":
        if not isinstance(ans, str):
            return [f'answer must be one option id such as "{ids[0] if ids else "a"}"; got {ans!r}.']
        return [] if ans in ids else [f"answer {ans!r} is not one of the options {listing}."]
    if kind == "multiple":
        if not isinstance(ans, list) or not ans or not all(isinstance(a, str) for a in ans):
            return [f'answer must be a list of option ids such as ["a", "c"]; got {ans!r}.']
        bad = [a for a in ans if a not in ids]
        dup = {a for a in ans if ans.count(a) > 1}
        return [f"answer {a!r} is not one of the options {listing}." for a in bad] + (
            [f"answer lists {', '.join(sorted(dup))} twice."] if dup else []
        )
    if kind == "ordering":
        if not isinstance(ans, list) or sorted(map(str, ans)) != sorted(ids):
            return [f"answer must list every item id once, in order ({listing}); got {ans!r}."]
        return []
    if kind == "matching":
        if not isinstance(ans, dict):
            return [f"answer must be a table item id -> choice id; got {ans!r}."]
        problems = [f"answer has no match for item {i!r}." for i in ids if i not in ans]
        problems += [f"answer names {k!r}, which is not one of the items {listing}." for k in ans if k not in ids]
        problems += [
            f"answer for {k!r} is {v!r}, which is not one of the choices {', '.join(choice_ids)}."
            for k, v in ans.items()
            if v not in choice_ids
        ]
        return problems
    # short
    problems = []
    accept, number = q.get("accept"), q.get("number")
    if accept is None and number is None:
        return ['a short question needs accept = ["..."] and/or number = ...']
    if accept is not None and (not isinstance(accept, list) or not all(isinstance(a, str) and normalise(a) for a in accept)):
        problems.append(f"accept must be a list of non-empty texts; got {accept!r}.")
    if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)):
        problems.append(f"number must be a number such as 12; got {number!r}.")
    tol = q.get("tolerance", 0)
    if isinstance(tol, bool) or not isinstance(tol, int | float) or tol < 0:
        problems.append(f"tolerance must be a number of 0 or more; got {tol!r}.")
    if "answer" in q:
        problems.append("a short question uses accept and number, not answer.")
    return problems


def _question_problems(q, lesson: str | None, sealed_copy: bool) -> list[str]:
    if not isinstance(q, dict):
        return ["each [[question]] must be a table."]
    problems = []
    qid = q.get("id")
    if not isinstance(qid, str) or not is_item_id(qid):
        problems.append(f'id {qid!r} must start with the lesson\'s two digits and a dash, e.g. "07-sources".')
    elif lesson and qid[:2] != lesson:
        problems.append(f"id {qid!r} does not start with this bank's lesson number {lesson}.")
    unknown = set(q) - _QUESTION_KEYS
    if unknown:
        problems.append(f"unknown field(s) {', '.join(sorted(unknown))}; the fields are {', '.join(sorted(_QUESTION_KEYS - {'sealed'}))}.")
    if "set" in q and (not isinstance(q["set"], str) or not is_item_id(q["set"])):
        problems.append(f'set {q["set"]!r} must start with the lesson\'s two digits and a dash, e.g. "07-warmup".')
    for key in ("prompt", "hint", "unit"):
        if key in q and not isinstance(q[key], str):
            problems.append(f"{key} must be text in quotes; got {q[key]!r}.")
    if not str(q.get("prompt", "")).strip():
        problems.append("needs a prompt.")
    if "sealed" in q:
        clear = [k for k in SECRET_FIELDS if k in q]
        if clear:
            problems.append(f"has both a sealed field and {', '.join(clear)} in plain text; build the bank again.")
        try:
            secret = unseal(q["sealed"])
        except BankError as exc:
            return [*problems, str(exc)]
        q = {**{k: v for k, v in q.items() if k != "sealed"}, **secret}
    elif sealed_copy and any(k in q for k in SECRET_FIELDS):
        problems.append(
            "holds its answer in plain text in the student copy; write it in solutions/quizzes and run `python -m casekit build`."
        )
    kind = q.get("type")
    if kind not in TYPES:
        return [*problems, f"type {kind!r} is unknown; use one of {', '.join(TYPES)}."]
    choice_ids: list[str] = []
    if kind in ("single", "multiple"):
        found, ids = _pairs_problems(q, "options", 2)
    else:
        found, ids = _pairs_problems(q, "items", 2 if kind == "ordering" else 1) if kind != "short" else ([], [])
        if kind == "matching":
            more, choice_ids = _pairs_problems(q, "choices", 2)
            found += more
    problems += found
    if found:
        return problems
    problems += _answer_problems(q, kind, ids, choice_ids)
    problems += _feedback_problems(q, kind, ids)
    if kind == "short" and not problems:
        probe = Question.from_dict(q)
        for key in set(q["feedback"]) - {"correct", "incorrect", "partly"}:
            if short_matches(probe, key):
                problems.append(f"feedback {key!r} is written for a wrong answer, but that answer is accepted as correct.")
    return problems


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
    seen: set[str] = set()
    for i, q in enumerate(questions, start=1):
        qid = q.get("id") if isinstance(q, dict) else None
        where = f"{name}, question {qid}" if isinstance(qid, str) and qid else f"{name}, question {i}"
        if qid in seen:
            problems.append(f"{where}: the id is used twice in this bank.")
        seen.add(qid)
        problems += [f"{where}: {p}" for p in _question_problems(q, lesson, sealed_copy)]
    sets = {q.get("set") for q in questions if isinstance(q, dict) and q.get("set")}
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
        ids = {q.get("id") for q in questions if isinstance(q, dict)} | {
            q.get("set") for q in questions if isinstance(q, dict) and q.get("set")
        }
        for ident in sorted(i for i in ids if isinstance(i, str)):
            if ident in owner and owner[ident] != name:
                problems.append(f"{name}: id {ident!r} is also used in {owner[ident]}; ids must be unique across banks.")
            owner.setdefault(ident, name)
    return problems
