"""Grade a class's submitted notebooks: ``python -m casekit grade SUBMISSIONS... --out grades.csv``.

Each submission is run in a fresh kernel on a temporary copy of the kit, with
a time limit per notebook, and the case's registered checks are then run **in
the grading process** on the values the learner passed to ``check(...)``. What
the notebook printed is never trusted: a learner who redefines ``check`` or
patches casekit in their kernel changes nothing in the grades.

Who and which lesson
--------------------
A submission is a notebook file, or a folder searched for ``*.ipynb`` (sub
folders included, hidden folders and ``.ipynb_checkpoints`` skipped). Its file
name says who handed it in and which lesson it is:

* ``alice-02-source-evaluation.ipynb`` (or ``alice_02-...``): learner
  ``alice``, lesson ``02-source-evaluation``;
* ``02-source-evaluation.ipynb`` (or a name that starts with a lesson's name,
  such as ``02-source-evaluation-Copy1.ipynb``): the lesson, handed in by the
  learner named by the **folder** that holds it (``class/alice/02-....ipynb``);
* any other name, such as ``alice.ipynb``: learner ``alice``; the lesson is
  the one whose number the notebook's ``check("02-...", ...)`` calls share, or
  the one given with ``lesson=`` (``--lesson``).

The lessons are the notebook names in the kit's ``lessons/`` (and ``solutions/``).

What is graded
--------------
Every exercise of the lesson (the case's registered exercises whose id starts
with the lesson's number) and every ``check("<id>", <value>)`` call found in
the notebook. The value is the expression passed to ``check`` (usually a
variable), read from the kernel right after the cell that calls it ran, and
carried to the grading process as plain JSON (never pickle: unpickling could
run the learner's code in the grader). The CSV has one row per learner,
notebook and exercise, with columns ``learner, notebook, exercise, status,
message``; the status is one of :data:`STATUSES`.

Isolation, and its limit
------------------------
The kernel's folder is a temporary copy laid out like the kit (``data/``,
``casekit/``, ``lessons/``), its ``HOME``, progress and cache folders are
inside that copy, and it imports casekit from the copy: a notebook that
deletes ``../data`` or rewrites casekit damages only the copy, and the
grader never writes into the submissions or into ``data/``. This is isolation
by copying, not an operating-system sandbox: code that knows an absolute path
can still reach whatever the grading account may write. Grade work you do not
trust in a container or as an unprivileged user (on the hub, for example).
"""

from __future__ import annotations

import ast
import asyncio
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import CasekitError

__all__ = [
    "COLUMNS",
    "STATUSES",
    "GradeError",
    "Submission",
    "find_submissions",
    "grade",
    "grade_notebook",
    "in_shard",
    "parse_shard",
    "summary",
]

COLUMNS = ["learner", "notebook", "exercise", "status", "message"]
STATUSES = ("passed", "failed", "not-started", "error", "timeout", "invalid")
MAX_BYTES = 50 * 1024 * 1024  # a notebook (or a value read back) larger than this is refused
EXTRACT_TIMEOUT = 10  # seconds for reading the values back after a check cell
RESEAVE = "ask the learner to re-save it from JupyterLab."
_LESSON = re.compile(r"^\d\d-")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class GradeError(CasekitError):
    """Grading cannot start (no submissions, a bad shard, a broken kit)."""


# ---------------------------------------------------------------- submissions


@dataclass
class Submission:
    """One notebook handed in: its path, the learner, and its lesson (None when the name does not say)."""

    path: Path
    learner: str
    lesson: str | None = None

    @property
    def notebook(self) -> str:
        """What the CSV's ``notebook`` column shows: the lesson's name, else the file's name."""
        return self.lesson or self.path.name


def _split_name(path: Path, lessons: list[str]) -> tuple[str, str | None]:
    """(learner, lesson) from a file name, by the rule in the module docstring."""
    stem = path.stem
    for lesson in sorted(lessons, key=len, reverse=True):
        if stem == lesson or stem.startswith(lesson):
            return path.resolve().parent.name, lesson
        if stem.endswith(lesson) and len(stem) > len(lesson) + 1 and stem[-len(lesson) - 1] in "-_ .":
            return stem[: -len(lesson) - 1], lesson
    return stem, None


