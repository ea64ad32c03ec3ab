"""Written answers: the answer cells of each lesson (and its text exercises, such as the capstone brief), read from a handed-in notebook.

The build turns a solution's marked text into an invitation to write
(``MD_PLACEHOLDER``); those markdown cells are a lesson's answer cells. Each is
found in a learner's notebook by its cell id (JupyterLab keeps ids), else by
the text the learner was given above the invitation, so a moved cell is still
found. A deleted cell, or one still holding the invitation, is unanswered. A
lesson's ``text`` exercises (``check("05-brief", brief)``) are written answers
too: their text is the value read from the kernel. Prompts come from the
student lessons, never from ``solutions/``: they hold no sample answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ....common.ids import lesson_of
from ...build import MD_PLACEHOLDER, lesson_from_solution

__all__ = ["Answer", "Slot", "collect", "slots_for"]

_SHORT = 40  # a lead shorter than this ("**Your answer:**") gets the cell above it as its prompt


@dataclass(frozen=True)
class Slot:
    """One written answer a lesson asks for: its id, the prompt as the learner saw it, and how to find it."""

    lesson: str
    answer: str  # "02-written-1", or "05-written-brief" for the text exercise 05-brief
    prompt: str  # markdown written by the kit (the lesson's own text)
    cell_id: str | None = None
    lead: str = ""  # the text of the answer cell above the invitation
    exercise: str = ""  # for a text exercise, its id


@dataclass(frozen=True)
class Answer:
    """What one learner wrote for one slot ('' when unanswered), and a note on how it was found."""

    learner: str
    lesson: str
    answer: str
    text: str
    note: str = ""


def _lesson_notebook(kit: Path, lesson: str):
    import nbformat

    path = kit / "lessons" / f"{lesson}.ipynb"
    if path.is_file():
        return nbformat.read(path, as_version=4)
    solution = kit / "solutions" / f"{lesson}.ipynb"
    if solution.is_file():
        return lesson_from_solution(nbformat.read(solution, as_version=4), solution.name)
    return None


def _words(markdown: str) -> str:
    return re.sub(r"[*_`#>|\-]+", " ", markdown).strip()


def _checks_in(source: str) -> list[str]:
    return re.findall(r"""\bcheck\(\s*["']([^"'\n]+)["']""", source)


def slots_for(kit: Path, lesson: str, text_exercises: list[str] | tuple[str, ...] = ()) -> list[Slot]:
    """The written answers of ``lesson`` in the kit, in the order the lesson asks for them."""
    nb = _lesson_notebook(Path(kit), lesson)
    if nb is None:
        return []
    number, previous = lesson_of(lesson), ""
    slots: list[Slot] = []
    for cell in nb.cells:
        source = cell.get("source", "")
        if cell.cell_type == "markdown" and MD_PLACEHOLDER in source:
            lead = source.split(MD_PLACEHOLDER)[0].strip()
            prompt = lead if len(_words(lead)) >= _SHORT or not previous else f"{previous}\n\n{lead}".strip()
            slots.append(Slot(lesson, f"{number}-written-{len(slots) + 1}", prompt, cell.get("id"), lead))
        elif cell.cell_type == "code":
            for exercise in _checks_in(source):
                if exercise in text_exercises and lesson_of(exercise) == number:
                    name = exercise[3:] if lesson_of(exercise) != "??" else exercise
                    slots.append(Slot(lesson, f"{number}-written-{name}", previous, cell.get("id"), "", exercise))
        if cell.cell_type == "markdown" and MD_PLACEHOLDER not in source:
            previous = source.strip()
    return slots


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _strip_given(text: str, lead: str) -> str:
    """The learner's own words: the cell without the text the lesson gave and without the invitation."""
    text = text.replace(MD_PLACEHOLDER, "")
    if lead:
        given = re.match(r"\s*" + r"\s+".join(map(re.escape, lead.split())), text)
        if given:
            text = text[given.end() :]
        else:  # the learner edited the lead: drop only its lines that are left as they were
            lines = {line.strip() for line in lead.splitlines() if line.strip()}
            text = "\n".join(line for line in text.splitlines() if line.strip() not in lines)
    return text.strip()


def collect(nb, slots: list[Slot], learner: str, values: dict | None = None) -> list[Answer]:
    """Each slot's answer in the learner's notebook ``nb``; ``values`` holds the decoded values of its text exercises."""
    values = values or {}
    out = []
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    for slot in slots:
        if slot.exercise:
            value = values.get(slot.exercise)
            text = value.strip() if isinstance(value, str) else ""
            note = "" if text else f"no text was passed to check({slot.exercise!r}, ...)"
            out.append(Answer(learner, slot.lesson, slot.answer, text, note))
            continue
        found = [c for c in cells if slot.cell_id and c.get("id") == slot.cell_id]
        first = _first_line(slot.lead)  # a moved or duplicated cell still starts with the text the lesson gave
        found += [c for c in cells if first and _first_line(c.source) == first and c not in found]
        if not found:
            out.append(Answer(learner, slot.lesson, slot.answer, "", "the answer cell is not in the notebook (deleted?)"))
            continue
        texts = [t for t in (_strip_given(c.source, slot.lead) for c in found) if t]
        note = f"written in {len(texts)} cells" if len(texts) > 1 else ""
        out.append(Answer(learner, slot.lesson, slot.answer, "\n\n".join(texts), note))
    return out
