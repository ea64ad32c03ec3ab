"""What a question type is: one object that owns its fields, their checks in a bank, marking, text, widgets and static block.

A type is a subclass of ``QuestionType`` registered once (``types/registry.py``).
Everything the kit does with a question goes through its type:

- a bank: ``public_fields`` and ``secret_fields`` (the fields it reads; the secret
  ones are sealed in the student copy) and ``problems`` (its fields checked);
- marking: ``resolve`` (the letters the text view shows read as ids), ``mark`` (an answer
  read and marked; ``mark_answer`` catches a hostile value), ``canonical`` (the answer as
  the learner meant it, to tell a new try from a re-run) and ``key_text`` (the answer
  written out, for a learner who asked);
- text: ``answer_parts`` (how it is answered, for the text view and the website),
  ``answer_example`` (the form of an answer to ``quiz(...).answer``) and ``show_answer``
  (an earlier answer in words);
- widgets: ``make_controls``, ``read_controls``, ``fill_controls`` and ``mark_controls``
  (the learner's wrong items marked; ipywidgets imported inside these methods only,
  when a quiz is shown);
- the website: ``static_choices`` (what the self-check shows under the prompt) and
  ``static_feedback`` (why each answer fits or not, under the answer).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from html import escape

from ...common.folding import fold
from ...common.wording import describe
from ..model import Choice, Marking, Question, letter, short_name

__all__ = [
    "OUTCOMES",
    "WIDE",
    "OptionsType",
    "QuestionType",
    "as_id_list",
    "feedback_problems",
    "mark_control",
    "outcome_problems",
    "pairs_problems",
    "shown_as",
    "split_letters",
]

OUTCOMES = ("correct", "incorrect", "partly")  # feedback keys that are not an option, item or answer
WIDE = {"description_width": "initial"}  # a widget's label shown in full


class QuestionType(ABC):
    """One kind of question (``type = "..."`` in a bank). Subclasses set ``name`` and write the abstract methods.

    The defaults suit a question answered by typing: a text box, the answer shown
    as typed, and the key's ``answer`` field with the ``correct`` feedback.
    """

    name: str = ""
    public_fields: tuple[str, ...] = ()  # fields shown to the learner, kept readable in the student copy
    secret_fields: tuple[str, ...] = ("answer",)  # fields that give the answer away, sealed in the student copy

    # ---- a bank

    @abstractmethod
    def problems(self, q: dict) -> list[str]:
        """What is wrong with this type's fields in a bank table (unsealed), one sentence each; empty when all is well."""

    # ---- marking

    def resolve(self, q: Question, answer):
        """The answer with the letters the text view shows read as ids (``by_letter``); other values unchanged. Never raises."""
        return answer

    @abstractmethod
    def mark(self, q: Question, answer) -> Marking:
        """Read and mark an answer (not Ellipsis, not too long: ``mark_answer`` sees to those). May raise on a hostile value."""

    def canonical(self, q: Question, answer):
        """A resolved answer as the learner meant it (JSON-safe), so that a re-run or another spelling of it is the same try.

        The default suits a typed answer: case, accents, quotes and spaces do not matter.
        """
        return " ".join(fold(answer).split()) if isinstance(answer, str) else answer

    def key_text(self, q: Question) -> str:
        """The key written out, with the feedback that explains it."""
        return f"{q.names().get(str(q.answer), q.answer)}. {q.feedback.get('correct', '')}".strip()

    # ---- text

    @abstractmethod
    def answer_parts(self, q: Question) -> list[tuple[str, list[str]]]:
        """How the question is answered, as (instruction, options) parts: what the text view and the website show."""

    def answer_example(self, q: Question) -> str:
        """The form of an answer to ``quiz(...).answer(question_id, ...)``, written with placeholders (never the key)."""
        return '"your answer"'

    def show_answer(self, q: Question, answer) -> str:
        """An earlier answer in words (never raises)."""
        names = q.names()
        if isinstance(answer, list):
            return ", ".join(names.get(str(a), str(a)) for a in answer)
        if isinstance(answer, dict):
            return "; ".join(f"{names.get(k, k)}: {names.get(str(v), v)}" for k, v in answer.items())
        return str(answer)[:80]

    # ---- widgets (ipywidgets imported here only: a quiz is being shown)

    def make_controls(self, q: Question) -> tuple[object, list]:
        """The widget put below the prompt, and its labelled controls (each with a description)."""
        import ipywidgets as w

        label = f"Your answer{' (' + q.unit + ')' if q.unit else ''}:"
        box = w.Text(value="", description=label, placeholder="type your answer", style=WIDE)
        return box, [box]

    def read_controls(self, q: Question, controls: list):
        """The learner's answer in the controls, as ``mark`` expects it."""
        return controls[0].value

    def fill_controls(self, q: Question, controls: list, answer) -> None:
        """Show an earlier answer in the controls (may raise on a stale value; the caller ignores it)."""
        controls[0].value = "" if answer is None else str(answer)

    def mark_controls(self, q: Question, controls: list, marking: Marking) -> None:
        """Mark the controls that hold the learner's wrong items (``marking.marks``) and unmark the others; by default none."""
        return None

    # ---- the website's self-check

    def static_choices(self, q: Question) -> str:
        """HTML shown under the prompt on a static page: the ``answer_parts``, each instruction with its options."""
        html = ""
        for instruction, options in self.answer_parts(q):
            items = "".join(f"<li>{escape(o)}</li>" for o in options)
            html += f"<p>{escape(instruction)}</p>" + (f"<ul style='list-style:none;padding-left:1em'>{items}</ul>" if items else "")
        return html

    def static_feedback(self, q: Question) -> str:
        """HTML shown under the answer on a static page: the note on a wrong answer."""
        wrong = q.feedback.get("incorrect", "")
        return f"<p>If yours differs: {escape(wrong)}</p>" if wrong else ""

    def __repr__(self) -> str:
        return f"<question type {self.name!r}>"