def _hidden(path: Path, base: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(base).parts[:-1]) or path.name.startswith(".")


def find_submissions(paths: Iterable[str | os.PathLike], lessons: list[str] | None = None) -> list[Submission]:
    """The notebooks under ``paths`` (files, or folders searched recursively), each with its learner and lesson.

    >>> find_submissions(["class/"], ["00-start-here"])[0]
    Submission(path=PosixPath('class/alice/00-start-here.ipynb'), learner='alice', lesson='00-start-here')
    """
    lessons = list(lessons or [])
    found: list[Submission] = []
    for raw in paths:
        target = Path(raw)
        if target.is_dir():
            files = sorted(p for p in target.rglob("*.ipynb") if p.is_file() and not _hidden(p, target))
        elif target.is_file():
            files = [target]
        else:
            msg = f"{target}: no such file or folder; give notebooks or folders of notebooks."
            raise GradeError(msg)
        for path in files:
            learner, lesson = _split_name(path, lessons)
            found.append(Submission(path, learner, lesson))
    return found


# ---------------------------------------------------------------- shards


def parse_shard(text: str | tuple[int, int] | None) -> tuple[int, int] | None:
    """``"2/4"`` -> ``(2, 4)``: this run grades shard 2 of 4 (shards count from 1)."""
    if text is None or isinstance(text, tuple):
        shard = text
    else:
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(text))
        if not m:
            msg = f"--shard must look like 2/4 (this run grades shard 2 of 4); received {text!r}."
            raise GradeError(msg)
        shard = (int(m.group(1)), int(m.group(2)))
    if shard is not None and not 1 <= shard[0] <= shard[1]:
        msg = f"--shard {shard[0]}/{shard[1]}: the shard must be between 1 and {max(shard[1], 1)}."
        raise GradeError(msg)
    return shard


def in_shard(learner: str, shard: tuple[int, int] | None) -> bool:
    """True when ``learner`` falls in ``shard`` (I, N): sha256(learner) mod N == I - 1.

    The rule depends on the learner's name only, so every notebook of one
    learner is graded by the same run, on any machine.
    """
    if shard is None:
        return True
    index, count = shard
    return int(hashlib.sha256(learner.encode("utf-8")).hexdigest(), 16) % count == index - 1


# ---------------------------------------------------------------- reading a notebook


@dataclass
class CheckCall:
    """A ``check("<exercise>", <expression>)`` call found in code cell ``cell`` (0-based)."""

    exercise: str
    cell: int
    expression: str


def _python_source(source: str) -> str:
    """The cell as plain Python (IPython magics and ``!`` lines turned into calls)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - fall back to the raw text
        return source


_CALL = re.compile(r"""\bcheck\(\s*(?P<q>["'])(?P<id>[^"'\n]+)(?P=q)\s*,\s*(?P<expr>[A-Za-z_][\w.]*)\s*[,)]""")


def check_calls(nb) -> list[CheckCall]:
    """Every ``check("<id>", <value>)`` (or ``casekit.check(...)``) call in the notebook's code cells."""
    calls: list[CheckCall] = []
    for index, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code" or "check" not in cell.get("source", ""):
            continue
        source = _python_source(cell.source)
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            calls += [CheckCall(m.group("id"), index, m.group("expr")) for m in _CALL.finditer(cell.source)]
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name != "check":
                continue
            kw = {k.arg: k.value for k in node.keywords if k.arg}
            first = node.args[0] if node.args else kw.get("exercise_id")
            second = node.args[1] if len(node.args) > 1 else kw.get("value")
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)) or second is None:
                continue
            expr = ast.get_source_segment(source, second)
            if expr:
                calls.append(CheckCall(first.value, index, expr))
        # a call inside a magic (%time check(...)) is a string to the parser: find it in the text
        seen = {c.exercise for c in calls if c.cell == index}
        calls += [CheckCall(m.group("id"), index, m.group("expr")) for m in _CALL.finditer(cell.source) if m.group("id") not in seen]
    return calls


def _read_notebook(path: Path):
    """The notebook, or a message saying why it is not one (status invalid)."""
    import nbformat

    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"{name} cannot be read ({exc.strerror or exc}); check the file's permissions."
    if len(raw) > MAX_BYTES:
        return None, f"{name} is {len(raw) // 2**20} MB, too large to be a lesson notebook; ask the learner to clear its outputs and re-save it."
    if not raw.strip():
        return None, f"{name} is empty; {RESEAVE}"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, f"{name} is not a notebook (not JSON); {RESEAVE}"
    if text.lstrip()[:1] not in ("{", "["):
        return None, f"{name} is not a notebook (not JSON); {RESEAVE}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"{name} is damaged: its JSON breaks at line {exc.lineno}, column {exc.colno} ({exc.msg}); {RESEAVE}"
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list) or "nbformat" not in data:
        return None, f"{name} is JSON but not a Jupyter notebook (no list of cells); {RESEAVE}"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds on a broken file
        return None, f"{name} is not a readable Jupyter notebook ({type(exc).__name__}: {str(exc)[:80]}); {RESEAVE}"
    for cell in nb.cells:
        if not isinstance(cell.get("source", ""), str) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            return None, f"{name} has a cell that is not a code, markdown or raw cell with text; {RESEAVE}"
    return nb, None


