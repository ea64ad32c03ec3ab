"""The load of each lesson as a learner meets it, and an estimate of its time.

Reads the generated lessons (lessons/*.ipynb, what learners open; instructor cells are not in them), the
question banks (solutions/quizzes/, to count a quiz call's questions) and the cases' checks (to tell a writing
task from an exercise). Per lesson: words of prose (markdown), exercises (check calls that are not writing),
quiz items, writing tasks (a `text` check, or a marked place to write), minutes of pair work the lesson asks
for, code cells, the time the lesson's header bills, and an estimate.

The estimate's rule (stated, so that it can be argued with):
- reading: 200 words a minute, an undergraduate's pace for instructional prose that must be understood;
- running a code cell and reading its output: 0.5 minute each;
- an exercise: 4 minutes (read the prompt, write a line of code, one retry);
- a quiz item: 1.5 minutes;
- a writing task: its upper word limit at 12 words a minute for a `text` check (drafting with citations),
  6 minutes for a short written answer (a markdown cell the lesson leaves for it);
- pair work: the minutes the lesson gives it.
The rule counts a learner working steadily; a class adds the instructor's demonstrations and discussion.

A part the lesson marks "If time allows" or "Homework" (a markdown cell that starts, after its heading if it has
one, with that phrase in bold)
is counted apart, up to the next heading (`## ` or `### `): the estimate is the core; `optional` and `homework`
are the minutes of those parts.

Run: ``python benchmarks/lesson_load.py`` (``make bench`` prints its table too).
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat

from casekit.quizzes import Question, count_levels, parse_bank

ROOT = Path(__file__).resolve().parents[1]
WORDS_PER_MINUTE = 200
CELL_MINUTES = 0.5
EXERCISE_MINUTES = 4.0
QUIZ_ITEM_MINUTES = 1.5
WRITING_WORDS_PER_MINUTE = 12
SHORT_WRITING_MINUTES = 6.0
LIMIT_MINUTES = 75

_QUIZ = re.compile(r"""\bquiz\(\s*["']([^"']+)["']([^)]*)\)""")
_CHECK = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")
_PAIR = re.compile(r"pairs?\b[^()\n]{0,40}\((\d+)\s*min", re.IGNORECASE)
_BILLED = re.compile(r"\*\*Time:\*\*\s*(?:about\s*)?(\d+)(?:\s*(?:to|–|-)\s*(\d+))?\s*min")
# What the build leaves where a solution marks a written answer (casekit/instructor/build.py, MD_PLACEHOLDER).
_ANSWER_HERE = "_Your answer: write it here"


_PART = re.compile(r"^\s*(?:#{2,3} [^\n]*\n+)?\*\*(If time allows|Homework)\b", re.IGNORECASE)


@dataclass
class Load:
    """One lesson's core load, its estimated minutes, and the minutes of its optional and homework parts."""

    lesson: str
    words: int = 0
    exercises: int = 0
    quiz_items: int = 0
    recall: int = 0
    apply: int = 0
    writing: int = 0
    writing_minutes: float = 0.0
    pair_minutes: int = 0
    code_cells: int = 0
    billed: str = ""
    optional: float = 0.0
    homework: float = 0.0

    @property
    def minutes(self) -> float:
        """The estimate of the core, by the rule in the module's docstring."""
        return (
            self.words / WORDS_PER_MINUTE
            + self.code_cells * CELL_MINUTES
            + self.exercises * EXERCISE_MINUTES
            + self.quiz_items * QUIZ_ITEM_MINUTES
            + self.writing_minutes
            + self.pair_minutes
        )


def _bank_sizes() -> dict[tuple[str, str], list[Question]]:
    """The questions per (case folder, set or question id) in the instructor banks; the main case is ''."""
    sizes: dict[tuple[str, str], list[Question]] = {}
    for path in sorted((ROOT / "solutions" / "quizzes").rglob("*.toml")):
        case = "" if path.parent.name == "quizzes" else path.parent.name
        for q in parse_bank(path.read_text(encoding="utf-8"), path.name):
            for name in {q.set or "", q.id} - {""}:
                sizes.setdefault((case, name), []).append(q)
    return sizes


