"""The outcome of one check, shown as one line and a few details (HTML in JupyterLab, text elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

__all__ = ["NOT_STARTED", "WORDS", "CheckResult", "result"]

NOT_STARTED = "Not started yet: replace ... with your answer, then run this cell again."
WORDS = {"passed": "Passed", "failed": "Not yet", "not-started": "Not started yet", "error": "Cannot check"}


@dataclass
class CheckResult:
    """The outcome of one check: status (passed, failed, not-started, error), a one-line message, details.

    ``message`` and ``details`` are the full comparison with the key (what a reveal
    shows, and what the grader records). The other fields say what a learner may be
    told before asking for the answer: ``right`` of ``total`` agree; ``wrong`` maps
    the learner's own items that disagree to a note that names no key value;
    ``extra`` lists the learner's items the key does not have; ``notes`` are remarks
    about the learner's input (a duplicate, how a name was read); ``unnamed`` counts the
    learner's items that are not in the answer when naming them would give the key away;
    ``readings`` are the accepted readings of the learner's answer, each with the kit's own.
    ``checks.steps.stepped`` turns a full result into what the learner sees on a try.
    """

    status: str
    message: str
    details: list[str] = field(default_factory=list)
    exercise_id: str = ""
    right: int | None = None
    total: int | None = None
    noun: str = "item"
    wrong: dict[str, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unnamed: int = 0  # the learner's items not in the answer, counted but not named (naming them would map the key)
    readings: list[str] = field(default_factory=list)  # accepted readings of the learner's answer, with the kit's own
    can_reveal: bool = False  # the learner has tried enough to be offered the answer
    revealed: bool = False  # the answer is shown

    @property
    def passed(self) -> bool:
        """True when the check passed."""
        return self.status == "passed"

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {d}" for d in self.details)])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        word = WORDS.get(self.status, self.status)
        rest = self.message[len(word) :].lstrip(":. ") if self.message.startswith(word) else self.message
        items = "".join(f"<li>{escape(d)}</li>" for d in self.details)
        listing = f"<ul>{items}</ul>" if items else ""
        return (
            f'<div role="status" class="casekit-check casekit-{self.status}"><strong>{escape(word)}:</strong> {escape(rest)}{listing}</div>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": str(self), "text/html": self._repr_html_()}


def result(status: str, text: str, details: list[str] | None = None, **parts) -> CheckResult:
    """A CheckResult whose message starts with the status word ("Passed: ...", "Not yet: ...").

    ``parts`` sets the fields a learner may see before a reveal (``right``, ``total``, ``wrong`` ...).
    """
    return CheckResult(status, f"{WORDS[status]}: {text}", list(details or []), **parts)