# ---------------------------------------------------------------- values: kernel -> JSON -> grader

# Runs in the learner's kernel after a cell that calls check(): writes the values
# passed to check() as tagged JSON. Builtins are reached through the builtins
# module, so a learner's variable called `list` or `type` does not break it.
_DUMP = r'''
def __casekit_grade_dump(__path, __exprs):
    import builtins as B, json as J, math as M, datetime as D
    def enc(v, depth=0):
        if depth > 40:
            raise ValueError("nested too deeply")
        t = B.type(v)
        mod = t.__module__.split(".")[0]
        if v is None or t in (B.bool, B.str):
            return v
        if t is B.int:
            return v if B.abs(v) < 2**63 else {"$": "bigint", "text": B.str(v)}
        if t is B.float:
            return v if M.isfinite(v) else {"$": "float", "text": B.repr(v)}
        if v is B.Ellipsis:
            return {"$": "ellipsis"}
        if t is B.list:
            return [enc(x, depth + 1) for x in v]
        if t is B.tuple:
            return {"$": "tuple", "items": [enc(x, depth + 1) for x in v]}
        if t in (B.set, B.frozenset):
            return {"$": "set", "items": [enc(x, depth + 1) for x in v]}
        if t is B.dict:
            return {"$": "dict", "items": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in v.items()]}
        if B.isinstance(v, D.datetime) or B.isinstance(v, D.date):
            return {"$": "timestamp", "text": v.isoformat()}
        if mod == "pandas":
            import pandas as P
            if t is P.DataFrame:
                return {"$": "frame", "columns": [enc(c, depth + 1) for c in v.columns],
                        "index": [enc(i, depth + 1) for i in v.index.tolist()],
                        "index_names": [enc(n, depth + 1) for n in v.index.names],
                        "dtypes": [B.str(d) for d in v.dtypes],
                        "data": [[enc(x, depth + 2) for x in row] for row in v.itertuples(index=False, name=None)]}
            if t is P.Series:
                return {"$": "series", "name": enc(v.name, depth + 1), "dtype": B.str(v.dtype),
                        "index": [enc(i, depth + 1) for i in v.index.tolist()],
                        "values": [enc(x, depth + 1) for x in v.tolist()]}
            if B.isinstance(v, P.Index):
                return {"$": "index", "name": enc(v.name, depth + 1), "items": [enc(x, depth + 1) for x in v.tolist()]}
            if v is P.NaT or v is P.NA:
                return None
            if t is P.Timestamp:
                return {"$": "timestamp", "text": v.isoformat()}
        if mod == "numpy":
            if B.hasattr(v, "ndim") and v.ndim > 0:
                return {"$": "array", "items": enc(v.tolist(), depth + 1)}
            return enc(v.item(), depth + 1)
        raise TypeError(f"{t.__module__}.{t.__qualname__}")
    out = {}
    g = B.globals()
    for key, src in __exprs.items():
        try:
            value = B.eval(src, g)
        except B.BaseException as exc:
            out[key] = {"missing": f"{B.type(exc).__name__}: {exc}"[:200]}
            continue
        try:
            out[key] = {"value": enc(value)}
        except B.BaseException as exc:
            t = B.type(value)
            out[key] = {"unreadable": f"{t.__module__}.{t.__qualname__}", "why": B.str(exc)[:120]}
    with B.open(__path, "w", encoding="utf-8") as f:
        J.dump(out, f)
__casekit_grade_dump(__PATH__, __EXPRS__)
del __casekit_grade_dump
'''


