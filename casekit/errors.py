"""The one family of exceptions casekit raises, each a plain sentence for the reader."""

from __future__ import annotations

from .common.wording import first_problem


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
        super().__init__(first_problem(self.problems, "the case folder is not valid"))


class DateError(CasekitError, ValueError):
    """A date is not written in EDTF."""


class BankError(CasekitError):
    """A question bank is malformed; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(first_problem(self.problems, "the question bank is not valid"))


class BuildError(CasekitError):
    """A solution notebook cannot be turned into a lesson."""


class InputError(CasekitError, ValueError):
    """A value given to a casekit function cannot be used; the message says what was expected."""


class TimelineError(CasekitError, ValueError):
    """Events, dates or time patterns cannot be used as given (a missing column, a bad pattern)."""


class QuestionNotFound(CasekitError, LookupError):
    """No question or set has this id in the case's banks."""


class GradeError(CasekitError):
    """Grading cannot start (no submissions, a bad shard, a broken kit)."""


class MentionError(CasekitError, ValueError):
    """A search was given something that is not text, or a table without the columns it needs."""


class NetworkError(CasekitError, ValueError):
    """The actor or relation table cannot be turned into a network."""


class ReleaseError(CasekitError):
    """The student bundle cannot be made (stale lessons, a missing file, solution text found)."""


class NewCaseError(CasekitError):
    """A new case folder cannot be made (the folder is in use, the text is missing or not UTF-8, a bad date)."""


class HubError(CasekitError):
    """A hub or repository URL is not usable for an nbgitpuller link."""


class SiteError(CasekitError):
    """The website cannot be built, or a built page fails a check."""