class OptionsType(QuestionType):
    """A question answered by choosing among ``options``, with feedback written for each option (single, multiple)."""

    public_fields = ("options",)
    instruction = "Choose:"  # the line above the options in the text view

    def problems(self, q: dict) -> list[str]:
        """The options, the answer (``answer_problems``) and one feedback per option."""
        problems, ids = pairs_problems(q, "options", 2)
        if problems:
            return problems
        problems = self.answer_problems(q.get("answer"), ids)
        bad = feedback_problems(q)
        if bad:
            return problems + bad
        fb = q["feedback"]
        problems += [
            f'no feedback for option {oid!r}; add {oid} = "..." under [question.feedback].' for oid in ids if not fb.get(oid, "").strip()
        ]
        extra = set(fb) - set(ids) - set(OUTCOMES)
        if extra:
            problems.append(f"feedback for unknown option(s) {', '.join(sorted(extra))}; the options are {', '.join(ids)}.")
        return problems

    @abstractmethod
    def answer_problems(self, answer, ids: list[str]) -> list[str]:
        """What is wrong with the key ``answer`` given the option ids."""

    def answer_parts(self, q: Question) -> list[tuple[str, list[str]]]:
        """The instruction, then the lettered options."""
        letters = q.labels()
        return [(self.instruction, [f"{letters[o.id]}) {o.text}" for o in q.options])]

    def option_name(self, q: Question, option_id: str) -> str:
        """An option named as the learner sees it: 'b) Green-ish'."""
        return f"{q.labels().get(option_id, option_id)}) {short_name(q.names().get(option_id, option_id))}"

    def static_feedback(self, q: Question) -> str:
        """Why each option fits or not."""
        letters = q.labels()
        rows = "".join(
            f"<li>{escape(letters[o.id])}) {escape(o.text)}: {escape(q.feedback.get(o.id, ''))}</li>"
            for o in q.options
            if q.feedback.get(o.id)
        )
        return f"<ul>{rows}</ul>" if rows else ""


def pairs_problems(q: dict, key: str, minimum: int) -> tuple[list[str], list[str]]:
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


def feedback_problems(q: dict) -> list[str] | None:
    """The problem when ``[question.feedback]`` is not a table of texts, or None when it is."""
    fb = q.get("feedback")
    if not isinstance(fb, dict) or not all(isinstance(v, str) for v in fb.values()):
        return ["needs a [question.feedback] table of texts."]
    return None


def outcome_problems(q: dict, items: list[str] | None = None) -> list[str]:
    """Feedback that needs ``correct`` and ``incorrect`` (optional ``partly``), and, with ``items``, may add one per item."""
    bad = feedback_problems(q)
    if bad:
        return bad
    fb = q["feedback"]
    problems = [
        f"no '{key}' feedback; add {key} = \"...\" under [question.feedback]."
        for key in ("correct", "incorrect")
        if not fb.get(key, "").strip()
    ]
    if items is not None:
        extra = set(fb) - set(items) - set(OUTCOMES)
        if extra:
            problems.append(f"feedback for unknown item(s) {', '.join(sorted(extra))}; the items are {', '.join(items)}.")
    return problems


def shown_as(seq: list[Choice], numbered: bool = False) -> str:
    """How the learner may name one of ``seq``: the letters (or numbers) shown, and the ids when they differ.

    >>> shown_as([Choice("a", "Red"), Choice("b", "Blue")]), shown_as([Choice("cat", "Cat"), Choice("dog", "Dog")], numbered=True)
    ('a, b', '1, 2 (or the ids cat, dog)')
    """
    marks = [str(n) for n in range(1, len(seq) + 1)] if numbered else [letter(i) for i in range(len(seq))]
    ids = [c.id for c in seq]
    text = ", ".join(marks) if len(marks) <= 8 else f"{marks[0]} to {marks[-1]}"
    return text if ids == marks else f"{text} (or the ids {', '.join(ids)})"


def split_letters(answer):
    """A text of several letters or ids ("d, a, e" or "d a e") as a list; any other value as it is.

    >>> split_letters("d, a e"), split_letters("a"), split_letters(["a"])
    (['d', 'a', 'e'], 'a', ['a'])
    """
    if isinstance(answer, str) and len(answer.replace(",", " ").split()) > 1:
        return answer.replace(",", " ").split()
    return answer


def mark_control(control, name: str, wrong: bool) -> None:
    """Mark one widget control as holding a wrong item (a "✗ not right yet" in its label and a red border) or unmark it.

    The words carry the state, the border repeats it; the control's own label is kept to restore it.
    """
    label = getattr(control, "_casekit_label", None)
    if label is None:
        label = control.description
        control._casekit_label = label
    control.description = (
        f"✗ {label.rstrip(':')} (not right yet):" if wrong and label.endswith(":") else (f"✗ {label} (not right yet)" if wrong else label)
    )
    control.layout.border = "2px solid #b00020" if wrong else None
    if wrong:
        control.add_class("casekit-wrong")
    else:
        control.remove_class("casekit-wrong")
    control.tooltip = f"{name}: not right yet" if wrong else None


def as_id_list(answer, what: str, example: str) -> tuple[list | None, Marking | None]:
    """An answer read as a list of ids (one text becomes a list of one), or the marking that says it cannot be."""
    if isinstance(answer, str):
        answer = [answer] if answer.strip() else []
    if isinstance(answer, dict) or not isinstance(answer, list | tuple | set | frozenset):
        return None, Marking.of("invalid", f"expected a list of {what}, such as {example}; got {describe(answer)}.")
    return list(answer), None
