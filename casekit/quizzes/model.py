"""The question model: a question of a bank with its key, and the marking of one answer."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from .sealing import unseal

__all__ = [
    "LEVELS",
    "MARK_WORDS",
    "QUESTION_FIELDS",
    "STATUSES",
    "Choice",
    "Mark",
    "Marking",
    "Question",
    "by_letter",
    "letter",
    "short_name",
]

QUESTION_FIELDS = ("id", "set", "type", "prompt", "hint", "level")  # what every question may carry; each type adds its own fields
# What a question asks of the learner (docs/question-banks.md): "recall", the answer is stated in the lesson above
# the question; "apply", a skill used on material the lesson has not resolved. A question without one is unmarked.
LEVELS = ("recall", "apply")
STATUSES = ("correct", "partly", "incorrect", "invalid", "empty")
MARK_WORDS = {
    "correct": "Correct.",
    "partly": "Partly right.",
    "incorrect": "Not yet.",
    "invalid": "Cannot check:",
    "empty": "No answer yet:",
}


@dataclass(frozen=True)
class Choice:
    """One option, item or choice: an id and the text shown."""

    id: str
    text: str


@dataclass
class Question:
    """One question of a bank, with its key (unsealed).

    The fields the built-in types read are attributes; a field that only a
    newer type declares is kept in ``extra`` (its name -> its value).
    """

    id: str
    type: str
    prompt: str
    hint: str = ""
    set: str | None = None
    level: str = ""  # "recall" or "apply" (LEVELS); "" when the bank does not say
    options: list[Choice] = field(default_factory=list)
    items: list[Choice] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    answer: Any = None  # the key: an option id, a list of ids, a mapping, or accepted texts (by type)
    accept: list[str] = field(default_factory=list)
    number: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    feedback: dict[str, str] = field(default_factory=dict)
    bank: str = ""
    bank_title: str = ""  # the title of its bank, e.g. "Warm-up: the article at a glance"
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: dict, bank: str = "", bank_title: str = "") -> Question:
        """Build a question from a bank table (plain or sealed); raise BankError if it cannot be read."""
        data = dict(raw)
        if "sealed" in data:
            data.update(unseal(data.pop("sealed")))
        pairs = lambda key: [Choice(str(o.get("id")), str(o.get("text", ""))) for o in _as_list(data.get(key)) if isinstance(o, dict)]  # noqa: E731
        return cls(
            id=str(data.get("id", "")),
            type=str(data.get("type", "")),
            prompt=str(data.get("prompt", "")),
            hint=str(data.get("hint", "") or ""),
            set=data.get("set"),
            level=str(data.get("level", "") or ""),
            options=pairs("options"),
            items=pairs("items"),
            choices=pairs("choices"),
            answer=data.get("answer"),
            accept=[str(a) for a in data.get("accept") or []],
            number=data.get("number"),
            tolerance=float(data.get("tolerance", 0) or 0),
            unit=str(data.get("unit", "") or ""),
            feedback={str(k): str(v) for k, v in (data.get("feedback") or {}).items()},
            bank=bank,
            bank_title=bank_title,
            extra={k: v for k, v in data.items() if k not in _ATTRIBUTES},
        )

    def labels(self) -> dict[str, str]:
        """Display letters (a, b, c ...) for the option, item or choice ids, in order."""
        seq = self.options or self.choices or self.items
        return {c.id: letter(i) for i, c in enumerate(seq)}

    def names(self) -> dict[str, str]:
        """The text shown for each option, item and choice id."""
        return {o.id: o.text for o in (*self.options, *self.items, *self.choices)}


_ATTRIBUTES = {f.name for f in fields(Question)}


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


@dataclass(frozen=True)
class Mark:
    """One of the learner's items that is not right yet: its id, how the learner sees it named, and its note (may be empty).

    Marking an item wrong tells the learner about their own answer, never the right value.
    """

    id: str
    name: str
    note: str = ""

    def line(self) -> str:
        """The item as a line below the message: '- Trout: A trout breathes with gills.'"""
        return f"- {self.name}: {self.note}" if self.note else f"- {self.name}: not right yet."


@dataclass(frozen=True)
class Marking:
    """The marking of one answer to a quiz question. ``correct`` is None when the answer could not be marked.

    ``message`` starts with the status's word (``MARK_WORDS``): "Correct.", "Partly right.", "Not yet.",
    "Cannot check:" or "No answer yet:". ``marks`` are the learner's items that are not right yet, each
    named; the message lists them below its first line (``headline``), one line each.
    """

    correct: bool | None
    status: str
    message: str
    marks: tuple[Mark, ...] = ()

    @classmethod
    def of(cls, status: str, text: str, marks: tuple[Mark, ...] | list[Mark] = ()) -> Marking:
        """A marking with ``status`` whose message is the status's word, then ``text``, then a line per mark.

        >>> Marking.of("partly", "2 of 3 are right.").message
        'Partly right. 2 of 3 are right.'
        >>> print(Marking.of("partly", "2 of 3 are right.", [Mark("t", "Trout", "It has gills.")]).message)
        Partly right. 2 of 3 are right.
        - Trout: It has gills.
        """
        correct = {"correct": True, "partly": False, "incorrect": False}.get(status)
        head = " ".join(f"{MARK_WORDS[status]} {text}".split())
        return cls(correct, status, "\n".join([head, *(m.line() for m in marks)]), tuple(marks))

    @property
    def headline(self) -> str:
        """The message without the lines of its marks."""
        return self.message.split("\n", 1)[0]

    def __str__(self) -> str:
        return self.message

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython: a marking at the end of a cell shows as its message
        printer.text(self.message)


def short_name(text: str, limit: int = 60) -> str:
    """An item's text short enough to name it in a message.

    >>> short_name("a rather long statement of the article that goes on and on (S11)", 30)
    'a rather long statement of th…'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def by_letter(value, seq: list[Choice]):
    """The id of the option shown with the letter ``value`` ("d", "D" or "d)"); an id, or anything else, is returned as it is.

    >>> seq = [Choice("srn", "SRN News"), Choice("reader", "You")]
    >>> by_letter("b", seq), by_letter("srn", seq), by_letter("z", seq)
    ('reader', 'srn', 'z')
    """
    if not isinstance(value, str):
        return value
    text = value.strip()
    ids = [c.id for c in seq]
    if text in ids:
        return text
    shown = {letter(i): c.id for i, c in enumerate(seq)}
    return shown.get(text.removesuffix(")").strip().lower(), value)


def letter(i: int) -> str:
    """The display letter of the i-th option: a, b, c ... z, then a26, a27 ..."""
    return chr(ord("a") + i) if i < 26 else f"a{i}"
