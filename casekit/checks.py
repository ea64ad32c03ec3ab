"""In-notebook checks of exercise results: ``check("04-events", events)``.

The case folder's ``checks/*.toml`` (or ``checks.toml``) assigns each exercise id a generic kind and
its reference (see ``docs/checks.md``); this module holds only the kinds:

``ids``     a set of ids against a reference set (names missing and extra ids, with labels).
``table``   a DataFrame against a reference table by key columns (optionally EDTF dates by meaning).
``labels``  a mapping id -> label against a reference column, explaining each disagreement.
``number``  a number with a tolerance and a unit.
``coverage`` and ``text`` (in ``structure.py``): open work checked for shape, not content.

A check never raises on a learner's value: a wrong type, a missing column or
an unparseable date gives one sentence that says what was expected. The
placeholder ``...`` (or None) means "not started yet".
"""

from __future__ import annotations

import difflib
import math
import numbers
import tomllib
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from .quiz import case_folder_and_id, describe
from .structure import check_coverage, check_text

__all__ = [
    "CheckResult",
    "check",
    "run_check",
    "registry",
    "load_registry",
    "validate_checks",
    "check_ids",
    "check_table",
    "check_labels",
    "check_number",
    "KINDS",
]

KINDS = ("ids", "table", "labels", "number", "coverage", "text")
NOT_STARTED = "Not started yet: replace ... with your answer, then run this cell again."
WORDS = {"passed": "Passed", "failed": "Not yet", "not-started": "Not started yet", "error": "Cannot check"}
SHOW = 5  # ids named in a one-line summary before "and N more"


@dataclass
class CheckResult:
    """The outcome of one check: status (passed, failed, not-started, error), a one-line message, details."""

    status: str
    message: str
    details: list[str] = field(default_factory=list)
    exercise_id: str = ""

    @property
    def passed(self) -> bool:
        """True when the check passed."""
        return self.status == "passed"

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {d}" for d in self.details)])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        word = WORDS.get(self.status, self.status)
        rest = self.message[len(word):].lstrip(":. ") if self.message.startswith(word) else self.message
        items = "".join(f"<li>{escape(d)}</li>" for d in self.details)
        listing = f"<ul>{items}</ul>" if items else ""
        return f'<div role="status" class="casekit-check casekit-{self.status}"><strong>{escape(word)}:</strong> {escape(rest)}{listing}</div>'

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": str(self), "text/html": self._repr_html_()}


def _result(status: str, text: str, details: list[str] | None = None) -> CheckResult:
    return CheckResult(status, f"{WORDS[status]}: {text}", list(details or []))


def _listing(items: list[str], show: int = SHOW) -> str:
    head = ", ".join(items[:show])
    return head + (f" and {len(items) - show} more" if len(items) > show else "")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# ---------------------------------------------------------------- kinds


def _id_values(value, example: list[str]) -> tuple[list[str] | None, str | None]:
    """The ids in a learner's value, or a sentence saying what was expected (``example``: two reference ids)."""
    expect = f"expected a list or set of ids, such as {example!r}"
    if isinstance(value, str):
        return None, f"{expect}; got a single text {value[:40]!r} (put it in a list: [{value[:20]!r}])."
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            value = value.iloc[:, 0]
        else:
            return None, f"{expect}; got a table (DataFrame) with columns {', '.join(map(str, value.columns[:6]))} (pick one column)."
    if isinstance(value, dict):
        return None, f"{expect}; got a dict (use list(your_dict) for its keys)."
    if isinstance(value, pd.Series | pd.Index):
        value = value.tolist()
    if not isinstance(value, list | tuple | set | frozenset) and not hasattr(value, "tolist"):
        return None, f"{expect}; got {describe(value)}."
    if hasattr(value, "tolist"):
        value = value.tolist()
    items = list(value)
    bad = [v for v in items if not isinstance(v, str)]
    if bad:
        return None, f"expected ids as text, such as {example[0]!r}; got {describe(bad[0])} ({str(bad[0])[:20]}) in the list."
    return [v.strip() for v in items], None


def _example_ids(reference: list[str]) -> list[str]:
    """Two ids shaped like the reference ids ('X01', 'X02'), without giving any of them away."""
    import re

    match = re.match(r"^(.*?)(\d+)$", reference[0]) if reference else None
    if not match:
        return ["id1", "id2"]
    head, digits = match.groups()
    return [f"{head}{str(n).zfill(len(digits))}" for n in (1, 2)]


