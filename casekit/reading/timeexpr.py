"""Find time expressions in sentences with regular expressions, and count them by kind.

The patterns are data, not code: a table with a name, a regular expression
and the kind of expression it finds (absolute, relative, implicit), such as
the case's ``time_patterns.csv``. Nothing here knows which article is read.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import TimelineError

__all__ = ["KINDS", "find_time_expressions", "kinds_by_sentence"]

KINDS = ("absolute", "relative", "implicit")
COLUMNS = ["sentence_id", "expression", "kind", "pattern_id", "start"]


def _patterns(patterns) -> list[tuple[str, re.Pattern, str]]:
    if isinstance(patterns, dict):
        patterns = pd.DataFrame({"pattern_id": list(patterns), "pattern": list(patterns.values()), "kind": "unknown"})
    if not isinstance(patterns, pd.DataFrame):
        msg = f"patterns must be a table with columns pattern_id, pattern and kind (such as case.time_patterns) or a dict name -> pattern; received {type(patterns).__name__}."
        raise TimelineError(msg)
    missing = [c for c in ("pattern_id", "pattern") if c not in patterns.columns]
    if missing:
        msg = f"the patterns table has no column {', '.join(map(repr, missing))}; it needs pattern_id, pattern and kind."
        raise TimelineError(msg)
    out = []
    for _, row in patterns.iterrows():
        name = str(row["pattern_id"])
        try:
            compiled = re.compile(str(row["pattern"]))
        except re.error as exc:
            msg = f"pattern {name!r} is not a valid regular expression ({exc}); fix it, for example \\b\\d{{4}}\\b for a year."
            raise TimelineError(msg) from None
        kind = row["kind"] if "kind" in patterns.columns and isinstance(row["kind"], str) else "unknown"
        out.append((name, compiled, kind))
    return out


def find_time_expressions(sentences: pd.DataFrame, patterns, *, text: str = "text", key: str = "sentence_id") -> pd.DataFrame:
    """Every match of every pattern in every sentence: one row per time expression found.

    Parameters
    ----------
    sentences : DataFrame
        One row per sentence, with an id column (``key``) and a text column (``text``).
    patterns : DataFrame or dict
        A table with columns ``pattern_id``, ``pattern`` (a regular expression)
        and ``kind``, or a dict ``{name: pattern}``.

    Returns
    -------
    DataFrame
        Columns sentence_id, expression, kind, pattern_id and start (the
        character where the match begins), in reading order. Where two
        patterns match overlapping words, both rows are kept.

    Example::

        find_time_expressions(case.sentences, case.time_patterns)
    """
    if not isinstance(sentences, pd.DataFrame) or text not in sentences.columns or key not in sentences.columns:
        msg = f"sentences must be a table with columns {key!r} and {text!r}, such as case.sentences."
        raise TimelineError(msg)
    rows = []
    compiled = _patterns(patterns)
    for order, (_, sentence) in enumerate(sentences.iterrows()):
        body = sentence[text] if isinstance(sentence[text], str) else ""
        for name, regex, kind in compiled:
            for match in regex.finditer(body):
                rows.append(
                    {
                        key: sentence[key],
                        "expression": match.group(0),
                        "kind": kind,
                        "pattern_id": name,
                        "start": match.start(),
                        "_order": order,
                    }
                )
    found = pd.DataFrame(rows, columns=[key, "expression", "kind", "pattern_id", "start", "_order"])
    found = found.sort_values(["_order", "start", "pattern_id"], kind="stable").drop(columns="_order")
    found = found.reset_index(drop=True)
    found["start"] = found["start"].astype("int64")
    return found


def kinds_by_sentence(expressions: pd.DataFrame, *, key: str = "sentence_id") -> pd.DataFrame:
    """Count expressions per sentence and kind: one row per sentence, one column per kind (absolute, relative, implicit)."""
    if not isinstance(expressions, pd.DataFrame) or not {key, "kind"} <= set(expressions.columns):
        msg = f"expressions must be a table with columns {key!r} and 'kind', such as the result of find_time_expressions."
        raise TimelineError(msg)
    table = pd.crosstab(expressions[key], expressions["kind"])
    for kind in KINDS:
        if kind not in table.columns:
            table[kind] = 0
    extra = [c for c in table.columns if c not in KINDS]
    return table[[*KINDS, *extra]].rename_axis(columns=None)
