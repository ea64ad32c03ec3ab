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


_WORD = re.compile(r"\b\w[\w'’-]*\b")
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)")


def filler_problems(text: str, pattern: str, low: int) -> list[str]:
    r"""Why a text is not yet writing: too few sentences, or words repeated to reach the length (ids set aside).

    >>> filler_problems("S01 S02 S03 " + "word " * 150, r"\bS\d\d\b", 150)
    ['it has 1 sentence of five words or more; write at least 3 (a list of ids is not a sentence).', 'it repeats words to reach the length: write your own sentences.']
    """
    prose = re.sub(pattern, " ", text)
    sentences = [part for part in _SENTENCE_END.split(prose) if len(_WORD.findall(part)) >= 5]
    words = [w.casefold() for w in _WORD.findall(prose)]
    needed = low // 50
    problems = []
    if len(sentences) < needed:
        problems.append(
            f"it has {plural(len(sentences), 'sentence')} of five words or more; write at least {needed} (a list of ids is not a sentence)."
        )
    if len(words) >= 20 and (len(set(words)) < 0.3 * len(words) or max(map(words.count, set(words))) > 0.25 * len(words) + 2):
        problems.append("it repeats words to reach the length: write your own sentences.")
    return problems


def check_text(
    value, words: tuple[int, int], pattern: str, valid: set[str], min_cites: int = 1, groups: dict[str, set[str]] | None = None
) -> CheckResult:
    """A text within ``words`` (low, high) that cites at least ``min_cites`` ids matching ``pattern``, all in ``valid``.

    It must be writing (sentences, not ids and repeated words); with ``groups`` (the ids of
    each text a comparison draws on, by prefix) it must cite every one of them.
    """
    if not isinstance(value, str):
        return result("error", f"expected your text as a string in quotes; got {type(value).__name__}.")
    text = value.strip()
    count = len(_WORD.findall(text))
    cited = list(dict.fromkeys(re.findall(pattern, text)))
    details = []
    low, high = words
    if count < low:
        details.append(f"{count} words; write at least {low}.")
    elif count > high:
        details.append(f"{count} words; cut to at most {high}.")
    details += filler_problems(text, pattern, low)
    bad = [c for c in cited if c not in valid]
    if bad:
        details.append(f"cites {listing(bad)}, which do not exist in this case.")
    good = [c for c in cited if c in valid]
    if len(good) < min_cites:
        details.append(f"cites {plural(len(good), 'existing id')}; cite at least {min_cites} (claim or sentence ids).")
    uncited = [prefix for prefix, ids in (groups or {}).items() if not any(c in ids for c in good)]
    if uncited and len(groups or {}) > 1:
        details.append(f"cites nothing with {listing(uncited)}: a comparison cites both texts.")
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
        groups = {
            prefix: {f"{prefix}{i}" for target in targets for i in ids_at(case, target)}
            for prefix, targets in cites.get("prefixed", {}).items()
        }
        for ids in groups.values():
            valid |= ids
        low, high = ex.get("words", [0, 10**6])
        return {
            "words": (int(low), int(high)),
            "pattern": cites.get("pattern", r"\b\w+\d+\b"),
            "valid": valid,
            "min_cites": int(cites.get("min", 1)),
            "groups": groups,
        }

    def compare(self, value, **spec) -> CheckResult:
        """See :func:`check_text`."""
        return check_text(value, **spec)