def _text_exercises() -> dict[str, list[int]]:
    """Every `text` exercise of every case, with its word limits."""
    found: dict[str, list[int]] = {}
    for path in sorted((ROOT / "data").glob("*/checks/*.toml")):
        for ex in tomllib.loads(path.read_text(encoding="utf-8")).get("exercise", []):
            if ex.get("kind") == "text":
                found[ex["id"]] = list(ex.get("words", [0, 150]))
    return found


def measure(path: Path, sizes: dict[tuple[str, str], list[Question]] | None = None, texts: dict[str, list[int]] | None = None) -> Load:
    """The load of one lesson notebook."""
    sizes = _bank_sizes() if sizes is None else sizes
    texts = _text_exercises() if texts is None else texts
    nb = nbformat.read(path, as_version=4)
    core = Load(path.stem)
    parts = {"if time allows": Load("optional"), "homework": Load("homework")}
    load = core
    second_case = "white-house-2024-12-08"
    for cell in nb.cells:
        if "instructor" in cell.metadata.get("tags", []):
            continue
        src = cell.source
        if cell.cell_type == "markdown":
            if src.lstrip().startswith(("## ", "### ")):
                load = core
            if m := _PART.match(src):
                load = parts[m.group(1).lower()]
            load.words += len(re.findall(r"[A-Za-z][A-Za-z'’-]*", re.sub(r"\(\.\./[^)]*\)|`[^`]*`", " ", src)))
            load.pair_minutes += sum(int(m) for m in _PAIR.findall(src))
            short = src.count(_ANSWER_HERE)
            load.writing += short
            load.writing_minutes += short * SHORT_WRITING_MINUTES
            if not core.billed and (m := _BILLED.search(src)):
                core.billed = f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1)
        elif cell.cell_type == "code":
            load.code_cells += 1
            for name, rest in _QUIZ.findall(src):
                case = second_case if "case=" in rest else ""
                questions = sizes.get((case, name), [])
                levels = count_levels(questions)
                load.quiz_items += len(questions) or 1
                load.recall += levels["recall"]
                load.apply += levels["apply"]
            for ex in _CHECK.findall(src):
                if ex in texts:
                    load.writing += 1
                    load.writing_minutes += texts[ex][1] / WRITING_WORDS_PER_MINUTE
                else:
                    load.exercises += 1
    core.optional, core.homework = parts["if time allows"].minutes, parts["homework"].minutes
    for part in parts.values():  # the levels count every quiz item of the lesson, core or not
        core.recall, core.apply = core.recall + part.recall, core.apply + part.apply
    return core


def measure_all(folder: Path | None = None) -> list[Load]:
    """The load of every lesson in ``folder`` (lessons/ by default)."""
    sizes, texts = _bank_sizes(), _text_exercises()
    return [measure(p, sizes, texts) for p in sorted((folder or ROOT / "lessons").glob("*.ipynb"))]


def table(loads: list[Load]) -> str:
    """The loads as a plain-text table, with the estimate and the header's billed time."""
    head = (
        f"{'lesson (core)':<26} {'words':>6} {'exerc.':>6} {'quiz':>5} {'recall/apply':>12} {'writing':>7} {'pair min':>8} {'cells':>5} {'estimate':>9}"
        f" {'billed':>8} {'optional':>9} {'homework':>9}"
    )
    lines = [head]
    for x in loads:
        flag = "  over" if x.minutes > LIMIT_MINUTES else ""
        lines.append(
            f"{x.lesson:<26} {x.words:>6} {x.exercises:>6} {x.quiz_items:>5} {f'{x.recall}/{x.apply}':>12} {x.writing:>7} {x.pair_minutes:>8} {x.code_cells:>5}"
            f" {x.minutes:>6.0f} min {x.billed or '?':>8} {x.optional:>5.0f} min {x.homework:>5.0f} min{flag}"
        )
    total = sum(x.minutes for x in loads)
    levels = f"{sum(x.recall for x in loads)}/{sum(x.apply for x in loads)}"
    lines.append(
        f"{'all lessons':<26} {sum(x.words for x in loads):>6} {'':>6} {sum(x.quiz_items for x in loads):>5} {levels:>12}{'':>23}"
        f" {total:>6.0f} min"
    )
    lines.append("recall/apply: every quiz item of the lesson, its optional and homework parts too (docs/question-banks.md, levels)")
    return "\n".join(lines)


def main() -> int:
    """Print the table for lessons/."""
    print(table(measure_all()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