def check_ids(value, reference, labels: dict[str, str] | None = None, noun: str = "id") -> CheckResult:
    """Compare a collection of ids with the reference set; name missing and extra ids, with labels.

    >>> check_ids(["P1"], ["P1", "P2"], noun="paragraph").status
    'failed'
    """
    labels = labels or {}
    ref = list(dict.fromkeys(str(r) for r in reference))
    got, problem = _id_values(value, _example_ids(ref))
    if problem:
        return _result("error", problem)
    if not got:
        return _result("failed", f"the list is empty; the reference has {_plural(len(ref), noun)}.")
    mine = list(dict.fromkeys(got))
    show = lambda i: f"{i} ({labels[i]})" if labels.get(i) else i  # noqa: E731
    missing = [i for i in ref if i not in mine]
    extra = [i for i in mine if i not in ref]
    details = [f"missing: {show(i)}" for i in missing] + [f"not in the reference: {show(i)}" for i in extra]
    for i in extra:
        twin = next((r for r in missing if r.casefold() == i.casefold()), None)
        if twin:
            details.append(f"{i!r} differs from {twin!r} only in upper/lower case; ids must match exactly.")
    dups = [i for i in mine if got.count(i) > 1]
    details += [f"{i} is listed more than once (counted once)." for i in dups]
    if not missing and not extra:
        return _result("passed", f"your {_plural(len(ref), noun)} match the reference exactly.", details)
    found = len(ref) - len(missing)
    parts = [f"{found} of {len(ref)} {noun}s found"]
    if missing:
        parts.append(f"missing: {_listing([show(i) for i in missing])}")
    if extra:
        parts.append(f"not in the reference: {_listing([show(i) for i in extra])}")
    return _result("failed", "; ".join(parts) + ".", details)


def _same(a, b) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return str(a).strip().casefold() == str(b).strip().casefold()


def _missing(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _date_problem(mine, ref, key: str, column: str) -> str | None:
    from .dates import bounds
    from .errors import DateError

    if _missing(mine) and _missing(ref):
        return None
    if _missing(mine):
        return f"{key} {column}: empty; the reference has {ref}."
    try:
        same = bounds(str(mine)) == bounds(str(ref))
    except DateError as exc:
        return f"{key} {column}: {exc}"
    return None if same else f"{key} {column}: you have {mine}, the reference has {ref}."


def check_table(value, reference: pd.DataFrame, key: list[str] | str, columns: list[str] | None = None,
                dates: list[str] | None = None, labels: dict[str, str] | None = None, noun: str = "row") -> CheckResult:
    """Compare a DataFrame with the reference table by key columns and the listed value columns.

    Columns in ``dates`` are compared as EDTF dates by meaning (same earliest
    and latest day). Only the listed columns are compared; the message says so.
    """
    key = [key] if isinstance(key, str) else list(key)
    columns = list(columns or [])
    dates = list(dates or [])
    labels = labels or {}
    need = [*key, *columns]
    if not isinstance(value, pd.DataFrame):
        return _result("error", f"expected a table (DataFrame) with columns {', '.join(need)}; got {describe(value)}.")
    df = value
    if any(k not in df.columns for k in key) and any(n in key for n in (df.index.names or [])):
        df = df.reset_index()
    absent = [c for c in need if c not in df.columns]
    if absent:
        have = ", ".join(map(str, df.columns[:8])) or "none"
        return _result("error", f"expected a table with columns {', '.join(need)}; column {', '.join(absent)} is missing (you have: {have}).")
    keyof = lambda row: " ".join(str(row[k]).strip() for k in key)  # noqa: E731
    ref_rows = {keyof(r): r for _, r in reference.iterrows()}
    mine_rows: dict[str, pd.Series] = {}
    details: list[str] = []
    for _, row in df.iterrows():
        k = keyof(row)
        if k in mine_rows:
            details.append(f"{k} appears more than once (the first row is compared).")
            continue
        mine_rows[k] = row
    show = lambda i: f"{i} ({labels[i]})" if labels.get(i) else i  # noqa: E731
    missing = [k for k in ref_rows if k not in mine_rows]
    extra = [k for k in mine_rows if k not in ref_rows]
    wrong: list[str] = []
    for k, ref in ref_rows.items():
        if k not in mine_rows:
            continue
        for col in columns:
            if col in dates:
                problem = _date_problem(mine_rows[k][col], ref[col], k, col)
            else:
                problem = None if _same(mine_rows[k][col], ref[col]) else f"{k} {col}: you have {mine_rows[k][col]}, the reference has {ref[col]}."
            if problem:
                wrong.append(problem)
    bad_keys = {w.split(" ")[0] for w in wrong}
    right = len(ref_rows) - len(missing) - len(bad_keys)
    details = [*(f"missing: {show(k)}" for k in missing), *(f"not in the reference: {k}" for k in extra), *wrong, *details]
    compared = f"compared by {', '.join(key)}" + (f" on {', '.join(columns)}" if columns else " only")
    if not missing and not extra and not wrong:
        return _result("passed", f"all {_plural(len(ref_rows), noun)} match the reference ({compared}).", details)
    parts = [f"{right} of {_plural(len(ref_rows), noun)} match"]
    if missing:
        parts.append(f"missing: {_listing([show(k) for k in missing])}")
    if extra:
        parts.append(f"not in the reference: {_listing(extra)}")
    if wrong:
        short = [w.split(";")[0].rstrip(".") for w in wrong[:2]]
        parts += short + ([f"and {len(wrong) - 2} more differences"] if len(wrong) > 2 else [])
    return _result("failed", "; ".join(parts) + ".", details)


def _label_values(value, example: str) -> tuple[dict[str, str] | None, str | None]:
    expect = "expected a mapping from id to label (a dict, a Series, or a table with two columns)"
    if isinstance(value, pd.DataFrame):
        if value.shape[1] != 2:
            return None, f"{expect}; got a table (DataFrame) with {value.shape[1]} columns."
        value = dict(zip(value.iloc[:, 0], value.iloc[:, 1]))
    elif isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, dict):
        return None, f"{expect}; got {describe(value)}."
    out = {}
    for k, v in value.items():
        if not isinstance(k, str):
            return None, f"expected ids as text, such as {example!r}; got {describe(k)} ({str(k)[:20]}) as a key."
        out[k.strip()] = v
    return out, None


