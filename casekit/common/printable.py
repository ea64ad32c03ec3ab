"""Text from a learner made safe to print and to put in a spreadsheet.

``clean`` strips control characters (escape sequences, a newline that would
forge a line of the summary); ``cell`` neutralises a CSV cell a spreadsheet
would run as a formula (OWASP: a leading single quote).

>>> clean("02-x\\x1b[2J\\nGraded 99 notebooks")
'02-x[2J Graded 99 notebooks'
>>> cell("=HYPERLINK(\\"http://x\\")"), cell("-3"), cell("S03")
('\\'=HYPERLINK("http://x")', "'-3", 'S03')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["FORMULA_START", "cell", "clean", "uncell"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """``text`` without control characters: a tab or line break becomes a space, the rest (ESC, bidi marks, ...) goes."""
    text = str(text)
    if not _CONTROL.search(text):
        return text
    text = re.sub(r"[\t\n\r\v\f\u2028\u2029]", " ", text)
    return "".join(ch for ch in text if not _CONTROL.match(ch) and unicodedata.category(ch) != "Cc")


def cell(value: object) -> object:
    """A CSV cell a spreadsheet will show as text: text starting with = + - @, tab or carriage return gets a leading '.

    Numbers are left as they are (a negative number is not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def uncell(value: str) -> str:
    """A cell as :func:`cell` wrote it, read back: the quote before a formula's first character taken off.

    >>> uncell("'=1+1"), uncell("'quoted"), uncell("S03")
    ('=1+1', "'quoted", 'S03')
    """
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1] in FORMULA_START:
        return value[1:]
    return value
