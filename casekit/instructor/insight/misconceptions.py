"""Misconceptions a case names: patterns of wrong answers on an exercise (``checks/*.toml``) or a quiz question (bank), each with a note.

An exercise entry or a bank question may hold::

    [[exercise.misconception]]
    id = "copies-as-confirmation"      # a short slug, unique within the item
    includes = ["C10"]                 # ids: these ids were given
    note = "What the answer suggests, and what to revisit next class (cite the case's ids)."

Patterns (all that are given must hold for a try to show the misconception):

- exercises: ``includes`` / ``excludes`` (ids given / left out; for a table, rows by their key cells joined
  by ``/``, e.g. ``"khatib/caliber"``), ``label = { C16 = "analysis" }`` (this item given this label, or
  one of a list), ``cell = { T02 = "1974" }`` (a table row whose key is ``T02`` has this value in a
  compared column), ``between = [50, 50.9]`` (a number in this range);
- questions: ``option = "a"`` (single: this option chosen; multiple: all of these chosen),
  ``match = { war = "analysis" }`` (matching), ``answer = "1974"`` (short: this text, folded, or this number).

``revisit`` (optional) names what to go back to; by default the item itself. Only wrong tries made
before the answer was shown count. In a student copy a question's misconceptions are sealed with its
key (they give it away).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...checks.registry import load_registry
from ...common.folding import fold_answer, fold_label
from ...common.ids import split_ids
from ...quizzes.bank import load_questions
from ...quizzes.types.short import number_in

__all__ = ["Misconception", "case_misconceptions", "example_answer", "misconception_problems", "shows"]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}$")
_CHECK_PATTERNS = {"ids": ("includes", "excludes"), "labels": ("label",), "table": ("cell", "includes", "excludes"), "number": ("between",)}
_QUIZ_PATTERNS = {"single": ("option",), "multiple": ("option",), "matching": ("match",), "short": ("answer",)}
_FIELDS = {"id", "note", "revisit"}


@dataclass(frozen=True)
class Misconception:
    """One named misconception: the item (exercise or question) it belongs to, its pattern and the instructor's note."""

    id: str
    item: str
    part: str  # "checks" or "quiz"
    kind: str  # the exercise's kind or the question's type
    note: str
    revisit: str
    pattern: dict = field(default_factory=dict)


def _entries(raw) -> list:
    return raw if isinstance(raw, list) else [raw] if raw is not None else []


def _problems_of(entry, where: str, kind: str, allowed: dict, known_choices: dict[str, set[str]]) -> list[str]:
    if not isinstance(entry, dict):
        return [f"{where}: each misconception must be a table with an id, a pattern and a note."]
    problems = []
    mid = entry.get("id")
    if not isinstance(mid, str) or not _SLUG.match(mid):
        problems.append(f"{where}: misconception id {mid!r} must be a short slug of lower-case letters, digits and dashes.")
    where = f"{where}, misconception {mid}"
    if not isinstance(entry.get("note"), str) or len(entry["note"].split()) < 4:
        problems.append(f"{where}: needs a note for the instructor (a sentence: what the answer suggests, what to revisit).")
    patterns = allowed.get(kind, ())
    given = [k for k in entry if k not in _FIELDS]
    if not patterns:
        return [*problems, f"{where}: a {kind} item cannot name misconceptions yet."]
    unknown = [k for k in given if k not in patterns]
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(unknown)}; a {kind} item's patterns are {', '.join(patterns)}.")
    if not unknown and not any(k in patterns for k in given):
        problems.append(f"{where}: needs a pattern ({' or '.join(patterns)}).")
    for key in given:
        value = entry[key]
        if key in ("includes", "excludes") and not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            problems.append(f'{where}: {key} must be a list of ids, e.g. ["C10"].')
        elif key in ("label", "cell", "match") and not (
            isinstance(value, dict) and value and all(isinstance(v, str | list) for v in value.values())
        ):
            problems.append(f'{where}: {key} must be a table of item = "value", e.g. {{ C16 = "analysis" }}.')
        elif key == "between" and not (
            isinstance(value, list) and len(value) == 2 and all(isinstance(v, int | float) for v in value) and value[0] <= value[1]
        ):
            problems.append(f"{where}: between must be two numbers, low then high, e.g. [50, 50.9].")
        elif key == "option":
            options = _entries(value)
            if not options or not all(isinstance(v, str) for v in options):
                problems.append(f'{where}: option must be an option id or a list of them, e.g. "a".')
            elif known_choices.get("option") and set(options) - known_choices["option"]:
                problems.append(f"{where}: option {', '.join(sorted(set(options) - known_choices['option']))} is not one of the options.")
        elif key == "answer" and not isinstance(value, str | int | float):
            problems.append(f'{where}: answer must be a text or a number, e.g. "1974".')
        if key == "match" and isinstance(value, dict):
            bad = [k for k in value if known_choices.get("items") and k not in known_choices["items"]]
            bad += [str(v) for v in value.values() if known_choices.get("choices") and str(v) not in known_choices["choices"]]
            if bad:
                problems.append(f"{where}: match names {', '.join(bad)}, which are not the question's items and choices.")
    return problems


