"""The ``text`` kind: a piece of writing within a word range that cites ids, every one of which exists.

It checks length and citations, never the quality of the argument (the rubric is for that).
"""

from __future__ import annotations

import re

from ...common.wording import listing, plural
from ..references import ids_at
from ..result import CheckResult, result
from .base import CheckKind, Spec

__all__ = ["TextKind", "check_text"]


def check_text(value, words: tuple[int, int], pattern: str, valid: set[str], min_cites: int = 1) -> CheckResult:
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


class TextKind(CheckKind):
    """Writing of ``words = [low, high]`` that ``cites`` ids (``exist_in``, ``prefixed`` by another case, ``pattern``, ``min``)."""

    name = "text"
    fields = frozenset({"cites", "words"})
    open_work = True

    def build(self, case, ex: dict) -> Spec:
        """The word range, the pattern of a cited id, the ids that exist, and how many must be cited."""
        cites = ex.get("cites", {})
        valid: set[str] = set()
        for target in cites.get("exist_in", []):
            valid |= ids_at(case, target)
        for prefix, targets in cites.get("prefixed", {}).items():
            valid |= {f"{prefix}{i}" for target in targets for i in ids_at(case, target)}
        low, high = ex.get("words", [0, 10**6])
        return {
            "words": (int(low), int(high)),
            "pattern": cites.get("pattern", r"\b\w+\d+\b"),
            "valid": valid,
            "min_cites": int(cites.get("min", 1)),
        }

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_text`."""
        return check_text(value, **spec)
