"""Wording shared by every message: plurals, short listings, "the first problem (and N more)", a value's kind."""

from __future__ import annotations

import difflib

__all__ = ["describe", "did_you_mean", "first_problem", "listing", "plural"]

SHOW = 5  # items named in a one-line listing before "and N more"


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` and the noun, plural when ``n`` is not 1.

    >>> plural(1, "problem"), plural(3, "problem"), plural(2, "match", "matches")
    ('1 problem', '3 problems', '2 matches')
    """
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def listing(items: list[str], show: int = SHOW) -> str:
    """The first ``show`` items joined by commas, then "and N more".

    >>> listing(["a", "b", "c"], show=2)
    'a, b and 1 more'
    """
    head = ", ".join(items[:show])
    return head + (f" and {len(items) - show} more" if len(items) > show else "")


def first_problem(problems: list[str], default: str = "something is wrong") -> str:
    """The first problem of a list, and how many more there are.

    >>> first_problem(["row 2: empty id", "row 5: bad date", "row 9: bad date"])
    'row 2: empty id (and 2 more problems)'
    """
    if not problems:
        return default
    more = len(problems) - 1
    return problems[0] + (f" (and {plural(more, 'more problem')})" if more else "")


def describe(value) -> str:
    """A value's kind in plain words, for messages about a learner's value.

    >>> describe([1, 2]), describe("x"), describe(None)
    ('a list', 'a text', 'nothing (None)')
    """
    if value is None:
        return "nothing (None)"
    if value is Ellipsis:
        return "the placeholder ..."
    if isinstance(value, bool):
        return "True/False"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text"
    names = {
        "list": "a list",
        "tuple": "a tuple",
        "dict": "a dict",
        "set": "a set",
        "frozenset": "a set",
        "DataFrame": "a table (DataFrame)",
        "Series": "a column (Series)",
        "ndarray": "an array",
    }
    return names.get(type(value).__name__, f"a {type(value).__name__}")


def did_you_mean(text: str, known: list[str], cutoff: float = 0.6) -> str:
    """ "did you mean 'x' or 'y'?" for the known names closest to ``text``, or "" when none is close.

    >>> did_you_mean("07-dats", ["07-dates", "07-sources"])
    "did you mean '07-dates'?"
    """
    close = difflib.get_close_matches(text, known, n=3, cutoff=cutoff)
    return f"did you mean {' or '.join(map(repr, close))}?" if close else ""