def _question_choices(q) -> dict[str, set[str]]:
    return {"option": {o.id for o in q.options}, "items": {i.id for i in q.items}, "choices": {c.id for c in q.choices}}


def misconception_problems(case_dir: str | Path) -> list[str]:
    """The case's named misconceptions checked: one line per problem (empty when all are sound)."""
    case_dir = Path(case_dir)
    problems: list[str] = []
    try:
        exercises = load_registry(case_dir)
    except Exception:  # noqa: BLE001 - validate_checks reports a broken registry
        exercises = []
    for ex in exercises:
        seen: set = set()
        for entry in _entries(ex.get("misconception")):
            problems += _problems_of(entry, f"checks, exercise {ex.get('id')}", str(ex.get("kind")), _CHECK_PATTERNS, {})
            if isinstance(entry, dict) and entry.get("id") in seen:
                problems.append(f"checks, exercise {ex.get('id')}: misconception {entry.get('id')!r} is named twice.")
            seen.add(entry.get("id") if isinstance(entry, dict) else None)
    try:
        questions = load_questions(case_dir)
    except Exception:  # noqa: BLE001 - validate_banks reports a broken bank
        questions = {}
    for q in questions.values():
        seen = set()
        for entry in _entries(q.extra.get("misconception")):
            problems += _problems_of(entry, f"{q.bank}, question {q.id}", q.type, _QUIZ_PATTERNS, _question_choices(q))
            if isinstance(entry, dict) and entry.get("id") in seen:
                problems.append(f"{q.bank}, question {q.id}: misconception {entry.get('id')!r} is named twice.")
            seen.add(entry.get("id") if isinstance(entry, dict) else None)
    return problems


def case_misconceptions(case_dir: str | Path) -> dict[str, list[Misconception]]:
    """Item id -> the misconceptions named on it (exercises and quiz questions); entries with problems are left out."""
    case_dir = Path(case_dir)
    out: dict[str, list[Misconception]] = {}

    def add(entry, item: str, part: str, kind: str, allowed: dict, choices: dict) -> None:
        if _problems_of(entry, item, kind, allowed, choices):
            return
        pattern = {k: v for k, v in entry.items() if k not in _FIELDS}
        out.setdefault(item, []).append(
            Misconception(entry["id"], item, part, kind, entry["note"], str(entry.get("revisit") or item), pattern)
        )

    try:
        exercises = load_registry(case_dir)
    except Exception:  # noqa: BLE001 - no exercises: no misconceptions
        exercises = []
    for ex in exercises:
        for entry in _entries(ex.get("misconception")):
            add(entry, str(ex.get("id")), "checks", str(ex.get("kind")), _CHECK_PATTERNS, {})
    try:
        questions = load_questions(case_dir)
    except Exception:  # noqa: BLE001
        questions = {}
    for q in questions.values():
        for entry in _entries(q.extra.get("misconception")):
            add(entry, q.id, "quiz", q.type, _QUIZ_PATTERNS, _question_choices(q))
    return out


# ---------------------------------------------------------------- matching one try


def _pairs(answer) -> dict[str, str]:
    """``["C01=framing", ...]`` (or a dict) as folded id -> folded label."""
    if isinstance(answer, dict):
        return {fold_label(k): fold_label(v) for k, v in answer.items()}
    out = {}
    for item in answer if isinstance(answer, list) else []:
        key, sep, label = str(item).partition("=")
        if sep:
            out[fold_label(key)] = fold_label(label)
    return out


def _rows(answer) -> dict[str, list[str]]:
    """``["T02: resolves_to=1974", ...]`` as folded key -> the folded values of its compared columns."""
    out: dict[str, list[str]] = {}
    for row in answer if isinstance(answer, list) else []:
        key, _, rest = str(row).partition(": ")
        out[fold_label(key)] = [fold_label(cell.partition("=")[2]) for cell in rest.split(", ") if "=" in cell]
    return out


