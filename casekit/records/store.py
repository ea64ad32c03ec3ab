"""A learner's saved quiz answers and check results: one JSON file per case, written safely.

Where the file lives::

    $CASEKIT_PROGRESS_DIR/<case_id>/<learner>.json

``CASEKIT_PROGRESS_DIR`` defaults to ``$XDG_DATA_HOME/casekit/progress``
(``~/.local/share/casekit/progress``). The learner is ``$CASEKIT_LEARNER``, or
else the operating-system user name, made safe for a file name.

What the file holds::

    {"version": 2, "case": "...", "learner": "...",
     "quiz":   {"07-sources": {"answer": "b", "status": "correct", "message": "what the learner was shown",
                              "time": "2026-01-05T10:00:00Z", "attempts": 2, "tried": ["8c1e...", "0b7d..."],
                              "history": [{"answer": "a", "status": "incorrect", "revealed": false, "time": "..."}, ...]}},
     "checks": {"07-dates": {"status": "passed", "message": "what the learner was shown",
                                "time": "...", "attempts": 1, "tried": ["3f9a..."],
                                "history": [{"answer": ["E07=2024-11-29"], "status": "passed", "revealed": false, "time": "..."}]}}}

``attempts`` counts distinct, well-formed answers: ``tried`` keeps a short fingerprint
of each, so running the same answer again is not another try. ``history`` (version 2)
keeps each counted try: a compact form of the answer (capped), its status, whether the
answer had been shown before it, and when; the last ``MAX_HISTORY`` tries are kept. Files of
version 1 (no history) are still read, and take version 2 on their next write.

Every write re-reads the file, merges the new record into it and replaces the
file atomically (a temporary file in the same folder, then ``os.replace``),
under an advisory lock where the system has one. So a crash mid-write or two
kernels writing at once never leave a broken or shortened file. A file that
cannot be read as JSON is renamed aside (``<learner>.corrupt-<time>.json``)
with a warning and a fresh one is started. When the folder cannot be written,
a warning is given once and results are kept in memory for the session.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import re
import threading
import warnings
from pathlib import Path

from ..common.files import write_atomic
from .reading import parse_record

__all__ = [
    "learner_name",
    "load",
    "progress_dir",
    "progress_file",
    "quiz_record",
    "record_check",
    "record_quiz",
    "record_reveal",
    "try_number",
]

VERSION = 2  # 2: quiz and check records keep a bounded ``history`` of tries; version 1 files are still read
MAX_ANSWER_CHARS = 2000
MAX_HISTORY = 30  # tries kept per item
MAX_COMPACT_CHARS = 400  # a try's compact answer, as JSON
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_memory: dict[Path, dict] = {}  # results kept when the file cannot be written
_warned: set[Path] = set()
_thread_lock = threading.Lock()


# ---------------------------------------------------------------- where


def _safe_name(text: str, default: str) -> str:
    name = _SAFE.sub("_", str(text)).strip("._-")[:64]
    return name or default


def progress_dir() -> Path:
    """The folder that holds every case's progress files (see the module docstring)."""
    base = os.environ.get("CASEKIT_PROGRESS_DIR")
    if base:
        return Path(base).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "casekit" / "progress"


def learner_name(learner: str | None = None) -> str:
    """The learner's name as used in the file name: ``learner``, ``$CASEKIT_LEARNER``, ``$JUPYTERHUB_USER`` or the user name.

    On a JupyterHub every learner's OS user is often the same (``jovyan``); the hub's user name tells them apart.
    """
    if learner is None:
        learner = os.environ.get("CASEKIT_LEARNER") or os.environ.get("JUPYTERHUB_USER")
    if not learner:
        try:
            learner = getpass.getuser()
        except (OSError, KeyError, ImportError):
            learner = "learner"
    return _safe_name(learner, "learner")


def progress_file(case_id: str, learner: str | None = None) -> Path:
    """The JSON file of one learner for one case."""
    return progress_dir() / _safe_name(case_id, "case") / f"{learner_name(learner)}.json"


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _empty(case_id: str, learner: str) -> dict:
    return {"version": VERSION, "case": case_id, "learner": learner, "quiz": {}, "checks": {}}


# ---------------------------------------------------------------- reading