def _decode(v):
    """Rebuild a value from the tagged JSON the kernel wrote (plain data only: nothing is executed)."""
    if isinstance(v, list):
        return [_decode(x) for x in v]
    if not isinstance(v, dict):
        return v
    tag = v.get("$")
    if tag == "ellipsis":
        return Ellipsis
    if tag == "bigint":
        return int(v["text"])
    if tag == "float":
        return float(v["text"])
    if tag == "tuple":
        return tuple(_decode(x) for x in v["items"])
    if tag == "set":
        return {_hashable(_decode(x)) for x in v["items"]}
    if tag == "dict":
        return {_hashable(_decode(k)): _decode(x) for k, x in v["items"]}
    if tag == "timestamp":
        return pd.Timestamp(v["text"])
    if tag == "array":
        return _decode(v["items"])
    if tag == "index":
        return pd.Index([_decode(x) for x in v["items"]], name=_decode(v["name"]), dtype=object)
    if tag == "series":
        s = pd.Series([_decode(x) for x in v["values"]], index=[_decode(x) for x in v["index"]], name=_decode(v["name"]), dtype=object)
        return _retype(s, v.get("dtype"))
    if tag == "frame":
        columns = [_decode(c) for c in v["columns"]]
        rows = [[_decode(x) for x in row] for row in v["data"]]
        df = pd.DataFrame(rows, columns=range(len(columns)), dtype=object)
        for i, dtype in enumerate(v.get("dtypes", [])):
            df.isetitem(i, _retype(df.iloc[:, i], dtype))
        df.columns = pd.Index(columns)
        index = [_decode(x) for x in v["index"]]
        names = [_decode(n) for n in v.get("index_names", [None])]
        if len(index) == len(df):
            if len(names) > 1:
                df.index = pd.MultiIndex.from_tuples([tuple(i) if isinstance(i, list | tuple) else (i,) for i in index], names=names)
            else:
                df.index = pd.Index(index, name=names[0] if names else None)
        return df
    msg = f"unknown tag {tag!r}"
    raise ValueError(msg)


def _hashable(v):
    return tuple(_hashable(x) for x in v) if isinstance(v, list) else v


def _retype(s: pd.Series, dtype: str | None) -> pd.Series:
    """Give a rebuilt column back its dtype when that is a plain one; otherwise let pandas infer it."""
    try:
        if dtype and dtype != "object" and not dtype.startswith("category"):
            return s.astype(dtype)
        return s.infer_objects() if dtype != "object" else s
    except (TypeError, ValueError):
        return s.infer_objects()


# ---------------------------------------------------------------- running one notebook


@dataclass
class _Run:
    """What happened when a notebook ran: values per exercise, errors per cell, where time ran out."""

    values: dict[str, dict] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)  # 0-based cell -> "Name: message"
    stopped_at: int | None = None  # the cell running when the time limit hit, or the kernel died
    stop_reason: str = ""  # "timeout" or "died"


