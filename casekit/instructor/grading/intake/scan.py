"""Reading a handed-in notebook: refuse what is not a notebook, and find its ``check("<id>", <value>)`` calls."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ....common.plainfile import read_plain

__all__ = ["MAX_BYTES", "CheckCall", "check_calls", "read_notebook"]

MAX_BYTES = 50 * 1024 * 1024  # a notebook (or a value read back) larger than this is refused
TRANSFORM_MAX = 256 * 1024  # a cell longer than this is parsed as plain Python (IPython's transformer is slow on long text)
RESAVE = "ask the learner to re-save it from JupyterLab."


@dataclass
class CheckCall:
    """A ``check("<exercise>", <expression>)`` call found in code cell ``cell`` (0-based)."""

    exercise: str
    cell: int
    expression: str


_IPYTHON_SYNTAX = re.compile(r"^\s*[%!?]|\?\s*$", re.M)


def _python_source(source: str) -> str:
    """The cell as plain Python (IPython magics and ``!`` lines turned into calls); a very long cell as it is.

    A cell with no line that IPython reads differently (``%``, ``!``, a trailing ``?``) is plain Python already.
    """
    if len(source) > TRANSFORM_MAX or not _IPYTHON_SYNTAX.search(source):
        return source
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:  # noqa: BLE001 - fall back to the raw text
        return source


_LINE_END = re.compile(r"\r\n|\r|\n")


def _segment(lines: list[bytes], node: ast.expr) -> str | None:
    """The source text of ``node`` from the cell's lines (UTF-8, split once): linear, unlike ``ast.get_source_segment``."""
    end, end_col = getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
    if end is None or end_col is None or not 0 < node.lineno <= end <= len(lines):
        return None
    if node.lineno == end:
        return lines[node.lineno - 1][node.col_offset : end_col].decode("utf-8", "replace")
    parts = [lines[node.lineno - 1][node.col_offset :], *lines[node.lineno : end - 1], lines[end - 1][:end_col]]
    return b"".join(parts).decode("utf-8", "replace")


def _lines(source: str) -> list[bytes]:
    ends = [m.end() for m in _LINE_END.finditer(source)]
    starts = [0, *ends]
    return [source[a:b].encode("utf-8") for a, b in zip(starts, [*ends, len(source)])]


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
        lines = _lines(source)
        here: list[CheckCall] = []
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
            expr = _segment(lines, second)
            if expr:
                here.append(CheckCall(first.value, index, expr))
        calls += here
        # a call inside a magic (%time check(...)) is a string to the parser: find it in the text
        seen = {c.exercise for c in here}
        calls += [CheckCall(m.group("id"), index, m.group("expr")) for m in _CALL.finditer(cell.source) if m.group("id") not in seen]
    return calls


def read_notebook(path: Path):
    """The notebook, or a message saying why it is not one (status invalid)."""
    import nbformat

    name = path.name
    raw, why = read_plain(path, MAX_BYTES)  # sized before reading: a huge (or sparse) file is never held in memory
    if raw is None:
        if why.startswith("it is larger"):
            return (
                None,
                f"{name} is over {MAX_BYTES // 2**20} MB, too large to be a lesson notebook; ask the learner to clear its outputs and re-save it.",
            )
        if why.startswith("it cannot"):
            return None, f"{name} cannot be read ({why[17:].strip('()')}); check the file's permissions."
        return None, f"{name}: {why}, not a notebook handed in as a file; the grader reads only plain files."
    if not raw.strip():
        return None, f"{name} is empty; {RESAVE}"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, f"{name} is not a notebook (not JSON); {RESAVE}"
    if text.lstrip()[:1] not in ("{", "["):
        return None, f"{name} is not a notebook (not JSON); {RESAVE}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"{name} is damaged: its JSON breaks at line {exc.lineno}, column {exc.colno} ({exc.msg}); {RESAVE}"
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list) or "nbformat" not in data:
        return None, f"{name} is JSON but not a Jupyter notebook (no list of cells); {RESAVE}"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds on a broken file
        return None, f"{name} is not a readable Jupyter notebook ({type(exc).__name__}: {str(exc)[:80]}); {RESAVE}"
    for cell in nb.cells:
        if not isinstance(cell.get("source", ""), str) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            return None, f"{name} has a cell that is not a code, markdown or raw cell with text; {RESAVE}"
    return nb, None
