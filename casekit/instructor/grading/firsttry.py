"""A check's result worded for the learner as a first try is: how many are right and which of their own items are wrong, never the key.

The instructor's CSV keeps the full message ("missing: S05"); a feedback page
must not, or it hands out the answer. So a result becomes its count ("2 of 5
sentences found"), the learner's own wrong items ("not in the reference: S09",
"E07 date_start: you have 2024-11-30"), and notes about form; every line
that names an id of the reference the learner did not give, or says what
the key or the reference has, is left out.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["first_try", "key_tokens", "learner_tokens"]

_CUTS = ("; the key says", ", the reference has", "; the reference has", "; the reference labels", ", the key says")
_DROP = ("missing", "differs from")  # lines that exist to name what the learner has not given


def learner_tokens(value) -> set[str]:
    """Every piece of text in the learner's value (list items, dict keys and values, table cells)."""
    out: set[str] = set()

    def walk(v, depth=0):
        if depth > 6:
            return
        if isinstance(v, pd.DataFrame):
            walk([*map(str, v.columns)], depth + 1)
            walk(v.reset_index().astype(str).to_numpy().ravel().tolist(), depth + 1)
        elif isinstance(v, pd.Series):
            walk(v.index.tolist(), depth + 1)
            walk(v.tolist(), depth + 1)
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(k, depth + 1)
                walk(x, depth + 1)
        elif isinstance(v, list | tuple | set | frozenset):
            for x in v:
                walk(x, depth + 1)
        elif v is not None and v is not Ellipsis:
            text = str(v).strip()
            out.add(text)
            out.update(re.findall(r"[A-Za-z0-9_]+", text))

    walk(value)
    return out


def key_tokens(kind: str, spec: dict) -> set[str]:
    """The ids of an exercise's reference (the answers a learner could be told): reference ids, row keys, labelled ids."""
    ref = spec.get("reference")
    if kind in ("ids", "coverage"):
        return {str(r) for r in ref or []}
    if kind == "labels":
        return {str(k) for k in (ref or {})}
    if kind == "table" and isinstance(ref, pd.DataFrame):
        key = spec.get("key")
        keys = [key] if isinstance(key, str) else list(key or [])
        out = set()
        if keys and all(k in ref.columns for k in keys):
            out = {" ".join(str(row[k]).strip() for k in keys) for _, row in ref.iterrows()}
        for column in spec.get("columns") or []:  # the values the compared columns should hold
            if column in ref.columns:
                out |= {str(v).strip() for v in ref[column] if str(v).strip() and str(v) != "nan"}
        return out
    return set()


def _leaks(line: str, forbidden: set[str]) -> bool:
    """True when the line names one of ``forbidden`` as a whole word or value."""
    return any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(token)}(?![A-Za-z0-9_])", line) for token in forbidden if token)


def _clean(line: str, forbidden: set[str]) -> str:
    """The line cut before what the key says, or '' when it still names a forbidden id."""
    for cut in _CUTS:
        if cut in line:
            line = line.split(cut)[0].rstrip(" ;,.") + "."
    if line.lstrip().lower().startswith(_DROP) or any(d in line for d in _DROP[1:]):
        return ""
    if _leaks(line, forbidden):
        return ""
    return line.strip()


def _redact(line: str, forbidden: set[str]) -> str:
    """The line with every forbidden id or label replaced by "…" (for a message whose example happens to be an answer)."""
    for cut in _CUTS:
        line = line.split(cut)[0]
    for token in sorted(forbidden, key=len, reverse=True):
        line = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(token)}(?![A-Za-z0-9_])", "…", line)
    return line.strip()


def first_try(result, kind: str = "", spec: dict | None = None, value=None) -> tuple[str, list[str]]:
    """(the one line, the notes below it) a learner may see for ``result``; ``spec`` is the exercise's reference."""
    spec = spec or {}
    mine = learner_tokens(value)
    forbidden = key_tokens(kind, spec) - mine
    if kind == "labels":
        # the key's label for an item the learner labelled differently must not appear beside that item
        forbidden |= {str(v) for v in (spec.get("reference") or {}).values() if str(v) not in mine}
    forbidden = {t for t in forbidden if t and not (t.isdigit() and len(t) <= 2)}  # "1 of 3" is a count, not a key
    message = str(result.message)
    if result.status == "failed":
        head = re.split(r";|\. ", message, maxsplit=1)[0].rstrip(".") + "."
        line = _clean(head, forbidden) or "Not yet: some answers are not right yet."
        notes = [n for n in (_clean(d, forbidden) for d in result.details) if n]
        return line, notes
    line = _clean(message, forbidden) or _redact(message, forbidden)
    notes = [n for n in (_clean(d, forbidden) for d in result.details) if n] if result.status != "passed" else []
    return line, notes