def _label_norm(v) -> str:
    return "_".join(str(v).strip().casefold().replace("-", " ").split())


def check_labels(value, reference: dict[str, str], explanations: dict[str, str] | None = None, noun: str = "id") -> CheckResult:
    """Compare id -> label with the reference labels; explain each disagreement from ``explanations``.

    Labels are compared ignoring case, and spaces, dashes and underscores are treated alike.
    """
    explanations = explanations or {}
    got, problem = _label_values(value, next(iter(sorted(reference)), "id1"))
    if problem:
        return _result("error", problem)
    if not got:
        return _result("failed", f"no labels yet; the reference labels {_plural(len(reference), noun)}.")
    details, agree = [], 0
    for k, ref in reference.items():
        if k not in got or _missing(got[k]) or not str(got[k]).strip():
            details.append(f"{k}: no label yet.")
            continue
        if _label_norm(got[k]) == _label_norm(ref):
            agree += 1
            continue
        why = explanations.get(k)
        why = f" ({why.rstrip('.')})" if why and not _missing(why) else ""
        details.append(f"{k}: you said {got[k]}; the key says {ref}{why}.")
    extra = [k for k in got if k not in reference]
    unchecked = f" ({_plural(len(extra), 'other id')} not asked about, so not checked)" if extra else ""
    if extra:
        details.append(f"not checked (not among the {noun}s asked about): {_listing(extra, 8)}.")
    if agree == len(reference):
        return _result("passed", f"all {_plural(len(reference), noun)} asked about have the key's label{unchecked}.", details)
    return _result("failed", f"{agree} of {len(reference)} labels agree with the key; see the notes below.", details)


def check_number(value, reference: float, tolerance: float = 0.0, unit: str = "") -> CheckResult:
    """Compare a number with the reference, within ``tolerance`` (in ``unit``)."""
    u = f" {unit}" if unit else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, str):
            return _result("error", f"expected a number such as 3.5; got the text {value[:20]!r} (remove the quotes).")
        return _result("error", f"expected a number such as 3.5; got {describe(value)}.")
    if not math.isfinite(float(value)):
        return _result("error", f"expected a finite number; got {value}.")
    if abs(float(value) - float(reference)) <= float(tolerance) + 1e-9:
        within = f" (within {tolerance:g}{u})" if tolerance else ""
        return _result("passed", f"{value:g}{u} matches the reference{within}.")
    side = "high" if float(value) > float(reference) else "low"
    return _result("failed", f"{value:g}{u} is too {side}" + (f" by more than {tolerance:g}{u}." if tolerance else "."))