def _wanted(value) -> set[str]:
    return {fold_label(v) for v in _entries(value)}


def _number(answer) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int | float):
        return None if math.isnan(float(answer)) else float(answer)
    return number_in(str(answer)) if isinstance(answer, str) else None


def shows(m: Misconception, answer) -> bool:
    """True when one try's compact answer fits the misconception's pattern (every part of it).

    >>> m = Misconception("x", "07-a", "checks", "labels", "note", "07-a", {"label": {"C16": "analysis"}})
    >>> shows(m, ["C01=framing", "C16=Analysis"]), shows(m, ["C16=factual_claim"])
    (True, False)
    """
    p = m.pattern
    if answer is None:
        return False
    checks = []
    if "includes" in p or "excludes" in p:
        given = {fold_label(str(i).partition(": ")[0]) for i in (answer if isinstance(answer, list) else split_ids(answer))}
        checks.append(all(fold_label(i) in given for i in p.get("includes", [])))
        checks.append(not any(fold_label(i) in given for i in p.get("excludes", [])))
    if "label" in p:
        pairs = _pairs(answer)
        checks.append(all(pairs.get(fold_label(k)) in _wanted(v) for k, v in p["label"].items()))
    if "cell" in p:
        rows = _rows(answer)
        checks.append(all(bool(set(rows.get(fold_label(k), [])) & _wanted(v)) for k, v in p["cell"].items()))
    if "between" in p:
        number = _number(answer)
        checks.append(number is not None and p["between"][0] <= number <= p["between"][1])
    if "option" in p:
        chosen = {fold_label(a) for a in (answer if isinstance(answer, list) else [answer])}
        checks.append(_wanted(p["option"]) <= chosen)
    if "match" in p:
        pairs = _pairs(answer)
        checks.append(all(pairs.get(fold_label(k)) in _wanted(v) for k, v in p["match"].items()))
    if "answer" in p:
        expected = p["answer"]
        if isinstance(expected, int | float) and not isinstance(expected, bool):
            number = _number(answer)
            checks.append(number is not None and abs(number - float(expected)) < 1e-9)
        else:
            checks.append(fold_answer(str(answer)) == fold_answer(str(expected)))
    return bool(checks) and all(checks)


def example_answer(m: Misconception, key):
    """An answer that shows misconception ``m``, made from the key's compact form (demos, benchmarks and the check that a pattern can fit).

    >>> m = Misconception("x", "07-a", "checks", "ids", "note", "07-a", {"includes": ["S04"], "excludes": ["S06"]})
    >>> example_answer(m, ["S01", "S06"])
    ['S01', 'S04']
    """
    p = m.pattern
    if "option" in p:
        chosen = [str(o) for o in _entries(p["option"])]
        return chosen[0] if m.kind == "single" else sorted({*map(str, _entries(key)), *chosen})
    if "match" in p:
        return {**(key if isinstance(key, dict) else {}), **{k: str(_entries(v)[0]) for k, v in p["match"].items()}}
    if "answer" in p:
        return p["answer"]
    if "between" in p:
        return round((p["between"][0] + p["between"][1]) / 2, 6)
    answer = [str(a) for a in key] if isinstance(key, list) else []
    if "label" in p:
        pairs = dict(str(a).partition("=")[::2] for a in answer)
        pairs.update({k: str(_entries(v)[0]) for k, v in p["label"].items()})
        answer = [f"{k}={v}" for k, v in pairs.items()]
    if "cell" in p:
        for k, v in p["cell"].items():
            rows = [a for a in answer if fold_label(a.partition(": ")[0]) == fold_label(k)]
            head, _, rest = (rows[0] if rows else f"{k}: value=").partition(": ")
            column = rest.partition("=")[0] or "value"
            answer = [a for a in answer if a not in rows] + [f"{head}: {column}={_entries(v)[0]}"]
    if "includes" in p or "excludes" in p:
        dropped = {fold_label(i) for i in p.get("excludes", [])}
        answer = [a for a in answer if fold_label(a.partition(": ")[0]) not in dropped]
        have = {fold_label(a.partition(": ")[0]) for a in answer}
        answer += [i for i in p.get("includes", []) if fold_label(i) not in have]
    return sorted(answer)
