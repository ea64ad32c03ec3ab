"""The one family of exceptions casekit raises, each a plain sentence for the reader."""

from __future__ import annotations


class CasekitError(Exception):
    """Base class: the message says what is wrong and what to do next."""

    def _render_traceback_(self) -> list[str]:
        """In Jupyter, show the one sentence instead of a traceback."""
        return [f"{type(self).__name__}: {self}"]


class CaseError(CasekitError):
    """A case folder is missing, unreadable or does not match its data package.

    ``problems`` holds one line per problem (file, row, field, what is wrong).
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        n = len(self.problems)
        head = self.problems[0] if n else "the case folder is not valid"
        more = f" (and {n - 1} more problem{'s' if n > 2 else ''})" if n > 1 else ""
        super().__init__(head + more)


class DateError(CasekitError, ValueError):
    """A date is not written in EDTF."""


class BankError(CasekitError):
    """A question bank is malformed."""


class BuildError(CasekitError):
    """A solution notebook cannot be turned into a lesson."""


class InputError(CasekitError, ValueError):
    """A value given to a casekit function cannot be used; the message says what was expected."""


class TimelineError(CasekitError, ValueError):
    """Events, dates or time patterns cannot be used as given (a missing column, a bad pattern)."""