def _read(path: Path, case_id: str, learner: str) -> dict:
    """Read the file; a missing file is empty, a corrupt one is set aside with a warning."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _empty(case_id, learner)
    except OSError as exc:
        _warn_once(path, f"casekit could not read your progress file {path} ({exc.strerror}); results are kept in memory for this session.")
        return _empty(case_id, learner)
    data = parse_record(raw)
    if data is None:
        _set_aside(path)
        return _empty(case_id, learner)
    return data


def _set_aside(path: Path) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.stem}.corrupt-{stamp}.json")
    try:
        os.replace(path, aside)
    except OSError:
        aside = None  # type: ignore[assignment]  # no move: the sentence below says so
    where = f"it was moved to {aside.name}" if aside else "it could not be moved aside"
    warnings.warn(f"Your progress file {path} could not be read, so {where} and a fresh one was started.", stacklevel=4)


def _warn_once(path: Path, message: str) -> None:
    if path not in _warned:
        _warned.add(path)
        warnings.warn(message, stacklevel=4)


def _merge(base: dict, extra: dict) -> dict:
    """Records of ``extra`` win over ``base`` when they are at least as new."""
    out = {**base, "quiz": dict(base.get("quiz", {})), "checks": dict(base.get("checks", {}))}
    for part in ("quiz", "checks"):
        for key, rec in extra.get(part, {}).items():
            old = out[part].get(key)
            if old is None or str(rec.get("time", "")) >= str(old.get("time", "")):
                out[part][key] = rec
    return out


def load(case_id: str, learner: str | None = None) -> dict:
    """Everything recorded for a learner in a case (file and in-memory results merged)."""
    learner = learner_name(learner)
    path = progress_file(case_id, learner)
    with _thread_lock:
        data = _read(path, case_id, learner)
        if path in _memory:
            data = _merge(data, _memory[path])
    return data


def quiz_record(case_id: str, question_id: str, learner: str | None = None) -> dict | None:
    """The learner's last recorded answer to one question, or None."""
    return load(case_id, learner)["quiz"].get(question_id)


# ---------------------------------------------------------------- writing


@contextlib.contextmanager
def _file_lock(path: Path):
    """An advisory lock beside the file (POSIX); elsewhere only the atomic rename protects it."""
    try:
        import fcntl
    except ImportError:  # Windows: os.replace is still atomic
        yield
        return
    fd = os.open(path.with_name(path.name + ".lock"), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _write(path: Path, data: dict) -> None:
    data["version"] = max(VERSION, data["version"]) if isinstance(data.get("version"), int) else VERSION
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))


_NO_ANSWER = object()  # no compact answer given: the try is counted but not added to the history
MAX_TRIED = 50  # answers remembered per item to tell a new try from a re-run


def _next(old: dict, record: dict, count: bool) -> dict:
    """The record that replaces ``old``: a new try counts one attempt; a shown answer stays shown.

    A record with a ``fingerprint`` (of the learner's answer) counts only when that answer is new:
    running the same answer again replaces the record but is not another try.
    """
    tried = [t for t in old.get("tried", []) if isinstance(t, str)] if isinstance(old.get("tried"), list) else []
    fingerprint = record.pop("fingerprint", None)
    compact = record.pop("compact", _NO_ANSWER)
    if fingerprint is not None and fingerprint in tried:
        count = False
        record = {**old, **record}
    elif fingerprint is not None:
        tried = [*tried, fingerprint][-MAX_TRIED:]
    new = dict(record) if count else {**old, **record}
    new["attempts"] = int(old.get("attempts", 0) or 0) + (1 if count else 0)
    if fingerprint is not None:
        new["tried"] = tried
    history = _history(old)
    if history or compact is not _NO_ANSWER:
        new["history"] = history
    if count and compact is not _NO_ANSWER:
        entry = {"answer": _compact(compact), "status": new.get("status"), "revealed": bool(old.get("revealed")), "time": new.get("time")}
        new["history"] = [*history, entry][-MAX_HISTORY:]
    if old.get("revealed"):
        new["revealed"] = True
    return new


def _history(old: dict) -> list[dict]:
    """The tries recorded so far (version 2); an older record has none."""
    history = old.get("history")
    return [h for h in history if isinstance(h, dict)][-MAX_HISTORY:] if isinstance(history, list) else []