# ---------------------------------------------------------------- the case's registry


_cache: dict[Path, tuple[float, list[dict]]] = {}


def check_files(folder: Path) -> list[Path]:
    """The files that register exercises: ``checks.toml`` and every ``checks/*.toml`` (one per lesson)."""
    folder = Path(folder)
    single = [folder / "checks.toml"] if (folder / "checks.toml").is_file() else []
    return single + sorted((folder / "checks").glob("*.toml"))


def load_registry(case=None) -> list[dict]:
    """The exercises registered in the case folder (``checks.toml`` and ``checks/*.toml``), as tables."""
    folder, _ = case_folder_and_id(case)
    exercises: list[dict] = []
    for path in check_files(folder):
        mtime = path.stat().st_mtime
        if path not in _cache or _cache[path][0] != mtime:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            _cache[path] = (mtime, [e for e in data.get("exercise", []) if isinstance(e, dict)])
        exercises.extend(_cache[path][1])
    return exercises


def registry(case=None) -> pd.DataFrame:
    """The registered exercises: id, kind, description.

    >>> registry()
    """
    rows = [{"id": e.get("id"), "kind": e.get("kind"), "description": e.get("description", "")} for e in load_registry(case)]
    return pd.DataFrame(rows, columns=["id", "kind", "description"])


_case_cache: dict[Path, tuple[tuple, object]] = {}


def _load(case):
    from .case import Case, load_case

    if isinstance(case, Case):
        return case
    folder, _ = case_folder_and_id(case)
    stamp = tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.csv")))
    if folder not in _case_cache or _case_cache[folder][0] != stamp:
        _case_cache[folder] = (stamp, load_case(folder, validate=False))
    return _case_cache[folder][1]


def _table(case, spec: dict) -> pd.DataFrame:
    name = spec.get("table")
    if name not in case.tables:
        msg = f"table {name!r} is not a table of the case; its tables are {', '.join(case.tables)}."
        raise LookupError(msg)
    df = case.tables[name]
    if spec.get("query"):
        df = df.query(spec["query"])
    for col in [spec.get("key"), spec.get("column"), *(spec.get("columns") or []), spec.get("explain")]:
        for c in [col] if isinstance(col, str) else (col or []):
            if c not in df.columns:
                msg = f"table {name!r} has no column {c!r}; its columns are {', '.join(map(str, df.columns))}."
                raise LookupError(msg)
    return df


def _labels_for(case, ex: dict, ref_df: pd.DataFrame | None, key: list[str] | str | None) -> dict[str, str]:
    """Labels shown beside ids: from ``label = {table, key, columns, words}``."""
    spec = ex.get("label")
    if not spec:
        return {}
    df = _table(case, spec) if spec.get("table") else ref_df
    k = spec.get("key") or key
    if df is None or k is None or isinstance(k, list) and len(k) != 1:
        return {}
    k = k if isinstance(k, str) else k[0]
    cols = spec.get("columns") or [spec.get("column", "text")]
    words = int(spec.get("words", 0) or 0)
    out = {}
    for _, row in df.iterrows():
        parts = []
        for c in cols:
            v = row.get(c)
            if _missing(v):
                continue
            text = str(v)
            if words and len(text.split()) > words:
                text = " ".join(text.split()[:words]) + " …"
            parts.append(f"“{text}”" if words else text)
        out[str(row[k])] = ", ".join(parts)
    return out


