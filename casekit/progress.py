"""A learner's quiz answers and check results, saved safely in one JSON file per case.

Where the file lives::

    $CASEKIT_PROGRESS_DIR/<case_id>/<learner>.json

``CASEKIT_PROGRESS_DIR`` defaults to ``$XDG_DATA_HOME/casekit/progress``
(``~/.local/share/casekit/progress``). The learner is ``$CASEKIT_LEARNER``, or
else the operating-system user name, made safe for a file name.

What the file holds::

    {"version": 1, "case": "...", "learner": "...",
     "quiz":   {"02-provenance": {"answer": "b", "status": "correct", "message": "...",
                              "time": "2026-01-05T10:00:00Z", "attempts": 2}},
     "checks": {"04-events": {"status": "passed", "message": "...",
                                "time": "...", "attempts": 1}}}

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
import tempfile
import threading
import warnings
from pathlib import Path

__all__ = [
    "progress_dir",
    "learner_name",
    "progress_file",
    "load",
    "record_quiz",
    "record_check",
    "quiz_record",
    "progress",
    "Progress",
    "report",
    "summarise_dir",
]

VERSION = 1
MAX_ANSWER_CHARS = 2000
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_memory: dict[Path, dict] = {}       # results kept when the file cannot be written
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
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("quiz", {}), dict) or not isinstance(data.get("checks", {}), dict):
            raise ValueError("not a progress record")
    except (ValueError, UnicodeDecodeError):
        _set_aside(path)
        return _empty(case_id, learner)
    data.setdefault("quiz", {})
    data.setdefault("checks", {})
    return data


def _set_aside(path: Path) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.stem}.corrupt-{stamp}.json")
    try:
        os.replace(path, aside)
    except OSError:
        aside = None
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


def _write_atomic(path: Path, data: dict) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _update(case_id: str, learner: str | None, part: str, key: str, record: dict) -> dict:
    learner = learner_name(learner)
    path = progress_file(case_id, learner)
    with _thread_lock:
        if path not in _memory:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with _file_lock(path):
                    data = _read(path, case_id, learner)
                    old = data[part].get(key, {})
                    record["attempts"] = int(old.get("attempts", 0) or 0) + 1
                    data[part][key] = record
                    _write_atomic(path, data)
                    return record
            except OSError as exc:
                _warn_once(path, f"casekit cannot save your progress in {path.parent} ({exc.strerror or exc}); results are kept in memory for this session only.")
                _memory[path] = _read(path, case_id, learner) if path.is_file() else _empty(case_id, learner)
        mem = _memory[path]
        old = mem[part].get(key, {})
        record["attempts"] = int(old.get("attempts", 0) or 0) + 1
        mem[part][key] = record
        return record


def _storable(answer):
    """A JSON-safe, bounded copy of an answer."""
    try:
        text = json.dumps(answer, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(answer)[:MAX_ANSWER_CHARS]
    if len(text) > MAX_ANSWER_CHARS:
        return text[:MAX_ANSWER_CHARS]
    return json.loads(text)


def record_quiz(case_id: str, question_id: str, answer, status: str, message: str, learner: str | None = None) -> dict:
    """Record one graded quiz answer; returns the stored record (with its attempt count)."""
    rec = {"answer": _storable(answer), "status": status, "message": str(message)[:MAX_ANSWER_CHARS], "time": _now()}
    return _update(case_id, learner, "quiz", question_id, rec)


def record_check(case_id: str, exercise_id: str, status: str, message: str, learner: str | None = None) -> dict:
    """Record one check result; returns the stored record (with its attempt count)."""
    rec = {"status": status, "message": str(message)[:MAX_ANSWER_CHARS], "time": _now()}
    return _update(case_id, learner, "checks", exercise_id, rec)


# ---------------------------------------------------------------- summaries


def _lesson(item_id: str) -> str:
    return item_id[:2] if item_id[:2].isdigit() else "??"


def _rows(data: dict, questions: dict[str, list[str]] | None = None, exercises: dict[str, list[str]] | None = None) -> list[dict]:
    """One row per lesson: questions answered/correct and checks passed."""
    questions = questions or {}
    exercises = exercises or {}
    lessons = sorted({*questions, *exercises, *map(_lesson, data.get("quiz", {})), *map(_lesson, data.get("checks", {}))})
    rows = []
    for lesson in lessons:
        quiz = {k: v for k, v in data.get("quiz", {}).items() if _lesson(k) == lesson}
        checks = {k: v for k, v in data.get("checks", {}).items() if _lesson(k) == lesson}
        rows.append({
            "lesson": lesson,
            "questions": len(questions.get(lesson, [])) or None,
            "answered": len(quiz),
            "correct": sum(1 for r in quiz.values() if r.get("status") == "correct"),
            "checks": len(exercises.get(lesson, [])) or None,
            "passed": sum(1 for r in checks.values() if r.get("status") == "passed"),
        })
    return rows


def _known_items(case_dir: Path | None) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Question and exercise ids of the case, by lesson; empty when they cannot be read."""
    questions: dict[str, list[str]] = {}
    exercises: dict[str, list[str]] = {}
    if case_dir is None:
        return questions, exercises
    try:
        from .quiz import load_questions

        for qid in load_questions(case_dir):
            questions.setdefault(_lesson(qid), []).append(qid)
    except Exception:  # a broken bank must not hide a learner's progress
        pass
    try:
        from .checks import load_registry

        for ex in load_registry(case_dir):
            exercises.setdefault(_lesson(ex["id"]), []).append(ex["id"])
    except Exception:
        pass
    return questions, exercises