def _compact(answer):
    """A JSON-safe copy of a compact answer, cut to ``MAX_COMPACT_CHARS``: a list loses its last items, a text its end.

    >>> _compact(["S01", "S02"]), _compact("x" * 500)[-1]
    (['S01', 'S02'], '…')
    """
    text = json.dumps(answer, ensure_ascii=False, default=str)
    if len(text) <= MAX_COMPACT_CHARS:
        return json.loads(text)
    if isinstance(answer, list | tuple):
        kept: list = []
        for item in answer:
            if len(json.dumps([*kept, item, "…"], ensure_ascii=False, default=str)) > MAX_COMPACT_CHARS:
                break
            kept.append(item)
        return [*json.loads(json.dumps(kept, ensure_ascii=False, default=str)), "…"]
    return (answer if isinstance(answer, str) else text)[: MAX_COMPACT_CHARS - 1] + "…"


def try_number(case_id: str, part: str, key: str, fingerprint: str, learner: str | None = None) -> int:
    """Which try an answer with this fingerprint is: a new answer is the next try, one tried before keeps the count so far."""
    rec = load(case_id, learner).get(part, {}).get(key)
    rec = rec if isinstance(rec, dict) else {}
    attempts = int(rec.get("attempts", 0) or 0) if str(rec.get("attempts", "0")).isdigit() else 0
    tried = rec["tried"] if isinstance(rec.get("tried"), list) else []
    return max(attempts, 1) if fingerprint in tried else attempts + 1


def _update(case_id: str, learner: str | None, part: str, key: str, record: dict, count: bool = True) -> dict:
    learner = learner_name(learner)
    path = progress_file(case_id, learner)
    with _thread_lock:
        if path not in _memory:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with _file_lock(path):
                    data = _read(path, case_id, learner)
                    data[part][key] = new = _next(data[part].get(key, {}), record, count)
                    _write(path, data)
                    return new
            except OSError as exc:
                _warn_once(
                    path,
                    f"casekit cannot save your progress in {path.parent} ({exc.strerror or exc}); results are kept in memory for this session only.",
                )
                _memory[path] = _read(path, case_id, learner) if path.is_file() else _empty(case_id, learner)
        mem = _memory[path]
        mem[part][key] = new = _next(mem[part].get(key, {}), record, count)
        return new


def _storable(answer):
    """A JSON-safe, bounded copy of an answer."""
    try:
        text = json.dumps(answer, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(answer)[:MAX_ANSWER_CHARS]
    if len(text) > MAX_ANSWER_CHARS:
        return text[:MAX_ANSWER_CHARS]
    return json.loads(text)


def record_quiz(
    case_id: str,
    question_id: str,
    answer,
    status: str,
    message: str,
    learner: str | None = None,
    *,
    fingerprint: str | None = None,
    compact=_NO_ANSWER,
) -> dict:
    """Record one graded quiz answer and the message the learner was shown; returns the stored record (with its attempt count).

    With a ``fingerprint`` of the answer, only a new answer counts as a try. ``compact`` (the option ids or text
    chosen) is kept in the record's ``history``; without it the answer itself is, capped.
    """
    rec = {"answer": _storable(answer), "status": status, "message": str(message)[:MAX_ANSWER_CHARS], "time": _now()}
    if fingerprint is not None:
        rec["fingerprint"] = fingerprint
    rec["compact"] = _storable(answer) if compact is _NO_ANSWER else compact
    return _update(case_id, learner, "quiz", question_id, rec)


def record_check(
    case_id: str,
    exercise_id: str,
    status: str,
    message: str,
    learner: str | None = None,
    *,
    fingerprint: str | None = None,
    answer=_NO_ANSWER,
) -> dict:
    """Record one check result as the learner was shown it; returns the stored record (with its attempt count).

    ``message`` is what the learner saw, never the full comparison with the key. With a
    ``fingerprint`` of the answer, only a new answer counts as a try. ``answer``, a compact
    form of the learner's value (``checks.compact.compact_answer``), is kept in the record's
    ``history`` when the try counts.
    """
    rec = {"status": status, "message": str(message)[:MAX_ANSWER_CHARS], "time": _now()}
    if fingerprint is not None:
        rec["fingerprint"] = fingerprint
    if answer is not _NO_ANSWER:
        rec["compact"] = answer
    return _update(case_id, learner, "checks", exercise_id, rec)


def record_reveal(case_id: str, part: str, item_id: str, learner: str | None = None) -> dict:
    """Record that the learner asked for the answer of a quiz question (``part="quiz"``) or an exercise (``"checks"``).

    The mark stays on the record through later tries, so ``progress()`` and the instructor see it.
    """
    if part not in ("quiz", "checks"):
        msg = f"part must be 'quiz' or 'checks'; got {part!r}."
        raise ValueError(msg)
    return _update(case_id, learner, part, item_id, {"revealed": True, "revealed_time": _now()}, count=False)