def _reference(case, ex: dict):
    """The reference value of an exercise, and its labels/explanations, from case tables or literals."""
    from .case import split_ids

    kind, ref = ex.get("kind"), ex.get("reference") or {}
    if kind == "ids":
        if "values" in ex:
            values = [str(v) for v in ex["values"]]
            df = None
        else:
            df = _table(case, ref)
            values = list(dict.fromkeys(i for cell in df[ref["column"]] for i in split_ids(cell)))
        return {"reference": values, "labels": _labels_for(case, ex, df, ref.get("column")), "noun": ex.get("noun", "id")}
    if kind == "labels":
        if "values" in ex:
            return {"reference": {str(k): str(v) for k, v in ex["values"].items()},
                    "explanations": dict(ex.get("explanations", {})), "noun": ex.get("noun", "id")}
        df = _table(case, ref)
        keys = df[ref["key"]].astype(str)
        explanations = dict(zip(keys, df[ref["explain"]])) if ref.get("explain") else {}
        return {"reference": dict(zip(keys, df[ref["column"]].astype(str))), "explanations": explanations, "noun": ex.get("noun", "id")}
    if kind == "table":
        key = ref.get("key") if "rows" not in ex else ex.get("key")
        if "rows" in ex:
            df = pd.DataFrame(ex["rows"])
            columns = ex.get("columns", [])
        else:
            df = _table(case, ref)
            columns = ref.get("columns", [])
        return {"reference": df, "key": key, "columns": columns, "dates": ex.get("dates", []),
                "labels": _labels_for(case, ex, df, key), "noun": ex.get("noun", "row")}
    if kind == "number":
        if "value" in ex:
            value = ex["value"]
        else:
            df = _table(case, ref)
            how = ref.get("aggregate", "count")
            if how not in ("count", "nunique", "sum", "min", "max", "mean"):
                msg = f"aggregate {how!r} is unknown; use count, nunique, sum, min, max or mean."
                raise LookupError(msg)
            value = getattr(df[ref["column"]], how)()
        return {"reference": float(value), "tolerance": float(ex.get("tolerance", 0)), "unit": ex.get("unit", "")}
    if kind == "coverage":
        df = _table(case, ref)
        cites = {column: set(_table(case, {"table": target.split(".")[0]})[target.split(".")[1]].astype(str))
                 for column, target in ex.get("cites", {}).items()}
        return {"reference": [str(v) for v in df[ref["column"]]], "key": ex.get("key", ref["column"]),
                "allowed": dict(ex.get("allowed", {})), "cites": cites, "noun": ex.get("noun", "row"),
                "filled": list(ex.get("filled", []))}
    if kind == "text":
        cites = ex.get("cites", {})
        valid = set()
        for target in cites.get("exist_in", []):
            table, column = target.split(".")
            valid |= set(_table(case, {"table": table})[column].astype(str))
        low, high = ex.get("words", [0, 10**6])
        return {"words": (int(low), int(high)), "pattern": cites.get("pattern", r"\b\w+\d+\b"), "valid": valid,
                "min_cites": int(cites.get("min", 1))}
    msg = f"kind {kind!r} is unknown; use one of {', '.join(KINDS)}."
    raise LookupError(msg)


_RUN = {"ids": check_ids, "labels": check_labels, "table": check_table, "number": check_number,
        "coverage": check_coverage, "text": check_text}


def _find(exercise_id, case) -> tuple[dict | None, CheckResult | None]:
    try:
        exercises = load_registry(case)
    except Exception as exc:  # noqa: BLE001 - the learner sees one sentence
        return None, _result("error", f"the case's checks.toml cannot be read ({exc}); ask your instructor.")
    if not isinstance(exercise_id, str):
        example = next((e.get("id") for e in exercises if isinstance(e.get("id"), str)), "04-events")
        return None, _result("error", f"the exercise id must be text, such as {example!r}; got {describe(exercise_id)}.")
    for ex in exercises:
        if ex.get("id") == exercise_id:
            return ex, None
    ids = [str(e.get("id")) for e in exercises]
    close = difflib.get_close_matches(exercise_id, ids, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(map(repr, close))}?" if close else f"the exercises are {', '.join(ids)}." if ids else "this case registers no exercises."
    return None, _result("error", f"there is no exercise {exercise_id[:60]!r}; {hint}")


