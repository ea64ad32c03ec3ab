"""Check kinds for open work, where there is no single right answer but a required shape.

``coverage``  a table with one row per reference id (e.g. one row per explanation), values
              from an allowed list, and cited ids that exist.
``text``      a piece of writing within a word range that cites ids, every one of which exists.

Both say what is missing or wrong and never judge the reasoning itself:
a pass means "complete and well-formed", which the message says.
"""

from __future__ import annotations

import re

import pandas as pd

from ..common.ids import split_ids
from ..common.values import is_blank
from ..common.wording import listing, plural
from .result import result

__all__ = ["check_coverage", "check_text"]


def check_coverage(
    value,
    reference: list[str],
    key: str,
    allowed: dict[str, list[str]] | None = None,
    cites: dict[str, set[str]] | None = None,
    noun: str = "row",
    filled: list[str] | None = None,
):
    """One row per reference id in column ``key``; ``allowed`` values per column; ``cites`` columns must name
    existing ids; ``filled`` columns must not be empty."""
    allowed, cites, filled = allowed or {}, cites or {}, filled or []
    needed = [key, *allowed, *cites, *filled]
    if not isinstance(value, pd.DataFrame):
        return result("error", f"expected a table (DataFrame) with columns {', '.join(needed)}; got {type(value).__name__}.")
    absent = [c for c in needed if c not in value.columns]
    if absent:
        return result("error", f"the table has no column {', '.join(map(repr, absent))}; it needs {', '.join(needed)}.")
    have = [str(v) for v in value[key]]
    missing = [r for r in reference if r not in have]
    unknown = sorted({h for h in have if h not in reference})
    details = []
    for row in value.itertuples(index=False):
        ident = str(getattr(row, key))
        for column, options in allowed.items():
            cell = getattr(row, column)
            if str(cell) not in options:
                details.append(f"{ident}: {column} is {cell!r}; use one of {', '.join(options)}.")
        for column in filled:
            cell = getattr(row, column)
            if is_blank(cell):
                details.append(f"{ident}: {column} is empty; write a few words.")
        for column, valid in cites.items():
            ids = split_ids(getattr(row, column))
            if not ids:
                details.append(f"{ident}: {column} is empty; cite at least one id.")
            bad = [i for i in ids if i not in valid]
            if bad:
                details.append(f"{ident}: {column} names {listing(bad)}, which do not exist.")
    if missing:
        details.insert(0, f"missing {plural(len(missing), noun)}: {listing(missing)}.")
    if unknown:
        details.insert(0, f"not {noun}s of this case: {listing(unknown)}.")
    if details:
        return result("failed", f"{len(reference) - len(missing)} of {plural(len(reference), noun)} covered; see below.", details)
    return result(
        "passed", f"every {noun} has a row with allowed values and existing ids. (This checks completeness and form, not your reasoning.)"
    )


def check_text(value, words: tuple[int, int], pattern: str, valid: set[str], min_cites: int = 1):
    """A text within ``words`` (low, high) that cites at least ``min_cites`` ids matching ``pattern``, all in ``valid``."""
    if not isinstance(value, str):
        return result("error", f"expected your text as a string in quotes; got {type(value).__name__}.")
    text = value.strip()
    count = len(re.findall(r"\b\w[\w'’-]*\b", text))
    cited = list(dict.fromkeys(re.findall(pattern, text)))
    details = []
    low, high = words
    if count < low:
        details.append(f"{count} words; write at least {low}.")
    elif count > high:
        details.append(f"{count} words; cut to at most {high}.")
    bad = [c for c in cited if c not in valid]
    if bad:
        details.append(f"cites {listing(bad)}, which do not exist in this case.")
    good = [c for c in cited if c in valid]
    if len(good) < min_cites:
        details.append(f"cites {plural(len(good), 'existing id')}; cite at least {min_cites} (claim or sentence ids).")
    if details:
        return result("failed", "the text is not in shape yet; see below.", details)
    return result(
        "passed",
        f"{count} words, citing {len(good)} existing ids. (This checks length and citations, not the quality of the argument: use the rubric for that.)",
    )
