"""Wording shared by every message: plurals, short listings, "the first problem (and N more)", a value's kind, a verb's agreement."""

from __future__ import annotations

import difflib
import re

__all__ = ["agree", "describe", "did_you_mean", "first_problem", "is_plural_name", "listing", "plural"]

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


_PLURAL_WORDS = {"people", "police", "children", "men", "women"}  # plurals without an -s
_SINGULAR_ENDINGS = ("ss", "us", "is", "as", "'s", "’s")  # "class", "status", "analysis", "Hamas", "Iran's"
_IRREGULAR_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do"}


def is_plural_name(name: str) -> bool:
    """Whether a name reads as plural: its head noun (the last word, or the word before "of") ends in -s or is "people".

    A capitalised head after another capitalised word is a proper name ("United States"); an acronym
    ("HTS") and a word ending in -ss, -us, -is or -as ("Hamas") are singular. A one-word surname
    ending in -s is read as plural: give the full name.

    >>> [is_plural_name(n) for n in ("the firm's shareholders", "residents of Lyon", "United States", "Atlas", "rebel coalition")]
    [True, True, False, False, False]
    """
    words = re.findall(r"[\w'’.-]+", str(name))
    if not words:
        return False
    lower = [w.lower() for w in words]
    at = lower.index("of", 1) - 1 if "of" in lower[1:] else len(words) - 1
    head = words[at]
    if head.lower() in _PLURAL_WORDS:
        return True
    if head.isupper() or len(head) < 3 or not head.lower().endswith("s") or head.lower().endswith(_SINGULAR_ENDINGS):
        return False
    return not (head[0].isupper() and at > 0 and words[at - 1][:1].isupper())


def agree(subject: str, verb: str) -> str:
    """``verb`` (a phrase whose first word is in the third person singular, "supports", "reports on") made to agree with ``subject``.

    >>> agree("ATSG's shareholders", "approves"), agree("rebel forces", "reports on"), agree("Iran", "supports"), agree("militias", "part of")
    ('approve', 'report on', 'supports', 'part of')
    """
    if not is_plural_name(subject):
        return verb
    first, _, rest = verb.partition(" ")
    if first in _IRREGULAR_VERBS:
        bare = _IRREGULAR_VERBS[first]
    elif len(first) > 3 and first.endswith("ies"):
        bare = first[:-3] + "y"
    elif first.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        bare = first[:-2]
    elif first.endswith("s") and not first.endswith(_SINGULAR_ENDINGS):
        bare = first[:-1]
    else:
        return verb  # not a verb in -s ("part of", "withdrew support from")
    return f"{bare} {rest}".strip()