class Progress:
    """What a learner has done in a case, per lesson; displays as a table in a notebook."""

    def __init__(self, case_id: str, learner: str, rows: list[dict], path: Path, show_path: bool = False):
        self.case_id = case_id
        self.learner = learner
        self.rows = rows
        self.path = path
        self.show_path = show_path  # off in notebooks, so stored outputs do not depend on the machine

    @property
    def table(self):
        """The per-lesson table as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=["lesson", "questions", "answered", "correct", "checks", "passed"])

    def _cells(self, row: dict) -> list[str]:
        q = f" of {row['questions']}" if row["questions"] else ""
        c = f" of {row['checks']}" if row["checks"] else ""
        return [row["lesson"], f"{row['answered']}{q}", f"{row['correct']}", f"{row['passed']}{c}"]

    def __str__(self) -> str:
        head = f"Progress of {self.learner} in case {self.case_id}" + (f" (saved in {self.path})" if self.show_path else "")
        if not self.rows:
            return head + "\nNothing recorded yet: answer a quiz or run a check, then look again."
        cols = ["lesson", "questions answered", "answered correctly", "checks passed"]
        cells = [self._cells(r) for r in self.rows]
        widths = [max(len(cols[i]), *(len(c[i]) for c in cells)) for i in range(len(cols))]
        line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
        return "\n".join([head, line(cols), *(line(c) for c in cells)])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from html import escape

        head = f"<p>Progress of <strong>{escape(self.learner)}</strong> in case {escape(self.case_id)}.</p>"
        if not self.rows:
            return head + "<p>Nothing recorded yet: answer a quiz or run a check, then look again.</p>"
        cols = ["Lesson", "Questions answered", "Answered correctly", "Checks passed"]
        th = "".join(f'<th scope="col">{c}</th>' for c in cols)
        body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in self._cells(r)) + "</tr>" for r in self.rows)
        return f"{head}<table><caption>Progress per lesson</caption><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": str(self), "text/html": self._repr_html_()}


def _resolve_case(case_id: str | None, case=None) -> tuple[str, Path | None]:
    from .quiz import case_folder_and_id

    if case_id is not None and case is None:
        try:
            folder, found = case_folder_and_id(None)
        except Exception:
            return case_id, None
        return case_id, folder if found == case_id else None
    folder, found = case_folder_and_id(case)
    return case_id or found, folder


def progress(case=None, learner: str | None = None) -> Progress:
    """The learner's progress in the case, per lesson, for display in a notebook.

    >>> progress()          # a table: lesson, questions answered, correct, checks passed
    """
    case_id, folder = _resolve_case(None, case)
    name = learner_name(learner)
    questions, exercises = _known_items(folder)
    return Progress(case_id, name, _rows(load(case_id, name), questions, exercises), progress_file(case_id, name))


def report(case_id: str | None = None, learner: str | None = None) -> str:
    """The progress table as text, for ``python -m casekit progress``."""
    case_id, folder = _resolve_case(case_id)
    name = learner_name(learner)
    questions, exercises = _known_items(folder)
    return str(Progress(case_id, name, _rows(load(case_id, name), questions, exercises), progress_file(case_id, name), show_path=True))


def summarise_dir(folder: str | os.PathLike):
    """One row per learner per lesson from every progress file under ``folder`` (a class's collected files).

    Columns: case, learner, lesson, answered, correct, checks_passed, checks_failed.
    Unreadable files are skipped with one warning each.
    """
    import pandas as pd

    rows = []
    for path in sorted(Path(folder).rglob("*.json")):
        if ".corrupt-" in path.name:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a progress record")
        except (OSError, ValueError, UnicodeDecodeError):
            warnings.warn(f"{path}: not a readable progress file, so it was skipped.", stacklevel=2)
            continue
        learner = str(data.get("learner") or path.stem)
        case_id = str(data.get("case") or path.parent.name)
        checks = data.get("checks", {}) if isinstance(data.get("checks"), dict) else {}
        for row in _rows(data):
            failed = sum(1 for k, r in checks.items() if _lesson(k) == row["lesson"] and r.get("status") != "passed")
            rows.append({"case": case_id, "learner": learner, "lesson": row["lesson"], "answered": row["answered"],
                         "correct": row["correct"], "checks_passed": row["passed"], "checks_failed": failed})
    columns = ["case", "learner", "lesson", "answered", "correct", "checks_passed", "checks_failed"]
    return pd.DataFrame(rows, columns=columns)