def _kit_copy(kit: Path, tmp: Path, seed_cache: Path | None) -> dict:
    """Lay out ``tmp`` like the kit (data/ and casekit/ copied) and return the kernel's environment."""
    root = tmp / "kit"
    shutil.copytree(kit / "data", root / "data", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(Path(__file__).resolve().parent, root / "casekit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (root / "lessons").mkdir()
    home = tmp / "home"
    cache = home / ".cache" / "casekit"
    if seed_cache is not None and seed_cache.is_dir():
        shutil.copytree(seed_cache, cache)
    cache.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("CASEKIT_CASE", "OLDPWD", "JPY_SESSION_NAME")}
    env.update({
        "HOME": str(home),
        "USERPROFILE": str(home),
        "PWD": str(root / "lessons"),
        "PYTHONPATH": os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "CASEKIT_PROGRESS_DIR": str(home / "progress"),
        "CASEKIT_CACHE_DIR": str(cache),
        "CASEKIT_LEARNER": "learner",
        "IPYTHONDIR": str(home / ".ipython"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "MPLCONFIGDIR": str(home / ".config" / "matplotlib"),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    return env


def _last_line(output: dict) -> str:
    text = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip().rstrip(":")
    return _ANSI.sub("", text).replace("\n", " ")[:200]


async def _execute(nb, calls: list[CheckCall], workdir: Path, env: dict, timeout: float) -> _Run:
    """Run the cells one by one against a deadline, reading the check values after each check cell."""
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    run = _Run()
    by_cell: dict[int, dict[str, str]] = {}
    for call in calls:
        by_cell.setdefault(call.cell, {})[call.exercise] = call.expression  # the last call of an id in a cell wins
    cwd = workdir / "kit" / "lessons"
    client = NotebookClient(nb, timeout=int(math.ceil(timeout)), kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, store_widget_state=False, record_timing=False,
                            error_on_timeout={"ename": "CellTimeoutError", "evalue": "the time limit was reached", "traceback": []},
                            shutdown_kernel="immediate", iopub_timeout=2, raise_on_iopub_timeout=False,
                            resources={"metadata": {"path": str(cwd)}})
    deadline = time.monotonic() + timeout
    out_dir = workdir / "values"
    out_dir.mkdir()
    quiet = subprocess.DEVNULL  # the kernel's own chatter (and a learner's writes to fd 2) stay out of the grader's terminal
    async with client.async_setup_kernel(env=env, cwd=str(cwd), stdout=quiet, stderr=quiet, stdin=quiet):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                run.stopped_at, run.stop_reason = index, "timeout"
                break
            client.timeout = max(1, int(math.ceil(remaining)))
            try:
                await asyncio.wait_for(client.async_execute_cell(cell, index), remaining + EXTRACT_TIMEOUT)
            except DeadKernelError:
                run.stopped_at, run.stop_reason = index, "died"
                break
            except TimeoutError:
                run.stopped_at, run.stop_reason = index, "timeout"
                break
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if any(o.get("ename") == "CellTimeoutError" for o in errors) or time.monotonic() > deadline:
                run.stopped_at, run.stop_reason = index, "timeout"
                break
            if errors:
                run.errors[index] = _last_line(errors[0])
            if index in by_cell:
                path = out_dir / f"cell{index}.json"
                extract = nbformat_cell(_DUMP.replace("__PATH__", repr(str(path))).replace("__EXPRS__", repr(by_cell[index])))
                client.timeout = EXTRACT_TIMEOUT
                try:
                    await asyncio.wait_for(client.async_execute_cell(extract, index), EXTRACT_TIMEOUT + 5)
                except (DeadKernelError, TimeoutError):
                    run.stopped_at, run.stop_reason = index, "died"
                    break
                run.values.update(_read_values(path, by_cell[index]))
        client.timeout = EXTRACT_TIMEOUT
    return run


def nbformat_cell(source: str):
    """A code cell for the grader's own code (not part of the learner's notebook)."""
    import nbformat

    return nbformat.v4.new_code_cell(source)


def _read_values(path: Path, exprs: dict[str, str]) -> dict[str, dict]:
    """The values one extraction wrote, keyed by exercise; a missing or damaged file gives a 'missing' note."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return {k: {"unreadable": "value", "why": "larger than 50 MB"} for k in exprs}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {k: {"missing": f"the grader could not read it back ({type(exc).__name__})"} for k in exprs}
    return {k: data.get(k) if isinstance(data.get(k), dict) else {"missing": "the grader could not read it back"} for k in exprs}


# ---------------------------------------------------------------- grading one notebook


_check_lock = threading.Lock()


def _run_check(exercise: str, value, case_dir: Path):
    from .checks import run_check

    with _check_lock:  # the checks module caches tables; one check at a time keeps that simple
        return run_check(exercise, value, case=case_dir)


def _registered(case_dir: Path) -> list[str]:
    from .checks import registry

    return [str(i) for i in registry(case=case_dir)["id"].dropna()]


def _expected(lesson: str | None, calls: list[CheckCall], registered: list[str]) -> list[str]:
    prefixes = {c.exercise[:3] for c in calls if _LESSON.match(c.exercise)}
    if lesson and _LESSON.match(lesson):
        prefixes.add(lesson[:3])
    ids = [i for i in registered if i[:3] in prefixes]
    ids += [c.exercise for c in calls if c.exercise not in ids]
    return ids


def _infer_lesson(calls: list[CheckCall], lessons: list[str]) -> str | None:
    prefixes = {c.exercise[:3] for c in calls if _LESSON.match(c.exercise)}
    matches = [lesson for lesson in lessons if lesson[:3] in prefixes]
    return matches[0] if len(matches) == 1 else None


def _cell_note(run: _Run, nb_cells: int) -> str:
    if not run.errors:
        return ""
    first = min(run.errors)
    more = len(run.errors) - 1
    extra = f"; {more} more cell{'s' if more > 1 else ''} raised errors" if more else ""
    return f" (Note: cell {first + 1} of {nb_cells} raised {run.errors[first]}{extra}; the other cells ran.)"


def grade_notebook(sub: Submission, *, kit: Path, timeout: float = 60, lessons: list[str] | None = None,
                   registered: list[str] | None = None, seed_cache: Path | None = None) -> list[dict]:
    """Grade one submission; return its CSV rows (dicts with :data:`COLUMNS`). Never raises on the notebook."""
    kit = Path(kit)
    case_dir = kit / "data"
    registered = _registered(case_dir) if registered is None else registered
    nb, problem = _read_notebook(sub.path)

    def rows(items: list[tuple[str, str, str]], notebook: str | None = None) -> list[dict]:
        return [dict(zip(COLUMNS, (sub.learner, notebook or sub.notebook, ex, status, msg))) for ex, status, msg in items]

    if problem:
        expected = _expected(sub.lesson, [], registered) if sub.lesson else []
        return rows([(ex, "invalid", problem) for ex in expected] or [("", "invalid", problem)])
    calls = check_calls(nb)
    lesson = sub.lesson or _infer_lesson(calls, lessons or [])
    notebook = lesson or sub.path.name
    expected = _expected(lesson, calls, registered)
    if not expected:
        msg = (f"{sub.path.name}: cannot tell which lesson this is (the name matches no lesson and it calls no check); "
               "name it like 00-start-here.ipynb or alice-00-start-here.ipynb, or pass --lesson.")
        return rows([("", "invalid", msg)], notebook)
    with tempfile.TemporaryDirectory(prefix="casekit-grade-") as tmp:
        workdir = Path(tmp)
        try:
            env = _kit_copy(kit, workdir, seed_cache)
            import nbformat

            nbformat.write(nb, workdir / "kit" / "lessons" / (f"{lesson}.ipynb" if lesson else "submission.ipynb"))
            run = asyncio.run(asyncio.wait_for(_execute(nb, calls, workdir, env, timeout), timeout + 4 * EXTRACT_TIMEOUT + 30))
        except TimeoutError:
            run = _Run(stopped_at=0, stop_reason="died")
        except Exception as exc:  # noqa: BLE001 - one broken run must not stop the class
            msg = f"the grader could not run {sub.path.name} ({type(exc).__name__}: {str(exc)[:120]}); try again with a longer --timeout."
            return rows([(ex, "error", msg) for ex in expected], notebook)
    last_call = {c.exercise: c for c in calls}
    note = _cell_note(run, len(nb.cells))
    if run.stop_reason:
        where = run.stopped_at + 1 if run.stopped_at is not None else "?"
        note += (f" (Note: cell {where} ran past the {timeout:g} s limit; the cells after it were not run.)" if run.stop_reason == "timeout"
                 else f" (Note: the kernel stopped at cell {where}; the cells after it were not run.)")
    out = []
    for ex in expected:
        call = last_call.get(ex)
        if call is None:
            out.append((ex, "not-started", f"No check(\"{ex}\", ...) cell in the notebook: the learner has not done it, or deleted or renamed that cell."))
            continue
        got = run.values.get(ex)
        if got is None:
            if run.stop_reason == "timeout":
                where = (f"its check in cell {call.cell + 1} did not finish" if call.cell == run.stopped_at
                         else f"the check in cell {call.cell + 1} was not reached")
                out.append((ex, "timeout", f"The notebook did not finish within {timeout:g} s: cell {run.stopped_at + 1} was still running (an endless loop?), so {where}."))
            elif run.stop_reason == "died":
                out.append((ex, "error", f"The kernel stopped at cell {(run.stopped_at or 0) + 1} (the notebook may call exit(), or run out of memory), so the check in cell {call.cell + 1} was not reached."))
            else:
                out.append((ex, "error", f"The check in cell {call.cell + 1} could not be read back.{note}"))
            continue
        if "missing" in got:
            raised = run.errors.get(call.cell)
            why = f"cell {call.cell + 1} raised {raised}" if raised else f"{call.expression} is not defined after cell {call.cell + 1} ({got['missing']})"
            out.append((ex, "error", f"Cannot check: {why}; the answer could not be read.{note}"))
            continue
        if "unreadable" in got:
            out.append((ex, "error", f"Cannot check: the value of {call.expression} is a {got['unreadable']}, which the grader cannot read ({got.get('why', '')}); use a list, dict, number, text or DataFrame.{note}"))
            continue
        try:
            value = _decode(got.get("value"))
        except Exception as exc:  # noqa: BLE001 - a forged or odd file gives one line
            out.append((ex, "error", f"Cannot check: the value of {call.expression} could not be rebuilt ({type(exc).__name__}).{note}"))
            continue
        result = _run_check(ex, value, case_dir)
        status = result.status if result.status in STATUSES else "error"
        out.append((ex, status, f"{result.message}{note}"))
    return rows(out, notebook)


# ---------------------------------------------------------------- the class


def _kit_root(root) -> Path:
    if root is not None:
        return Path(root).resolve()
    from .case import find_case

    return find_case().parent


def _lessons(kit: Path) -> list[str]:
    names = {p.stem for folder in ("lessons", "solutions") for p in (kit / folder).glob("*.ipynb")}
    return sorted(n for n in names if _LESSON.match(n))


def _seed_cache(kit: Path, folder: Path) -> Path:
    """Validate the kit's case once, in a cache folder copied into every kernel's home (so no kernel re-validates)."""
    from .case import load_case

    old = os.environ.get("CASEKIT_CACHE_DIR")
    os.environ["CASEKIT_CACHE_DIR"] = str(folder)
    try:
        load_case(kit / "data")
    finally:
        if old is None:
            os.environ.pop("CASEKIT_CACHE_DIR", None)
        else:
            os.environ["CASEKIT_CACHE_DIR"] = old
    return folder


def grade(paths: Iterable[str | os.PathLike], out: str | os.PathLike | None = None, *, timeout: float = 60,
          jobs: int | None = None, shard: str | tuple[int, int] | None = None, report: str | os.PathLike | None = None,
          lesson: str | None = None, root: str | os.PathLike | None = None, progress: bool = True) -> pd.DataFrame:
    """Grade submitted notebooks; write the CSV (and the HTML report) and return the table.

    Parameters
    ----------
    paths
        Notebook files, or folders searched for ``*.ipynb``; see the module docstring for how
        the learner and the lesson are read from the names.
    out
        Where to write the CSV (columns ``learner, notebook, exercise, status, message``); None writes none.
    timeout
        Seconds one notebook may run (all its cells together) before it is stopped.
    jobs
        Notebooks run at once, each in its own kernel (default: the number of cores).
    shard
        ``"I/N"`` or ``(I, N)``: grade only the learners in shard I of N (see :func:`in_shard`).
    report
        Where to write the HTML class report (self-contained; opens offline); None writes none.
    lesson
        The lesson of every submission whose file name does not say (``"00-start-here"``).
    root
        The kit whose checks, data and casekit are used (default: found from the current folder).
    progress
        Show a progress bar on stderr.

    >>> table = grade(["submissions/"], "grades.csv", timeout=60, jobs=4)
    """
    from tqdm import tqdm

    kit = _kit_root(root)
    if not (kit / "data").is_dir():
        msg = f"{kit}: no data/ folder here; run from the kit's folder or pass root=."
        raise GradeError(msg)
    shard = parse_shard(shard)
    lessons = _lessons(kit)
    if lesson is not None and lesson not in lessons:
        msg = f"--lesson {lesson!r} is not a lesson of this kit; the lessons are: {', '.join(lessons) or 'none'}."
        raise GradeError(msg)
    paths = list(paths)
    if not paths:
        msg = "no submissions given; name notebooks or folders of notebooks."
        raise GradeError(msg)
    subs = find_submissions(paths, lessons)
    if not subs:
        msg = f"no notebooks (*.ipynb) found in {', '.join(map(str, paths))}."
        raise GradeError(msg)
    for sub in subs:
        sub.lesson = sub.lesson or lesson
    subs = [s for s in subs if in_shard(s.learner, shard)]
    jobs = max(1, int(jobs or os.cpu_count() or 1))
    registered = _registered(kit / "data")
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="casekit-seed-") as seed:
        seed_cache = _seed_cache(kit, Path(seed) / "cache") if subs else None
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(grade_notebook, s, kit=kit, timeout=timeout, lessons=lessons,
                                   registered=registered, seed_cache=seed_cache): s for s in subs}
            bar = tqdm(total=len(futures), desc="grading", unit="notebook", file=sys.stderr, disable=not progress)
            for future in as_completed(futures):
                sub = futures[future]
                try:
                    results.extend(future.result())
                except Exception as exc:  # noqa: BLE001 - reported, the rest graded
                    msg = f"the grader failed on {sub.path.name} ({type(exc).__name__}: {str(exc)[:120]})."
                    results.append(dict(zip(COLUMNS, (sub.learner, sub.notebook, "", "error", msg))))
                bar.update(1)
            bar.close()
    table = pd.DataFrame(results, columns=COLUMNS).astype(str)
    table = table.sort_values(["learner", "notebook", "exercise"], kind="stable").reset_index(drop=True)
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(out, index=False)
    if report is not None:
        from .report import write_report

        write_report(table, report)
    return table


def summary(table: pd.DataFrame) -> str:
    """A few lines for the terminal: counts per status and the pass rate of each exercise, hardest first."""
    if table.empty:
        return "Nothing graded (no submissions in this shard)."
    learners = table["learner"].nunique()
    notebooks = len(table[["learner", "notebook"]].drop_duplicates())
    counts = table["status"].value_counts()
    lines = [f"Graded {notebooks} notebook{'s' if notebooks != 1 else ''} of {learners} learner{'s' if learners != 1 else ''}: {len(table)} results.",
             "  " + " · ".join(f"{s} {int(counts.get(s, 0))}" for s in STATUSES)]
    per = table[table["exercise"] != ""]
    if len(per):
        rates = pd.DataFrame({"total": per.groupby("exercise").size(),
                              "passed": per.assign(ok=per["status"] == "passed").groupby("exercise")["ok"].sum()}).astype(int)
        rates["rate"] = rates["passed"] / rates["total"]
        rates = rates.sort_values(["rate", "total"], ascending=[True, False])
        width = max(map(len, rates.index))
        lines.append("Pass rate by exercise (hardest first):")
        lines += [f"  {ex:<{width}}  {int(r.passed)} of {int(r.total)} ({r.rate:.0%})" for ex, r in rates.iterrows()]
    return "\n".join(lines)
