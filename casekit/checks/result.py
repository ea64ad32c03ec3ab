"""The outcome of one check, shown as one line and a few details (HTML in JupyterLab, text elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

__all__ = ["NOT_STARTED", "WORDS", "CheckResult", "result"]

NOT_STARTED = "Not started yet: replace ... with your answer, then run this cell again."
WORDS = {"passed": "Passed", "failed": "Not yet", "not-started": "Not started yet", "error": "Cannot check"}


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
        rest = self.message[len(word) :].lstrip(":. ") if self.message.startswith(word) else self.message
        items = "".join(f"<li>{escape(d)}</li>" for d in self.details)
        listing = f"<ul>{items}</ul>" if items else ""
        return (
            f'<div role="status" class="casekit-check casekit-{self.status}"><strong>{escape(word)}:</strong> {escape(rest)}{listing}</div>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": str(self), "text/html": self._repr_html_()}


def result(status: str, text: str, details: list[str] | None = None) -> CheckResult:
    """A CheckResult whose message starts with the status word ("Passed: ...", "Not yet: ...")."""
    return CheckResult(status, f"{WORDS[status]}: {text}", list(details or []))
