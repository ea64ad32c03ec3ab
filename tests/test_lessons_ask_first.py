"""Lessons ask before they tell: nothing above an exercise prints, tables or describes its answer.

The cells above an exercise that a learner runs unchanged (no solution region) are
read from the solutions' stored outputs, which nbval keeps current, and the
markdown above the exercise is read as written. A leak is the answer's ids listed
together, or its items shown with their labels or values.
"""

import html
import re
from pathlib import Path

import nbformat
import pytest

from casekit.checks import build_reference
from casekit.checks.references import cached_case
from casekit.checks.registry import load_registry
from casekit.instructor.build import CODE_BEGIN, MD_BEGIN
from casekit.instructor.grading.intake.scan import check_calls

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EXERCISES = {e["id"]: e for e in load_registry(DATA)}


def _texts(cell) -> list[str]:
    """What a reader sees of a cell: its markdown, or its outputs (one string per output)."""
    if cell["cell_type"] == "markdown":
        return ["".join(cell["source"])]
    out = []
    for o in cell.get("outputs", []):
        data = o.get("data", {})
        if "text/html" in data:
            page = "".join(data["text/html"])
            rows = re.split(r"</tr>|<br\s*/?>|</li>|</p>", page)
            out.append("\n".join(html.unescape(re.sub(r"<[^>]+>", " ", r)) for r in rows))
        elif "text/plain" in data:
            out.append("".join(data["text/plain"]))
        elif "text" in o:
            out.append("".join(o["text"]))
    return out


def _has(line: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", line, re.I) is not None


def _leak(kind: str, spec: dict, text: str) -> str:
    """Why ``text`` gives the answer away, or ''."""
    lines = text.splitlines()
    if kind == "ids":
        ref = list(spec["reference"])
        shape = re.compile(r"\b" + re.sub(r"\d+$", "", ref[0]) + r"\d+\b") if ref else None
        if len(ref) >= 2 and all(_has(text, i) for i in ref) and len(set(shape.findall(text))) <= len(ref) + 2:
            return f"lists the answer's ids together ({', '.join(ref)})"
        return ""
    if kind == "labels":
        pairs = list(spec["reference"].items())
    else:
        key = [spec["key"]] if isinstance(spec["key"], str) else list(spec["key"])
        ref = spec["reference"]
        cols = [*key, *spec["columns"]]
        if not spec["columns"]:
            return ""
        pairs = [(" ".join(str(r[k]) for k in key), [str(r[c]) for c in spec["columns"]]) for _, r in ref[cols].iterrows()]
    shown = []
    for item, value in pairs:
        values = value if isinstance(value, list) else [value]
        if any(_has(line, item) and all(_has(line, v) for v in values) for line in lines):
            shown.append(item)
    return f"shows {', '.join(shown)} with their key values" if len(shown) >= max(2, len(pairs) / 2) else ""


def leaks_above(nb, call, ex, spec) -> list[str]:
    """One line per cell above the check call whose source or output gives the exercise's answer away."""
    leaks = []
    for index, cell in enumerate(nb.cells[: call.cell]):
        if CODE_BEGIN in cell.source or MD_BEGIN in cell.source or "check(" in cell.source:
            continue  # the learner's own work, or an earlier check
        for text in _texts(cell):
            why = _leak(ex["kind"], spec, text)
            if why:
                leaks.append(f"cell {index + 1} {why}")
    return leaks


def _cases():
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for call in check_calls(nb):
            ex = EXERCISES.get(call.exercise)
            if ex and ex["kind"] in ("ids", "labels", "table"):
                yield pytest.param(path.name, nb, call, ex, id=call.exercise)


@pytest.mark.parametrize("notebook,nb,call,ex", list(_cases()))
def test_nothing_above_an_exercise_gives_its_answer(notebook, nb, call, ex):
    leaks = leaks_above(nb, call, ex, build_reference(cached_case(DATA), ex))
    assert not leaks, f"{notebook}, {call.exercise} (cell {call.cell + 1}): " + "; ".join(leaks)


def test_the_scan_finds_the_exercises():
    assert len(list(_cases())) >= 12
