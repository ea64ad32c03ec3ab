"""The question model: a question of a bank with its key, and the marking of one answer."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from .sealing import unseal

__all__ = ["MARK_WORDS", "QUESTION_FIELDS", "STATUSES", "Choice", "Marking", "Question", "letter"]

QUESTION_FIELDS = ("id", "set", "type", "prompt", "hint")  # what every question shows; each type adds its own fields
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
    options: list[Choice] = field(default_factory=list)
    items: list[Choice] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    answer: object = None
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
class Marking:
    """The marking of one answer to a quiz question. ``correct`` is None when the answer could not be marked.

    ``message`` starts with the status's word (``MARK_WORDS``): "Correct.", "Partly right.", "Not yet.",
    "Cannot check:" or "No answer yet:".
    """

    correct: bool | None
    status: str
    message: str

    @classmethod
    def of(cls, status: str, text: str) -> Marking:
        """A marking with ``status`` whose message is the status's word, then ``text``.

        >>> Marking.of("partly", "2 of 3 are right.").message
        'Partly right. 2 of 3 are right.'
        """
        correct = {"correct": True, "partly": False, "incorrect": False}.get(status)
        return cls(correct, status, f"{MARK_WORDS[status]} {text}".strip())

    def __str__(self) -> str:
        return self.message


def letter(i: int) -> str:
    """The display letter of the i-th option: a, b, c ... z, then a26, a27 ..."""
    return chr(ord("a") + i) if i < 26 else f"a{i}"