def run_check(exercise_id: str, value, case=None) -> CheckResult:
    """Run the check registered for ``exercise_id`` on ``value``; no side effects, never raises on the value.

    >>> run_check("04-events", ...).status
    'not-started'
    """
    ex, problem = _find(exercise_id, case)
    if problem:
        problem.exercise_id = str(exercise_id)
        return problem
    if value is Ellipsis or value is None:
        return CheckResult("not-started", NOT_STARTED, [], exercise_id)
    try:
        spec = _reference(_load(case), ex)
    except Exception as exc:  # noqa: BLE001 - a broken registry entry is the instructor's to fix
        return CheckResult("error", f"Cannot check: the reference for {exercise_id} cannot be built ({exc}); ask your instructor.", [], exercise_id)
    try:
        result = _RUN[ex["kind"]](value, **spec)
    except Exception as exc:  # noqa: BLE001 - an odd value must not give a traceback
        result = _result("error", f"this value cannot be compared ({type(exc).__name__}: {str(exc)[:80]}); {describe(value)} was given.")
    result.exercise_id = exercise_id
    return result


def check(exercise_id: str, value, case=None) -> CheckResult:
    """Check an exercise result and record it in the learner's progress.

    >>> check("04-events", events)
    Not yet: 9 of 11 events match; missing: ...
    """
    result = run_check(exercise_id, value, case)
    if result.status in ("passed", "failed") or (result.status == "error" and any(e.get("id") == exercise_id for e in _safe_registry(case))):
        try:
            from .progress import record_check

            _, case_id = case_folder_and_id(case)
            record_check(case_id, exercise_id, result.status, result.message)
        except Exception:  # noqa: BLE001 - saving must never hide the result
            pass
    return result


def _safe_registry(case) -> list[dict]:
    try:
        return load_registry(case)
    except Exception:  # noqa: BLE001
        return []


# ---------------------------------------------------------------- validation


_EX_KEYS = {"id", "kind", "description", "reference", "values", "explanations", "rows", "key", "columns", "dates",
            "label", "noun", "value", "tolerance", "unit", "allowed", "cites", "words", "filled"}


def validate_checks(case_dir) -> list[str]:
    """Check the exercise files of a case folder; one line per problem (empty when valid or absent)."""
    folder = Path(case_dir)
    files = check_files(folder)
    if not files:
        return []
    try:
        case = _load(folder)
    except Exception as exc:  # noqa: BLE001
        return [f"checks: the case folder cannot be loaded to build references ({exc})."]
    problems: list[str] = []
    seen: set = set()
    for path in files:
        problems += _validate_check_file(path, path.relative_to(folder).as_posix(), case, seen)
    return problems


def _validate_check_file(path: Path, name: str, case, seen: set) -> list[str]:
    import re

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [f"{name}: not valid TOML ({exc}); fix that line."]
    exercises = data.get("exercise")
    if not isinstance(exercises, list):
        return [f"{name}: no [[exercise]] tables; each exercise needs id, kind and a reference."]
    problems = []
    for i, ex in enumerate(exercises, start=1):
        eid = ex.get("id") if isinstance(ex, dict) else None
        where = f"{name}, exercise {eid if isinstance(eid, str) and eid else i}"
        if not isinstance(ex, dict):
            problems.append(f"{where}: must be a table.")
            continue
        if not isinstance(eid, str) or not re.match(r"^\d\d-[A-Za-z0-9][A-Za-z0-9_.-]*$", eid):
            problems.append(f"{where}: id {eid!r} must start with the lesson's two digits and a dash, e.g. \"04-events\".")
        if eid in seen:
            problems.append(f"{where}: the id is used twice (ids must be unique across all check files).")
        seen.add(eid)
        unknown = set(ex) - _EX_KEYS
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
        if ex.get("kind") not in KINDS:
            problems.append(f"{where}: kind {ex.get('kind')!r} is unknown; use one of {', '.join(KINDS)}.")
            continue
        try:
            spec = _reference(case, ex)
        except Exception as exc:  # noqa: BLE001 - bad table, column, query: one line
            if isinstance(exc, LookupError) and not isinstance(exc, KeyError):
                problems.append(f"{where}: {str(exc).rstrip('.')}.")
            else:
                problems.append(f"{where}: the reference cannot be built ({type(exc).__name__}: {exc}).")
            continue
        ref = spec.get("reference")
        if ref is not None and hasattr(ref, "__len__") and len(ref) == 0:
            problems.append(f"{where}: the reference is empty; check its table and query.")
        if ex["kind"] == "table":
            for col in [*([spec["key"]] if isinstance(spec["key"], str) else spec["key"] or []), *spec["columns"]]:
                if col not in ref.columns:
                    problems.append(f"{where}: the reference has no column {col!r}.")
            if not spec["key"]:
                problems.append(f"{where}: a table check needs a key column.")
    return problems
