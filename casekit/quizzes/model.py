"""The question model: a question of a bank with its key, and the feedback on one answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from .sealing import unseal

__all__ = ["PUBLIC_FIELDS", "SECRET_FIELDS", "STATUSES", "TYPES", "Choice", "Feedback", "Question", "answer_parts", "letter"]

TYPES = ("single", "multiple", "ordering", "matching", "short")
SECRET_FIELDS = ("answer", "accept", "number", "tolerance", "feedback")
PUBLIC_FIELDS = ("id", "set", "type", "prompt", "hint", "options", "items", "choices", "unit")
STATUSES = ("correct", "partly", "incorrect", "invalid", "empty")


@dataclass(frozen=True)
class Choice:
    """One option, item or choice: an id and the text shown."""

    id: str
    text: str


@dataclass
class Question:
    """One question of a bank, with its key (unsealed)."""

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

    @classmethod
    def from_dict(cls, raw: dict, bank: str = "", bank_title: str = "") -> Question:
        """Build a question from a bank table (plain or sealed); raise BankError if it cannot be read."""
        data = dict(raw)
        if "sealed" in data:
            data.update(unseal(data.pop("sealed")))
        pairs = lambda key: [Choice(str(o.get("id")), str(o.get("text", ""))) for o in data.get(key) or [] if isinstance(o, dict)]  # noqa: E731
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
        )

    def labels(self) -> dict[str, str]:
        """Display letters (a, b, c ...) for the option, item or choice ids, in order."""
        seq = self.options or self.choices or self.items
        return {c.id: letter(i) for i, c in enumerate(seq)}


@dataclass(frozen=True)
class Feedback:
    """The result of grading one answer. ``correct`` is None when the answer could not be graded."""

    correct: bool | None
    status: str
    message: str

    def __str__(self) -> str:
        return self.message


def letter(i: int) -> str:
    """The display letter of the i-th option: a, b, c ... z, then a26, a27 ..."""
    return chr(ord("a") + i) if i < 26 else f"a{i}"


def answer_parts(q: Question) -> list[tuple[str, list[str]]]:
    """How a question is answered, as (instruction, options) parts: what the text view and the website's self-check show.

    >>> answer_parts(Question(id="07-x", type="single", prompt="?", options=[Choice("p", "Paris"), Choice("r", "Rome")]))
    [('Choose one:', ['a) Paris', 'b) Rome'])]
    """
    letters = q.labels()
    if q.type == "single":
        return [("Choose one:", [f"{letters[o.id]}) {o.text}" for o in q.options])]
    if q.type == "multiple":
        return [("Choose all that apply:", [f"{letters[o.id]}) {o.text}" for o in q.options])]
    if q.type == "ordering":
        return [("Put in order:", [f"{letter(i)}) {o.text}" for i, o in enumerate(q.items)])]
    if q.type == "matching":
        return [("Match each item:", [f"- {o.text}" for o in q.items]), ("with one of:", [f"{letters[c.id]}) {c.text}" for c in q.choices])]
    unit = f" (in {q.unit})" if q.unit else ""
    if q.number is not None and not q.accept:
        return [(f"Answer with a number{unit}.", [])]
    return [(f"Answer in a few words{unit}.", [])]
